import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { printDefinition } from '../src/model/printDefinition';

const example = JSON.parse(readFileSync(new URL('../test/fixtures/vehicle-order-cancellation.asl.json', import.meta.url), 'utf8'));

test('prints exactly as JSON.stringify(v, null, 2)', () => {
  const { lines } = printDefinition(example);
  assert.equal(lines.join('\n'), JSON.stringify(example, null, 2));
  assert.deepEqual(printDefinition({ a: [], b: {} }).lines, JSON.stringify({ a: [], b: {} }, null, 2).split('\n'));
});

test('each state, nested ones too, has the lines of its object', () => {
  const { lines, ranges } = printDefinition(example);
  for (const name of ['SetCancellationMeta', 'ReleaseInventory', 'CancellationFailed']) {
    const [a, b] = ranges.get(name)!;
    assert.match(lines[a]!, new RegExp(`^\\s+"${name}": \\{$`));
    assert.match(lines[b]!, /^\s+\},?$/);
    const text = '{' + lines.slice(a, b + 1).join('\n').replace(/,$/, '') + '}';
    assert.ok(JSON.parse(text)[name].Type, name);
  }
  assert.ok(!ranges.has('Parameters'));
});
