// Executions of a state machine, filtered by status, kept up to date by the
// live feed (/ui/stream; polling every second when the stream fails). A
// running execution paused at a breakpoint has a PAUSED badge (its pauses read
// once, then the stream's `pause` and `resume` messages).
import { errorText } from '../api/aws';
import { machineBreakpoints, pauses as readPauses } from '../api/ui';
import type { PauseId } from '../model/pauses';
import { EXECUTION_STATUSES, type ExecutionListItem } from '../api/types';
import { followExecutions } from '../live/executionFeed';
import { startExecutionDialog } from '../ui/actions';
import { formatDuration, formatTime, h } from '../ui/dom';
import { executionHref, executionsHref, machineHref, navigate } from '../ui/router';
import { listAllMachines } from './machinesView';

export function mountExecutions(root: HTMLElement, params: URLSearchParams): () => void {
  let alive = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const machine = params.get('machine') ?? undefined;
  const status = params.get('status') ?? undefined;
  const picker = h('select', { 'aria-label': 'State machine' });
  const filters = h('div', { class: 'filters', role: 'group', 'aria-label': 'Status filter' },
    h('a', { class: `chip${status ? '' : ' on'}`, href: executionsHref(machine) }, 'All'),
    EXECUTION_STATUSES.map((s) => h('a', { class: `chip st-${s}${status === s ? ' on' : ''}`, href: executionsHref(machine, s) }, s)),
  );
  const body = h('tbody');
  const note = h('p', { class: 'muted' });
  const start = h('button', { type: 'button', class: 'primary', disabled: !machine }, 'Start execution…');
  start.addEventListener('click', () => {
    if (!machine) return;
    machineBreakpoints(machine)
      .then((breakpoints) => startExecutionDialog(machine, [], undefined, breakpoints))
      .catch((e: unknown) => {
        note.textContent = `Breakpoints: ${errorText(e)}`;
      });
  });
  root.append(
    h('div', { class: 'page' },
      h('header', { class: 'view-head' }, h('h2', null, 'Executions'), picker,
        machine ? h('a', { class: 'button', href: machineHref(machine) }, 'Graph') : null, h('div', { class: 'spacer' }), start),
      filters,
      h('table', { class: 'grid executions' },
        h('thead', null, h('tr', null, ['Name', 'Status', 'Started', 'Duration', 'Redrives'].map((t) => h('th', null, t)))),
        body),
      note,
    ),
  );
  picker.addEventListener('change', () => navigate(executionsHref(picker.value, status)));

  void listAllMachines()
    .then((machines) => {
      if (!alive) return;
      picker.replaceChildren(h('option', { value: '' }, '(choose a state machine)'), ...machines.map((m) => h('option', { value: m.stateMachineArn, selected: m.stateMachineArn === machine }, m.name)));
      if (!machine && machines[0]) location.replace(executionsHref(machines[0].stateMachineArn, status));
    })
    .catch((e: unknown) => {
      note.textContent = errorText(e);
    });

  let items: ExecutionListItem[] = [];
  // Execution ARN -> ids of its pauses; present once read.
  const paused = new Map<string, Set<PauseId>>();
  const readPausesOf = (list: ExecutionListItem[]): void => {
    for (const x of list) {
      if (x.status !== 'RUNNING' || paused.has(x.executionArn)) continue;
      paused.set(x.executionArn, new Set());
      readPauses(x.executionArn)
        .then((ps) => {
          for (const p of ps) paused.get(x.executionArn)?.add(p.pauseId);
          if (alive && ps.length) render();
        })
        .catch((e: unknown) => {
          note.textContent = `Pauses: ${errorText(e)}`;
        });
    }
  };
  const isPaused = (x: ExecutionListItem): boolean => x.status === 'RUNNING' && (paused.get(x.executionArn)?.size ?? 0) > 0;
  const render = (): void => {
    const now = Date.now();
    body.replaceChildren(
      ...items.map((x) =>
        h('tr', { class: `st-row-${x.status}`, 'data-execution-arn': x.executionArn },
          h('td', null, h('a', { href: executionHref(x.executionArn) }, x.name)),
          h('td', null, h('span', { class: `badge st-${x.status}` }, x.status), isPaused(x) ? h('span', { class: 'badge st-PAUSED', title: 'Paused at a breakpoint' }, 'PAUSED') : null),
          h('td', null, formatTime(x.startDate * 1000)),
          h('td', null, formatDuration((x.stopDate ? x.stopDate * 1000 : now) - x.startDate * 1000)),
          h('td', null, String(x.redriveCount ?? 0)),
        ),
      ),
    );
    const how = feed?.mode === 'polling' ? 'refreshed every second' : 'live';
    note.textContent = items.length ? `${items.length} execution(s), ${how}.` : 'No executions.';
    // Running executions' durations grow: render again in a second (no request).
    clearTimeout(timer);
    if (alive && items.some((x) => x.status === 'RUNNING')) timer = setTimeout(render, 1000);
  };
  const feed = machine
    ? followExecutions({ stateMachineArn: machine, ...(status ? { statusFilter: status } : {}) }, {
        onList(list) {
          if (!alive) return;
          items = list;
          readPausesOf(list);
          render();
        },
        onError(e) {
          note.textContent = errorText(e);
        },
        onPause(pause, executionArn) {
          const set = paused.get(executionArn) ?? new Set<PauseId>();
          set.add(pause.pauseId);
          paused.set(executionArn, set);
          if (alive) render();
        },
        onResume(pauseId, executionArn) {
          paused.get(executionArn)?.delete(pauseId);
          if (alive) render();
        },
      })
    : undefined;
  return () => {
    alive = false;
    clearTimeout(timer);
    feed?.stop();
  };
}
