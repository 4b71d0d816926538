// The event bus's activity, kept up to date: GET /ui/bus/events after each
// `ready` of /ui/stream, then the stream's `bus` messages (an event put, or
// one whose deliveries changed: the same id, replaced). Messages that come
// during a read are held and merged after it. When the stream fails, the
// list is read again every 2 s.
import { busEvents } from '../api/ui';
import { mergeBusEvents, readBusEvent, type BusEvent } from '../model/busEvents';
import { openStream, STREAM_PATH, type Feed } from './executionFeed';
import { listReader } from './listReader';

export interface BusHandlers {
  /** The whole list, newest first, each time it changes; `dropped`: events the server no longer keeps. */
  onEvents(events: BusEvent[], dropped: number): void;
  onError(error: unknown): void;
}

export const BUS_LIMIT = 2000;
const POLL_INTERVAL = 2000;

export function followBus(handlers: BusHandlers): Feed {
  let held: BusEvent[] = [];
  let list: BusEvent[] = [];
  let dropped = 0;

  const reader = listReader({
    async load(stopped) {
      const r = await busEvents(BUS_LIMIT);
      if (stopped()) return;
      list = mergeBusEvents(r.events, held, BUS_LIMIT);
      dropped = r.dropped;
      handlers.onEvents(list, dropped);
    },
    settle: () => {
      held = [];
    },
    onError: (error) => handlers.onError(error),
    interval: () => POLL_INTERVAL,
  });

  const stream = openStream(STREAM_PATH, {
    ready: reader.read,
    message(type, data) {
      if (type !== 'bus') return;
      let event: BusEvent;
      try {
        event = readBusEvent((data as { event?: unknown } | null)?.event, "the stream's bus message: event");
      } catch (error) {
        handlers.onError(error);
        return;
      }
      if (reader.reading) {
        held.push(event);
        return;
      }
      list = mergeBusEvents(list, [event], BUS_LIMIT);
      handlers.onEvents(list, dropped);
    },
    fallback: reader.poll,
  });
  return reader.feed(stream);
}
