// The step inspector: one state's entries (Map iterations and Parallel
// branches told apart), and for the chosen entry its data flow step by step
// (read from the server), the payload sent to the Task, retries, the task
// result, output, variables, errors, the catcher taken, and the diff of
// output against input.
import { allStates, type Definition } from '../model/asl';
import { hasBreakpoint, type Breakpoint } from '../model/breakpoints';
import { dataFlowSteps, outcomeAsOf, stepLabels, type DataFlowStep, type InspectedEntry, type ReachedAsOf } from '../model/dataFlow';
import { deepEqual } from '../model/diff';
import { isDistributedMap } from '../model/mapRun';
import type { HistoryModel, StateEntry } from '../model/history';
import { diffView } from './diffView';
import { append, formatDuration, formatTime, h, type Child } from './dom';
import { jsonView, parseMaybe } from './jsonView';

export interface InspectorContext {
  model: HistoryModel;
  definition?: Definition;
  onSelectEntry: (entry: number) => void;
  /** "Re-run from here" on an entry (absent: no such action, e.g. in the compare view). */
  onRerun?: (entry: StateEntry) => void;
  /** Time travel: the model shows the execution as of this event id. */
  asOf?: number;
  /** Breakpoints the state's buttons toggle (the same as b / Shift+B on the graph). */
  breakpoints?: { list: readonly Breakpoint[]; toggle: (state: string, after: boolean) => void };
  /** The entry's data flow (GET /ui/inspect); absent: no "Data flow" section. */
  dataFlow?: (entry: StateEntry) => Promise<InspectedEntry>;
  /** A Distributed Map's Map Run panel (the view keeps it up to date); absent: no "Map Run" section. */
  mapRun?: (mapRunArn: string) => HTMLElement;
}

/** The state's actions: its breakpoint toggles (when the view has breakpoints), then `more`. */
function breakpointButtons(ctx: InspectorContext, state: string, more: HTMLElement[]): HTMLElement | null {
  const bp = ctx.breakpoints;
  if (!bp) return more.length ? h('div', { class: 'insp-actions' }, ...more) : null;
  const button = (after: boolean): HTMLElement => {
    const on = hasBreakpoint(bp.list, state, after);
    return h('button', {
      type: 'button',
      class: `bp-toggle${on ? ' on' : ''}`,
      'aria-pressed': on ? 'true' : 'false',
      title: `${on ? 'Remove the' : 'Set a'} breakpoint ${after ? 'after' : 'before'} ${state} (${after ? 'Shift+B' : 'b'} on the graph)`,
      onclick: () => bp.toggle(state, after),
    }, after ? 'Break after' : 'Break before');
  };
  return h('div', { class: 'insp-actions' }, button(false), button(true), ...more);
}

function where(ctx: InspectorContext, entry: StateEntry): string {
  const parts: string[] = [];
  if (entry.iteration !== undefined) parts.push(`iteration ${entry.iteration}`);
  if (ctx.definition) {
    const info = allStates(ctx.definition).get(entry.name);
    if (info?.branch !== undefined) parts.push(`branch ${info.branch + 1}`);
  }
  return parts.join(', ');
}

function entryButton(ctx: InspectorContext, entry: StateEntry, current?: number): HTMLElement {
  const status = ctx.model.entryStatus(entry);
  const label = [`#${entry.enteredId}`, where(ctx, entry)].filter(Boolean).join(' · ');
  return h(
    'button',
    {
      type: 'button',
      class: `entry-btn st-${status}${entry.index === current ? ' current' : ''}`,
      title: `${status}, entered at event ${entry.enteredId}`,
      onclick: () => ctx.onSelectEntry(entry.index),
    },
    h('span', { class: 'dot' }),
    `${entry.name} ${label}`,
  );
}

function section(title: string, ...body: Child[]): HTMLElement {
  return h('section', { class: 'insp-section' }, h('h4', null, title), ...body);
}

