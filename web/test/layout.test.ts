import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { JUMP_LAYERS, LARGE_SCOPE, layoutInput, walkNodes, type GraphNode, type GraphEdge } from '../src/model/layout';
import type { Definition } from '../src/model/asl';

const example = JSON.parse(
  readFileSync(new URL('../test/fixtures/vehicle-order-cancellation.asl.json', import.meta.url), 'utf8'),
) as Definition;

function find(root: GraphNode, id: string): GraphNode {
  for (const { node } of walkNodes(root)) if (node.id === id) return node;
  throw new Error(`no node ${id}`);
}
function edgesOf(node: GraphNode): GraphEdge[] {
  return node.edges ?? [];
}
function edge(node: GraphNode, from: string, to: string): GraphEdge | undefined {
  return edgesOf(node).find((e) => e.sources[0] === from && e.targets[0] === to);
}

test('top-level states, start and end markers', () => {
  const g = layoutInput(example);
  const ids = (g.children ?? []).map((c) => c.id);
  assert.ok(ids.includes('start:root'));
  assert.ok(ids.includes('end:root'));
  assert.ok(ids.includes('s:SetCancellationMeta'));
  assert.ok(!ids.includes('s:ReleaseInventory'), 'branch states are inside the Parallel');
  assert.equal(edge(g, 'start:root', 's:SetCancellationMeta')?.kind, 'start');
  assert.equal(edge(g, 's:CancellationComplete', 'end:root')?.kind, 'end');
  assert.equal(edge(g, 's:CancellationFailed', 'end:root')?.kind, 'end');
  assert.equal(edge(g, 's:SetCancellationMeta', 's:ValidateCancellationEligibility')?.kind, 'next');
});

test('Parallel is a container of branch containers', () => {
  const g = layoutInput(example);
  const parallel = find(g, 's:InventoryAndCreditReversal');
  assert.equal(parallel.children?.length, 2);
  assert.deepEqual(parallel.children?.map((c) => c.kind), ['branch', 'branch']);
  const b0 = find(g, 'b:InventoryAndCreditReversal:0');
  assert.ok(b0.children?.some((c) => c.id === 's:ReleaseInventory'));
  assert.equal(edge(b0, 'start:b:InventoryAndCreditReversal:0', 's:ReleaseInventory')?.kind, 'start');
  assert.equal(edge(b0, 's:ReleaseInventory', 'end:b:InventoryAndCreditReversal:0')?.kind, 'end');
  assert.ok(parallel.layoutOptions?.['elk.algorithm'] === 'layered');
  assert.equal(parallel.width, undefined, 'containers are sized by elk');
});

test('Map processor states sit in the Map node', () => {
  const def: Definition = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: 'x', End: true } } },
        End: true,
      },
    },
  };
  const g = layoutInput(def);
  const map = find(g, 's:Each');
  assert.deepEqual(map.children?.map((c) => c.id).sort(), ['end:s:Each', 's:Work', 'start:s:Each']);
  assert.equal(edge(map, 'start:s:Each', 's:Work')?.kind, 'start');
  // The older Iterator field works the same way.
  const old = layoutInput({ StartAt: 'M', States: { M: { Type: 'Map', Iterator: def.States.Each!.ItemProcessor, End: true } } });
  assert.ok(find(old, 's:M').children?.some((c) => c.id === 's:Work'));
});

test('Choice rules and Default are labelled edges', () => {
  const g = layoutInput(example);
  const rule = edge(g, 's:IsCancellationEligible', 's:ProductionSettlementHold');
  assert.equal(rule?.kind, 'choice');
  assert.equal(rule?.labels?.[0]?.text, '$.validation.Payload.isValid == true');
  const def = edge(g, 's:IsCancellationEligible', 's:RejectCancellation');
  assert.equal(def?.kind, 'default');
  assert.equal(def?.labels?.[0]?.text, 'Default');
  assert.ok((rule?.labels?.[0]?.width ?? 0) > 0);
});

test('compound and JSONata rules render readably', () => {
  const g = layoutInput({
    StartAt: 'C',
    States: {
      C: {
        Type: 'Choice',
        Choices: [
          { And: [{ Variable: '$.n', NumericGreaterThanEquals: 10 }, { Variable: '$.s', StringMatches: 'a*' }], Next: 'A' },
          { Not: { Variable: '$.x', IsPresent: true }, Next: 'B' },
          { Variable: '$.a', StringEqualsPath: '$.b', Next: 'A' },
          { Condition: '{% $states.input.total > 100 %}', Next: 'B' },
        ],
      },
      A: { Type: 'Succeed' },
      B: { Type: 'Fail' },
    },
  });
  const labels = edgesOf(g).filter((e) => e.kind === 'choice').map((e) => e.labels?.[0]?.text);
  assert.deepEqual(labels, [
    '$.n >= 10 and $.s like "a*"',
    'not $.x is present',
    '$.a == $.b',
    '{% $states.input.total > 100 %}',
  ]);
});

test('Catch edges carry ErrorEquals, retries mark the state', () => {
  const g = layoutInput(example);
  const c = edge(g, 's:ValidateCancellationEligibility', 's:CancellationFailed');
  assert.equal(c?.kind, 'catch');
  assert.equal(c?.labels?.[0]?.text, 'States.ALL');
  assert.equal(find(g, 's:ValidateCancellationEligibility').retry, 3);
  assert.equal(find(g, 's:ReleaseInventory').retry, 2);
  assert.equal(find(g, 's:SetCancellationMeta').retry, undefined);
});

