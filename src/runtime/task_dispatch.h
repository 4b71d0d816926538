// What the shells (runtime::run and the ExecutionHost) share about a task:
// the request made from the engine's InvokeTask command, and the input event
// made from what came back.
#pragma once

#include <cstdint>
#include <string>

#include "engine/execution.h"
#include "tasks/task.h"

namespace stepwise::runtime {

// Moves the command's parameters into the request.
tasks::TaskRequest task_request(engine::Command& invoke, const std::string& execution_arn,
                                const std::string& state_machine_name);

// TaskSucceeded / TaskFailed / TaskTimedOut for task `task_id` (time_ms left 0).
engine::InputEvent task_outcome_event(uint64_t task_id, tasks::TaskOutcome outcome);

}  // namespace stepwise::runtime
