// The history scrubber: a slider over the execution's events with previous /
// next buttons and "Live". Left/Right move it when it has focus (the slider's
// own keys); the view shows the execution as of the chosen event.
import { clampPosition, stepPosition, type Position } from '../model/timeTravel';
import type { HistoryEvent } from '../model/history';
import { h } from './dom';

export class Scrubber {
  readonly element: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly label: HTMLElement;
  private readonly live: HTMLButtonElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private position: Position = { live: true };
  private events: readonly HistoryEvent[] = [];

  constructor(private readonly onChange: (position: Position) => void) {
    this.slider = h('input', { type: 'range', min: '1', max: '1', step: '1', value: '1', class: 'scrub-slider', 'aria-label': 'History position (event)' });
    this.label = h('span', { class: 'scrub-label', 'aria-live': 'polite' });
    this.prev = h('button', { type: 'button', title: 'Previous event', 'aria-label': 'Previous event' }, '◀');
    this.next = h('button', { type: 'button', title: 'Next event', 'aria-label': 'Next event' }, '▶');
    this.live = h('button', { type: 'button', class: 'scrub-live', title: 'Follow the execution to its latest event' }, 'Live');
    this.element = h('div', { class: 'scrubber', role: 'group', 'aria-label': 'Time travel' },
      h('span', { class: 'scrub-title' }, 'Time travel'), this.prev, this.slider, this.next, this.live, this.label);
    this.prev.addEventListener('click', () => this.set(stepPosition(this.position, this.events.length, -1)));
    this.next.addEventListener('click', () => this.set(stepPosition(this.position, this.events.length, 1)));
    this.live.addEventListener('click', () => this.set({ live: true }));
    this.slider.addEventListener('input', () => this.set(clampPosition({ live: false, count: Number(this.slider.value) }, this.events.length)));
  }

  get current(): Position {
    return this.position;
  }

  /** The history grew (or was read): the slider's range follows it; a live position stays at the end. */
  update(events: readonly HistoryEvent[]): void {
    this.events = events;
    this.render();
  }

  set(position: Position): void {
    const next = clampPosition(position, this.events.length);
    const same = next.live === this.position.live && (next.live || (!this.position.live && next.count === this.position.count));
    this.position = next;
    this.render();
    if (!same) this.onChange(next);
  }

  private render(): void {
    const total = this.events.length;
    const count = this.position.live ? total : this.position.count;
    this.slider.max = String(Math.max(1, total));
    this.slider.value = String(Math.max(1, count));
    this.slider.disabled = total <= 1;
    this.prev.disabled = total <= 1 || count <= 1;
    this.next.disabled = this.position.live;
    this.live.disabled = this.position.live;
    this.live.classList.toggle('on', this.position.live);
    this.element.classList.toggle('travelling', !this.position.live);
    const event = this.events[count - 1];
    this.label.textContent = event
      ? `${this.position.live ? 'Live · ' : ''}event ${event.id} of ${this.events[total - 1]!.id}: ${event.type}`
      : 'No events yet';
  }
}
