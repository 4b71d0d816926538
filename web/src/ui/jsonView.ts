// A JSON value as a collapsible tree (<details> per object/array), with a
// "copy" button. Text that is not JSON is shown as is.
import { h, type Child } from './dom';

export function parseMaybe(text: string | undefined): { ok: boolean; value: unknown } {
  if (text === undefined) return { ok: false, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: text };
  }
}

function leaf(value: unknown): HTMLElement {
  const kind = value === null ? 'null' : typeof value;
  return h('span', { class: `j-${kind}` }, JSON.stringify(value));
}

function node(value: unknown, key: string | undefined, depth: number): HTMLElement {
  const label: Child = key !== undefined ? h('span', { class: 'j-key' }, `${key}: `) : null;
  if (value === null || typeof value !== 'object') return h('div', { class: 'j-row' }, label, leaf(value));
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as object);
  const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return h('div', { class: 'j-row' }, label, `${open}${close}`);
  const details = h('details', { class: 'j-node' });
  details.open = depth < 2 || entries.length <= 4;
  details.appendChild(
    h('summary', null, label, open, h('span', { class: 'j-count' }, ` ${entries.length} ${isArray ? 'items' : 'keys'} `), close),
  );
  // Children are built when first opened: large payloads stay cheap.
  let built = false;
  const build = (): void => {
    if (built) return;
    built = true;
    const box = h('div', { class: 'j-children' });
    for (const [k, v] of entries) box.appendChild(node(v, isArray ? k : JSON.stringify(k), depth + 1));
    details.appendChild(box);
  };
  if (details.open) build();
  details.addEventListener('toggle', build);
  return details;
}

export function jsonView(text: string | undefined, title?: string): HTMLElement {
  const parsed = parseMaybe(text);
  const body = text === undefined ? h('div', { class: 'muted' }, '(none)') : parsed.ok ? node(parsed.value, undefined, 0) : h('pre', null, text);
  const copy = h('button', { type: 'button', class: 'small', title: 'Copy the JSON' }, 'copy');
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(parsed.ok ? JSON.stringify(parsed.value, null, 2) : (text ?? ''));
  });
  return h('div', { class: 'json' }, title ? h('div', { class: 'json-title' }, h('span', null, title), text !== undefined ? copy : null) : null, body);
}
