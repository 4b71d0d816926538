// arn:aws:states:::aws-sdk:sfn:sendTaskSuccess / sendTaskFailure /
// sendTaskHeartbeat, served in process through the shell's ExecutionPort, so
// a child started with states:startExecution.waitForTaskToken can answer its
// parent in `stepwise run` as it would on AWS. Each answers {} as the SDK does.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html
#pragma once

#include <memory>

#include "tasks/integrations/execution_port.h"
#include "tasks/task_router.h"

namespace stepwise::tasks {

class SendTaskIntegration : public Integration {
public:
    explicit SendTaskIntegration(std::shared_ptr<ExecutionPort> port) : port_(std::move(port)) {}
    bool serves(const asl::Resource& resource) const override;
    TaskCancel start(const TaskRequest& request, TaskDone done) override;

private:
    std::shared_ptr<ExecutionPort> port_;
};

}  // namespace stepwise::tasks
