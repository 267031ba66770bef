/**
 * Polling: run a task now and again every period, never two at once. A hidden tab stops
 * polling and catches up at once when it is shown again, so a phone in a pocket costs nothing.
 */

export interface Poller {
  /** Runs the task now (after the one in flight) and restarts the period. */
  now(): Promise<void>;
  stop(): void;
}

/**
 * Starts polling `task` every `periodMs`. A failing task is the task's business (it shows a
 * "retrying" note); the poller just goes on.
 *
 * @example const poller = poll(refresh, 30_000); // … poller.stop()
 */
export function poll(task: () => Promise<void>, periodMs: number): Poller {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const schedule = () => {
    clearTimeout(timer);
    if (!stopped && !document.hidden) timer = setTimeout(() => void run(), periodMs);
  };
  const run = async (): Promise<void> => {
    if (stopped) return;
    if (running) await running;
    running = task().catch(() => {});
    await running;
    running = undefined;
    schedule();
  };
  const onVisibility = () => {
    if (document.hidden) clearTimeout(timer);
    else void run();
  };
  document.addEventListener('visibilitychange', onVisibility);
  void run();
  return {
    now: run,
    stop() {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}

/** Default refresh period; `?refresh=SECONDS` (1–600) overrides it, for wall displays and tests. */
export const DEFAULT_REFRESH_MS = 30_000;

/** The refresh period asked for in the page's query string, within bounds. */
export function refreshPeriod(search: string): number {
  const asked = Number(new URLSearchParams(search).get('refresh'));
  if (!Number.isFinite(asked) || asked <= 0) return DEFAULT_REFRESH_MS;
  return Math.min(600, Math.max(1, asked)) * 1000;
}
