// From an execution's history (AWS HistoryEvent objects, in id order) to the
// state entries it records and each state's status. Incremental: feed events
// as they arrive with add(); everything else is read from the model.
//
// An event belongs to the entry of the event it follows (previousEventId),
// climbing to the enclosing entry when that one is already closed. A
// StateEntered right after a Parallel/Map start or a Map iteration start is a
// child of that container; any other StateEntered is the successor of the
// entry it follows (a Catch's target after a failure: the failure was caught).

export interface HistoryEvent {
  id: number;
  previousEventId?: number;
  timestamp: number | string;
  type: string;
  [details: string]: unknown;
}

export type EntryStatus = 'running' | 'succeeded' | 'failed' | 'caught' | 'aborted';
export type StateStatus = EntryStatus | 'notReached';

export interface Failure {
  error?: string;
  cause?: string;
  eventId: number;
  type: string;
}

export interface Attempt {
  scheduledId: number;
  time: number;
  resource?: string;
  resourceType?: string;
  parameters?: string;
  submitted?: boolean;
  outcome?: { type: string; eventId: number; time: number; output?: string; error?: string; cause?: string };
}

export interface StateEntry {
  index: number;
  name: string;
  stateType: string;
  parent?: number;
  /** The Map iteration this entry runs in (its index), inherited along the iteration. */
  iteration?: number;
  enteredId: number;
  exitedId?: number;
  start: number;
  end?: number;
  input?: string;
  output?: string;
  assignedVariables?: Record<string, string>;
  attempts: Attempt[];
  /** The last failure not followed by a success. */
  failure?: Failure;
  /** The entry that came after it in the same frame (a catcher's target when it failed). */
  next?: number;
  /** A Distributed Map's Map Run (its MapRunStarted event). */
  mapRunArn?: string;
  closed: boolean;
  aborted: boolean;
  children: number[];
  eventIds: number[];
}

