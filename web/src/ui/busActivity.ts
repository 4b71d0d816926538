// The bus's live activity: a virtualized list of the events put (newest
// first) with their schema check and deliveries at a glance, filters
// (detail-type, only failures / dead letters / violations), and the selected
// event's detail: its JSON, the schema check's violations, each matched rule's
// deliveries.
import { errorText } from '../api/aws';
import { followBus } from '../live/busFeed';
import type { Feed } from '../live/executionFeed';
import { busEventMatches, busOutcome, busTime, detailTypes, NO_FILTER, type BusEvent, type BusFilter } from '../model/busEvents';
import { append, formatTime, h } from './dom';
import { jsonView } from './jsonView';
import { VirtualList } from './virtualList';

export class BusActivity {
  readonly element: HTMLElement;
  private readonly list: VirtualList;
  private readonly detail: HTMLElement;
  private readonly note: HTMLElement;
  private readonly typePicker: HTMLSelectElement;
  private all: BusEvent[] = [];
  private shown: BusEvent[] = [];
  private filter: BusFilter = { ...NO_FILTER };
  private selectedId?: number | string;
  private readonly feed: Feed;

  constructor() {
    this.typePicker = h('select', { 'aria-label': 'Detail-type' }, h('option', { value: '' }, 'All detail-types'));
    this.typePicker.addEventListener('change', () => this.setFilter({ detailType: this.typePicker.value }));
    const check = (label: string, key: 'failures' | 'deadLetters' | 'violations'): HTMLElement => {
      const box = h('input', { type: 'checkbox' });
      box.addEventListener('change', () => this.setFilter({ [key]: box.checked }));
      return h('label', { class: 'inline' }, box, ` ${label}`);
    };
    this.note = h('span', { class: 'muted', 'aria-live': 'polite' }, 'Loading…');
    this.list = new VirtualList({
      rowHeight: 46,
      label: 'Events put on the bus, newest first',
      renderRow: (i) => this.row(i),
      onActivate: (i) => this.select(this.shown[i]?.id),
    });
    this.list.element.classList.add('bus-list');
    this.detail = h('aside', { class: 'bus-detail', 'aria-label': 'Selected event', tabindex: '-1' },
      h('p', { class: 'muted' }, 'Select an event to see its detail, schema check and deliveries.'));
    this.element = h('section', { class: 'bus-activity', 'aria-label': 'Bus activity' },
      h('div', { class: 'filters bus-filters', role: 'group', 'aria-label': 'Filters' },
        this.typePicker, check('Failures', 'failures'), check('Dead letters', 'deadLetters'), check('Schema violations', 'violations'),
        h('div', { class: 'spacer' }), this.note),
      h('div', { class: 'bus-split' }, this.list.element, this.detail),
    );
    this.feed = followBus({
      onEvents: (list, dropped) => {
        this.all = list;
        this.apply(dropped);
      },
      onError: (e) => {
        this.note.textContent = errorText(e);
      },
    });
  }

  stop(): void {
    this.feed.stop();
  }

  private setFilter(change: Partial<BusFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.apply();
  }

  private dropped = 0;

  private apply(dropped = this.dropped): void {
    this.dropped = dropped;
    const types = detailTypes(this.all);
    const current = this.typePicker.value;
    if (this.typePicker.options.length !== types.length + 1) {
      this.typePicker.replaceChildren(h('option', { value: '' }, 'All detail-types'), ...types.map((t) => h('option', { value: t, selected: t === current }, t)));
    }
    this.shown = this.all.filter((e) => busEventMatches(e, this.filter));
    const how = this.feed?.mode === 'polling' ? 'refreshed every 2 s' : 'live';
    this.note.textContent = `${this.shown.length} of ${this.all.length} event(s), ${how}${dropped ? ` · ${dropped} older ones no longer kept` : ''}`;
    this.list.setCount(this.shown.length);
    const at = this.shown.findIndex((e) => e.id === this.selectedId);
    this.list.setActive(at, false);
    const selected = this.all.find((e) => e.id === this.selectedId);
    if (selected) this.renderDetail(selected);
  }

