// The command runtime: event on stdin, result on stdout, stderr as logs.
#include <gtest/gtest.h>

#include <memory>

#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/lambda_dispatcher.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

class CommandRunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir.write("bin/echo.sh", "#!/bin/sh\necho \"working on it\" >&2\ncat\n", true);
        dir.write("bin/env.sh", "#!/bin/sh\ncat >/dev/null\nprintf '{\"name\":\"%s\",\"id\":\"%s\",\"mode\":\"%s\"}' \"$AWS_LAMBDA_FUNCTION_NAME\" \"$STEPWISE_REQUEST_ID\" \"$MODE\"\n", true);
        dir.write("bin/fail.sh", "#!/bin/sh\necho 'line 1' >&2\necho 'inventory service unreachable' >&2\nexit 3\n", true);
        dir.write("bin/typed.sh", "#!/bin/sh\necho '{\"errorType\":\"InventoryLockedError\",\"errorMessage\":\"locked\"}'\nexit 1\n", true);
        dir.write("bin/notjson.sh", "#!/bin/sh\necho 'done!'\n", true);
        dir.write("bin/empty.sh", "#!/bin/sh\nexit 0\n", true);
        dir.write("bin/slow.sh", "#!/bin/sh\necho 'started' >&2\nsleep 60\necho '{}'\n", true);
        dir.write("bin/noexec.sh", "#!/bin/sh\necho '{}'\n", false);
        project = std::make_shared<ProjectConfig>(project_from(dir, R"({
          "functions": {
            "Echo": {"runtime": "command", "command": ["./bin/echo.sh"]},
            "Env": {"runtime": "command", "command": ["bin/env.sh"], "environment": {"MODE": "test"}},
            "Fail": {"runtime": "command", "command": ["./bin/fail.sh"]},
            "Typed": {"runtime": "command", "command": ["./bin/typed.sh"]},
            "NotJson": {"runtime": "command", "command": ["./bin/notjson.sh"]},
            "Empty": {"runtime": "command", "command": ["./bin/empty.sh"]},
            "Slow": {"runtime": "command", "command": ["./bin/slow.sh"], "timeout": 0.3},
            "NoExec": {"runtime": "command", "command": ["./bin/noexec.sh"]},
            "Missing": {"runtime": "command", "command": ["./bin/missing.sh"]},
            "Shell": {"runtime": "command", "command": "cat | tr a-z A-Z"}
          }
        })"));
        dispatcher = std::make_unique<LambdaDispatcher>(project);
    }
    json::Value doc_of(const InvokeResult& r) { return json::parse(r.payload); }
    static std::string field(const json::Value& doc, const char* key) {
        const json::Value* v = doc.find(key);
        return v && v->is_string() ? std::string(v->as_string()) : "";
    }

    TempDir dir;
    std::shared_ptr<ProjectConfig> project;
    std::unique_ptr<LambdaDispatcher> dispatcher;
};

}  // namespace

TEST_F(CommandRunnerTest, EventOnStdinResultOnStdoutLogsOnStderr) {
    InvokeResult r = dispatcher->invoke_function("Echo", R"({"a":[1,2]})");
    ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.payload;
    EXPECT_EQ(r.payload, R"({"a":[1,2]})");
    ASSERT_EQ(r.logs.size(), 1u);
    EXPECT_EQ(r.logs[0], "working on it");
    EXPECT_EQ(dispatcher->invoke_function("Shell", R"("abc")").payload, R"("ABC")");
}

TEST_F(CommandRunnerTest, ContextInEnvironment) {
    InvokeResult r = dispatcher->invoke_function("Env", "{}");
    ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.payload;
    json::Value v = json::parse(r.payload);
    EXPECT_EQ(field(v, "name"), "Env");
    EXPECT_EQ(field(v, "id").size(), 36u);
    EXPECT_EQ(field(v, "mode"), "test");
}

TEST_F(CommandRunnerTest, NonZeroExitIsRuntimeExitErrorWithTheStderrTail) {
    InvokeResult r = dispatcher->invoke_function("Fail", "{}");
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    json::Value doc = doc_of(r);
    EXPECT_EQ(field(doc, "errorType"), "Runtime.ExitError");
    EXPECT_NE(field(doc, "errorMessage").find("failed with exit status 3"), std::string::npos);
    EXPECT_NE(field(doc, "errorMessage").find("line 1\ninventory service unreachable"), std::string::npos) << r.payload;
    EXPECT_EQ(r.logs.size(), 2u);
}

TEST_F(CommandRunnerTest, ErrorDocumentOnStdoutIsATypedError) {
    InvokeResult r = dispatcher->invoke_function("Typed", "{}");
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    EXPECT_EQ(field(doc_of(r), "errorType"), "InventoryLockedError");
}

TEST_F(CommandRunnerTest, OutputThatIsNotJson) {
    InvokeResult r = dispatcher->invoke_function("NotJson", "{}");
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    json::Value doc = doc_of(r);
    EXPECT_EQ(field(doc, "errorType"), "Runtime.MarshalError");
    EXPECT_NE(field(doc, "errorMessage").find("is not JSON"), std::string::npos);
    EXPECT_NE(field(doc, "errorMessage").find("done!"), std::string::npos);
    EXPECT_EQ(dispatcher->invoke_function("Empty", "{}").payload, "null");
}

TEST_F(CommandRunnerTest, TimeoutKillsTheProcessGroup) {
    auto start = Clock::now();
    InvokeResult r = dispatcher->invoke_function("Slow", "{}");
    // Cut short by the timeout: the function sleeps a minute (a generous bound, not a speed test).
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(30));
    ASSERT_EQ(r.status, InvokeResult::Status::FunctionError);
    EXPECT_EQ(field(doc_of(r), "errorType"), "Sandbox.Timedout");
    EXPECT_NE(field(doc_of(r), "errorMessage").find("Task timed out after 0.30 seconds"), std::string::npos);
    ASSERT_EQ(r.logs.size(), 1u);
    EXPECT_EQ(r.logs[0], "started");
}

TEST_F(CommandRunnerTest, CommandThatCannotRun) {
    for (const char* fn : {"Missing", "NoExec"}) {
        InvokeResult r = dispatcher->invoke_function(fn, "{}");
        ASSERT_EQ(r.status, InvokeResult::Status::FunctionError) << fn;
        json::Value doc = doc_of(r);
        EXPECT_EQ(field(doc, "errorType"), "Runtime.InvalidEntrypoint") << fn;
        EXPECT_NE(field(doc, "errorMessage").find("cannot run the command of function"), std::string::npos) << r.payload;
    }
}
