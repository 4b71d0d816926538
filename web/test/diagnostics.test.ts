import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsByState } from '../src/model/diagnostics';

test('diagnostics go to the innermost state of their location', () => {
  const m = diagnosticsByState([
    { severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: 'no such state', location: '/States/A/Next' },
    { severity: 'WARNING', code: 'W', message: 'inner', location: '/States/P/Branches/0/States/Inner/Type' },
    { severity: 'ERROR', code: 'SCHEMA', message: 'top', location: '/StartAt' },
    { severity: 'ERROR', code: 'X', message: 'no location' },
  ]);
  assert.deepEqual([...m.keys()], ['A', 'Inner']);
  assert.deepEqual(m.get('A'), ['ERROR MISSING_TRANSITION_TARGET: no such state']);
});
