import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataFlowCache, dataFlowSteps, outcomeAsOf, readInspectedEntry, type InspectedEntry } from '../src/model/dataFlow';

const taskAnswer = {
  entry: {
    eventId: 5,
    state: 'Validate',
    input: { order: { id: 'o-1' }, meta: 1 },
    afterInputPath: { order: { id: 'o-1' }, meta: 1 },
    afterParameters: { FunctionName: 'fn', Payload: { id: 'o-1' } },
    result: { Payload: { valid: true }, StatusCode: 200 },
    afterResultSelector: { valid: true },
    afterResultPath: { order: { id: 'o-1' }, meta: 1, check: { valid: true } },
    output: { order: { id: 'o-1' }, meta: 1, check: { valid: true } },
    variables: { tries: 2 },
    retries: [{ retrier: 0, delayMs: 1000 }, { retrier: 1, delayMs: 2500 }],
    catcher: 0,
    error: { error: 'States.TaskFailed', cause: 'boom' },
  },
};

test('the answer is read: values as JSON, retries, catcher, error', () => {
  const e = readInspectedEntry(taskAnswer, 'GET /ui/inspect');
  assert.equal(e.eventId, 5);
  assert.equal(e.state, 'Validate');
  assert.deepEqual(e.values.afterParameters, { FunctionName: 'fn', Payload: { id: 'o-1' } });
  assert.equal('afterArguments' in e.values, false, 'a step absent from the answer stays absent');
  assert.deepEqual(e.variables, { tries: 2 });
  assert.deepEqual(e.retries, [{ retrier: 0, delayMs: 1000 }, { retrier: 1, delayMs: 2500 }]);
  assert.equal(e.catcher, 0);
  assert.deepEqual(e.error, { error: 'States.TaskFailed', cause: 'boom' });
});

test('a present step whose value is null is kept (null is a value)', () => {
  const e = readInspectedEntry({ entry: { eventId: 1, state: 'P', input: null, retries: [] } }, 'x');
  assert.equal('input' in e.values, true);
  assert.deepEqual(dataFlowSteps(e), [{ key: 'input', value: null }]);
});

test('a malformed answer names the field', () => {
  const bad = (entry: Record<string, unknown>): unknown => ({ entry: { ...taskAnswer.entry, ...entry } });
  assert.throws(() => readInspectedEntry({}, 'GET /ui/inspect'), /GET \/ui\/inspect: entry: expected an object/);
  assert.throws(() => readInspectedEntry(bad({ eventId: '5' }), 'GET /ui/inspect'), /entry\.eventId: expected a number/);
  assert.throws(() => readInspectedEntry(bad({ state: 3 }), 'q'), /q: entry\.state: expected a string/);
  assert.throws(() => readInspectedEntry(bad({ variables: [1] }), 'q'), /entry\.variables: expected an object/);
  assert.throws(() => readInspectedEntry(bad({ retries: {} }), 'q'), /entry\.retries: expected an array/);
  assert.throws(() => readInspectedEntry(bad({ retries: [{ retrier: -1, delayMs: 1 }] }), 'q'), /entry\.retries\[0\]\.retrier/);
  assert.throws(() => readInspectedEntry(bad({ retries: [{ retrier: 0 }] }), 'q'), /entry\.retries\[0\]\.delayMs/);
  assert.throws(() => readInspectedEntry(bad({ catcher: 1.5 }), 'q'), /entry\.catcher/);
  assert.throws(() => readInspectedEntry(bad({ error: { cause: 'x' } }), 'q'), /entry\.error\.error: expected a string/);
});

test('steps in TestState order, each diffed against the step it was computed from', () => {
  const steps = dataFlowSteps(readInspectedEntry(taskAnswer, 'q'));
  assert.deepEqual(
    steps.map((s) => [s.key, s.diffFrom ?? null, s.sameAs ?? null]),
    [
      ['input', null, null],
      ['afterInputPath', null, 'input'], // unchanged: no diff
      ['afterParameters', 'afterInputPath', null],
      ['result', null, null], // the task's answer is new, not a change
      ['afterResultSelector', 'result', null],
      ['afterResultPath', 'input', null], // ResultPath places the result into the raw input
      ['output', null, 'afterResultPath'],
    ],
  );
});

test('a JSONata state: Arguments from the input, the output against the result', () => {
  const e = readInspectedEntry({ entry: { eventId: 2, state: 'J', input: { a: 1 }, afterArguments: { b: 1 }, result: { c: 1 }, output: { d: 1 }, retries: [] } }, 'q');
  assert.deepEqual(
    dataFlowSteps(e).map((s) => [s.key, s.diffFrom ?? s.sameAs ?? null]),
    [['input', null], ['afterArguments', 'input'], ['result', null], ['output', 'result']],
  );
});

test('a Map: ItemsPath after InputPath, Parameters (ItemSelector) after ItemsPath', () => {
  const e = readInspectedEntry({ entry: { eventId: 2, state: 'M', input: { xs: [1] }, afterItemsPath: [1], afterParameters: { x: 1 }, retries: [] } }, 'q');
  assert.deepEqual(dataFlowSteps(e).map((s) => [s.key, s.diffFrom ?? null]), [['input', null], ['afterItemsPath', 'input'], ['afterParameters', 'afterItemsPath']]);
});

test('time travel: an entry still running shows its input side; retries as far as the attempts go', () => {
  const e: InspectedEntry = readInspectedEntry(taskAnswer, 'q');
  const running = { closed: false, attempts: 2 };
  assert.deepEqual(dataFlowSteps(e, running).map((s) => s.key), ['input', 'afterInputPath', 'afterParameters']);
  assert.deepEqual(outcomeAsOf(e, running), { retries: [{ retrier: 0, delayMs: 1000 }] });
  assert.deepEqual(outcomeAsOf(e, { closed: false, attempts: 0 }), { retries: [] });
  const ended = { closed: true, attempts: 3 };
  assert.equal(dataFlowSteps(e, ended).length, 7);
  assert.equal(outcomeAsOf(e, ended).catcher, 0);
  assert.deepEqual(outcomeAsOf(e, ended).variables, { tries: 2 });
});

test('the cache reads an entry once, and again once a running entry has ended', async () => {
  const reads: string[] = [];
  const cache = new DataFlowCache(async (arn, id) => {
    reads.push(`${arn}#${id}`);
    return readInspectedEntry({ entry: { eventId: id, state: 'S', retries: [] } }, 'q');
  });
  await cache.get('arn:a', 5, false);
  await cache.get('arn:a', 5, false);
  assert.deepEqual(reads, ['arn:a#5']);
  await cache.get('arn:a', 5, true);
  await cache.get('arn:a', 5, true);
  await cache.get('arn:a', 5, false);
  await cache.get('arn:b', 5, true);
  assert.deepEqual(reads, ['arn:a#5', 'arn:a#5', 'arn:b#5']);
});
