// The event bus's activity, kept up to date: GET /ui/bus/events after each
// `ready` of /ui/stream, then the stream's `bus` messages (an event put, or
// one whose deliveries changed: the same id, replaced). Messages that come
// during a read are held and merged after it. When the stream fails, the
// list is read again every 2 s.
import { busEvents } from '../api/ui';
import { mergeBusEvents, readBusEvent, type BusEvent } from '../model/busEvents';
import { openStream, STREAM_PATH, type Feed } from './executionFeed';

export interface BusHandlers {
  /** The whole list, newest first, each time it changes; `dropped`: events the server no longer keeps. */
  onEvents(events: BusEvent[], dropped: number): void;
  onError(error: unknown): void;
}

export const BUS_LIMIT = 2000;
const POLL_INTERVAL = 2000;

export function followBus(handlers: BusHandlers): Feed {
  let stopped = false;
  let mode: 'stream' | 'polling' = 'stream';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading = false;
  let again = false;
  let held: BusEvent[] = [];
  let list: BusEvent[] = [];
  let dropped = 0;

  const read = async (): Promise<void> => {
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    clearTimeout(timer);
    let failed = false;
    try {
      const r = await busEvents(BUS_LIMIT);
      if (stopped) return;
      list = mergeBusEvents(r.events, held, BUS_LIMIT);
      dropped = r.dropped;
      handlers.onEvents(list, dropped);
    } catch (error) {
      failed = true;
      if (!stopped) handlers.onError(error);
    } finally {
      reading = false;
      held = [];
      if (!stopped) {
        if (again) {
          again = false;
          void read();
        } else if (mode === 'polling' || failed) {
          timer = setTimeout(() => void read(), POLL_INTERVAL);
        }
      }
    }
  };

  const stream = openStream(STREAM_PATH, {
    ready: () => void read(),
    message(type, data) {
      if (type !== 'bus') return;
      let event: BusEvent;
      try {
        event = readBusEvent((data as { event?: unknown } | null)?.event, "the stream's bus message: event");
      } catch (error) {
        handlers.onError(error);
        return;
      }
      if (reading) {
        held.push(event);
        return;
      }
      list = mergeBusEvents(list, [event], BUS_LIMIT);
      handlers.onEvents(list, dropped);
    },
    fallback() {
      if (stopped) return;
      mode = 'polling';
      void read();
    },
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
    },
    poke(): void {
      void read();
    },
    get mode() {
      return mode;
    },
  };
}
