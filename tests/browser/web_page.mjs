// The web page in a real browser: playwright-core driving Debian's chromium headless
// against a running `stepwise serve` (started by tests/e2e/test_browser.py, which
// also bounds the time and cleans up).
//
// Environment:
//   STEPWISE_URL  the server, e.g. http://127.0.0.1:41234 (serve with the example's
//                 --mock-config and --project, real time: the Wait lasts)
//   CHROMIUM      the browser (default /usr/bin/chromium)
//   EXAMPLE_DIR   examples/vehicle-order-cancellation
//   ARTIFACTS     where the screenshots go (a fresh folder)
//   STEPWISE_SCREENSHOTS  when set, a folder (relative: to the repository) that also gets
//                 the main views at 1280×800 in the light theme, for the README
//                 (docs/images: machines-graph, execution-inspector, debugger-paused,
//                 time-travel, compare, event-bus, map-run)
//
// Steps, each with a screenshot NN-name.png: the machines list; the example's graph
// (the machine created with CreateStateMachine, substitutions.json applied); the Start
// dialog filled from the page (input.json, test case HappyPath); the execution running
// (states coloured as they run, the page updated over /ui/stream, not polling); the
// execution done; the inspector on ValidateCancellationEligibility with the payload
// sent to Lambda and its data flow's After Parameters (GET /ui/inspect); the executions list, then (live, over /ui/stream) an execution
// started meanwhile through the API (test case IneligiblePath) appearing FAILED.
// Then the debugger: a breakpoint set on the machine's graph (b on the focused
// ValidateCancellationEligibility), an execution started from the page pauses there
// (banner, PAUSED badge, the state marked), an expression evaluated (and a bad one's error
// shown in place), Step (F10) to the next pause, a breakpoint added from the paused execution's
// inspector, "Edit input and continue" (a JSON error shown, then an edited input that reaches the
// output), Continue (F8) to the end; time travel on
// the history (a state entered later is uncoloured, the one running then is running);
// "Re-run from here" on IsCancellationEligible with edited input (isValid false) and the
// compare view (SUCCEEDED against FAILED); the event bus view with the example's
// OrderCancellationUpdated events (put by PublishCancellationUpdate on each status change)
// and their schema check; a Distributed Map (5 items in batches of 2): its Map Run RUNNING then
// SUCCEEDED live, its counts on the graph, the timeline and the inspector, its 3 child executions listed, one followed to its view
// (its history, the link back), and the executions list without the children.
// Exits 0 when every check passes, 1 otherwise (with the step that failed).
import { chromium } from 'playwright-core';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const url = process.env.STEPWISE_URL;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const example = process.env.EXAMPLE_DIR;
const artifacts = process.env.ARTIFACTS;
if (!url || !example || !artifacts) {
  console.error('web_page.mjs: set STEPWISE_URL, EXAMPLE_DIR and ARTIFACTS (tests/e2e/test_browser.py does)');
  process.exit(2);
}
const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const docsDir = process.env.STEPWISE_SCREENSHOTS ? path.resolve(repository, process.env.STEPWISE_SCREENSHOTS) : undefined;
const STEP_TIMEOUT = Number(process.env.STEP_TIMEOUT_MS || 30000); // one wait on a loaded machine
const MACHINE = 'VehicleOrderCancellation';
const ROLE = 'arn:aws:iam::123456789012:role/StepwiseBrowserTest';

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
let step = 'start';
let expectEvaluationError = false;
let shot = 0;

async function api(operation, body, service = 'AWSStepFunctions', contentType = 'application/x-amz-json-1.0') {
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'X-Amz-Target': `${service}.${operation}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${operation}: HTTP ${response.status} ${text}`);
  return JSON.parse(text);
}

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

const eventsApi = (operation, body) => api(operation, body, 'AWSEvents', 'application/x-amz-json-1.1');

