// "Re-run from here": a new execution that replays this one up to a state
// entry, then goes on with the input (edited here), a test case, an edited
// definition (the server checks it) and optionally pauses there. Then the
// compare view shows the two side by side.
import { rerun } from '../api/ui';
import type { StateEntry } from '../model/history';
import { openDialog } from './dialog';
import { h } from './dom';
import { JsonEditor } from './jsonEditor';
import { compareHref, navigate } from './router';

export function rerunDialog(executionArn: string, entry: StateEntry, definitionText: string | undefined): void {
  const editor = new JsonEditor(pretty(entry.input) ?? '{}', `Input of ${entry.name} (JSON)`);
  const name = h('input', { type: 'text', placeholder: '(generated)', 'aria-label': 'Re-run name' });
  const testCase = h('input', { type: 'text', placeholder: '(the original\'s)', 'aria-label': 'Re-run test case' });
  const pause = h('input', { type: 'checkbox', 'aria-label': 'Pause there' });
  const definition = h('textarea', { class: 'definition-editor', spellcheck: 'false', rows: 14, 'aria-label': 'Definition (edited)' });
  definition.value = pretty(definitionText) ?? '';
  const definitionBox = h('details', { class: 'rerun-definition' },
    h('summary', null, 'Edit the definition (checked by the server)'), definition);
  openDialog(
    `Re-run from ${entry.name} (event ${entry.enteredId})`,
    [
      h('p', { class: 'muted' }, 'A new execution replays this one up to this state entry, then continues with the input below.'),
      h('label', null, 'Name ', name),
      h('label', { title: 'A test case of serve --mock-config' }, 'Mock test case ', testCase),
      editor.element,
      definitionBox,
      h('label', { class: 'inline' }, pause, ` Pause there (before ${entry.name})`),
    ],
    'Re-run',
    async () => {
      const checked = editor.check(true);
      if (!checked) return true;
      const edited = definition.value.trim() !== (pretty(definitionText) ?? '').trim() ? definition.value : undefined;
      const r = await rerun({
        executionArn,
        eventId: entry.enteredId,
        input: checked.value,
        ...(edited !== undefined ? { definition: edited } : {}),
        ...(testCase.value.trim() ? { testCase: testCase.value.trim() } : {}),
        ...(pause.checked ? { pause: true } : {}),
        ...(name.value.trim() ? { name: name.value.trim() } : {}),
      });
      navigate(compareHref(executionArn, r.executionArn));
    },
  );
}

function pretty(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
