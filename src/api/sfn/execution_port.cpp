#include "api/sfn/execution_port.h"

namespace stepwise::api {

namespace {

tasks::PortError port_error(const runtime::HostError& error) {
    if (!error) return {};
    return {error.type, error.message};
}

tasks::ChildEnded child_ended(const store::ExecutionRecord& r) {
    tasks::ChildEnded e;
    e.execution_arn = r.arn;
    e.state_machine_arn = r.state_machine_arn;
    e.name = r.name;
    e.status = r.status;
    e.input = r.input;
    e.output = r.output;
    e.error = r.error;
    e.cause = r.cause;
    e.start_ms = r.start_ms;
    e.stop_ms = r.stop_ms.value_or(r.start_ms);
    return e;
}

}  // namespace

ServerExecutionPort::ServerExecutionPort(StepFunctionsService& sfn, runtime::ExecutionHost& host, store::Store& store)
    : sfn_(sfn), host_(host), store_(store) {
    host_.on_status_change([this](const runtime::StatusChange& change) {
        if (change.record.status != "RUNNING") ended(change.record);
    });
}

void ServerExecutionPort::start_execution(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                                          std::function<void(tasks::ChildEnded)> on_end) {
    int depth = 1;
    {
        std::lock_guard lock(mutex_);
        if (auto it = depth_.find(start.parent_execution_arn); it != depth_.end()) depth = it->second + 1;
    }
    if (depth > tasks::kMaxExecutionDepth) {
        tasks::ChildStarted refused;
        refused.error = {"ExecutionLimitExceeded", "stepwise stops nested executions " +
                                                       std::to_string(tasks::kMaxExecutionDepth) +
                                                       " levels deep (a loop of states:startExecution?)"};
        return started(refused);
    }
    sfn_.start_execution(start.state_machine_arn, start.name, start.input,
                         [this, depth, started = std::move(started), on_end = std::move(on_end)](
                             runtime::StartResult result) mutable {
                             tasks::ChildStarted answer;
                             answer.error = port_error(result.error);
                             answer.execution_arn = result.execution_arn;
                             answer.start_ms = result.start_ms;
                             if (!answer.error) {
                                 std::lock_guard lock(mutex_);
                                 depth_[result.execution_arn] = depth;
                                 if (on_end) waiting_[result.execution_arn] = std::move(on_end);
                             }
                             started(answer);
                             if (answer.error) return;
                             // It may have ended before it was waited for.
                             if (auto record = store_.get_execution(result.execution_arn);
                                 record && record->status != "RUNNING")
                                 claim_end(result.execution_arn, *record);
                         });
}

void ServerExecutionPort::ended(const store::ExecutionRecord& record) { claim_end(record.arn, record); }

void ServerExecutionPort::claim_end(const std::string& arn, const store::ExecutionRecord& record) {
    std::function<void(tasks::ChildEnded)> callback;
    {
        std::lock_guard lock(mutex_);
        depth_.erase(arn);
        auto it = waiting_.find(arn);
        if (it == waiting_.end()) return;
        callback = std::move(it->second);
        waiting_.erase(it);
    }
    callback(child_ended(record));
}

void ServerExecutionPort::stop_execution(const std::string& arn, const std::string& error, const std::string& cause) {
    host_.stop(arn, error.empty() ? std::nullopt : std::optional<std::string>(error),
               cause.empty() ? std::nullopt : std::optional<std::string>(cause), [](runtime::HostError, int64_t) {});
}

void ServerExecutionPort::send_task_success(const std::string& token, const std::string& output,
                                            std::function<void(tasks::PortError)> done) {
    host_.send_task_success(token, output, [done = std::move(done)](runtime::HostError e) { done(port_error(e)); });
}

void ServerExecutionPort::send_task_failure(const std::string& token, const std::optional<std::string>& error,
                                            const std::optional<std::string>& cause,
                                            std::function<void(tasks::PortError)> done) {
    host_.send_task_failure(token, error, cause, [done = std::move(done)](runtime::HostError e) { done(port_error(e)); });
}

void ServerExecutionPort::send_task_heartbeat(const std::string& token, std::function<void(tasks::PortError)> done) {
    host_.send_task_heartbeat(token, [done = std::move(done)](runtime::HostError e) { done(port_error(e)); });
}

}  // namespace stepwise::api
