import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deriveHistory, HistoryModel, type HistoryEvent } from '../src/model/history';

const load = (name: string): HistoryEvent[] =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), 'utf8')) as HistoryEvent[];

test('a succeeded execution: every state succeeded, retries recorded', () => {
  const m = deriveHistory(load('history-ok.json'));
  assert.equal(m.execution.status, 'SUCCEEDED');
  const s = m.stateStatuses();
  assert.equal(s.get('ValidateCancellationEligibility'), 'succeeded');
  assert.equal(s.get('ReleaseInventory'), 'succeeded');
  assert.equal(s.get('CancellationComplete'), 'succeeded');
  assert.equal(s.get('RejectCancellation'), undefined, 'not reached');
  const validate = m.entries[m.byName.get('ValidateCancellationEligibility')![0]!]!;
  assert.equal(validate.attempts.length, 2);
  assert.equal(validate.attempts[0]!.outcome?.error, 'Lambda.ServiceException');
  assert.equal(validate.attempts[1]!.outcome?.type, 'TaskSucceeded');
  assert.equal(validate.attempts[1]!.time - validate.attempts[0]!.time, 2000);
  assert.equal(validate.failure, undefined);
  const parallel = m.entries[m.byName.get('InventoryAndCreditReversal')![0]!]!;
  assert.deepEqual(parallel.children.map((c) => m.entries[c]!.name), ['ReleaseInventory', 'ReverseCreditHold']);
  assert.equal(m.entries[parallel.children[0]!]!.parent, parallel.index);
  assert.ok(m.eventEntry.get(28) === parallel.index, 'ParallelStateSucceeded belongs to the Parallel');
  assert.equal(m.entries.every((e) => e.closed), true);
});

test('a failure in a branch: failed task, aborted sibling, caught Parallel, failed Fail state', () => {
  const m = deriveHistory(load('history-fail.json'));
  assert.equal(m.execution.status, 'FAILED');
  const s = m.stateStatuses();
  assert.equal(s.get('ReleaseInventory'), 'failed');
  assert.equal(s.get('ReverseCreditHold'), 'aborted');
  assert.equal(s.get('InventoryAndCreditReversal'), 'caught');
  assert.equal(s.get('CancellationFailed'), 'failed');
  const parallel = m.entries[m.byName.get('InventoryAndCreditReversal')![0]!]!;
  assert.equal(m.entries[parallel.next!]!.name, 'CancellationFailed');
  assert.equal(m.entries[m.byName.get('ReleaseInventory')![0]!]!.failure?.error, 'InventoryLockedError');
});

test('incremental feeding gives the same result as one batch and running states show', () => {
  const events = load('history-ok.json');
  const m = new HistoryModel();
  m.add(events.slice(0, 20));
  assert.equal(m.execution.status, 'RUNNING');
  const s = m.stateStatuses();
  assert.equal(s.get('ReleaseInventory'), 'running');
  assert.equal(s.get('InventoryAndCreditReversal'), 'running');
  assert.equal(s.get('ProductionSettlementHold'), 'succeeded');
  m.add(events.slice(15)); // overlapping page: seen events are skipped
  assert.deepEqual([...m.stateStatuses()], [...deriveHistory(events).stateStatuses()]);
  assert.equal(m.events.length, events.length);
});

const ev = (id: number, prev: number, type: string, details?: Record<string, unknown>): HistoryEvent => {
  const e: HistoryEvent = { id, previousEventId: prev, timestamp: 1700000000 + id / 10, type };
  if (details) e[type.charAt(0).toLowerCase() + type.slice(1) + 'EventDetails'] = details;
  return e;
};

