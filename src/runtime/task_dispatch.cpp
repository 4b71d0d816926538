#include "runtime/task_dispatch.h"

namespace stepwise::runtime {

tasks::TaskRequest task_request(engine::Command& c, const std::string& execution_arn,
                                const std::string& state_machine_name) {
    tasks::TaskRequest request;
    if (c.map_run) {
        request.state_name = c.map_run->state_name;
        request.map_run = c.map_run;
    } else {
        request.state_name = c.state->name;
        request.resource = &c.state->resource;
    }
    request.parameters = std::move(c.parameters);
    request.execution_arn = execution_arn;
    request.state_machine_name = state_machine_name;
    request.task_token = c.task_token;
    request.task_id = c.id;
    request.retry_count = c.retry_count;
    request.timeout_seconds = c.timeout_seconds;
    request.heartbeat_seconds = c.heartbeat_seconds;
    return request;
}

engine::InputEvent task_outcome_event(uint64_t task_id, tasks::TaskOutcome outcome) {
    engine::InputEvent ev;
    ev.ref = task_id;
    switch (outcome.kind) {
        case tasks::TaskOutcome::Kind::Succeeded:
            ev.kind = engine::InputEvent::Kind::TaskSucceeded;
            ev.value = std::move(outcome.result);
            break;
        case tasks::TaskOutcome::Kind::Failed:
            ev.kind = engine::InputEvent::Kind::TaskFailed;
            if (!outcome.error.empty()) ev.error = std::move(outcome.error);
            if (!outcome.cause.empty()) ev.cause = std::move(outcome.cause);
            break;
        case tasks::TaskOutcome::Kind::TimedOut:
            ev.kind = engine::InputEvent::Kind::TaskTimedOut;
            ev.error = outcome.error.empty() ? std::string("States.Timeout") : std::move(outcome.error);
            if (!outcome.cause.empty()) ev.cause = std::move(outcome.cause);
            break;
    }
    return ev;
}

}  // namespace stepwise::runtime
