// npm run dev: serve web/dist/ and forward the APIs to a running stepwise
// serve, so the page is same-origin with them as it will be when embedded.
//   STEPWISE=http://127.0.0.1:8083 PORT=5173 npm run dev   (--watch rebuilds on change)
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const upstream = new URL(process.env.STEPWISE ?? 'http://127.0.0.1:8083');
const port = Number(process.env.PORT ?? 5173);
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

if (process.argv.includes('--watch')) {
  // Rebuild (unminified) when a source changes.
  const { watch } = await import('node:fs');
  let pending;
  watch(fileURLToPath(new URL('../src/', import.meta.url)), { recursive: true }, () => {
    clearTimeout(pending);
    pending = setTimeout(() => spawn(process.execPath, [fileURLToPath(new URL('build.mjs', import.meta.url)), '--dev'], { stdio: 'inherit' }), 100);
  });
}

function forward(req, res) {
  // The page is same-origin with the APIs once embedded; here the browser's
  // Origin is the proxy's, which stepwise refuses (cross-site): present the
  // request as coming from stepwise's own origin.
  const headers = { ...req.headers, host: upstream.host };
  if (headers.origin) headers.origin = upstream.origin;
  if (headers.referer) headers.referer = upstream.origin + '/';
  const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  out.on('error', (e) => {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ __type: 'DevProxyError', message: `stepwise at ${upstream.href}: ${e.message}` }));
  });
  req.pipe(out);
}

http
  .createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return forward(req, res);
    if (path.startsWith('/ui/')) return forward(req, res); // future server routes (/ui/stream)
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      forward(req, res);
    }
  })
  .listen(port, '127.0.0.1', () => console.log(`stepwise page on http://127.0.0.1:${port}/ (APIs from ${upstream.href})`));
