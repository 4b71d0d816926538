import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busEventMatches, busOutcome, detailTypes, mergeBusEvents, NO_FILTER, readBusEvent, type BusEvent } from '../src/model/busEvents';

function event(id: string, time: number, over: Partial<BusEvent> = {}): BusEvent {
  return {
    id, time, eventBusName: 'default', source: 'orders', detailType: 'OrderCancellationUpdated', detail: { orderId: id },
    resources: [], schema: null, rejected: false, matches: [], ...over,
  };
}
const delivered = { rule: 'r', ruleArn: 'arn:r', deliveries: [{ targetId: 't', targetArn: 'arn:t', status: 'delivered' as const, attempts: 1 }] };
const dead = { rule: 'r', ruleArn: 'arn:r', deliveries: [{ targetId: 't', targetArn: 'arn:t', status: 'dead-letter' as const, attempts: 3, error: 'boom' }] };
const failed = { rule: 'r', ruleArn: 'arn:r', deliveries: [{ targetId: 't', targetArn: 'arn:t', status: 'failed' as const, attempts: 1 }] };
const violation = { registry: 'orders', name: 'OrderCancellationUpdated', version: '1', valid: false, mode: 'warn', violations: [{ pointer: '/detail/status', message: 'required' }] };

test('filters: detail-type, failures, dead letters, violations (each ticked one required)', () => {
  const ok = event('1', 1, { matches: [delivered] });
  const bad = event('2', 2, { matches: [dead], schema: violation });
  const other = event('3', 3, { detailType: 'Other', matches: [failed] });
  const rejected = event('4', 4, { rejected: true, schema: { ...violation, mode: 'reject' } });
  const all = [ok, bad, other, rejected];
  const pick = (f: Partial<typeof NO_FILTER>): (string | number)[] => all.filter((e) => busEventMatches(e, { ...NO_FILTER, ...f })).map((e) => e.id);
  assert.deepEqual(pick({}), ['1', '2', '3', '4']);
  assert.deepEqual(pick({ detailType: 'OrderCancellationUpdated' }), ['1', '2', '4']);
  assert.deepEqual(pick({ failures: true }), ['2', '3', '4']);
  assert.deepEqual(pick({ deadLetters: true }), ['2']);
  assert.deepEqual(pick({ violations: true }), ['2', '4']);
  assert.deepEqual(pick({ violations: true, failures: true, detailType: 'OrderCancellationUpdated' }), ['2', '4']);
});

test('merge: by id, a later copy replaces the earlier, newest first, limited', () => {
  const list = mergeBusEvents([], [event('a', 1), event('b', 3), event('c', 2)], 10);
  assert.deepEqual(list.map((e) => e.id), ['b', 'c', 'a']);
  const updated = mergeBusEvents(list, [event('a', 1, { matches: [dead] })], 10);
  assert.equal(updated.length, 3);
  assert.equal(busOutcome(updated.find((e) => e.id === 'a')!), 'dead-letter');
  assert.deepEqual(mergeBusEvents(list, [event('d', 4)], 2).map((e) => e.id), ['d', 'b']);
});

test('server ids are numbers: same-time events ordered by id, 10 after 9', () => {
  const list = mergeBusEvents([], [event('x', 5, { id: 9 }), event('x', 5, { id: 10 }), event('x', 4, { id: 11 })], 10);
  assert.deepEqual(list.map((e) => e.id), [10, 9, 11]);
  assert.equal(readBusEvent({ ...event('x', 1, { id: 3 }) }, 'e').id, 3);
  assert.throws(() => readBusEvent({ ...event('x', 1), id: null }, 'events[4]'), /events\[4\]\.id: expected a number/);
});

test('an entry that failed after the check counts as a failure', () => {
  const e = event('1', 1, { error: 'disk full' });
  assert.equal(busOutcome(e), 'error');
  assert.ok(busEventMatches(e, { ...NO_FILTER, failures: true }));
  assert.equal(readBusEvent({ ...e }, 'e').error, 'disk full');
});

test('outcomes and detail-types', () => {
  assert.equal(busOutcome(event('1', 1)), 'unmatched');
  assert.equal(busOutcome(event('1', 1, { matches: [delivered] })), 'delivered');
  assert.equal(busOutcome(event('1', 1, { matches: [delivered, failed] })), 'failed');
  assert.equal(busOutcome(event('1', 1, { rejected: true })), 'rejected');
  assert.deepEqual(detailTypes([event('1', 1, { detailType: 'B' }), event('2', 1, { detailType: 'A' }), event('3', 1, { detailType: 'B' })]), ['A', 'B']);
});

test('a server event is checked, errors name the field', () => {
  const raw = { ...event('1', 1), matches: [delivered] };
  assert.equal(readBusEvent(raw, 'events[0]').id, '1');
  assert.throws(() => readBusEvent({ ...raw, source: 3 }, 'events[0]'), /events\[0\]\.source: expected a string/);
  assert.throws(() => readBusEvent({ ...raw, matches: [{}] }, 'events[2]'), /events\[2\]\.matches\[0\]\.deliveries/);
  assert.throws(() => readBusEvent({ ...raw, schema: { valid: true } }, 'e'), /e\.schema\.violations/);
});
