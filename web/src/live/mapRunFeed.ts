// One Map Run, kept up to date: DescribeMapRun now, then again at most once
// every POLL_INTERVAL while the run is RUNNING (its children's progress is in
// no stream the page follows), and on refresh() (the parent's history changed,
// e.g. MapRunSucceeded or MapRunRedriven came: a run that ended may run again).
// Reads never overlap and never come closer together than POLL_INTERVAL.
import { describeMapRun } from '../api/mapRuns';
import type { MapRun } from '../model/mapRun';

export const POLL_INTERVAL = 1000;
const RETRY_INTERVAL = 2000;

export interface MapRunHandlers {
  onRun(run: MapRun): void;
  onError(error: unknown): void;
}

/** What the feed needs from the world: the read and a clock (a test's fakes, or the page's). */
export interface MapRunFeedDeps {
  describe(mapRunArn: string): Promise<MapRun>;
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
}

const pageDeps: MapRunFeedDeps = {
  describe: describeMapRun,
  now: () => Date.now(),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

export interface MapRunFeed {
  /** Read again soon (no sooner than POLL_INTERVAL after the last read began). */
  refresh(): void;
  stop(): void;
  /** The last answer, if any. */
  readonly run: MapRun | undefined;
}

export function followMapRun(mapRunArn: string, handlers: MapRunHandlers, deps: MapRunFeedDeps = pageDeps): MapRunFeed {
  let stopped = false;
  let reading = false;
  let again = false;
  let timer: unknown;
  let lastRead = -Infinity;
  let run: MapRun | undefined;

  const schedule = (earliest: number): void => {
    if (stopped || reading || timer !== undefined) return;
    timer = deps.setTimer(() => {
      timer = undefined;
      void read();
    }, Math.max(0, earliest - deps.now()));
  };

  const read = async (): Promise<void> => {
    if (stopped) return;
    reading = true;
    again = false;
    lastRead = deps.now();
    let failed = false;
    try {
      run = await deps.describe(mapRunArn);
      if (!stopped) handlers.onRun(run);
    } catch (error) {
      failed = true;
      if (!stopped) handlers.onError(error);
    } finally {
      reading = false;
    }
    if (failed) schedule(lastRead + RETRY_INTERVAL);
    else if (again || run?.status === 'RUNNING') schedule(lastRead + POLL_INTERVAL);
  };

  void read();
  return {
    refresh(): void {
      if (reading) again = true;
      else schedule(lastRead + POLL_INTERVAL);
    },
    stop(): void {
      stopped = true;
      if (timer !== undefined) deps.clearTimer(timer);
      timer = undefined;
    },
    get run() {
      return run;
    },
  };
}
