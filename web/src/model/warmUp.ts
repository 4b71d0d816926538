// A machine laid out once when the page loads, before any graph is asked for:
// elk's code is compiled then (the first layout in a page costs several times a
// later one), while the page fetches what it shows. Shaped like the large
// machines that need it: a long flow of Tasks with retries and catchers, Choice
// rules and loops, so the large-scope options and jump markers run too.
import type { Definition, StateDef } from './asl';

export function warmUpDefinition(stages = 10): Definition {
  const states: Record<string, StateDef> = {};
  for (let k = 0; k < stages; k++) {
    const next = k + 1 < stages ? `Task${k + 1}` : 'Done';
    states[`Task${k}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      Next: `Check${k}`,
    };
    states[`Check${k}`] = {
      Type: 'Choice',
      Choices: [{ Variable: '$.again', BooleanEquals: true, Next: `Wait${k}` }],
      Default: `Pass${k}`,
    };
    states[`Wait${k}`] = { Type: 'Wait', Seconds: 1, Next: `Task${k}` };
    states[`Pass${k}`] = { Type: 'Pass', Next: next };
  }
  states['Done'] = { Type: 'Succeed' };
  states['Failed'] = { Type: 'Fail' };
  return { StartAt: 'Task0', States: states };
}
