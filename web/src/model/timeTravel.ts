// Time travel: the execution as of one of its history events. The history
// model of the events up to it (entries not yet entered are absent, those
// open at that point run), kept for the next look: moving forward feeds the
// missing events, moving back derives again.
import { HistoryModel, type HistoryEvent } from './history';

/** How many events come up to and including event `eventId` (ids are ascending). */
export function eventsUpTo(events: readonly HistoryEvent[], eventId: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.id <= eventId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function historyAt(events: readonly HistoryEvent[], count: number): HistoryModel {
  const model = new HistoryModel();
  model.add(events.slice(0, Math.max(0, Math.min(count, events.length))));
  return model;
}

export class TimeTravel {
  private model?: HistoryModel;
  private count = 0;

  /** The model of the first `count` events of `events` (the same array, growing, between calls). */
  at(events: readonly HistoryEvent[], count: number): HistoryModel {
    const n = Math.max(0, Math.min(count, events.length));
    if (!this.model || n < this.count || events[this.count - 1]?.id !== this.model.lastEventId) {
      this.model = historyAt(events, n);
    } else if (n > this.count) {
      this.model.add(events.slice(this.count, n));
    }
    this.count = n;
    return this.model;
  }
}

/** The scrubber's position: `live` follows the end; otherwise the number of events shown. */
export type Position = { live: true } | { live: false; count: number };

export function clampPosition(position: Position, total: number): Position {
  if (position.live) return position;
  const count = Math.max(1, Math.min(position.count, total));
  return count >= total ? { live: true } : { live: false, count };
}

/** One event back or forward from the position (forward from the last event is live). */
export function stepPosition(position: Position, total: number, delta: number): Position {
  const at = position.live ? total : position.count;
  return clampPosition({ live: false, count: at + delta }, total);
}
