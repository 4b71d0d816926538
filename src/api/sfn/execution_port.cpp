#include "api/sfn/execution_port.h"

#include "aws/arn.h"

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

// arn:…:stateMachine:M[:qualifier][#case] + name -> arn:…:execution:M:name ("" when not a state machine's)
std::string execution_arn_of(const std::string& state_machine_arn, const std::string& name) {
    auto machine = aws::parse_state_machine_arn(std::string_view(state_machine_arn).substr(0, state_machine_arn.find('#')));
    return machine ? aws::execution_arn(machine->scope, machine->machine, name) : "";
}

}  // namespace

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
    // Watched to its end in any case: its depth is forgotten then.
    auto shared_end = std::make_shared<std::function<void(tasks::ChildEnded)>>(std::move(on_end));
    std::function<void(const store::ExecutionRecord&)> record_end = [this, shared_end](
                                                                        const store::ExecutionRecord& record) {
        {
            std::lock_guard lock(mutex_);
            depth_.erase(record.arn);
        }
        if (*shared_end) (*shared_end)(child_ended(record));
    };
    // Its depth is known before it can end (its end forgets it).
    const std::string would_be = start.name ? execution_arn_of(start.state_machine_arn, *start.name) : "";
    if (!would_be.empty()) {
        std::lock_guard lock(mutex_);
        depth_[would_be] = depth;
    }
    sfn_->start_execution(
        start.state_machine_arn, start.name, start.input,
        [this, start, would_be, started = std::move(started), record_end](runtime::StartResult result) {
            tasks::ChildStarted answer;
            answer.error = port_error(result.error);
            answer.execution_arn = result.execution_arn;
            answer.start_ms = result.start_ms;
            // Sent again by a parent resumed after a crash: the child it started before.
            if (result.error.type == "ExecutionAlreadyExists" && start.name_derived) {
                if (auto record = store_.get_execution(would_be); record && record->input == start.input) {
                    answer = tasks::ChildStarted{{}, would_be, record->start_ms};
                    if (!host_->watch_end(would_be, record_end)) answer.error = port_error(result.error);
                }
            }
            if (answer.error && !would_be.empty()) {
                std::lock_guard lock(mutex_);
                depth_.erase(would_be);
            }
            started(answer);
        },
        record_end);
}

void ServerExecutionPort::stop_execution(const std::string& arn, const std::string& error, const std::string& cause) {
    host_->stop(arn, error.empty() ? std::nullopt : std::optional<std::string>(error),
               cause.empty() ? std::nullopt : std::optional<std::string>(cause), [](runtime::HostError, int64_t) {});
}

void ServerExecutionPort::send_task_success(const std::string& token, const std::string& output,
                                            std::function<void(tasks::PortError)> done) {
    host_->send_task_success(token, output, [done = std::move(done)](runtime::HostError e) { done(port_error(e)); });
}

void ServerExecutionPort::send_task_failure(const std::string& token, const std::optional<std::string>& error,
                                            const std::optional<std::string>& cause,
                                            std::function<void(tasks::PortError)> done) {
    host_->send_task_failure(token, error, cause, [done = std::move(done)](runtime::HostError e) { done(port_error(e)); });
}

void ServerExecutionPort::send_task_heartbeat(const std::string& token, std::function<void(tasks::PortError)> done) {
    host_->send_task_heartbeat(token, [done = std::move(done)](runtime::HostError e) { done(port_error(e)); });
}

}  // namespace stepwise::api
