// layoutInput: the ASL definition as an ELK graph (layered, hierarchical).
// Pure: no DOM, no elkjs call; the graph view hands the result to elkjs.
//
// Ids: a state is `s:<name>`; a Parallel branch container `b:<parallel>:<i>`;
// each scope has `start:<scope>` and `end:<scope>` markers, and a large scope
// `j:<scope>:<n>` jump markers and more end markers `end:<scope>:<n>` (see
// jumpLongEdges). Edges always join siblings,
// so each lives in its scope's `edges` and its coordinates are relative to that
// scope.
import { innerScopes, type Definition, type ScopeDef, type StateDef } from './asl';
import { clip, ruleLabel } from './choiceLabel';

export type NodeKind = 'state' | 'branch' | 'start' | 'end' | 'jump';
export type EdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface GraphLabel {
  text: string;
  /** The unclipped text (a tooltip). */
  full?: string;
  width: number;
  height: number;
  x?: number;
  y?: number;
}

export interface GraphEdge {
  id: string;
  sources: string[];
  targets: string[];
  kind: EdgeKind;
  labels?: GraphLabel[];
  sections?: { startPoint: Pt; endPoint: Pt; bendPoints?: Pt[] }[];
}

export interface Pt {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** State name (kind 'state'), or the branch/marker's caption. */
  name: string;
  /** Kind 'jump': the state the marker stands for (the edge's real target). */
  target?: string;
  stateType?: string;
  /** Sum of MaxAttempts over the Retry rules (3 when a rule leaves it out, as AWS). */
  retry?: number;
  retryTitle?: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  children?: GraphNode[];
  edges?: GraphEdge[];
  layoutOptions?: Record<string, string>;
}

export const STATE_HEIGHT = 44;
export const MARKER_SIZE = 18;
const CHAR_WIDTH = 7;
const LABEL_CHAR_WIDTH = 6.2;

export function textWidth(text: string, charWidth = CHAR_WIDTH): number {
  return Math.ceil(text.length * charWidth);
}

const CONTAINER_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.padding': '[top=34,left=14,bottom=14,right=14]',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.edgeLabel': '4',
  'elk.edgeLabels.inline': 'false',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'ORTHOGONAL',
};

/**
 * A scope with more nodes than this is laid out for speed (bench/web: a 200-state
 * machine). Crossing minimization, more than half of elkjs's time there, is left
 * out: nodes keep the definition's order in each layer. Loops are found depth first
 * from the start marker, so only the edges that really go back point up (elk's
 * default, greedy, turned the stages of a long pipeline into a wide staircase).
 * Smaller scopes keep elk's full effort.
 */
export const LARGE_SCOPE = 40;
/** In a large scope, an edge spanning more layers than this becomes a jump marker. */
export const JUMP_LAYERS = 6;
const LARGE_SCOPE_OPTIONS: Record<string, string> = {
  'elk.layered.crossingMinimization.strategy': 'NONE',
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
};

function label(text: string): GraphLabel {
  const clipped = clip(text);
  const out: GraphLabel = { text: clipped, width: textWidth(clipped, LABEL_CHAR_WIDTH) + 8, height: 16 };
  if (clipped !== text) out.full = text;
  return out;
}

function stateNode(name: string, state: StateDef): GraphNode {
  const node: GraphNode = { id: `s:${name}`, kind: 'state', name, stateType: state.Type };
  const retriers = Array.isArray(state.Retry) ? state.Retry : [];
  if (retriers.length) {
    node.retry = retriers.reduce((sum, r) => sum + (typeof r.MaxAttempts === 'number' ? r.MaxAttempts : 3), 0);
    node.retryTitle = retriers
      .map((r) => `${(r.ErrorEquals ?? []).join(', ')}: ${r.MaxAttempts ?? 3} attempts`)
      .join('\n');
  }
  const inner = innerScopes(state);
  if (inner.length === 0) {
    node.width = Math.max(130, textWidth(name) + 40);
    node.height = STATE_HEIGHT;
    return node;
  }
  node.layoutOptions = { ...CONTAINER_OPTIONS };
  if (state.Type === 'Parallel') {
    node.children = inner.map((branch, i) => {
      const scopeId = `b:${name}:${i}`;
      const b: GraphNode = { id: scopeId, kind: 'branch', name: `Branch ${i + 1}`, layoutOptions: { ...CONTAINER_OPTIONS } };
      fillScope(b, branch, scopeId);
      return b;
    });
    node.edges = [];
    node.layoutOptions['elk.direction'] = 'RIGHT';
  } else {
    fillScope(node, inner[0]!, `s:${name}`);
  }
  return node;
}

