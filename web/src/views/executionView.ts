// One execution: the graph coloured by state status (live while it runs),
// the step inspector, the timeline, the history table, and the actions
// (stop, redrive, start again, answer a waiting callback).
import { errorText, sfn } from '../api/aws';
import type { ExecutionDescription, StateMachineDescription } from '../api/types';
import { followExecution } from '../live/executionFeed';
import { parseDefinition, type Definition } from '../model/asl';
import { HistoryModel } from '../model/history';
import { callbackDialog, redrive, startExecutionDialog, stopExecutionDialog } from '../ui/actions';
import { formatDuration, formatTime, h } from '../ui/dom';
import { GraphView } from '../ui/graphView';
import { HistoryTable } from '../ui/historyTable';
import { renderInspector } from '../ui/inspector';
import { jsonView } from '../ui/jsonView';
import { markAfterPaint } from '../ui/paintMark';
import { executionsHref, machineHref } from '../ui/router';
import { Timeline } from '../ui/timeline';

export function mountExecution(root: HTMLElement, arn: string, params: URLSearchParams): () => void {
  const model = new HistoryModel();
  let definition: Definition | undefined;
  let description: ExecutionDescription | undefined;
  let selectedState: string | undefined = params.get('state') ?? undefined;
  let selectedEntry: number | undefined;
  let selectedEvent: number | undefined; // index in model.events, when picked in the history table
  let inspectorKey = '';

  const title = h('h2', null, arn.split(':').pop() ?? arn);
  const status = h('span', { class: 'badge' }, '…');
  const meta = h('span', { class: 'muted' });
  const actions = h('div', { class: 'actions' });
  const callbacks = h('div', { class: 'callbacks', 'aria-live': 'polite' });
  const errorLine = h('div', { class: 'error', role: 'alert' });
  const inspectorPane = h('aside', { class: 'inspector-pane', 'aria-label': 'Step inspector', tabindex: '-1' });

  const selectState = (name: string, entry?: number, fromEvent?: number): void => {
    selectedEvent = fromEvent;
    selectedState = name;
    selectedEntry = entry;
    graph.select(name, false);
    history.replaceState(null, '', `#/executions/${encodeURIComponent(arn)}?state=${encodeURIComponent(name)}`);
    renderInspectorNow(true);
    if (entry !== undefined) timeline.select(entry);
  };
  const selectEntry = (index: number): void => {
    const entry = model.entries[index];
    if (entry) selectState(entry.name, index);
  };
  const graph = new GraphView({ onSelect: (name) => selectState(name) });
  const timeline = new Timeline(model, selectEntry);
  const table = new HistoryTable(model, (eventIndex) => {
    const e = model.events[eventIndex];
    const entry = e ? model.eventEntry.get(e.id) : undefined;
    const stateEntry = entry !== undefined ? model.entries[entry] : undefined;
    if (stateEntry) selectState(stateEntry.name, entry, eventIndex);
    else {
      // An execution-level event: the execution's summary with the event.
      selectedState = undefined;
      selectedEntry = undefined;
      selectedEvent = eventIndex;
      graph.select(undefined, false);
      renderInspectorNow(true);
    }
  });

  const renderInspectorNow = (force: boolean): void => {
    const indexes = selectedState ? (model.byName.get(selectedState) ?? []) : [];
    const current = selectedEntry ?? indexes[indexes.length - 1];
    const entry = current !== undefined ? model.entries[current] : undefined;
    const key = `${selectedEvent}|${selectedState}|${indexes.length}|${current}|${entry?.eventIds.length}|${entry?.closed}|${entry?.children.length}|${entry?.next}`;
    if (!force && key === inspectorKey) return;
    inspectorKey = key;
    const scroll = inspectorPane.scrollTop;
    const inspector = renderInspector({ model, definition, onSelectEntry: selectEntry }, selectedState, selectedEntry);
    const event = selectedEvent !== undefined ? model.events[selectedEvent] : undefined;
    if (event) {
      const title = inspector.querySelector('h3');
      const box = h('section', { class: 'insp-section' }, h('h4', null, `Event ${event.id}: ${event.type}`), jsonView(JSON.stringify(event)));
      if (title) title.after(box);
      else inspector.prepend(box);
    }
    inspectorPane.replaceChildren(inspector);
    if (!force) inspectorPane.scrollTop = scroll;
  };

  const renderActions = (): void => {
    if (!description) return;
    const d = description;
    const buttons: HTMLElement[] = [];
    if (d.status === 'RUNNING') {
      buttons.push(h('button', { type: 'button', onclick: () => stopExecutionDialog(arn, () => feed.poke()) }, 'Stop…'));
    }
    if (d.status === 'FAILED' || d.status === 'TIMED_OUT' || d.status === 'ABORTED') {
      buttons.push(
        h('button', {
          type: 'button',
          title: d.redriveStatus === 'NOT_REDRIVABLE' ? d.redriveStatusReason ?? 'Not redrivable' : 'RedriveExecution',
          onclick: () => {
            redrive(arn)
              .then(() => feed.poke())
              .catch((e: unknown) => {
                errorLine.textContent = errorText(e);
              });
          },
        }, 'Redrive'),
      );
    }
    buttons.push(h('button', { type: 'button', onclick: () => startExecutionDialog(d.stateMachineArn, [], prettyInput(d.input)) }, 'Start again…'));
    actions.replaceChildren(...buttons);
  };

  const renderCallbacks = (): void => {
    const waiting = model.waitingForCallback();
    callbacks.replaceChildren(
      ...waiting.map(({ entry, token }) =>
        h('div', { class: 'callback' },
          h('strong', null, entry.name), ' waits for a callback. ',
          token ? h('code', { class: 'token-inline', title: token }, token) : h('span', { class: 'muted' }, 'No token found in its parameters ($$.Task.Token).'),
          token ? h('button', { type: 'button', class: 'primary', onclick: () => callbackDialog(token, entry.name, () => feed.poke()) }, 'Answer…') : null,
        ),
      ),
    );
  };

  root.append(
    h('div', { class: 'execution' },
      h('header', { class: 'view-head' }, title, status, meta, h('div', { class: 'spacer' }), actions),
      errorLine,
      callbacks,
      h('div', { class: 'exec-top' }, graph.element, inspectorPane),
      h('div', { class: 'exec-bottom' },
        h('section', { class: 'pane' }, h('h3', null, 'Timeline'), timeline.element),
        h('section', { class: 'pane' }, h('h3', null, 'History'), table.element),
      ),
    ),
  );
  renderInspectorNow(true);

  // The description line; while the execution runs its duration grows: drawn again every second
  // (the live feed only speaks when something happens).
  let metaTimer: ReturnType<typeof setTimeout> | undefined;
  const renderMeta = (): void => {
    clearTimeout(metaTimer);
    const d = description;
    if (!d) return;
    const end = d.stopDate ? d.stopDate * 1000 : Date.now();
    meta.replaceChildren(
      ' ',
      h('a', { href: machineHref(d.stateMachineArn) }, d.stateMachineArn.split(':').pop() ?? ''),
      ` · started ${formatTime(d.startDate * 1000)} · ${formatDuration(end - d.startDate * 1000)}`,
      d.error ? ` · ${d.error}` : '',
      ' · ',
      h('a', { href: executionsHref(d.stateMachineArn) }, 'all executions'),
    );
    if (d.status === 'RUNNING') metaTimer = setTimeout(renderMeta, 1000);
  };

  let lastCount = -1;
  const feed = followExecution(arn, {
    onEvents(events) {
      model.add(events);
    },
    onDescription(d) {
      const first = !description;
      description = d;
      errorLine.textContent = '';
      status.textContent = d.status;
      status.className = `badge st-${d.status}`;
      renderMeta();
      renderActions();
      if (first) void loadDefinition(d);
      if (model.events.length !== lastCount) {
        lastCount = model.events.length;
        graph.setStatuses(model.stateStatuses());
        timeline.update();
        table.update();
        renderCallbacks();
        renderInspectorNow(false);
        markAfterPaint('history-painted', { events: model.events.length });
      }
    },
    onError(e) {
      errorLine.textContent = errorText(e);
    },
  });

  const loadDefinition = async (d: ExecutionDescription): Promise<void> => {
    try {
      const m = await sfn<StateMachineDescription>('DescribeStateMachine', { stateMachineArn: d.stateMachineVersionArn ?? d.stateMachineArn });
      definition = parseDefinition(m.definition);
      if (!definition) return;
      await graph.setDefinition(definition);
      graph.setStatuses(model.stateStatuses());
      if (selectedState) graph.select(selectedState, false);
      renderInspectorNow(true);
    } catch (e) {
      errorLine.textContent = `Definition: ${errorText(e)}`;
    }
  };

  return () => {
    feed.stop();
    clearTimeout(metaTimer);
  };
}

function prettyInput(input: string | undefined): string {
  if (!input) return '{}';
  try {
    return JSON.stringify(JSON.parse(input), null, 2);
  } catch {
    return input;
  }
}
