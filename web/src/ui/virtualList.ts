// A scrolling list that keeps only the visible rows in the DOM (rowWindow),
// with fixed-height rows: fine with 25,000 history events. Up/Down/PageUp/
// PageDown/Home/End move the active row; Enter activates it.
import { rowWindow, scrollToRow } from '../model/rowWindow';
import { h } from './dom';

export interface VirtualListOptions {
  rowHeight: number;
  renderRow: (index: number) => HTMLElement;
  onActivate?: (index: number) => void;
  header?: HTMLElement;
  label: string;
}

export class VirtualList {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private count = 0;
  private active = -1;
  private frame = 0;
  private rendered = '';

  constructor(private readonly options: VirtualListOptions) {
    this.spacer = h('div', { class: 'vl-spacer' });
    this.rows = h('div', { class: 'vl-rows' });
    this.scroller = h('div', { class: 'vl-scroll', tabindex: '0', role: 'listbox', 'aria-label': options.label }, this.spacer, this.rows);
    this.element = h('div', { class: 'vl' }, options.header ?? null, this.scroller);
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.scroller.addEventListener('keydown', (e) => this.key(e));
    this.scroller.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('[data-row]');
      if (!row) return;
      this.setActive(Number(row.dataset['row']), false);
      options.onActivate?.(this.active);
    });
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
  }

  setCount(count: number, stickToBottom = false): void {
    const atBottom = this.scroller.scrollTop + this.scroller.clientHeight >= this.spacer.offsetHeight - 2;
    this.count = count;
    this.spacer.style.height = `${count * this.options.rowHeight}px`;
    if (stickToBottom && atBottom) this.scroller.scrollTop = count * this.options.rowHeight;
    this.rendered = '';
    this.schedule();
  }

  /** Re-render visible rows (their data changed). */
  refresh(): void {
    this.rendered = '';
    this.schedule();
  }

  setActive(index: number, scroll = true): void {
    this.active = Math.max(-1, Math.min(this.count - 1, index));
    if (scroll && this.active >= 0) {
      this.scroller.scrollTop = scrollToRow(this.active, this.scroller.scrollTop, this.scroller.clientHeight, this.options.rowHeight);
    }
    this.rendered = '';
    this.schedule();
  }

  private key(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / this.options.rowHeight) - 1);
    let next = this.active;
    if (e.key === 'ArrowDown') next++;
    else if (e.key === 'ArrowUp') next--;
    else if (e.key === 'PageDown') next += page;
    else if (e.key === 'PageUp') next -= page;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = this.count - 1;
    else if (e.key === 'Enter' && this.active >= 0) {
      this.options.onActivate?.(this.active);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    this.setActive(Math.max(0, next));
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const w = rowWindow(this.scroller.scrollTop, this.scroller.clientHeight, this.options.rowHeight, this.count, 10);
    const key = `${w.start}:${w.end}:${this.active}`;
    if (key === this.rendered) return;
    this.rendered = key;
    this.rows.style.transform = `translateY(${w.offset}px)`;
    const out: HTMLElement[] = [];
    for (let i = w.start; i < w.end; i++) {
      const row = this.options.renderRow(i);
      row.dataset['row'] = String(i);
      row.style.height = `${this.options.rowHeight}px`;
      row.setAttribute('role', 'option');
      if (i === this.active) {
        row.classList.add('active');
        row.setAttribute('aria-selected', 'true');
      }
      out.push(row);
    }
    this.rows.replaceChildren(...out);
  }
}
