// A list a feed keeps up to date (the executions list, the bus's activity):
// read whole after each `ready` of /ui/stream and when poked, one read at a
// time (a read asked for meanwhile runs right after it). While a read runs,
// `reading` is true: stream messages that come then are newer than what it
// will see, so the feed holds them and merges them in `load`. After a failed
// read, or once the stream failed (`poll`), it reads again every interval.
import type { Feed } from './executionFeed';

type Mode = 'stream' | 'polling';

export interface ListReaderOptions {
  /** Reads the list and hands it on; throws when the read fails. `stopped()` is true once the feed stops. */
  load(stopped: () => boolean): Promise<void>;
  /** Every read's end, failed or not (held messages let go). */
  settle(): void;
  onError(error: unknown): void;
  /** The wait before the next read: while polling, or after a failed read while the stream works. */
  interval(mode: Mode): number;
}

export interface ListReader {
  read(): void;
  readonly reading: boolean;
  /** The stream failed: read now, then every interval. */
  poll(): void;
  /** The feed's handle; without a stream (none could be opened) it polls at once. */
  feed(stream: { close(): void } | undefined): Feed;
}

export function listReader(options: ListReaderOptions): ListReader {
  let stopped = false;
  let mode: Mode = 'stream';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let reading = false;
  let again = false;

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
      await options.load(() => stopped);
    } catch (error) {
      failed = true;
      if (!stopped) options.onError(error);
    } finally {
      reading = false;
      options.settle();
      if (!stopped) {
        if (again) {
          again = false;
          void read();
        } else if (mode === 'polling' || failed) {
          timer = setTimeout(() => void read(), options.interval(mode));
        }
      }
    }
  };
  const poll = (): void => {
    if (stopped) return;
    mode = 'polling';
    void read();
  };

  return {
    read: () => void read(),
    get reading() {
      return reading;
    },
    poll,
    feed(stream) {
      if (!stream) poll();
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
    },
  };
}
