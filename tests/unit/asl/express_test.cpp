// asl::express_problems: Express Workflows run only Request Response Tasks; each
// Task that waits (.sync, .sync:2, .waitForTaskToken) or is an activity is named
// at its Resource, nested ones included.
// https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html
// https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
#include <gtest/gtest.h>

#include "asl/compile.h"
#include "asl/express.h"

using namespace stepwise;

namespace {

std::vector<asl::Diagnostic> problems_of(const char* definition) {
    asl::CompileResult compiled = asl::compile(definition);
    EXPECT_TRUE(compiled.ok());
    return compiled.ok() ? asl::express_problems(*compiled.machine) : std::vector<asl::Diagnostic>{};
}

}  // namespace

TEST(ExpressProblems, RequestResponseTasksAreFine) {
    EXPECT_TRUE(problems_of(R"({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Next": "B"},
        "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}})")
                    .empty());
}

TEST(ExpressProblems, EachWaitingTaskIsNamedAtItsResource) {
    auto problems = problems_of(R"({"StartAt": "Sync", "States": {
        "Sync": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                 "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:x"}, "Next": "P"},
        "P": {"Type": "Parallel", "Next": "Act", "Branches": [{"StartAt": "Token", "States": {
            "Token": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      "Parameters": {"QueueUrl": "q", "MessageBody": {"t.$": "$$.Task.Token"}}, "End": true}}}]},
        "Act": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:approve", "End": true}}})");
    ASSERT_EQ(problems.size(), 3u);
    EXPECT_EQ(problems[0].to_string(),
              "SCHEMA_VALIDATION_FAILED: Express state machines do not support activities at /States/Act/Resource");
    EXPECT_EQ(problems[1].pointer, "/States/P/Branches/0/States/Token/Resource");
    EXPECT_EQ(problems[1].message, "Express state machines do not support the '.waitForTaskToken' integration pattern");
    EXPECT_EQ(problems[2].pointer, "/States/Sync/Resource");
    EXPECT_EQ(problems[2].message, "Express state machines do not support the '.sync:2' integration pattern");
}
