import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followExecution } from '../src/live/executionFeed';
import type { HistoryEvent } from '../src/model/history';

// A fake stepwise: GetExecutionHistory pages of maxResults with a token naming the last id.
function fakeServer(events: HistoryEvent[], status: { value: string }) {
  const calls: { op: string; token?: string; reverse?: boolean }[] = [];
  const fetch = async (_url: string, init: { headers: Record<string, string>; body: string }) => {
    const op = init.headers['X-Amz-Target']!.split('.')[1]!;
    const body = JSON.parse(init.body) as { maxResults?: number; nextToken?: string; reverseOrder?: boolean };
    calls.push({ op, token: body.nextToken, ...(body.reverseOrder ? { reverse: true } : {}) });
    let out: unknown;
    if (op === 'DescribeExecution') out = { executionArn: 'x', status: status.value, startDate: 0, stateMachineArn: 'm', name: 'x' };
    else if (body.reverseOrder) {
      const before = body.nextToken ? Number(body.nextToken.slice(1)) : Infinity;
      const page = events.filter((e) => e.id < before).reverse().slice(0, body.maxResults ?? 100);
      const more = page.length > 0 && page[page.length - 1]!.id > 1;
      out = { events: page, ...(more ? { nextToken: `r${page[page.length - 1]!.id}` } : {}) };
    } else {
      const after = body.nextToken ? Number(body.nextToken.slice(1)) : 0;
      const page = events.filter((e) => e.id > after).slice(0, (body.maxResults ?? 100) + 1);
      const more = page.length > (body.maxResults ?? 100);
      if (more) page.pop();
      out = { events: page, ...(more ? { nextToken: `t${page[page.length - 1]!.id}` } : {}) };
    }
    return { ok: true, status: 200, statusText: 'OK', text: async () => JSON.stringify(out) };
  };
  return { fetch, calls };
}

const event = (id: number): HistoryEvent => ({ id, previousEventId: id - 1, timestamp: id, type: 'PassStateEntered' });

test('pages through the history, then asks again from the last page while running', async () => {
  const events = Array.from({ length: 2500 }, (_, i) => event(i + 1));
  const status = { value: 'RUNNING' };
  const server = fakeServer(events, status);
  (globalThis as { fetch?: unknown }).fetch = server.fetch;
  const seen: number[] = [];
  let descriptions = 0;
  await new Promise<void>((resolve, reject) => {
    const feed = followExecution('x', {
      onEvents: (list) => {
        for (const e of list) if (!seen.includes(e.id)) seen.push(e.id);
      },
      onDescription: () => {
        descriptions++;
        if (descriptions === 1) {
          assert.equal(seen.length, 0, 'the first description comes before the history');
        } else if (descriptions === 2) {
          assert.equal(seen.length, 2500, 'then again once the first read is over');
          for (let i = 2501; i <= 2600; i++) events.push(event(i));
          status.value = 'SUCCEEDED';
        } else {
          feed.stop();
          resolve();
        }
      },
      onError: reject,
    });
  });
  assert.equal(seen.length, 2600);
  assert.deepEqual(seen.slice(-2), [2599, 2600]);
  const history = server.calls.filter((c) => c.op === 'GetExecutionHistory').map((c) => c.token ?? '');
  // First tick: three pages; second tick: from the last page's token only.
  assert.deepEqual(history, ['', 't1000', 't2000', 't2000']);
});

test("a finished execution's history is read from both ends at once, each event passed on once, in order", async () => {
  const events = Array.from({ length: 5500 }, (_, i) => event(i + 1));
  const server = fakeServer(events, { value: 'SUCCEEDED' });
  (globalThis as { fetch?: unknown }).fetch = server.fetch;
  const seen: number[] = [];
  await new Promise<void>((resolve, reject) => {
    let descriptions = 0;
    const feed = followExecution('x', {
      onEvents: (list) => seen.push(...list.map((e) => e.id)),
      onDescription: () => {
        if (++descriptions < 2) return;
        feed.stop();
        resolve();
      },
      onError: reject,
    });
  });
  assert.deepEqual(seen, events.map((e) => e.id));
  const history = server.calls.filter((c) => c.op === 'GetExecutionHistory');
  const forward = history.filter((c) => !c.reverse).length;
  const backward = history.filter((c) => c.reverse).length;
  assert.ok(backward >= 2, `read backwards too (${backward} pages)`);
  assert.ok(Math.max(forward, backward) <= 4, `at most 4 pages one after the other, not 6 (${forward} forwards, ${backward} backwards)`);
});
