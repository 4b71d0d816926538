// Where the graph's layout runs: a large machine's in the page (fastLayout.ts, a few
// ms), a smaller one's in elkjs in a Web Worker (dist/elk-worker.js, a same-origin
// file the page's CSP allows), elk's layouts cached by their input, in the page and
// in localStorage (layoutStore.ts). The worker starts with the first elk layout, not
// at page load: compiling its 1.6 MB script on 2 shared cores slowed a large
// machine's first paint by ~100-150 ms (bench/web, cold).
import ELK from 'elkjs/lib/elk-api.js';
import { fastLayout, wantsFastLayout } from '../model/fastLayout';
import { LayoutCache } from '../model/layoutCache';
import type { GraphNode } from '../model/layout';
import { storedLayout, storeLayout } from './layoutStore';

/** Copied from elkjs/lib/elk-worker.min.js by scripts/build.mjs. */
const WORKER_URL = 'elk-worker.js';
const CACHED_LAYOUTS = 16;

interface Runner {
  elk: InstanceType<typeof ELK>;
  /** Rejects if the worker fails (its script did not load, or threw): elk would never answer. */
  failed: Promise<never>;
}

let runner: Runner | undefined;
const cache = new LayoutCache<GraphNode>(CACHED_LAYOUTS);

function start(): Runner {
  let worker: Worker | undefined;
  // Only the layered algorithm: the worker sets up no other.
  const elk = new ELK({ algorithms: ['layered'], workerUrl: WORKER_URL, workerFactory: (url) => (worker = new Worker(url!)) });
  const failed = new Promise<never>((_, reject) => {
    worker!.addEventListener('error', () => {
      runner = undefined; // the next layout starts a new worker
      reject(new Error(`the graph's layout worker (${WORKER_URL}) failed`));
    });
  });
  failed.catch(() => {}); // seen by the layouts waiting on it
  return { elk, failed };
}

/** The graph laid out: positions and sizes of its nodes, edge sections and label places. */
export async function layOut(graph: GraphNode): Promise<GraphNode> {
  const key = JSON.stringify(graph);
  const cached = cache.get(key);
  if (cached) return cached;
  // A large machine: our own layered layout, in the page, 20-40 ms (elk takes 0.4-1.5 s there).
  if (wantsFastLayout(graph)) {
    const laid = fastLayout(graph);
    cache.set(key, laid);
    return laid;
  }
  const stored = storedLayout(key);
  if (stored) {
    cache.set(key, stored);
    return stored;
  }
  runner ??= start();
  const laid = (await Promise.race([runner.elk.layout(graph as never), runner.failed])) as unknown as GraphNode;
  cache.set(key, laid);
  storeLayout(key, laid);
  return laid;
}
