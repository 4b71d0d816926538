// The live feed over server-sent events: the merge of reads and stream messages
// (ids, repeats after `ready`), the fallback to polling, the executions list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  followExecution,
  followExecutions,
  HistoryMerge,
  mergeListItem,
  STREAM_ERRORS,
  STREAM_PATH,
} from '../src/live/executionFeed';
import type { ExecutionListItem } from '../src/api/types';
import type { HistoryEvent } from '../src/model/history';

const event = (id: number): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: id, type: 'PassStateEntered' });
const events = (from: number, to: number): HistoryEvent[] => Array.from({ length: to - from + 1 }, (_, i) => event(from + i));
const ids = (list: HistoryEvent[]): number[] => list.map((e) => e.id);

test('HistoryMerge: a read, then stream messages that repeat its last ids', () => {
  const merge = new HistoryMerge();
  merge.beginRead();
  assert.deepEqual(ids(merge.fromRead(events(1, 5))), [1, 2, 3, 4, 5]);
  assert.deepEqual(merge.endRead(), { events: [], gap: false });
  // The first messages after `ready` may repeat what the read gave.
  assert.deepEqual(ids(merge.fromStream(events(4, 7)).events), [6, 7]);
  assert.deepEqual(ids(merge.fromStream(events(7, 7)).events), []);
  assert.deepEqual(ids(merge.fromStream(events(8, 9)).events), [8, 9]);
  assert.equal(merge.lastId, 9);
});

test('HistoryMerge: messages during a read are held, then merged without repeats', () => {
  const merge = new HistoryMerge();
  merge.beginRead();
  assert.deepEqual(merge.fromStream(events(3, 4)).events, []); // held
  assert.deepEqual(ids(merge.fromRead(events(1, 3))), [1, 2, 3]);
  assert.deepEqual(merge.fromStream(events(5, 6)).events, []); // held
  const held = merge.endRead();
  assert.deepEqual(ids(held.events), [4, 5, 6]);
  assert.equal(held.gap, false);
  // A read again (after a reconnect's `ready`) from an older page: nothing new twice.
  merge.beginRead();
  assert.deepEqual(ids(merge.fromRead(events(1, 8))), [7, 8]);
  assert.deepEqual(merge.endRead().events, []);
});

test('HistoryMerge: a gap in the stream asks for a read; the read fills it', () => {
  const merge = new HistoryMerge();
  merge.fromRead(events(1, 2));
  const r = merge.fromStream([event(5), event(6)]);
  assert.deepEqual(r, { events: [], gap: true });
  merge.beginRead();
  assert.deepEqual(ids(merge.fromRead(events(1, 6))), [3, 4, 5, 6]);
  assert.deepEqual(merge.endRead().events, []);
});

