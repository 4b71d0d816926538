// How the views learn of what happens: the one place that talks to the server
// for updates.
//
// Server-sent events (GET /ui/stream, src/api/ui/live_feed.h), one EventSource
// per view (the router mounts one view at a time, and browsers allow six
// connections per origin):
//   - followExecution: /ui/stream?executionArn=ARN. After each `ready` (the
//     first one, and again after EventSource reconnects) the history is read
//     with GetExecutionHistory from the last page read, the next page asked for
//     while the last one is passed on (a finished execution's first read goes
//     from both ends at once, reverseOrder); `history` messages that
//     come meanwhile are held, then merged: ids already shown are skipped
//     (HistoryMerge). An `execution` message (a status change) reads
//     DescribeExecution again.
//   - followExecutions: /ui/stream. After each `ready` ListExecutions is read;
//     `execution` messages then update that list item by item.
// When EventSource is missing, the server refuses the stream, or it fails
// STREAM_ERRORS times in a row without a `ready`, the feed falls back to
// polling: GetExecutionHistory pages of 1000, the token of the last page kept
// (its last event id is inside) and asked again every 250 ms while the
// execution runs; ListExecutions every second. A read that fails while the
// stream works is tried again after 2 s.
import { sfn } from '../api/aws';
import type { ExecutionDescription, ExecutionListItem, HistoryPage } from '../api/types';
import type { HistoryEvent } from '../model/history';
import { readPause, type Pause, type PauseId } from '../model/pauses';
import { listReader } from './listReader';

export interface FeedHandlers {
  /** New events, in id order, each id once. */
  onEvents(events: HistoryEvent[]): void;
  /**
   * The execution's description, after each batch of events too (the view renders then);
   * the first time also as soon as it is read, before the history's pages.
   */
  onDescription(description: ExecutionDescription): void;
  onError(error: unknown): void;
  /** The execution paused at a breakpoint (the stream's `pause`), or resumed (`resume`). */
  onPause?(pause: Pause): void;
  onResume?(pauseId: PauseId): void;
}

export interface Feed {
  stop(): void;
  /** Read again now (after an action such as Stop or SendTaskSuccess). */
  poke(): void;
  /** 'stream' while the server-sent events work, 'polling' after the fallback. */
  readonly mode: 'stream' | 'polling';
}

export const STREAM_PATH = '/ui/stream';
const RUNNING_INTERVAL = 250;
const IDLE_INTERVAL = 2000;
const LIST_INTERVAL = 1000;
/** Errors in a row (no `ready` between them) before giving up on the stream. */
export const STREAM_ERRORS = 3;

/**
 * Which history events are new, whichever way they come: reads
 * (GetExecutionHistory) and stream messages overlap around each `ready`.
 * Ids run 1, 2, 3… without gaps; an event is passed on once, in order.
 */
export class HistoryMerge {
  /** The highest id passed on. */
  lastId = 0;
  private reading = false;
  private held: HistoryEvent[] = [];

  /** A read starts: stream messages are held until endRead. */
  beginRead(): void {
    this.reading = true;
  }

  /** The read's events (any number of pages): the new ones. */
  fromRead(events: readonly HistoryEvent[]): HistoryEvent[] {
    return this.take(events, true).events;
  }

  /**
   * The read is over: the held stream events that are new. `gap` when the
   * first of them is past the next id (events were lost: read again).
   */
  endRead(): { events: HistoryEvent[]; gap: boolean } {
    this.reading = false;
    const held = this.held;
    this.held = [];
    return this.take(held, false);
  }

  /** A `history` message: its new events, or none while a read runs (held). */
  fromStream(events: readonly HistoryEvent[]): { events: HistoryEvent[]; gap: boolean } {
    if (this.reading) {
      this.held.push(...events);
      return { events: [], gap: false };
    }
    return this.take(events, false);
  }

  private take(events: readonly HistoryEvent[], trusted: boolean): { events: HistoryEvent[]; gap: boolean } {
    const out: HistoryEvent[] = [];
    let gap = false;
    for (const e of [...events].sort((a, b) => a.id - b.id)) {
      if (e.id <= this.lastId) continue; // already shown (or a repeat)
      if (e.id !== this.lastId + 1 && !trusted) {
        gap = true; // the next read brings the missing ones and these again
        break;
      }
      out.push(e);
      this.lastId = e.id;
    }
    return { events: out, gap };
  }
}

