// The python runtime: warm workers and the Python runtime's error documents.
#include <gtest/gtest.h>

#include <memory>

#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/language_worker_pool.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

class PythonRunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_program("python3")) GTEST_SKIP() << "python3 is not installed";
        dir.write("app/handler.py", R"PY(
import os
import sys
import time

calls = 0

class CustomException(Exception):
    pass

def count(event, context):
    global calls
    calls += 1
    return {"calls": calls, "pid": os.getpid()}

def echo(event, context):
    print("echo", event["orderId"])
    print("warning on stderr", file=sys.stderr)
    return {
        "event": event,
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "arn": context.invoked_function_arn,
        "memory": context.memory_limit_in_mb,
        "remaining": context.get_remaining_time_in_millis(),
        "env": os.environ.get("GREETING"),
    }

def raises(event, context):
    raise Exception("Some exception was raised.")

def raises_custom(event, context):
    raise CustomException()

def slow(event, context):
    print("sleeping")
    time.sleep(5)

def crash(event, context):
    os._exit(2)

def unserializable(event, context):
    return {"when": {1, 2}}

not_callable = 5
)PY");
        dir.write("app/broken.py", "def handler(event, context)\n    return 1\n");
        project = std::make_shared<ProjectConfig>(project_from(dir, R"({
          "functions": {
            "Count": {"runtime": "python3.12", "handler": "handler.count", "codeDir": "app"},
            "Echo": {"runtime": "python", "handler": "handler.echo", "codeDir": "app", "memorySize": 512,
                     "environment": {"GREETING": "hej"}},
            "Raises": {"runtime": "python", "handler": "handler.raises", "codeDir": "app"},
            "RaisesCustom": {"runtime": "python", "handler": "handler.raises_custom", "codeDir": "app"},
            "Slow": {"runtime": "python", "handler": "handler.slow", "codeDir": "app", "timeout": 0.5},
            "Crash": {"runtime": "python", "handler": "handler.crash", "codeDir": "app"},
            "Unserializable": {"runtime": "python", "handler": "handler.unserializable", "codeDir": "app"},
            "Missing": {"runtime": "python", "handler": "handler.nope", "codeDir": "app"},
            "NotCallable": {"runtime": "python", "handler": "handler.not_callable", "codeDir": "app"},
            "MissingFile": {"runtime": "python", "handler": "nofile.handler", "codeDir": "app"},
            "Broken": {"runtime": "python", "handler": "broken.handler", "codeDir": "app"}
          }
        })"));
        dispatcher = std::make_unique<LambdaDispatcher>(project);
    }

    json::Value error_doc(const std::string& fn, InvokeResult* out = nullptr) {
        InvokeResult r = dispatcher->invoke_function(fn, "{}");
        EXPECT_EQ(r.status, InvokeResult::Status::FunctionError) << r.payload;
        if (out) *out = r;
        auto doc = json::try_parse(r.payload);
        EXPECT_TRUE(doc) << r.payload;
        return doc ? *doc : json::Value();
    }
    static std::string field(const json::Value& doc, const char* key) {
        const json::Value* v = doc.find(key);
        return v && v->is_string() ? std::string(v->as_string()) : "";
    }

    TempDir dir;
    std::shared_ptr<ProjectConfig> project;
    std::unique_ptr<LambdaDispatcher> dispatcher;
};

}  // namespace

TEST_F(PythonRunnerTest, WarmWorkerKeepsModuleState) {
    json::Value a = json::parse(dispatcher->invoke_function("Count", "{}").payload);
    json::Value b = json::parse(dispatcher->invoke_function("Count", "{}").payload);
    EXPECT_EQ(a.find("calls")->as_int(), 1);
    EXPECT_EQ(b.find("calls")->as_int(), 2);
    EXPECT_EQ(a.find("pid")->as_int(), b.find("pid")->as_int());
}

