// Nested workflows: arn:aws:states:::states:startExecution in its four
// patterns, and arn:aws:states:::aws-sdk:sfn:startExecution, started through
// the shell's ExecutionPort as real executions (their own ARN and history).
//
//   request-response   answers {ExecutionArn, StartDate, SdkHttpMetadata, SdkResponseMetadata}
//   .sync              waits for the child; DescribeExecution's fields, Input/Output as JSON text
//   .sync:2            the same, Input/Output as JSON
//   .waitForTaskToken  starts the child and waits for SendTaskSuccess/Failure with the token
//
// A child that fails, times out or is aborted fails a .sync task with
// States.TaskFailed and the child's description as the cause. Stopping the
// parent (or its task timing out) stops a .sync child.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-nested-workflows.html
#pragma once

#include <memory>

#include "tasks/integrations/execution_port.h"
#include "tasks/task_router.h"

namespace stepwise::tasks {

class StartExecutionIntegration : public Integration {
public:
    explicit StartExecutionIntegration(std::shared_ptr<ExecutionPort> port) : port_(std::move(port)) {}
    bool serves(const asl::Resource& resource) const override;
    TaskCancel start(const TaskRequest& request, TaskDone done) override;

private:
    std::shared_ptr<ExecutionPort> port_;
};

}  // namespace stepwise::tasks
