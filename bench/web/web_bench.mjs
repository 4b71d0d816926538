// The web page's benchmarks: headless Debian chromium (playwright-core) against a
// `stepwise serve` started here (in memory, virtual time). Times are taken in the
// page, on its performance.now() clock, from the `stepwise:*` marks the page sets
// (web/src/ui/paintMark.ts), not around Playwright calls.
//
//   node bench/web/web_bench.mjs [--stepwise build/stepwise] [--runs 7] [--only graph,history,live]
//
// 1. graph: layout and first paint of a 200-state machine (bench/web/machines.mjs):
//    from GraphView.setDefinition to the frame after the SVG is drawn. Cold: the first
//    open in a fresh page; warm: the same machine opened again in that page; other:
//    then a different 200-state machine (the layout not seen before); new page: the
//    first machine in a new page of the same browser profile (its layout stored).
// 2. history: an execution with ~25,000 history events (a Pass/Choice loop) opened in
//    a fresh page: from navigation to its history table and graph painted.
// 3. live: a state change reaching the page: the page itself sends SendTaskSuccess
//    (fetch) for an activity task its execution waits on, and times until that state's
//    node in the graph turns succeeded (and until the frame after).
// Prints a table (median, p90, target, pass/fail) and the browser's version; exits 1
// when a target is missed (or something fails), 0 otherwise. Not part of `make test`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { bigMachine, countStates } from './machines.mjs';

// playwright-core as installed for the browser tests (tests/browser: npm ci).
const require = createRequire(new URL('../../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const { values: args } = parseArgs({
  options: {
    stepwise: { type: 'string', default: new URL('../../build/stepwise', import.meta.url).pathname },
    runs: { type: 'string', default: '7' },
    only: { type: 'string', default: 'graph,history,live' },
  },
});
const RUNS = Number(args.runs);
const ONLY = new Set(args.only.split(','));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ROLE = 'arn:aws:iam::123456789012:role/StepwiseWebBench';
const LOOP_ITERATIONS = 6240; // 4 events each: 24,966 events in all
const APPROVALS = RUNS + 1; // one state per live run (the first one warms up)
const WAIT = 60000; // one wait on a loaded machine

function startServer() {
  const server = spawn(args.stepwise, ['serve', '--host', '127.0.0.1', '--port', '0', '--in-memory', '--virtual-time'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stderr.on('data', (chunk) => (log = (log + chunk).slice(-4000)));
  server.log = () => log;
  return new Promise((resolve, reject) => {
    let out = '';
    server.on('error', reject);
    server.on('exit', (code) => reject(new Error(`stepwise serve exited (${code}) before listening`)));
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        server.removeAllListeners('exit');
        resolve({ server, url: m[1] });
      }
    });
  });
}

