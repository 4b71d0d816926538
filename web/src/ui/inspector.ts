// The step inspector: one state's entries (Map iterations and Parallel
// branches told apart), and for the chosen entry its input, the payload sent
// to the Task, retries, the task result, output, variables, errors, the
// catcher taken, and the diff of output against input.
import { allStates, type Definition } from '../model/asl';
import { hasBreakpoint, type Breakpoint } from '../model/breakpoints';
import type { HistoryModel, StateEntry } from '../model/history';
import { diffView } from './diffView';
import { append, formatDuration, formatTime, h, type Child } from './dom';
import { jsonView } from './jsonView';

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

  box.append(section('Input', jsonView(entry.input)));
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
  if (result !== undefined) box.append(section('Task result', jsonView(result)));
  if (entry.attempts.some((a) => a.submitted && !a.outcome)) {
    box.append(section('Waiting', h('p', null, 'The task waits for a callback (SendTaskSuccess / SendTaskFailure).')));
  }
  box.append(section('Output', jsonView(entry.output)));
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
  if (entry.stateType === 'Map' && isDistributed(ctx, entry.name)) {
    box.append(section('Distributed Map', h('p', { class: 'muted' },
      'Its Map Run and child executions are not run by stepwise yet: there is no Map Run to show.')));
  }
  return box;
}

function isDistributed(ctx: InspectorContext, state: string): boolean {
  const info = ctx.definition ? allStates(ctx.definition).get(state) : undefined;
  const processor = (info?.state.ItemProcessor ?? info?.state.Iterator) as { ProcessorConfig?: { Mode?: unknown } } | undefined;
  return processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}
