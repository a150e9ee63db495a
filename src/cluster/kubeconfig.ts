/**
 * Finds and reads the kubeconfig as kubectl does: --kubeconfig, else every file of $KUBECONFIG
 * that exists (missing ones skipped; the first file to name a cluster, user, context or
 * current-context wins), else ~/.kube/config, else the in-cluster service account. No kubeconfig
 * at all is an error, never an implicit http://localhost:8080.
 */
import {existsSync} from 'node:fs';
import {homedir} from 'node:os';
import {delimiter, dirname, isAbsolute, join, resolve, sep} from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import {MeshError} from '../errors.js';
import type {ExecConfig} from './credentials.js';

export interface KubeconfigOptions {
  /** --kubeconfig; falls back to $KUBECONFIG, then ~/.kube/config. */
  kubeconfig?: string;
  /** --context; falls back to the kubeconfig's current-context. */
  context?: string;
}

export interface LoadedKubeconfig {
  /** Exec credentials removed from the chosen user: mesh runs the plugin itself (credentials.ts). */
  config: k8s.KubeConfig;
  contextName: string;
  server: string;
  /** The context's namespace, else `default` (what kubectl uses). */
  namespace: string;
  exec?: ExecConfig;
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function loadKubeconfig(lib: typeof k8s, options: KubeconfigOptions): LoadedKubeconfig {
  const config = new lib.KubeConfig();
  const files = kubeconfigFiles(options);
  if (files.length === 0 && process.env.KUBERNETES_SERVICE_HOST && existsSync(IN_CLUSTER_TOKEN)) {
    config.loadFromCluster();
  } else if (files.length === 0) {
    const named = (process.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
    throw new MeshError(
      'no-kubeconfig',
      named.length && !options.kubeconfig
        ? `no kubeconfig: no file KUBECONFIG names exists (${named.join(', ')})`
        : 'no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config',
      named.length && !options.kubeconfig ? {hint: 'fix KUBECONFIG, or pass --kubeconfig'} : {},
    );
  } else {
    const loaded = files.map((file) => {
      const one = new lib.KubeConfig();
      try {
        one.loadFromFile(file);
      } catch (error) {
        throw new MeshError(
          'kubeconfig-unreadable',
          `cannot load kubeconfig ${file}: ${loadFailure(error)}`,
          {
            hint: 'pass --kubeconfig <file> or set KUBECONFIG',
          },
        );
      }
      one.users = one.users.map((user) => withPluginPath(user, file));
      return one;
    });
    config.loadFromOptions(merged(loaded));
  }
  const contextName = chooseContext(config, options.context);
  const context = config.getContextObject(contextName)!;
  const cluster = config.getCluster(context.cluster);
  if (!cluster) {
    throw new MeshError(
      'no-cluster',
      `context "${contextName}" names cluster "${context.cluster}", which the kubeconfig does not define`,
      {hint: 'fix the context with: kubectl config set-context, or pass another --context'},
    );
  }
  const user = context.user ? config.getUser(context.user) : null;
  // kubectl refuses a context whose user is not defined; going on would be anonymous, and fail obscurely.
  if (context.user && !user)
    throw new MeshError(
      'no-user',
      `context "${contextName}" names user "${context.user}", which the kubeconfig does not define`,
      {hint: 'fix the context with: kubectl config set-context, or pass another --context'},
    );
  const exec = (user?.exec as ExecConfig | undefined) ?? undefined;
  if (user && exec) config.users = config.users.map((u) => (u === user ? {...u, exec: undefined} : u));
  return {config, contextName, server: cluster.server, namespace: context.namespace || 'default', exec};
}

/**
 * client-go's rule: an exec command with a path separator that is not absolute is relative to the
 * kubeconfig file that names it; a bare name is looked up in PATH.
 */
function withPluginPath(user: k8s.User, file: string): k8s.User {
  const exec = user.exec as ExecConfig | undefined;
  if (!exec?.command || isAbsolute(exec.command) || !exec.command.includes(sep)) return user;
  return {...user, exec: {...exec, command: resolve(dirname(file), exec.command)}};
}

function kubeconfigFiles(options: KubeconfigOptions): string[] {
  if (options.kubeconfig) return [options.kubeconfig]; // named explicitly: a missing file is an error
  const fromEnv = process.env.KUBECONFIG;
  if (fromEnv) return [...new Set(fromEnv.split(delimiter).filter((file) => file && existsSync(file)))];
  const home = join(homedir(), '.kube', 'config');
  return existsSync(home) ? [home] : [];
}

/** kubectl's merge: the first file to define a name (or a current-context) wins. */
function merged(configs: k8s.KubeConfig[]) {
  const firstByName = <T extends {name: string}>(lists: T[][]) => {
    const byName = new Map<string, T>();
    for (const item of lists.flat()) if (!byName.has(item.name)) byName.set(item.name, item);
    return [...byName.values()];
  };
  return {
    clusters: firstByName(configs.map((c) => c.clusters)),
    users: firstByName(configs.map((c) => c.users)),
    contexts: firstByName(configs.map((c) => c.contexts)),
    currentContext: configs.map((c) => c.currentContext).find(Boolean) ?? '',
  };
}

function chooseContext(config: k8s.KubeConfig, wanted: string | undefined): string {
  const names = config.getContexts().map((c) => c.name);
  const known = names.join(', ') || 'none';
  if (wanted) {
    if (!names.includes(wanted))
      throw new MeshError(
        'unknown-context',
        `context "${wanted}" not found in kubeconfig (contexts: ${known})`,
        {
          hint: 'list contexts with: kubectl config get-contexts',
        },
      );
    config.setCurrentContext(wanted);
    return wanted;
  }
  const current = config.getCurrentContext();
  if (!current)
    throw new MeshError('no-context', `the kubeconfig sets no current-context (contexts: ${known})`, {
      hint: 'pass --context, or pick one with: kubectl config use-context <name>',
    });
  if (!names.includes(current))
    throw new MeshError(
      'unknown-context',
      `current-context "${current}" not found in kubeconfig (contexts: ${known})`,
      {hint: 'pass --context, or pick one with: kubectl config use-context <name>'},
    );
  return current;
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
