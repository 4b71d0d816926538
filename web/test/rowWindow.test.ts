import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowWindow, scrollToRow } from '../src/model/rowWindow';

test('top of a long list', () => {
  assert.deepEqual(rowWindow(0, 400, 20, 25000, 5), { start: 0, end: 26, offset: 0, totalHeight: 500000 });
});

test('middle: visible rows plus overscan either side', () => {
  const w = rowWindow(10000, 400, 20, 25000, 5);
  assert.equal(w.start, 495);
  assert.equal(w.end, 526);
  assert.equal(w.offset, 495 * 20);
  assert.ok(w.end - w.start <= 400 / 20 + 1 + 10);
});

test('bottom and overscrolled positions are clamped', () => {
  const w = rowWindow(1e9, 400, 20, 25000, 5);
  assert.equal(w.end, 25000);
  assert.equal(w.start, 25000 - 20 - 5);
  assert.deepEqual(rowWindow(-50, 400, 20, 10, 5), { start: 0, end: 10, offset: 0, totalHeight: 200 });
});

test('empty list and zero-height viewport', () => {
  assert.deepEqual(rowWindow(0, 400, 20, 0), { start: 0, end: 0, offset: 0, totalHeight: 0 });
  const w = rowWindow(100, 0, 20, 100, 0);
  assert.equal(w.start, 5);
  assert.equal(w.end, 6);
});

test('scrollToRow brings a row into view only when needed', () => {
  assert.equal(scrollToRow(10, 0, 400, 20), 0);
  assert.equal(scrollToRow(30, 0, 400, 20), 31 * 20 - 400);
  assert.equal(scrollToRow(2, 200, 400, 20), 40);
});
