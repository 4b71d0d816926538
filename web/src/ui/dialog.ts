// A modal form in a <dialog>: Escape closes it, the first field is focused,
// the submit handler's error is shown in it.
import { errorText } from '../api/aws';
import { h, type Child } from './dom';

export function openDialog(title: string, body: Child[], submitLabel: string, onSubmit: () => Promise<boolean | void>): HTMLDialogElement {
  const error = h('div', { class: 'dialog-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const cancel = h('button', { type: 'button' }, 'Cancel');
  const form = h('form', { method: 'dialog' }, h('h2', null, title), ...body.flat(), error, h('div', { class: 'dialog-buttons' }, cancel, submit));
  const dialog = h('dialog', { class: 'dialog' }, form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    onSubmit()
      .then((keep) => {
        if (keep !== true) dialog.close();
      })
      .catch((err: unknown) => {
        error.textContent = errorText(err);
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  (form.querySelector('textarea, input, select') as HTMLElement | null)?.focus();
  return dialog;
}
