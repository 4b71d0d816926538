// A Task state's call to its resource, as the runtime hands it to whatever
// serves it (a mock, a local Lambda runner, a service emulator), and what
// comes back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "json/value.h"

namespace stepwise::tasks {

struct TaskRequest {
    std::string state_name;
    std::string resource;        // e.g. arn:aws:states:::lambda:invoke
    json::Value parameters;      // the effective input (after InputPath/Parameters or Arguments)
    std::string execution_arn;
    std::string state_machine_name;
    std::string task_token;      // set for .waitForTaskToken resources
    int64_t retry_count = 0;     // $$.State.RetryCount of this attempt
    std::optional<double> timeout_seconds;
    std::optional<double> heartbeat_seconds;
};

struct TaskOutcome {
    enum class Kind {
        Succeeded,  // `result` is the raw task result
        Failed,     // `error` and `cause` as the service reported them
        TimedOut,   // the call never finished: the state's timeout fires
    };
    Kind kind = Kind::Succeeded;
    json::Value result;
    std::string error;
    std::string cause;
    std::vector<std::string> logs;  // lines the handler printed, for the trace
    // Set with Succeeded for a .waitForTaskToken resource whose call went
    // through: the state's result comes later, from SendTaskSuccess/Failure
    // with the request's task_token (`result` is only the call's response).
    bool awaiting_callback = false;

    static TaskOutcome success(json::Value result) { return {Kind::Succeeded, std::move(result), {}, {}, {}}; }
    static TaskOutcome failure(std::string error, std::string cause) {
        return {Kind::Failed, {}, std::move(error), std::move(cause), {}};
    }
    static TaskOutcome timeout() { return {Kind::TimedOut, {}, "States.Timeout", {}, {}}; }
};

// Serves the Task invocations of one execution. Implementations may keep
// per-execution state (mock invocation counters, warm workers).
class Executor {
public:
    virtual ~Executor() = default;
    virtual TaskOutcome invoke(const TaskRequest& request) = 0;
};

}  // namespace stepwise::tasks
