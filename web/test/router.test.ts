import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executionHref, executionsHref, machineHref, parseRoute } from '../src/ui/router';

const machine = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const execution = 'arn:aws:states:us-east-1:123456789012:execution:Orders:run/1';

test('routes round-trip through their hrefs', () => {
  assert.deepEqual({ ...parseRoute(machineHref(machine)), params: undefined }, { view: 'machines', arn: machine, params: undefined });
  const e = parseRoute(executionHref(execution) + '?state=A%20B');
  assert.equal(e.view, 'execution');
  assert.equal(e.arn, execution);
  assert.equal(e.params.get('state'), 'A B');
  const list = parseRoute(executionsHref(machine, 'FAILED'));
  assert.equal(list.view, 'executions');
  assert.equal(list.params.get('machine'), machine);
  assert.equal(list.params.get('status'), 'FAILED');
});

test('unknown and empty hashes show the machines', () => {
  assert.equal(parseRoute('').view, 'machines');
  assert.equal(parseRoute('#/nope').view, 'machines');
  assert.equal(parseRoute('#/events').view, 'events');
  assert.equal(parseRoute('#/executions').arn, undefined);
});
