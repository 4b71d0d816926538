// A Distributed Map's Map Run as DescribeMapRun answers it (checked), and how
// the page sums it up: its counts as bar segments and short lines, the Map
// Run each Map state started last, and where a child execution's definition
// lies in its parent's.
import { allStates, type Definition, type StateDef } from './asl';
import type { HistoryModel, StateEntry } from './history';

export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
}

export interface MapRun {
  mapRunArn: string;
  /** The parent execution. */
  executionArn: string;
  status: string;
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailurePercentage: number;
  toleratedFailureCount: number;
  itemCounts: MapRunCounts;
  executionCounts: MapRunCounts;
  redriveCount: number;
}

const COUNT_FIELDS = ['pending', 'running', 'succeeded', 'failed', 'timedOut', 'aborted', 'total', 'resultsWritten'] as const;

function readCounts(value: unknown, where: string): MapRunCounts {
  if (!value || typeof value !== 'object') throw new Error(`${where}: expected an object`);
  const v = value as Record<string, unknown>;
  const out = {} as MapRunCounts;
  for (const key of COUNT_FIELDS) {
    if (typeof v[key] !== 'number') throw new Error(`${where}.${key}: expected a number`);
    out[key] = v[key];
  }
  return out;
}

/** DescribeMapRun's answer, every field the page reads checked (the error names the one that is wrong). */
export function readMapRun(value: unknown, where: string): MapRun {
  if (!value || typeof value !== 'object') throw new Error(`${where}: expected an object`);
  const v = value as Record<string, unknown>;
  const text = (key: string): string => {
    if (typeof v[key] !== 'string') throw new Error(`${where}: ${key}: expected a string`);
    return v[key];
  };
  const number = (key: string, fallback?: number): number => {
    if (v[key] === undefined && fallback !== undefined) return fallback;
    if (typeof v[key] !== 'number') throw new Error(`${where}: ${key}: expected a number`);
    return v[key];
  };
  return {
    mapRunArn: text('mapRunArn'),
    executionArn: text('executionArn'),
    status: text('status'),
    startDate: number('startDate'),
    ...(v['stopDate'] !== undefined ? { stopDate: number('stopDate') } : {}),
    maxConcurrency: number('maxConcurrency'),
    toleratedFailurePercentage: number('toleratedFailurePercentage'),
    toleratedFailureCount: number('toleratedFailureCount'),
    itemCounts: readCounts(v['itemCounts'], `${where}: itemCounts`),
    executionCounts: readCounts(v['executionCounts'], `${where}: executionCounts`),
    redriveCount: number('redriveCount', 0),
  };
}

/** The kinds a counts bar shows, in its order (ended ones first, then those still to come). */
export const COUNT_KINDS = ['succeeded', 'failed', 'timedOut', 'aborted', 'running', 'pending'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

const KIND_WORDS: Record<CountKind, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  timedOut: 'timed out',
  aborted: 'aborted',
  running: 'running',
  pending: 'pending',
};

export interface CountSegment {
  kind: CountKind;
  count: number;
  /** Its share of the total, 0…1. */
  fraction: number;
}

/** The bar's segments: each kind with a count, its share of the total. */
export function countSegments(counts: MapRunCounts): CountSegment[] {
  const total = Math.max(counts.total, COUNT_KINDS.reduce((sum, k) => sum + counts[k], 0));
  return COUNT_KINDS.filter((kind) => counts[kind] > 0).map((kind) => ({ kind, count: counts[kind], fraction: counts[kind] / total }));
}

/** "3 succeeded · 1 failed" (the kinds with a count), or "none yet". */
export function countsLine(counts: MapRunCounts): string {
  const parts = COUNT_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${counts[kind]} ${KIND_WORDS[kind]}`);
  return parts.length ? parts.join(' · ') : 'none yet';
}

/** One short line for the graph and the timeline: "SUCCEEDED · 5/5 items · 3 children". */
export function runSummary(run: MapRun): string {
  const items = run.itemCounts;
  const failed = items.failed + items.timedOut + items.aborted;
  return [
    run.status,
    `${items.succeeded}/${items.total} items`,
    failed ? `${failed} failed` : '',
    `${run.executionCounts.total} ${run.executionCounts.total === 1 ? 'child' : 'children'}`,
  ].filter(Boolean).join(' · ');
}

/** "no limit" for 0 (AWS: as many at once as it can), else the number. */
export const concurrencyText = (run: MapRun): string => (run.maxConcurrency > 0 ? String(run.maxConcurrency) : 'no limit');

/** The failures the run tolerates before it fails: "none", "10 %", "3 items", "10 % or 3 items". */
export function toleranceText(run: MapRun): string {
  const parts: string[] = [];
  if (run.toleratedFailurePercentage > 0) parts.push(`${run.toleratedFailurePercentage} %`);
  if (run.toleratedFailureCount > 0) parts.push(`${run.toleratedFailureCount} ${run.toleratedFailureCount === 1 ? 'item' : 'items'}`);
  return parts.length ? parts.join(' or ') : 'none';
}

/** Each Map state's latest entry that started a Map Run (MapRunStarted), by state name. */
export function latestMapRuns(model: HistoryModel): Map<string, StateEntry> {
  const out = new Map<string, StateEntry>();
  for (const [name, indexes] of model.byName) {
    for (let i = indexes.length - 1; i >= 0; i--) {
      const entry = model.entries[indexes[i]!]!;
      if (entry.mapRunArn) {
        out.set(name, entry);
        break;
      }
    }
  }
  return out;
}

/** The entry that started this Map Run, if the history has it. */
export function entryOfMapRun(model: HistoryModel, mapRunArn: string): StateEntry | undefined {
  return model.entries.find((e) => e.mapRunArn === mapRunArn);
}

export function isDistributedMap(state: StateDef | undefined): boolean {
  if (state?.Type !== 'Map') return false;
  const processor = (state.ItemProcessor ?? state.Iterator) as { ProcessorConfig?: { Mode?: unknown } } | undefined;
  return processor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
}

/** The label of a Map Run's ARN (arn:…:mapRun:<machine>/<label>:<id>): the Map's Label, else its name. */
export function mapRunLabel(mapRunArn: string): string {
  const resource = mapRunArn.split(':mapRun:')[1] ?? '';
  const path = resource.slice(0, resource.lastIndexOf(':'));
  return path.slice(path.indexOf('/') + 1);
}

/**
 * What a child execution runs: the processor of the Distributed Map with this
 * label in its parent's definition (its query language inherited).
 */
export function childDefinition(parent: Definition, label: string): Definition | undefined {
  for (const [name, info] of allStates(parent)) {
    const state = info.state;
    if (!isDistributedMap(state) || (state['Label'] ?? name) !== label) continue;
    const processor = (state.ItemProcessor ?? state.Iterator)!;
    const language = processor['QueryLanguage'] ?? parent.QueryLanguage;
    return { ...processor, ...(typeof language === 'string' ? { QueryLanguage: language } : {}) } as Definition;
  }
  return undefined;
}
