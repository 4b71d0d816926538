// The definition pretty-printed as JSON.stringify(v, null, 2) would, line by
// line, with the line range of every state (nested ones included).

export interface Printed {
  lines: string[];
  ranges: Map<string, [number, number]>;
}

/** Pretty-prints like JSON.stringify(v, null, 2) and records each state's line range. */
export function printDefinition(definition: unknown): Printed {
  const lines: string[] = [];
  const ranges = new Map<string, [number, number]>();
  let current = '';
  const emit = (text: string): void => {
    current += text;
  };
  const newline = (): void => {
    lines.push(current);
    current = '';
  };
  const value = (v: unknown, indent: string, inStates: boolean): void => {
    if (v === null || typeof v !== 'object') {
      emit(JSON.stringify(v) ?? 'null');
      return;
    }
    const isArray = Array.isArray(v);
    const entries: [string, unknown][] = isArray ? (v as unknown[]).map((x, i) => [String(i), x]) : Object.entries(v as object);
    if (entries.length === 0) {
      emit(isArray ? '[]' : '{}');
      return;
    }
    emit(isArray ? '[' : '{');
    newline();
    entries.forEach(([k, x], i) => {
      const startLine = lines.length;
      emit(indent + '  ' + (isArray ? '' : JSON.stringify(k) + ': '));
      value(x, indent + '  ', !isArray && k === 'States');
      if (i < entries.length - 1) emit(',');
      if (inStates) ranges.set(k, [startLine, lines.length]);
      newline();
    });
    emit(indent + (isArray ? ']' : '}'));
  };
  value(definition, '', false);
  newline();
  return { lines, ranges };
}

