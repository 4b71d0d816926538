// Node.js worker edge cases: ES modules in "type": "module" packages, a
// module that exits while loading, errors escaping the handler's promise,
// large events, output printed between invocations.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "resource_fixture.h"
#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/lambda_dispatcher.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

class NodeWorkerEdgeTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_program("node")) GTEST_SKIP() << "node is not installed";
        dir.write("esm/package.json", R"({"type": "module"})");
        dir.write("esm/app.js", "export const handler = async (event) => ({ module: 'esm', size: JSON.stringify(event).length });\n");
        dir.write("cjs/exit.js", "process.exit(4);\n");
        dir.write("cjs/escape.js", R"JS(
exports.uncaught = async () => { setTimeout(() => { throw new RangeError('escaped the handler'); }, 1); return new Promise(() => {}); };
exports.rejection = async () => { Promise.reject(new Error('nobody catches me')); return new Promise(() => {}); };
exports.later = async () => { setTimeout(() => console.log('printed after returning'), 20); return 'ok'; };
exports.echo = async (e) => ({ size: JSON.stringify(e).length });
exports.pause = async () => { await new Promise((r) => setTimeout(r, 150)); return process.pid; };
)JS");
        project = std::make_shared<ProjectConfig>(project_from(dir, R"({
          "functions": {
            "Esm": {"runtime": "nodejs", "handler": "app.handler", "codeDir": "esm"},
            "ExitAtInit": {"runtime": "nodejs", "handler": "exit.handler", "codeDir": "cjs"},
            "Uncaught": {"runtime": "nodejs", "handler": "escape.uncaught", "codeDir": "cjs"},
            "Rejection": {"runtime": "nodejs", "handler": "escape.rejection", "codeDir": "cjs"},
            "Later": {"runtime": "nodejs", "handler": "escape.later", "codeDir": "cjs"},
            "Echo": {"runtime": "nodejs", "handler": "escape.echo", "codeDir": "cjs"},
            "Single": {"runtime": "nodejs", "handler": "escape.pause", "codeDir": "cjs", "concurrency": 1}
          }
        })"));
        dispatcher = std::make_unique<LambdaDispatcher>(project);
    }
    static std::string type_of(const InvokeResult& r) {
        auto doc = json::try_parse(r.payload);
        return doc && doc->find("errorType") ? std::string(doc->find("errorType")->as_string()) : "(none: " + r.payload + ")";
    }

    TempDir dir;
    std::shared_ptr<ProjectConfig> project;
    std::unique_ptr<LambdaDispatcher> dispatcher;
};

}  // namespace

TEST_F(NodeWorkerEdgeTest, EsModuleInATypeModulePackage) {
    InvokeResult r = dispatcher->invoke_function("Esm", R"({"a":1})");
    ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.payload;
    EXPECT_EQ(r.payload, R"({"module":"esm","size":7})");
}

TEST_F(NodeWorkerEdgeTest, ExitWhileLoadingIsRuntimeExitError) {
    InvokeResult r = dispatcher->invoke_function("ExitAtInit", "{}");
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    EXPECT_EQ(type_of(r), "Runtime.ExitError");
    EXPECT_NE(r.payload.find("exit status 4"), std::string::npos) << r.payload;
}

TEST_F(NodeWorkerEdgeTest, ErrorsEscapingTheHandlerFailTheInvocationAndReplaceTheWorker) {
    InvokeResult uncaught = dispatcher->invoke_function("Uncaught", "{}");
    ASSERT_EQ(uncaught.status, InvokeResult::Status::FunctionError);
    EXPECT_EQ(type_of(uncaught), "RangeError");
    InvokeResult rejection = dispatcher->invoke_function("Rejection", "{}");
    ASSERT_EQ(rejection.status, InvokeResult::Status::FunctionError);
    EXPECT_EQ(type_of(rejection), "Runtime.UnhandledPromiseRejection");
    EXPECT_NE(rejection.payload.find("nobody catches me"), std::string::npos);
}

TEST_F(NodeWorkerEdgeTest, OutputAfterTheHandlerReturnedGoesToTheNextInvocation) {
    InvokeResult first = dispatcher->invoke_function("Later", "{}");
    ASSERT_EQ(first.status, InvokeResult::Status::Ok);
    EXPECT_TRUE(first.logs.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    InvokeResult second = dispatcher->invoke_function("Later", "{}");
    ASSERT_EQ(second.logs.size(), 1u);
    EXPECT_EQ(second.logs[0], "printed after returning");
}

TEST_F(NodeWorkerEdgeTest, LargeEventsRoundTrip) {
    std::string big = "{\"items\":[";
    for (int i = 0; i < 20000; ++i) big += (i ? ",\"" : "\"") + std::string("item-") + std::to_string(i) + "\"";
    big += "]}";
    ASSERT_GT(big.size(), 200000u);
    InvokeResult r = dispatcher->invoke_function("Echo", big);
    ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.payload;
    EXPECT_EQ(json::parse(r.payload).find("size")->as_int(), static_cast<int64_t>(big.size()));
}

TEST_F(NodeWorkerEdgeTest, ConcurrencyCapMakesInvocationsWaitForAWorker) {
    ASSERT_EQ(dispatcher->invoke_function("Single", "{}").status, InvokeResult::Status::Ok);  // warm up
    std::vector<std::thread> threads;
    std::vector<InvokeResult> results(3);
    for (int i = 0; i < 3; ++i) threads.emplace_back([&, i] { results[i] = dispatcher->invoke_function("Single", "{}"); });
    for (auto& t : threads) t.join();
    for (const auto& r : results) {
        ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.payload;
        EXPECT_EQ(r.payload, results[0].payload);  // one worker served all three, in turn
    }

    // A waiting invocation gives up when its state's deadline passes.
    std::thread busy([&] { dispatcher->invoke_function("Single", "{}"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    TaskRequest r;
    r.state_name = "Waits";
    r.resource = fixtures::resource_of("arn:aws:states:::lambda:invoke");
    r.parameters = json::parse(R"({"FunctionName":"Single","Payload":{}})");
    r.timeout_seconds = 0.05;
    TaskOutcome o = dispatcher->invoke(r);
    busy.join();
    EXPECT_EQ(o.kind, TaskOutcome::Kind::TimedOut);
}
