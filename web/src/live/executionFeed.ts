// How an execution's view learns of new events: the one place that talks to
// the server for updates, so a server-sent events stream (/ui/stream) can
// replace the polling without touching the views.
//
// Polling: GetExecutionHistory pages of 1000; the token of the last page is
// kept (its last event id is inside) and asked again every 250 ms while the
// execution runs, so only the newest page is fetched each time. Events
// already seen are dropped by id by the consumer (HistoryModel.add).
import { sfn } from '../api/aws';
import type { ExecutionDescription, HistoryPage } from '../api/types';
import type { HistoryEvent } from '../model/history';

export interface FeedHandlers {
  onEvents(events: HistoryEvent[]): void;
  onDescription(description: ExecutionDescription): void;
  onError(error: unknown): void;
}

export interface Feed {
  stop(): void;
  /** Poll now (after an action such as Stop or SendTaskSuccess). */
  poke(): void;
}

const RUNNING_INTERVAL = 250;
const IDLE_INTERVAL = 2000;

export function followExecution(executionArn: string, handlers: FeedHandlers): Feed {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pageToken: string | undefined; // the token that gave the last (incomplete) page
  let busy = false;

  const tick = async (): Promise<void> => {
    if (stopped || busy) return;
    busy = true;
    let running = true;
    try {
      const description = await sfn<ExecutionDescription>('DescribeExecution', { executionArn });
      if (stopped) return;
      running = description.status === 'RUNNING';
      // Page until the end; keep the token of the last page to ask again.
      for (;;) {
        const page = await sfn<HistoryPage>('GetExecutionHistory', {
          executionArn,
          maxResults: 1000,
          ...(pageToken ? { nextToken: pageToken } : {}),
        });
        if (stopped) return;
        if (page.events.length) handlers.onEvents(page.events);
        if (!page.nextToken) break;
        pageToken = page.nextToken;
      }
      handlers.onDescription(description);
    } catch (error) {
      if (!stopped) handlers.onError(error);
    } finally {
      busy = false;
      if (!stopped) {
        clearTimeout(timer);
        timer = setTimeout(() => void tick(), running ? RUNNING_INTERVAL : IDLE_INTERVAL);
      }
    }
  };
  void tick();
  return {
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
    poke(): void {
      clearTimeout(timer);
      void tick();
    },
  };
}
