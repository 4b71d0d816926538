import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deriveHistory, type HistoryEvent } from '../src/model/history';
import { clampPosition, eventsUpTo, historyAt, stepPosition, TimeTravel } from '../src/model/timeTravel';

const events = JSON.parse(readFileSync(new URL('../test/fixtures/history-ok.json', import.meta.url), 'utf8')) as HistoryEvent[];

test('as of the retry of ValidateCancellationEligibility: it runs, what follows is not reached', () => {
  const m = historyAt(events, eventsUpTo(events, 8)); // the second TaskScheduled
  const s = m.stateStatuses();
  assert.equal(m.execution.status, 'RUNNING');
  assert.equal(s.get('SetCancellationMeta'), 'succeeded');
  assert.equal(s.get('ValidateCancellationEligibility'), 'running');
  assert.equal(s.has('IsCancellationEligible'), false, 'not entered yet: uncoloured');
  assert.equal(s.has('CancellationComplete'), false);
  const validate = m.entries[m.byName.get('ValidateCancellationEligibility')![0]!]!;
  assert.equal(validate.attempts.length, 2);
  assert.equal(validate.attempts[1]!.outcome, undefined, 'the second attempt has no outcome yet');
  assert.equal(validate.output, undefined);
});

test('inside the Parallel: one branch done, the other running, the Parallel running', () => {
  const m = historyAt(events, eventsUpTo(events, 25));
  const s = m.stateStatuses();
  assert.equal(s.get('InventoryAndCreditReversal'), 'running');
  assert.equal(s.get('ReleaseInventory'), 'succeeded');
  assert.equal(s.get('ReverseCreditHold'), 'running');
  assert.equal(s.has('ConfirmCancellation'), false);
});

test('entries keep the indexes of the whole history (selections stay valid)', () => {
  const whole = deriveHistory(events);
  const part = historyAt(events, 30);
  part.entries.forEach((e, i) => {
    assert.equal(whole.entries[i]!.name, e.name);
    assert.equal(whole.entries[i]!.enteredId, e.enteredId);
  });
});

test('the whole history is the live model', () => {
  const m = historyAt(events, events.length);
  assert.deepEqual([...m.stateStatuses()], [...deriveHistory(events).stateStatuses()]);
  assert.equal(m.execution.status, 'SUCCEEDED');
});

test('eventsUpTo counts events with ids up to the one given', () => {
  assert.equal(eventsUpTo(events, 0), 0);
  assert.equal(eventsUpTo(events, 1), 1);
  assert.equal(eventsUpTo(events, 42), 42);
  assert.equal(eventsUpTo(events, 1000), 42);
});

test('TimeTravel: forward feeds the model, back derives it again, both as derived from scratch', () => {
  const tt = new TimeTravel();
  for (const n of [5, 20, 42, 12, 13, 1, 42]) {
    const m = tt.at(events, n);
    assert.equal(m.events.length, n);
    assert.deepEqual([...m.stateStatuses()], [...historyAt(events, n).stateStatuses()], `at ${n}`);
  }
  const growing = events.slice(0, 10);
  assert.equal(tt.at(growing, 10).events.length, 10, 'a different array: derived again');
});

test('positions: step back from live, forward again to live, clamp', () => {
  assert.deepEqual(stepPosition({ live: true }, 42, -1), { live: false, count: 41 });
  assert.deepEqual(stepPosition({ live: false, count: 41 }, 42, 1), { live: true });
  assert.deepEqual(stepPosition({ live: false, count: 1 }, 42, -1), { live: false, count: 1 });
  assert.deepEqual(clampPosition({ live: false, count: 99 }, 42), { live: true });
  assert.deepEqual(clampPosition({ live: false, count: 0 }, 42), { live: false, count: 1 });
});
