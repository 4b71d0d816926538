#include "api/sfn/execution_port.h"

#include "api/sfn/definitions.h"
#include "aws/arn.h"
#include "json/parse.h"

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

tasks::ChildStarted ServerExecutionPort::start_answer(const runtime::StartResult& result, bool name_derived,
                                                     const std::string& would_be, const std::string& input,
                                                     const std::function<void(const store::ExecutionRecord&)>& watch) {
    tasks::ChildStarted answer{port_error(result.error), result.execution_arn, result.start_ms};
    // Sent again by a parent resumed after a crash: the child it started before, when its input is the same.
    if (result.error.type == "ExecutionAlreadyExists" && name_derived) {
        if (auto record = store_.get_execution(would_be); record && record->input == input) {
            answer = tasks::ChildStarted{{}, would_be, record->start_ms};
            if (watch && !host_->watch_end(would_be, watch)) answer.error = port_error(result.error);
        }
    }
    return answer;
}

void ServerExecutionPort::start_map_child(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                                          std::function<void(tasks::ChildEnded)> on_end) {
    auto refuse = [&](std::string code, std::string message) {
        tasks::ChildStarted refused;
        refused.error = {std::move(code), std::move(message)};
        started(refused);
    };
    // The parent waits for its Map Run, so it is live; its record may not be
    // stored yet (it starts the run in its first step), or ever (EXPRESS).
    auto parent_arn = aws::parse_execution_arn(start.parent_execution_arn);
    std::optional<std::string> config_text = host_->live_config(start.parent_execution_arn);
    auto parent = config_text ? json::try_parse(*config_text) : std::nullopt;
    auto text = [&](std::string_view key) {
        const json::Value* v = parent ? parent->find(key) : nullptr;
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    if (!parent_arn || text("definitionId").empty())
        return refuse("ExecutionDoesNotExist", "Execution Does Not Exist: '" + start.parent_execution_arn + "'");
    runtime::StartRequest request;
    request.machine = start.machine;
    request.definition_id = map_child_definition_id(text("definitionId"), start.map_run_state_name);
    request.scope = parent_arn->scope;
    request.state_machine_name = start.state_machine_name;
    request.state_machine_arn = aws::state_machine_arn(parent_arn->scope, start.state_machine_name);
    request.name = start.name.value_or("");
    request.express = start.express;
    request.map_run_arn = start.map_run_arn;
    request.item_count = start.item_count;
    request.express_id = start.express_id;
    // Its Tasks answer to its parent's mock test case.
    request.test_case = text("testCase");
    request.mock_state_machine = text("mockStateMachine").empty() ? text("stateMachineName") : text("mockStateMachine");
    auto input = json::try_parse(start.input);
    if (!input) return refuse("InvalidExecutionInput", "Invalid State Machine Execution Input: '" + start.input + "'");
    request.input = runtime::ExecutionInput{std::move(*input), std::move(start.input)};
    if (on_end) request.on_end = [on_end](const store::ExecutionRecord& record) { on_end(child_ended(record)); };
    const bool derived = start.name_derived;
    const std::string would_be =
        start.express ? aws::express_execution_arn(parent_arn->scope, start.state_machine_name, request.name, start.express_id)
                      : aws::execution_arn(parent_arn->scope, start.state_machine_name, request.name);
    const std::string input_text = request.input.text;
    auto watch = request.on_end;
    host_->start(std::move(request), [this, started = std::move(started), derived, would_be, input_text,
                                      watch](runtime::StartResult result) {
        started(start_answer(result, derived, would_be, input_text, watch));
    });
}

std::optional<tasks::ChildEnded> ServerExecutionPort::ended_execution(const std::string& execution_arn) {
    auto record = store_.get_execution(execution_arn);
    if (!record || record->status == "RUNNING") return std::nullopt;
    return child_ended(*record);
}

void ServerExecutionPort::redrive_execution(const std::string& execution_arn,
                                            std::function<void(tasks::PortError)> redriven,
                                            std::function<void(tasks::ChildEnded)> ended) {
    host_->redrive(execution_arn, [this, execution_arn, redriven = std::move(redriven),
                                   ended = std::move(ended)](runtime::HostError error, int64_t) {
        if (!error && ended)
            host_->watch_end(execution_arn, [ended](const store::ExecutionRecord& r) { ended(child_ended(r)); });
        redriven(port_error(error));
    });
}

void ServerExecutionPort::start_execution(tasks::ChildStart start, std::function<void(tasks::ChildStarted)> started,
                                          std::function<void(tasks::ChildEnded)> on_end) {
    if (start.machine) return start_map_child(std::move(start), std::move(started), std::move(on_end));
    int depth = 1;
    {
        std::lock_guard lock(mutex_);
        if (auto it = depth_.find(start.parent_execution_arn); it != depth_.end()) depth = it->second + 1;
    }
    if (depth > tasks::kMaxExecutionDepth) {
        tasks::ChildStarted refused;
        refused.error = tasks::too_deep();
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
            tasks::ChildStarted answer = start_answer(result, start.name_derived, would_be, start.input, record_end);
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
