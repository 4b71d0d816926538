// One execution: the graph coloured by state status (live while it runs),
// the step inspector, the timeline, the history table, and the actions
// (stop, redrive, start again, answer a waiting callback). The debugger
// (breakpoints on the graph; while paused: the banner, `$`/`$$`/variables,
// evaluate, step, continue), time travel (the scrubber: the graph, timeline
// and inspector as of an event) and "re-run from here". A Distributed Map's
// Map Run as one step (its counts on the graph, the timeline and in the
// inspector, its child executions on demand); a child's view links back to its
// parent and Map Run.
import { errorText, sfn } from '../api/aws';
import { childDefinitionText, mapRunParent, type MapRunParent } from '../api/mapRuns';
import type { ExecutionDescription, StateMachineDescription } from '../api/types';
import { inspectEntry, machineBreakpoints, pauses as readPauses, putBreakpoints, rerunOf } from '../api/ui';
import { followExecution } from '../live/executionFeed';
import { parseDefinition, type Definition } from '../model/asl';
import { toggleBreakpoint, type Breakpoint } from '../model/breakpoints';
import { DataFlowCache } from '../model/dataFlow';
import { HistoryModel, type StateEntry } from '../model/history';
import { entryOfMapRun } from '../model/mapRun';
import { withoutPause, withPause, type Pause } from '../model/pauses';
import { TimeTravel, type Position } from '../model/timeTravel';
import { callbackDialog, redrive, startExecutionDialog, stopExecutionDialog } from '../ui/actions';
import { DebuggerPanel } from '../ui/debuggerPanel';
import { arnName, formatDuration, formatTime, h } from '../ui/dom';
import { GraphView } from '../ui/graphView';
import { HistoryTable } from '../ui/historyTable';
import { renderInspector } from '../ui/inspector';
import { jsonView } from '../ui/jsonView';
import { markAfterPaint } from '../ui/paintMark';
import { rerunDialog } from '../ui/rerunDialog';
import { compareHref, executionHref, executionsHref, machineHref, mapRunHref } from '../ui/router';
import { Scrubber } from '../ui/scrubber';
import { Timeline } from '../ui/timeline';
import { ExecutionMapRuns } from './executionMapRuns';

