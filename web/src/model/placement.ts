// placeX: x of each node of a layered drawing whose layers are ordered (layering.ts).
// After Brandes and Köpf's idea, nodes are first aligned into vertical blocks, so a
// state's main path and long edges run straight down; the blocks are packed to the left,
// then each block moves, as far as its neighbours in the layers allow, towards the median
// of the nodes it is joined to.
import { pushTo, type LayerNode } from './layering';

const REFINE_PASSES = 8;

export function placeX(nodes: LayerNode[], layers: number[][], gap: (a: number, b: number) => number): void {
  const root = alignBlocks(nodes, layers);
  const x = compact(nodes, layers, root, gap);
  refine(nodes, layers, root, gap, x);
  nodes.forEach((n, v) => {
    n.x = x.get(root[v]!)!;
    n.block = root[v]!;
  });
}

/**
 * Top down, left to right: a node joins the block of a neighbour above whose main
 * path it is (its first edge down, in the definition's order: Next, a Choice's first
 * rule), the median of them if several, unless that would cross an alignment made
 * before it in this layer.
 */
function alignBlocks(nodes: LayerNode[], layers: number[][]): number[] {
  const position: number[] = [];
  layers.forEach((layer) => layer.forEach((v, i) => (position[v] = i)));
  const root = nodes.map((_, v) => v);
  for (let l = 1; l < layers.length; l++) {
    let rightmost = -1;
    for (const v of layers[l]!) {
      const above = [...new Set(nodes[v]!.above)].filter((u) => nodes[u]!.below[0] === v).sort((a, b) => position[a]! - position[b]!);
      if (!above.length) continue;
      for (const u of new Set([above[(above.length - 1) >> 1]!, above[above.length >> 1]!])) {
        if (position[u]! <= rightmost) continue;
        root[v] = root[u]!;
        rightmost = position[u]!;
        break;
      }
    }
  }
  return root;
}

/**
 * Each block's centre, packed to the left: the longest path over "block a is left of
 * block b by at least their half widths and the gap".
 */
function compact(nodes: LayerNode[], layers: number[][], root: number[], gap: (a: number, b: number) => number): Map<number, number> {
  const after = new Map<number, { block: number; distance: number }[]>();
  const pending = new Map<number, number>();
  for (const v of root) pending.set(v, 0);
  for (const layer of layers) {
    for (let i = 1; i < layer.length; i++) {
      const [a, b] = [layer[i - 1]!, layer[i]!];
      const distance = nodes[a]!.width / 2 + gap(a, b) + nodes[b]!.width / 2;
      const [from, to] = [root[a]!, root[b]!];
      pushTo(after, from, { block: to, distance });
      pending.set(to, pending.get(to)! + 1);
    }
  }
  const x = new Map<number, number>();
  for (const block of pending.keys()) x.set(block, 0);
  const queue = [...pending.keys()].filter((block) => pending.get(block) === 0);
  for (let head = 0; head < queue.length; head++) {
    const block = queue[head]!;
    for (const next of after.get(block) ?? []) {
      x.set(next.block, Math.max(x.get(next.block)!, x.get(block)! + next.distance));
      pending.set(next.block, pending.get(next.block)! - 1);
      if (pending.get(next.block) === 0) queue.push(next.block);
    }
  }
  return x;
}

/** Blocks moved towards the median of their outside neighbours, never past a neighbour in a layer. */
function refine(nodes: LayerNode[], layers: number[][], root: number[], gap: (a: number, b: number) => number, x: Map<number, number>): void {
  const members = new Map<number, number[]>();
  root.forEach((block, v) => members.set(block, [...(members.get(block) ?? []), v]));
  const [before, after] = [new Array<number>(nodes.length).fill(-1), new Array<number>(nodes.length).fill(-1)];
  for (const layer of layers) {
    for (let i = 1; i < layer.length; i++) [before[layer[i]!], after[layer[i - 1]!]] = [layer[i - 1]!, layer[i]!];
  }
  const distance = (a: number, b: number): number => nodes[a]!.width / 2 + gap(a, b) + nodes[b]!.width / 2;
  const outside = new Map<number, number[]>();
  for (const [block, vs] of members) {
    outside.set(block, vs.flatMap((v) => [...nodes[v]!.above, ...nodes[v]!.below]).filter((w) => root[w] !== block));
  }
  for (let pass = 0; pass < REFINE_PASSES; pass++) {
    for (const [block, vs] of members) {
      const joined = outside.get(block)!;
      if (!joined.length) continue;
      let [low, high] = [-Infinity, Infinity];
      for (const v of vs) {
        if (before[v]! >= 0) low = Math.max(low, x.get(root[before[v]!]!)! + distance(before[v]!, v));
        if (after[v]! >= 0) high = Math.min(high, x.get(root[after[v]!]!)! - distance(v, after[v]!));
      }
      x.set(block, Math.min(high, Math.max(low, median(joined.map((w) => x.get(root[w]!)!)))));
    }
  }
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