export function renderInspector(ctx: InspectorContext, state: string | undefined, entryIndex: number | undefined): HTMLElement {
  const box = h('div', { class: 'inspector' });
  if (!state) {
    const x = ctx.model.execution;
    append(box, [
      h('h3', null, 'Execution'),
      h('p', { class: 'muted' }, 'Select a state in the graph, the timeline or the history to inspect it.'),
      x.error || x.cause ? section('Error', h('div', { class: 'error-box' }, h('strong', null, x.error ?? ''), x.cause ? h('pre', null, x.cause) : null)) : null,
      section('Execution input', jsonView(x.input)),
      x.output !== undefined ? section('Execution output', jsonView(x.output)) : null,
      x.output !== undefined ? section('What the execution changed', diffView(x.input, x.output)) : null,
    ]);
    return box;
  }
  const { model } = ctx;
  const indexes = model.byName.get(state) ?? [];
  box.append(h('h3', null, state));
  if (ctx.asOf !== undefined) box.append(h('p', { class: 'as-of' }, `As of event ${ctx.asOf} (time travel)`));
  if (indexes.length === 0) {
    box.append(h('p', { class: 'muted' }, ctx.asOf !== undefined ? `Not reached as of event ${ctx.asOf}.` : 'Not reached in this execution.'));
    append(box, [breakpointButtons(ctx, state, [])]);
    return box;
  }
  const current = entryIndex !== undefined && model.entries[entryIndex]?.name === state ? entryIndex : indexes[indexes.length - 1]!;
  if (indexes.length > 1) {
    const list = h('div', { class: 'entry-list', role: 'list' });
    const shown = indexes.slice(0, 500);
    for (const i of shown) list.append(entryButton(ctx, model.entries[i]!, current));
    if (indexes.length > shown.length) list.append(h('span', { class: 'muted' }, `… ${indexes.length - shown.length} more`));
    box.append(section(`Entries (${indexes.length})`, list));
  }
  const entry = model.entries[current]!;
  const status = model.entryStatus(entry);
  const duration = entry.end !== undefined ? formatDuration(entry.end - entry.start) : 'running';
  box.append(
    h('div', { class: 'insp-meta' },
      h('span', { class: `badge st-${status}` }, status),
      ` ${entry.stateType} · entered ${formatTime(entry.start)} · ${duration}`,
      where(ctx, entry) ? ` · ${where(ctx, entry)}` : '',
      entry.parent !== undefined ? h('span', null, ' · in ', entryButton(ctx, model.entries[entry.parent]!)) : null,
    ),
  );
  const onRerun = ctx.onRerun;
  const rerun = onRerun
    ? h('button', {
        type: 'button',
        class: 'rerun',
        title: `A new execution: this one replayed up to event ${entry.enteredId}, then on from ${entry.name} with the input you give`,
        onclick: () => onRerun(entry),
      }, 'Re-run from here…')
    : null;
  append(box, [breakpointButtons(ctx, state, rerun ? [rerun] : [])]);

  if (entry.failure) {
    box.append(
      section(entry.next !== undefined ? 'Error (caught)' : 'Error',
        h('div', { class: 'error-box' },
          h('strong', null, entry.failure.error ?? entry.failure.type),
          entry.failure.cause ? h('pre', null, entry.failure.cause) : null,
        ),
      ),
    );
  }
  if (entry.next !== undefined) {
    const next = model.entries[entry.next]!;
    box.append(section(entry.failure ? 'Catcher taken' : 'Next', entryButton(ctx, next)));
  }

  if (entry.mapRunArn && ctx.mapRun) {
    // The Map Run as one step: its children run apart, as executions of their own.
    box.append(ctx.mapRun(entry.mapRunArn));
  } else if (entry.stateType === 'Map' && isDistributedMap(ctx.definition ? allStates(ctx.definition).get(entry.name)?.state : undefined)) {
    box.append(section('Map Run', h('p', { class: 'muted' }, entry.closed ? 'No Map Run was started.' : 'No Map Run started yet.')));
  }

  const repeats: HistoryRepeat[] = [];
  if (ctx.dataFlow) box.append(dataFlowSection(ctx, entry, ctx.dataFlow(entry), repeats));
  box.append(historySection(repeats, 'input', 'Input', entry.input));
  entry.attempts.forEach((attempt, i) => {
    const retry = i > 0 ? ` — retry ${i}, after ${formatDuration(attempt.time - (entry.attempts[i - 1]!.outcome?.time ?? entry.attempts[i - 1]!.time))}` : '';
    const outcome = attempt.outcome;
    box.append(
      section(
        `Task payload, attempt ${i + 1}${retry}`,
        h('div', { class: 'muted' }, `${attempt.resourceType ?? ''}:${attempt.resource ?? ''} · scheduled ${formatTime(attempt.time)}`),
        jsonView(attempt.parameters),
        outcome?.error
          ? h('div', { class: 'error-box' }, h('strong', null, outcome.error), outcome.cause ? h('pre', null, outcome.cause) : null)
          : null,
      ),
    );
  });
  const result = [...entry.attempts].reverse().find((a) => a.outcome?.output !== undefined)?.outcome?.output;
  if (result !== undefined) box.append(historySection(repeats, 'result', 'Task result', result));
  if (entry.attempts.some((a) => a.submitted && !a.outcome)) {
    box.append(section('Waiting', h('p', null, 'The task waits for a callback (SendTaskSuccess / SendTaskFailure).')));
  }
  box.append(historySection(repeats, 'output', 'Output', entry.output));
  if (entry.assignedVariables && Object.keys(entry.assignedVariables).length) {
    const vars: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(entry.assignedVariables)) {
      try {
        vars[k] = JSON.parse(v);
      } catch {
        vars[k] = v;
      }
    }
    box.append(section('Variables assigned', jsonView(JSON.stringify(vars))));
  }
  if (entry.output !== undefined && entry.input !== undefined) {
    box.append(section('What it changed (output vs input)', diffView(entry.input, entry.output)));
  }
  if (entry.children.length) {
    const groups = new Map<string, StateEntry[]>();
    for (const c of entry.children) {
      const child = model.entries[c]!;
      const key = where(ctx, child) || 'children';
      const list = groups.get(key) ?? [];
      list.push(child);
      groups.set(key, list);
    }
    const list = h('div', { class: 'children' });
    let shown = 0;
    for (const [key, entries] of groups) {
      if (shown++ > 200) {
        list.append(h('p', { class: 'muted' }, `… ${groups.size - 200} more`));
        break;
      }
      list.append(h('div', { class: 'child-group' }, h('span', { class: 'group-key' }, key), ...entries.map((e) => entryButton(ctx, e))));
    }
    box.append(section(entry.stateType === 'Map' ? 'Iterations' : 'Branches', list));
  }
  return box;
}

