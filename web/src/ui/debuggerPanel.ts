// The debugger while an execution is paused at a breakpoint: a banner naming
// the state (before or after it) with Step (F10), Continue (F8) and "Edit
// input and continue"; and a panel with `$`, `$$` and the variables, and an
// expression box (JSONPath, intrinsic or JSONata) evaluated against them.
import { errorText } from '../api/aws';
import { evaluate, resume } from '../api/ui';
import { describeBreakpoint } from '../model/breakpoints';
import { jsonText, type Pause, type PauseId } from '../model/pauses';
import { openDialog } from './dialog';
import { append, formatTime, h } from './dom';
import { JsonEditor } from './jsonEditor';
import { jsonView } from './jsonView';
import { busTime } from '../model/busEvents';

export interface DebuggerOptions {
  /** After a resume was accepted (the feed reads again). */
  onResumed(): void;
  onError(error: unknown): void;
}

export class DebuggerPanel {
  /** Full width, above the graph; empty when not paused. */
  readonly banner: HTMLElement;
  /** In the inspector pane, above the inspector; empty when not paused. */
  readonly details: HTMLElement;
  private pauses: Pause[] = [];
  private currentId?: PauseId;
  private busy = false;
  private readonly expression: HTMLInputElement;
  private readonly result: HTMLElement;

  constructor(
    private readonly executionArn: string,
    private readonly options: DebuggerOptions,
  ) {
    this.banner = h('div', { class: 'debug-banner', role: 'region', 'aria-label': 'Debugger', hidden: true });
    this.details = h('section', { class: 'debug-details', 'aria-label': 'Paused state', hidden: true });
    this.expression = h('input', {
      type: 'text',
      class: 'debug-expr',
      placeholder: '$.orderId   $$.State.Name   $var   States.Format(...)   or JSONata',
      'aria-label': 'Expression to evaluate',
      spellcheck: 'false',
    });
    this.result = h('div', { class: 'debug-result', 'aria-live': 'polite' });
  }

  get paused(): Pause | undefined {
    return this.pauses.find((p) => p.pauseId === this.currentId) ?? this.pauses[0];
  }

  setPauses(list: Pause[]): void {
    const before = this.paused?.pauseId;
    this.pauses = list;
    if (!list.some((p) => p.pauseId === this.currentId)) this.currentId = list[0]?.pauseId;
    if (this.paused?.pauseId !== before) this.result.replaceChildren();
    this.render();
  }

  private render(): void {
    const p = this.paused;
    this.banner.hidden = !p;
    this.details.hidden = !p;
    if (!p) {
      this.banner.replaceChildren();
      this.details.replaceChildren();
      return;
    }
    const picker =
      this.pauses.length > 1
        ? h('select', { 'aria-label': 'Paused branch' },
            this.pauses.map((x, i) => h('option', { value: String(i), selected: x.pauseId === p.pauseId }, describeBreakpoint(x))))
        : null;
    picker?.addEventListener('change', () => {
      this.currentId = this.pauses[Number(picker.value)]?.pauseId;
      this.result.replaceChildren();
      this.render();
    });
    const button = (label: string, title: string, run: () => void, primary = false): HTMLButtonElement =>
      h('button', { type: 'button', class: primary ? 'primary' : '', title, disabled: this.busy, onclick: run }, label);
    this.banner.replaceChildren();
    append(this.banner, [
      h('span', { class: 'debug-icon', 'aria-hidden': 'true' }),
      h('span', { class: 'debug-where' }, 'Paused ', h('strong', null, describeBreakpoint(p))),
      p.time !== undefined ? h('span', { class: 'muted' }, ` at ${formatTime(busTime(p.time))}`) : null,
      this.pauses.length > 1 ? h('span', { class: 'muted' }, ` · ${this.pauses.length} paused`) : null,
      picker,
      h('div', { class: 'spacer' }),
      button('Step', 'Run to the next state and pause there (F10)', () => this.resumeFromButton(true)),
      button('Continue', 'Run on to the next breakpoint (F8)', () => this.resumeFromButton(false), true),
      button(p.after ? 'Edit output and continue…' : 'Edit input and continue…', p.after ? "Change the state's output, then continue" : "Change the state's input, then continue", () => this.editAndContinue()),
    ]);
    const form = h('form', { class: 'debug-eval' }, this.expression, h('button', { type: 'submit' }, 'Evaluate'));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.evaluate();
    });
    this.details.replaceChildren(
      h('h3', null, `Paused ${describeBreakpoint(p)}`),
      h('div', { class: 'insp-section' }, h('h4', null, 'Evaluate'), form, this.result),
      h('div', { class: 'insp-section' }, h('h4', null, p.after ? '$ (the state\'s output)' : '$ (the state\'s input)'), jsonView(jsonText(p.input))),
      h('div', { class: 'insp-section' }, h('h4', null, '$$ (the context object)'), jsonView(jsonText(p.context))),
      h('div', { class: 'insp-section' }, h('h4', null, 'Variables'), jsonView(jsonText(p.variables))),
    );
  }

  /** Step (F10) or Continue (F8), from the keyboard. */
  key(e: KeyboardEvent): void {
    if (!this.paused || this.busy) return;
    if (e.key === 'F10') this.resumeFromButton(true);
    else if (e.key === 'F8') this.resumeFromButton(false);
    else return;
    e.preventDefault();
  }

  private resumeFromButton(step: boolean): void {
    this.resume(step).catch((e: unknown) => this.options.onError(e));
  }

  private async resume(step: boolean, input?: { value: unknown }): Promise<void> {
    const p = this.paused;
    if (!p) return;
    this.busy = true;
    this.render();
    try {
      await resume({ executionArn: this.executionArn, pauseId: p.pauseId, ...(step ? { step: true } : {}), ...(input ? { input: input.value } : {}) });
      this.pauses = this.pauses.filter((x) => x.pauseId !== p.pauseId);
      this.options.onResumed();
    } finally {
      this.busy = false;
      this.setPauses(this.pauses);
    }
  }

  private editAndContinue(): void {
    const p = this.paused;
    if (!p) return;
    const editor = new JsonEditor(JSON.stringify(p.input, null, 2) ?? 'null', p.after ? "The state's output (JSON)" : "The state's input (JSON)");
    openDialog(`${p.after ? 'Edit output' : 'Edit input'} and continue: ${p.state}`, [editor.element], 'Continue', async () => {
      const checked = editor.check(true);
      if (!checked) return true;
      const pauseId = p.pauseId;
      if (this.paused?.pauseId !== pauseId) throw new Error('The execution is no longer paused there.');
      await this.resume(false, checked);
    });
  }

  private async evaluate(): Promise<void> {
    const p = this.paused;
    const expression = this.expression.value.trim();
    if (!p || !expression) return;
    this.result.replaceChildren(h('span', { class: 'muted' }, 'Evaluating…'));
    try {
      const value = await evaluate(this.executionArn, p.pauseId, expression);
      this.result.replaceChildren(h('div', { class: 'muted small' }, expression), jsonView(JSON.stringify(value)));
    } catch (e) {
      this.result.replaceChildren(h('div', { class: 'error-box eval-error', role: 'alert' }, errorText(e)));
    }
  }
}