async function api(url, operation, body) {
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${operation}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${operation}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

const createMachine = async (url, name, definition) =>
  (await api(url, 'CreateStateMachine', { name, definition: JSON.stringify(definition), roleArn: ROLE })).stateMachineArn;

/** A Pass/Choice loop: 4 history events an iteration. */
function loopMachine(iterations) {
  return {
    StartAt: 'Init',
    States: {
      Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Work' },
      Work: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'More' },
      More: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericLessThan: iterations, Next: 'Work' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };
}

/** Activity tasks one after the other: Await1 … AwaitN. */
function approvalsMachine(activityArn, count) {
  const states = {};
  for (let i = 1; i <= count; i++) {
    states[`Await${i}`] = { Type: 'Task', Resource: activityArn, ...(i < count ? { Next: `Await${i + 1}` } : { End: true }) };
  }
  return { StartAt: 'Await1', States: states };
}

async function historyLength(url, executionArn) {
  let n = 0;
  let nextToken;
  do {
    const page = await api(url, 'GetExecutionHistory', { executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    n += page.events.length;
    nextToken = page.nextToken;
  } while (nextToken);
  return n;
}

async function waitForStatus(url, executionArn, status) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const d = await api(url, 'DescribeExecution', { executionArn });
    if (d.status === status) return;
    if (d.status !== 'RUNNING' || Date.now() > deadline) throw new Error(`${executionArn} is ${d.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// In the page: the start time of the latest mark of that name, once there is one.
const markTime = (page, name) =>
  page
    .waitForFunction((n) => performance.getEntriesByName(`stepwise:${n}`, 'mark').at(-1), name, { timeout: WAIT })
    .then((handle) => handle.evaluate((m) => ({ at: m.startTime, detail: m.detail })));

const clearMarks = (page) => page.evaluate(() => performance.clearMarks());

// From GraphView.setDefinition to the frame after its SVG was drawn, in the page.
async function graphTime(page) {
  const painted = await markTime(page, 'graph-painted');
  const start = await markTime(page, 'layout-start');
  const done = await markTime(page, 'layout-done');
  const drawn = await markTime(page, 'graph-drawn');
  return { total: painted.at - start.at, layout: done.at - start.at, draw: drawn.at - done.at };
}

async function benchGraph(browser, url, results) {
  const one = await createMachine(url, 'Big200', bigMachine(20, 'one'));
  const other = await createMachine(url, 'Big200Other', bigMachine(20, 'other'));
  const href = (arn) => `#/machines/${encodeURIComponent(arn)}`;
  const r = { cold: [], coldLayout: [], coldFromNavigation: [], warm: [], warmDraw: [], other: [], otherLayout: [], stored: [] };
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/${href(one)}`);
    const cold = await graphTime(page);
    r.cold.push(cold.total);
    r.coldLayout.push(cold.layout);
    r.coldFromNavigation.push((await markTime(page, 'graph-painted')).at);
    // Away and back: the view (and its GraphView) is made anew.
    await page.evaluate(() => (location.hash = '#/events'));
    await clearMarks(page);
    await page.evaluate((h) => (location.hash = h), href(one));
    const warm = await graphTime(page);
    r.warm.push(warm.total);
    r.warmDraw.push(warm.draw);
    await clearMarks(page);
    await page.evaluate((h) => (location.hash = h), href(other));
    const o = await graphTime(page);
    r.other.push(o.total);
    r.otherLayout.push(o.layout);
    // A new page of the same browser profile: the layout comes from localStorage.
    const again = await context.newPage();
    await again.goto(`${url}/${href(one)}`);
    r.stored.push((await graphTime(again)).total);
    await context.close();
  }
  const states = countStates(bigMachine(20));
  results.push(
    row(`graph: ${states} states, cold (layout+paint)`, r.cold, 300),
    row('  of which layout', r.coldLayout),
    row('  from navigation (page load too)', r.coldFromNavigation),
    row(`graph: ${states} states, warm, same machine`, r.warm, 300),
    row('  of which building the SVG', r.warmDraw),
    row(`graph: ${states} states, warm, other machine`, r.other, 300),
    row('  of which layout', r.otherLayout),
    row(`graph: ${states} states, new page, laid out before`, r.stored, 300),
  );
}

async function benchHistory(browser, url, results) {
  const machine = await createMachine(url, 'Loop25k', loopMachine(LOOP_ITERATIONS));
  const { executionArn } = await api(url, 'StartExecution', { stateMachineArn: machine, name: 'loop-25k', input: '{}' });
  await waitForStatus(url, executionArn, 'SUCCEEDED');
  const events = await historyLength(url, executionArn);
  const opens = [];
  const table = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/#/executions/${encodeURIComponent(executionArn)}`);
    // The view renders as pages come: the first paint with every event in the table.
    const history = await page
      .waitForFunction((n) => performance.getEntriesByName('stepwise:history-painted', 'mark').find((m) => m.detail?.events === n), events, { timeout: WAIT })
      .then((handle) => handle.evaluate((m) => ({ at: m.startTime })));
    const graph = await markTime(page, 'graph-painted');
    opens.push(Math.max(history.at, graph.at));
    table.push(history.at);
    await context.close();
  }
  results.push(
    row(`history: ${events} events, navigation → table+graph`, opens, 1000),
    row('  navigation → history table painted', table),
  );
}

async function benchLive(browser, url, results) {
  const { activityArn } = await api(url, 'CreateActivity', { name: 'web-bench-approval' });
  const machine = await createMachine(url, 'Approvals', approvalsMachine(activityArn, APPROVALS));
  const { executionArn } = await api(url, 'StartExecution', { stateMachineArn: machine, name: 'approvals', input: '{}' });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/#/executions/${encodeURIComponent(executionArn)}`);
  await markTime(page, 'graph-painted');
  const shown = [];
  const painted = [];
  const answered = [];
  for (let i = 1; i <= APPROVALS; i++) {
    const state = `Await${i}`;
    const selector = `svg.graph-svg g.state[data-state="${state}"]`;
    await page.waitForSelector(`${selector}.st-running`, { timeout: WAIT });
    const { taskToken } = await api(url, 'GetActivityTask', { activityArn, workerName: 'web-bench' });
    if (!taskToken) throw new Error(`no activity task for ${state}`);
    // In the page: send SendTaskSuccess, and time until the state's node changes colour.
    const t = await page.evaluate(
      async ({ selector, token }) => {
        const node = document.querySelector(selector);
        const start = performance.now();
        const shown = new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (!node.classList.contains('st-succeeded')) return;
            const at = performance.now() - start;
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(() => resolve({ shown: at, painted: performance.now() - start }), 0));
          });
          observer.observe(node, { attributes: true, attributeFilter: ['class'] });
        });
        const response = await fetch('/', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'AWSStepFunctions.SendTaskSuccess' },
          body: JSON.stringify({ taskToken: token, output: '{"approved":true}' }),
        });
        const answered = performance.now() - start;
        if (!response.ok) throw new Error(`SendTaskSuccess: HTTP ${response.status}`);
        return { ...(await shown), answered };
      },
      { selector, token: taskToken },
    );
    if (i === 1) continue; // the first one warms up the page's path
    shown.push(t.shown);
    painted.push(t.painted);
    answered.push(t.answered);
  }
  await context.close();
  await waitForStatus(url, executionArn, 'SUCCEEDED');
  results.push(
    row('live: SendTaskSuccess → state coloured', shown, 100),
    row('  → the frame after', painted, 100),
    row('  SendTaskSuccess answered', answered),
  );
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function row(name, samples, target) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const p90 = quantile(sorted, 0.9);
  return { name, runs: samples.length, median, p90, target, pass: target === undefined ? undefined : median < target };
}

function printTable(results, version) {
  const ms = (x) => `${x.toFixed(0)} ms`;
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`\nbrowser: chromium ${version} (headless), ${RUNS} runs each\n`);
  console.log(`${'measure'.padEnd(width)}  runs  median      p90   target  result`);
  for (const r of results) {
    const target = r.target === undefined ? '' : `< ${r.target}`;
    const verdict = r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL';
    console.log(`${r.name.padEnd(width)}  ${String(r.runs).padStart(4)}  ${ms(r.median).padStart(6)}  ${ms(r.p90).padStart(7)}  ${target.padStart(7)}  ${verdict}`);
  }
}

const { server, url } = await startServer();
let failed = false;
try {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    const results = [];
    if (ONLY.has('graph')) await benchGraph(browser, url, results);
    if (ONLY.has('history')) await benchHistory(browser, url, results);
    if (ONLY.has('live')) await benchLive(browser, url, results);
    printTable(results, browser.version());
    failed = results.some((r) => r.pass === false);
  } finally {
    await browser.close();
  }
} catch (error) {
  console.error(`web bench: ${error?.stack ?? error}\n--- stepwise serve's log\n${server.log()}`);
  failed = true;
} finally {
  server.kill();
}
process.exit(failed ? 1 : 0);
