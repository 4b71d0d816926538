// fastLayout: a layered (Sugiyama-style) top-to-bottom drawing of a large machine,
// in milliseconds, where elkjs takes 0.4-1.5 s (its compiled Java is slow to warm up).
// Same output shape as elk's: node x/y/width/height relative to their container,
// edge sections and label positions relative to the scope the edge lives in.
// Pure: runs in the page.
import { walkNodes, type GraphEdge, type GraphNode, type Pt } from './layout';
import { layerGraph, pushTo, type Layered } from './layering';

/** Machines with more states than this (in all scopes) are drawn by fastLayout, smaller ones by elk. */
export const FAST_LAYOUT_STATES = 60;

export function wantsFastLayout(graph: GraphNode): boolean {
  let states = 0;
  for (const { node } of walkNodes(graph)) if (node.kind === 'state') states++;
  return states > FAST_LAYOUT_STATES;
}

export function fastLayout(graph: GraphNode): GraphNode {
  const out = JSON.parse(JSON.stringify(graph)) as GraphNode;
  layOutScope(out);
  out.x = 0;
  out.y = 0;
  return out;
}

interface Spacing {
  top: number;
  left: number;
  bottom: number;
  right: number;
  node: number;
  layer: number;
}

/** The container's elk options, read so both layouts share one set of numbers (layout.ts). */
function spacingOf(container: GraphNode): Spacing {
  const options = container.layoutOptions ?? {};
  const padding = options['elk.padding'] ?? '';
  const side = (name: string): number => Number(new RegExp(`${name}=(\\d+)`).exec(padding)?.[1] ?? 12);
  return {
    top: side('top'),
    left: side('left'),
    bottom: side('bottom'),
    right: side('right'),
    node: Number(options['elk.spacing.nodeNode'] ?? 28),
    layer: Number(options['elk.layered.spacing.nodeNodeBetweenLayers'] ?? 36),
  };
}

/** Inner scopes first, so each container is then a node of its measured size. */
function layOutScope(container: GraphNode): void {
  const children = container.children ?? [];
  for (const child of children) if (child.children) layOutScope(child);
  for (const child of children) {
    child.width ??= 0;
    child.height ??= 0;
  }
  const spacing = spacingOf(container);
  const edges = container.edges ?? [];
  const content = edges.length ? layered(children, edges, spacing) : row(children, spacing);
  container.width = spacing.left + content.width + spacing.right;
  container.height = spacing.top + content.height + spacing.bottom;
}

/** Unconnected children (a Parallel's branches) side by side. */
function row(children: GraphNode[], spacing: Spacing): { width: number; height: number } {
  let x = 0;
  let height = 0;
  for (const child of children) {
    child.x = spacing.left + x;
    child.y = spacing.top;
    x += child.width! + spacing.node;
    height = Math.max(height, child.height!);
  }
  return { width: Math.max(0, x - spacing.node), height };
}

/** The height of a row of edge labels. */
const LABEL_ROW = 20;
/** How far a self loop stands out to the right of its state. */
const LOOP = 14;

/**
 * Where an edge's label sits: on its first hop, beside the line into the hop's far end, in a
 * row of its own in that gap (at the gap's bottom going down, at its top for a back edge).
 */
interface LabelSlot {
  route: number;
  gap: number;
  atTop: boolean;
  x: number;
  row: number;
}

function labelSlots(g: Layered): LabelSlot[] {
  const slots: LabelSlot[] = [];
  g.routes.forEach((route, r) => {
    const { chain } = route;
    if (!route.edge.labels?.length || chain.length < 2) return;
    const [near, far] = route.reversed ? [chain[chain.length - 1]!, chain[chain.length - 2]!] : [chain[0]!, chain[1]!];
    const x = g.portX(far, near, route.reversed ? 'below' : 'above');
    slots.push({ route: r, gap: g.nodes[route.chain[0]!]!.layer + (route.reversed ? chain.length - 2 : 0), atTop: route.reversed, x, row: 0 });
  });
  const rows = new Map<string, LabelSlot[]>();
  for (const slot of slots) {
    const key = `${slot.gap}:${slot.atTop}`;
    pushTo(rows, key, slot);
  }
  for (const list of rows.values()) list.sort((a, b) => a.x - b.x).forEach((slot, i) => (slot.row = i));
  return slots;
}