TEST_F(PythonRunnerTest, ResultIsJsonDumpsTextAndLogsAreCaptured) {
    InvokeResult r = dispatcher->invoke_function("Echo", R"({"orderId":"ORD-9"})");
    ASSERT_EQ(r.status, InvokeResult::Status::Ok) << r.payload;
    // Python's json.dumps separators, as the Lambda Python runtime returns them.
    EXPECT_NE(r.payload.find("\"event\": {\"orderId\": \"ORD-9\"}"), std::string::npos) << r.payload;
    json::Value v = json::parse(r.payload);
    EXPECT_EQ(v.find("functionName")->as_string(), "Echo");
    EXPECT_EQ(v.find("memory")->as_string(), "512");
    EXPECT_EQ(v.find("env")->as_string(), "hej");
    EXPECT_EQ(v.find("requestId")->as_string().size(), 36u);
    EXPECT_GT(v.find("remaining")->as_int(), 1000);
    ASSERT_EQ(r.logs.size(), 2u);
    EXPECT_EQ(r.logs[0], "echo ORD-9");
    EXPECT_EQ(r.logs[1], "warning on stderr");
}

TEST_F(PythonRunnerTest, RaisedExceptionHasThePythonRuntimeShape) {
    InvokeResult r;
    json::Value doc = error_doc("Raises", &r);
    // {"errorMessage", "errorType", "requestId", "stackTrace"}, as in the recorded AWS cause.
    ASSERT_EQ(doc.size(), 4u);
    EXPECT_EQ(doc.as_object().at(0).name(), "errorMessage");
    EXPECT_EQ(field(doc, "errorMessage"), "Some exception was raised.");
    EXPECT_EQ(field(doc, "errorType"), "Exception");
    EXPECT_EQ(field(doc, "requestId").size(), 36u);
    ASSERT_EQ(doc.find("stackTrace")->size(), 1u);
    std::string frame(doc.find("stackTrace")->as_array()[0].as_string());
    EXPECT_NE(frame.find("handler.py\", line 30, in raises\n    raise Exception(\"Some exception was raised.\")\n"), std::string::npos) << frame;
    EXPECT_EQ(r.payload.find("{\"errorMessage\": \"Some exception was raised.\", \"errorType\": \"Exception\""), 0u) << r.payload;

    json::Value custom = error_doc("RaisesCustom");
    EXPECT_EQ(field(custom, "errorType"), "CustomException");
    EXPECT_EQ(field(custom, "errorMessage"), "");
}

TEST_F(PythonRunnerTest, TimeoutCrashAndMarshalErrors) {
    InvokeResult r;
    json::Value timeout = error_doc("Slow", &r);
    EXPECT_EQ(field(timeout, "errorType"), "Sandbox.Timedout");
    EXPECT_NE(field(timeout, "errorMessage").find("Task timed out after 0.50 seconds"), std::string::npos);
    ASSERT_FALSE(r.logs.empty());
    EXPECT_EQ(r.logs[0], "sleeping");

    json::Value crash = error_doc("Crash");
    EXPECT_EQ(field(crash, "errorType"), "Runtime.ExitError");
    EXPECT_NE(field(crash, "errorMessage").find("exit status 2"), std::string::npos);

    json::Value marshal = error_doc("Unserializable");
    EXPECT_EQ(field(marshal, "errorType"), "Runtime.MarshalError");
    EXPECT_EQ(field(marshal, "errorMessage"), "Unable to marshal response: Object of type set is not JSON serializable");
}

TEST_F(PythonRunnerTest, HandlerProblems) {
    json::Value missing = error_doc("Missing");
    EXPECT_EQ(field(missing, "errorType"), "Runtime.HandlerNotFound");
    EXPECT_EQ(field(missing, "errorMessage"), "Handler 'nope' missing on module 'handler'");
    EXPECT_EQ(field(error_doc("NotCallable"), "errorType"), "Runtime.HandlerNotFound");
    json::Value file = error_doc("MissingFile");
    EXPECT_EQ(field(file, "errorType"), "Runtime.ImportModuleError");
    EXPECT_NE(field(file, "errorMessage").find("Unable to import module 'nofile': No module named 'nofile'"), std::string::npos);
    EXPECT_NE(field(file, "errorMessage").find(dir.path() + "/app/nofile.py"), std::string::npos);
    json::Value broken = error_doc("Broken");
    EXPECT_EQ(field(broken, "errorType"), "Runtime.UserCodeSyntaxError");
    EXPECT_NE(field(broken, "errorMessage").find("Syntax error in module 'broken'"), std::string::npos);
}
