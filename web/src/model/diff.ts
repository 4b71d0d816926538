// diff(a, b): what changed from a to b, by JSON pointer (RFC 6901).
// Objects are compared key by key, arrays index by index; anything else
// (or a change of kind) is one 'changed' at that pointer.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface Change {
  op: 'added' | 'removed' | 'changed';
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

export function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ka = kind(a);
  if (ka !== kind(b)) return false;
  if (ka === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (ka === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => Object.hasOwn(y, k) && deepEqual(x[k], y[k]));
  }
  return false;
}

export function diff(a: JsonValue | undefined, b: JsonValue | undefined, path = ''): Change[] {
  const out: Change[] = [];
  walk(a, b, path, out);
  return out;
}

function walk(a: JsonValue | undefined, b: JsonValue | undefined, path: string, out: Change[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ op: 'added', path, after: b });
    return;
  }
  if (b === undefined) {
    out.push({ op: 'removed', path, before: a });
    return;
  }
  const ka = kind(a);
  if (ka !== kind(b)) {
    out.push({ op: 'changed', path, before: a, after: b });
    return;
  }
  if (ka === 'object') {
    const x = a as Record<string, JsonValue>;
    const y = b as Record<string, JsonValue>;
    for (const key of Object.keys(x)) {
      walk(x[key], Object.hasOwn(y, key) ? y[key] : undefined, `${path}/${pointerToken(key)}`, out);
    }
    for (const key of Object.keys(y)) {
      if (!Object.hasOwn(x, key)) out.push({ op: 'added', path: `${path}/${pointerToken(key)}`, after: y[key] });
    }
    return;
  }
  if (ka === 'array') {
    const x = a as JsonValue[];
    const y = b as JsonValue[];
    const n = Math.max(x.length, y.length);
    for (let i = 0; i < n; i++) walk(i < x.length ? x[i] : undefined, i < y.length ? y[i] : undefined, `${path}/${i}`, out);
    return;
  }
  if (a !== b) out.push({ op: 'changed', path, before: a, after: b });
}