/** The shape of EventSource the feed uses (the browser's, or a test's). */
interface StreamSource {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: { data?: string }) => void): void;
  close(): void;
}
type StreamSourceClass = new (url: string) => StreamSource;
const CLOSED = 2;

function streamClass(): StreamSourceClass | undefined {
  return (globalThis as { EventSource?: StreamSourceClass }).EventSource;
}

export type StreamMessage = 'execution' | 'history' | 'pause' | 'resume' | 'bus';

/**
 * Opens an EventSource and counts its failures: onFallback (once) when the
 * server refuses it or it fails STREAM_ERRORS times without a `ready`.
 */
export function openStream(
  url: string,
  on: { ready(): void; message(type: StreamMessage, data: unknown): void; fallback(): void },
): { close(): void } | undefined {
  const Source = streamClass();
  if (!Source) return undefined;
  let source: StreamSource;
  try {
    source = new Source(url);
  } catch {
    return undefined;
  }
  let errors = 0;
  let closed = false;
  const close = (): void => {
    closed = true;
    source.close();
  };
  source.addEventListener('ready', () => {
    if (closed) return;
    errors = 0;
    on.ready();
  });
  for (const type of ['execution', 'history', 'pause', 'resume', 'bus'] as const) {
    source.addEventListener(type, (event) => {
      if (closed) return;
      let data: unknown;
      try {
        data = JSON.parse(event.data ?? '');
      } catch {
        return; // not ours
      }
      on.message(type, data);
    });
  }
  source.addEventListener('error', () => {
    if (closed) return;
    errors++;
    if (source.readyState === CLOSED || errors >= STREAM_ERRORS) {
      close();
      on.fallback();
    }
  });
  return { close };
}

const streamUrl = (executionArn?: string): string =>
  executionArn ? `${STREAM_PATH}?executionArn=${encodeURIComponent(executionArn)}` : STREAM_PATH;

/** A `pause` or `resume` message for one execution, passed to the handlers (a malformed one is an error). */
export function debugMessage(
  type: StreamMessage,
  data: unknown,
  executionArn: string | undefined,
  on: { onPause?(pause: Pause, executionArn: string): void; onResume?(pauseId: PauseId, executionArn: string): void; onError(error: unknown): void },
): void {
  if (type !== 'pause' && type !== 'resume') return;
  const m = (data ?? {}) as { executionArn?: unknown; pause?: unknown; pauseId?: unknown };
  if (typeof m.executionArn !== 'string' || (executionArn !== undefined && m.executionArn !== executionArn)) return;
  try {
    if (type === 'pause') on.onPause?.(readPause(m.pause, 'the stream\'s pause message: pause'), m.executionArn);
    else if (typeof m.pauseId === 'string' || typeof m.pauseId === 'number') on.onResume?.(m.pauseId, m.executionArn);
    else throw new Error('the stream\'s resume message: pauseId: expected a string');
  } catch (error) {
    on.onError(error);
  }
}

