// The operations rules: Tasks that may wait forever for an answer, Distributed
// Maps that may start 10,000 children at once.
#include <gtest/gtest.h>

#include "lint_test_util.h"

namespace stepwise::lint {
namespace {

using test::pointers;

std::string task(const std::string& resource, const std::string& fields = "") {
    return R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": ")" + resource +
           R"(", "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true)" +
           (fields.empty() ? "" : ", " + fields) + "}}}";
}

// An activity or callback Task without TimeoutSeconds leaves the execution stuck
// when no answer comes; with .waitForTaskToken AWS recommends HeartbeatSeconds.
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html
TEST(OperationsRules, TaskTokenWaitWithoutTimeoutIsReported) {
    FileReport report = test::lint_text(task("arn:aws:states:::sqs:sendMessage.waitForTaskToken"));
    EXPECT_EQ(pointers(report, "task-token-without-timeout"), std::vector<std::string>{"/States/T"});

    report = test::lint_text(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:us-east-1:123456789012:activity:Approve", "End": true}}})");
    EXPECT_EQ(pointers(report, "task-token-without-timeout"), std::vector<std::string>{"/States/T"});
}

TEST(OperationsRules, TaskTokenWaitWithAHeartbeatOrTimeoutIsNotReported) {
    for (std::string fields : {R"("HeartbeatSeconds": 600)", R"("TimeoutSeconds": 3600)",
                               R"("TimeoutSecondsPath": "$.timeout")"}) {
        FileReport report = test::lint_text(task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", fields));
        EXPECT_TRUE(report.compiled) << fields;
        EXPECT_TRUE(test::findings_of(report, "task-token-without-timeout").empty()) << fields;
    }
}

TEST(OperationsRules, SyncAndRequestResponseTasksAreNotReported) {
    // A .sync Task waits for a job Step Functions itself watches.
    FileReport report = test::lint_text(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child"}, "End": true}}})");
    EXPECT_TRUE(report.compiled);
    EXPECT_TRUE(test::findings_of(report, "task-token-without-timeout").empty());
    EXPECT_TRUE(test::findings_of(test::lint_text(task("arn:aws:states:::sqs:sendMessage")),
                                  "task-token-without-timeout").empty());
}

// Without MaxConcurrency a Distributed Map runs up to 10,000 child executions
// at once:
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
// an Inline Map runs at most 40 iterations at once:
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html
std::string map(const std::string& mode, const std::string& fields, const std::string& child) {
    std::string config = mode == "DISTRIBUTED" ? R"({"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"})"
                                               : R"({"Mode": "INLINE"})";
    return R"({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.orders", "End": true)" +
           (fields.empty() ? "" : ", " + fields) + R"(, "ItemProcessor": {"ProcessorConfig": )" + config +
           R"(, "StartAt": "C", "States": {"C": )" + child + "}}}}}";
}
constexpr const char* kLambdaChild = R"({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
    "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "End": true})";

TEST(OperationsRules, DistributedMapWithoutMaxConcurrencyIsReported) {
    FileReport report = test::lint_text(map("DISTRIBUTED", "", kLambdaChild));
    EXPECT_EQ(pointers(report, "map-unbounded-concurrency"), std::vector<std::string>{"/States/M"});
    // 0 means no limit.
    report = test::lint_text(map("DISTRIBUTED", R"("MaxConcurrency": 0)", kLambdaChild));
    EXPECT_EQ(pointers(report, "map-unbounded-concurrency"), std::vector<std::string>{"/States/M/MaxConcurrency"});
}

TEST(OperationsRules, BoundedInlineOrTasklessMapsAreNotReported) {
    for (auto [mode, fields, child] : {std::tuple<std::string, std::string, std::string>{
                                           "DISTRIBUTED", R"("MaxConcurrency": 50)", kLambdaChild},
                                       {"DISTRIBUTED", R"("MaxConcurrencyPath": "$.concurrency")", kLambdaChild},
                                       {"INLINE", "", kLambdaChild},
                                       {"DISTRIBUTED", "", R"({"Type": "Pass", "End": true})"}}) {
        FileReport report = test::lint_text(map(mode, fields, child));
        EXPECT_TRUE(report.compiled) << mode << fields << testing::PrintToString(test::summary(report));
        EXPECT_TRUE(test::findings_of(report, "map-unbounded-concurrency").empty()) << mode << fields << child;
    }
}

}  // namespace
}  // namespace stepwise::lint
