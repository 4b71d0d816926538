// The page's own routes on stepwise serve (/ui/debug/*, /ui/inspect, /ui/bus/*): JSON in
// and out, errors {"__type", "message"} as the AWS protocol's.
import { AwsError } from './aws';
import { readBreakpoints, type Breakpoint } from '../model/breakpoints';
import { readBusEvent, type BusEvent } from '../model/busEvents';
import { readInspectedEntry, type InspectedEntry } from '../model/dataFlow';
import { readPause, type Pause, type PauseId } from '../model/pauses';

async function request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    throw new AwsError('InvalidResponse', `${method} ${path.split('?')[0]}: ${text.slice(0, 200) || response.statusText}`, response.status);
  }
  if (!response.ok) {
    const d = (data ?? {}) as { __type?: string; message?: string };
    throw new AwsError((d.__type ?? 'Error').split('#').pop() ?? 'Error', d.message ?? `${method} ${path.split('?')[0]}: ${response.status} ${response.statusText}`, response.status);
  }
  return data as T;
}

const query = (params: Record<string, string | number | undefined>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, String(v));
  return p.toString();
};

export interface Started {
  executionArn: string;
  startDate: number;
}

export interface DebugStart {
  stateMachineArn: string;
  name?: string;
  input?: string;
  testCase?: string;
  breakpoints?: Breakpoint[];
  pauseAtStart?: boolean;
}

export const debugStart = (body: DebugStart): Promise<Started> => request('POST', '/ui/debug/start', body);

export async function machineBreakpoints(stateMachineArn: string): Promise<Breakpoint[]> {
  const r = await request<{ breakpoints?: unknown }>('GET', `/ui/debug/breakpoints?${query({ stateMachineArn })}`);
  return readBreakpoints(r.breakpoints, 'GET /ui/debug/breakpoints: breakpoints');
}

export const putBreakpoints = (target: { stateMachineArn: string } | { executionArn: string }, breakpoints: Breakpoint[]): Promise<unknown> =>
  request('PUT', '/ui/debug/breakpoints', { ...target, breakpoints });

export async function pauses(executionArn: string): Promise<Pause[]> {
  const r = await request<{ pauses?: unknown }>('GET', `/ui/debug/pauses?${query({ executionArn })}`);
  if (!Array.isArray(r.pauses)) throw new Error('GET /ui/debug/pauses: pauses: expected an array');
  return r.pauses.map((p, i) => readPause(p, `GET /ui/debug/pauses: pauses[${i}]`));
}

export interface Resume {
  executionArn: string;
  pauseId: PauseId;
  step?: boolean;
  input?: unknown;
  breakpoints?: Breakpoint[];
}

export const resume = (body: Resume): Promise<unknown> => request('POST', '/ui/debug/resume', body);

export async function evaluate(executionArn: string, pauseId: PauseId, expression: string): Promise<unknown> {
  const r = await request<{ value?: unknown }>('POST', '/ui/debug/evaluate', { executionArn, pauseId, expression });
  if (!('value' in r)) throw new Error('POST /ui/debug/evaluate: the answer has no value');
  return r.value;
}

export interface Rerun {
  executionArn: string;
  eventId: number;
  input?: unknown;
  definition?: string;
  testCase?: string;
  pause?: boolean;
  name?: string;
}

export const rerun = (body: Rerun): Promise<Started> => request('POST', '/ui/debug/rerun', body);

export interface RerunOf {
  executionArn: string;
  eventId: number;
}

export async function rerunOf(executionArn: string): Promise<RerunOf | null> {
  const r = await request<{ rerunOf?: RerunOf | null }>('GET', `/ui/debug/rerun?${query({ executionArn })}`);
  if (r.rerunOf === null) return null;
  if (!r.rerunOf || typeof r.rerunOf.executionArn !== 'string') throw new Error('GET /ui/debug/rerun: rerunOf: expected {executionArn, eventId} or null');
  return r.rerunOf;
}

export async function busEvents(limit: number, after?: string): Promise<{ events: BusEvent[]; dropped: number }> {
  const r = await request<{ events?: unknown; dropped?: unknown }>('GET', `/ui/bus/events?${query({ limit, after })}`);
  if (!Array.isArray(r.events)) throw new Error('GET /ui/bus/events: events: expected an array');
  return {
    events: r.events.map((e, i) => readBusEvent(e, `GET /ui/bus/events: events[${i}]`)),
    dropped: typeof r.dropped === 'number' ? r.dropped : 0,
  };
}

/** A state entry's data flow, step by step (eventId: its StateEntered event). */
export async function inspectEntry(executionArn: string, eventId: number): Promise<InspectedEntry> {
  const r = await request<unknown>('GET', `/ui/inspect?${query({ executionArn, eventId })}`);
  return readInspectedEntry(r, 'GET /ui/inspect');
}