function layered(children: GraphNode[], edges: GraphEdge[], spacing: Spacing): { width: number; height: number } {
  const g = layerGraph(children, edges, spacing.node);
  const layerCount = g.layers.length;

  // y: each layer as tall as its tallest node; the gap under it, taller by its rows of labels.
  const slots = labelSlots(g);
  const topRows = new Array<number>(layerCount).fill(0);
  const bottomRows = new Array<number>(layerCount).fill(0);
  for (const slot of slots) {
    const rows = slot.atTop ? topRows : bottomRows;
    rows[slot.gap] = Math.max(rows[slot.gap]!, slot.row + 1);
  }
  const layerTop: number[] = [];
  const layerBottom: number[] = [];
  let y = spacing.top;
  for (let l = 0; l < layerCount; l++) {
    if (l > 0) y += (topRows[l - 1]! + bottomRows[l - 1]!) * LABEL_ROW + spacing.layer;
    layerTop.push(y);
    y += Math.max(0, ...g.layers[l]!.map((v) => g.nodes[v]!.height));
    layerBottom.push(y);
  }

  const dx = spacing.left - Math.min(...g.nodes.map((n) => n.x - n.width / 2));
  let right = 0;
  for (const n of g.nodes) {
    n.x += dx;
    n.top = (layerTop[n.layer]! + layerBottom[n.layer]! - n.height) / 2;
    right = Math.max(right, n.x + n.width / 2 + (n.selfLoop ? LOOP : 0));
    if (n.graphNode) {
      n.graphNode.x = n.x - n.width / 2;
      n.graphNode.y = n.top;
    }
  }

  const channelTop = layerBottom.map((bottom, l) => bottom + topRows[l]! * LABEL_ROW);
  const bendY = channels(g, channelTop, spacing.layer);
  g.routes.forEach((_, r) => routeEdge(g, r, bendY));
  for (const slot of slots) {
    const label = g.routes[slot.route]!.edge.labels![0]!;
    const rowsTop = slot.atTop ? layerBottom[slot.gap]! : layerTop[slot.gap + 1]! - bottomRows[slot.gap]! * LABEL_ROW;
    label.x = slot.x + dx - label.width / 2;
    label.y = rowsTop + slot.row * LABEL_ROW + (LABEL_ROW - label.height) / 2;
  }
  right = Math.max(right, ...slots.map((slot) => { const l = g.routes[slot.route]!.edge.labels![0]!; return l.x! + l.width; }));
  return { width: right - spacing.left, height: y - spacing.top };
}

/**
 * The height of each hop's horizontal run: hops with a bend in the same gap get
 * their own heights, spread over the gap's channel, so two edges never share a line.
 */
function channels(g: Layered, channelTop: number[], gap: number): Map<string, number> {
  const hops = new Map<number, { key: string; x: number }[]>();
  g.routes.forEach((route, r) => {
    for (let k = 0; k + 1 < route.chain.length; k++) {
      const [u, w] = [route.chain[k]!, route.chain[k + 1]!];
      const from = g.portX(u, w, 'below');
      if (Math.abs(from - g.portX(w, u, 'above')) < 0.5) continue;
      const layer = g.nodes[u]!.layer;
      pushTo(hops, layer, { key: `${r}:${k}`, x: from });
    }
  });
  const bendY = new Map<string, number>();
  for (const [layer, list] of hops) {
    list.sort((a, b) => a.x - b.x);
    list.forEach((hop, i) => bendY.set(hop.key, channelTop[layer]! + (gap * (i + 1)) / (list.length + 1)));
  }
  return bendY;
}

/** An edge as a polyline: out of its source, down (or up) through its dummies' points, into its target. */
function routeEdge(g: Layered, r: number, bendY: Map<string, number>): void {
  const { edge, chain, reversed } = g.routes[r]!;
  if (chain.length === 1) {
    const n = g.nodes[chain[0]!]!;
    const [x, y1, y2] = [n.x + n.width / 2, n.top + n.height / 3, n.top + (2 * n.height) / 3];
    edge.sections = [{ startPoint: { x, y: y1 }, bendPoints: [{ x: x + LOOP, y: y1 }, { x: x + LOOP, y: y2 }], endPoint: { x, y: y2 } }];
    for (const label of edge.labels ?? []) [label.x, label.y] = [x + LOOP + 4, y1];
    return;
  }
  const first = g.nodes[chain[0]!]!;
  const last = g.nodes[chain[chain.length - 1]!]!;
  const points: Pt[] = [{ x: g.portX(chain[0]!, chain[1]!, 'below'), y: first.top + first.height }];
  for (let k = 0; k + 1 < chain.length; k++) {
    const y = bendY.get(`${r}:${k}`);
    if (y !== undefined) points.push({ x: g.portX(chain[k]!, chain[k + 1]!, 'below'), y }, { x: g.portX(chain[k + 1]!, chain[k]!, 'above'), y });
  }
  points.push({ x: g.portX(chain[chain.length - 1]!, chain[chain.length - 2]!, 'above'), y: last.top });
  if (reversed) points.reverse();
  const [startPoint, ...rest] = points;
  const endPoint = rest.pop()!;
  edge.sections = [{ startPoint: startPoint!, bendPoints: rest, endPoint }];
}
