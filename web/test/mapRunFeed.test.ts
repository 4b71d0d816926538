import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followMapRun, POLL_INTERVAL, type MapRunFeedDeps } from '../src/live/mapRunFeed';
import type { MapRun } from '../src/model/mapRun';

// A fake clock and DescribeMapRun: timers run when the test moves the clock on.
function fakeWorld(statuses: string[]) {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let nextId = 0;
  const reads: number[] = [];
  let answered = 0;
  const deps: MapRunFeedDeps = {
    describe: async (arn) => {
      reads.push(now);
      const status = statuses[Math.min(answered++, statuses.length - 1)]!;
      return { mapRunArn: arn, status } as MapRun;
    },
    now: () => now,
    setTimer: (run, ms) => {
      const id = ++nextId;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimer: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      await settle();
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.run();
    }
    now = until;
    await settle();
  };
  return { deps, reads, advance, pending: () => timers.length };
}

test('followMapRun: read at once, then once a second while RUNNING, none after it ends', async () => {
  const world = fakeWorld(['RUNNING', 'RUNNING', 'SUCCEEDED']);
  const seen: string[] = [];
  const feed = followMapRun('arn:run', { onRun: (r) => seen.push(r.status), onError: (e) => assert.fail(String(e)) }, world.deps);
  await world.advance(0);
  assert.deepEqual(world.reads, [0]);
  await world.advance(10 * POLL_INTERVAL);
  assert.deepEqual(world.reads, [0, POLL_INTERVAL, 2 * POLL_INTERVAL]);
  assert.deepEqual(seen, ['RUNNING', 'RUNNING', 'SUCCEEDED']);
  assert.equal(world.pending(), 0, 'no timer once the run ended');
  assert.equal(feed.run?.status, 'SUCCEEDED');
  feed.stop();
});

test('followMapRun: refresh() reads an ended run again, never sooner than a second after the last read', async () => {
  const world = fakeWorld(['SUCCEEDED', 'RUNNING', 'SUCCEEDED']);
  const feed = followMapRun('arn:run', { onRun: () => {}, onError: (e) => assert.fail(String(e)) }, world.deps);
  await world.advance(300);
  feed.refresh(); // e.g. MapRunRedriven came
  feed.refresh(); // a second change before the read: one read
  await world.advance(300);
  assert.deepEqual(world.reads, [0], 'not sooner than a second after the first read');
  await world.advance(400);
  assert.deepEqual(world.reads, [0, POLL_INTERVAL]);
  await world.advance(5 * POLL_INTERVAL);
  assert.deepEqual(world.reads, [0, POLL_INTERVAL, 2 * POLL_INTERVAL], 'running again: polled until it ended');
  feed.stop();
});

test('followMapRun: stop() ends the polling', async () => {
  const world = fakeWorld(['RUNNING']);
  const feed = followMapRun('arn:run', { onRun: () => {}, onError: () => {} }, world.deps);
  await world.advance(POLL_INTERVAL);
  feed.stop();
  await world.advance(10 * POLL_INTERVAL);
  assert.deepEqual(world.reads, [0, POLL_INTERVAL]);
  assert.equal(world.pending(), 0);
});
