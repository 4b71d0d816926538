// The optimized EventBridge integration of Task states,
// arn:aws:states:::events:putEvents[.waitForTaskToken], served by the local
// event bus.
// https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
#pragma once

#include <optional>

#include "events/bus/event_bus.h"
#include "tasks/task.h"

namespace stepwise::api {

// The task's outcome, or nullopt when the resource is not events:putEvents.
// The execution's ARN and its state machine's ARN are appended to each
// entry's Resources; a failed entry fails the task with EventBridge.FailedEntry.
std::optional<tasks::TaskOutcome> put_events_task(events::EventBus& bus, const tasks::TaskRequest& request);

// arn:aws:states:R:A:execution:M:E (or express:M:E:id) -> arn:aws:states:R:A:stateMachine:M
std::string state_machine_arn_of_execution(std::string_view execution_arn);

}  // namespace stepwise::api
