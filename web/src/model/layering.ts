// layerGraph: the steps of a layered (Sugiyama-style) drawing of one scope, for fastLayout:
// back edges reversed (depth first from the start), layers by longest path, a dummy node
// wherever an edge crosses a layer, order within layers by barycenter sweeps, and x by
// aligned blocks (placement.ts). y and edge points are fastLayout's.
import type { GraphEdge, GraphNode } from './layout';
import { placeX } from './placement';

export interface LayerNode {
  /** Undefined for a dummy (a point an edge passes through). */
  graphNode?: GraphNode;
  width: number;
  height: number;
  layer: number;
  /** Centre. */
  x: number;
  top: number;
  selfLoop: boolean;
  /** The vertical block it was aligned into (placement.ts): its top node. */
  block: number;
  /** Neighbours in the layer above and below, one entry per edge. */
  above: number[];
  below: number[];
}

export interface Route {
  edge: GraphEdge;
  /** Nodes from the upper end to the lower, dummies between; one node for a self loop. */
  chain: number[];
  /** The edge goes up: it runs from the chain's last node to its first. */
  reversed: boolean;
}

export interface Layered {
  nodes: LayerNode[];
  layers: number[][];
  routes: Route[];
  /** Where the hop between v and its neighbour `other` leaves v's top ('above') or bottom ('below'). */
  portX(v: number, other: number, side: 'above' | 'below'): number;
}

export function pushTo<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

const SWEEPS = 4;
const DUMMY_GAP = 10;

export function layerGraph(children: GraphNode[], edges: GraphEdge[], nodeGap: number): Layered {
  const index = new Map(children.map((c, i) => [c.id, i]));
  const nodes: LayerNode[] = children.map((c) => ({
    graphNode: c, width: c.width ?? 0, height: c.height ?? 0, layer: 0, x: 0, top: 0, selfLoop: false, above: [], below: [], block: 0,
  }));
  const links = edges
    .map((edge) => ({ edge, from: index.get(edge.sources[0]!), to: index.get(edge.targets[0]!) }))
    .filter((l): l is { edge: GraphEdge; from: number; to: number } => l.from !== undefined && l.to !== undefined);

  const { back, preorder } = depthFirst(children.length, links, children.findIndex((c) => c.kind === 'start'));
  const down = links.map((l, i) => (back.has(i) ? { ...l, from: l.to, to: l.from } : l));
  longestPathLayers(nodes, down.filter((l) => l.from !== l.to));

  // Dummies: every edge becomes hops between adjacent layers.
  const routes: Route[] = [];
  const key: number[] = [...preorder];
  down.forEach((l, i) => {
    if (l.from === l.to) {
      nodes[l.from]!.selfLoop = true;
      routes.push({ edge: l.edge, chain: [l.from], reversed: false });
      return;
    }
    const chain = [l.from];
    for (let layer = nodes[l.from]!.layer + 1; layer < nodes[l.to]!.layer; layer++) {
      nodes.push({ width: 0, height: 0, layer, x: 0, top: 0, selfLoop: false, above: [], below: [], block: 0 });
      key.push(preorder[l.from]! + 0.5);
      chain.push(nodes.length - 1);
    }
    chain.push(l.to);
    for (let k = 0; k + 1 < chain.length; k++) {
      nodes[chain[k]!]!.below.push(chain[k + 1]!);
      nodes[chain[k + 1]!]!.above.push(chain[k]!);
    }
    routes.push({ edge: l.edge, chain, reversed: back.has(i) });
  });

  const layers: number[][] = [];
  nodes.forEach((n, v) => (layers[n.layer] ??= []).push(v));
  for (let l = 0; l < layers.length; l++) layers[l] ??= [];
  for (const layer of layers) layer.sort((a, b) => key[a]! - key[b]! || a - b);
  orderLayers(nodes, layers);

  const gap = (a: number, b: number): number => (nodes[a]!.graphNode || nodes[b]!.graphNode ? nodeGap : DUMMY_GAP);
  placeX(nodes, layers, gap);
  return { nodes, layers, routes, portX: ports(nodes) };
}

