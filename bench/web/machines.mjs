// The definitions the web benchmark opens, generated so their size is exact.

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const FUNCTION = (name) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const RETRY_TRANSIENT = [
  { ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
];

function task(name, next, extra = {}) {
  return {
    Type: 'Task',
    Resource: LAMBDA,
    Parameters: { FunctionName: FUNCTION(name), 'Payload.$': '$' },
    ResultPath: `$.${name}`,
    ...(next ? { Next: next } : { End: true }),
    ...extra,
  };
}

/** One stage of the pipeline: 8 states (fetch with retries and catchers, a three-way Choice, a retry loop through a Wait). */
function stage(states, k, next) {
  const n = (s) => `${s}${k}`;
  states[n('Fetch')] = task(n('Fetch'), n('Check'), {
    Retry: RETRY_TRANSIENT,
    Catch: [
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: n('HandleTimeout') },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReportFailure' },
    ],
  });
  states[n('Check')] = {
    Type: 'Choice',
    Choices: [
      { Variable: `$.${n('Fetch')}.Payload.status`, StringEquals: 'ok', Next: n('Transform') },
      {
        And: [
          { Variable: `$.${n('Fetch')}.Payload.retryable`, BooleanEquals: true },
          { Variable: '$.attempts', NumericLessThan: 5 },
        ],
        Next: n('Backoff'),
      },
    ],
    Default: n('Skip'),
  };
  states[n('Transform')] = { Type: 'Pass', Parameters: { 'data.$': `$.${n('Fetch')}.Payload.data` }, ResultPath: '$.current', Next: n('Store') };
  states[n('Store')] = task(n('Store'), n('Audit'), { Retry: [...RETRY_TRANSIENT, { ErrorEquals: ['States.TaskFailed'], MaxAttempts: 2 }] });
  states[n('Audit')] = { Type: 'Pass', Result: { stage: k }, ResultPath: '$.audit', Next: next };
  states[n('Backoff')] = { Type: 'Wait', Seconds: 5, Next: n('Fetch') };
  states[n('HandleTimeout')] = { Type: 'Pass', Result: 'timeout', ResultPath: '$.timeout', Next: n('Skip') };
  states[n('Skip')] = { Type: 'Pass', Next: next };
}

/** A branch of the Parallel: `length` states, a Choice part way. */
function branch(prefix, length) {
  const states = {};
  for (let i = 1; i <= length; i++) {
    const name = `${prefix}${i}`;
    const next = i < length ? `${prefix}${i + 1}` : undefined;
    if (i === 3) {
      states[name] = {
        Type: 'Choice',
        Choices: [{ Variable: '$.priority', StringEquals: 'high', Next: `${prefix}${i + 2}` }],
        Default: next,
      };
    } else {
      states[name] = task(name, next, i % 2 ? { Retry: RETRY_TRANSIENT } : {});
    }
  }
  return { StartAt: `${prefix}1`, States: states };
}

/**
 * A state machine of `stages` pipeline stages (8 states each), a Parallel of three 8-state
 * branches, a Map whose processor has 10 states, and 4 more: 8 * stages + 40 states in all
 * (containers and the states inside them counted), 200 with the default 20 stages.
 */
export function bigMachine(stages = 20, tag = '') {
  const states = {};
  const stageName = (k) => (k <= stages ? `Fetch${k}` : 'Fanout');
  // The tag names the first state: machines of different tags have different layouts to compute.
  const init = tag ? `Init-${tag}` : 'Init';
  states[init] = { Type: 'Pass', Result: { attempts: 0 }, Next: stageName(1) };
  for (let k = 1; k <= stages; k++) stage(states, k, k === Math.floor(stages / 2) ? 'Fanout' : stageName(k + 1));
  // Half way: a Parallel, then a Map, then the rest of the stages.
  const after = Math.floor(stages / 2) + 1;
  states.Fanout = {
    Type: 'Parallel',
    Branches: [branch('Pricing', 8), branch('Inventory', 8), branch('Shipping', 8)],
    ResultPath: '$.fanout',
    Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }],
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReportFailure' }],
    Next: 'EachItem',
  };
  const item = {};
  item.LoadItem = task('LoadItem', 'ItemKind', { Retry: RETRY_TRANSIENT, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'ItemFailed' }] });
  item.ItemKind = {
    Type: 'Choice',
    Choices: [
      { Variable: '$.kind', StringEquals: 'digital', Next: 'Deliver' },
      { Variable: '$.kind', StringEquals: 'physical', Next: 'Pack' },
    ],
    Default: 'ItemSkipped',
  };
  item.Deliver = task('Deliver', 'ItemDone');
  item.Pack = task('Pack', 'Label', { Retry: RETRY_TRANSIENT });
  item.Label = task('Label', 'WaitPickup');
  item.WaitPickup = { Type: 'Wait', Seconds: 60, Next: 'ItemDone' };
  item.ItemSkipped = { Type: 'Pass', Next: 'ItemDone' };
  item.ItemDone = { Type: 'Pass', Result: 'done', Next: 'ItemSucceeded' };
  item.ItemSucceeded = { Type: 'Succeed' };
  item.ItemFailed = { Type: 'Fail', Error: 'ItemFailed', Cause: 'an item failed' };
  states.EachItem = {
    Type: 'Map',
    ItemsPath: '$.items',
    MaxConcurrency: 10,
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'LoadItem', States: item },
    ResultPath: '$.items',
    Next: after <= stages ? `Fetch${after}` : 'Done',
  };
  // The last stage goes to Done.
  states[`Audit${stages}`].Next = 'Done';
  states[`Skip${stages}`].Next = 'Done';
  states.ReportFailure = task('ReportFailure', 'Failed');
  states.Failed = { Type: 'Fail', Error: 'PipelineFailed', Cause: 'a stage failed' };
  states.Done = { Type: 'Succeed' };
  return { Comment: `A ${8 * stages + 40}-state pipeline`, StartAt: init, States: states };
}

/** Every state of a definition, nested ones included. */
export function countStates(scope) {
  let n = 0;
  for (const state of Object.values(scope.States ?? {})) {
    n++;
    for (const inner of [...(state.Branches ?? []), state.ItemProcessor ?? state.Iterator].filter(Boolean)) n += countStates(inner);
  }
  return n;
}
