// The definition as pretty JSON, one element per line, knowing which lines
// hold each state so the selected one can be highlighted and scrolled to.
// Lines come in blocks the browser lays out only when near the viewport
// (content-visibility: auto): a 200-state machine prints 1,100 lines.
import { printDefinition, type Printed } from '../model/printDefinition';
import { h } from './dom';

const BLOCK_LINES = 32;

export class DefinitionView {
  readonly element: HTMLElement;
  private printed: Printed = { lines: [], ranges: new Map() };
  private lineEls: HTMLElement[] = [];

  constructor() {
    this.element = h('pre', { class: 'definition', tabindex: '0', 'aria-label': 'Definition' });
  }

  setDefinition(definition: unknown, diagnostics: Map<string, string[]> = new Map()): void {
    this.printed = printDefinition(definition);
    this.element.textContent = '';
    this.lineEls = this.printed.lines.map((line, i) => h('div', { class: 'line', 'data-n': i + 1 }, line || ' '));
    for (const [state, [a]] of this.printed.ranges) {
      const messages = diagnostics.get(state);
      if (messages?.length) {
        const el = this.lineEls[a]!;
        el.classList.add('diag-line');
        el.title = messages.join('\n');
      }
    }
    for (let i = 0; i < this.lineEls.length; i += BLOCK_LINES) {
      const lines = this.lineEls.slice(i, i + BLOCK_LINES);
      const block = h('div', { class: 'block' }, lines);
      // Its height until first shown (then the browser remembers the real one).
      block.style.setProperty('contain-intrinsic-block-size', `auto ${(lines.length * 1.4).toFixed(1)}em`);
      this.element.append(block);
    }
  }

  select(state: string | undefined): void {
    for (const el of this.element.querySelectorAll('.hl')) el.classList.remove('hl');
    if (!state) return;
    const range = this.printed.ranges.get(state);
    if (!range) return;
    for (let i = range[0]; i <= range[1] && i < this.lineEls.length; i++) this.lineEls[i]!.classList.add('hl');
    const first = this.lineEls[range[0]];
    if (first) {
      // Not offsetTop: each block (contained) may be the line's offset parent.
      const top = first.getBoundingClientRect().top - this.element.getBoundingClientRect().top + this.element.scrollTop;
      this.element.scrollTo({ top: Math.max(0, top - 8), behavior: 'smooth' });
    }
  }
}
