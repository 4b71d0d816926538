// The timeline: one row per state entry, a bar from its start to its end on
// the execution's (virtual) time axis, as the event timestamps give it.
import type { HistoryModel } from '../model/history';
import { formatDuration, h } from './dom';
import { VirtualList } from './virtualList';

export class Timeline {
  readonly element: HTMLElement;
  private readonly list: VirtualList;
  private readonly axis: HTMLElement;

  constructor(
    private model: HistoryModel,
    onSelect: (entry: number) => void,
  ) {
    this.axis = h('div', { class: 'tl-axis' });
    this.list = new VirtualList({
      rowHeight: 22,
      label: 'Timeline of state entries',
      header: this.axis,
      renderRow: (i) => this.row(i),
      onActivate: (i) => onSelect(i),
    });
    this.element = this.list.element;
    this.element.classList.add('timeline');
  }

  private spanCache: [number, number] = [0, 1];
  private notes = new Map<number, string>();

  /** A line after an entry's name (a Distributed Map's Map Run), by entry index. */
  setNotes(notes: Map<number, string>): void {
    this.notes = notes;
    this.list.refresh();
  }

  private span(): [number, number] {
    const x = this.model.execution;
    const start = x.start ?? this.model.entries[0]?.start ?? 0;
    let end = x.end ?? start;
    for (const e of this.model.entries) end = Math.max(end, e.end ?? e.start);
    if (x.status === 'RUNNING') end = Math.max(end, lastTime(this.model));
    return [start, Math.max(end, start + 1)];
  }

  private row(i: number): HTMLElement {
    const e = this.model.entries[i]!;
    const [t0, t1] = this.spanCache;
    const total = t1 - t0;
    const end = e.end ?? lastTime(this.model);
    const left = ((e.start - t0) / total) * 100;
    const width = Math.max(0.3, ((end - e.start) / total) * 100);
    let depth = 0;
    for (let p = e.parent; p !== undefined; p = this.model.entries[p]!.parent) depth++;
    const status = this.model.entryStatus(e);
    // Positions through the CSSOM: the page's Content-Security-Policy (default-src 'self') blocks
    // style attributes.
    const note = this.notes.get(i);
    const name = h('span', { class: 'tl-name' }, e.name,
      e.iteration !== undefined ? h('span', { class: 'muted' }, ` [${e.iteration}]`) : null,
      note ? h('span', { class: 'tl-note' }, ` ${note}`) : null);
    name.style.paddingLeft = `${depth * 12 + 4}px`;
    const bar = h('span', { class: `tl-bar st-${status}` });
    bar.style.left = `${left}%`;
    bar.style.width = `${width}%`;
    return h('div', { class: 'tl-row', title: `${e.name}: ${formatDuration(end - e.start)} (${status})${note ? `\nMap Run ${note}` : ''}` },
      name,
      h('span', { class: 'tl-track' }, bar),
      h('span', { class: 'tl-dur' }, formatDuration(end - e.start)),
    );
  }

  /** Show another model (the execution as of an earlier event, in time travel). */
  setModel(model: HistoryModel): void {
    this.model = model;
    this.update();
  }

  update(): void {
    this.spanCache = this.span();
    const [t0, t1] = this.spanCache;
    this.axis.textContent = `0 … ${formatDuration(t1 - t0)} (event timestamps; virtual time when the clock is virtual)`;
    this.list.setCount(this.model.entries.length);
    this.list.refresh();
  }

  select(entry: number): void {
    this.list.setActive(entry);
  }
}

function lastTime(model: HistoryModel): number {
  const last = model.events[model.events.length - 1];
  if (!last) return 0;
  return typeof last.timestamp === 'number' ? (last.timestamp > 1e11 ? last.timestamp : last.timestamp * 1000) : Date.parse(last.timestamp);
}
