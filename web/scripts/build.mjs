// npm run build: web/dist/ with index.html, app.js, app.css and favicon.svg (relative URLs only).
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const dist = new URL('../dist/', import.meta.url);
const src = new URL('../src/', import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: { app: new URL('main.ts', src).pathname },
  bundle: true,
  format: 'iife',
  target: 'es2022',
  minify: process.argv.includes('--dev') ? false : true,
  sourcemap: false,
  legalComments: 'eof',
  outdir: dist.pathname,
  logLevel: 'warning',
});
await build({
  entryPoints: { app: new URL('app.css', src).pathname },
  bundle: true,
  minify: true,
  outdir: dist.pathname,
  logLevel: 'warning',
});
await copyFile(new URL('index.html', src), new URL('index.html', dist));
// The icon is a file of its own: the page's Content-Security-Policy (default-src 'self') refuses data: URLs.
await copyFile(new URL('favicon.svg', src), new URL('favicon.svg', dist));
// The graph's layout runs in a Web Worker loaded from the page's own origin (src/ui/graphLayout.ts).
await copyFile(new URL('../node_modules/elkjs/lib/elk-worker.min.js', import.meta.url), new URL('elk-worker.js', dist));
console.log('web/dist: index.html app.js app.css favicon.svg elk-worker.js');
