// asl::parse_resource: every Resource form AWS documents, valid and invalid,
// and the history's resourceType/resource for each kind.
//
// Error wording, as AWS's CreateStateMachine/ValidateStateMachineDefinition answer it:
//  - no ARN at all ("my-function", an unsubstituted name):
//    "Value is not a valid resource ARN"
//    https://github.com/aws/aws-sam-cli-app-templates/issues/185
//  - an ARN naming no integration Step Functions knows:
//    "The resource provided <arn> is not recognized. The value is not a valid resource ARN,
//    or the resource is not available in this region." (a CloudFormation deploy of an
//    aws-sdk:apigatewaymanagementapi:postToConnection Task, quoted in a public repository;
//    moto's Step Functions parser raises the same sentence for unsupported integrations)
//  Code INVALID_RESOURCE: "The value of a Task-state resource field is invalid."
//  https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html
#include <gtest/gtest.h>

#include <string>

#include "asl/resource.h"
#include "asl_test_util.h"

using namespace stepwise;
using namespace stepwise::asl;
using namespace stepwise::asl::testing;

namespace {

bool valid(std::string_view text, ResourceField field = ResourceField::Task) {
    return parse_resource(text, nullptr, field).has_value();
}

std::string error_of(std::string_view text, ResourceField field = ResourceField::Task) {
    std::string error;
    EXPECT_FALSE(parse_resource(text, &error, field)) << text;
    return error;
}

std::string not_recognized(std::string_view arn) {
    return "The resource provided " + std::string(arn) +
           " is not recognized. The value is not a valid resource ARN, or the resource is not available in this "
           "region.";
}

}  // namespace

// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html
TEST(AslResource, Activity) {
    auto r = parse_resource("arn:aws:states:us-east-1:123456789012:activity:Approve");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->is_activity());
    EXPECT_TRUE(r->takes_task_token());
    EXPECT_EQ(r->region, "us-east-1");
    EXPECT_EQ(r->account, "123456789012");
    EXPECT_EQ(r->name, "Approve");
    EXPECT_TRUE(valid("arn:aws-cn:states:cn-north-1:123456789012:activity:A"));
    EXPECT_TRUE(valid("arn:aws-us-gov:states:us-gov-west-1:123456789012:activity:A"));

    EXPECT_EQ(error_of("arn:aws:states:us-east-1:123456789012:activity:"),
              not_recognized("arn:aws:states:us-east-1:123456789012:activity:"));
    EXPECT_FALSE(valid("arn:aws:states:us-east-1::activity:A"));  // no account
    EXPECT_FALSE(valid("arn:aws:states:us-east-1:123456789012:stateMachine:M"));
    EXPECT_FALSE(valid("arn:aws:states:us-east-1:123456789012:activity:A:B"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html (the legacy
// function ARN) and https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html
// (qualified ARNs: a version or an alias after the name)
TEST(AslResource, LambdaFunction) {
    auto r = parse_resource("arn:aws:lambda:us-east-1:123456789012:function:Fn");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->is_lambda_function());
    EXPECT_FALSE(r->takes_task_token());
    EXPECT_EQ(r->name, "Fn");
    EXPECT_EQ(r->qualifier, "");
    auto version = parse_resource("arn:aws:lambda:us-east-1:123456789012:function:Fn:7");
    ASSERT_TRUE(version);
    EXPECT_EQ(version->qualifier, "7");
    auto alias = parse_resource("arn:aws:lambda:us-east-1:123456789012:function:Fn:live");
    ASSERT_TRUE(alias);
    EXPECT_EQ(alias->qualifier, "live");
    auto cn = parse_resource("arn:aws-cn:lambda:cn-north-1:123456789012:function:Fn");
    ASSERT_TRUE(cn);
    EXPECT_EQ(cn->partition, "aws-cn");
    EXPECT_TRUE(valid("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:Fn:$LATEST"));

    EXPECT_FALSE(valid("arn:aws:lambda:us-east-1:123456789012:function:"));
    EXPECT_FALSE(valid("arn:aws:lambda:us-east-1:123456789012:layer:L"));
    EXPECT_FALSE(valid("arn:aws:lambda:::function:Fn"));  // region and account are required
    EXPECT_FALSE(valid("arn:aws:lambda:us-east-1:123456789012:function:Fn:1:extra"));
    EXPECT_EQ(error_of("arn:foo:lambda:us-east-1:123456789012:function:Fn"),
              not_recognized("arn:foo:lambda:us-east-1:123456789012:function:Fn"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
TEST(AslResource, IntegrationPatterns) {
    auto rr = parse_resource("arn:aws:states:::sns:publish");
    ASSERT_TRUE(rr);
    EXPECT_TRUE(rr->is_service("sns", "publish"));
    EXPECT_EQ(rr->pattern, IntegrationPattern::RequestResponse);
    EXPECT_EQ(rr->integration(), "sns:publish");

    auto sync = parse_resource("arn:aws:states:::batch:submitJob.sync");
    ASSERT_TRUE(sync);
    EXPECT_EQ(sync->pattern, IntegrationPattern::Sync);
    auto token = parse_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken");
    ASSERT_TRUE(token);
    EXPECT_EQ(token->pattern, IntegrationPattern::WaitForTaskToken);
    EXPECT_TRUE(token->takes_task_token());
    EXPECT_TRUE(valid("arn:aws-cn:states:::lambda:invoke"));
    EXPECT_TRUE(valid("arn:aws-us-gov:states:::lambda:invoke.waitForTaskToken"));

    EXPECT_FALSE(valid("arn:aws:states:::sns:publish.sync.sync"));
    EXPECT_FALSE(valid("arn:aws:states:::sns:publish.waitForCallback"));
    EXPECT_FALSE(valid("arn:aws:states:::sns"));
    EXPECT_FALSE(valid("arn:aws:states:::sns:"));
}

// Which pattern each optimized service supports: the table on
// https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
// and, per API, each service's page linked there.
TEST(AslResource, OptimizedIntegrationPatternTable) {
    // Lambda: Request Response and .waitForTaskToken, no .sync (connect-lambda.html).
    EXPECT_TRUE(valid("arn:aws:states:::lambda:invoke"));
    EXPECT_TRUE(valid("arn:aws:states:::lambda:invoke.waitForTaskToken"));
    EXPECT_EQ(error_of("arn:aws:states:::lambda:invoke.sync"), not_recognized("arn:aws:states:::lambda:invoke.sync"));
    // DynamoDB: Request Response only (connect-ddb.html).
    for (const char* action : {"getItem", "putItem", "updateItem", "deleteItem"})
        EXPECT_TRUE(valid(std::string("arn:aws:states:::dynamodb:") + action)) << action;
    EXPECT_FALSE(valid("arn:aws:states:::dynamodb:putItem.waitForTaskToken"));
    EXPECT_FALSE(valid("arn:aws:states:::dynamodb:query"));  // only as aws-sdk:dynamodb:query
    // SNS, SQS, EventBridge, API Gateway: Request Response and .waitForTaskToken.
    EXPECT_TRUE(valid("arn:aws:states:::sns:publish.waitForTaskToken"));
    EXPECT_TRUE(valid("arn:aws:states:::events:putEvents.waitForTaskToken"));
    EXPECT_TRUE(valid("arn:aws:states:::apigateway:invoke.waitForTaskToken"));
    EXPECT_FALSE(valid("arn:aws:states:::sqs:sendMessage.sync"));
    EXPECT_FALSE(valid("arn:aws:states:::events:putEvents.sync"));
    // ECS: all three (connect-ecs.html).
    EXPECT_TRUE(valid("arn:aws:states:::ecs:runTask"));
    EXPECT_TRUE(valid("arn:aws:states:::ecs:runTask.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::ecs:runTask.waitForTaskToken"));
    // Batch, Glue, DataBrew, MediaConvert: .sync, no callback.
    EXPECT_TRUE(valid("arn:aws:states:::glue:startJobRun.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::databrew:startJobRun.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::mediaconvert:createJob.sync"));
    EXPECT_FALSE(valid("arn:aws:states:::batch:submitJob.waitForTaskToken"));
    // Athena: only StartQueryExecution has .sync (connect-athena.html).
    EXPECT_TRUE(valid("arn:aws:states:::athena:startQueryExecution.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::athena:getQueryResults"));
    EXPECT_FALSE(valid("arn:aws:states:::athena:getQueryResults.sync"));
    // CodeBuild (connect-codebuild.html).
    EXPECT_TRUE(valid("arn:aws:states:::codebuild:startBuildBatch.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::codebuild:batchDeleteBuilds"));
    EXPECT_FALSE(valid("arn:aws:states:::codebuild:stopBuild.sync"));
    // EKS: .sync, never .waitForTaskToken (connect-eks.html).
    EXPECT_TRUE(valid("arn:aws:states:::eks:runJob.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::eks:call"));
    EXPECT_FALSE(valid("arn:aws:states:::eks:runJob.waitForTaskToken"));
    EXPECT_FALSE(valid("arn:aws:states:::eks:call.sync"));
    // EMR, EMR on EKS, EMR Serverless (connect-emr.html, connect-emr-eks.html, connect-emr-serverless.html).
    EXPECT_TRUE(valid("arn:aws:states:::elasticmapreduce:addStep.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::elasticmapreduce:modifyInstanceFleetByName"));
    EXPECT_FALSE(valid("arn:aws:states:::elasticmapreduce:cancelStep.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::emr-containers:startJobRun.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::emr-serverless:createApplication.sync"));
    EXPECT_FALSE(valid("arn:aws:states:::emr-serverless:startJobRun.waitForTaskToken"));
    // SageMaker (connect-sagemaker.html).
    EXPECT_TRUE(valid("arn:aws:states:::sagemaker:createTrainingJob.sync"));
    EXPECT_TRUE(valid("arn:aws:states:::sagemaker:createModel"));
    EXPECT_FALSE(valid("arn:aws:states:::sagemaker:createModel.sync"));
    // Bedrock (connect-bedrock.html).
    EXPECT_TRUE(valid("arn:aws:states:::bedrock:invokeModel"));
    EXPECT_TRUE(valid("arn:aws:states:::bedrock:createModelCustomizationJob.sync"));
    EXPECT_FALSE(valid("arn:aws:states:::bedrock:invokeModel.sync"));
    // An optimized service AWS does not have, or an API its page does not list.
    EXPECT_EQ(error_of("arn:aws:states:::kinesis:putRecord"), not_recognized("arn:aws:states:::kinesis:putRecord"));
    EXPECT_FALSE(valid("arn:aws:states:::lambda:invokeAsync"));
    EXPECT_FALSE(valid("arn:aws:states:::sns:createTopic"));
    // S3 is an ItemReader/ResultWriter integration, not a Task's.
    EXPECT_FALSE(valid("arn:aws:states:::s3:getObject"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
TEST(AslResource, StartExecution) {
    for (const char* suffix : {"", ".sync", ".sync:2", ".waitForTaskToken"}) {
        auto r = parse_resource(std::string("arn:aws:states:::states:startExecution") + suffix);
        ASSERT_TRUE(r) << suffix;
        EXPECT_TRUE(r->is_service("states", "startExecution"));
        EXPECT_EQ(pattern_suffix(r->pattern), suffix);
    }
    // .sync:2 is startExecution's alone.
    EXPECT_EQ(error_of("arn:aws:states:::ecs:runTask.sync:2"), not_recognized("arn:aws:states:::ecs:runTask.sync:2"));
    EXPECT_FALSE(valid("arn:aws:states:::states:startExecution.sync:3"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
TEST(AslResource, HttpTask) {
    auto r = parse_resource("arn:aws:states:::http:invoke");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->is_service("http", "invoke"));
    EXPECT_FALSE(valid("arn:aws:states:::http:invoke.sync"));
    EXPECT_FALSE(valid("arn:aws:states:::http:get"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
// and, for the patterns, the AWS SDK row of integrate-optimized.html: Request
// Response and .waitForTaskToken, never .sync.
TEST(AslResource, AwsSdk) {
    auto r = parse_resource("arn:aws:states:::aws-sdk:dynamodb:putItem");
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->aws_sdk);
    EXPECT_EQ(r->service, "dynamodb");
    EXPECT_EQ(r->action, "putItem");
    EXPECT_FALSE(r->is_service("dynamodb", "putItem"));  // the optimized one is another integration
    EXPECT_EQ(r->integration(), "aws-sdk:dynamodb:putItem");
    auto token = parse_resource("arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken");
    ASSERT_TRUE(token);
    EXPECT_EQ(token->pattern, IntegrationPattern::WaitForTaskToken);
    // Any service the SDK has: the list is AWS's, not checked here.
    EXPECT_TRUE(valid("arn:aws:states:::aws-sdk:secretsmanager:listSecrets"));
    EXPECT_TRUE(valid("arn:aws:states:::aws-sdk:sfn:startExecution"));
    EXPECT_TRUE(valid("arn:aws-cn:states:::aws-sdk:s3:listBuckets"));

    EXPECT_EQ(error_of("arn:aws:states:::aws-sdk:s3:getObject.sync"),
              not_recognized("arn:aws:states:::aws-sdk:s3:getObject.sync"));
    EXPECT_FALSE(valid("arn:aws:states:::aws-sdk:sfn:startExecution.sync:2"));
    EXPECT_FALSE(valid("arn:aws:states:::aws-sdk:s3"));
    EXPECT_FALSE(valid("arn:aws:states:::aws-sdk::getObject"));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
TEST(AslResource, DistributedMapFields) {
    EXPECT_TRUE(valid("arn:aws:states:::s3:getObject", ResourceField::ItemReader));
    EXPECT_TRUE(valid("arn:aws:states:::s3:listObjectsV2", ResourceField::ItemReader));
    EXPECT_TRUE(valid("arn:aws:states:::s3:putObject", ResourceField::ResultWriter));
    EXPECT_TRUE(valid("${Reader}", ResourceField::ItemReader));
    EXPECT_FALSE(valid("arn:aws:states:::s3:putObject", ResourceField::ItemReader));
    EXPECT_FALSE(valid("arn:aws:states:::s3:getObject", ResourceField::ResultWriter));
    EXPECT_FALSE(valid("arn:aws:states:::lambda:invoke", ResourceField::ItemReader));
    EXPECT_FALSE(valid("arn:aws:states:::aws-sdk:s3:getObject", ResourceField::ItemReader));
    EXPECT_FALSE(valid("arn:aws:lambda:us-east-1:123456789012:function:Fn", ResourceField::ResultWriter));
    EXPECT_EQ(error_of("s3:getObject", ResourceField::ItemReader), "Value is not a valid resource ARN");
}

TEST(AslResource, NotAnArn) {
    for (const char* text : {"my-function", "", "lambda:invoke", "arn:aws:states", "arn::states:::lambda:invoke",
                             "arn:aws::us-east-1:1:function:f", "arn:aws:states:::"})
        EXPECT_EQ(error_of(text), "Value is not a valid resource ARN") << text;
    // An ARN, but of something a Task cannot call.
    EXPECT_EQ(error_of("arn:aws:sns:us-east-1:123456789012:topic"),
              not_recognized("arn:aws:sns:us-east-1:123456789012:topic"));
}

// DefinitionSubstitutions: a ${Name} not substituted yet is kept as written.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
TEST(AslResource, Placeholder) {
    auto r = parse_resource("${OrderFunctionArn}");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->kind, Resource::Kind::Placeholder);
    EXPECT_EQ(r->arn, "${OrderFunctionArn}");
    EXPECT_TRUE(valid("arn:aws:states:::${Service}:invoke"));
}

// The history's resourceType and resource (TaskScheduled, TaskSucceeded, ...).
// engine::split_resource (src/engine/history.cpp) returns today, for the same strings:
//   arn:aws:states:::lambda:invoke.waitForTaskToken  -> ("lambda", "invoke.waitForTaskToken")  same
//   arn:aws:states:::states:startExecution.sync:2    -> ("states", "startExecution.sync:2")    same
//   arn:aws:lambda:...:function:Fn                   -> ("lambda", the ARN)                    same
//   arn:aws:states:...:activity:A                    -> ("activity", the ARN)                  same
//   ${X}                                             -> ("unknown", "${X}")                    same
//   arn:aws:states:::aws-sdk:dynamodb:putItem        -> ("aws-sdk", "dynamodb:putItem")        differs
//   arn:aws-cn:states:::lambda:invoke                -> ("unknown", the ARN)                   differs
// For aws-sdk AWS writes resourceType "aws-sdk:<service>" and resource "<action>", e.g.
// "aws-sdk:glue"/"startJobRun" and "aws-sdk:ssm"/"sendCommand" in recorded histories
// (https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskScheduledEventDetails.html
// names the fields); split_resource also knows only the aws partition.
TEST(AslResource, HistoryTypeAndName) {
    struct Case {
        const char* arn;
        const char* type;
        const char* name;
    };
    const std::string fn = "arn:aws:lambda:us-east-1:123456789012:function:Fn:live";
    const std::string activity = "arn:aws:states:us-east-1:123456789012:activity:Approve";
    for (const Case& c : {
             Case{"arn:aws:states:::lambda:invoke", "lambda", "invoke"},
             Case{"arn:aws:states:::lambda:invoke.waitForTaskToken", "lambda", "invoke.waitForTaskToken"},
             Case{"arn:aws:states:::states:startExecution.sync:2", "states", "startExecution.sync:2"},
             Case{"arn:aws:states:::ecs:runTask.sync", "ecs", "runTask.sync"},
             Case{"arn:aws:states:::http:invoke", "http", "invoke"},
             Case{"arn:aws:states:::aws-sdk:dynamodb:putItem", "aws-sdk:dynamodb", "putItem"},
             Case{"arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken", "aws-sdk:s3", "getObject.waitForTaskToken"},
             Case{"arn:aws-cn:states:::lambda:invoke", "lambda", "invoke"},
             Case{fn.c_str(), "lambda", fn.c_str()},
             Case{activity.c_str(), "activity", activity.c_str()},
             Case{"${X}", "unknown", "${X}"},
         }) {
        auto r = parse_resource(c.arn);
        ASSERT_TRUE(r) << c.arn;
        EXPECT_EQ(r->history_type(), c.type) << c.arn;
        EXPECT_EQ(r->history_name(), c.name) << c.arn;
    }
}

// The compiler reports parse_resource's error at the field.
TEST(AslResource, CompilerReportsAtTheField) {
    auto task = [](const std::string& resource) {
        return compile(std::string_view(one_state(R"({"Type":"Task","Resource":")" + resource + R"(","End":true})")));
    };
    EXPECT_ASL_ERROR(task("arn:aws:states:::lambda:invoke.sync"), "/States/S/Resource", "INVALID_RESOURCE",
                     not_recognized("arn:aws:states:::lambda:invoke.sync"));
    EXPECT_ASL_ERROR(task("my-function"), "/States/S/Resource", "INVALID_RESOURCE", "Value is not a valid resource ARN");
    EXPECT_COMPILES(task("arn:aws:states:::aws-sdk:s3:getObject"));

    const std::string proc = R"("ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Succeed"}}})";
    auto map = [&](const std::string& fields) {
        return compile(std::string_view(one_state(R"({"Type":"Map","End":true,)" + fields + proc + "}")));
    };
    EXPECT_COMPILES(map(R"("ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"}},"ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}},)"));
    EXPECT_ASL_ERROR(map(R"("ItemReader":{"Resource":"arn:aws:states:::s3:putObject"},)"), "/States/S/ItemReader/Resource",
                     "INVALID_RESOURCE", not_recognized("arn:aws:states:::s3:putObject"));
    EXPECT_ASL_ERROR(map(R"("ResultWriter":{"Resource":"s3"},)"), "/States/S/ResultWriter/Resource", "INVALID_RESOURCE",
                     "Value is not a valid resource ARN");
}
