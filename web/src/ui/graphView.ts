// The state machine's graph: elkjs (in its worker: graphLayout.ts) lays out layoutInput(definition), this
// draws it as SVG with pan (drag), zoom (wheel, + and -), fit (0 or F),
// state selection (click, Enter/Space on a focused state), status colours,
// diagnostics marks, breakpoint marks (a gutter dot before and after each
// state: click it, or b / Shift+B on the focused state), paused states and
// long edges' jump markers.
import { layoutInput, type GraphEdge, type GraphNode } from '../model/layout';
import type { Definition } from '../model/asl';
import type { StateStatus } from '../model/history';
import { breakpointMarks, type Breakpoint } from '../model/breakpoints';
import { clear, h, s } from './dom';
import { layOut } from './graphLayout';
import { mark, markAfterPaint } from './paintMark';

export interface GraphViewOptions {
  onSelect?: (state: string) => void;
  /** Breakpoints can be toggled on this graph: the gutter marks and the b / Shift+B keys. */
  onToggleBreakpoint?: (state: string, after: boolean) => void;
}

export class GraphView {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private readonly nodes = new Map<string, SVGGElement>();
  private scale = 1;
  private tx = 0;
  private ty = 0;
  private width = 0;
  private height = 0;
  private selected?: string;
  private generation = 0;
  /** The user zoomed or panned: a resize no longer re-fits. */
  private moved = false;

  constructor(private readonly options: GraphViewOptions = {}) {
    this.svg = s('svg', { class: 'graph-svg', role: 'group', 'aria-label': 'State machine graph' });
    this.viewport = s('g');
    this.svg.appendChild(defs());
    this.svg.appendChild(this.viewport);
    const zoom = (f: number) => () => this.zoomBy(f);
    this.element = h(
      'div',
      { class: 'graph' },
      h('div', { class: 'graph-tools' },
        h('button', { type: 'button', onclick: zoom(1.2), title: 'Zoom in (+)' }, '+'),
        h('button', { type: 'button', onclick: zoom(1 / 1.2), title: 'Zoom out (-)' }, '−'),
        h('button', { type: 'button', onclick: () => this.fit(), title: 'Fit (0)' }, 'Fit'),
      ),
      this.svg,
    );
    this.installPanZoom();
    new ResizeObserver(() => {
      if (!this.moved) this.fit();
    }).observe(this.svg);
  }

  async setDefinition(definition: Definition): Promise<void> {
    const generation = ++this.generation;
    mark('layout-start');
    const graph = layoutInput(definition);
    const laid = await layOut(graph);
    if (generation !== this.generation) return;
    mark('layout-done');
    clear(this.viewport);
    this.nodes.clear();
    this.draw(laid, this.viewport);
    mark('graph-drawn');
    this.width = laid.width ?? 0;
    this.height = laid.height ?? 0;
    this.moved = false;
    this.fit();
    if (this.selected) this.select(this.selected, false);
    markAfterPaint('graph-painted');
  }

  private draw(node: GraphNode, parent: SVGGElement): void {
    for (const child of node.children ?? []) {
      const g = s('g', { transform: `translate(${child.x ?? 0},${child.y ?? 0})` });
      parent.appendChild(g);
      this.drawNode(child, g);
      if (child.children?.length) this.draw(child, g);
    }
    const edges = s('g', { class: 'edges' });
    for (const edge of node.edges ?? []) edges.appendChild(drawEdge(edge));
    parent.appendChild(edges);
  }

