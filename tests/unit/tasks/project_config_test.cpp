// stepwise.json: functions, substitutions, and located errors.
#include "tasks/project_config.h"

#include <gtest/gtest.h>

#include "json/parse.h"
#include "lambda_test_util.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

std::string error_of(const TempDir& dir, const std::string& text) {
    try {
        project_from(dir, text);
    } catch (const ProjectConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(ProjectConfig, LoadsEveryRuntime) {
    TempDir dir;
    dir.write("functions/src/validate.js", "exports.handler = async () => ({});\n");
    std::string path = dir.write("stepwise.json", R"({
      "region": "eu-west-1",
      "account": "111122223333",
      "functions": {
        "ValidateOrder": {"runtime": "nodejs20.x", "handler": "src/validate.handler", "codeDir": "functions",
                          "environment": {"LIMIT": 30, "DEBUG": true, "NAME": "x"}, "timeout": 3, "memorySize": 256},
        "Score": {"runtime": "python3.12", "handler": "score.handler", "codeDir": "functions"},
        "Shell": {"runtime": "command", "command": ["./tool.sh", "--json"], "codeDir": "functions"},
        "Remote": {"runtime": "http", "endpoint": "http://127.0.0.1:3001", "functionName": "RemoteFn"}
      },
      "substitutions": {
        "ValidateOrderFunctionArn": {"function": "ValidateOrder"},
        "TableName": "orders",
        "Limit": 5
      }
    })");
    ProjectConfig p = ProjectConfig::load(path);
    EXPECT_EQ(p.region(), "eu-west-1");
    const FunctionConfig* v = p.find("ValidateOrder");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->runtime, FunctionRuntime::NodeJs);
    EXPECT_EQ(v->code_dir, dir.path() + "/functions");
    EXPECT_EQ(v->handler, "src/validate.handler");
    EXPECT_EQ(v->memory_mb, 256);
    ASSERT_EQ(v->environment.size(), 3u);
    EXPECT_EQ(v->environment[0], (std::pair<std::string, std::string>{"LIMIT", "30"}));
    EXPECT_EQ(v->environment[1].second, "true");
    EXPECT_EQ(p.find("Score")->runtime, FunctionRuntime::Python);
    EXPECT_EQ(p.find("Shell")->command[0], dir.path() + "/functions/tool.sh");
    EXPECT_EQ(p.find("Shell")->command[1], "--json");
    EXPECT_EQ(p.find("Remote")->remote_name, "RemoteFn");
    EXPECT_EQ(p.find("Remote")->timeout_seconds, 3);
    EXPECT_EQ(p.substitutions().at("ValidateOrderFunctionArn"), "arn:aws:lambda:eu-west-1:111122223333:function:ValidateOrder");
    EXPECT_EQ(p.substitutions().at("TableName"), "orders");
    EXPECT_EQ(p.substitutions().at("Limit"), "5");
}

TEST(ProjectConfig, ErrorsNameTheFileThePlaceAndTheFix) {
    TempDir dir;
    std::string e = error_of(dir, R"({"functions": {"F": {"runtime": "ruby3.3", "handler": "a.b"}}})");
    EXPECT_NE(e.find("stepwise.json: /functions/F/runtime: unknown runtime \"ruby3.3\""), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"F": {"runtime": "nodejs", "handlr": "a.b"}}})");
    EXPECT_NE(e.find("/functions/F/handlr: unknown key \"handlr\"; expected one of runtime, handler"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"F": {"runtime": "nodejs"}}})");
    EXPECT_NE(e.find("/functions/F/handler: required for runtime nodejs"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"F": {"runtime": "nodejs", "handler": "index"}}})");
    EXPECT_NE(e.find("/functions/F/handler: \"index\" is not FILE.FUNCTION"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"F": {"runtime": "nodejs", "handler": "a.b", "codeDir": "nope"}}})");
    EXPECT_NE(e.find("/functions/F/codeDir: directory " + dir.path() + "/nope does not exist"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"F": {"runtime": "nodejs", "handler": "a.b", "timeout": 0}}})");
    EXPECT_NE(e.find("/functions/F/timeout"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"F": {"runtime": "command"}}})");
    EXPECT_NE(e.find("/functions/F/command: required for runtime command"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"F": {"runtime": "http"}}})");
    EXPECT_NE(e.find("/functions/F/endpoint: required for runtime http"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {"bad name": {"runtime": "http", "endpoint": "http://x"}}})");
    EXPECT_NE(e.find("is not a Lambda function name"), std::string::npos) << e;
    e = error_of(dir, R"({"functions": {}, "substitutions": {"X": {"function": "Nope"}}})");
    EXPECT_NE(e.find("/substitutions/X/function: no function \"Nope\" in /functions"), std::string::npos) << e;
    e = error_of(dir, R"({"function": {}})");
    EXPECT_NE(e.find("unknown key \"function\""), std::string::npos) << e;
}

TEST(ProjectConfig, SyntaxErrorsHaveLineAndColumn) {
    TempDir dir;
    std::string path = dir.write("stepwise.json", "{\n  \"functions\": {,}\n}\n");
    try {
        ProjectConfig::load(path);
        FAIL();
    } catch (const ProjectConfigError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(path + ":2:", 0), 0u) << e.what();
    }
}
