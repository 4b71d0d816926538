import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveHistory, type HistoryEvent } from '../src/model/history';
import {
  childDefinition,
  countSegments,
  countsLine,
  entryOfMapRun,
  latestMapRuns,
  mapRunLabel,
  readMapRun,
  runSummary,
  toleranceText,
  type MapRun,
  type MapRunCounts,
} from '../src/model/mapRun';

const RUN_ARN = 'arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:11111111-2222-3333-4444-555555555555';
const counts = (c: Partial<MapRunCounts>): MapRunCounts => ({
  pending: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, total: 0, resultsWritten: 0, ...c,
});

// DescribeMapRun's answer as stepwise serve gives it (AWS's members).
const answer = {
  mapRunArn: RUN_ARN,
  executionArn: 'arn:aws:states:us-east-1:123456789012:execution:orders:run-1',
  status: 'SUCCEEDED',
  startDate: 1700000000.5,
  stopDate: 1700000001.25,
  maxConcurrency: 0,
  toleratedFailurePercentage: 0,
  toleratedFailureCount: 0,
  itemCounts: { ...counts({ succeeded: 5, total: 5 }), failuresNotRedrivable: 0, pendingRedrive: 0 },
  executionCounts: { ...counts({ succeeded: 3, total: 3 }), failuresNotRedrivable: 0, pendingRedrive: 0 },
  redriveCount: 0,
};

test('readMapRun: the answer read, a wrong member named', () => {
  const run = readMapRun(answer, 'DescribeMapRun');
  assert.equal(run.status, 'SUCCEEDED');
  assert.equal(run.itemCounts.total, 5);
  assert.equal(run.executionCounts.succeeded, 3);
  assert.equal(run.stopDate, 1700000001.25);
  const running = readMapRun({ ...answer, status: 'RUNNING', stopDate: undefined, redriveCount: undefined }, 'D');
  assert.equal(running.stopDate, undefined);
  assert.equal(running.redriveCount, 0);
  assert.throws(() => readMapRun({ ...answer, itemCounts: { ...answer.itemCounts, failed: '1' } }, 'DescribeMapRun'),
    /DescribeMapRun: itemCounts\.failed: expected a number/);
  assert.throws(() => readMapRun({ ...answer, status: 3 }, 'DescribeMapRun'), /DescribeMapRun: status: expected a string/);
  assert.throws(() => readMapRun(null, 'DescribeMapRun'), /expected an object/);
});

test('countSegments and countsLine: the kinds with a count, ended ones first, shares of the total', () => {
  const c = counts({ succeeded: 2, failed: 1, running: 1, pending: 4, total: 8 });
  assert.deepEqual(countSegments(c).map((s) => [s.kind, s.count, s.fraction]), [
    ['succeeded', 2, 0.25], ['failed', 1, 0.125], ['running', 1, 0.125], ['pending', 4, 0.5],
  ]);
  assert.equal(countsLine(c), '2 succeeded · 1 failed · 1 running · 4 pending');
  assert.equal(countsLine(counts({ timedOut: 1, total: 1 })), '1 timed out');
  assert.equal(countsLine(counts({})), 'none yet');
  assert.deepEqual(countSegments(counts({})), []);
});

test('runSummary and toleranceText', () => {
  const run = readMapRun(answer, 'D');
  assert.equal(runSummary(run), 'SUCCEEDED · 5/5 items · 3 children');
  const failing: MapRun = { ...run, status: 'RUNNING', itemCounts: counts({ succeeded: 1, failed: 2, running: 2, total: 5 }), executionCounts: counts({ total: 1 }) };
  assert.equal(runSummary(failing), 'RUNNING · 1/5 items · 2 failed · 1 child');
  assert.equal(toleranceText(run), 'none');
  assert.equal(toleranceText({ ...run, toleratedFailurePercentage: 10 }), '10 %');
  assert.equal(toleranceText({ ...run, toleratedFailureCount: 1 }), '1 item');
  assert.equal(toleranceText({ ...run, toleratedFailurePercentage: 12.5, toleratedFailureCount: 3 }), '12.5 % or 3 items');
});

