import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJson, lineColumn } from '../src/model/jsonInput';

test('valid JSON gives its value', () => {
  assert.deepEqual(checkJson('{"a": [1, 2]}'), { ok: true, value: { a: [1, 2] } });
});

test('invalid JSON gives the position, line and column', () => {
  const r = checkJson('{\n  "a": 1,\n  "b": }');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.line, 3);
    assert.equal(r.column, 8);
    assert.match(r.message, /expected a value/);
    assert.equal(r.position, 19);
  }
  const end = checkJson('{"a": ');
  assert.equal(end.ok, false);
});

test('lineColumn counts from one', () => {
  assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  assert.deepEqual(lineColumn('', 0), { line: 1, column: 1 });
});

test('the scanner agrees with JSON.parse', () => {
  const good = ['0', '-1.5e3', '"a\\u00e9\\n"', '[]', '{}', ' [1, {"a": [true, false, null]}] ', '{"a":{"b":""}}'];
  const bad = ['', '01', '[1,]', '{"a" 1}', "{'a':1}", '"\\x"', '[1 2]', 'tru', '1 2', '"a\nb"', '-'];
  for (const t of good) assert.equal(checkJson(t).ok, true, t);
  for (const t of bad) {
    assert.equal(checkJson(t).ok, false, t);
    assert.throws(() => JSON.parse(t), SyntaxError, t);
  }
});
