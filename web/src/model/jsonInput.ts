// Checking JSON typed by a person: the value, or where and why it broke.
// JSON.parse's messages do not always give a position (V8 before 2023 did,
// newer ones quote the text instead), so a small scanner finds it.

export type JsonCheck =
  | { ok: true; value: unknown }
  | { ok: false; message: string; position: number; line: number; column: number };

export function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(position, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

class Fault {
  constructor(
    readonly position: number,
    readonly message: string,
  ) {}
}

/** The position and reason of the first syntax error, or undefined when the text is JSON. */
export function findJsonError(text: string): Fault | undefined {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Fault(i, i >= text.length ? `Unexpected end of input: expected ${what}` : `Unexpected ${JSON.stringify(text[i])}: expected ${what}`);
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(word);
  };
  const string = (): void => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            fail('four hex digits');
          }
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else {
          i++;
          fail('an escape character');
        }
      } else if (c.charCodeAt(0) < 0x20) fail('a closing quote (control characters must be escaped)');
      else i++;
    }
    fail('a closing quote');
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '-' || m[0] === '') fail('a value');
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a member name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail("':'");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail("',' or '}'");
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail("',' or ']'");
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail('a value');
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of input');
    return undefined;
  } catch (e) {
    if (e instanceof Fault) return e;
    throw e;
  }
}

export function checkJson(text: string): JsonCheck {
  const fault = findJsonError(text);
  if (!fault) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch (e) {
      // Should not happen: the scanner accepts only JSON.
      return { ok: false, message: String(e), position: 0, line: 1, column: 1 };
    }
  }
  return { ok: false, message: fault.message, position: fault.position, ...lineColumn(text, fault.position) };
}