test('mapRunLabel: the Map label of a Map Run ARN', () => {
  assert.equal(mapRunLabel(RUN_ARN), 'Fan');
  assert.equal(mapRunLabel('arn:aws:states:us-east-1:1:mapRun:orders/My label:abc'), 'My label');
});

// A parent's history with a Distributed Map run twice (a Catch retries it through a Pass).
const history: HistoryEvent[] = [
  { id: 1, previousEventId: 0, timestamp: 1, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } },
  { id: 2, previousEventId: 1, timestamp: 1, type: 'MapStateEntered', stateEnteredEventDetails: { name: 'Fan', input: '{}' } },
  { id: 3, previousEventId: 2, timestamp: 1, type: 'MapStateStarted', mapStateStartedEventDetails: { length: 5 } },
  { id: 4, previousEventId: 3, timestamp: 1, type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: `${RUN_ARN}-a` } },
  { id: 5, previousEventId: 4, timestamp: 2, type: 'MapRunFailed', mapRunFailedEventDetails: { error: 'States.ExceedToleratedFailureThreshold' } },
  { id: 6, previousEventId: 5, timestamp: 2, type: 'MapStateFailed' },
  { id: 7, previousEventId: 6, timestamp: 2, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Again', input: '{}' } },
  { id: 8, previousEventId: 7, timestamp: 2, type: 'PassStateExited', stateExitedEventDetails: { name: 'Again', output: '{}' } },
  { id: 9, previousEventId: 8, timestamp: 3, type: 'MapStateEntered', stateEnteredEventDetails: { name: 'Fan', input: '{}' } },
  { id: 10, previousEventId: 9, timestamp: 3, type: 'MapStateStarted', mapStateStartedEventDetails: { length: 5 } },
  { id: 11, previousEventId: 10, timestamp: 3, type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: `${RUN_ARN}-b` } },
];

test('the history model: a Map entry has its Map Run; latestMapRuns gives each state its last one', () => {
  const model = deriveHistory(history);
  const fan = model.byName.get('Fan')!.map((i) => model.entries[i]!);
  assert.deepEqual(fan.map((e) => e.mapRunArn), [`${RUN_ARN}-a`, `${RUN_ARN}-b`]);
  assert.ok(fan[0]!.eventIds.includes(4) && fan[0]!.eventIds.includes(5), 'MapRunStarted and MapRunFailed belong to the Map');
  assert.equal(model.entryStatus(fan[0]!), 'caught');
  assert.equal(model.entryStatus(fan[1]!), 'running');
  assert.equal(latestMapRuns(model).get('Fan'), fan[1]);
  assert.equal(latestMapRuns(model).has('Again'), false);
  assert.equal(entryOfMapRun(model, `${RUN_ARN}-a`), fan[0]);
  assert.equal(entryOfMapRun(model, 'arn:other'), undefined);
});

test("childDefinition: the processor of the Distributed Map with the run's label, the query language inherited", () => {
  const processor = {
    ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
    StartAt: 'Echo',
    States: { Echo: { Type: 'Pass', End: true } },
  };
  const parent = {
    QueryLanguage: 'JSONata',
    StartAt: 'Inline',
    States: {
      Inline: { Type: 'Map', ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, Next: 'Fan' },
      Fan: { Type: 'Map', ItemProcessor: processor, Next: 'Labelled' },
      Labelled: { Type: 'Map', Label: 'Batches', ItemProcessor: { ...processor, StartAt: 'Other', States: { Other: { Type: 'Succeed' } } }, End: true },
    },
  };
  const fan = childDefinition(parent, 'Fan');
  assert.equal(fan?.StartAt, 'Echo');
  assert.equal(fan?.QueryLanguage, 'JSONata');
  assert.equal(childDefinition(parent, 'Batches')?.StartAt, 'Other');
  assert.equal(childDefinition(parent, 'Labelled'), undefined, 'a labelled Map is known by its label');
  assert.equal(childDefinition(parent, 'Inline'), undefined, 'an inline Map has no child executions');
});
