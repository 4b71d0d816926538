// The nodejs runtime: warm workers, the handler's context, logs, and every
// way an invocation fails, each with the error AWS Lambda reports.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/language_worker_pool.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

class NodeRunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_program("node")) GTEST_SKIP() << "node is not installed";
        dir.write("src/handlers.js", R"JS(
let calls = 0;
exports.count = async (event) => { calls += 1; return { calls, pid: process.pid }; };
exports.echo = async (event, context) => {
  console.log('echo', JSON.stringify(event));
  console.error('to stderr');
  return {
    event,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    arn: context.invokedFunctionArn,
    memory: context.memoryLimitInMB,
    remaining: context.getRemainingTimeInMillis(),
    logGroup: context.logGroupName,
    hasStream: typeof context.logStreamName === 'string',
    waits: context.callbackWaitsForEmptyEventLoop,
    env: process.env.GREETING,
    region: process.env.AWS_REGION,
  };
};
class InventoryLockedError extends Error {
  constructor(message) { super(message); this.name = 'InventoryLockedError'; }
}
exports.throws = async () => { throw new InventoryLockedError('Allocation ALLOC-1 is locked'); };
exports.throwsType = () => { null.x; };
exports.throwsString = async () => { throw 'plain string'; };
exports.callback = (event, context, callback) => { setTimeout(() => callback(null, { via: 'callback', n: event.n }), 1); };
exports.callbackError = (event, context, callback) => callback(new Error('callback failed'));
exports.sync = (event) => ({ sync: true });
exports.slow = async () => { console.log('starting slow work'); await new Promise(r => setTimeout(r, 60000)); return 'late'; };
exports.exit = async () => { console.log('about to exit'); process.exit(3); };
exports.circular = async () => { const o = {}; o.self = o; return o; };
exports.undef = async () => undefined;
exports.notAFunction = 42;
exports.nested = { inner: { handler: async () => 'nested' } };
)JS");
        dir.write("src/broken.js", "exports.handler = async () => { return 1 +; };\n");
        dir.write("src/initfail.js", "throw new Error('cannot connect to the database at init');\n");
        dir.write("src/esm.mjs", "export const handler = async (e) => ({ esm: true, e });\n");
        dir.write("py/unused.txt", "");
        project = std::make_shared<ProjectConfig>(project_from(dir, R"({
          "functions": {
            "Count": {"runtime": "nodejs", "handler": "src/handlers.count"},
            "Echo": {"runtime": "nodejs20.x", "handler": "src/handlers.echo", "memorySize": 256, "timeout": 5,
                     "environment": {"GREETING": "hello"}},
            "Throws": {"runtime": "nodejs", "handler": "src/handlers.throws"},
            "ThrowsType": {"runtime": "nodejs", "handler": "src/handlers.throwsType"},
            "ThrowsString": {"runtime": "nodejs", "handler": "src/handlers.throwsString"},
            "Callback": {"runtime": "nodejs", "handler": "src/handlers.callback"},
            "CallbackError": {"runtime": "nodejs", "handler": "src/handlers.callbackError"},
            "Sync": {"runtime": "nodejs", "handler": "src/handlers.sync"},
            "Slow": {"runtime": "nodejs", "handler": "src/handlers.slow", "timeout": 0.5},
            "Exit": {"runtime": "nodejs", "handler": "src/handlers.exit"},
            "Circular": {"runtime": "nodejs", "handler": "src/handlers.circular"},
            "Undef": {"runtime": "nodejs", "handler": "src/handlers.undef"},
            "NotAFunction": {"runtime": "nodejs", "handler": "src/handlers.notAFunction"},
            "Missing": {"runtime": "nodejs", "handler": "src/handlers.nope"},
            "MissingFile": {"runtime": "nodejs", "handler": "src/nofile.handler"},
            "Broken": {"runtime": "nodejs", "handler": "src/broken.handler"},
            "InitFail": {"runtime": "nodejs", "handler": "src/initfail.handler"},
            "Esm": {"runtime": "nodejs", "handler": "src/esm.handler"},
            "Nested": {"runtime": "nodejs", "handler": "src/handlers.nested.inner.handler"}
          }
        })"));
        dispatcher = std::make_unique<LambdaDispatcher>(project);
    }

    json::Value ok(const std::string& fn, const std::string& payload = "{}") {
        InvokeResult r = dispatcher->invoke_function(fn, payload);
        EXPECT_EQ(r.status, InvokeResult::Status::Ok) << r.payload << r.error << r.cause;
        return json::parse(r.payload.empty() ? "null" : r.payload);
    }
    json::Value error_doc(const std::string& fn, InvokeResult* out = nullptr) {
        InvokeResult r = dispatcher->invoke_function(fn, "{}");
        EXPECT_EQ(r.status, InvokeResult::Status::FunctionError) << r.payload;
        if (out) *out = r;
        auto doc = json::try_parse(r.payload);
        EXPECT_TRUE(doc) << r.payload;
        return doc ? *doc : json::Value();
    }
    std::string type_of(const json::Value& doc) { return doc.find("errorType") ? std::string(doc.find("errorType")->as_string()) : ""; }
    std::string message_of(const json::Value& doc) { return doc.find("errorMessage") ? std::string(doc.find("errorMessage")->as_string()) : ""; }

    TempDir dir;
    std::shared_ptr<ProjectConfig> project;
    std::unique_ptr<LambdaDispatcher> dispatcher;
};

}  // namespace

