// Where the graph's layout runs: elkjs in a Web Worker (dist/elk-worker.js, a
// same-origin file the page's CSP allows), so laying out a large machine never
// blocks the page (the history of an execution loads meanwhile). Layouts are
// cached by their input.
import ELK from 'elkjs/lib/elk-api.js';
import { LayoutCache } from '../model/layoutCache';
import type { GraphNode } from '../model/layout';

/** Copied from elkjs/lib/elk-worker.min.js by scripts/build.mjs. */
const WORKER_URL = 'elk-worker.js';
const CACHED_LAYOUTS = 16;

let elk: InstanceType<typeof ELK> | undefined;
const cache = new LayoutCache<GraphNode>(CACHED_LAYOUTS);

/** The graph laid out: positions and sizes of its nodes, edge sections and label places. */
export async function layOut(graph: GraphNode): Promise<GraphNode> {
  const key = JSON.stringify(graph);
  const cached = cache.get(key);
  if (cached) return cached;
  elk ??= new ELK({ workerUrl: WORKER_URL });
  const laid = (await elk.layout(graph as never)) as unknown as GraphNode;
  cache.set(key, laid);
  return laid;
}

/** Starts the worker now (its script loads and compiles while the page fetches the definition). */
export function prepareLayout(): void {
  elk ??= new ELK({ workerUrl: WORKER_URL });
}
