/**
 * Plain JSON REST calls to the apiserver, for any kind. The client library's generic object API
 * runs built-in kinds through its typed models, which drop fields they spell differently
 * (a CRD's `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-int-or-string`) and turn
 * timestamps into Dates; mesh applies, reads and compares objects exactly as the server has them.
 * Credentials come from the kubeconfig through the library (certificates, tokens, exec plugins)
 * and never leave the request.
 */
import {
  Agent as HttpsAgent,
  request as httpsRequest,
  type AgentOptions,
  type RequestOptions,
} from 'node:https';
import {request as httpRequest} from 'node:http';
import type {KubeConfig} from '@kubernetes/client-node';
import {kindInfo, type K8sObject} from './kinds.js';

/** An HTTP error from the apiserver, shaped as apiFailure() reads it: `code` and the Status `body`. */
export class RestError extends Error {
  constructor(
    readonly code: number,
    readonly body: unknown,
  ) {
    super(
      typeof body === 'object' && body && 'message' in body
        ? String((body as {message: unknown}).message)
        : `HTTP ${code}`,
    );
    this.name = 'RestError';
  }
}

export interface RestRequest {
  method: 'GET' | 'PATCH' | 'DELETE' | 'POST';
  path: string;
  query?: {[key: string]: string | undefined};
  body?: unknown;
  contentType?: string;
}

export class RestClient {
  private readonly discovery = new Map<
    string,
    Promise<{name: string; kind: string; namespaced: boolean}[]>
  >();
  /** Requests sent by every client of this process (watch streams are not made here); the bench reports it. */
  static requests = 0;
  /**
   * When set, each finished request is appended as `METHOD /path [(by label)] STATUS` (STATUS is
   * `error` when no response came): the bench and tests read what was asked and answered.
   */
  static journal?: string[];
  /** One keep-alive connection pool per client: a TLS handshake per request would dominate a no-op install. */
  private agent?: HttpsAgent;

  constructor(
    private readonly config: KubeConfig,
    private readonly server: string,
  ) {}

  async send<T = unknown>(req: RestRequest): Promise<T> {
    return (await this.exchange<T>(req)).body;
  }

  /** Like send, with the HTTP status (a server-side apply answers 201 when it created the object). */
  async exchange<T = unknown>(req: RestRequest): Promise<{status: number; body: T}> {
    const url = new URL(`${this.server.replace(/\/$/, '')}${req.path}`);
    for (const [key, value] of Object.entries(req.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const options: RequestOptions = {method: req.method, headers: {Accept: 'application/json'}};
    await this.config.applyToHTTPSOptions(options);
    if (options.agent instanceof HttpsAgent) {
      this.agent ??= new HttpsAgent({
        ...(options.agent as HttpsAgent & {options: AgentOptions}).options,
        keepAlive: true,
      });
      options.agent = this.agent;
    }
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
        response.on('error', reject);
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
          else reject(new RestError(status, parsed));
        });
      });
      call.on('error', (error) => {
        record('error');
        reject(error);
      });
      if (payload !== undefined) call.write(payload);
      call.end();
    });
  }

  /** The resource (plural) and scope of a kind: mesh's kind table first, then API discovery (cached). */
  async resourceOf(apiVersion: string, kind: string): Promise<{plural: string; namespaced: boolean}> {
    const known = kindInfo(kind);
    if (known && known.apiVersion.split('/')[0] === apiVersion.split('/')[0])
      return {plural: known.plural, namespaced: known.namespaced};
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    if (!this.discovery.has(path)) {
      const listing = this.send<{resources?: {name: string; kind: string; namespaced: boolean}[]}>({
        method: 'GET',
        path,
      }).then((r) => r.resources ?? []);
      listing.catch(() => this.discovery.delete(path)); // a CRD may appear later: do not cache failures
      this.discovery.set(path, listing);
    }
    const resource = (await this.discovery.get(path)!).find((r) => r.kind === kind && !r.name.includes('/'));
    if (!resource)
      throw new RestError(404, {
        reason: 'NotFound',
        message: `the server does not serve ${kind} in ${apiVersion}`,
      });
    return {plural: resource.name, namespaced: resource.namespaced};
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
