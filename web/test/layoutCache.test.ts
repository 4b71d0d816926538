import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayoutCache } from '../src/model/layoutCache';

test('a hit gives the value stored under the same key', () => {
  const cache = new LayoutCache<number>(2);
  cache.set('a', 1);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('b'), undefined);
});

test('over capacity, the least recently used entry goes', () => {
  const cache = new LayoutCache<number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.get('a'); // b is now the oldest
  cache.set('c', 3);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
});

test('setting a key again replaces its value without growing', () => {
  const cache = new LayoutCache<number>(2);
  cache.set('a', 1);
  cache.set('a', 2);
  assert.equal(cache.size, 1);
  assert.equal(cache.get('a'), 2);
});