export function mountExecution(root: HTMLElement, arn: string, params: URLSearchParams): () => void {
  const model = new HistoryModel();
  let definition: Definition | undefined;
  let description: ExecutionDescription | undefined;
  let selectedState: string | undefined = params.get('state') ?? undefined;
  // A Map Run to select once the history shows its entry (a child's link back to it).
  let wantedMapRun: string | undefined = params.get('mapRun') ?? undefined;
  // A Distributed Map's child: its parent execution and Map Run.
  let parent: MapRunParent | undefined;
  let selectedEntry: number | undefined;
  let selectedEvent: number | undefined; // index in model.events, when picked in the history table
  let inspectorKey = '';
  let definitionText: string | undefined;
  // Time travel: the live model, or the execution as of an earlier event.
  const travel = new TimeTravel();
  let shown: HistoryModel = model;
  // The debugger: pauses of this execution, and the breakpoints the graph edits.
  let pauseList: Pause[] = [];
  let breakpoints: Breakpoint[] = [];
  let breakpointTarget: 'execution' | 'machine' | undefined;
  // The inspector's data flow, read once per entry (again once a running entry has ended).
  const dataFlows = new DataFlowCache(inspectEntry);
  const dataFlow = (entry: StateEntry) => {
    // Time travel shows an earlier model: whether the entry has ended is the live model's say.
    const live = model.entries.find((e) => e.enteredId === entry.enteredId);
    return dataFlows.get(arn, entry.enteredId, model.execution.status !== 'RUNNING' || live?.closed === true);
  };

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
  const graph = new GraphView({ onSelect: (name) => selectState(name), onToggleBreakpoint: (state, after) => void toggle(state, after) });
  const graphNote = h('div', { class: 'graph-note' });
  graph.element.append(graphNote);
  const timeline = new Timeline(model, selectEntry);
  const mapRuns = new ExecutionMapRuns(() => drawMapRuns());
  const drawMapRuns = (): void => {
    graph.setCaptions(mapRuns.stateSummaries(model));
    timeline.setNotes(mapRuns.entrySummaries(model));
  };
  const scrubber = new Scrubber((position) => showAt(position));
  const debuggerPanel = new DebuggerPanel(arn, {
    onResumed: () => feed.poke(),
    onError: (e) => {
      errorLine.textContent = errorText(e);
    },
  });
  const table = new HistoryTable(model, (eventIndex) => {
    scrubber.set({ live: false, count: eventIndex + 1 });
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
    const indexes = selectedState ? (shown.byName.get(selectedState) ?? []) : [];
    const current = selectedEntry ?? indexes[indexes.length - 1];
    const entry = current !== undefined ? shown.entries[current] : undefined;
    const key = `${shown.events.length}|${selectedEvent}|${selectedState}|${indexes.length}|${current}|${entry?.eventIds.length}|${entry?.closed}|${entry?.children.length}|${entry?.next}|${breakpointTarget}|${breakpoints.map((b) => `${b.state}:${b.after}`).join()}`;
    if (!force && key === inspectorKey) return;
    inspectorKey = key;
    const scroll = inspectorPane.scrollTop;
    const inspector = renderInspector(
      {
        model: shown,
        definition,
        onSelectEntry: selectEntry,
        // A Distributed Map's child has no state machine a re-run could start.
        onRerun: description?.mapRunArn ? undefined : (entry) => rerunDialog(arn, entry, definitionText),
        asOf: shown === model ? undefined : shown.lastEventId,
        breakpoints: breakpointTarget ? { list: breakpoints, toggle: (state, after) => void toggle(state, after) } : undefined,
        dataFlow,
        mapRun: (mapRunArn) => mapRuns.panel(mapRunArn),
      },
      selectedState,
      selectedEntry !== undefined && selectedEntry < shown.entries.length ? selectedEntry : undefined,
    );
    const event = selectedEvent !== undefined ? model.events[selectedEvent] : undefined;
    if (event) {
      const title = inspector.querySelector('h3');
      const box = h('section', { class: 'insp-section' }, h('h4', null, `Event ${event.id}: ${event.type}`), jsonView(JSON.stringify(event)));
      if (title) title.after(box);
      else inspector.prepend(box);
    }
    inspectorPane.replaceChildren(debuggerPanel.details, inspector);
    if (!force) inspectorPane.scrollTop = scroll;
  };

  // The graph, timeline and inspector as of the scrubber's position.
  const showAt = (position: Position): void => {
    shown = position.live ? model : travel.at(model.events, position.count);
    selectedEvent = position.live ? undefined : position.count - 1; // the inspector shows the event reached
    table.setShown(position.live ? undefined : position.count);
    if (!position.live) table.selectEvent(position.count - 1);
    graph.setStatuses(shown.stateStatuses());
    timeline.setModel(shown);
    renderInspectorNow(true);
  };

  const renderPauses = (): void => {
    debuggerPanel.setPauses(pauseList);
    graph.setPaused(pauseList);
    const paused = description?.status === 'RUNNING' && pauseList.length > 0;
    status.textContent = paused ? 'PAUSED' : description?.status ?? '…';
    if (description) status.className = `badge st-${paused ? 'PAUSED' : description.status}`;
    if (pauseList.length && breakpointTarget === 'execution') {
      breakpoints = pauseList[0]!.breakpoints;
      graph.setBreakpoints(breakpoints);
      renderInspectorNow(false);
    }
  };
  // A `pause` or `resume` message that comes while the list is read makes the answer stale: read again.
  let debugMessages = 0;
  const loadPauses = (): void => {
    const seen = debugMessages;
    readPauses(arn)
      .then((list) => {
        if (seen !== debugMessages) return loadPauses();
        pauseList = list;
        renderPauses();
      })
      .catch((e: unknown) => {
        errorLine.textContent = `Debugger: ${errorText(e)}`;
      });
  };

  // A running execution's breakpoints are its own (PUT with its ARN; a paused one reports them);
  // on a finished one they are the machine's, for its new executions (and re-runs).
  // A Distributed Map's child has no state machine of its own to keep breakpoints for new executions.
  const loadBreakpoints = async (d: ExecutionDescription): Promise<void> => {
    const target = d.status === 'RUNNING' ? 'execution' : 'machine';
    breakpointTarget = undefined; // no toggling until the list they edit is known
    if (d.mapRunArn && target === 'machine') {
      breakpoints = [];
      graph.setBreakpoints(breakpoints);
      renderInspectorNow(false);
      graphNote.textContent = "A Map Run's child: no breakpoints once it ended (it has no state machine of its own)";
      return;
    }
    const own = target === 'execution' ? (pauseList[0]?.breakpoints ?? (d.mapRunArn ? [] : undefined)) : undefined;
    const list = own ?? (await machineBreakpoints(d.stateMachineArn));
    breakpointTarget = target;
    breakpoints = list;
    graph.setBreakpoints(breakpoints);
    renderInspectorNow(false);
    graphNote.textContent =
      target === 'execution'
        ? 'Breakpoints (b, Shift+B): this execution'
        : `Breakpoints (b, Shift+B): new executions of ${arnName(d.stateMachineArn)}`;
  };
  const toggle = async (state: string, after: boolean): Promise<void> => {
    if (!description || !breakpointTarget) return;
    const next = toggleBreakpoint(breakpoints, state, after);
    try {
      await putBreakpoints(breakpointTarget === 'execution' ? { executionArn: arn } : { stateMachineArn: description.stateMachineArn }, next);
      breakpoints = next;
      graph.setBreakpoints(breakpoints);
      renderInspectorNow(false);
    } catch (e) {
      errorLine.textContent = `Breakpoints: ${errorText(e)}`;
    }
  };

  const renderActions = (): void => {
    if (!description) return;
    const d = description;
    const buttons: HTMLElement[] = [];
    if (d.status === 'RUNNING') {
      buttons.push(h('button', { type: 'button', onclick: () => stopExecutionDialog(arn, () => feed.poke()) }, 'Stop…'));
    }
    // A Distributed Map's child is redriven and started again through its parent's Map Run.
    const child = d.mapRunArn !== undefined;
    if (!child && (d.status === 'FAILED' || d.status === 'TIMED_OUT' || d.status === 'ABORTED')) {
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
    if (!child) {
      buttons.push(h('button', {
        type: 'button',
        onclick: () => startExecutionDialog(d.stateMachineArn, [], prettyInput(d.input), breakpointTarget === 'machine' ? breakpoints : []),
      }, 'Start again…'));
    }
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
      debuggerPanel.banner,
      callbacks,
      scrubber.element,
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
    // A child's machine (<machine>/<label>) has no view of its own: its parent and Map Run stand there.
    meta.replaceChildren(
      ' ',
      d.mapRunArn
        ? h('span', { class: 'child-of' }, 'child of ',
            parent ? h('a', { href: executionHref(parent.executionArn) }, arnName(parent.executionArn)) : '…',
            ' · Map Run ',
            parent ? h('a', { href: mapRunHref(parent.executionArn, d.mapRunArn), title: d.mapRunArn }, arnName(d.mapRunArn)) : arnName(d.mapRunArn))
        : h('a', { href: machineHref(d.stateMachineArn) }, d.stateMachineArn.split(':').pop() ?? ''),
      ` · started ${formatTime(d.startDate * 1000)} · ${formatDuration(end - d.startDate * 1000)}`,
      d.error ? ` · ${d.error}` : '',
      d.mapRunArn ? '' : h('span', null, ' · ', h('a', { href: executionsHref(d.stateMachineArn) }, 'all executions')),
      original
        ? h('span', { class: 'rerun-of' }, ' · re-run of ',
            h('a', { href: executionHref(original.executionArn) }, arnName(original.executionArn)),
            ` from event ${original.eventId} · `,
            h('a', { href: compareHref(original.executionArn, arn) }, 'compare'))
        : '',
    );
    if (d.status === 'RUNNING') metaTimer = setTimeout(renderMeta, 1000);
  };

  let original: { executionArn: string; eventId: number } | null = null;
  rerunOf(arn)
    .then((r) => {
      original = r;
      renderMeta();
    })
    .catch((e: unknown) => {
      errorLine.textContent = `Re-run: ${errorText(e)}`;
    });

  let lastCount = -1;
  let lastStatus = '';
  const feed = followExecution(arn, {
    onEvents(events) {
      model.add(events);
    },
    onDescription(d) {
      const first = !description;
      description = d;
      errorLine.textContent = '';
      renderMeta();
      renderActions();
      if (first && d.mapRunArn) {
        mapRunParent(d.mapRunArn)
          .then((p) => {
            parent = p;
            renderMeta();
          })
          .catch((e: unknown) => {
            errorLine.textContent = `Map Run: ${errorText(e)}`;
          });
      }
      if (first) void loadDefinition(d);
      if (d.status !== lastStatus) {
        lastStatus = d.status;
        if (d.status === 'RUNNING') loadPauses();
        else pauseList = [];
        loadBreakpoints(d).catch((e: unknown) => {
          errorLine.textContent = `Breakpoints: ${errorText(e)}`;
        });
      }
      renderPauses();
      if (model.events.length !== lastCount) {
        lastCount = model.events.length;
        scrubber.update(model.events);
        if (scrubber.current.live) {
          graph.setStatuses(model.stateStatuses());
          timeline.update();
        }
        table.update();
        mapRuns.update(model);
        drawMapRuns();
        selectWantedMapRun();
        renderCallbacks();
        renderInspectorNow(false);
        markAfterPaint('history-painted', { events: model.events.length });
      }
    },
    onError(e) {
      errorLine.textContent = errorText(e);
    },
    onPause(pause) {
      debugMessages++;
      pauseList = withPause(pauseList, pause);
      renderPauses();
    },
    onResume(pauseId) {
      debugMessages++;
      pauseList = withoutPause(pauseList, pauseId);
      renderPauses();
    },
  });
  const selectWantedMapRun = (): void => {
    const entry = wantedMapRun ? entryOfMapRun(model, wantedMapRun) : undefined;
    if (!entry) return;
    wantedMapRun = undefined;
    selectState(entry.name, entry.index);
  };
  const onKey = (e: KeyboardEvent): void => debuggerPanel.key(e);
  document.addEventListener('keydown', onKey);

  const loadDefinition = async (d: ExecutionDescription): Promise<void> => {
    try {
      // The definition this execution ran with (a re-run's may be an edited one).
      const m = await sfn<StateMachineDescription>('DescribeStateMachineForExecution', { executionArn: d.executionArn });
      // A Distributed Map's child: its processor, from the parent's definition, when the answer has none.
      definitionText = m.definition || (d.mapRunArn ? await childDefinitionText(d.mapRunArn) : '');
      definition = parseDefinition(definitionText);
      if (!definition) return;
      await graph.setDefinition(definition);
      graph.setStatuses(shown.stateStatuses());
      graph.setBreakpoints(breakpoints);
      graph.setPaused(pauseList);
      drawMapRuns();
      if (selectedState) graph.select(selectedState, false);
      renderInspectorNow(true);
    } catch (e) {
      errorLine.textContent = `Definition: ${errorText(e)}`;
    }
  };

  return () => {
    feed.stop();
    mapRuns.stop();
    clearTimeout(metaTimer);
    document.removeEventListener('keydown', onKey);
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