// A fake EventSource: the test sends the server's messages.
class FakeSource {
  static all: FakeSource[] = [];
  readyState = 0;
  closed = false;
  private listeners = new Map<string, ((event: { data?: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: { data?: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data?: unknown): void {
    if (type === 'ready') this.readyState = 1;
    for (const l of this.listeners.get(type) ?? []) l(data === undefined ? {} : { data: JSON.stringify(data) });
  }
}

// A fake stepwise: the history so far, in pages of maxResults; calls recorded; each answer
// waits for `gate` (so the test can send stream messages while a read runs).
function fakeServer(history: HistoryEvent[], status: { value: string }, list: ExecutionListItem[] = []) {
  const calls: { op: string; token?: string }[] = [];
  let gate: Promise<void> = Promise.resolve();
  const fetch = async (_url: string, init: { headers: Record<string, string>; body: string }) => {
    const op = init.headers['X-Amz-Target']!.split('.')[1]!;
    const body = JSON.parse(init.body) as { maxResults?: number; nextToken?: string };
    calls.push({ op, token: body.nextToken });
    await gate;
    let out: unknown;
    if (op === 'DescribeExecution') out = { executionArn: 'x', status: status.value, startDate: 0, stateMachineArn: 'm', name: 'x' };
    else if (op === 'ListExecutions') out = { executions: list };
    else {
      const after = body.nextToken ? Number(body.nextToken.slice(1)) : 0;
      const page = history.filter((e) => e.id > after).slice(0, (body.maxResults ?? 100) + 1);
      const more = page.length > (body.maxResults ?? 100);
      if (more) page.pop();
      out = { events: page, ...(more ? { nextToken: `t${page[page.length - 1]!.id}` } : {}) };
    }
    return { ok: true, status: 200, statusText: 'OK', text: async () => JSON.stringify(out) };
  };
  return {
    fetch,
    calls,
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = Promise.resolve();
        open();
      };
    },
  };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: () => boolean, ms = 2000): Promise<void> {
  for (let i = 0; i < ms / 5 && !what(); i++) await tick();
  assert.ok(what(), 'condition not met in time');
}

function install(server: ReturnType<typeof fakeServer>, withStream = true): void {
  FakeSource.all = [];
  (globalThis as { fetch?: unknown }).fetch = server.fetch;
  (globalThis as { EventSource?: unknown }).EventSource = withStream ? FakeSource : undefined;
}

test('followExecution: the stream, read after `ready`, each id once and in order', async () => {
  const history = events(1, 3);
  const status = { value: 'RUNNING' };
  const server = fakeServer(history, status);
  install(server);
  const seen: number[] = [];
  const statuses: string[] = [];
  const feed = followExecution('arn:x', {
    onEvents: (list) => seen.push(...ids(list)),
    onDescription: (d) => statuses.push(d.status),
    onError: (e) => assert.fail(String(e)),
  });
  assert.equal(FakeSource.all.length, 1);
  const source = FakeSource.all[0]!;
  assert.equal(source.url, `${STREAM_PATH}?executionArn=arn%3Ax`);
  await tick();
  assert.equal(server.calls.length, 0, 'nothing is read before ready');

  // `ready`; the read is slow: messages come meanwhile, repeating what it will give.
  const release = server.hold();
  source.emit('ready', { executionArn: 'arn:x' });
  history.push(...events(4, 5));
  source.emit('history', { executionArn: 'arn:x', events: events(3, 4) });
  source.emit('history', { executionArn: 'arn:x', events: events(5, 5) });
  source.emit('history', { executionArn: 'other', events: events(6, 9) }); // not ours
  release();
  // The description as soon as it is read, then again once the history is in.
  await until(() => statuses.length === 2);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);

  // Live: new ids passed on, repeats dropped; the view is told to render.
  history.push(event(6));
  source.emit('history', { executionArn: 'arn:x', events: events(5, 6) });
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
  await until(() => statuses.length === 3);

  // The status change reads the description (and the newest history page) again.
  status.value = 'SUCCEEDED';
  source.emit('execution', { executionArn: 'arn:x', stateMachineArn: 'm', name: 'x', status: 'SUCCEEDED', startDate: 0 });
  await until(() => statuses.includes('SUCCEEDED'));

  // A reconnect: `ready` again, read again; nothing repeats.
  history.push(...events(7, 8));
  source.emit('error');
  source.emit('ready', { executionArn: 'arn:x' });
  await until(() => seen.length === 8);
  assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(feed.mode, 'stream');
  assert.equal(server.calls.filter((c) => c.op === 'GetExecutionHistory').length, 3, 'no polling');
  feed.stop();
  assert.ok(source.closed);
});

test('followExecution: a gap in the stream reads the history again', async () => {
  const history = events(1, 2);
  const server = fakeServer(history, { value: 'RUNNING' });
  install(server);
  const seen: number[] = [];
  const feed = followExecution('x', { onEvents: (l) => seen.push(...ids(l)), onDescription: () => {}, onError: (e) => assert.fail(String(e)) });
  const source = FakeSource.all[0]!;
  source.emit('ready', { executionArn: 'x' });
  await until(() => seen.length === 2);
  history.push(...events(3, 5));
  source.emit('history', { executionArn: 'x', events: events(4, 5) }); // 3 was lost
  await until(() => seen.length === 5);
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  feed.stop();
});

test('followExecution: a read that fails while the stream works is tried again', async () => {
  const server = fakeServer(events(1, 3), { value: 'RUNNING' });
  let failures = 1;
  const fetch = server.fetch;
  (globalThis as { fetch?: unknown }).fetch = async (url: string, init: { headers: Record<string, string>; body: string }) => {
    if (failures > 0) {
      failures--;
      return { ok: false, status: 500, statusText: 'Internal', text: async () => '{"__type":"InternalError","message":"boom"}' };
    }
    return fetch(url, init);
  };
  FakeSource.all = [];
  (globalThis as { EventSource?: unknown }).EventSource = FakeSource;
  const seen: number[] = [];
  const errors: string[] = [];
  const feed = followExecution('x', { onEvents: (l) => seen.push(...ids(l)), onDescription: () => {}, onError: (e) => errors.push(String(e)) });
  FakeSource.all[0]!.emit('ready', { executionArn: 'x' });
  await until(() => seen.length === 3, 5000);
  assert.equal(errors.length, 1);
  assert.equal(feed.mode, 'stream');
  feed.stop();
});