test('a Task failure caught by a Catch, and Map iterations', () => {
  const m = deriveHistory([
    ev(1, 0, 'ExecutionStarted', { input: '{}' }),
    ev(2, 1, 'TaskStateEntered', { name: 'Charge', input: '{"a":1}' }),
    ev(3, 2, 'TaskScheduled', { resource: 'invoke', resourceType: 'lambda', parameters: '{"x":1}' }),
    ev(4, 3, 'TaskFailed', { error: 'Boom', cause: 'bad' }),
    ev(5, 4, 'PassStateEntered', { name: 'Recover', input: '{}' }),
    ev(6, 5, 'PassStateExited', { name: 'Recover', output: '{}' }),
    ev(7, 6, 'MapStateEntered', { name: 'Each', input: '[1,2]' }),
    ev(8, 7, 'MapStateStarted', { length: 2 }),
    ev(9, 8, 'MapIterationStarted', { name: 'Each', index: 0 }),
    ev(10, 8, 'MapIterationStarted', { name: 'Each', index: 1 }),
    ev(11, 9, 'PassStateEntered', { name: 'Item', input: '1' }),
    ev(12, 10, 'PassStateEntered', { name: 'Item', input: '2' }),
    ev(13, 12, 'PassStateExited', { name: 'Item', output: '2' }),
    ev(14, 13, 'MapIterationSucceeded', { name: 'Each', index: 1 }),
  ]);
  const s = m.stateStatuses();
  assert.equal(s.get('Charge'), 'caught');
  const charge = m.entries[0]!;
  assert.equal(m.entries[charge.next!]!.name, 'Recover');
  assert.equal(charge.failure?.error, 'Boom');
  assert.equal(charge.attempts[0]!.parameters, '{"x":1}');
  assert.equal(s.get('Item'), 'running', 'iteration 0 still runs');
  const items = m.byName.get('Item')!.map((i) => m.entries[i]!);
  assert.deepEqual(items.map((e) => e.iteration), [0, 1]);
  assert.deepEqual(items.map((e) => m.entryStatus(e)), ['running', 'succeeded']);
  const map = m.entries[m.byName.get('Each')![0]!]!;
  assert.equal(m.eventEntry.get(14), map.index);
  assert.equal(items[0]!.parent, map.index);
});

test('a callback task waiting shows its token', () => {
  const m = deriveHistory([
    ev(1, 0, 'ExecutionStarted', { input: '{}' }),
    ev(2, 1, 'TaskStateEntered', { name: 'Approve', input: '{}' }),
    ev(3, 2, 'TaskScheduled', {
      resource: 'sendMessage.waitForTaskToken',
      resourceType: 'sqs',
      parameters: '{"MessageBody":{"token":"AAAAKgAAAAIAAAAAAAAAAbcdef0123456789"}}',
    }),
    ev(4, 3, 'TaskStarted', {}),
    ev(5, 4, 'TaskSubmitted', { output: '{}' }),
  ]);
  const waiting = m.waitingForCallback();
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0]!.entry.name, 'Approve');
  assert.equal(waiting[0]!.token, 'AAAAKgAAAAIAAAAAAAAAAbcdef0123456789');
});

test('ExecutionAborted closes running states as aborted', () => {
  const m = deriveHistory([
    ev(1, 0, 'ExecutionStarted', { input: '{}' }),
    ev(2, 1, 'WaitStateEntered', { name: 'Hold', input: '{}' }),
    ev(3, 2, 'ExecutionAborted', {}),
  ]);
  assert.equal(m.execution.status, 'ABORTED');
  assert.equal(m.stateStatuses().get('Hold'), 'aborted');
});

// StopExecution inside a Map: the iteration's Task, the iteration and the Map record that they were
// aborted before ExecutionAborted. https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
test('*StateAborted events close their states as aborted, not failed', () => {
  const m = deriveHistory([
    ev(1, 0, 'ExecutionStarted', { input: '[1]' }),
    ev(2, 1, 'MapStateEntered', { name: 'Each', input: '[1]' }),
    ev(3, 2, 'MapStateStarted', { length: 1 }),
    ev(4, 3, 'MapIterationStarted', { name: 'Each', index: 0 }),
    ev(5, 4, 'TaskStateEntered', { name: 'Work', input: '1' }),
    ev(6, 5, 'TaskScheduled', { resource: 'invoke', resourceType: 'lambda', parameters: '1' }),
    ev(7, 6, 'TaskStarted', { resource: 'invoke', resourceType: 'lambda' }),
    ev(8, 7, 'TaskStateAborted', {}),
    ev(9, 8, 'MapIterationAborted', { name: 'Each', index: 0 }),
    ev(10, 9, 'MapStateAborted', {}),
    ev(11, 10, 'ExecutionAborted', {}),
  ]);
  assert.equal(m.execution.status, 'ABORTED');
  const s = m.stateStatuses();
  assert.equal(s.get('Work'), 'aborted');
  assert.equal(s.get('Each'), 'aborted');
  assert.equal(m.entries[m.byName.get('Work')![0]!]!.attempts[0]!.outcome, undefined);
});
