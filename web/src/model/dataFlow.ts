// A state entry's data flow (GET /ui/inspect), named as AWS TestState's
// inspectionData names its steps: the answer checked, then the steps in the
// order a state applies them, each paired with the step it was computed from.
import { deepEqual } from './diff';

export interface InspectedRetry {
  /** Index into the state's Retry. */
  retrier: number;
  delayMs: number;
}

export interface InspectedEntry {
  eventId: number;
  state: string;
  /** Each step's value (JSON values), absent when the state did not reach that step. */
  values: Partial<Record<StepKey, unknown>>;
  variables?: Record<string, unknown>;
  retries: InspectedRetry[];
  /** Index into the state's Catch. */
  catcher?: number;
  error?: { error: string; cause?: string };
}

/** The value steps, in the order a state applies them. */
export const stepKeys = [
  'input',
  'afterInputPath',
  'afterItemsPath',
  'afterParameters',
  'afterArguments',
  'result',
  'afterResultSelector',
  'afterResultPath',
  'output',
] as const;
export type StepKey = (typeof stepKeys)[number];

export const stepLabels: Record<StepKey, string> = {
  input: 'Input',
  afterInputPath: 'After InputPath',
  afterItemsPath: 'After ItemsPath',
  afterParameters: 'After Parameters',
  afterArguments: 'After Arguments',
  result: 'Result',
  afterResultSelector: 'After ResultSelector',
  afterResultPath: 'After ResultPath',
  output: 'Output',
};

/**
 * The steps each step is computed from, nearest first. A result is new (the
 * task's or the state's own), so it is not diffed; ResultPath places the
 * result into the state's raw input, so it is diffed against the input.
 */
const sources: Record<StepKey, readonly StepKey[]> = {
  input: [],
  afterInputPath: ['input'],
  afterItemsPath: ['afterInputPath', 'input'],
  afterParameters: ['afterItemsPath', 'afterInputPath', 'input'],
  afterArguments: ['afterItemsPath', 'afterInputPath', 'input'],
  result: [],
  afterResultSelector: ['result'],
  afterResultPath: ['input'],
  output: ['afterResultPath', 'afterResultSelector', 'result', 'afterInputPath', 'input'],
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function readIndex(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Error(`${where}: expected an index (an integer ≥ 0)`);
  return value;
}

/** The answer of GET /ui/inspect, checked; errors name the field. */
export function readInspectedEntry(answer: unknown, where: string): InspectedEntry {
  if (!isObject(answer)) throw new Error(`${where}: expected an object`);
  const e = answer['entry'];
  const at = `${where}: entry`;
  if (!isObject(e)) throw new Error(`${at}: expected an object`);
  if (typeof e['eventId'] !== 'number') throw new Error(`${at}.eventId: expected a number`);
  if (typeof e['state'] !== 'string') throw new Error(`${at}.state: expected a string`);
  const values: Partial<Record<StepKey, unknown>> = {};
  for (const key of stepKeys) if (key in e) values[key] = e[key];
  const variables = e['variables'];
  if (variables !== undefined && !isObject(variables)) throw new Error(`${at}.variables: expected an object`);
  const retries = e['retries'] ?? [];
  if (!Array.isArray(retries)) throw new Error(`${at}.retries: expected an array`);
  const error = e['error'];
  if (error !== undefined) {
    if (!isObject(error) || typeof error['error'] !== 'string') throw new Error(`${at}.error.error: expected a string`);
    if (error['cause'] !== undefined && typeof error['cause'] !== 'string') throw new Error(`${at}.error.cause: expected a string`);
  }
  return {
    eventId: e['eventId'],
    state: e['state'],
    values,
    variables,
    retries: retries.map((r: unknown, i) => {
      const w = `${at}.retries[${i}]`;
      if (!isObject(r)) throw new Error(`${w}: expected an object`);
      if (typeof r['delayMs'] !== 'number' || r['delayMs'] < 0) throw new Error(`${w}.delayMs: expected a number ≥ 0`);
      return { retrier: readIndex(r['retrier'], `${w}.retrier`), delayMs: r['delayMs'] };
    }),
    catcher: e['catcher'] === undefined ? undefined : readIndex(e['catcher'], `${at}.catcher`),
    error: isObject(error) ? { error: error['error'] as string, cause: error['cause'] as string | undefined } : undefined,
  };
}

export interface DataFlowStep {
  key: StepKey;
  value: unknown;
  /** The step it was computed from, when it changed that value (absent: new, or nothing before it). */
  diffFrom?: StepKey;
  /** The step it equals, when it did not change it. */
  sameAs?: StepKey;
}

/** What the entry had reached as of the event shown (time travel); absent: all of it. */
export interface ReachedAsOf {
  /** The entry has exited (or failed). */
  closed: boolean;
  /** Task attempts scheduled so far: attempts − 1 retries can have matched. */
  attempts: number;
}

/** The steps present, in order, each paired with its source. */
export function dataFlowSteps(entry: InspectedEntry, reached?: ReachedAsOf): DataFlowStep[] {
  const open = reached !== undefined && !reached.closed;
  // A state still running shows its input side only: the rest was computed later.
  const present = stepKeys.filter((k) => k in entry.values && !(open && stepKeys.indexOf(k) >= stepKeys.indexOf('result')));
  return present.map((key) => {
    const value = entry.values[key];
    const source = sources[key].find((k) => present.includes(k));
    if (source === undefined) return { key, value };
    return deepEqual(entry.values[source], value) ? { key, value, sameAs: source } : { key, value, diffFrom: source };
  });
}

/** The retries, variables and catcher as of the event shown. */
export function outcomeAsOf(entry: InspectedEntry, reached?: ReachedAsOf): Pick<InspectedEntry, 'retries' | 'variables' | 'catcher' | 'error'> {
  if (!reached || reached.closed) return entry;
  return { retries: entry.retries.slice(0, Math.max(0, reached.attempts - 1)) };
}

/**
 * Reads each entry once (by execution ARN and StateEntered event id). An entry
 * read before it ended is read again once it has: its later steps were missing.
 */
export class DataFlowCache {
  private readonly reads = new Map<string, { answer: Promise<InspectedEntry>; ended: boolean }>();

  constructor(private readonly read: (executionArn: string, eventId: number) => Promise<InspectedEntry>) {}

  get(executionArn: string, eventId: number, ended: boolean): Promise<InspectedEntry> {
    const key = `${executionArn}\n${eventId}`;
    const known = this.reads.get(key);
    if (known && (known.ended || !ended)) return known.answer;
    const answer = this.read(executionArn, eventId);
    answer.catch(() => {}); // shown where it is used; not an unhandled rejection here
    this.reads.set(key, { answer, ended });
    return answer;
  }
}
