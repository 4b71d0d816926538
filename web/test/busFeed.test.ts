// The stream's debugger and bus messages: pause/resume passed on per execution (a malformed
// one is an error naming the field), the bus list read after `ready` with messages held
// during the read and merged by id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugMessage } from '../src/live/executionFeed';
import { followBus } from '../src/live/busFeed';
import type { Pause } from '../src/model/pauses';
import type { BusEvent } from '../src/model/busEvents';

class FakeSource {
  static all: FakeSource[] = [];
  readyState = 0;
  private listeners = new Map<string, ((event: { data?: string }) => void)[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, listener: (event: { data?: string }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(type: string, data?: unknown): void {
    if (type === 'ready') this.readyState = 1;
    for (const l of this.listeners.get(type) ?? []) l(data === undefined ? {} : { data: JSON.stringify(data) });
  }
}

const pause = { pauseId: 'p1', state: 'A', after: false, input: {}, context: {}, variables: {}, breakpoints: [] };

test('debugMessage: pause and resume of the followed execution only; bad ones are errors', () => {
  const got: string[] = [];
  const on = {
    onPause: (p: Pause, arn: string) => got.push(`pause ${p.state} ${arn}`),
    onResume: (id: string, arn: string) => got.push(`resume ${id} ${arn}`),
    onError: (e: unknown) => got.push(`error ${(e as Error).message}`),
  };
  debugMessage('pause', { executionArn: 'x', pause }, 'x', on);
  debugMessage('pause', { executionArn: 'other', pause }, 'x', on);
  debugMessage('resume', { executionArn: 'y', pauseId: 7 }, undefined, on);
  debugMessage('pause', { executionArn: 'x', pause: { ...pause, state: 7 } }, 'x', on);
  debugMessage('resume', { executionArn: 'x' }, 'x', on);
  debugMessage('history', { executionArn: 'x', events: [] }, 'x', on);
  assert.deepEqual(got, [
    'pause A x',
    'resume 7 y',
    "error the stream's pause message: pause.state: expected a string",
    "error the stream's resume message: pauseId: expected a string",
  ]);
});

const busEvent = (id: string, time: number, status = 'delivered'): BusEvent => ({
  id, time, eventBusName: 'default', source: 's', detailType: 'T', detail: {}, resources: [], schema: null, rejected: false,
  matches: [{ rule: 'r', ruleArn: 'arn:r', deliveries: [{ targetId: 't', targetArn: 'arn:t', status: status as 'delivered', attempts: 1 }] }],
});

test('followBus: read after ready, stream messages held during the read, then merged by id', async () => {
  FakeSource.all = [];
  (globalThis as { EventSource?: unknown }).EventSource = FakeSource;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const urls: string[] = [];
  (globalThis as { fetch?: unknown }).fetch = async (url: string) => {
    urls.push(url);
    await gate;
    const body = { events: [busEvent('a', 1), busEvent('b', 2, 'pending')], dropped: 0 };
    return { ok: true, status: 200, statusText: 'OK', text: async () => JSON.stringify(body) };
  };
  const lists: string[][] = [];
  const errors: string[] = [];
  const feed = followBus({
    onEvents: (list) => lists.push(list.map((e) => `${e.id}:${e.matches[0]?.deliveries[0]?.status}`)),
    onError: (e) => errors.push(String(e)),
  });
  const source = FakeSource.all[0]!;
  assert.equal(source.url, '/ui/stream');
  source.emit('ready', { executionArn: null });
  source.emit('bus', { event: busEvent('b', 2, 'dead-letter') }); // during the read: held
  open();
  for (let i = 0; i < 100 && lists.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(lists[0], ['b:dead-letter', 'a:delivered']);
  assert.match(urls[0]!, /^\/ui\/bus\/events\?limit=\d+$/);
  source.emit('bus', { event: busEvent('c', 3) });
  assert.deepEqual(lists[1], ['c:delivered', 'b:dead-letter', 'a:delivered']);
  source.emit('bus', { event: { id: 'd' } });
  assert.match(errors[0] ?? '', /bus message: event\.time: expected a time/);
  feed.stop();
});