TEST_F(NodeRunnerTest, WorkerStaysWarmAndKeepsModuleState) {
    json::Value first = ok("Count");
    json::Value second = ok("Count");
    json::Value third = ok("Count");
    EXPECT_EQ(first.find("calls")->as_int(), 1);
    EXPECT_EQ(second.find("calls")->as_int(), 2);
    EXPECT_EQ(third.find("calls")->as_int(), 3);
    EXPECT_EQ(first.find("pid")->as_int(), third.find("pid")->as_int());
    auto* pool = dynamic_cast<WorkerPool*>(dispatcher->runner("Count"));
    ASSERT_TRUE(pool);
    ASSERT_EQ(pool->idle_pids().size(), 1u);
    EXPECT_EQ(pool->idle_pids()[0], first.find("pid")->as_int());
}

TEST_F(NodeRunnerTest, ContextEnvironmentAndLogs) {
    InvokeResult r = dispatcher->invoke_function("Echo", R"({"orderId":"ORD-1","note":"Zoë"})");
    ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.payload;
    json::Value v = json::parse(r.payload);
    EXPECT_EQ(json::dump(*v.find("event")), R"({"orderId":"ORD-1","note":"Zoë"})");
    EXPECT_EQ(v.find("requestId")->as_string().size(), 36u);
    EXPECT_EQ(v.find("functionName")->as_string(), "Echo");
    EXPECT_EQ(v.find("functionVersion")->as_string(), "$LATEST");
    EXPECT_EQ(v.find("arn")->as_string(), "arn:aws:lambda:us-east-1:123456789012:function:Echo");
    EXPECT_EQ(v.find("memory")->as_string(), "256");
    EXPECT_GT(v.find("remaining")->as_int(), 3000);
    EXPECT_LE(v.find("remaining")->as_int(), 5000);
    EXPECT_EQ(v.find("logGroup")->as_string(), "/aws/lambda/Echo");
    EXPECT_TRUE(v.find("hasStream")->as_bool());
    EXPECT_TRUE(v.find("waits")->as_bool());
    EXPECT_EQ(v.find("env")->as_string(), "hello");
    EXPECT_EQ(v.find("region")->as_string(), "us-east-1");
    ASSERT_EQ(r.logs.size(), 2u) << json::dump(json::Value(json::Array(std::vector<json::Value>(r.logs.begin(), r.logs.end()))));
    EXPECT_EQ(r.logs[0], R"(echo {"orderId":"ORD-1","note":"Zoë"})");
    EXPECT_EQ(r.logs[1], "to stderr");
    // Logs are per invocation: the second call's logs are its own.
    InvokeResult again = dispatcher->invoke_function("Echo", "{}");
    ASSERT_EQ(again.logs.size(), 2u);
    EXPECT_EQ(again.logs[0], "echo {}");
}