export function followExecution(executionArn: string, handlers: FeedHandlers): Feed {
  let stopped = false;
  let mode: 'stream' | 'polling' = 'stream';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pageToken: string | undefined; // the token that gave the last (incomplete) page
  let busy = false;
  let again = false; // a read was asked for while one ran
  let description: ExecutionDescription | undefined;
  const merge = new HistoryMerge();

  const deliver = (events: HistoryEvent[]): void => {
    if (events.length) handlers.onEvents(events);
  };

  const historyPage = (nextToken: string | undefined, reverseOrder = false): Promise<HistoryPage> =>
    sfn<HistoryPage>('GetExecutionHistory', {
      executionArn,
      maxResults: 1000,
      ...(reverseOrder ? { reverseOrder } : {}),
      ...(nextToken ? { nextToken } : {}),
    });

  // The pages after `page`, in order; the next one is on its way while this one is passed on.
  const readForward = async (page: HistoryPage): Promise<void> => {
    for (;;) {
      const next = page.nextToken ? historyPage(page.nextToken) : undefined;
      next?.catch(() => {}); // awaited below; a failure is handled there
      deliver(merge.fromRead(page.events));
      if (!next) return;
      pageToken = page.nextToken;
      page = await next;
      if (stopped) return;
    }
  };

  // A finished execution's whole history (it grows no more): read from its first page and,
  // at the same time, from its last backwards (reverseOrder), until the two meet: half the
  // round trips one after the other. A later read (a reconnect, a redrive) goes on from the
  // forward token reached, part way: the events it reads again are skipped.
  const readFromBothEnds = async (first: HistoryPage): Promise<void> => {
    let forwardLast = 0; // the highest id read going forwards
    let backwardFirst = Infinity; // the lowest id read going backwards
    const apart = (): boolean => forwardLast + 1 < backwardFirst;
    const fromEnd: HistoryEvent[] = [];
    const forward = async (): Promise<void> => {
      let page = first;
      for (;;) {
        for (const e of page.events) forwardLast = Math.max(forwardLast, e.id);
        deliver(merge.fromRead(page.events));
        if (!page.nextToken || !apart()) return;
        pageToken = page.nextToken;
        page = await historyPage(page.nextToken);
        if (stopped) return;
      }
    };
    const backward = async (): Promise<void> => {
      let token: string | undefined;
      do {
        const page = await historyPage(token, true);
        if (stopped) return;
        for (const e of page.events) backwardFirst = Math.min(backwardFirst, e.id);
        fromEnd.push(...page.events);
        token = page.nextToken;
      } while (token && apart());
    };
    await Promise.all([forward(), backward()]);
    deliver(merge.fromRead(fromEnd)); // in id order; those read both ways are skipped
  };

  // One read: DescribeExecution, then the history from the last page on.
  const read = async (): Promise<void> => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    clearTimeout(timer);
    merge.beginRead();
    let gap = false;
    let failed = false;
    try {
      // The description and the first page are asked for at once.
      const [d, first] = await Promise.all([
        sfn<ExecutionDescription>('DescribeExecution', { executionArn }),
        historyPage(pageToken),
      ]);
      if (stopped) return;
      // The first time, the view learns of the execution before its history comes (it
      // fetches the definition and lays out the graph meanwhile).
      if (!description) handlers.onDescription(d);
      const finishedUnread = merge.lastId === 0 && d.status !== 'RUNNING';
      if (first.nextToken && finishedUnread) await readFromBothEnds(first);
      else await readForward(first);
      if (stopped) return;
      const held = merge.endRead();
      deliver(held.events);
      gap = held.gap;
      description = d;
      handlers.onDescription(d);
    } catch (error) {
      merge.endRead(); // the next read brings the held ones again
      failed = true;
      if (!stopped) handlers.onError(error);
    } finally {
      busy = false;
      if (!stopped) {
        if (again || gap) {
          again = false;
          void read();
        } else if (mode === 'polling') {
          const running = description?.status === 'RUNNING' || !description;
          timer = setTimeout(() => void read(), running ? RUNNING_INTERVAL : IDLE_INTERVAL);
        } else if (failed) {
          timer = setTimeout(() => void read(), IDLE_INTERVAL); // the stream brings nothing to retry with
        }
      }
    }
  };

  // Stream messages come one per durable step: render once per burst.
  let renderTimer: ReturnType<typeof setTimeout> | undefined;
  const render = (): void => {
    if (renderTimer !== undefined) return;
    renderTimer = setTimeout(() => {
      renderTimer = undefined;
      if (!stopped && description) handlers.onDescription(description);
    }, 0);
  };

  const startPolling = (): void => {
    if (stopped || mode === 'polling') return;
    mode = 'polling';
    void read();
  };

  const stream = openStream(streamUrl(executionArn), {
    ready: () => void read(),
    message(type, data) {
      if (type === 'pause' || type === 'resume') {
        debugMessage(type, data, executionArn, {
          onPause: (pause) => handlers.onPause?.(pause),
          onResume: (pauseId) => handlers.onResume?.(pauseId),
          onError: (error) => handlers.onError(error),
        });
      } else if (type === 'history') {
        const message = data as { executionArn?: string; events?: HistoryEvent[] };
        if (message.executionArn !== executionArn || !Array.isArray(message.events)) return;
        const { events, gap } = merge.fromStream(message.events);
        deliver(events);
        if (gap) void read();
        else if (events.length) render();
      } else if (type === 'execution') {
        const item = data as Partial<ExecutionListItem>;
        if (item.executionArn === executionArn) void read();
      }
    },
    fallback: startPolling,
  });
  if (!stream) {
    mode = 'polling';
    void read();
  }

  return {
    stop(): void {
      stopped = true;
      stream?.close();
      clearTimeout(timer);
      clearTimeout(renderTimer);
    },
    poke(): void {
      void read();
    },
    get mode() {
      return mode;
    },
  };
}

