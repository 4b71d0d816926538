// Hash routes: #/machines, #/machines/<arn>, #/executions?machine=<arn>&status=X,
// #/executions/<arn>[?state=NAME | ?mapRun=<arn>], #/compare?left=<arn>&right=<arn>, #/events. ARNs are URI-encoded.

export interface Route {
  view: 'machines' | 'executions' | 'execution' | 'compare' | 'events';
  arn?: string;
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const [head, ...rest] = path.split('/');
  const arn = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  if (head === 'executions') return arn ? { view: 'execution', arn, params } : { view: 'executions', params };
  if (head === 'events') return { view: 'events', params };
  if (head === 'compare') return { view: 'compare', params };
  return { view: 'machines', arn, params };
}

export function navigate(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

export const machineHref = (arn: string): string => `#/machines/${encodeURIComponent(arn)}`;
export const executionHref = (arn: string): string => `#/executions/${encodeURIComponent(arn)}`;
/** The parent execution's view, its Map state that started this Map Run selected. */
export const mapRunHref = (executionArn: string, mapRunArn: string): string =>
  `${executionHref(executionArn)}?${new URLSearchParams({ mapRun: mapRunArn }).toString()}`;
export const executionsHref = (machine?: string, status?: string): string => {
  const p = new URLSearchParams();
  if (machine) p.set('machine', machine);
  if (status) p.set('status', status);
  const q = p.toString();
  return `#/executions${q ? '?' + q : ''}`;
};
export const compareHref = (left: string, right: string): string => `#/compare?${new URLSearchParams({ left, right }).toString()}`;
