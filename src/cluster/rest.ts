/**
 * Plain JSON REST calls to the apiserver, for any kind. The client library's generic object API
 * runs built-in kinds through its typed models, which drop fields they spell differently
 * (a CRD's `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string`) and turn
 * timestamps into Dates; mesh applies, reads and compares objects exactly as the server has them.
 * This is the only way mesh reaches the apiserver (reads, writes and watches), so every call
 * shares one retry path and one timeout. Credentials come from the kubeconfig through the library
 * (certificates, tokens) and from credentials.ts (exec plugins), and never leave the request.
 */
import {
  Agent as HttpsAgent,
  request as httpsRequest,
  type AgentOptions,
  type RequestOptions,
} from 'node:https';
import {request as httpRequest, STATUS_CODES} from 'node:http';
import {setTimeout as delay} from 'node:timers/promises';
import type {KubeConfig} from '@kubernetes/client-node';
import {MeshError} from '../errors.js';
import {ConnectionError, isTransient, retryAfterMs, withoutCredentials} from './failures.js';
import {timeoutSignal} from './timeout.js';
import {kindInfo, type K8sObject} from './kinds.js';

/** An HTTP error from the apiserver, shaped as apiFailure() reads it: `code` and the Status `body`. */
export class RestError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
    /** Seconds, from the Retry-After header. */
    readonly retryAfter?: number,
    /** The request's method and server (without credentials): clusterError() words the failure with them. */
    readonly method?: string,
    readonly server?: string,
  ) {
    super(
      typeof body === 'object' && body && 'message' in body
        ? String((body as {message: unknown}).message)
        : (STATUS_CODES[code] ?? `HTTP ${code}`),
    );
    this.name = 'RestError';
  }
}

export interface RestRequest {
  method: 'GET' | 'PATCH' | 'DELETE' | 'POST' | 'PUT';
  path: string;
  query?: {[key: string]: string | undefined};
  body?: unknown;
  contentType?: string;
  /** Stops the request (and its retries). */
  signal?: AbortSignal;
  /** How long one attempt may wait for its answer; default REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** One request waits this long for its answer. */
const REQUEST_TIMEOUT_MS = 60_000;
/** Transient failures (429, 503, connection reset) are retried for at most this long in all. */
const RETRY_BUDGET_MS = 30_000;

/** Adds credentials to a request that the library's KubeConfig does not (exec plugins: credentials.ts). */
export type Authenticate = (options: RequestOptions) => Promise<void>;

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: K8sObject;
}

export class RestClient {
  private readonly discovery = new Map<
    string,
    Promise<{name: string; kind: string; namespaced: boolean}[]>
  >();
  /** Requests sent by every client of this process (watch streams are not counted); the bench reports it. */
  static requests = 0;
  /**
   * When set, each finished request is appended as `METHOD /path [(by label)] STATUS` (STATUS is
   * `error` when no response came): the bench and tests read what was asked and answered.
   */
  static journal?: string[];
  /** One keep-alive connection pool per client: a TLS handshake per request would dominate a no-op install. */
  private agent?: HttpsAgent;
  /** The exec plugin's cert and key the pool's connections were made with. */
  private agentCredential?: unknown[];

  /** The server without credentials, for errors. */
  private readonly shown: string;

  constructor(
    private readonly config: KubeConfig,
    private readonly server: string,
    private readonly authenticate: Authenticate = async () => {},
  ) {
    this.shown = withoutCredentials(server);
  }

  async send<T = unknown>(req: RestRequest): Promise<T> {
    return (await this.exchange<T>(req)).body;
  }

