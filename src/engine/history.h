// History events: the append-only record of an execution, shaped like AWS's
// GetExecutionHistory `HistoryEvent`s.
//
// Events are cheap to make: payloads are shared json::Value handles (no
// serialisation), the state is a pointer into the immutable Machine. The AWS
// JSON (with payloads as JSON *strings*) is rendered only by to_json().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "asl/machine.h"
#include "json/value.h"

namespace stepwise::engine {

enum class EventType : uint8_t {
    ExecutionStarted,
    ExecutionSucceeded,
    ExecutionFailed,
    ExecutionAborted,
    ExecutionTimedOut,
    StateEntered,  // rendered as <Type>StateEntered (PassStateEntered, ...)
    StateExited,   // rendered as <Type>StateExited
    TaskScheduled,
    TaskStarted,
    TaskSubmitted,  // a .sync / .waitForTaskToken call went through; output = its response
    TaskSucceeded,
    TaskFailed,
    TaskTimedOut,
    TaskStateAborted,  // the execution was stopped or timed out while in a Task state (aborted_states.cpp)
    WaitStateAborted,  // ... in a Wait state
    LambdaFunctionScheduled,
    LambdaFunctionStarted,
    LambdaFunctionSucceeded,
    LambdaFunctionFailed,
    LambdaFunctionTimedOut,
    ParallelStateStarted,
    ParallelStateSucceeded,
    ParallelStateFailed,
    ParallelStateAborted,
    MapStateStarted,
    MapStateSucceeded,
    MapStateFailed,
    MapStateAborted,
    MapIterationStarted,
    MapIterationSucceeded,
    MapIterationFailed,
    MapIterationAborted,
    MapRunStarted,
    MapRunSucceeded,
    MapRunFailed,
    MapRunAborted,  // the execution stopped while its Map Run ran
    MapRunRedriven,
    EvaluationFailed,  // a JSONata expression failed (before ExecutionFailed / MapStateFailed)
    ExecutionRedriven,
    // A Task whose Resource is an activity ARN records these instead of Task*.
    ActivityScheduled,
    ActivityScheduleFailed,
    ActivityStarted,    // a worker took the task (GetActivityTask)
    ActivitySucceeded,
    ActivityFailed,
    ActivityTimedOut,
};

// What an event needs from its execution to render itself as AWS JSON.
struct HistoryContext {
    std::string execution_arn;
    std::string state_machine_arn;
    std::string role_arn;
    std::string version_arn;  // "" unless started through a version or an alias
    std::string alias_arn;    // "" unless started through an alias
    std::string region = "us-east-1";
    std::string map_run_arn_prefix;  // arn:aws:states:<region>:<account>:mapRun:<machine>/
};

struct HistoryEvent {
    EventType type = EventType::ExecutionStarted;
    int64_t id = 0;
    int64_t previous_id = 0;
    int64_t timestamp_ms = 0;             // milliseconds since the Unix epoch
    const asl::State* state = nullptr;    // the state of state, task, Parallel and Map events
    json::Value input;                    // state/execution input, task parameters, Lambda/activity input;
                                          // ActivityStarted: the worker name (a string)
    json::Value output;                   // state/execution/task output
    std::optional<std::string> error;     // failures
    std::optional<std::string> cause;
    std::optional<std::string> location;  // EvaluationFailed: the field that failed ("Output/result")
    int64_t index = -1;                   // MapIteration*: the item index; MapStateStarted: the item count
    int64_t retry_count = 0;              // task events: $$.State.RetryCount of the attempt
    int64_t redrive_count = 0;            // ExecutionRedriven
    std::optional<double> timeout_seconds;    // TaskScheduled / LambdaFunctionScheduled / ActivityScheduled
    std::optional<double> heartbeat_seconds;  // TaskScheduled / ActivityScheduled
    json::Value assigned;                 // StateExited: the variables the state assigned (object), or null

    // "PassStateEntered", "TaskScheduled", ...
    std::string type_name() const;
    // The state's name ("" for execution-level events).
    std::string_view state_name() const;
    // The event as GetExecutionHistory returns it: {"timestamp", "type", "id",
    // "previousEventId", "<x>EventDetails": {...}} with payloads as JSON strings.
    json::Value to_json(const HistoryContext& context) const;
};

// A Map Run's ARN: arn:…:mapRun:<machine>/<Label or state name>:<uuid>, the
// uuid derived from the execution and the id of its MapRunStarted event, so a
// replay (and a redrive, which keeps the first id) names the same run.
std::string map_run_arn(const HistoryContext& context, const asl::State& map_state, int64_t started_event_id);
// A seed derived from an execution and an event id (map_run_arn's uuid, a Map Run's randomness).
uint64_t map_run_seed(std::string_view execution_arn, int64_t event_id);

// ISO-8601 UTC with milliseconds: 2024-01-01T00:00:00.000Z.
std::string format_timestamp(int64_t ms);

}  // namespace stepwise::engine
