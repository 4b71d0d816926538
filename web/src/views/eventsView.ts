// The event bus: the live activity (events put, newest first: their schema
// check, the rules they matched and each delivery's status; filters; the
// selected event's detail), then the buses and their rules (pattern, state,
// targets).
import { errorText, events } from '../api/aws';
import { h } from '../ui/dom';
import { BusActivity } from '../ui/busActivity';

interface Bus {
  Name: string;
  Arn: string;
}
interface Rule {
  Name: string;
  Arn: string;
  State?: string;
  EventPattern?: string;
  ScheduleExpression?: string;
  Description?: string;
}
interface Target {
  Id: string;
  Arn: string;
}

export function mountEvents(root: HTMLElement): () => void {
  const activity = new BusActivity();
  const box = h('div', { class: 'page' }, h('h2', null, 'Event bus'), activity.element, h('h2', { class: 'rules-title' }, 'Buses and rules'));
  root.append(box);
  let alive = true;
  void (async () => {
    try {
      const buses = (await events<{ EventBuses: Bus[] }>('ListEventBuses', {})).EventBuses ?? [];
      for (const bus of buses) {
        const rules = (await events<{ Rules: Rule[] }>('ListRules', { EventBusName: bus.Name })).Rules ?? [];
        const rows = await Promise.all(
          rules.map(async (r) => {
            const targets = await events<{ Targets: Target[] }>('ListTargetsByRule', { Rule: r.Name, EventBusName: bus.Name })
              .then((t) => t.Targets ?? [])
              .catch(() => [] as Target[]);
            return h('tr', null,
              h('td', null, r.Name, r.Description ? h('div', { class: 'muted small' }, r.Description) : null),
              h('td', null, r.State ?? ''),
              h('td', null, h('pre', { class: 'pattern' }, r.EventPattern ? pretty(r.EventPattern) : r.ScheduleExpression ?? '')),
              h('td', null, targets.map((t) => h('div', null, h('code', null, t.Arn)))),
            );
          }),
        );
        if (!alive) return;
        box.append(
          h('section', null, h('h3', null, `Bus ${bus.Name}`),
            rules.length
              ? h('table', { class: 'grid' }, h('thead', null, h('tr', null, ['Rule', 'State', 'Pattern', 'Targets'].map((t) => h('th', null, t)))), h('tbody', null, rows))
              : h('p', { class: 'muted' }, 'No rules.')),
        );
      }
    } catch (e) {
      if (alive) box.append(h('p', { class: 'error' }, errorText(e)));
    }
  })();
  return () => {
    alive = false;
    activity.stop();
  };
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