/** Children and edges of one scope (root, branch, Map processor). */
function fillScope(container: GraphNode, scope: ScopeDef, scopeId: string): void {
  const states = scope && typeof scope.States === 'object' && scope.States ? scope.States : {};
  const names = new Set(Object.keys(states));
  const children: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const startId = `start:${scopeId}`;
  const endId = `end:${scopeId}`;
  let endUsed = false;
  let n = 0;
  const edge = (from: string, to: string, kind: EdgeKind, text?: string): void => {
    const e: GraphEdge = { id: `e:${scopeId}:${n++}`, sources: [from], targets: [to], kind };
    if (text !== undefined) e.labels = [label(text)];
    edges.push(e);
  };
  const toState = (from: string, target: unknown, kind: EdgeKind, text?: string): void => {
    if (typeof target === 'string' && names.has(target)) edge(from, `s:${target}`, kind, text);
  };

  children.push({ id: startId, kind: 'start', name: 'Start', width: MARKER_SIZE, height: MARKER_SIZE });
  toState(startId, scope?.StartAt, 'start');

  for (const [name, state] of Object.entries(states)) {
    if (!state || typeof state !== 'object') continue;
    children.push(stateNode(name, state));
    const id = `s:${name}`;
    if (state.Type === 'Choice') {
      (Array.isArray(state.Choices) ? state.Choices : []).forEach((rule) => toState(id, rule?.Next, 'choice', ruleLabel(rule)));
      toState(id, state.Default, 'default', 'Default');
    } else {
      toState(id, state.Next, 'next');
    }
    for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
      toState(id, catcher?.Next, 'catch', (catcher?.ErrorEquals ?? []).join(', '));
    }
    if (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail') {
      edge(id, endId, 'end');
      endUsed = true;
    }
  }
  if (endUsed) children.push({ id: endId, kind: 'end', name: 'End', width: MARKER_SIZE, height: MARKER_SIZE });
  if (children.length > LARGE_SCOPE) {
    container.layoutOptions = { ...container.layoutOptions, ...LARGE_SCOPE_OPTIONS };
    jumpLongEdges(children, edges, startId, scopeId);
  }
  container.children = children;
  container.edges = edges;
}

/**
 * Long edges made short: an edge between states more than JUMP_LAYERS apart (by
 * their distance from the start) ends instead in a small jump marker naming its
 * target, placed beside its source; a long edge to the end marker, in an end
 * marker of its own. elk routes a long edge through a dummy node
 * in every layer it crosses: in the 200-state bench machine the catch-all
 * catchers running to one failure handler made ~1,200 of them beside 200 states.
 */
function jumpLongEdges(children: GraphNode[], edges: GraphEdge[], startId: string, scopeId: string): void {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.sources[0]!) ?? [];
    list.push(e.targets[0]!);
    out.set(e.sources[0]!, list);
  }
  const depth = new Map([[startId, 0]]);
  for (const queue = [startId]; queue.length; ) {
    const at = queue.shift()!;
    for (const next of out.get(at) ?? []) {
      if (depth.has(next)) continue;
      depth.set(next, depth.get(at)! + 1);
      queue.push(next);
    }
  }
  let n = 0;
  for (const e of edges) {
    const [from, to] = [depth.get(e.sources[0]!), depth.get(e.targets[0]!)];
    if (from === undefined || to === undefined || Math.abs(to - from) <= JUMP_LAYERS) continue;
    if (e.targets[0]!.startsWith('end:')) {
      // An end marker of its own, beside the state that ends.
      const id = `${e.targets[0]}:${n++}`;
      children.push({ id, kind: 'end', name: 'End', width: MARKER_SIZE, height: MARKER_SIZE });
      e.targets = [id];
      continue;
    }
    const target = e.targets[0]!.slice(2);
    const text = `→ ${target}`;
    const id = `j:${scopeId}:${n++}`;
    children.push({ id, kind: 'jump', name: text, target, width: textWidth(text, LABEL_CHAR_WIDTH) + 14, height: 20 });
    e.targets = [id];
  }
}

export function layoutInput(definition: Definition): GraphNode {
  const root: GraphNode = {
    id: 'root',
    kind: 'branch',
    name: '',
    layoutOptions: {
      ...CONTAINER_OPTIONS,
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
      'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
    },
  };
  fillScope(root, definition, 'root');
  return root;
}

/** Every node of the graph, depth first, with its absolute offset. */
export function* walkNodes(node: GraphNode, dx = 0, dy = 0): Generator<{ node: GraphNode; x: number; y: number }> {
  const x = dx + (node.x ?? 0);
  const y = dy + (node.y ?? 0);
  yield { node, x, y };
  for (const child of node.children ?? []) yield* walkNodes(child, x, y);
}
