// The history table: every event (id, time since start, type, state, a short
// summary of its details), virtualized so 25,000 events stay fast.
import { eventDetails, eventTime, type HistoryModel } from '../model/history';
import { formatDuration, h } from './dom';
import { VirtualList } from './virtualList';

function summary(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['name', 'error', 'cause', 'resource', 'index', 'parameters', 'input', 'output']) {
    const v = details[key];
    if (v === undefined) continue;
    const t = typeof v === 'string' ? v : JSON.stringify(v);
    parts.push(`${key}: ${t.length > 120 ? t.slice(0, 119) + '…' : t}`);
    if (parts.length >= 3) break;
  }
  return parts.join('  ');
}

export class HistoryTable {
  readonly element: HTMLElement;
  private readonly list: VirtualList;
  /** In time travel: how many events are shown as happened (later rows dimmed). */
  private shown?: number;

  constructor(
    private readonly model: HistoryModel,
    onSelect: (eventIndex: number) => void,
  ) {
    const header = h('div', { class: 'ht-row ht-head' },
      h('span', { class: 'ht-id' }, 'id'),
      h('span', { class: 'ht-time' }, 'time'),
      h('span', { class: 'ht-type' }, 'type'),
      h('span', { class: 'ht-state' }, 'state'),
      h('span', { class: 'ht-details' }, 'details'),
    );
    this.list = new VirtualList({
      rowHeight: 22,
      label: 'Execution history',
      header,
      renderRow: (i) => this.row(i),
      onActivate: onSelect,
    });
    this.element = this.list.element;
    this.element.classList.add('history');
  }

  private row(i: number): HTMLElement {
    const e = this.model.events[i]!;
    const t0 = this.model.execution.start ?? eventTime(this.model.events[0]!.timestamp);
    const entry = this.model.eventEntry.get(e.id);
    const kind = /Failed|TimedOut|Aborted/.test(e.type) ? 'ev-bad' : /Succeeded/.test(e.type) ? 'ev-good' : '';
    const future = this.shown !== undefined && i >= this.shown ? ' ht-future' : '';
    return h('div', { class: `ht-row ${kind}${future}` },
      h('span', { class: 'ht-id' }, e.id),
      h('span', { class: 'ht-time' }, `+${formatDuration(eventTime(e.timestamp) - t0)}`),
      h('span', { class: 'ht-type' }, e.type),
      h('span', { class: 'ht-state' }, entry !== undefined ? this.model.entries[entry]!.name : ''),
      h('span', { class: 'ht-details' }, summary(eventDetails(e))),
    );
  }

  update(): void {
    this.list.setCount(this.model.events.length, true);
  }

  /** Time travel: events from `count` on are dimmed (undefined: none). */
  setShown(count: number | undefined): void {
    if (count === this.shown) return;
    this.shown = count;
    this.list.refresh();
  }

  selectEvent(index: number): void {
    this.list.setActive(index);
  }
}