TEST_F(NodeRunnerTest, ThrownErrorIsTheErrorDocumentOfTheRuntime) {
    json::Value doc = error_doc("Throws");
    EXPECT_EQ(type_of(doc), "InventoryLockedError");
    EXPECT_EQ(message_of(doc), "Allocation ALLOC-1 is locked");
    ASSERT_TRUE(doc.find("trace") && doc.find("trace")->is_array());
    EXPECT_EQ(doc.find("trace")->as_array()[0].as_string(), "InventoryLockedError: Allocation ALLOC-1 is locked");
    // Node writes errorType, errorMessage, trace in that order.
    EXPECT_EQ(doc.as_object().at(0).name(), "errorType");
    EXPECT_EQ(type_of(error_doc("ThrowsType")), "TypeError");
    json::Value s = error_doc("ThrowsString");
    EXPECT_EQ(type_of(s), "string");
    EXPECT_EQ(message_of(s), "plain string");
    // The worker survives a thrown error.
    auto* pool = dynamic_cast<WorkerPool*>(dispatcher->runner("Throws"));
    EXPECT_EQ(pool->idle_pids().size(), 1u);
}

TEST_F(NodeRunnerTest, CallbackSyncAsyncEsmAndNestedHandlers) {
    json::Value cb = ok("Callback", R"({"n":7})");
    EXPECT_EQ(json::dump(cb), R"({"via":"callback","n":7})");
    EXPECT_EQ(message_of(error_doc("CallbackError")), "callback failed");
    EXPECT_EQ(json::dump(ok("Sync")), R"({"sync":true})");
    EXPECT_EQ(json::dump(ok("Esm", R"({"a":1})")), R"({"esm":true,"e":{"a":1}})");
    EXPECT_EQ(json::dump(ok("Nested")), R"("nested")");
    InvokeResult u = dispatcher->invoke_function("Undef", "{}");
    EXPECT_EQ(u.payload, "null");
}

TEST_F(NodeRunnerTest, TimeoutIsSandboxTimedoutAndTheWorkerIsReplaced) {
    InvokeResult r;
    auto start = Clock::now();
    json::Value doc = error_doc("Slow", &r);
    // Cut short by the timeout: the function sleeps a minute (a generous bound, not a speed test).
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(30));
    EXPECT_EQ(type_of(doc), "Sandbox.Timedout");
    EXPECT_NE(message_of(doc).find("Task timed out after 0.50 seconds"), std::string::npos) << message_of(doc);
    EXPECT_EQ(message_of(doc).rfind("RequestId: ", 0), 0u);
    ASSERT_FALSE(r.logs.empty());
    EXPECT_EQ(r.logs[0], "starting slow work");
    auto* pool = dynamic_cast<WorkerPool*>(dispatcher->runner("Slow"));
    EXPECT_TRUE(pool->idle_pids().empty());
}

TEST_F(NodeRunnerTest, CrashIsRuntimeExitError) {
    InvokeResult r;
    json::Value doc = error_doc("Exit", &r);
    EXPECT_EQ(type_of(doc), "Runtime.ExitError");
    EXPECT_NE(message_of(doc).find("Runtime exited with error: exit status 3"), std::string::npos) << message_of(doc);
    ASSERT_FALSE(r.logs.empty());
    EXPECT_EQ(r.logs[0], "about to exit");
    // The next invocation gets a fresh worker and fails the same way.
    EXPECT_EQ(type_of(error_doc("Exit")), "Runtime.ExitError");
}

TEST_F(NodeRunnerTest, UnserializableResult) {
    json::Value doc = error_doc("Circular");
    EXPECT_EQ(type_of(doc), "Runtime.JSONStringifyError");
    EXPECT_EQ(message_of(doc), "Unable to stringify response body");
}