  private row(i: number): HTMLElement {
    const e = this.shown[i]!;
    const outcome = busOutcome(e);
    return h('div', { class: `bus-row out-${outcome}`, 'data-event-id': String(e.id) },
      h('div', { class: 'bus-row-top' },
        h('span', { class: 'bus-type' }, e.detailType),
        h('span', { class: 'muted bus-from' }, ` from ${e.source} on ${e.eventBusName}`),
        schemaBadge(e),
        h('span', { class: `badge out-${outcome}` }, outcome)),
      h('div', { class: 'bus-row-bottom muted' },
        formatTime(busTime(e.time)),
        ` · ${e.matches.length} rule(s) matched`,
        e.matches.length ? `: ${e.matches.map((m) => m.rule).join(', ')}` : ''),
    );
  }

  private select(id: number | string | undefined): void {
    this.selectedId = id;
    const e = this.all.find((x) => x.id === id);
    if (e) this.renderDetail(e);
    this.list.setActive(this.shown.findIndex((x) => x.id === id), false);
  }

  private renderDetail(e: BusEvent): void {
    const scroll = this.detail.scrollTop;
    const schema = e.schema;
    this.detail.replaceChildren();
    append(this.detail, [
      h('h3', null, e.detailType),
      h('div', { class: 'insp-meta' }, `${e.source} · bus ${e.eventBusName} · ${formatTime(busTime(e.time))} · id ${e.id}`, e.sentBy ? ` · sent by ${e.sentBy}` : ''),
      e.error !== undefined ? h('div', { class: 'error-box' }, h('strong', null, 'The entry failed: '), e.error) : null,
      h('section', { class: 'insp-section' }, h('h4', null, 'Schema check'),
        !schema
          ? h('p', { class: 'muted' }, 'No schema applies to this event.')
          : h('div', { class: 'schema-check' },
              h('div', null, schemaBadge(e), ` ${schema.registry}/${schema.name} version ${schema.version} · mode ${schema.mode}`),
              schema.violations.length
                ? h('ul', { class: 'violations' }, schema.violations.map((v) => h('li', null, h('code', null, v.pointer || '(root)'), ` ${v.message}`)))
                : null)),
      h('section', { class: 'insp-section' }, h('h4', null, `Matched rules (${e.matches.length})`),
        e.matches.length === 0
          ? h('p', { class: 'muted' }, e.rejected ? 'Rejected before matching.' : 'No rule matched.')
          : e.matches.map((m) =>
              h('div', { class: 'bus-match' },
                h('div', null, h('strong', null, m.rule), ' ', h('code', { class: 'muted small' }, m.ruleArn)),
                h('table', { class: 'grid deliveries' },
                  h('thead', null, h('tr', null, ['Target', 'Status', 'Attempts', 'Error', 'Time'].map((t) => h('th', null, t)))),
                  h('tbody', null, m.deliveries.map((d) =>
                    h('tr', null,
                      h('td', null, d.targetId, h('div', { class: 'muted small' }, d.targetArn)),
                      h('td', null, h('span', { class: `badge out-${d.status}` }, d.status)),
                      h('td', null, String(d.attempts)),
                      h('td', null, d.error ?? '', d.deadLetterFile ? h('div', { class: 'muted small' }, `dead letter: ${d.deadLetterFile}`) : null),
                      h('td', { title: d.time !== undefined ? formatTime(busTime(d.time)) : '' }, d.time !== undefined ? formatTime(busTime(d.time)).slice(11) : ''))))),
              ))),
      h('section', { class: 'insp-section' }, h('h4', null, 'Detail'), jsonView(JSON.stringify(e.detail))),
      e.resources.length ? h('section', { class: 'insp-section' }, h('h4', null, 'Resources'), h('ul', null, e.resources.map((r) => h('li', null, h('code', null, r))))) : null,
    ]);
    this.detail.scrollTop = scroll;
  }
}

function schemaBadge(e: BusEvent): HTMLElement {
  const s = e.schema;
  if (!s) return h('span', { class: 'badge schema-none', title: 'No schema applies' }, 'no schema');
  if (s.valid) return h('span', { class: 'badge schema-valid', title: `${s.name} v${s.version}` }, '✓ schema');
  const rejected = e.rejected || s.mode !== 'warn';
  return h('span', { class: `badge ${rejected ? 'schema-rejected' : 'schema-warn'}`, title: s.violations.map((v) => `${v.pointer}: ${v.message}`).join('\n') },
    `${rejected ? '✗' : '⚠'} ${s.violations.length} violation(s)${rejected ? ', rejected' : ''}`);
}
