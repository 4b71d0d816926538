import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storedLayout, storeLayout } from '../src/ui/layoutStore';
import type { GraphNode } from '../src/model/layout';

/** A localStorage of at most `quota` characters (keys and values), as browsers limit it. */
class FakeStorage {
  readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  get length(): number {
    return this.items.size;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    const used = [...this.items].reduce((n, [k, v]) => n + (k === key ? 0 : k.length + v.length), 0);
    if (used + key.length + value.length > this.quota) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  layouts(): number {
    return [...this.items.keys()].filter((k) => k.startsWith('stepwise:layout:')).length;
  }
}

function install(store: FakeStorage | undefined): void {
  (globalThis as { localStorage?: unknown }).localStorage = store;
}

const laid = (id: string): GraphNode => ({ id, kind: 'branch', name: '', width: 10, height: 20, children: [] });

test('a stored layout is found by its whole input, and only by it', () => {
  install(new FakeStorage());
  storeLayout('{"a":1}', laid('a'));
  assert.deepEqual(storedLayout('{"a":1}'), laid('a'));
  assert.equal(storedLayout('{"a":2}'), undefined);
});

test('the least recently used layouts go past six', () => {
  const store = new FakeStorage();
  install(store);
  for (let i = 0; i < 6; i++) storeLayout(`input ${i}`, laid(String(i)));
  assert.ok(storedLayout('input 0'), 'read: now the most recently used');
  storeLayout('input 6', laid('6'));
  assert.equal(store.layouts(), 6);
  assert.equal(storedLayout('input 1'), undefined, 'the oldest went');
  assert.ok(storedLayout('input 0'));
  assert.ok(storedLayout('input 6'));
});

test('a full storage drops the oldest layouts; one that never fits is not kept', () => {
  const store = new FakeStorage(400);
  install(store);
  storeLayout('first', laid('1'));
  storeLayout('second', laid('2'));
  storeLayout('third', laid('3')); // does not fit beside both others
  assert.ok(storedLayout('third'));
  assert.equal(storedLayout('first'), undefined);
  storeLayout('x'.repeat(500), laid('big'));
  assert.equal(storedLayout('x'.repeat(500)), undefined);
});

test('no storage, or unreadable entries: nothing found, nothing thrown', () => {
  install(undefined);
  storeLayout('a', laid('a'));
  assert.equal(storedLayout('a'), undefined);
  const store = new FakeStorage();
  install(store);
  storeLayout('b', laid('b'));
  for (const key of store.items.keys()) store.items.set(key, '{not json');
  assert.equal(storedLayout('b'), undefined);
  storeLayout('c', laid('c')); // the unreadable index is started anew
  assert.ok(storedLayout('c'));
});
