// Actions on the server: start (through the debugger when it should pause), stop, redrive,
// answer a callback.
import { sfn } from '../api/aws';
import { debugStart } from '../api/ui';
import { describeBreakpoint, type Breakpoint } from '../model/breakpoints';
import { navigate } from './router';
import { openDialog } from './dialog';
import { h } from './dom';
import { JsonEditor } from './jsonEditor';

/** The Start dialog. With breakpoints (or "pause at start" ticked) it starts through POST /ui/debug/start. */
export function startExecutionDialog(stateMachineArn: string, qualifiers: string[], input = '{\n  \n}', breakpoints: readonly Breakpoint[] = []): void {
  const editor = new JsonEditor(input, 'Input (JSON)');
  const name = h('input', { type: 'text', placeholder: '(generated)', 'aria-label': 'Execution name' });
  const testCase = h('input', { type: 'text', placeholder: '(none)', 'aria-label': 'Mock test case' });
  const target = h('select', { 'aria-label': 'Version or alias' }, h('option', { value: stateMachineArn }, 'Latest'),
    qualifiers.map((arn) => h('option', { value: arn }, arn.slice(stateMachineArn.length + 1) || arn)));
  const pauseAtStart = h('input', { type: 'checkbox', 'aria-label': 'Pause at start' });
  const debugLine = h('div', { class: 'debug-line' },
    h('label', { class: 'inline' }, pauseAtStart, ' Pause at start (before the first state)'),
    breakpoints.length
      ? h('div', { class: 'muted' }, `Breakpoints: ${breakpoints.map(describeBreakpoint).join(', ')}. The execution pauses there.`)
      : null,
  );
  openDialog(
    'Start execution',
    [
      h('label', null, 'Name ', name),
      qualifiers.length ? h('label', null, 'Run ', target) : null,
      h('label', { title: 'A test case of serve --mock-config: started as ARN#TestCase' }, 'Mock test case ', testCase),
      editor.element,
      debugLine,
    ],
    'Start',
    async () => {
      const checked = editor.check(true);
      if (!checked) return true;
      const mocked = testCase.value.trim();
      if (breakpoints.length || pauseAtStart.checked) {
        const r = await debugStart({
          stateMachineArn: target.value || stateMachineArn,
          input: editor.text,
          breakpoints: [...breakpoints],
          pauseAtStart: pauseAtStart.checked,
          ...(name.value.trim() ? { name: name.value.trim() } : {}),
          ...(mocked ? { testCase: mocked } : {}),
        });
        navigate(`#/executions/${encodeURIComponent(r.executionArn)}`);
        return;
      }
      const body: Record<string, unknown> = { stateMachineArn: (target.value || stateMachineArn) + (mocked ? `#${mocked}` : ''), input: editor.text };
      if (name.value.trim()) body['name'] = name.value.trim();
      const r = await sfn<{ executionArn: string }>('StartExecution', body);
      navigate(`#/executions/${encodeURIComponent(r.executionArn)}`);
    },
  );
}

export function stopExecutionDialog(executionArn: string, done: () => void): void {
  const error = h('input', { type: 'text', placeholder: 'error (optional)' });
  const cause = h('input', { type: 'text', placeholder: 'cause (optional)' });
  openDialog('Stop execution', [h('label', null, 'Error ', error), h('label', null, 'Cause ', cause)], 'Stop', async () => {
    const body: Record<string, unknown> = { executionArn };
    if (error.value) body['error'] = error.value;
    if (cause.value) body['cause'] = cause.value;
    await sfn('StopExecution', body);
    done();
  });
}

export async function redrive(executionArn: string): Promise<void> {
  await sfn('RedriveExecution', { executionArn });
}

export function callbackDialog(taskToken: string, stateName: string, done: () => void): void {
  const editor = new JsonEditor('{}', 'Output (JSON) for SendTaskSuccess');
  const error = h('input', { type: 'text', placeholder: 'error' });
  const cause = h('input', { type: 'text', placeholder: 'cause' });
  const mode = h('select', { 'aria-label': 'Answer' }, h('option', { value: 'success' }, 'SendTaskSuccess'), h('option', { value: 'failure' }, 'SendTaskFailure'));
  const failureFields = h('div', { class: 'failure-fields', hidden: true }, h('label', null, 'Error ', error), h('label', null, 'Cause ', cause));
  mode.addEventListener('change', () => {
    const failure = mode.value === 'failure';
    failureFields.hidden = !failure;
    editor.element.hidden = failure;
  });
  openDialog(
    `Answer ${stateName}`,
    [h('div', { class: 'token' }, h('span', null, 'Task token '), h('code', null, taskToken)), h('label', null, 'Answer ', mode), editor.element, failureFields],
    'Send',
    async () => {
      if (mode.value === 'success') {
        const checked = editor.check(true);
        if (!checked) return true;
        await sfn('SendTaskSuccess', { taskToken, output: editor.text });
      } else {
        const body: Record<string, unknown> = { taskToken };
        if (error.value) body['error'] = error.value;
        if (cause.value) body['cause'] = cause.value;
        await sfn('SendTaskFailure', body);
      }
      done();
    },
  );
}
