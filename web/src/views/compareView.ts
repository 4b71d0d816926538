// Two executions side by side (#/compare?left=ARN&right=ARN), typically an
// execution and its re-run: each one's status, duration, graph coloured by
// state status and output, kept live; then what differs: status, duration,
// the states whose status differs, and the outputs' diff (model/diff.ts).
import { errorText, sfn } from '../api/aws';
import type { ExecutionDescription, StateMachineDescription } from '../api/types';
import { followExecution, type Feed } from '../live/executionFeed';
import { parseDefinition } from '../model/asl';
import { compareExecutions, type ExecutionSide } from '../model/compare';
import { HistoryModel } from '../model/history';
import { diffView } from '../ui/diffView';
import { arnName, formatDuration, h } from '../ui/dom';
import { GraphView } from '../ui/graphView';
import { jsonView } from '../ui/jsonView';
import { executionHref } from '../ui/router';

interface Side {
  arn: string;
  role: string;
  model: HistoryModel;
  description?: ExecutionDescription;
  graph: GraphView;
  head: HTMLElement;
  output: HTMLElement;
  error: HTMLElement;
  feed?: Feed;
  lastCount: number;
}

export function mountCompare(root: HTMLElement, params: URLSearchParams): () => void {
  const left = params.get('left');
  const right = params.get('right');
  if (!left || !right) {
    root.append(h('div', { class: 'page' }, h('h2', null, 'Compare executions'),
      h('p', { class: 'error' }, 'The address needs ?left=<execution ARN>&right=<execution ARN>.')));
    return () => undefined;
  }
  const summary = h('section', { class: 'compare-summary', 'aria-live': 'polite' });
  const sides = [left, right].map((arn, i) => makeSide(arn, i === 0 ? 'Original' : 'Re-run'));
  root.append(
    h('div', { class: 'page compare' },
      h('header', { class: 'view-head' }, h('h2', null, 'Compare executions')),
      summary,
      h('div', { class: 'compare-sides' }, sides.map((s) => h('section', { class: 'compare-side', 'aria-label': arnName(s.arn) }, s.head, s.error, s.graph.element, h('h4', null, 'Output'), s.output))),
    ),
  );

  const render = (): void => {
    const [a, b] = sides as [Side, Side];
    for (const s of sides) renderSide(s);
    if (!a.description || !b.description) return;
    const c = compareExecutions(sideOf(a), sideOf(b));
    summary.replaceChildren(
      h('div', null,
      h('h3', null, 'What differs'),
      h('ul', { class: 'compare-facts' },
        h('li', null, c.sameStatus ? `Same status: ${a.description.status}` : `Status: ${a.description.status} → ${b.description.status}`),
        c.durationDelta !== undefined ? h('li', null, `Duration: ${c.durationDelta >= 0 ? '+' : '−'}${formatDuration(Math.abs(c.durationDelta))} for the re-run`) : null,
        c.states.length === 0
          ? h('li', null, 'Every state ended the same way.')
          : h('li', null, 'States that ended differently:',
              h('table', { class: 'grid compare-states' },
                h('thead', null, h('tr', null, h('th', null, 'State'), h('th', null, arnName(a.arn)), h('th', null, arnName(b.arn)))),
                h('tbody', null, c.states.map((d) =>
                  h('tr', null, h('td', null, d.state), h('td', null, h('span', { class: `badge st-${d.left}` }, d.left)), h('td', null, h('span', { class: `badge st-${d.right}` }, d.right))))))),
      )),
      h('div', null, h('h3', null, 'Output: original → re-run'),
        c.output !== undefined ? diffView(a.model.execution.output, b.model.execution.output) : h('p', { class: 'muted' }, noOutput(a), ' ', noOutput(b))),
    );
  };

  for (const s of sides) {
    s.feed = followExecution(s.arn, {
      onEvents: (events) => s.model.add(events),
      onDescription(d) {
        const first = !s.description;
        s.description = d;
        s.error.textContent = '';
        if (first) void loadGraph(s);
        if (s.model.events.length !== s.lastCount) {
          s.lastCount = s.model.events.length;
          s.graph.setStatuses(s.model.stateStatuses());
        }
        render();
      },
      onError(e) {
        s.error.textContent = errorText(e);
      },
    });
  }
  return () => {
    for (const s of sides) s.feed?.stop();
  };
}

function makeSide(arn: string, role: string): Side {
  return {
    arn,
    role,
    model: new HistoryModel(),
    graph: new GraphView(),
    head: h('header', { class: 'compare-head' }, h('span', { class: 'muted' }, role)),
    output: h('div'),
    error: h('div', { class: 'error', role: 'alert' }),
    lastCount: -1,
  };
}

function renderSide(s: Side): void {
  const d = s.description;
  if (!d) return;
  const end = d.stopDate ? d.stopDate * 1000 : undefined;
  s.head.replaceChildren(
    h('span', { class: 'muted' }, s.role),
    ' ',
    h('a', { href: executionHref(s.arn) }, arnName(s.arn)),
    ' ',
    h('span', { class: `badge st-${d.status}` }, d.status),
    ' ',
    h('span', { class: 'muted' }, end ? formatDuration(end - d.startDate * 1000) : 'running'),
  );
  s.output.replaceChildren(
    d.error ? h('div', { class: 'error-box' }, h('strong', null, d.error), d.cause ? h('pre', null, d.cause) : null) : jsonView(s.model.execution.output ?? d.output),
  );
}

function sideOf(s: Side): ExecutionSide {
  const d = s.description!;
  return {
    status: d.status,
    duration: d.stopDate ? (d.stopDate - d.startDate) * 1000 : undefined,
    output: s.model.execution.output ?? d.output,
    error: d.error,
    states: s.model.stateStatuses(),
  };
}

async function loadGraph(s: Side): Promise<void> {
  try {
    const m = await sfn<StateMachineDescription>('DescribeStateMachineForExecution', { executionArn: s.arn });
    const definition = parseDefinition(m.definition);
    if (!definition) throw new Error('the definition is not JSON');
    await s.graph.setDefinition(definition);
    s.graph.setStatuses(s.model.stateStatuses());
  } catch (e) {
    s.error.textContent = `Definition: ${errorText(e)}`;
  }
}

/** Why an output diff cannot be shown: which side has no output, and why. */
function noOutput(s: Side): string {
  const d = s.description!;
  if (s.model.execution.output !== undefined) return '';
  const why = d.status === 'RUNNING' ? 'it is still running' : `it ended ${d.status}${d.error ? ` (${d.error})` : ''}`;
  return `${s.role}: no output, ${why}.`;
}
