import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakpointMarks, describeBreakpoint, hasBreakpoint, normalizeBreakpoints, readBreakpoints, toggleBreakpoint } from '../src/model/breakpoints';

test('toggling adds then removes, before and after apart', () => {
  let list = toggleBreakpoint([], 'Validate', false);
  assert.deepEqual(list, [{ state: 'Validate', after: false }]);
  list = toggleBreakpoint(list, 'Validate', true);
  list = toggleBreakpoint(list, 'Confirm', false);
  assert.deepEqual(list, [
    { state: 'Confirm', after: false },
    { state: 'Validate', after: false },
    { state: 'Validate', after: true },
  ]);
  assert.ok(hasBreakpoint(list, 'Validate', true));
  list = toggleBreakpoint(list, 'Validate', false);
  assert.deepEqual(list, [{ state: 'Confirm', after: false }, { state: 'Validate', after: true }]);
});

test('normalized: sorted, each once', () => {
  assert.deepEqual(normalizeBreakpoints([{ state: 'B', after: true }, { state: 'A', after: false }, { state: 'B', after: true }]), [
    { state: 'A', after: false },
    { state: 'B', after: true },
  ]);
});

test('marks per state', () => {
  const marks = breakpointMarks([{ state: 'A', after: false }, { state: 'A', after: true }, { state: 'B', after: true }]);
  assert.deepEqual(marks.get('A'), { before: true, after: true });
  assert.deepEqual(marks.get('B'), { before: false, after: true });
  assert.equal(marks.has('C'), false);
});

test('the server answer is checked, errors name the item', () => {
  assert.deepEqual(readBreakpoints([{ state: 'A' }, { state: 'B', after: true }], 'breakpoints'), [
    { state: 'A', after: false },
    { state: 'B', after: true },
  ]);
  assert.throws(() => readBreakpoints({}, 'breakpoints'), /breakpoints: expected an array/);
  assert.throws(() => readBreakpoints([{ state: 1 }], 'breakpoints'), /breakpoints\[0\]\.state: expected a string/);
  assert.throws(() => readBreakpoints([{ state: 'A', after: 'yes' }], 'bp'), /bp\[0\]\.after: expected a boolean/);
});

test('described as on the page', () => {
  assert.equal(describeBreakpoint({ state: 'A', after: false }), 'before A');
  assert.equal(describeBreakpoint({ state: 'A', after: true }), 'after A');
});
