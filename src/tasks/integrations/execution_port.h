// What the Step Functions integrations (states:startExecution, aws-sdk:sfn:*)
// ask of the shell that runs the calling execution: `stepwise run` starts
// children on its own virtual clock, `stepwise serve` starts them on the
// server, as StartExecution would.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "asl/machine.h"

namespace stepwise::tasks {

// How deep nested executions may go. AWS documents no limit; a loop of starts
// is cut here (the depth Lambda's recursive-loop detection allows).
inline constexpr int kMaxExecutionDepth = 16;

struct ChildStart {
    std::string state_machine_arn;  // as the task gave it: unqualified, a version or alias ARN, or with #TestCase
    std::optional<std::string> name;
    std::string input;              // JSON text
    std::string parent_execution_arn;
    // The name was not given: it is derived from the parent's task, so a
    // parent resumed after a crash that sends the start again finds the child
    // it started before (ExecutionAlreadyExists then means "adopt it").
    bool name_derived = false;
    // A Distributed Map's child (tasks/map_run): `machine` runs directly,
    // named `name` under the state machine name `state_machine_name`
    // (<machine>/<label>), as a child of the Map Run `map_run_arn`.
    std::shared_ptr<const asl::Machine> machine;
    std::string state_machine_name;
    std::string map_run_arn;
    std::string map_run_state_name;  // the Map state's name (where the shell finds `machine` again)
    int64_t item_count = 0;          // the items in its input (1, or its batch's)
    std::string express_id;          // EXPRESS: its ARN's last part (engine::ExecutionConfig::express_id)
    bool express = false;
};

// An API error, as the StartExecution/SendTask* operation would answer it.
struct PortError {
    std::string code;     // "StateMachineDoesNotExist", "ExecutionAlreadyExists", "InvalidToken", ...
    std::string message;
    explicit operator bool() const { return !code.empty(); }
};

// A start refused for nesting deeper than kMaxExecutionDepth.
inline PortError too_deep() {
    return {"ExecutionLimitExceeded", "stepwise stops nested executions " + std::to_string(kMaxExecutionDepth) +
                                          " levels deep (a loop of states:startExecution?)"};
}

struct ChildStarted {
    PortError error;
    std::string execution_arn;
    int64_t start_ms = 0;
};

// A child execution that ended: DescribeExecution's fields.
struct ChildEnded {
    std::string execution_arn;
    std::string state_machine_arn;
    std::string name;
    std::string status;            // SUCCEEDED, FAILED, TIMED_OUT, ABORTED
    std::string input;             // JSON text
    std::optional<std::string> output;  // JSON text, when SUCCEEDED
    std::optional<std::string> error;
    std::optional<std::string> cause;
    int64_t start_ms = 0;
    int64_t stop_ms = 0;
};

class ExecutionPort {
public:
    virtual ~ExecutionPort() = default;
    // Starts an execution; `started` answers once it is started or refused,
    // `ended` (when set) once it ends. Either may run on any thread, and
    // `started` may run before this returns.
    virtual void start_execution(ChildStart start, std::function<void(ChildStarted)> started,
                                 std::function<void(ChildEnded)> ended) = 0;
    // A child that ended, as DescribeExecution knows it (nullopt: unknown or still running).
    virtual std::optional<ChildEnded> ended_execution(const std::string& execution_arn) {
        (void)execution_arn;
        return std::nullopt;
    }
    // RedriveExecution of a child (a redriven Map Run's children that did not
    // succeed); `ended` once it ends again. Shells without redrive refuse.
    virtual void redrive_execution(const std::string& execution_arn, std::function<void(PortError)> redriven,
                                   std::function<void(ChildEnded)> ended) {
        (void)execution_arn;
        (void)ended;
        redriven({"ValidationException", "this shell cannot redrive executions"});
    }
    // StopExecution, for a parent whose .sync task ended first. Best effort.
    virtual void stop_execution(const std::string& execution_arn, const std::string& error,
                                const std::string& cause) = 0;
    // SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
    virtual void send_task_success(const std::string& token, const std::string& output,
                                   std::function<void(PortError)> done) = 0;
    virtual void send_task_failure(const std::string& token, const std::optional<std::string>& error,
                                   const std::optional<std::string>& cause, std::function<void(PortError)> done) = 0;
    virtual void send_task_heartbeat(const std::string& token, std::function<void(PortError)> done) = 0;
};

}  // namespace stepwise::tasks
