// A Map Run's counts as one bar: a segment per kind (succeeded, failed, …,
// pending), as wide as its share, with the counts line beside it.
import { countSegments, countsLine, type MapRunCounts } from '../model/mapRun';
import { h } from './dom';

export function countBar(label: string, counts: MapRunCounts): HTMLElement {
  const bar = h('span', { class: 'count-bar', role: 'img', 'aria-label': `${label}: ${countsLine(counts)} of ${counts.total}` });
  for (const segment of countSegments(counts)) {
    const part = h('span', { class: `count-seg cs-${segment.kind}`, title: `${segment.count} ${segment.kind}` });
    part.style.width = `${segment.fraction * 100}%`; // through the CSSOM: the CSP blocks style attributes
    bar.append(part);
  }
  const row = h('div', { class: 'count-row' },
    h('span', { class: 'count-label' }, label),
    h('span', { class: 'count-total' }, String(counts.total)),
    bar,
    h('span', { class: 'count-line' }, countsLine(counts)),
  );
  row.dataset['total'] = String(counts.total);
  row.dataset['succeeded'] = String(counts.succeeded);
  row.dataset['running'] = String(counts.running);
  return row;
}
