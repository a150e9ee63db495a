/**
 * What a failed apiserver call means, asked by predicate instead of by matching messages:
 * not found, conflict, worth retrying, or no answer at all (network); and clusterError(), the one
 * place that words a failure for the user.
 */
import {MeshError} from '../errors.js';

/** No answer from the apiserver: the connection was refused, reset, timed out or failed TLS. */
export class ConnectionError extends Error {
  /** The socket or TLS error code, e.g. ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  readonly code?: string;

  constructor(
    readonly method: string,
    /** Without credentials: fit for messages. */
    readonly server: string,
    cause: Error & {code?: unknown},
  ) {
    super(cause.message, {cause});
    this.name = 'ConnectionError';
    if (typeof cause.code === 'string') this.code = cause.code;
  }
}

/** Kubernetes API errors reduced to what a user needs: HTTP code, reason and message. */
export interface ApiFailure {
  code?: number;
  reason?: string;
  message: string;
}

export function apiFailure(error: unknown): ApiFailure {
  const e = error as {code?: number; body?: unknown; message?: string} | undefined;
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

/** 404: the object, or its kind (a CRD not installed, an API group not served). */
export function isNotFound(error: unknown): boolean {
  return apiFailure(error).code === 404;
}

/** 409: a server-side apply conflict with another field manager, or an optimistic-lock conflict. */
export function isConflict(error: unknown): boolean {
  return apiFailure(error).code === 409;
}

/** Socket errors worth a retry: the connection broke mid-request, not "nobody is listening". */
const RETRIED_SOCKET_ERRORS = new Set(['ECONNRESET', 'EPIPE']);

/**
 * The apiserver asked to come back later (429, e.g. "storage is (re)initializing" right after a
 * CRD is established; 503 while it starts) or the connection was reset. A refused connection is
 * not transient here: the cluster is down, and the caller says so at once.
 */
export function isTransient(error: unknown): boolean {
  const code = apiFailure(error).code;
  if (code === 429 || code === 503) return true;
  const socket = socketCode(error);
  return socket !== undefined && RETRIED_SOCKET_ERRORS.has(socket);
}

/** Seconds the server asked to wait (Retry-After, or the Status details' retryAfterSeconds). */
export function retryAfterMs(error: unknown): number | undefined {
  const e = error as {retryAfter?: number; body?: {details?: {retryAfterSeconds?: number}}} | undefined;
  const seconds = e?.retryAfter ?? e?.body?.details?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The socket error code (ECONNREFUSED, ECONNRESET, …) anywhere in the cause chain. */
export function socketCode(error: unknown): string | undefined {
  let current = error as {code?: unknown; cause?: unknown} | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && /^E[A-Z]+$/.test(current.code)) return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** `connect ECONNREFUSED 127.0.0.1:6443`: why no answer came; undefined when one did. */
export function networkCause(error: unknown): string | undefined {
  if (error instanceof ConnectionError) return withCode(error.message, error.code);
  // Errors not made by RestClient: a socket code anywhere in the cause chain.
  let current = error as {code?: unknown; cause?: unknown; message?: string} | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && /^E[A-Z]+$/.test(current.code))
      return withCode(current.message ?? '', current.code);
    current = current.cause as typeof current;
  }
  const e = error as {message?: string} | undefined;
  return /socket hang up/i.test(e?.message ?? '') ? (e?.message ?? undefined) : undefined;
}

function withCode(message: string, code: string | undefined): string {
  if (!message) return code ?? 'no answer';
  return code && /^E[A-Z]+$/.test(code) && !message.includes(code) ? `${message} (${code})` : message;
}

const NETWORK_HINT = 'check that the cluster is up and that --kubeconfig/--context name the right one';
const TLS_HINT =
  "check the cluster's certificate-authority and the user's client certificate and key in the kubeconfig";

/**
 * Maps a failed apiserver call to one MeshError, the same words for every command (never
 * credentials). No answer or a rejected credential is about the cluster, not about `action`:
 * `cluster unreachable: <cause> (server <url>)`, `credentials rejected: <message> (server <url>)`.
 * Only a failed write says to re-run: a read left nothing half done.
 */
export function clusterError(error: unknown, action: string): MeshError {
  if (error instanceof MeshError) return error;
  const origin = error as {server?: unknown; method?: unknown} | undefined;
  const at = typeof origin?.server === 'string' ? ` (server ${origin.server})` : '';
  const cause = networkCause(error);
  if (cause) {
    const code = error instanceof ConnectionError ? error.code : undefined;
    const tls = code !== undefined && !/^E[A-Z]+$/.test(code);
    return new MeshError('cluster-unreachable', `cluster unreachable: ${cause}${at}`, {
      hint: tls ? TLS_HINT : NETWORK_HINT,
    });
  }
  const failure = apiFailure(error);
  // A Status message may span lines.
  const message = failure.message.replace(/\s+/g, ' ').trim();
  switch (failure.code) {
    case 401:
      return new MeshError('unauthorized', `credentials rejected: ${message}${at}`, {
        hint: 'your credentials were rejected; refresh them',
      });
    case 403:
      return new MeshError('forbidden', `failed to ${action}: Forbidden: ${message}`, {
        hint: 'ask a cluster admin for the permission named above, or use a context that has it',
      });
    case 409:
      return new MeshError('conflict', `failed to ${action}: Conflict: ${message}`, {
        hint: 'another field manager owns these fields; re-run with --force to take them over',
      });
    case 422:
      return new MeshError('invalid-object', `failed to ${action}: Invalid: ${message}`);
    default: {
      const write = typeof origin?.method === 'string' && origin.method !== 'GET';
      return new MeshError(
        'api-error',
        `failed to ${action}: ${failure.reason ? `${failure.reason}: ` : ''}${message}`,
        write ? {hint: 're-run the command; it converges from any partial state'} : {},
      );
    }
  }
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
