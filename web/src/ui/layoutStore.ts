// Laid-out graphs kept in the browser's localStorage, so a machine laid out once
// opens at once in the next page too (a reload, another tab). An entry holds its
// whole layout input, compared on reading: a hash collision can never draw the
// wrong graph. Storage is an optimization only: when it is missing, full or
// holds something unreadable, layouts are simply computed again.
import type { GraphNode } from '../model/layout';

const PREFIX = 'stepwise:layout:';
const INDEX = 'stepwise:layouts'; // the stored hashes, least recently used first
const STORED_LAYOUTS = 6; // about 200 K characters each for a 200-state machine

interface Entry {
  input: string;
  laid: GraphNode;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined; // storage disabled
  }
}

/** cyrb53: a fast 53-bit string hash (collisions are checked against the stored input). */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function readIndex(store: Storage): string[] {
  try {
    const index: unknown = JSON.parse(store.getItem(INDEX) ?? '[]');
    return Array.isArray(index) ? index.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function touch(store: Storage, id: string): string[] {
  const index = readIndex(store).filter((x) => x !== id);
  index.push(id);
  return index;
}

/** The stored layout of this input, if any. */
export function storedLayout(input: string): GraphNode | undefined {
  const store = storage();
  if (!store) return undefined;
  const id = hash(input);
  try {
    const text = store.getItem(PREFIX + id);
    if (!text) return undefined;
    const entry = JSON.parse(text) as Entry;
    if (entry.input !== input) return undefined;
    store.setItem(INDEX, JSON.stringify(touch(store, id)));
    return entry.laid;
  } catch {
    return undefined;
  }
}

/** Keeps this layout; the least recently used go when over the count or when storage is full. */
export function storeLayout(input: string, laid: GraphNode): void {
  const store = storage();
  if (!store) return;
  const id = hash(input);
  const index = touch(store, id);
  const text = JSON.stringify({ input, laid } satisfies Entry);
  for (;;) {
    while (index.length > STORED_LAYOUTS) store.removeItem(PREFIX + index.shift()!);
    try {
      store.setItem(PREFIX + id, text);
      store.setItem(INDEX, JSON.stringify(index));
      return;
    } catch {
      // Full: drop the oldest other entry and try again, or give up.
      if (index.length <= 1) return;
      store.removeItem(PREFIX + index.shift()!);
    }
  }
}