/** Edges back to a node still on the depth-first path from the start (then from any node not reached). */
function depthFirst(count: number, links: { from: number; to: number }[], start: number): { back: Set<number>; preorder: number[] } {
  const out: number[][] = Array.from({ length: count }, () => []);
  links.forEach((l, i) => out[l.from]!.push(i));
  const state = new Array<number>(count).fill(0); // 0 unseen, 1 on the path, 2 done
  const preorder = new Array<number>(count).fill(0);
  const back = new Set<number>();
  let seen = 0;
  const visit = (root: number): void => {
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    preorder[root] = seen++;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [v, next] = top;
      if (next === out[v]!.length) {
        state[v] = 2;
        stack.pop();
        continue;
      }
      top[1]++;
      const i = out[v]![next]!;
      const w = links[i]!.to;
      if (state[w] === 1) back.add(i);
      else if (state[w] === 0) {
        state[w] = 1;
        preorder[w] = seen++;
        stack.push([w, 0]);
      }
    }
  };
  if (start >= 0) visit(start);
  for (let v = 0; v < count; v++) if (state[v] === 0) visit(v);
  return { back, preorder };
}

/** Each node one layer below its lowest predecessor (Kahn's order over the acyclic edges). */
function longestPathLayers(nodes: LayerNode[], links: { from: number; to: number }[]): void {
  const indegree = new Array<number>(nodes.length).fill(0);
  const out: number[][] = nodes.map(() => []);
  for (const l of links) {
    indegree[l.to]!++;
    out[l.from]!.push(l.to);
  }
  const queue = nodes.map((_, v) => v).filter((v) => indegree[v] === 0);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of out[v]!) {
      nodes[w]!.layer = Math.max(nodes[w]!.layer, nodes[v]!.layer + 1);
      indegree[w] = indegree[w]! - 1;
      if (indegree[w] === 0) queue.push(w);
    }
  }
}

/** Barycenter sweeps down and up; the order with the fewest crossings wins. */
function orderLayers(nodes: LayerNode[], layers: number[][]): void {
  const position = new Array<number>(nodes.length).fill(0);
  const index = (): void => layers.forEach((layer) => layer.forEach((v, i) => (position[v] = i)));
  index();
  let best = layers.map((layer) => [...layer]);
  let fewest = crossings(nodes, layers, position);
  const sortBy = (layer: number[], neighbours: (v: number) => number[]): void => {
    const weight = new Map<number, number>();
    for (const v of layer) {
      const ns = neighbours(v);
      weight.set(v, ns.length ? ns.reduce((sum, w) => sum + position[w]!, 0) / ns.length : position[v]!);
    }
    layer.sort((a, b) => weight.get(a)! - weight.get(b)! || position[a]! - position[b]!);
    layer.forEach((v, i) => (position[v] = i));
  };
  for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
    for (let l = 1; l < layers.length; l++) sortBy(layers[l]!, (v) => nodes[v]!.above);
    for (let l = layers.length - 2; l >= 0; l--) sortBy(layers[l]!, (v) => nodes[v]!.below);
    const count = crossings(nodes, layers, position);
    if (count < fewest) [fewest, best] = [count, layers.map((layer) => [...layer])];
  }
  best.forEach((layer, l) => (layers[l] = layer));
}

function crossings(nodes: LayerNode[], layers: number[][], position: number[]): number {
  let count = 0;
  for (const layer of layers) {
    const hops: [number, number][] = [];
    for (const v of layer) for (const w of nodes[v]!.below) hops.push([position[v]!, position[w]!]);
    for (let i = 0; i < hops.length; i++) {
      for (let j = i + 1; j < hops.length; j++) {
        const [a, b] = [hops[i]!, hops[j]!];
        if ((a[0] - b[0]) * (a[1] - b[1]) < 0) count++;
      }
    }
  }
  return count;
}

/**
 * Hops spread along a node's top and bottom, in the order of the nodes they lead to; the
 * hop to the node aligned with it (its main path) leaves from the middle, so runs straight.
 */
function ports(nodes: LayerNode[]): Layered['portX'] {
  const sorted = new Map<string, number[]>();
  return (v, other, side) => {
    const n = nodes[v]!;
    if (!n.graphNode) return n.x;
    const key = `${v}:${side}`;
    let list = sorted.get(key);
    if (!list) {
      list = [...new Set(side === 'above' ? n.above : n.below)].sort((a, b) => nodes[a]!.x - nodes[b]!.x || a - b);
      sorted.set(key, list);
    }
    const i = list.indexOf(other);
    const middle = list.findIndex((w) => nodes[w]!.block === n.block);
    if (middle < 0) return n.x - n.width / 2 + (n.width * (i + 1)) / (list.length + 1);
    if (i === middle) return n.x;
    const half = n.width / 2;
    if (i < middle) return n.x - half + (half * (i + 1)) / (middle + 1);
    return n.x + (half * (i - middle)) / (list.length - middle);
  };
}
