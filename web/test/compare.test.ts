import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareExecutions } from '../src/model/compare';
import type { StateStatus } from '../src/model/history';

const states = (o: Record<string, StateStatus>): Map<string, StateStatus> => new Map(Object.entries(o));

test('a re-run that changed the output and the path taken', () => {
  const c = compareExecutions(
    { status: 'SUCCEEDED', duration: 1000, output: '{"status":"CANCELLED","n":1}', states: states({ A: 'succeeded', B: 'succeeded' }) },
    { status: 'FAILED', duration: 400, output: '{"status":"REJECTED","n":1,"why":"x"}', states: states({ A: 'succeeded', C: 'failed' }) },
  );
  assert.equal(c.sameStatus, false);
  assert.equal(c.durationDelta, -600);
  assert.deepEqual(c.output, [
    { op: 'changed', path: '/status', before: 'CANCELLED', after: 'REJECTED' },
    { op: 'added', path: '/why', after: 'x' },
  ]);
  assert.deepEqual(c.states, [
    { state: 'B', left: 'succeeded', right: 'notReached' },
    { state: 'C', left: 'notReached', right: 'failed' },
  ]);
});

test('a running side: no duration delta, no output diff', () => {
  const c = compareExecutions(
    { status: 'SUCCEEDED', duration: 5, output: '{}', states: states({}) },
    { status: 'RUNNING', states: states({}) },
  );
  assert.equal(c.durationDelta, undefined);
  assert.equal(c.output, undefined);
  assert.equal(c.sameStatus, false);
});