test('broken definitions still give a graph', () => {
  const g = layoutInput({ StartAt: 'Nope', States: { A: { Type: 'Pass', Next: 'Missing' } } } as Definition);
  assert.deepEqual(edgesOf(g), []);
  assert.ok(g.children?.some((c) => c.id === 's:A'));
  assert.equal(layoutInput({} as Definition).children?.length, 1);
});

test('edge and node ids are unique', () => {
  const g = layoutInput(example);
  const ids = new Set<string>();
  for (const { node } of walkNodes(g)) {
    for (const id of [node.id, ...(node.edges ?? []).map((e) => e.id)]) {
      assert.ok(!ids.has(id), id);
      ids.add(id);
    }
  }
});

test('large scopes are laid out for speed, small ones with full effort', () => {
  const states: Definition['States'] = {};
  for (let i = 0; i < LARGE_SCOPE; i++) states[`S${i}`] = { Type: 'Pass', ...(i + 1 < LARGE_SCOPE ? { Next: `S${i + 1}` } : { End: true }) };
  const large = layoutInput({ StartAt: 'S0', States: states });
  assert.equal(large.layoutOptions?.['elk.layered.crossingMinimization.strategy'], 'NONE');
  assert.equal(large.layoutOptions?.['elk.layered.cycleBreaking.strategy'], 'DEPTH_FIRST');
  assert.equal(large.layoutOptions?.['elk.hierarchyHandling'], 'SEPARATE_CHILDREN', 'the root keeps its own options');
  const small = layoutInput(example);
  for (const { node } of walkNodes(small)) {
    assert.equal(node.layoutOptions?.['elk.layered.crossingMinimization.strategy'], undefined, node.id);
  }
});

/** A chain of `length` Tasks, each caught (States.ALL) by one handler after the chain. */
function caughtChain(length: number): Definition {
  const states: Definition['States'] = {};
  for (let i = 0; i < length; i++) {
    states[`S${i}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Next: i + 1 < length ? `S${i + 1}` : 'Done',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }],
    };
  }
  states['Done'] = { Type: 'Succeed' };
  states['Handle'] = { Type: 'Fail' };
  return { StartAt: 'S0', States: states };
}

/** Each transition of a scope as `from -> to` (a jump marker counts as its target, any end marker as the end). */
function transitions(scope: GraphNode): string[] {
  const jumps = new Map<string, string>();
  for (const c of scope.children ?? []) {
    if (c.kind === 'jump') jumps.set(c.id, `s:${c.target}`);
    if (c.kind === 'end') jumps.set(c.id, `end:${scope.id}`);
  }
  return edgesOf(scope).map((e) => `${e.sources[0]} -> ${jumps.get(e.targets[0]!) ?? e.targets[0]}`).sort();
}

test('in a large scope, edges to a state many layers away end in jump markers', () => {
  const g = layoutInput(caughtChain(LARGE_SCOPE));
  const jumps = (g.children ?? []).filter((c) => c.kind === 'jump');
  // By distance from the start, Si is i + 1 and Handle 2 (S0's catcher): the
  // catchers of S0…S(JUMP_LAYERS + 1) span at most JUMP_LAYERS.
  assert.equal(jumps.length, LARGE_SCOPE - (JUMP_LAYERS + 2));
  for (const j of jumps) {
    assert.equal(j.target, 'Handle');
    assert.equal(j.name, '→ Handle');
    const into = edgesOf(g).filter((e) => e.targets[0] === j.id);
    assert.equal(into.length, 1, 'one edge per marker');
    assert.equal(into[0]!.kind, 'catch');
    assert.deepEqual(into[0]!.labels?.map((l) => l.text), ['States.ALL']);
  }
  assert.ok(edge(g, 's:S0', 's:Handle'), 'a short catch edge stays an edge');
  assert.ok(!edge(g, `s:S${LARGE_SCOPE - 1}`, 's:Handle'), 'a long one does not');
  assert.ok(edge(g, `s:S${LARGE_SCOPE - 2}`, `s:S${LARGE_SCOPE - 1}`), 'the flow itself is drawn');
  // Handle ends near the start, Done after the chain: each has an end marker beside it.
  assert.ok(edge(g, 's:Handle', 'end:root'));
  const doneEnd = edgesOf(g).find((e) => e.sources[0] === 's:Done')!.targets[0]!;
  assert.equal(find(g, doneEnd).kind, 'end');
  assert.notEqual(doneEnd, 'end:root');
});

test('jump markers keep every transition', () => {
  const big = caughtChain(LARGE_SCOPE);
  const withJumps = layoutInput(big);
  // The same transitions, counted without markers: the expected list, by hand.
  const expected = ['start:root -> s:S0', 's:Done -> end:root', 's:Handle -> end:root'];
  for (let i = 0; i < LARGE_SCOPE; i++) {
    expected.push(`s:S${i} -> s:${i + 1 < LARGE_SCOPE ? `S${i + 1}` : 'Done'}`, `s:S${i} -> s:Handle`);
  }
  assert.deepEqual(transitions(withJumps), expected.sort());
});

test('small machines draw every edge', () => {
  for (const definition of [example, caughtChain(20)]) {
    for (const { node } of walkNodes(layoutInput(definition))) assert.notEqual(node.kind, 'jump', node.id);
  }
});
