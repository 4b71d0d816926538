// The AWS SDK for JavaScript v3 (@aws-sdk/client-sfn) with its default settings,
// given only the README's endpoint and a region (credentials from the
// environment), against `stepwise serve`: StartSyncExecution and TestState, whose
// host prefix "sync-" sends them to sync-stepwise.localhost. Driven by
// tests/e2e/test_js_sdk.py, which checks what this prints.
//   node sync_operations.mjs ENDPOINT ROLE_ARN
// Prints one JSON object: each answer, its error (name and message) if it
// failed, and the host of every request sent.
import {
  CreateStateMachineCommand,
  SFNClient,
  StartSyncExecutionCommand,
  TestStateCommand,
} from "@aws-sdk/client-sfn";

const [endpoint, roleArn] = process.argv.slice(2);
const sfn = new SFNClient({ endpoint, region: "us-east-1" });

// Observes, never changes, where each request goes.
const hosts = [];
sfn.middlewareStack.add(
  (next, context) => async (args) => {
    hosts.push([context.commandName, `${args.request.hostname}:${args.request.port}`]);
    return next(args);
  },
  { step: "finalizeRequest", name: "recordHost" },
);

async function answer(command) {
  try {
    const { $metadata, ...fields } = await sfn.send(command);
    return fields;
  } catch (error) {
    return { error: { name: error.name, message: error.message } };
  }
}

const definition = JSON.stringify({
  StartAt: "P",
  States: { P: { Type: "Pass", Parameters: { "sum.$": "States.MathAdd($.a, $.b)" }, End: true } },
});
const created = await answer(
  new CreateStateMachineCommand({ name: "JsSdkExpress", definition, roleArn, type: "EXPRESS" }),
);
const sync = await answer(
  new StartSyncExecutionCommand({ stateMachineArn: created.stateMachineArn, name: "js-sync-1", input: '{"a": 2, "b": 3}' }),
);
const tested = await answer(
  new TestStateCommand({
    definition: JSON.stringify({ Type: "Pass", Result: { ok: 1 }, End: true }),
    roleArn,
    input: "{}",
  }),
);
console.log(JSON.stringify({ created, sync, tested, hosts }));
