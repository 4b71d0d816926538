// The event bus's activity as the page shows it: events put (GET /ui/bus/events
// and the stream's `bus` messages), merged by id, newest first, and filtered.

export type DeliveryStatus = 'delivered' | 'failed' | 'dead-letter' | 'pending';

export interface Delivery {
  targetId: string;
  targetArn: string;
  status: DeliveryStatus;
  attempts: number;
  error?: string;
  /** Where a dead letter was written (absent when that write failed too). */
  deadLetterFile?: string;
  time?: number | string;
}

export interface RuleMatch {
  rule: string;
  ruleArn: string;
  deliveries: Delivery[];
}

export interface SchemaViolation {
  pointer: string;
  message: string;
}

export interface SchemaCheck {
  registry: string;
  name: string;
  version: string;
  valid: boolean;
  /** How a violation is treated: 'warn' (the event goes on) or rejected. */
  mode: string;
  violations: SchemaViolation[];
}

export interface BusEvent {
  /** Ascending from 1 as the server numbers them (text accepted too). */
  id: number | string;
  time: number | string;
  eventBusName: string;
  source: string;
  detailType: string;
  detail: unknown;
  resources: string[];
  sentBy?: string;
  schema: SchemaCheck | null;
  rejected: boolean;
  /** The entry failed after the schema check (its deliveries could not be stored). */
  error?: string;
  matches: RuleMatch[];
}

export interface BusFilter {
  /** Exact detail-type, or '' for all. */
  detailType: string;
  failures: boolean;
  deadLetters: boolean;
  violations: boolean;
}

export const NO_FILTER: BusFilter = { detailType: '', failures: false, deadLetters: false, violations: false };

export const deliveries = (e: BusEvent): Delivery[] => e.matches.flatMap((m) => m.deliveries);
export const hasFailure = (e: BusEvent): boolean => e.rejected || e.error !== undefined || deliveries(e).some((d) => d.status === 'failed' || d.status === 'dead-letter');
export const hasDeadLetter = (e: BusEvent): boolean => deliveries(e).some((d) => d.status === 'dead-letter');
export const hasViolation = (e: BusEvent): boolean => !!e.schema && !e.schema.valid;

/** The ticked checks narrow the list: an event shows when it has every one ticked. */
export function busEventMatches(e: BusEvent, f: BusFilter): boolean {
  if (f.detailType && e.detailType !== f.detailType) return false;
  if (f.failures && !hasFailure(e)) return false;
  if (f.deadLetters && !hasDeadLetter(e)) return false;
  if (f.violations && !hasViolation(e)) return false;
  return true;
}

/** Order: newest first (time, then id). */
function newerFirst(a: BusEvent, b: BusEvent): number {
  return busTime(b.time) - busTime(a.time) || compareIds(b.id, a.id);
}

function compareIds(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function busTime(t: number | string | undefined): number {
  if (t === undefined) return 0;
  if (typeof t === 'number') return t > 1e11 ? t : t * 1000;
  const n = Number(t);
  return Number.isFinite(n) ? busTime(n) : Date.parse(t);
}

/** Events merged into the list by id (a later copy replaces an earlier one), newest first, at most `limit`. */
export function mergeBusEvents(list: readonly BusEvent[], incoming: readonly BusEvent[], limit: number): BusEvent[] {
  const byId = new Map<number | string, BusEvent>();
  for (const e of list) byId.set(e.id, e);
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort(newerFirst).slice(0, limit);
}

/** The detail-types seen, sorted (the filter's choices). */
export function detailTypes(list: readonly BusEvent[]): string[] {
  return [...new Set(list.map((e) => e.detailType))].sort();
}

/** One word for an event's outcome: rejected, error, dead-letter, failed, pending, delivered, unmatched. */
export function busOutcome(e: BusEvent): string {
  if (e.rejected) return 'rejected';
  if (e.error !== undefined) return 'error';
  const all = deliveries(e);
  if (all.some((d) => d.status === 'dead-letter')) return 'dead-letter';
  if (all.some((d) => d.status === 'failed')) return 'failed';
  if (all.some((d) => d.status === 'pending')) return 'pending';
  if (e.matches.length === 0) return 'unmatched';
  return 'delivered';
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A server event checked field by field: the event, or an error naming the field. */
export function readBusEvent(value: unknown, where: string): BusEvent {
  if (!isObject(value)) throw new Error(`${where}: expected an object`);
  const str = (k: string): string => {
    const v = value[k];
    if (typeof v !== 'string') throw new Error(`${where}.${k}: expected a string`);
    return v;
  };
  const id = value['id'];
  if (typeof id !== 'number' && typeof id !== 'string') throw new Error(`${where}.id: expected a number`);
  const time = value['time'];
  if (typeof time !== 'string' && typeof time !== 'number') throw new Error(`${where}.time: expected a time`);
  const matches = value['matches'];
  if (!Array.isArray(matches)) throw new Error(`${where}.matches: expected an array`);
  const schema = value['schema'];
  if (schema !== null && !isObject(schema)) throw new Error(`${where}.schema: expected an object or null`);
  if (schema && !Array.isArray(schema['violations'])) throw new Error(`${where}.schema.violations: expected an array`);
  matches.forEach((m, i) => {
    if (!isObject(m) || !Array.isArray(m['deliveries'])) throw new Error(`${where}.matches[${i}].deliveries: expected an array`);
  });
  return {
    id,
    time,
    eventBusName: str('eventBusName'),
    source: str('source'),
    detailType: str('detailType'),
    detail: value['detail'],
    resources: Array.isArray(value['resources']) ? (value['resources'] as string[]) : [],
    sentBy: typeof value['sentBy'] === 'string' ? value['sentBy'] : undefined,
    schema: schema as SchemaCheck | null,
    rejected: value['rejected'] === true,
    error: typeof value['error'] === 'string' ? value['error'] : undefined,
    matches: matches as RuleMatch[],
  };
}
