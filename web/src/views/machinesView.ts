// State machines: the list, and for the chosen one its graph, its definition
// (the selected state highlighted), versions, aliases and validation
// diagnostics (marked on the graph and the definition), and the breakpoints
// new executions of it start with (toggled on the graph).
import { errorText, sfn } from '../api/aws';
import { machineBreakpoints, putBreakpoints } from '../api/ui';
import { toggleBreakpoint, type Breakpoint } from '../model/breakpoints';
import type { AliasItem, Diagnostic, StateMachineDescription, StateMachineListItem, VersionItem } from '../api/types';
import { parseDefinition } from '../model/asl';
import { diagnosticsByState } from '../model/diagnostics';
import { startExecutionDialog } from '../ui/actions';
import { DefinitionView } from '../ui/definitionView';
import { arnName, formatTime, h } from '../ui/dom';
import { GraphView } from '../ui/graphView';
import { executionsHref, machineHref } from '../ui/router';

export async function listAllMachines(): Promise<StateMachineListItem[]> {
  const out: StateMachineListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn<{ stateMachines: StateMachineListItem[]; nextToken?: string }>('ListStateMachines', {
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    out.push(...page.stateMachines);
    nextToken = page.nextToken;
  } while (nextToken);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function mountMachines(root: HTMLElement, selectedArn: string | undefined, selectedState: string | undefined): () => void {
  const list = h('nav', { class: 'sidebar', 'aria-label': 'State machines' }, h('p', { class: 'muted' }, 'Loading…'));
  const main = h('div', { class: 'machine-main' });
  root.append(h('div', { class: 'split' }, list, main));
  let alive = true;

  void listAllMachines()
    .then((machines) => {
      if (!alive) return;
      list.replaceChildren(
        h('h2', null, 'State machines'),
        machines.length === 0
          ? h('p', { class: 'muted' }, 'None yet: create one with the AWS CLI or an SDK (--endpoint-url this server).')
          : h('ul', { class: 'nav-list' },
              machines.map((m) =>
                h('li', null,
                  h('a', { href: machineHref(m.stateMachineArn), class: m.stateMachineArn === selectedArn ? 'current' : '', 'aria-current': m.stateMachineArn === selectedArn ? 'page' : undefined },
                    m.name, h('span', { class: 'muted small' }, ` ${m.type}`)),
                ),
              ),
            ),
      );
      if (!selectedArn && machines[0]) location.replace(machineHref(machines[0].stateMachineArn));
    })
    .catch((e: unknown) => list.replaceChildren(h('p', { class: 'error' }, errorText(e))));

  if (selectedArn) void showMachine(main, selectedArn, selectedState, () => alive);
  else main.append(h('p', { class: 'muted' }, 'Choose a state machine.'));
  return () => {
    alive = false;
  };
}

async function showMachine(main: HTMLElement, arn: string, selectedState: string | undefined, alive: () => boolean): Promise<void> {
  main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  let description: StateMachineDescription;
  try {
    description = await sfn<StateMachineDescription>('DescribeStateMachine', { stateMachineArn: arn });
  } catch (e) {
    main.replaceChildren(h('p', { class: 'error' }, errorText(e)));
    return;
  }
  if (!alive()) return;
  const definition = parseDefinition(description.definition);
  const [versions, aliases, validation] = await Promise.all([
    sfn<{ stateMachineVersions: VersionItem[] }>('ListStateMachineVersions', { stateMachineArn: arn }).catch(() => ({ stateMachineVersions: [] })),
    sfn<{ stateMachineAliases: AliasItem[] }>('ListStateMachineAliases', { stateMachineArn: arn }).catch(() => ({ stateMachineAliases: [] })),
    sfn<{ result: string; diagnostics: Diagnostic[] }>('ValidateStateMachineDefinition', { definition: description.definition, type: description.type }).catch(
      (e: unknown) => ({ result: 'UNKNOWN', diagnostics: [{ severity: 'WARNING', code: 'VALIDATION_UNAVAILABLE', message: errorText(e) }] as Diagnostic[] }),
    ),
  ]);
  if (!alive()) return;

  const defView = new DefinitionView();
  const byState = diagnosticsByState(validation.diagnostics ?? []);
  const select = (state: string): void => {
    defView.select(state);
    graph.select(state, false);
    history.replaceState(null, '', `${machineHref(arn)}?state=${encodeURIComponent(state)}`);
  };
  let breakpoints: Breakpoint[] = [];
  const breakpointError = h('div', { class: 'error', role: 'alert' });
  const toggle = async (state: string, after: boolean): Promise<void> => {
    const next = toggleBreakpoint(breakpoints, state, after);
    try {
      await putBreakpoints({ stateMachineArn: arn }, next);
      breakpoints = next;
      breakpointError.textContent = '';
      graph.setBreakpoints(breakpoints);
    } catch (e) {
      breakpointError.textContent = `Breakpoints: ${errorText(e)}`;
    }
  };
  const graph = new GraphView({ onSelect: select, onToggleBreakpoint: (state, after) => void toggle(state, after) });
  graph.element.append(h('div', { class: 'graph-note' }, 'Breakpoints (b, Shift+B): new executions'));
  const loadBreakpoints = machineBreakpoints(arn).then(
    (list) => {
      breakpoints = list;
    },
    (e: unknown) => {
      breakpointError.textContent = `Breakpoints: ${errorText(e)}`;
    },
  );
  const qualifiers = [
    ...versions.stateMachineVersions.map((v) => v.stateMachineVersionArn),
    ...aliases.stateMachineAliases.map((a) => a.stateMachineAliasArn),
  ];
  const diagnostics = validation.diagnostics ?? [];
  main.replaceChildren(
    h('header', { class: 'view-head' },
      h('h2', null, description.name),
      h('span', { class: 'muted' }, ` ${description.type} · created ${formatTime(description.creationDate * 1000)}`),
      h('div', { class: 'spacer' }),
      h('a', { class: 'button', href: executionsHref(arn) }, 'Executions'),
      h('button', { type: 'button', class: 'primary', onclick: () => startExecutionDialog(arn, qualifiers, undefined, breakpoints) }, 'Start execution…'),
    ),
    breakpointError,
    h('div', { class: 'machine-panes' }, graph.element, h('div', { class: 'def-pane' }, defView.element)),
    h('div', { class: 'machine-facts' },
      h('section', null, h('h3', null, `Validation: ${validation.result}`),
        diagnostics.length === 0
          ? h('p', { class: 'muted' }, 'No diagnostics.')
          : h('ul', { class: 'diagnostics' }, diagnostics.map((d) => {
              const state = [...byState.keys()].find((s) => (d.location ?? '').includes(`/States/${s}`));
              return h('li', { class: `diag-${d.severity.toLowerCase()}` },
                h('strong', null, `${d.severity} ${d.code}`), ` ${d.message} `,
                d.location ? h('code', null, d.location) : null,
                state ? h('button', { type: 'button', class: 'small', onclick: () => select(state) }, 'show') : null);
            }))),
      h('section', null, h('h3', null, 'Versions'),
        versions.stateMachineVersions.length
          ? h('ul', null, versions.stateMachineVersions.map((v) => h('li', null, h('code', null, arnName(v.stateMachineVersionArn)), ` ${formatTime(v.creationDate * 1000)}`)))
          : h('p', { class: 'muted' }, 'None (PublishStateMachineVersion makes one).')),
      h('section', null, h('h3', null, 'Aliases'),
        aliases.stateMachineAliases.length
          ? h('ul', null, aliases.stateMachineAliases.map((a) => h('li', null, h('code', null, arnName(a.stateMachineAliasArn)), ` ${formatTime(a.creationDate * 1000)}`)))
          : h('p', { class: 'muted' }, 'None.')),
    ),
  );
  if (!definition) {
    graph.element.replaceChildren(h('p', { class: 'error' }, 'The definition is not JSON.'));
    defView.element.textContent = description.definition;
    return;
  }
  defView.setDefinition(definition, byState);
  await graph.setDefinition(definition);
  graph.setDiagnostics(byState);
  await loadBreakpoints;
  graph.setBreakpoints(breakpoints);
  if (selectedState) select(selectedState);
}
