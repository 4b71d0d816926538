// A Distributed Map's Map Run in the inspector, as one step: its status, the
// items and child executions counted (bars), concurrency and tolerated
// failures, and on demand the list of its child executions. One panel per
// Map Run, kept across the inspector's redraws (the list keeps its state).
import { arnName, formatDuration, formatTime, h } from './dom';
import { ChildExecutionList } from './childExecutions';
import { countBar } from './countBar';
import { concurrencyText, toleranceText, type MapRun } from '../model/mapRun';

export class MapRunPanel {
  readonly element: HTMLElement;
  private body: HTMLElement = h('div', { class: 'muted' }, 'reading…');
  private readonly toggle: HTMLButtonElement;
  private readonly listBox = h('div', { class: 'child-list-box' });
  private list: ChildExecutionList | undefined;
  private lastCounts = '';

  constructor(readonly mapRunArn: string) {
    this.toggle = h('button', { type: 'button', 'aria-expanded': 'false', onclick: () => this.toggleList() }, 'Child executions');
    this.element = h('section', { class: 'insp-section map-run' },
      h('h4', null, 'Map Run'),
      h('div', { class: 'map-run-arn muted small', title: mapRunArn }, arnName(mapRunArn)),
      this.body,
      h('div', { class: 'insp-actions' }, this.toggle),
      this.listBox,
    );
    this.element.dataset['mapRunArn'] = mapRunArn;
  }

  update(run: MapRun): void {
    const end = run.stopDate !== undefined ? run.stopDate * 1000 : Date.now();
    const facts = [
      `max concurrency ${concurrencyText(run)}`,
      `tolerated failures ${toleranceText(run)}`,
      run.itemCounts.resultsWritten ? `${run.itemCounts.resultsWritten} results written` : '',
      run.redriveCount ? `redriven ${run.redriveCount}×` : '',
    ].filter(Boolean);
    const body = h('div', { class: 'map-run-body' },
      h('div', { class: 'insp-meta' },
        h('span', { class: `badge st-${run.status}` }, run.status),
        ` started ${formatTime(run.startDate * 1000)} · ${formatDuration(end - run.startDate * 1000)}${run.status === 'RUNNING' ? ' so far' : ''}`),
      countBar('Items', run.itemCounts),
      countBar('Child executions', run.executionCounts),
      h('div', { class: 'muted small' }, facts.join(' · ')),
    );
    this.replaceBody(body);
    this.element.dataset['status'] = run.status;
    this.toggle.textContent = `Child executions (${run.executionCounts.total})`;
    const counts = JSON.stringify(run.executionCounts);
    if (counts !== this.lastCounts) {
      this.lastCounts = counts;
      if (this.list && !this.listBox.hidden) this.list.refresh();
    }
  }

  showError(message: string): void {
    const body = h('div', { class: 'error-box' }, `Could not read the Map Run: ${message}`);
    this.replaceBody(body);
  }

  private replaceBody(body: HTMLElement): void {
    this.body.replaceWith(body);
    this.body = body;
  }

  private toggleList(): void {
    if (!this.list) {
      this.list = new ChildExecutionList(this.mapRunArn);
      this.listBox.append(this.list.element);
    } else {
      this.listBox.hidden = !this.listBox.hidden;
      if (!this.listBox.hidden) this.list.refresh();
    }
    this.toggle.setAttribute('aria-expanded', String(!this.listBox.hidden));
  }
}