  /**
   * Like send, with the HTTP status (a server-side apply answers 201 when it created the object).
   * Every call goes through the one retry path: 429 (after its Retry-After), 503 and a reset
   * connection are retried with backoff within RETRY_BUDGET_MS; anything else fails at once.
   */
  async exchange<T = unknown>(req: RestRequest): Promise<{status: number; body: T}> {
    const deadline = Date.now() + RETRY_BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(req);
      } catch (error) {
        const wait = Math.max(retryAfterMs(error) ?? 0, Math.min(100 * 2 ** attempt, 2000));
        if (!isTransient(error) || req.signal?.aborted || Date.now() + wait > deadline) throw error;
        await delay(wait, undefined, {signal: req.signal}).catch(() => undefined);
      }
    }
  }

  private async requestOptions(method: string, signal?: AbortSignal): Promise<RequestOptions> {
    const options: RequestOptions = {method, headers: {Accept: 'application/json'}, signal};
    // Exec credentials first: the library copies the request's cert and key into the TLS options
    // of the agent it makes, and an agent's options override the request's.
    await this.authenticate(options);
    const credential = [options.cert, options.key];
    try {
      await this.config.applyToHTTPSOptions(options);
    } catch (error) {
      // A file it names is missing, or an http:// server without insecure-skip-tls-verify.
      throw new MeshError(
        'kubeconfig-unusable',
        `cannot use the kubeconfig for server ${this.shown}: ${(error as Error).message}`,
        {hint: 'fix the cluster and user of the context in the kubeconfig'},
      );
    }
    if (options.agent instanceof HttpsAgent) {
      // A renewed plugin certificate needs new connections: the pool's sockets carry the old one.
      if (!this.agent || this.agentCredential?.some((part, i) => part !== credential[i])) {
        this.agent = new HttpsAgent({
          ...(options.agent as HttpsAgent & {options: AgentOptions}).options,
          keepAlive: true,
        });
        this.agentCredential = credential;
      }
      options.agent = this.agent;
    }
    return options;
  }

  private url(req: Pick<RestRequest, 'path' | 'query'>): URL {
    const url = new URL(`${this.server.replace(/\/$/, '')}${req.path}`);
    for (const [key, value] of Object.entries(req.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    return url;
  }

  private async once<T>(req: RestRequest): Promise<{status: number; body: T}> {
    const url = this.url(req);
    const timeoutMs = req.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const timeout = timeoutSignal(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const options = await this.requestOptions(req.method, signal);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (payload !== undefined)
      options.headers = {
        ...options.headers,
        'Content-Type': req.contentType ?? 'application/json',
        'Content-Length': Buffer.byteLength(payload),
      };
    RestClient.requests++;
    const record = (status: number | 'error') =>
      RestClient.journal?.push(
        `${req.method} ${url.pathname}${req.query?.labelSelector ? ' (by label)' : ''} ${status}`,
      );
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<{status: number; body: T}>((resolve, reject) => {
      const call = send(url, options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(this.failed(req.method, error, req.signal)));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text as the body
          }
          const status = response.statusCode ?? 0;
          record(status);
          if (status >= 200 && status < 300) resolve({status, body: parsed as T});
          else {
            const retryAfter = Number(response.headers['retry-after']);
            const after = Number.isFinite(retryAfter) ? retryAfter : undefined;
            reject(new RestError(status, parsed, after, req.method, this.shown));
          }
        });
      });
      call.on('error', (error) => {
        record('error');
        // The timeout aborts the socket (nothing keeps running); say what timed out, not "aborted".
        if (timeout.aborted && !req.signal?.aborted)
          reject(
            new ConnectionError(
              req.method,
              this.shown,
              Object.assign(new Error(`${req.method} ${url.pathname} timed out after ${timeoutMs / 1000}s`), {
                code: 'ETIMEDOUT',
              }),
            ),
          );
        else reject(this.failed(req.method, error, req.signal));
      });
      if (payload !== undefined) call.write(payload);
      call.end();
    });
  }

  /**
   * Watches a collection: calls `onEvent` per event until the server ends the stream (resolves),
   * the connection fails (rejects), or `signal` aborts (resolves). `onOpen` runs once the server
   * has accepted the watch: the caller learns the cluster answers again.
   */
  async watch(
    path: string,
    query: {[key: string]: string | undefined},
    onEvent: (event: WatchEvent) => void,
    options: {signal: AbortSignal; onOpen?: () => void},
  ): Promise<void> {
    const url = this.url({path, query: {...query, watch: 'true', allowWatchBookmarks: 'true'}});
    const requestOptions = await this.requestOptions('GET', options.signal);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    await new Promise<void>((resolve, reject) => {
      const call = send(url, requestOptions, (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            let body: unknown = Buffer.concat(chunks).toString('utf8');
            try {
              body = JSON.parse(body as string);
            } catch {
              // keep the text
            }
            reject(new RestError(status, body, undefined, 'GET', this.shown));
          });
          return;
        }
        options.onOpen?.();
        let buffered = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
            const line = buffered.slice(0, end).trim();
            buffered = buffered.slice(end + 1);
            if (line) onEvent(JSON.parse(line) as WatchEvent);
          }
        });
        response.on('end', () => resolve());
        response.on('error', (error) =>
          options.signal.aborted ? resolve() : reject(this.failed('GET', error)),
        );
      });
      call.on('error', (error) => (options.signal.aborted ? resolve() : reject(this.failed('GET', error))));
      call.end();
    });
  }

  /** A connection that gave no answer, unless the caller stopped it (then its own abort error). */
  private failed(method: string, error: Error, signal?: AbortSignal): Error {
    return signal?.aborted ? error : new ConnectionError(method, this.shown, error);
  }

  /** The resource (plural) and scope of a kind: mesh's kind table first, then API discovery (cached). */
  async resourceOf(apiVersion: string, kind: string): Promise<{plural: string; namespaced: boolean}> {
    const known = kindInfo(kind);
    if (known && known.apiVersion.split('/')[0] === apiVersion.split('/')[0])
      return {plural: known.plural, namespaced: known.namespaced};
    const resource = await this.served(apiVersion, kind);
    if (!resource)
      throw new RestError(404, {
        reason: 'NotFound',
        message: `the server does not serve ${kind} in ${apiVersion}`,
      });
    return {plural: resource.name, namespaced: resource.namespaced};
  }

  /** Whether the server serves a kind (asks API discovery, also for kinds in mesh's table); 404s are false. */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.served(apiVersion, kind)) !== undefined;
    } catch (error) {
      if (error instanceof RestError && error.code === 404) return false;
      throw error;
    }
  }

  /** The kind's resource in its group version's discovery (not a subresource such as `deployments/scale`). */
  private async served(apiVersion: string, kind: string) {
    return (await this.discover(apiVersion)).find((r) => r.kind === kind && !r.name.includes('/'));
  }

  /** The resources of one group version (API discovery, cached; failures are not: a CRD may appear later). */
  private discover(apiVersion: string): Promise<{name: string; kind: string; namespaced: boolean}[]> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    if (!this.discovery.has(path)) {
      const listing = this.send<{resources?: {name: string; kind: string; namespaced: boolean}[]}>({
        method: 'GET',
        path,
      }).then((r) => r.resources ?? []);
      listing.catch(() => this.discovery.delete(path));
      this.discovery.set(path, listing);
    }
    return this.discovery.get(path)!;
  }

  /** Path of one object, or of its collection when `name` is omitted. */
  async pathOf(
    object: Pick<K8sObject, 'apiVersion' | 'kind'> & {metadata: {name?: string; namespace?: string}},
    withName = true,
  ): Promise<string> {
    const {plural, namespaced} = await this.resourceOf(object.apiVersion, object.kind);
    const prefix = object.apiVersion.includes('/')
      ? `/apis/${object.apiVersion}`
      : `/api/${object.apiVersion}`;
    const ns =
      namespaced && object.metadata.namespace
        ? `/namespaces/${encodeURIComponent(object.metadata.namespace)}`
        : '';
    const name = withName && object.metadata.name ? `/${encodeURIComponent(object.metadata.name)}` : '';
    return `${prefix}${ns}/${plural}${name}`;
  }
}
