// What a state changed: diff(input, output) as a table of JSON pointers.
import { diff, type JsonValue } from '../model/diff';
import { h } from './dom';
import { parseMaybe } from './jsonView';

const short = (v: unknown): string => {
  if (v === undefined) return '';
  const t = JSON.stringify(v);
  return t.length > 160 ? t.slice(0, 159) + '…' : t;
};

export function diffView(before: string | undefined, after: string | undefined): HTMLElement {
  const a = parseMaybe(before);
  const b = parseMaybe(after);
  if (!a.ok || !b.ok) return h('div', { class: 'muted' }, 'No diff: input or output is missing or not JSON.');
  const changes = diff(a.value as JsonValue, b.value as JsonValue);
  if (changes.length === 0) return h('div', { class: 'muted' }, 'Output equals input.');
  return h(
    'table',
    { class: 'diff' },
    h('thead', null, h('tr', null, h('th', null, ''), h('th', null, 'pointer'), h('th', null, 'before'), h('th', null, 'after'))),
    h(
      'tbody',
      null,
      changes.map((c) =>
        h('tr', { class: `d-${c.op}` },
          h('td', { class: 'op', title: c.op }, c.op === 'added' ? '+' : c.op === 'removed' ? '−' : '~'),
          h('td', { class: 'path' }, c.path || '(root)'),
          h('td', { class: 'before' }, short(c.before)),
          h('td', { class: 'after' }, short(c.after)),
        ),
      ),
    ),
  );
}
