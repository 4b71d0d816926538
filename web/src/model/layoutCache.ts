// Laid-out graphs kept by their layout input: opening a machine again (or an
// execution of it) draws at once instead of laying it out anew. The key is the
// whole input (states, edges, labels, sizes, options), so any change that could
// move a node misses the cache. The least recently used entry goes first.
export class LayoutCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(key: string): T | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key); // now the most recently used
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
