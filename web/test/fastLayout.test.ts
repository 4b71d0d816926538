import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
// @ts-expect-error: the bench's generator is plain JavaScript, without types
import { bigMachine } from '../../bench/web/machines.mjs';
import { FAST_LAYOUT_STATES, fastLayout, wantsFastLayout } from '../src/model/fastLayout';
import { layoutInput, walkNodes, type GraphNode, type Pt } from '../src/model/layout';
import type { Definition } from '../src/model/asl';

const example = JSON.parse(
  readFileSync(new URL('../test/fixtures/vehicle-order-cancellation.asl.json', import.meta.url), 'utf8'),
) as Definition;
const big = layoutInput(bigMachine(20) as Definition);
const laid = fastLayout(big);

function* scopes(node: GraphNode): Generator<GraphNode> {
  if (node.children) yield node;
  for (const child of node.children ?? []) yield* scopes(child);
}

function inside(p: Pt, n: GraphNode): boolean {
  const e = 0.01;
  return p.x >= n.x! - e && p.x <= n.x! + n.width! + e && p.y >= n.y! - e && p.y <= n.y! + n.height! + e;
}

test('only machines of more than FAST_LAYOUT_STATES states take the fast layout', () => {
  assert.equal(wantsFastLayout(layoutInput(example)), false);
  assert.equal(wantsFastLayout(big), true);
  assert.ok(FAST_LAYOUT_STATES < 200);
});

test('every node is placed and sized', () => {
  let states = 0;
  for (const { node } of walkNodes(laid)) {
    if (node.kind === 'state') states++;
    for (const v of [node.x, node.y, node.width, node.height]) assert.ok(Number.isFinite(v), `${node.id}: ${v}`);
  }
  assert.equal(states, 200);
});

test('no two nodes of a scope overlap', () => {
  for (const scope of scopes(laid)) {
    const kids = scope.children!;
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const [a, b] = [kids[i]!, kids[j]!];
        const apart = a.x! + a.width! <= b.x! || b.x! + b.width! <= a.x! || a.y! + a.height! <= b.y! || b.y! + b.height! <= a.y!;
        assert.ok(apart, `${a.id} overlaps ${b.id}`);
      }
    }
  }
});

test('containers enclose their children', () => {
  for (const scope of scopes(laid)) {
    for (const child of scope.children!) {
      assert.ok(child.x! >= 0 && child.y! >= 0, child.id);
      assert.ok(child.x! + child.width! <= scope.width! && child.y! + child.height! <= scope.height!, `${child.id} in ${scope.id}`);
    }
  }
});

test('every edge runs from its source to its target', () => {
  for (const scope of scopes(laid)) {
    const byId = new Map(scope.children!.map((c) => [c.id, c]));
    for (const edge of scope.edges ?? []) {
      const section = edge.sections?.[0];
      assert.ok(section, `${edge.id} has a route`);
      assert.ok(inside(section.startPoint, byId.get(edge.sources[0]!)!), `${edge.id} leaves ${edge.sources[0]}`);
      assert.ok(inside(section.endPoint, byId.get(edge.targets[0]!)!), `${edge.id} reaches ${edge.targets[0]}`);
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      for (let i = 1; i < points.length; i++) {
        const [p, q] = [points[i - 1]!, points[i]!];
        assert.ok(p.x === q.x || p.y === q.y, `${edge.id}: segment ${i} is horizontal or vertical`);
      }
      for (const label of edge.labels ?? []) assert.ok(Number.isFinite(label.x) && Number.isFinite(label.y), edge.id);
    }
  }
});

test('the flow goes down: the start marker on top, most edges pointing down', () => {
  const kids = laid.children!;
  const start = kids.find((c) => c.kind === 'start')!;
  assert.equal(start.y, Math.min(...kids.map((c) => c.y!)));
  const edges = laid.edges!;
  const down = edges.filter((e) => e.sections![0]!.endPoint.y > e.sections![0]!.startPoint.y);
  assert.ok(down.length > edges.length * 0.8, `${down.length} of ${edges.length}`);
});

test('deterministic, and the input is left as it was', () => {
  const before = JSON.stringify(big);
  assert.deepEqual(fastLayout(big), laid);
  assert.equal(JSON.stringify(big), before);
});

test('a Parallel lays out its branches side by side', () => {
  const parallel = [...walkNodes(laid)].map((w) => w.node).find((n) => n.stateType === 'Parallel')!;
  const branches = parallel.children!;
  assert.ok(branches.length > 1);
  for (let i = 1; i < branches.length; i++) {
    assert.equal(branches[i]!.y, branches[0]!.y);
    assert.ok(branches[i]!.x! >= branches[i - 1]!.x! + branches[i - 1]!.width!);
  }
});