/** A section from the history that the data flow may repeat exactly (then it is dropped). */
interface HistoryRepeat {
  step: 'input' | 'result' | 'output';
  text: string | undefined;
  element: HTMLElement;
}

function historySection(repeats: HistoryRepeat[], step: HistoryRepeat['step'], title: string, text: string | undefined): HTMLElement {
  const element = section(title, jsonView(text));
  repeats.push({ step, text, element });
  return element;
}

/** What the entry had reached as of the event shown (only under time travel). */
const reachedAsOf = (ctx: InspectorContext, entry: StateEntry): ReachedAsOf | undefined =>
  ctx.asOf === undefined ? undefined : { closed: entry.closed, attempts: entry.attempts.length };

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

function catcherTarget(ctx: InspectorContext, state: string, index: number): string {
  const catchers = ctx.definition ? allStates(ctx.definition).get(state)?.state.Catch : undefined;
  const next = Array.isArray(catchers) ? (catchers[index] as { Next?: unknown } | undefined)?.Next : undefined;
  return typeof next === 'string' ? next : '(not in the definition)';
}

function stepView(step: DataFlowStep, values: InspectedEntry['values']): HTMLElement {
  const head = h('div', { class: 'flow-head' }, h('span', { class: 'flow-label' }, stepLabels[step.key]));
  const box = h('div', { class: 'flow-step' }, head, jsonView(JSON.stringify(step.value)));
  box.dataset['step'] = step.key;
  if (step.sameAs) head.append(h('span', { class: 'muted small' }, ` unchanged from ${stepLabels[step.sameAs]}`));
  const from = step.diffFrom;
  if (from) {
    const label = `diff vs ${stepLabels[from]}`;
    const toggle = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false' }, label);
    let changes: HTMLElement | undefined; // built on first use
    toggle.addEventListener('click', () => {
      if (!changes) {
        changes = box.appendChild(diffView(JSON.stringify(values[from]), JSON.stringify(step.value)));
        changes.hidden = true;
      }
      changes.hidden = !changes.hidden;
      toggle.setAttribute('aria-expanded', String(!changes.hidden));
    });
    head.append(' ', toggle);
  }
  return box;
}

/** "Data flow": "reading…" until the answer, then its steps (or the error, in place). */
function dataFlowSection(ctx: InspectorContext, entry: StateEntry, answer: Promise<InspectedEntry>, repeats: readonly HistoryRepeat[]): HTMLElement {
  const body = h('div', { class: 'muted' }, 'reading…');
  const box = section('Data flow', body);
  box.classList.add('data-flow');
  answer.then(
    (inspected) => {
      const reached = reachedAsOf(ctx, entry);
      const steps = dataFlowSteps(inspected, reached);
      const outcome = outcomeAsOf(inspected, reached);
      const parts: Child[] = steps.map((step) => stepView(step, inspected.values));
      if (steps.length === 0) parts.push(h('p', { class: 'muted' }, 'No step recorded for this entry.'));
      if (reached && !reached.closed && steps.length < dataFlowSteps(inspected).length) {
        parts.push(h('p', { class: 'muted' }, `Later steps came after event ${ctx.asOf}.`));
      }
      outcome.retries.forEach((r, i) => {
        parts.push(h('div', { class: 'flow-retry' }, `Attempt ${i + 1} failed: Retry[${r.retrier}] matched, back-off ${seconds(r.delayMs)}`));
      });
      if (outcome.catcher !== undefined) {
        const caught = outcome.error ? ` (caught ${outcome.error.error})` : '';
        parts.push(h('div', { class: 'flow-catch' }, `Catch[${outcome.catcher}] → ${catcherTarget(ctx, entry.name, outcome.catcher)}${caught}`));
      }
      if (outcome.variables !== undefined) {
        parts.push(h('div', { class: 'flow-step' }, h('div', { class: 'flow-head' }, h('span', { class: 'flow-label' }, 'Variables after the state')), jsonView(JSON.stringify(outcome.variables))));
      }
      body.replaceWith(h('div', null, parts));
      for (const r of repeats) {
        const step = steps.find((x) => x.key === r.step);
        const history = parseMaybe(r.text);
        if (step && history.ok && deepEqual(history.value, step.value)) r.element.remove();
      }
    },
    (error: unknown) => {
      body.replaceWith(h('div', { class: 'error-box' }, `Could not read the data flow: ${error instanceof Error ? error.message : String(error)}`));
    },
  );
  return box;
}
