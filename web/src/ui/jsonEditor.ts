// A textarea for JSON that checks it as you type and shows where it breaks.
import { checkJson } from '../model/jsonInput';
import { h } from './dom';

export class JsonEditor {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  private readonly status: HTMLElement;

  constructor(initial: string, label: string) {
    this.textarea = h('textarea', { class: 'json-editor', spellcheck: 'false', rows: 12, 'aria-label': label });
    this.textarea.value = initial;
    this.status = h('div', { class: 'json-status', 'aria-live': 'polite' });
    this.element = h('div', { class: 'json-edit' }, h('label', null, label), this.textarea, this.status);
    this.textarea.addEventListener('input', () => this.check());
    this.textarea.addEventListener('keydown', (e) => {
      if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey) {
        // Two spaces, not focus change, unless Escape was pressed before (browsers' convention is kept with Shift+Tab).
        e.preventDefault();
        this.textarea.setRangeText('  ', this.textarea.selectionStart, this.textarea.selectionEnd, 'end');
        this.check();
      }
    });
    this.check();
  }

  /** The parsed value, or undefined (and the error shown, the caret put at it). */
  check(focus = false): { value: unknown } | undefined {
    const r = checkJson(this.textarea.value);
    if (r.ok) {
      this.status.textContent = 'Valid JSON';
      this.status.className = 'json-status ok';
      this.textarea.removeAttribute('aria-invalid');
      return { value: r.value };
    }
    this.status.textContent = `Line ${r.line}, column ${r.column}: ${r.message}`;
    this.status.className = 'json-status bad';
    this.textarea.setAttribute('aria-invalid', 'true');
    if (focus) {
      this.textarea.focus();
      this.textarea.setSelectionRange(r.position, Math.min(r.position + 1, this.textarea.value.length));
    }
    return undefined;
  }

  get text(): string {
    return this.textarea.value;
  }
}
