// A Task state's call to its resource, as the runtime hands it to whatever
// serves it (a mock, a local Lambda runner, a service emulator), and what
// comes back.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asl/resource.h"
#include "engine/map_run_request.h"
#include "json/value.h"

namespace stepwise::tasks {

struct TaskRequest {
    std::string state_name;
    const asl::Resource* resource = nullptr;  // the state's (the machine outlives the call)
    json::Value parameters;      // the effective input (after InputPath/Parameters or Arguments)
    std::string execution_arn;
    std::string state_machine_name;
    uint64_t task_id = 0;        // the engine's id of this attempt (unique in the execution, the same on replay)
    std::string task_token;      // set for .waitForTaskToken resources
    int64_t retry_count = 0;     // $$.State.RetryCount of this attempt
    std::optional<double> timeout_seconds;
    std::optional<double> heartbeat_seconds;
    // A DISTRIBUTED Map's Map Run (no resource): the router hands it to the Map Run runner.
    std::shared_ptr<const engine::MapRunRequest> map_run;

    const std::string& resource_arn() const {  // "" when there is no resource
        static const std::string none;
        return resource ? resource->arn : none;
    }
};

struct TaskOutcome {
    enum class Kind {
        Succeeded,  // `result` is the raw task result
        Failed,     // `error` and `cause` as the service reported them
        TimedOut,   // the call never finished: the state's timeout fires
        // The call went through and the task now waits: for SendTaskSuccess/
        // Failure with the request's task_token (.waitForTaskToken), or for the
        // same TaskDone to be called again when the job ends (.sync). `result`
        // is the call's response (the TaskSubmitted event's output).
        Submitted,
    };
    Kind kind = Kind::Succeeded;
    json::Value result;
    std::string error;
    std::string cause;
    std::vector<std::string> logs;  // lines the handler printed, for the trace

    static TaskOutcome success(json::Value result) { return {Kind::Succeeded, std::move(result), {}, {}, {}}; }
    static TaskOutcome failure(std::string error, std::string cause) {
        return {Kind::Failed, {}, std::move(error), std::move(cause), {}};
    }
    static TaskOutcome timeout() { return {Kind::TimedOut, {}, "States.Timeout", {}, {}}; }
    static TaskOutcome submitted(json::Value response) { return {Kind::Submitted, std::move(response), {}, {}, {}}; }
};

// Serves the Task invocations of one execution. Implementations may keep
// per-execution state (mock invocation counters, warm workers).
class Executor {
public:
    virtual ~Executor() = default;
    virtual TaskOutcome invoke(const TaskRequest& request) = 0;
};

}  // namespace stepwise::tasks
