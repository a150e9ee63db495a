/**
 * The one place that loads a kubeconfig and builds Kubernetes clients.
 * @kubernetes/client-node costs ~300 ms to import, so it is loaded lazily here and
 * nowhere else; the rest of src/ only imports its types.
 */
import type * as k8s from '@kubernetes/client-node';
import {MeshError} from '../errors.js';
import {RestClient} from './rest.js';

export interface ClusterOptions {
  /** --kubeconfig; falls back to $KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  /** --context; falls back to the kubeconfig's current-context. */
  context?: string;
}

export interface Cluster {
  lib: typeof k8s;
  config: k8s.KubeConfig;
  /** Generic client for any kind (server-side apply, get, list, delete). */
  objects: k8s.KubernetesObjectApi;
  /** Plain JSON REST for any kind: objects exactly as the server has them (apply, read, list, delete). */
  rest: RestClient;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  /** Context name and server URL, for messages (never credentials). */
  contextName: string;
  server: string;
}

export async function connect(options: ClusterOptions = {}): Promise<Cluster> {
  const lib = await import('@kubernetes/client-node');
  const config = new lib.KubeConfig();
  // Without --kubeconfig the library reads $KUBECONFIG (every file of the list, merged, as kubectl does), else ~/.kube/config.
  const source = options.kubeconfig ?? (process.env.KUBECONFIG || '~/.kube/config');
  try {
    if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
    else config.loadFromDefault();
  } catch (error) {
    throw new MeshError('kubeconfig-unreadable', `cannot load kubeconfig ${source}: ${loadFailure(error)}`, {
      hint: 'pass --kubeconfig <file> or set KUBECONFIG',
    });
  }
  if (options.context) {
    if (!config.getContexts().some((c) => c.name === options.context)) {
      const known =
        config
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new MeshError(
        'unknown-context',
        `context "${options.context}" not found in kubeconfig (contexts: ${known})`,
        {
          hint: 'list contexts with: kubectl config get-contexts',
        },
      );
    }
    config.setCurrentContext(options.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) {
    throw new MeshError('no-cluster', 'the kubeconfig has no current cluster', {
      hint: 'pass --context or --kubeconfig',
    });
  }
  return {
    lib,
    config,
    objects: lib.KubernetesObjectApi.makeApiClient(config),
    rest: new RestClient(config, cluster.server),
    core: config.makeApiClient(lib.CoreV1Api),
    apps: config.makeApiClient(lib.AppsV1Api),
    contextName: config.getCurrentContext(),
    server: withoutCredentials(cluster.server),
  };
}

/**
 * Why a kubeconfig did not load, without quoting it: parser messages carry a snippet of the
 * file, and the file holds tokens and keys.
 */
function loadFailure(error: unknown): string {
  const e = error as {
    code?: unknown;
    reason?: string;
    mark?: {line: number; column: number};
    name?: string;
    message?: string;
  };
  if (typeof e?.code === 'string' && e.message) return e.message; // file system errors name only the path
  if (e?.name === 'YAMLException') {
    const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    return `invalid YAML${where}${e.reason ? `: ${e.reason}` : ''}`;
  }
  return 'not a valid kubeconfig (check it with: kubectl config view)';
}

/** A server URL fit for messages: any user and password in it removed. */
export function withoutCredentials(server: string): string {
  try {
    const url = new URL(server);
    if (!url.username && !url.password) return server;
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, server.endsWith('/') ? '/' : '');
  } catch {
    return server.replace(/\/\/[^/@]*@/, '//');
  }
}

/** Kubernetes API errors reduced to what a user needs: HTTP code, reason and message. */
export interface ApiFailure {
  code?: number;
  reason?: string;
  message: string;
}

export function apiFailure(error: unknown): ApiFailure {
  const e = error as {code?: number; body?: unknown; message?: string; cause?: {code?: string}};
  let body: {reason?: string; message?: string} | undefined;
  if (typeof e?.body === 'string') {
    try {
      body = JSON.parse(e.body) as typeof body;
    } catch {
      body = {message: e.body};
    }
  } else if (e?.body && typeof e.body === 'object') {
    body = e.body as typeof body;
  }
  const message = body?.message ?? e?.message ?? String(error);
  return {code: typeof e?.code === 'number' ? e.code : undefined, reason: body?.reason, message};
}

/** Returns undefined for 404, rethrows anything else. */
export async function nullIfNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (apiFailure(error).code === 404) return undefined;
    throw error;
  }
}

/**
 * Retries a request the apiserver asked to retry: 429 (e.g. "storage is (re)initializing" right
 * after a CRD is established) and 503, with a short backoff. Anything else fails at once.
 */
export async function retryTransient<T>(request: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const code = apiFailure(error).code;
      if ((code !== 429 && code !== 503) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 2000)));
    }
  }
}
