import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diff, deepEqual } from '../src/model/diff';

test('equal values have no changes', () => {
  assert.deepEqual(diff({ a: [1, { b: null }] }, { a: [1, { b: null }] }), []);
  assert.ok(deepEqual({ x: 1, y: [2] }, { y: [2], x: 1 }));
});

test('added, removed and changed members by JSON pointer', () => {
  assert.deepEqual(diff({ a: 1, b: 2, n: { x: 'p' } }, { a: 1, c: 3, n: { x: 'q' } }), [
    { op: 'removed', path: '/b', before: 2 },
    { op: 'changed', path: '/n/x', before: 'p', after: 'q' },
    { op: 'added', path: '/c', after: 3 },
  ]);
});

test('arrays compare by index', () => {
  assert.deepEqual(diff([1, 2, 3], [1, 5]), [
    { op: 'changed', path: '/1', before: 2, after: 5 },
    { op: 'removed', path: '/2', before: 3 },
  ]);
  assert.deepEqual(diff({ l: [] }, { l: [{ k: 1 }] }), [{ op: 'added', path: '/l/0', after: { k: 1 } }]);
});

test('a change of kind is one change; the root pointer is empty', () => {
  assert.deepEqual(diff({ a: { b: 1 } }, { a: [1] }), [{ op: 'changed', path: '/a', before: { b: 1 }, after: [1] }]);
  assert.deepEqual(diff(1, 'x'), [{ op: 'changed', path: '', before: 1, after: 'x' }]);
  assert.deepEqual(diff(undefined, { a: 1 }), [{ op: 'added', path: '', after: { a: 1 } }]);
});

test('pointer tokens escape ~ and /', () => {
  assert.deepEqual(diff({}, { 'a/b': 1, 'c~d': 2 }).map((c) => c.path), ['/a~1b', '/c~0d']);
});