export interface ListHandlers {
  /** The whole list, newest first, each time it changes. */
  onList(items: ExecutionListItem[]): void;
  onError(error: unknown): void;
  /** Any execution paused or resumed (the stream's `pause` and `resume`). */
  onPause?(pause: Pause, executionArn: string): void;
  onResume?(pauseId: PauseId, executionArn: string): void;
}

export interface ListQuery {
  stateMachineArn: string;
  statusFilter?: string;
}

/**
 * Executions that belong in the list: the machine's (or one of its versions'), with the filter's status;
 * never a Distributed Map's child (its Map Run lists it).
 */
export function listMatches(item: ExecutionListItem, query: ListQuery): boolean {
  const machine = item.stateMachineArn;
  const ours = (machine === query.stateMachineArn || machine.startsWith(`${query.stateMachineArn}:`)) && !item.mapRunArn;
  return ours && (!query.statusFilter || item.status === query.statusFilter);
}

/** A list item's change merged into the list: replaced, added (newest first) or, if it no longer matches, removed. */
export function mergeListItem(items: readonly ExecutionListItem[], item: ExecutionListItem, query: ListQuery): ExecutionListItem[] {
  const rest = items.filter((x) => x.executionArn !== item.executionArn);
  if (!listMatches(item, query)) return rest.length === items.length ? (items as ExecutionListItem[]) : rest;
  const old = items.find((x) => x.executionArn === item.executionArn);
  const merged = { ...old, ...item };
  if (old) return items.map((x) => (x.executionArn === item.executionArn ? merged : x));
  rest.push(merged);
  return rest.sort((a, b) => b.startDate - a.startDate);
}

const LIST_LIMIT = 5000;

/** A state machine's executions, kept up to date. */
export function followExecutions(query: ListQuery, handlers: ListHandlers): Feed {
  let held: ExecutionListItem[] = [];
  let items: ExecutionListItem[] = [];

  const reader = listReader({
    async load(stopped) {
      const list: ExecutionListItem[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn<{ executions: ExecutionListItem[]; nextToken?: string }>('ListExecutions', {
          stateMachineArn: query.stateMachineArn,
          maxResults: 1000,
          ...(query.statusFilter ? { statusFilter: query.statusFilter } : {}),
          ...(nextToken ? { nextToken } : {}),
        });
        if (stopped()) return;
        list.push(...page.executions);
        nextToken = page.nextToken;
      } while (nextToken && list.length < LIST_LIMIT);
      // Changes that came during the read are newer than what it saw.
      items = list;
      for (const item of held) items = mergeListItem(items, item, query);
      handlers.onList(items);
    },
    settle: () => {
      held = [];
    },
    onError: (error) => handlers.onError(error),
    interval: (mode) => (mode === 'polling' ? LIST_INTERVAL : IDLE_INTERVAL),
  });

  const stream = openStream(streamUrl(), {
    ready: reader.read,
    message(type, data) {
      if (type === 'pause' || type === 'resume') {
        debugMessage(type, data, undefined, handlers);
        return;
      }
      if (type !== 'execution') return;
      const item = data as ExecutionListItem;
      if (typeof item.executionArn !== 'string' || typeof item.stateMachineArn !== 'string') return;
      if (query.statusFilter === 'PENDING_REDRIVE') {
        // Whether an execution may be redriven is not in the item: ask the server.
        if (listMatches(item, { stateMachineArn: query.stateMachineArn })) reader.read();
        return;
      }
      if (reader.reading) {
        held.push(item);
        return;
      }
      const next = mergeListItem(items, item, query);
      if (next !== items) {
        items = next;
        handlers.onList(items);
      }
    },
    fallback: reader.poll,
  });
  return reader.feed(stream);
}
