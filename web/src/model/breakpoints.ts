// Breakpoints: before or after a state. A list kept sorted and without
// repeats, changed by toggling; the shape the debugger routes take.

export interface Breakpoint {
  state: string;
  after: boolean;
}

export interface BreakpointMarks {
  before: boolean;
  after: boolean;
}

const key = (b: Breakpoint): string => `${b.state}\u0000${b.after ? 1 : 0}`;

/** Sorted by state, before first; each breakpoint once. */
export function normalizeBreakpoints(list: readonly Breakpoint[]): Breakpoint[] {
  const seen = new Map<string, Breakpoint>();
  for (const b of list) seen.set(key(b), { state: b.state, after: b.after });
  return [...seen.values()].sort((a, b) => a.state.localeCompare(b.state) || Number(a.after) - Number(b.after));
}

export function hasBreakpoint(list: readonly Breakpoint[], state: string, after: boolean): boolean {
  return list.some((b) => b.state === state && b.after === after);
}

/** The list with that breakpoint added, or removed when it was there. */
export function toggleBreakpoint(list: readonly Breakpoint[], state: string, after: boolean): Breakpoint[] {
  if (hasBreakpoint(list, state, after)) return list.filter((b) => !(b.state === state && b.after === after));
  return normalizeBreakpoints([...list, { state, after }]);
}

/** Per state: is there a breakpoint before it, after it. */
export function breakpointMarks(list: readonly Breakpoint[]): Map<string, BreakpointMarks> {
  const out = new Map<string, BreakpointMarks>();
  for (const b of list) {
    const marks = out.get(b.state) ?? { before: false, after: false };
    if (b.after) marks.after = true;
    else marks.before = true;
    out.set(b.state, marks);
  }
  return out;
}

/** The server's {state, after?} items, checked: a list, or the reason it is not one. */
export function readBreakpoints(value: unknown, where: string): Breakpoint[] {
  if (!Array.isArray(value)) throw new Error(`${where}: expected an array of breakpoints`);
  return normalizeBreakpoints(
    value.map((item, i) => {
      const b = item as { state?: unknown; after?: unknown };
      if (!b || typeof b !== 'object' || typeof b.state !== 'string') throw new Error(`${where}[${i}].state: expected a string`);
      if (b.after !== undefined && typeof b.after !== 'boolean') throw new Error(`${where}[${i}].after: expected a boolean`);
      return { state: b.state, after: b.after === true };
    }),
  );
}

/** "before X", "after X": how a breakpoint or a pause is named on the page. */
export function describeBreakpoint(b: Breakpoint): string {
  return `${b.after ? 'after' : 'before'} ${b.state}`;
}