// A step's screenshot (the whole page); with `doc`, also the viewport into STEPWISE_SCREENSHOTS/<doc>.png.
async function screenshot(page, name, doc) {
  shot++;
  const file = path.join(artifacts, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${file}`);
  if (doc && docsDir) {
    await mkdir(docsDir, { recursive: true });
    await page.screenshot({ path: path.join(docsDir, `${doc}.png`) });
  }
}

// The example's rules (events/rules.json) on the default bus, as events/setup.sh applies them.
async function putExampleRules() {
  const text = (await readFile(path.join(example, 'events', 'rules.json'), 'utf8'))
    .replaceAll('${Region}', 'us-east-1')
    .replaceAll('${AccountId}', '123456789012');
  for (const rule of JSON.parse(text).rules) {
    await eventsApi('PutRule', {
      Name: rule.Name,
      Description: rule.Description,
      EventBusName: rule.EventBusName,
      State: rule.State,
      EventPattern: JSON.stringify(rule.EventPattern),
    });
    await eventsApi('PutTargets', { Rule: rule.Name, EventBusName: rule.EventBusName, Targets: rule.Targets });
  }
}

const stateNode = (page, name) => page.locator(`svg.graph-svg g.state[data-state="${name}"]`);

// The status classes (st-<status>) of the graph's states, by name.
async function statuses(page) {
  return page.evaluate(() => {
    const out = {};
    for (const g of document.querySelectorAll('svg.graph-svg g.state[data-state]')) {
      const st = [...g.classList].find((c) => c.startsWith('st-'));
      out[g.getAttribute('data-state')] = st ? st.slice(3) : '';
    }
    return out;
  });
}

async function waitForStatus(page, state, status) {
  await page.waitForFunction(
    ([name, st]) => document.querySelector(`svg.graph-svg g.state[data-state="${name}"]`)?.classList.contains(`st-${st}`),
    [state, status],
    { timeout: STEP_TIMEOUT },
  );
}

async function main() {
  await mkdir(artifacts, { recursive: true });

  step = 'create the example state machine (CreateStateMachine, substitutions.json applied)';
  let definition = await readFile(path.join(example, 'statemachine.asl.json'), 'utf8');
  const substitutions = JSON.parse(await readFile(path.join(example, 'substitutions.json'), 'utf8'));
  for (const [key, value] of Object.entries(substitutions)) definition = definition.replaceAll(`\${${key}}`, value);
  check(!/\$\{[A-Za-z]+\}/.test(definition), 'every ${...} of the definition is substituted');
  const { stateMachineArn } = await api('CreateStateMachine', { name: MACHINE, definition, roleArn: ROLE, type: 'STANDARD' });
  log(`created ${stateMachineArn}`);
  await putExampleRules();
  const input = await readFile(path.join(example, 'input.json'), 'utf8');
  const orderId = JSON.parse(input).orderId;
  const functionArn = substitutions.ValidateOrderFunctionArn;

  step = 'launch chromium';
  const browser = await chromium.launch({ executablePath, headless: true, timeout: STEP_TIMEOUT, args: ['--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The one error the test asks for: a bad expression answered 400 by /ui/debug/evaluate
      // (chromium logs every 4xx resource); the page shows it in place (checked below).
      const expected = new URL(message.location().url || url).pathname === '/ui/debug/evaluate' && expectEvaluationError;
      if (message.type() === 'error' && !expected) problems.push(`console error: ${message.text()}`);
    });
    const calls = { stream: [], history: 0, open: 0, maxOpen: 0 };
    const isStream = (request) => new URL(request.url()).pathname === '/ui/stream';
    const streamEnded = (request) => {
      if (isStream(request)) calls.open--;
    };
    page.on('requestfinished', streamEnded);
    page.on('requestfailed', streamEnded); // EventSource.close() aborts the request
    page.on('request', (request) => {
      const u = new URL(request.url());
      if (u.pathname === '/ui/stream') {
        calls.stream.push(u.search);
        calls.maxOpen = Math.max(calls.maxOpen, ++calls.open);
      }
      if (request.method() === 'POST' && request.headers()['x-amz-target'] === 'AWSStepFunctions.GetExecutionHistory') calls.history++;
    });

    step = 'open the page: the machines list';
    await page.goto(`${url}/`, { waitUntil: 'domcontentloaded' });
    const link = page.locator(`a[href="#/machines/${encodeURIComponent(stateMachineArn)}"]`).first();
    await link.waitFor();
    await screenshot(page, 'machines');

    step = "open the machine: its graph";
    await link.click();
    await page.locator('svg.graph-svg g.state[data-state="ValidateCancellationEligibility"]').waitFor();
    await page.locator('svg.graph-svg g.state[data-state="CancellationComplete"]').waitFor();
    await screenshot(page, 'machine-graph');

    step = 'the Start dialog: input.json, test case HappyPath';
    await page.getByRole('button', { name: 'Start execution…' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.getByLabel('Mock test case').fill('HappyPath');
    await dialog.locator('textarea.json-editor').fill(input);
    await dialog.locator('input[aria-label="Execution name"]').fill('browser-happy-path');
    await screenshot(page, 'start-dialog');
    await dialog.getByRole('button', { name: 'Start', exact: true }).click();

    step = 'the execution view: states coloured live while it runs';
    await page.waitForURL(/#\/executions\/.*browser-happy-path/);
    const executionArn = decodeURIComponent(page.url().split('#/executions/')[1].split('?')[0]);
    log(`started ${executionArn}`);
    // ProductionSettlementHold (a Wait) runs while the states before it are done and those after it
    // not reached: the page shows the execution part way, then (without reloading) at its end.
    await waitForStatus(page, 'ProductionSettlementHold', 'running');
    const during = await statuses(page);
    log(`while running: ${JSON.stringify(during)}`);
    check(during.ValidateCancellationEligibility === 'succeeded', 'ValidateCancellationEligibility succeeded while the Wait runs');
    check(during.SetCancellationMeta === 'succeeded', 'SetCancellationMeta succeeded while the Wait runs');
    check(during.ConfirmCancellation === 'notReached', 'ConfirmCancellation not reached while the Wait runs');
    check(during.CancellationComplete === 'notReached', 'CancellationComplete not reached while the Wait runs');
    check((await page.locator('.view-head .badge').first().textContent()) === 'RUNNING', 'the status badge says RUNNING');
    await screenshot(page, 'execution-running');

    step = 'the execution view: the end, live';
    await waitForStatus(page, 'CancellationComplete', 'succeeded');
    await page.locator('.view-head .badge.st-SUCCEEDED').waitFor();
    const after = await statuses(page);
    log(`at the end: ${JSON.stringify(after)}`);
    for (const name of ['ProductionSettlementHold', 'ReleaseInventory', 'ReverseCreditHold', 'ConfirmCancellation', 'NotifyCustomerOfCancellation']) {
      check(after[name] === 'succeeded', `${name} succeeded at the end (it is ${after[name] || 'not coloured'})`);
    }
    check(after.RejectCancellation === 'notReached' && after.CancellationFailed === 'notReached', 'the rejection path not taken');
    check(calls.stream.some((q) => q.startsWith('?executionArn=')), `the page followed the execution over /ui/stream (streams: ${JSON.stringify(calls.stream)})`);
    // Polling would read the history every 250 ms for the Wait's 12 s; the stream reads it after
    // `ready` and on status changes only.
    check(calls.history <= 6, `the history read a few times, not polled (${calls.history} GetExecutionHistory)`);
    await screenshot(page, 'execution-succeeded');

    step = 'the inspector on ValidateCancellationEligibility: the payload sent';
    await page.locator('svg.graph-svg g.state[data-state="ValidateCancellationEligibility"]').click();
    const inspector = page.locator('.inspector-pane');
    await inspector.locator('h3', { hasText: 'ValidateCancellationEligibility' }).waitFor();
    const payloadSection = inspector.locator('section.insp-section', { has: page.locator('h4', { hasText: /^Task payload, attempt 1/ }) });
    await payloadSection.waitFor();
    const sent = await payloadSection.evaluate((section) => {
      const rowValue = (root, key) => {
        const row = [...(root?.children ?? [])]
          .filter((r) => r.classList.contains('j-row'))
          .find((r) => r.querySelector(':scope > .j-key')?.textContent === `${JSON.stringify(key)}: `);
        return row ? JSON.parse(row.querySelector(':scope > .j-key + span').textContent) : undefined;
      };
      const json = section.querySelector('.json');
      const payload = [...json.querySelectorAll('details')].find(
        (d) => d.querySelector(':scope > summary > .j-key')?.textContent === '"Payload": ',
      );
      return {
        functionName: rowValue(json.querySelector(':scope > details > .j-children'), 'FunctionName'),
        orderId: payload ? rowValue(payload.querySelector(':scope > .j-children'), 'orderId') : undefined,
      };
    });
    log(`payload sent: ${JSON.stringify(sent)}`);
    check(sent.functionName === functionArn, `FunctionName is ${functionArn} (it is ${sent.functionName})`);
    check(sent.orderId === orderId, `Payload.orderId is ${orderId} (it is ${sent.orderId})`);
    check(/#\/executions\/.*\?state=ValidateCancellationEligibility/.test(page.url()), 'the URL names the state');

    step = 'the inspector on ValidateCancellationEligibility: the data flow (GET /ui/inspect)';
    const flow = inspector.locator('section.insp-section.data-flow');
    await flow.waitFor();
    await flow.locator('.flow-step, .error-box').first().waitFor(); // past "reading…"
    const flowError = (await flow.locator('.error-box').count()) ? await flow.locator('.error-box').first().textContent() : null;
    check(!flowError, `the data flow was read (it says: ${flowError})`);
    const labels = await flow.locator('.flow-step .flow-label').allTextContents();
    log(`data flow steps: ${JSON.stringify(labels)}`);
    const afterParameters = flow.locator('.flow-step[data-step="afterParameters"]');
    check((await afterParameters.count()) === 1, `the data flow has an "After Parameters" step (its steps: ${JSON.stringify(labels)})`);
    check((await afterParameters.locator('.flow-label').textContent()) === 'After Parameters', 'the step is labelled "After Parameters"');
    const flowFunctionName = await afterParameters.evaluate((stepBox) => {
      const row = [...(stepBox.querySelector('.json > details > .j-children')?.children ?? [])]
        .find((r) => r.classList.contains('j-row') && r.querySelector(':scope > .j-key')?.textContent === '"FunctionName": ');
      return row ? JSON.parse(row.querySelector(':scope > .j-key + span').textContent) : undefined;
    });
    check(flowFunctionName === functionArn, `After Parameters has FunctionName ${functionArn} (it is ${flowFunctionName})`);
    await screenshot(page, 'inspector-validate', 'execution-inspector');

    step = 'time travel: the history row of the Wait entered; later states uncoloured';
    await page.locator('.history .vl-scroll').evaluate((list) => {
      list.scrollTop = 0; // the virtualized list draws the rows in view: the Wait's is near the top
    });
    await page.locator('.history .vl-scroll').evaluate((l) => { l.scrollTop = 0; });
  await page.locator('.history .ht-row', { hasText: 'WaitStateEntered' }).first().click();
    await waitForStatus(page, 'ProductionSettlementHold', 'running');
    const then = await statuses(page);
    log(`as of WaitStateEntered: ${JSON.stringify(then)}`);
    check(then.ValidateCancellationEligibility === 'succeeded', 'ValidateCancellationEligibility succeeded then');
    check(then.ConfirmCancellation === 'notReached', 'ConfirmCancellation uncoloured then');
    check(then.CancellationComplete === 'notReached', 'CancellationComplete uncoloured then');
    check(await page.locator('.scrubber.travelling').isVisible(), 'the scrubber shows it travels');
    await screenshot(page, 'time-travel', 'time-travel');
    const label = await page.locator('.scrub-label').textContent();
    await page.locator('.scrub-slider').focus();
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((before) => document.querySelector('.scrub-label')?.textContent !== before, label);
    await waitForStatus(page, 'ProductionSettlementHold', 'notReached');
    await screenshot(page, 'time-travel-back');
    await page.getByRole('button', { name: 'Live' }).click();
    await waitForStatus(page, 'CancellationComplete', 'succeeded');

    step = 'Re-run from IsCancellationEligible with edited input (isValid false), test case IneligiblePath';
    await stateNode(page, 'IsCancellationEligible').click();
    await inspector.locator('h3', { hasText: 'IsCancellationEligible' }).waitFor();
    await inspector.getByRole('button', { name: 'Re-run from here…' }).click();
    const rerunDialog = page.locator('dialog[open]');
    const rerunInput = rerunDialog.locator('textarea.json-editor');
    const edited = JSON.parse(await rerunInput.inputValue());
    check(edited.validation?.Payload?.isValid === true, 'the dialog holds the entry\'s input');
    edited.validation.Payload.isValid = false;
    await rerunInput.fill(JSON.stringify(edited, null, 2));
    await rerunDialog.getByLabel('Re-run test case').fill('IneligiblePath');
    await rerunDialog.getByLabel('Re-run name').fill('browser-rerun');
    await screenshot(page, 'rerun-dialog');
    await rerunDialog.getByRole('button', { name: 'Re-run', exact: true }).click();
    await page.waitForURL(/#\/compare\?/);
    await page.locator('.compare-side .badge.st-FAILED').waitFor();
    await page.locator('.compare-summary', { hasText: 'Status: SUCCEEDED → FAILED' }).waitFor();
    await page.locator('.compare-states td', { hasText: 'RejectCancellation' }).waitFor();
    const rerunGraph = page.locator('.compare-side').nth(1);
    await rerunGraph.locator('g.state[data-state="RejectCancellation"].st-succeeded').waitFor();
    await rerunGraph.locator('g.state[data-state="ProductionSettlementHold"].st-notReached').waitFor();
    await screenshot(page, 'compare', 'compare');
    step = "the re-run's view links back to the original";
    await rerunGraph.locator('.compare-head a').click();
    await page.locator('.rerun-of a', { hasText: 'browser-happy-path' }).waitFor();

    step = 'the executions list';
    await page.locator('a', { hasText: 'all executions' }).click();
    const row = page.locator(`tr[data-execution-arn="${executionArn}"]`);
    await row.locator('.badge.st-SUCCEEDED').waitFor();
    await screenshot(page, 'executions-list');

    step = 'the executions list, live: an execution started meanwhile appears and ends without a reload';
    check(calls.stream.includes(''), `the list follows /ui/stream (streams: ${JSON.stringify(calls.stream)})`);
    await page.locator('p.muted', { hasText: 'execution(s), live.' }).waitFor();
    const { executionArn: other } = await api('StartExecution', {
      stateMachineArn: `${stateMachineArn}#IneligiblePath`,
      name: 'browser-ineligible',
      input,
    });
    await page.locator(`tr[data-execution-arn="${other}"] .badge.st-FAILED`).waitFor();
    check(await row.locator('.badge.st-SUCCEEDED').isVisible(), 'the first execution still listed');
    await screenshot(page, 'executions-list-live');

    step = 'the debugger: a breakpoint before ValidateCancellationEligibility on the machine graph (b)';
    await page.goto(`${url}/#/machines/${encodeURIComponent(stateMachineArn)}`);
    const validateNode = stateNode(page, 'ValidateCancellationEligibility');
    await validateNode.waitFor();
    await validateNode.focus();
    await page.keyboard.press('b');
    await page.locator('g.state[data-state="ValidateCancellationEligibility"].bp-has-before').waitFor();
    await screenshot(page, 'breakpoint-set', 'machines-graph');

    step = 'the debugger: start from the page, paused before ValidateCancellationEligibility';
    await page.getByRole('button', { name: 'Start execution…' }).click();
    await dialog.waitFor();
    await dialog.locator('.debug-line', { hasText: 'before ValidateCancellationEligibility' }).waitFor();
    await dialog.getByLabel('Mock test case').fill('HappyPath');
    await dialog.locator('textarea.json-editor').fill(input);
    await dialog.locator('input[aria-label="Execution name"]').fill('browser-debug');
    await dialog.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(/#\/executions\/.*browser-debug/);
    const banner = page.locator('.debug-banner');
    await banner.locator('strong', { hasText: 'before ValidateCancellationEligibility' }).waitFor();
    await page.locator('g.state[data-state="ValidateCancellationEligibility"].paused').waitFor();
    await page.locator('.view-head .badge.st-PAUSED').waitFor();

    step = 'the debugger: evaluate $.orderId, then a bad expression (the error in place)';
    const expression = page.getByLabel('Expression to evaluate');
    await expression.fill('$.orderId');
    await expression.press('Enter');
    await page.locator('.debug-result .j-string', { hasText: orderId }).waitFor();
    await screenshot(page, 'debugger-paused', 'debugger-paused');
    expectEvaluationError = true;
    await expression.fill('$.[');
    await expression.press('Enter');
    await page.locator('.debug-result .eval-error').waitFor();
    expectEvaluationError = false;

    step = 'the debugger: Step (F10) pauses at the next state';
    await page.keyboard.press('F10');
    await page.waitForFunction(() => {
      const where = document.querySelector('.debug-banner:not([hidden]) strong')?.textContent ?? '';
      return where !== '' && where !== 'before ValidateCancellationEligibility';
    });
    log(`stepped to: ${await banner.locator('strong').textContent()}`);
    await screenshot(page, 'debugger-stepped');

    step = 'the executions list: the paused execution has a PAUSED badge';
    const debugArn = decodeURIComponent(page.url().split('#/executions/')[1].split('?')[0]);
    await page.locator('a', { hasText: 'all executions' }).click();
    await page.locator(`tr[data-execution-arn="${debugArn}"] .badge.st-PAUSED`).waitFor();
    await screenshot(page, 'executions-paused');
    await page.locator(`tr[data-execution-arn="${debugArn}"] a`).click();
    await banner.locator('strong', { hasText: 'before IsCancellationEligible' }).waitFor();

    step = "the debugger: a breakpoint before ConfirmCancellation from the paused execution's inspector";
    await stateNode(page, 'ConfirmCancellation').click();
    await inspector.locator('h3', { hasText: 'ConfirmCancellation' }).waitFor();
    await inspector.getByRole('button', { name: 'Break before' }).click();
    await page.locator('g.state[data-state="ConfirmCancellation"].bp-has-before').waitFor();
    await inspector.locator('button.bp-toggle.on[aria-pressed="true"]', { hasText: 'Break before' }).waitFor();

    step = 'the debugger: Edit input and continue (a JSON error shown at its place, then the edited input)';
    await banner.getByRole('button', { name: 'Edit input and continue…' }).click();
    const editDialog = page.locator('dialog[open]');
    const editor = editDialog.locator('textarea.json-editor');
    const pausedInput = JSON.parse(await editor.inputValue());
    await editor.fill('{"broken": }');
    await editDialog.locator('.json-status.bad', { hasText: 'Line 1, column 12' }).waitFor();
    await editor.fill(JSON.stringify({ ...pausedInput, editedInBrowser: true }, null, 2));
    await editDialog.getByRole('button', { name: 'Continue', exact: true }).click();
    await banner.locator('strong', { hasText: 'before ConfirmCancellation' }).waitFor();

    step = 'the debugger: Continue (F8) runs to the end, with the edited input';
    await page.keyboard.press('F8');
    await page.locator('.view-head .badge.st-SUCCEEDED').waitFor();
    check(await banner.isHidden(), 'no banner once it ran to the end');
    const debugged = await api('DescribeExecution', { executionArn: debugArn });
    check(JSON.parse(debugged.output).editedInBrowser === true, `the edited input went on to the output (${debugged.output.slice(0, 200)})`);
    await page.locator('.graph-note', { hasText: 'new executions of' }).waitFor(); // the ended execution's graph edits the machine's
    await stateNode(page, 'ValidateCancellationEligibility').focus();
    await page.keyboard.press('b'); // the machine's breakpoint off again
    await page.locator('g.state[data-state="ValidateCancellationEligibility"]:not(.bp-has-before)').waitFor();
    const left = await (await fetch(`${url}/ui/debug/breakpoints?stateMachineArn=${encodeURIComponent(stateMachineArn)}`)).json();
    check(left.breakpoints.length === 0, `the machine has no breakpoints left (${JSON.stringify(left)})`);

    step = "the event bus: the example's OrderCancellationUpdated events and their schema check";
    await page.locator('header.top a', { hasText: 'Event bus' }).click();
    const updated = page.locator('.bus-row', { hasText: 'OrderCancellationUpdated' }).first();
    await updated.waitFor();
    await updated.locator('.badge.schema-valid').waitFor();
    await updated.click();
    const busDetail = page.locator('.bus-detail');
    await busDetail.locator('h3', { hasText: 'OrderCancellationUpdated' }).waitFor();
    await busDetail.locator('.schema-check', { hasText: 'OrderCancellationUpdated' }).waitFor();
    await busDetail.locator('.bus-match', { hasText: 'OrderCancellationUpdates' }).waitFor();
    await screenshot(page, 'event-bus', 'event-bus');

    step = 'a Distributed Map: its Map Run as one step on the graph, the timeline and the inspector';
    // 5 items from the input in batches of 2: 3 child executions, each waiting 2 s (8 s at --time-scale 4):
    // the page sees the run RUNNING, then SUCCEEDED without a reload. The Wait first: a Distributed Map
    // in an execution's very first step fails under serve today (its children find no stored parent).
    const mapDefinition = {
      StartAt: 'Settle',
      States: {
        Settle: { Type: 'Wait', Seconds: 1, Next: 'Fan' },
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Echo',
            States: { Echo: { Type: 'Pass', Next: 'Hold' }, Hold: { Type: 'Wait', Seconds: 2, End: true } },
          },
          End: true,
        },
      },
    };
    const { stateMachineArn: mapMachine } = await api('CreateStateMachine', {
      name: 'BrowserDistributedMap', definition: JSON.stringify(mapDefinition), roleArn: ROLE, type: 'STANDARD',
    });
    const { executionArn: mapParent } = await api('StartExecution', {
      stateMachineArn: mapMachine, name: 'browser-distributed-map', input: JSON.stringify({ items: [1, 2, 3, 4, 5] }),
    });
    await page.goto(`${url}/#/executions/${encodeURIComponent(mapParent)}`);
    await page.locator('g.state[data-state="Fan"] > .state-caption[data-status="RUNNING"]').waitFor();
    await stateNode(page, 'Fan').focus(); // a click on the container's middle would pick its Echo
    await page.keyboard.press('Enter');
    // Polled while it runs: its children counted running (the first answer may come before they start).
    await inspector.locator('section.map-run[data-status="RUNNING"] .count-row[data-running="5"][data-total="5"]').waitFor();
    await screenshot(page, 'map-run-running');
    await page.locator('.view-head .badge.st-SUCCEEDED').waitFor();
    const caption = page.locator('g.state[data-state="Fan"] > .state-caption[data-status="SUCCEEDED"]');
    await caption.waitFor();
    const captionText = await caption.getAttribute('data-text');
    check(captionText === 'Map Run SUCCEEDED · 5/5 items · 3 children', `the graph's caption on Fan (${captionText})`);
    await page.locator('.timeline .tl-note', { hasText: 'SUCCEEDED · 5/5 items · 3 children' }).waitFor();
    const mapRunPanel = inspector.locator('section.map-run[data-status="SUCCEEDED"]');
    await mapRunPanel.waitFor();
    const countRows = await mapRunPanel.locator('.count-row').evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('.count-label').textContent}: ${r.dataset.succeeded}/${r.dataset.total}`));
    log(`Map Run counts: ${JSON.stringify(countRows)}`);
    check(countRows.join() === 'Items: 5/5,Child executions: 3/3', `the Map Run's counts (${countRows.join()})`);

    step = "a Distributed Map: its child executions on demand, one followed to its own view";
    await mapRunPanel.getByRole('button', { name: 'Child executions (3)' }).click();
    const childRows = mapRunPanel.locator('.children-list tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('.map-run .children-list tbody tr').length === 3);
    const itemCounts = (await childRows.locator('td:nth-child(3)').allTextContents()).map(Number).sort();
    check(itemCounts.join() === '1,2,2', `the children's item counts (${itemCounts.join()})`);
    check((await childRows.locator('.badge.st-SUCCEEDED').count()) === 3, 'every child SUCCEEDED');
    await mapRunPanel.evaluate((panel) => panel.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'map-run', 'map-run');
    const childArn = await childRows.first().getAttribute('data-execution-arn');
    check(childArn.includes(':execution:BrowserDistributedMap/Fan:'), `a child's ARN names its machine and Map (${childArn})`);
    await childRows.first().locator('a').click();
    await page.waitForURL((u) => decodeURIComponent(u.hash).includes(childArn));
    await page.locator('.child-of a', { hasText: 'browser-distributed-map' }).waitFor();
    await page.locator('.view-head .badge.st-SUCCEEDED').waitFor();
    await page.locator('.history .ht-row', { hasText: 'PassStateEntered' }).first().waitFor();
    await waitForStatus(page, 'Echo', 'succeeded'); // the child's graph: its Map's processor
    await screenshot(page, 'map-run-child');
    await page.locator('.child-of a[title^="arn:aws:states:"]').click(); // back to the Map Run
    await inspector.locator('h3', { hasText: 'Fan' }).waitFor();
    await inspector.locator('section.map-run[data-status="SUCCEEDED"]').waitFor();

    step = "the executions list: top-level executions only, not the Map Run's children";
    await page.locator('a', { hasText: 'all executions' }).click();
    await page.locator(`tr[data-execution-arn="${mapParent}"] .badge.st-SUCCEEDED`).waitFor();
    check((await page.locator('table.executions tbody tr').count()) === 1, 'one execution listed: the parent');

    step = 'at most two streams open at once (browsers allow six connections per origin)';
    check(calls.maxOpen <= 2, `${calls.maxOpen} /ui/stream requests were open at once`);
    log(`streams opened: ${calls.stream.length}, at most ${calls.maxOpen} at once`);

    step = 'no errors in the page';
    check(problems.length === 0, problems.join('\n'));
  } finally {
    await browser.close();
  }
}

try {
  await main();
  log('PASS');
  process.exit(0);
} catch (error) {
  console.error(`FAIL at step "${step}": ${error?.stack ?? error}`);
  process.exit(1);
}
