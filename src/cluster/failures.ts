/**
 * What a failed apiserver call means, asked by predicate instead of by matching messages:
 * not found, conflict, worth retrying, or no answer at all (network).
 */

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

/** `ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:6443)`: why no answer came; undefined when one did. */
export function networkCause(error: unknown): string | undefined {
  let current = error as {code?: unknown; cause?: unknown; message?: string} | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string' && /^E[A-Z]+$/.test(current.code))
      return `${current.code}${current.message ? ` (${current.message})` : ''}`;
    current = current.cause as typeof current;
  }
  const e = error as {message?: string} | undefined;
  return /socket hang up/i.test(e?.message ?? '') ? (e?.message ?? undefined) : undefined;
}
