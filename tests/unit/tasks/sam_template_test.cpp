// SAM templates: functions and DefinitionSubstitutions with intrinsics.
#include "tasks/sam_template.h"

#include <gtest/gtest.h>

#include "json/write.h"
#include "lambda_test_util.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

const char* kTemplate = R"YAML(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
Globals:
  Function:
    Runtime: nodejs20.x
    Timeout: 6
    MemorySize: 256
    Environment:
      Variables:
        STAGE: !Ref Stage
        LOG_LEVEL: info
Resources:
  ValidateOrderFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: functions/
      Handler: src/validate.handler
      Environment:
        Variables:
          LOG_LEVEL: debug
          WINDOW_DAYS: 30
  ScoreFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "${Stage}-score"
      Runtime: python3.12
      CodeUri: functions
      Handler: score.handler
      Timeout: 10
  JavaFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: java21
      Handler: com.example.Handler
  OrdersTable:
    Type: AWS::DynamoDB::Table
  Queue:
    Type: AWS::SQS::Queue
  CancellationStateMachine:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/cancel.asl.json
      DefinitionSubstitutions:
        ValidateOrderFunctionArn: !GetAtt ValidateOrderFunction.Arn
        ScoreFunctionArn:
          Fn::GetAtt: [ScoreFunction, Arn]
        ScoreFunctionName: !Ref ScoreFunction
        TableName: !Ref OrdersTable
        TableArn: !GetAtt OrdersTable.Arn
        QueueUrl: !Ref Queue
        Greeting: !Sub
          - "hello ${Who} in ${AWS::Region} (${!Literal})"
          - Who: !Ref Stage
        Joined: !Join [":", [a, !Ref Stage, c]]
        Quoted: "012345"
        Number: 42
        Conditional: !If [IsProd, a, b]
)YAML";

}  // namespace

TEST(SamTemplate, FunctionsWithGlobalsAndSubstitutions) {
    TempDir dir;
    dir.write("functions/src/validate.js", "");
    std::string path = dir.write("template.yaml", kTemplate);
    SamProject sam = load_sam_template(path);
    const ProjectConfig& p = sam.project;

    const FunctionConfig* v = p.find("ValidateOrderFunction");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->runtime, FunctionRuntime::NodeJs);
    EXPECT_EQ(v->handler, "src/validate.handler");
    EXPECT_EQ(v->code_dir, dir.path() + "/functions");
    EXPECT_EQ(v->timeout_seconds, 6);
    EXPECT_EQ(v->memory_mb, 256);
    std::vector<std::pair<std::string, std::string>> env = {{"STAGE", "dev"}, {"LOG_LEVEL", "debug"}, {"WINDOW_DAYS", "30"}};
    EXPECT_EQ(v->environment, env);

    const FunctionConfig* s = p.find("dev-score");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->runtime, FunctionRuntime::Python);
    EXPECT_EQ(s->timeout_seconds, 10);
    EXPECT_FALSE(p.find("JavaFunction"));
    bool java_warned = false;
    for (const auto& w : sam.warnings) java_warned |= w.find("java21 is not run locally") != std::string::npos;
    EXPECT_TRUE(java_warned);

    ASSERT_EQ(sam.state_machines.size(), 1u);
    const SamStateMachine& sm = sam.state_machines[0];
    EXPECT_EQ(sm.logical_id, "CancellationStateMachine");
    EXPECT_EQ(sm.definition_path, dir.path() + "/statemachine/cancel.asl.json");
    const auto& subs = sm.substitutions;
    EXPECT_EQ(subs.at("ValidateOrderFunctionArn"), "arn:aws:lambda:us-east-1:123456789012:function:ValidateOrderFunction");
    EXPECT_EQ(subs.at("ScoreFunctionArn"), "arn:aws:lambda:us-east-1:123456789012:function:dev-score");
    EXPECT_EQ(subs.at("ScoreFunctionName"), "dev-score");
    EXPECT_EQ(subs.at("TableName"), "OrdersTable");
    EXPECT_EQ(subs.at("TableArn"), "arn:aws:dynamodb:us-east-1:123456789012:table/OrdersTable");
    EXPECT_EQ(subs.at("QueueUrl"), "https://sqs.us-east-1.amazonaws.com/123456789012/Queue");
    EXPECT_EQ(subs.at("Greeting"), "hello dev in us-east-1 (${Literal})");
    EXPECT_EQ(subs.at("Joined"), "a:dev:c");
    EXPECT_EQ(subs.at("Quoted"), "012345");
    EXPECT_EQ(subs.at("Number"), "42");
    EXPECT_FALSE(subs.count("Conditional"));
    EXPECT_EQ(p.substitutions().at("ValidateOrderFunctionArn"), subs.at("ValidateOrderFunctionArn"));
}

TEST(SamTemplate, ShortFormTagsBecomeLongForms) {
    json::Value v = parse_cloudformation_yaml("a: !GetAtt X.Arn\nb: !Ref Y\nc: !Sub 'x-${Y}'\nd: !Select [0, !GetAZs '']\ne: [1, 2.5, true, ~, '7']\n", "t.yaml");
    EXPECT_EQ(json::dump(v),
              R"({"a":{"Fn::GetAtt":["X","Arn"]},"b":{"Ref":"Y"},"c":{"Fn::Sub":"x-${Y}"},"d":{"Fn::Select":[0,{"Fn::GetAZs":""}]},"e":[1,2.5,true,null,"7"]})");
}

TEST(SamTemplate, YamlErrorsHaveLineAndColumn) {
    TempDir dir;
    std::string path = dir.write("template.yaml", "Resources:\n  A:\n    Type: [unclosed\n");
    try {
        load_sam_template(path);
        FAIL();
    } catch (const SamTemplateError& e) {
        EXPECT_EQ(std::string(e.what()).rfind(path + ":", 0), 0u) << e.what();
        EXPECT_NE(std::string(e.what()).find(":4:"), std::string::npos) << e.what();
    }
}

TEST(SamTemplate, StepwiseJsonCanNameATemplate) {
    TempDir dir;
    dir.write("functions/src/validate.js", "");
    dir.write("template.yaml", kTemplate);
    std::string path = dir.write("stepwise.json", R"({
      "samTemplate": "template.yaml",
      "functions": {"dev-score": {"runtime": "command", "command": ["cat"]}}
    })");
    ProjectConfig p = ProjectConfig::load(path);
    EXPECT_EQ(p.find("dev-score")->runtime, FunctionRuntime::Command);  // stepwise.json wins
    EXPECT_EQ(p.find("ValidateOrderFunction")->runtime, FunctionRuntime::NodeJs);
    EXPECT_EQ(p.substitutions().at("Joined"), "a:dev:c");
}