  private drawNode(node: GraphNode, g: SVGGElement): void {
    const w = node.width ?? 0;
    const hgt = node.height ?? 0;
    if (node.kind === 'start') {
      g.setAttribute('class', 'marker-start');
      g.appendChild(s('circle', { cx: w / 2, cy: hgt / 2, r: w / 2 }, s('title', null, 'Start')));
      return;
    }
    if (node.kind === 'end') {
      g.setAttribute('class', 'marker-end');
      g.appendChild(s('circle', { cx: w / 2, cy: hgt / 2, r: w / 2 }, s('title', null, 'End')));
      g.appendChild(s('circle', { class: 'inner', cx: w / 2, cy: hgt / 2, r: w / 2 - 4 }));
      return;
    }
    if (node.kind === 'jump') {
      this.drawJump(node, g);
      return;
    }
    if (node.kind === 'branch') {
      g.setAttribute('class', 'branch');
      g.appendChild(s('rect', { width: w, height: hgt, rx: 6 }));
      g.appendChild(s('text', { x: 8, y: 16, class: 'caption' }, node.name));
      return;
    }
    const container = !!node.children?.length;
    g.setAttribute('class', `state type-${node.stateType ?? ''}${container ? ' container' : ''}`);
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('data-state', node.name);
    g.setAttribute('aria-label', `${node.name} (${node.stateType})`);
    g.appendChild(s('rect', { class: 'box', width: w, height: hgt, rx: node.stateType === 'Choice' ? 14 : 6 }));
    if (container) {
      g.appendChild(s('text', { x: 10, y: 20, class: 'name' }, node.name));
      g.appendChild(s('text', { x: w - 10, y: 20, class: 'kind', 'text-anchor': 'end' }, node.stateType ?? ''));
    } else {
      g.appendChild(s('text', { x: w / 2, y: 19, class: 'name', 'text-anchor': 'middle' }, node.name));
      g.appendChild(s('text', { x: w / 2, y: 34, class: 'kind', 'text-anchor': 'middle' }, node.stateType ?? ''));
    }
    if (node.retry !== undefined) {
      const badge = s('g', { class: 'retry', transform: `translate(${w - 4},${-4})` },
        s('title', null, `Retry\n${node.retryTitle ?? ''}`),
        s('rect', { x: -30, y: -6, width: 34, height: 14, rx: 7 }),
        s('text', { x: -13, y: 5, 'text-anchor': 'middle' }, `↻${node.retry}`),
      );
      g.appendChild(badge);
    }
    g.appendChild(s('title', null, `${node.name} (${node.stateType})`));
    if (this.options.onToggleBreakpoint) {
      g.appendChild(this.gutterMark(node.name, false, -9, container ? 16 : hgt / 2));
      g.appendChild(this.gutterMark(node.name, true, w + 9, container ? 16 : hgt / 2));
    }
    const pick = (): void => this.select(node.name, true);
    g.addEventListener('click', (e) => {
      e.stopPropagation();
      pick();
    });
    g.addEventListener('keydown', (e) => {
      if (e.target !== g) return; // a nested state's key
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        pick();
      } else if ((e.key === 'b' || e.key === 'B') && !e.ctrlKey && !e.metaKey && !e.altKey && this.options.onToggleBreakpoint) {
        e.preventDefault();
        this.options.onToggleBreakpoint(node.name, e.shiftKey);
      }
    });
    this.nodes.set(node.name, g);
  }

  private gutterMark(state: string, after: boolean, x: number, y: number): SVGGElement {
    const where = after ? 'after' : 'before';
    const mark = s('g', { class: `bp-gutter bp-${where}`, transform: `translate(${x},${y})`, 'data-breakpoint': where },
      s('title', null, `Breakpoint ${where} ${state} (${after ? 'Shift+B' : 'b'})`),
      s('circle', { r: 6 }),
    );
    mark.addEventListener('click', (e) => {
      e.stopPropagation();
      this.options.onToggleBreakpoint?.(state, after);
    });
    return mark;
  }

  /** Draws the breakpoints: a filled gutter mark before or after each state that has one. */
  setBreakpoints(list: readonly Breakpoint[]): void {
    const marks = breakpointMarks(list);
    for (const [name, g] of this.nodes) {
      const m = marks.get(name);
      g.classList.toggle('bp-has-before', !!m?.before);
      g.classList.toggle('bp-has-after', !!m?.after);
    }
  }

  /** Marks the states an execution is paused at (before or after them). */
  setPaused(list: readonly Breakpoint[]): void {
    const marks = breakpointMarks(list);
    for (const [name, g] of this.nodes) {
      const m = marks.get(name);
      g.classList.toggle('paused', !!m);
      g.querySelector(':scope > .paused-badge')?.remove();
      if (!m) continue;
      const box = g.querySelector(':scope > rect.box');
      const w = Number(box?.getAttribute('width') ?? 0);
      g.appendChild(s('g', { class: 'paused-badge', transform: `translate(${w / 2},${-10})` },
        s('rect', { x: -50, y: -9, width: 100, height: 16, rx: 8 }),
        s('text', { y: 3, 'text-anchor': 'middle' }, m.before && m.after ? 'paused' : m.after ? 'paused after' : 'paused before'),
      ));
    }
  }

  /**
   * A line above a state (a Distributed Map's Map Run: its status and counts), by state name;
   * states not in the map lose theirs.
   */
  setCaptions(captions: Map<string, { text: string; status: string }>): void {
    for (const [name, g] of this.nodes) {
      const caption = captions.get(name);
      const old = g.querySelector<SVGGElement>(':scope > .state-caption');
      if (old?.dataset['text'] === caption?.text) continue;
      old?.remove();
      if (!caption) continue;
      // Beside the state, past its after-breakpoint mark, where the graph's flow (top to bottom)
      // leaves room. Text width is not measured (the layout does not know it either): ~6 px a character.
      const box = g.querySelector(':scope > rect.box');
      const x = Number(box?.getAttribute('width') ?? 0) + 20;
      const width = Math.round(caption.text.length * 6.3) + 14;
      const mark = s('g', { class: `state-caption cap-${caption.status}`, transform: `translate(${x},16)` },
        s('rect', { x: 0, y: -9, width, height: 16, rx: 8 }),
        s('text', { x: 7, y: 3 }, caption.text),
        s('title', null, caption.text),
      );
      mark.dataset['text'] = caption.text;
      mark.dataset['status'] = caption.status;
      g.appendChild(mark);
    }
  }

  /** A long edge's end (layout.ts, jumpLongEdges): selects and focuses its target. */
  private drawJump(node: GraphNode, g: SVGGElement): void {
    const target = node.target ?? '';
    g.setAttribute('class', 'jump');
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', `Go to ${target}`);
    g.appendChild(s('rect', { width: node.width ?? 0, height: node.height ?? 0, rx: 10 }));
    g.appendChild(s('text', { x: (node.width ?? 0) / 2, y: 14, 'text-anchor': 'middle' }, node.name));
    g.appendChild(s('title', null, `Goes to ${target} (drawn apart: a long edge)`));
    const go = (): void => {
      this.select(target, true);
      this.nodes.get(target)?.focus();
    };
    g.addEventListener('click', (e) => {
      e.stopPropagation();
      go();
    });
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        go();
      }
    });
  }

  select(name: string | undefined, notify: boolean): void {
    if (this.selected) this.nodes.get(this.selected)?.classList.remove('selected');
    this.selected = name;
    if (!name) return;
    const g = this.nodes.get(name);
    g?.classList.add('selected');
    if (notify) this.options.onSelect?.(name);
  }

  setStatuses(statuses: Map<string, StateStatus>): void {
    for (const [name, g] of this.nodes) {
      const status = statuses.get(name) ?? 'notReached';
      if (g.dataset['status'] === status) continue;
      for (const c of [...g.classList]) if (c.startsWith('st-')) g.classList.remove(c);
      g.classList.add(`st-${status}`);
      g.dataset['status'] = status;
    }
  }

  setDiagnostics(byState: Map<string, string[]>): void {
    for (const [name, g] of this.nodes) {
      g.querySelector('.diag')?.remove();
      const messages = byState.get(name);
      if (!messages?.length) continue;
      g.classList.add('has-diag');
      g.appendChild(s('g', { class: 'diag', transform: 'translate(-6,-6)' },
        s('title', null, messages.join('\n')),
        s('circle', { r: 8 }),
        s('text', { y: 4, 'text-anchor': 'middle' }, '!'),
      ));
    }
  }

  private apply(): void {
    this.viewport.setAttribute('transform', `translate(${this.tx},${this.ty}) scale(${this.scale})`);
  }

  fit(): void {
    const box = this.svg.getBoundingClientRect();
    const bw = box.width || 600;
    const bh = box.height || 400;
    if (!this.width || !this.height) return;
    this.scale = Math.min(1.2, Math.min(bw / this.width, bh / this.height) * 0.95);
    this.tx = (bw - this.width * this.scale) / 2;
    this.ty = Math.max(8, (bh - this.height * this.scale) / 2);
    this.apply();
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    this.moved = true;
    const box = this.svg.getBoundingClientRect();
    const x = cx ?? box.width / 2;
    const y = cy ?? box.height / 2;
    const next = Math.min(4, Math.max(0.1, this.scale * factor));
    const f = next / this.scale;
    this.tx = x - (x - this.tx) * f;
    this.ty = y - (y - this.ty) * f;
    this.scale = next;
    this.apply();
  }

  private installPanZoom(): void {
    let drag: { x: number; y: number; tx: number; ty: number } | undefined;
    this.svg.addEventListener('pointerdown', (e) => {
      if ((e.target as Element).closest('.state, .jump')) return;
      drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty };
      this.svg.setPointerCapture(e.pointerId);
      this.svg.classList.add('panning');
    });
    this.svg.addEventListener('pointermove', (e) => {
      if (!drag) return;
      this.moved = true;
      this.tx = drag.tx + e.clientX - drag.x;
      this.ty = drag.ty + e.clientY - drag.y;
      this.apply();
    });
    const end = (): void => {
      drag = undefined;
      this.svg.classList.remove('panning');
    };
    this.svg.addEventListener('pointerup', end);
    this.svg.addEventListener('pointercancel', end);
    this.svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const box = this.svg.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
      },
      { passive: false },
    );
    this.element.addEventListener('keydown', (e) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      const step = 40;
      if (e.key === '+' || e.key === '=') this.zoomBy(1.2);
      else if (e.key === '-') this.zoomBy(1 / 1.2);
      else if (e.key === '0' || e.key === 'f') {
        this.moved = false;
        this.fit();
      } else if (!e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        // Move focus between states in drawing order (top to bottom).
        const states = [...this.nodes.values()].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top || a.getBoundingClientRect().left - b.getBoundingClientRect().left);
        const at = states.indexOf(document.activeElement as SVGGElement);
        const forward = e.key === 'ArrowDown' || e.key === 'ArrowRight';
        const next = states[at < 0 ? 0 : Math.max(0, Math.min(states.length - 1, at + (forward ? 1 : -1)))];
        next?.focus();
        e.preventDefault();
        return;
      }
      else if (e.key === 'ArrowLeft' && e.shiftKey) this.tx += step;
      else if (e.key === 'ArrowRight' && e.shiftKey) this.tx -= step;
      else if (e.key === 'ArrowUp' && e.shiftKey) this.ty += step;
      else if (e.key === 'ArrowDown' && e.shiftKey) this.ty -= step;
      else return;
      if (e.shiftKey) this.moved = true;
      e.preventDefault();
      this.apply();
    });
  }
}

function defs(): SVGDefsElement {
  const arrow = (id: string): SVGMarkerElement =>
    s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M 0 0 L 10 5 L 0 10 z' }),
    );
  return s('defs', null, arrow('arrow'), arrow('arrow-catch'));
}

function drawEdge(edge: GraphEdge): SVGGElement {
  const g = s('g', { class: `edge edge-${edge.kind}` });
  for (const section of edge.sections ?? []) {
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    const d = points.map((p, i) => `${i ? 'L' : 'M'} ${p.x} ${p.y}`).join(' ');
    g.appendChild(s('path', { d, 'marker-end': `url(#${edge.kind === 'catch' ? 'arrow-catch' : 'arrow'})` }));
  }
  for (const label of edge.labels ?? []) {
    const lg = s('g', { class: 'edge-label', transform: `translate(${label.x ?? 0},${label.y ?? 0})` },
      s('rect', { width: label.width, height: label.height, rx: 3 }),
      s('text', { x: label.width / 2, y: label.height - 4, 'text-anchor': 'middle' }, label.text),
    );
    if (label.full) lg.appendChild(s('title', null, label.full));
    g.appendChild(lg);
  }
  return g;
}
