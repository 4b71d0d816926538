import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPause, withoutPause, withPause } from '../src/model/pauses';

const raw = { pauseId: 1, state: 'Validate', after: false, time: 1, input: { a: 1 }, context: { State: { Name: 'Validate' } }, variables: {}, breakpoints: [{ state: 'Validate' }] };

test('a pause is read and checked', () => {
  const p = readPause(raw, 'pauses[0]');
  assert.equal(p.state, 'Validate');
  assert.equal(p.after, false);
  assert.deepEqual(p.breakpoints, [{ state: 'Validate', after: false }]);
  assert.throws(() => readPause({ ...raw, state: undefined }, 'pauses[1]'), /pauses\[1\]\.state: expected a string/);
  assert.throws(() => readPause({ ...raw, breakpoints: [{}] }, 'pause'), /pause\.breakpoints\[0\]\.state/);
});

test('pauses kept one per id', () => {
  const p = readPause(raw, 'p');
  let list = withPause([], p);
  list = withPause(list, { ...p, state: 'Other' });
  assert.equal(list.length, 1);
  assert.equal(list[0]!.state, 'Other');
  list = withPause(list, { ...p, pauseId: 2 });
  assert.deepEqual(withoutPause(list, 1).map((x) => x.pauseId), [2]);
});
