// Two executions side by side (an original and its re-run): what differs in
// status, duration, each state's status, and the output.
import { diff, type Change, type JsonValue } from './diff';
import type { StateStatus } from './history';

export interface ExecutionSide {
  status: string;
  /** Milliseconds; undefined while it runs. */
  duration?: number;
  output?: string;
  error?: string;
  states: Map<string, StateStatus>;
}

export interface StateDifference {
  state: string;
  left: StateStatus;
  right: StateStatus;
}

export interface Comparison {
  sameStatus: boolean;
  /** right minus left, when both ended. */
  durationDelta?: number;
  /** The outputs' diff; undefined when either is missing or not JSON. */
  output?: Change[];
  states: StateDifference[];
}

function parse(text: string | undefined): { ok: true; value: JsonValue } | { ok: false } {
  if (text === undefined) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false };
  }
}

export function compareExecutions(left: ExecutionSide, right: ExecutionSide): Comparison {
  const a = parse(left.output);
  const b = parse(right.output);
  const names = [...new Set([...left.states.keys(), ...right.states.keys()])].sort();
  const states: StateDifference[] = [];
  for (const state of names) {
    const l = left.states.get(state) ?? 'notReached';
    const r = right.states.get(state) ?? 'notReached';
    if (l !== r) states.push({ state, left: l, right: r });
  }
  return {
    sameStatus: left.status === right.status,
    durationDelta: left.duration !== undefined && right.duration !== undefined ? right.duration - left.duration : undefined,
    output: a.ok && b.ok ? diff(a.value, b.value) : undefined,
    states,
  };
}
