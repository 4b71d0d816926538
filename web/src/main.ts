// The stepwise page: a header with the views, and the view of the hash route.
import { h } from './ui/dom';
import { parseRoute } from './ui/router';
import { mountCompare } from './views/compareView';
import { mountEvents } from './views/eventsView';
import { mountExecution } from './views/executionView';
import { mountExecutions } from './views/executionsView';
import { mountMachines } from './views/machinesView';

const main = h('main', { id: 'main', tabindex: '-1' });
const links = {
  machines: h('a', { href: '#/machines' }, 'State machines'),
  executions: h('a', { href: '#/executions' }, 'Executions'),
  events: h('a', { href: '#/events' }, 'Event bus'),
};
document.body.append(
  h('a', { class: 'skip', href: '#main', onclick: (e: Event) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
  h('header', { class: 'top' }, h('span', { class: 'brand' }, 'stepwise'), h('nav', { 'aria-label': 'Views' }, Object.values(links))),
  main,
);

let unmount: (() => void) | undefined;
let lastKey = '';

function route(): void {
  const r = parseRoute(location.hash);
  // Selecting a state only rewrites ?state= (history.replaceState): no remount.
  const key = `${r.view}|${r.arn ?? ''}|${r.view === 'executions' || r.view === 'compare' ? r.params.toString() : ''}`;
  if (key === lastKey) return;
  lastKey = key;
  unmount?.();
  main.replaceChildren();
  for (const [name, a] of Object.entries(links)) {
    const on = name === r.view || (name === 'executions' && (r.view === 'execution' || r.view === 'compare'));
    a.classList.toggle('current', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (r.view === 'execution' && r.arn) unmount = mountExecution(main, r.arn, r.params);
  else if (r.view === 'executions') unmount = mountExecutions(main, r.params);
  else if (r.view === 'compare') unmount = mountCompare(main, r.params);
  else if (r.view === 'events') unmount = mountEvents(main);
  else unmount = mountMachines(main, r.arn, r.params.get('state') ?? undefined);
}

window.addEventListener('hashchange', route);
route();
