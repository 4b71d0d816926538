// What a Task's resource returns (testing/task_output.h), from botocore's
// service models compiled in (testing/service_shapes.h). Step Functions
// returns SDK members in PascalCase, for AWS SDK integrations too:
// https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
#include <gtest/gtest.h>

#include "asl/resource.h"
#include "json/parse.h"
#include "testing/service_shapes.h"
#include "testing/task_output.h"

using namespace stepwise;
using stepwise::testing::OutputMisfit;
using stepwise::testing::ServiceShapes;
using stepwise::testing::TaskOutput;

namespace {

std::optional<TaskOutput> output_of(const std::string& arn) {
    std::string error;
    std::optional<asl::Resource> resource = asl::parse_resource(arn, &error);
    EXPECT_TRUE(resource) << arn << ": " << error;
    return resource ? TaskOutput::of(*resource) : std::nullopt;
}

std::string misfits(const std::string& arn, const std::string& value) {
    std::optional<TaskOutput> output = output_of(arn);
    EXPECT_TRUE(output) << arn;
    if (!output) return "no output shape";
    std::string out;
    for (const OutputMisfit& m : output->misfits(json::parse(value)))
        out += (m.error ? "" : "warning: ") + m.pointer + ": " + m.message + "\n";
    return out;
}

}  // namespace

TEST(ServiceShapes, FindsServicesByFolderAndSdkName) {
    ASSERT_TRUE(ServiceShapes::find("dynamodb"));
    EXPECT_EQ(ServiceShapes::find("sfn")->service(), "stepfunctions");
    EXPECT_EQ(ServiceShapes::find("eventbridge")->service(), "events");
    EXPECT_EQ(ServiceShapes::find("cloudwatchlogs")->service(), "logs");
    EXPECT_EQ(ServiceShapes::find("acmpca")->service(), "acm-pca");
    EXPECT_FALSE(ServiceShapes::find("nosuchservice"));
    EXPECT_TRUE(ServiceShapes::source().starts_with("botocore "));
}

TEST(ServiceShapes, OperationOutputMembers) {
    auto sqs = ServiceShapes::find("sqs");
    ASSERT_TRUE(sqs);
    auto type = sqs->output("SendMessage");
    ASSERT_TRUE(type);
    std::vector<std::string> names;
    for (const stepwise::testing::ShapeMember& m : sqs->structure(*type)) names.emplace_back(m.name);
    EXPECT_NE(std::find(names.begin(), names.end(), "MessageId"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "MD5OfMessageBody"), names.end());
    EXPECT_FALSE(sqs->output("NoSuchOperation"));
}

// camelCase members of the model (Step Functions' DescribeExecution) come out PascalCase.
TEST(TaskOutput, AwsSdkActionAndMembersArePascalCase) {
    EXPECT_EQ(output_of("arn:aws:states:::aws-sdk:sfn:describeExecution")->operation(), "sfn DescribeExecution");
    EXPECT_EQ(misfits("arn:aws:states:::aws-sdk:sfn:describeExecution",
                      R"({"ExecutionArn": "arn", "Status": "SUCCEEDED", "StartDate": "2025-01-01T00:00:00Z"})"),
              "");
    EXPECT_NE(misfits("arn:aws:states:::aws-sdk:sfn:describeExecution", R"({"executionArn": "arn"})")
                  .find("did you mean \"ExecutionArn\"?"),
              std::string::npos);
    EXPECT_EQ(misfits("arn:aws:states:::aws-sdk:eventbridge:putEvents",
                      R"({"FailedEntryCount": 0, "Entries": [{"EventId": "e"}]})"),
              "");
}

TEST(TaskOutput, StartExecutionSyncIsDescribeExecution) {
    // .sync: Output is DescribeExecution's string; .sync:2: parsed JSON.
    EXPECT_EQ(misfits("arn:aws:states:::states:startExecution.sync:2",
                      R"({"Output": {"ok": true}, "Input": {}, "Status": "SUCCEEDED", "StartDate": 1735689600000})"),
              "");
    EXPECT_NE(misfits("arn:aws:states:::states:startExecution.sync", R"({"Output": {"ok": true}})")
                  .find("expected a string"),
              std::string::npos);
    EXPECT_EQ(misfits("arn:aws:states:::states:startExecution", R"({"ExecutionArn": "arn", "StartDate": 1735689600000,
                                                                  "SdkHttpMetadata": {}, "SdkResponseMetadata": {}})"),
              "");
}

TEST(TaskOutput, NoShapeWhereTheResultIsNotTheOperations) {
    for (const char* arn : {"arn:aws:lambda:us-east-1:123456789012:function:F",
                            "arn:aws:states:::lambda:invoke.waitForTaskToken",
                            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                            "arn:aws:states:::ecs:runTask.sync",
                            "arn:aws:states:::http:invoke",
                            "arn:aws:states:::apigateway:invoke",
                            "arn:aws:states:::eks:call",
                            "arn:aws:states:::elasticmapreduce:createCluster",
                            "arn:aws:states:::aws-sdk:nosuchservice:doSomething",
                            "arn:aws:states:::aws-sdk:dynamodb:noSuchAction",
                            "arn:aws:states:us-east-1:123456789012:activity:Approve"})
        EXPECT_FALSE(output_of(arn)) << arn;
}

TEST(TaskOutput, OperationWithoutOutputReturnsAnEmptyObject) {
    // SQS DeleteMessage has no output: only the optimized integration's metadata could come back.
    EXPECT_EQ(misfits("arn:aws:states:::aws-sdk:sqs:deleteMessage", "{}"), "");
    EXPECT_NE(misfits("arn:aws:states:::aws-sdk:sqs:deleteMessage", R"({"Deleted": true})")
                  .find("\"Deleted\" is not a member"),
              std::string::npos);
}
