// Compiles test/*.test.ts (with the modules they import) to test-out/*.test.mjs for node --test.
import { build } from 'esbuild';
import { readdir, rm } from 'node:fs/promises';

const testDir = new URL('../test/', import.meta.url);
const out = new URL('../test-out/', import.meta.url);
await rm(out, { recursive: true, force: true });
const files = (await readdir(testDir)).filter((f) => f.endsWith('.test.ts'));
await build({
  entryPoints: files.map((f) => new URL(f, testDir).pathname),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: out.pathname,
  outExtension: { '.js': '.mjs' },
  packages: 'external',
  logLevel: 'warning',
});
