// The optimized EventBridge integration of Task states,
// arn:aws:states:::events:putEvents[.waitForTaskToken], served by an
// in-process event bus (serve's, or the one `stepwise run` builds from the
// project's schemas). The execution's ARN and its state machine's ARN are
// appended to each entry's Resources; a failed entry fails the task with
// EventBridge.FailedEntry.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
#pragma once

#include "events/bus/event_bus.h"
#include "tasks/task_router.h"

namespace stepwise::tasks {

class PutEventsIntegration : public Integration {
public:
    explicit PutEventsIntegration(events::EventBus& bus) : bus_(bus) {}
    bool serves(const asl::Resource& resource) const override;
    TaskCancel start(const TaskRequest& request, TaskDone done) override;

private:
    events::EventBus& bus_;
};

}  // namespace stepwise::tasks
