/**
 * Deadlines for requests and waits. Not AbortSignal.timeout, for two reasons:
 * - Node holds that signal's timer weakly, and a signal that only AbortSignal.any refers to can be
 *   collected before it fires (nodejs/node#57736): the wait then never ends at its deadline.
 * - Node's timers hold at most 2^31-1 ms (about 24.8 days): a longer AbortSignal.timeout warns
 *   (TimeoutOverflowWarning) and fires after 1 ms. User durations (--readiness-timeout 600h) are longer.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A signal that aborts with a TimeoutError after `ms`. Its pending timer holds the controller, so
 * the deadline fires however the signal is referenced; the timer is unref'd, as AbortSignal.timeout's
 * is, so the deadline alone keeps no process alive. Longer waits re-arm in steps of MAX_TIMER_MS.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  const end = Date.now() + Math.max(ms, 0);
  const arm = (after: number) => setTimeout(fire, Math.min(Math.max(after, 0), MAX_TIMER_MS)).unref();
  const fire = () => {
    const left = end - Date.now();
    if (left > 0) arm(left);
    else controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  };
  arm(ms);
  return controller.signal;
}