export interface ExecutionSummary {
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  start?: number;
  end?: number;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** Milliseconds since the epoch: AWS JSON gives seconds as numbers; ISO strings are accepted too. */
export function eventTime(timestamp: number | string): number {
  if (typeof timestamp === 'number') return timestamp > 1e11 ? timestamp : timestamp * 1000;
  const n = Number(timestamp);
  return Number.isFinite(n) ? eventTime(n) : Date.parse(timestamp);
}

/** The `*EventDetails` member of an event, if any. */
export function eventDetails(event: HistoryEvent): Record<string, unknown> {
  for (const key of Object.keys(event)) {
    if (key.endsWith('EventDetails') && event[key] && typeof event[key] === 'object') {
      return event[key] as Record<string, unknown>;
    }
  }
  return {};
}

const CONTAINER_START = new Set(['ParallelStateStarted', 'MapStateStarted', 'MapIterationStarted']);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export class HistoryModel {
  readonly events: HistoryEvent[] = [];
  readonly entries: StateEntry[] = [];
  readonly byName = new Map<string, number[]>();
  /** Event id -> index of its entry (absent: execution-level events). */
  readonly eventEntry = new Map<number, number>();
  readonly execution: ExecutionSummary = { status: 'RUNNING' };
  private readonly types = new Map<number, string>();
  private readonly iterationOf = new Map<number, number>();
  private lastId = 0;

  get lastEventId(): number {
    return this.lastId;
  }

  add(events: Iterable<HistoryEvent>): void {
    for (const e of events) {
      if (e.id <= this.lastId) continue; // already seen (a page fetched twice)
      this.lastId = e.id;
      this.events.push(e);
      this.types.set(e.id, e.type);
      this.one(e);
    }
  }

  private open(index: number | undefined): number | undefined {
    let i = index;
    while (i !== undefined && this.entries[i]!.closed) i = this.entries[i]!.parent;
    return i;
  }

  private container(index: number | undefined, kind?: string): number | undefined {
    let i = this.open(index);
    while (i !== undefined) {
      const t = this.entries[i]!.stateType;
      if ((kind === undefined && (t === 'Parallel' || t === 'Map')) || t === kind) return i;
      i = this.entries[i]!.parent;
    }
    return undefined;
  }

  private close(entry: StateEntry, time: number, aborted: boolean): void {
    if (entry.closed) return;
    entry.closed = true;
    entry.end ??= time;
    if (aborted && !entry.failure) entry.aborted = true;
    for (const c of entry.children) this.close(this.entries[c]!, time, true);
  }

  private one(e: HistoryEvent): void {
    const d = eventDetails(e);
    const time = eventTime(e.timestamp);
    const prev = e.previousEventId ?? 0;
    const prevEntry = this.eventEntry.get(prev);
    const type = e.type;

    if (type.endsWith('StateEntered')) {
      const entry: StateEntry = {
        index: this.entries.length,
        name: str(d['name']) ?? '?',
        stateType: type.slice(0, -'StateEntered'.length),
        enteredId: e.id,
        start: time,
        input: str(d['input']),
        attempts: [],
        closed: false,
        aborted: false,
        children: [],
        eventIds: [e.id],
      };
      const from = prevEntry !== undefined ? this.entries[prevEntry] : undefined;
      const prevType = this.types.get(prev);
      if (from && !from.closed && prevType && CONTAINER_START.has(prevType)) {
        entry.parent = from.index;
        if (prevType === 'MapIterationStarted') entry.iteration = this.iterationOf.get(prev);
        else entry.iteration = from.iteration;
      } else if (from) {
        entry.parent = from.parent;
        entry.iteration = from.iteration;
        from.next = entry.index;
        this.close(from, time, false);
      }
      this.entries.push(entry);
      if (entry.parent !== undefined) this.entries[entry.parent]!.children.push(entry.index);
      const list = this.byName.get(entry.name);
      if (list) list.push(entry.index);
      else this.byName.set(entry.name, [entry.index]);
      this.eventEntry.set(e.id, entry.index);
      return;
    }

    if (type.endsWith('StateExited')) {
      const name = str(d['name']);
      let i = prevEntry;
      while (i !== undefined && (this.entries[i]!.name !== name || this.entries[i]!.closed)) i = this.entries[i]!.parent;
      if (i === undefined) return;
      const entry = this.entries[i]!;
      entry.exitedId = e.id;
      entry.end = time;
      entry.output = str(d['output']);
      const vars = d['assignedVariables'];
      if (vars && typeof vars === 'object') entry.assignedVariables = vars as Record<string, string>;
      entry.eventIds.push(e.id);
      this.eventEntry.set(e.id, i);
      this.close(entry, time, false);
      return;
    }

    if (type.startsWith('Execution')) {
      this.executionEvent(e, type, d, time);
      return;
    }

    // Events of a Parallel/Map state itself belong to that container.
    const own =
      type.startsWith('Parallel') ? this.container(prevEntry, 'Parallel')
      : type.startsWith('Map') ? this.container(prevEntry, 'Map')
      : this.open(prevEntry);
    if (own === undefined) return;
    const entry = this.entries[own]!;
    entry.eventIds.push(e.id);
    this.eventEntry.set(e.id, own);

    if (type === 'MapIterationStarted' && typeof d['index'] === 'number') this.iterationOf.set(e.id, d['index']);
    if (type === 'MapRunStarted' && typeof d['mapRunArn'] === 'string') entry.mapRunArn = d['mapRunArn'];
    if (type === 'TaskScheduled' || type === 'ActivityScheduled' || type === 'LambdaFunctionScheduled') {
      entry.attempts.push({
        scheduledId: e.id,
        time,
        resource: str(d['resource']),
        resourceType: str(d['resourceType']),
        parameters: str(d['parameters']) ?? str(d['input']),
      });
      return;
    }
    const attempt = entry.attempts[entry.attempts.length - 1];
    if (type === 'TaskSubmitted') {
      if (attempt) attempt.submitted = true;
      return;
    }
    if (/Succeeded$/.test(type) && !type.startsWith('MapIteration')) {
      if (attempt && !attempt.outcome && !type.startsWith('Parallel') && !type.startsWith('Map')) {
        attempt.outcome = { type, eventId: e.id, time, output: str(d['output']) };
      }
      entry.failure = undefined;
      return;
    }
    if (type.endsWith('StateAborted')) {
      // Stopped or timed out while this state ran: written before ExecutionAborted / ExecutionTimedOut.
      this.close(entry, time, true);
      return;
    }
    if (/(Failed|TimedOut|Aborted)$/.test(type) && !type.startsWith('MapIteration') && !type.startsWith('MapRun')) {
      const error = str(d['error']) ?? (type.endsWith('TimedOut') ? 'States.Timeout' : undefined);
      const cause = str(d['cause']);
      if (attempt && !attempt.outcome && !type.startsWith('Parallel') && !type.startsWith('Map')) {
        attempt.outcome = { type, eventId: e.id, time, error, cause };
      }
      entry.failure = { error, cause, eventId: e.id, type };
      if (type.startsWith('Parallel') || type.startsWith('Map')) {
        for (const c of entry.children) this.close(this.entries[c]!, time, true);
      }
    }
  }

  private executionEvent(e: HistoryEvent, type: string, d: Record<string, unknown>, time: number): void {
    const x = this.execution;
    switch (type) {
      case 'ExecutionStarted':
        x.start = time;
        x.input = str(d['input']);
        return;
      case 'ExecutionRedriven':
        x.status = 'RUNNING';
        x.end = undefined;
        return;
      case 'ExecutionSucceeded':
        x.status = 'SUCCEEDED';
        x.output = str(d['output']);
        break;
      case 'ExecutionFailed':
        x.status = 'FAILED';
        break;
      case 'ExecutionTimedOut':
        x.status = 'TIMED_OUT';
        break;
      case 'ExecutionAborted':
        x.status = 'ABORTED';
        break;
      default:
        return;
    }
    x.end = time;
    x.error = str(d['error']);
    x.cause = str(d['cause']);
    const failedHere = type === 'ExecutionFailed' ? this.open(this.eventEntry.get(e.previousEventId ?? 0)) : undefined;
    for (const entry of this.entries) {
      if (entry.closed) continue;
      if (entry.index === failedHere && !entry.failure) {
        entry.failure = { error: x.error, cause: x.cause, eventId: e.id, type };
      }
      this.close(entry, time, type !== 'ExecutionFailed' || entry.stateType !== 'Fail');
      if (entry.stateType === 'Fail' && type === 'ExecutionFailed') {
        entry.failure ??= { error: x.error, cause: x.cause, eventId: e.id, type };
        entry.aborted = false;
      }
    }
  }

  entryStatus(entry: StateEntry): EntryStatus {
    if (!entry.closed) return 'running';
    if (entry.failure) return entry.next !== undefined ? 'caught' : 'failed';
    if (entry.aborted) return 'aborted';
    return 'succeeded';
  }

  /** Each state's status: running if any entry runs, else its latest entry's. */
  stateStatuses(): Map<string, StateStatus> {
    const out = new Map<string, StateStatus>();
    for (const [name, list] of this.byName) {
      let status: StateStatus = this.entryStatus(this.entries[list[list.length - 1]!]!);
      if (list.some((i) => !this.entries[i]!.closed)) status = 'running';
      out.set(name, status);
    }
    return out;
  }

  /** The task token of an attempt waiting for a callback, if its parameters carry one. */
  static findTaskToken(parameters: string | undefined): string | undefined {
    if (!parameters) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(parameters);
    } catch {
      return undefined;
    }
    const seen: unknown[] = [value];
    while (seen.length) {
      const v = seen.pop();
      if (v && typeof v === 'object') {
        for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
          if (/token/i.test(k) && typeof child === 'string' && child.length >= 16) return child;
          if (child && typeof child === 'object') seen.push(child);
        }
      }
    }
    return undefined;
  }

  /** Entries waiting for a callback: an open Task whose last attempt was submitted or waits for a token. */
  waitingForCallback(): { entry: StateEntry; token?: string }[] {
    const out: { entry: StateEntry; token?: string }[] = [];
    for (const entry of this.entries) {
      if (entry.closed || entry.stateType !== 'Task') continue;
      const attempt = entry.attempts[entry.attempts.length - 1];
      if (!attempt || attempt.outcome) continue;
      const waits = attempt.resource?.endsWith('.waitForTaskToken') || attempt.resource?.endsWith('waitForTaskToken');
      const token = HistoryModel.findTaskToken(attempt.parameters);
      if (waits || token) out.push({ entry, token });
    }
    return out;
  }
}

export function deriveHistory(events: HistoryEvent[]): HistoryModel {
  const model = new HistoryModel();
  model.add(events);
  return model;
}
