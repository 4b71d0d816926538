// A Map Run's child executions: ListExecutions by mapRunArn, a page at a time
// ("More…" follows nextToken), filtered by status, each row a link to the
// child's execution view.
import { errorText, sfn } from '../api/aws';
import type { ExecutionListItem } from '../api/types';
import { formatDuration, formatTime, h } from './dom';
import { executionHref } from './router';

const PAGE_SIZE = 100;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;

interface ChildPage {
  executions: ExecutionListItem[];
  nextToken?: string;
}

export class ChildExecutionList {
  readonly element: HTMLElement;
  private readonly filters: HTMLElement;
  private readonly body = h('tbody');
  private readonly note = h('p', { class: 'muted small' });
  private readonly more: HTMLButtonElement;
  private status: string | undefined;
  private items: ExecutionListItem[] = [];
  private nextToken: string | undefined;
  private pages = 0;
  /** Bumped by each new first read: a slower answer to an older one is dropped. */
  private generation = 0;

  constructor(private readonly mapRunArn: string) {
    this.filters = h('div', { class: 'filters', role: 'group', 'aria-label': 'Child status filter' });
    this.more = h('button', { type: 'button', class: 'small', hidden: true, onclick: () => void this.load(false) }, 'More…');
    this.element = h('div', { class: 'child-executions' },
      this.filters,
      h('table', { class: 'grid children-list' },
        h('thead', null, h('tr', null, ['Child execution', 'Status', 'Items', 'Started', 'Duration'].map((t) => h('th', null, t)))),
        this.body),
      this.more,
      this.note,
    );
    this.renderFilters();
    void this.load(true);
  }

  /** Read the first page again (the run moved on), unless more pages were read: they would be lost. */
  refresh(): void {
    if (this.pages <= 1) void this.load(true);
  }

  private renderFilters(): void {
    const chip = (label: string, status: string | undefined): HTMLElement =>
      h('button', {
        type: 'button',
        class: `chip${status ? ` st-${status}` : ''}${this.status === status ? ' on' : ''}`,
        'aria-pressed': this.status === status ? 'true' : 'false',
        onclick: () => {
          this.status = status;
          this.renderFilters();
          void this.load(true);
        },
      }, label);
    this.filters.replaceChildren(chip('All', undefined), ...STATUSES.map((s) => chip(s, s)));
  }

  private async load(first: boolean): Promise<void> {
    const generation = first ? ++this.generation : this.generation;
    const token = first ? undefined : this.nextToken;
    this.note.textContent = 'reading…';
    try {
      const page = await sfn<ChildPage>('ListExecutions', {
        mapRunArn: this.mapRunArn,
        maxResults: PAGE_SIZE,
        ...(this.status ? { statusFilter: this.status } : {}),
        ...(token ? { nextToken: token } : {}),
      });
      if (generation !== this.generation) return;
      if (!Array.isArray(page.executions)) throw new Error('ListExecutions: executions: expected an array');
      this.items = first ? page.executions : [...this.items, ...page.executions];
      this.pages = first ? 1 : this.pages + 1;
      this.nextToken = page.nextToken;
      this.render();
    } catch (e) {
      if (generation === this.generation) this.note.textContent = `Child executions: ${errorText(e)}`;
    }
  }

  private render(): void {
    const now = Date.now();
    this.body.replaceChildren(
      ...this.items.map((x) =>
        h('tr', { 'data-execution-arn': x.executionArn },
          h('td', null, h('a', { href: executionHref(x.executionArn) }, x.name)),
          h('td', null, h('span', { class: `badge st-${x.status}` }, x.status)),
          h('td', null, x.itemCount !== undefined ? String(x.itemCount) : ''),
          h('td', null, formatTime(x.startDate * 1000)),
          h('td', null, formatDuration((x.stopDate ? x.stopDate * 1000 : now) - x.startDate * 1000)),
        ),
      ),
    );
    this.more.hidden = !this.nextToken;
    const which = this.status ? ` ${this.status}` : '';
    this.note.textContent = this.items.length
      ? `${this.items.length}${which} child execution(s) shown${this.nextToken ? ', more to read' : ''}.`
      : `No${which} child executions.`;
  }
}
