// An execution's pauses at breakpoints (GET /ui/debug/pauses and the stream's
// `pause` and `resume` messages): checked, kept in order, one per pauseId.
import { readBreakpoints, type Breakpoint } from './breakpoints';

/** The server's id of a pause (an integer), sent back as it came. */
export type PauseId = number | string;

export interface Pause {
  pauseId: PauseId;
  state: string;
  after: boolean;
  time?: number | string;
  /** `$`, `$$` and the variables in scope, as JSON values. */
  input: unknown;
  context: unknown;
  variables: unknown;
  breakpoints: Breakpoint[];
}

export function readPause(value: unknown, where: string): Pause {
  if (!value || typeof value !== 'object') throw new Error(`${where}: expected an object`);
  const p = value as Record<string, unknown>;
  if (typeof p['pauseId'] !== 'string' && typeof p['pauseId'] !== 'number') throw new Error(`${where}.pauseId: expected a string`);
  if (typeof p['state'] !== 'string') throw new Error(`${where}.state: expected a string`);
  if (p['after'] !== undefined && typeof p['after'] !== 'boolean') throw new Error(`${where}.after: expected a boolean`);
  const time = p['time'];
  return {
    pauseId: p['pauseId'],
    state: p['state'],
    after: p['after'] === true,
    time: typeof time === 'number' || typeof time === 'string' ? time : undefined,
    input: p['input'],
    context: p['context'],
    variables: p['variables'],
    breakpoints: p['breakpoints'] === undefined ? [] : readBreakpoints(p['breakpoints'], `${where}.breakpoints`),
  };
}

export function withPause(list: readonly Pause[], pause: Pause): Pause[] {
  const i = list.findIndex((p) => p.pauseId === pause.pauseId);
  if (i < 0) return [...list, pause];
  const out = [...list];
  out[i] = pause;
  return out;
}

export function withoutPause(list: readonly Pause[], pauseId: PauseId): Pause[] {
  return list.filter((p) => p.pauseId !== pauseId);
}

/** A value shown with jsonView (which takes JSON text). */
export function jsonText(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}
