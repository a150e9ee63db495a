/**
 * Node's timers hold at most 2^31-1 ms (about 24.8 days): a longer AbortSignal.timeout warns
 * (TimeoutOverflowWarning) and fires after 1 ms, and timers/promises' delay throws. User
 * durations (--readiness-timeout 600h) go through here instead.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** AbortSignal.timeout for any duration: a longer one re-arms in steps of MAX_TIMER_MS. */
export function timeoutSignal(ms: number): AbortSignal {
  if (ms <= MAX_TIMER_MS) return AbortSignal.timeout(Math.max(ms, 0));
  const controller = new AbortController();
  const end = Date.now() + ms;
  const arm = () => {
    const left = end - Date.now();
    if (left <= 0)
      controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    // Unref'd, as AbortSignal.timeout's own timer is: the deadline alone keeps no process alive.
    else setTimeout(arm, Math.min(left, MAX_TIMER_MS)).unref();
  };
  arm();
  return controller.signal;
}