TEST_F(NodeRunnerTest, HandlerProblemsSayWhatToFix) {
    json::Value missing_file = error_doc("MissingFile");
    EXPECT_EQ(type_of(missing_file), "Runtime.ImportModuleError");
    EXPECT_NE(message_of(missing_file).find("Cannot find module 'src/nofile'"), std::string::npos);
    EXPECT_NE(message_of(missing_file).find(dir.path() + "/src/nofile.js"), std::string::npos) << message_of(missing_file);
    EXPECT_NE(message_of(missing_file).find("\"handler\""), std::string::npos);

    json::Value missing = error_doc("Missing");
    EXPECT_EQ(type_of(missing), "Runtime.HandlerNotFound");
    EXPECT_NE(message_of(missing).find("handlers.nope is undefined or not exported"), std::string::npos);
    EXPECT_NE(message_of(missing).find("exports: count, echo"), std::string::npos) << message_of(missing);

    EXPECT_EQ(type_of(error_doc("NotAFunction")), "Runtime.HandlerNotFound");
    json::Value broken = error_doc("Broken");
    EXPECT_EQ(type_of(broken), "Runtime.UserCodeSyntaxError");
    EXPECT_NE(message_of(broken).find("SyntaxError"), std::string::npos);
    json::Value init = error_doc("InitFail");
    EXPECT_EQ(type_of(init), "Error");
    EXPECT_EQ(message_of(init), "cannot connect to the database at init");
}

TEST_F(NodeRunnerTest, FixedHandlerFileIsPickedUpAfterAnInitError) {
    EXPECT_EQ(type_of(error_doc("MissingFile")), "Runtime.ImportModuleError");
    dir.write("src/nofile.js", "exports.handler = async () => 'now it exists';\n");
    EXPECT_EQ(json::dump(ok("MissingFile")), R"("now it exists")");
}

TEST_F(NodeRunnerTest, ConcurrentInvocationsGetTheirOwnWorkers) {
    std::vector<std::thread> threads;
    std::vector<InvokeResult> results(4);
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] { results[i] = dispatcher->invoke_function("Callback", "{\"n\":" + std::to_string(i) + "}"); });
    }
    for (auto& t : threads) t.join();
    for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(results[i].status, InvokeResult::Status::Ok);
        EXPECT_EQ(json::parse(results[i].payload).find("n")->as_int(), i);
    }
    auto* pool = dynamic_cast<WorkerPool*>(dispatcher->runner("Callback"));
    EXPECT_GE(pool->idle_pids().size(), 1u);
    EXPECT_LE(pool->idle_pids().size(), 4u);
}

TEST_F(NodeRunnerTest, MissingNodeBinaryIsReported) {
    setenv("STEPWISE_NODE", "/nonexistent/node", 1);
    LambdaDispatcher other(project);
    InvokeResult r = other.invoke_function("Count", "{}");
    unsetenv("STEPWISE_NODE");
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    json::Value doc = json::parse(r.payload);
    EXPECT_EQ(type_of(doc), "Runtime.InvalidEntrypoint");
    EXPECT_NE(message_of(doc).find("STEPWISE_NODE"), std::string::npos);
}

// prewarm starts the worker before the first invocation, which then uses it.
TEST_F(NodeRunnerTest, PrewarmStartsOneWorkerThatTheFirstInvocationUses) {
    dispatcher->prewarm({"Count", "NoSuchFunction"});
    auto* pool = dynamic_cast<WorkerPool*>(dispatcher->runner("Count"));
    ASSERT_TRUE(pool);
    ASSERT_EQ(pool->idle_pids().size(), 1u);
    int prewarmed = pool->idle_pids()[0];
    dispatcher->prewarm({"Count"});  // already warm: no second worker
    EXPECT_EQ(pool->idle_pids().size(), 1u);
    json::Value first = ok("Count");
    EXPECT_EQ(first.find("pid")->as_int(), prewarmed);
    EXPECT_EQ(first.find("calls")->as_int(), 1);
}