test(`followExecution: ${STREAM_ERRORS} stream errors in a row fall back to polling`, async () => {
  const history = events(1, 4);
  const server = fakeServer(history, { value: 'RUNNING' });
  install(server);
  const seen: number[] = [];
  const feed = followExecution('x', { onEvents: (l) => seen.push(...ids(l)), onDescription: () => {}, onError: (e) => assert.fail(String(e)) });
  const source = FakeSource.all[0]!;
  for (let i = 0; i < STREAM_ERRORS - 1; i++) source.emit('error');
  assert.equal(feed.mode, 'stream', 'EventSource reconnects by itself at first');
  source.emit('error');
  assert.equal(feed.mode, 'polling');
  assert.ok(source.closed);
  await until(() => seen.length === 4);
  history.push(event(5));
  await until(() => seen.length === 5); // polled again (250 ms while running)
  assert.deepEqual(seen, [1, 2, 3, 4, 5]);
  feed.stop();
});

test('followExecution: a stream the server refuses (closed at once) falls back to polling', async () => {
  const server = fakeServer(events(1, 2), { value: 'SUCCEEDED' });
  install(server);
  const seen: number[] = [];
  const feed = followExecution('x', { onEvents: (l) => seen.push(...ids(l)), onDescription: () => {}, onError: (e) => assert.fail(String(e)) });
  const source = FakeSource.all[0]!;
  source.readyState = 2;
  source.emit('error');
  assert.equal(feed.mode, 'polling');
  await until(() => seen.length === 2);
  feed.stop();
});

const item = (name: string, status: string, startDate: number, machine = 'arn:m'): ExecutionListItem => ({
  executionArn: `arn:e:${name}`,
  stateMachineArn: machine,
  name,
  status,
  startDate,
});

test('mergeListItem: replaces, adds newest first, drops what leaves the filter or is not ours', () => {
  const list = [item('b', 'RUNNING', 2), item('a', 'SUCCEEDED', 1)];
  const all = { stateMachineArn: 'arn:m' };
  assert.deepEqual(mergeListItem(list, item('b', 'FAILED', 2), all).map((x) => `${x.name}:${x.status}`), ['b:FAILED', 'a:SUCCEEDED']);
  assert.deepEqual(mergeListItem(list, item('c', 'RUNNING', 3), all).map((x) => x.name), ['c', 'b', 'a']);
  assert.deepEqual(mergeListItem(list, item('v', 'RUNNING', 4, 'arn:m:1'), all).map((x) => x.name), ['v', 'b', 'a']);
  assert.equal(mergeListItem(list, item('z', 'RUNNING', 5, 'arn:other'), all), list);
  const running = { stateMachineArn: 'arn:m', statusFilter: 'RUNNING' };
  assert.deepEqual(mergeListItem(list, item('b', 'SUCCEEDED', 2), running).map((x) => x.name), ['a']);
});

test("mergeListItem: a Distributed Map's child stays out of its machine's list (its Map Run lists it)", () => {
  const list = [item('a', 'RUNNING', 1)];
  const all = { stateMachineArn: 'arn:m' };
  const child = { ...item('c', 'RUNNING', 2, 'arn:m/Fan'), mapRunArn: 'arn:mapRun:m/Fan:1' };
  assert.equal(mergeListItem(list, child, all), list);
  assert.equal(mergeListItem(list, { ...item('d', 'RUNNING', 3), mapRunArn: 'arn:mapRun:m/Fan:1' }, all), list);
});

test('followExecutions: one stream, the list read after ready, then changes item by item', async () => {
  const server = fakeServer([], { value: 'RUNNING' }, [item('a', 'RUNNING', 1)]);
  install(server);
  const lists: string[][] = [];
  const feed = followExecutions({ stateMachineArn: 'arn:m' }, {
    onList: (l) => lists.push(l.map((x) => `${x.name}:${x.status}`)),
    onError: (e) => assert.fail(String(e)),
  });
  assert.equal(FakeSource.all.length, 1);
  const source = FakeSource.all[0]!;
  assert.equal(source.url, STREAM_PATH);
  const release = server.hold();
  source.emit('ready', { executionArn: null });
  source.emit('execution', item('a', 'SUCCEEDED', 1)); // during the read: newer than it
  release();
  await until(() => lists.length === 1);
  assert.deepEqual(lists[0], ['a:SUCCEEDED']);
  source.emit('execution', item('b', 'RUNNING', 2));
  source.emit('execution', item('x', 'RUNNING', 3, 'arn:other'));
  assert.deepEqual(lists, [['a:SUCCEEDED'], ['b:RUNNING', 'a:SUCCEEDED']]);
  assert.equal(server.calls.length, 1, 'one ListExecutions');
  feed.stop();
  assert.ok(source.closed);
});
