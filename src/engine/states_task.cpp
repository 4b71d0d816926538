// Task: InputPath -> Parameters -> invoke the resource (TaskScheduled/Started,
// LambdaFunctionScheduled/Started for a plain Lambda ARN, ActivityScheduled for
// an activity ARN, ActivityStarted once a worker takes it) -> the result ->
// ResultSelector -> ResultPath -> OutputPath.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
#include <cmath>

#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/task_token.h"
#include "engine/variables.h"
#include "json/write.h"

namespace stepwise::engine::states {

namespace {

std::optional<double> resolve_seconds(Core& core, Frame& f, const asl::DynamicNumber& n, const json::Value& input,
                                      std::string_view field) {
    if (n.literal) return n.literal;
    if (n.jsonata) {
        double v = eval_jsonata_number(core, f, *n.jsonata, StatesVar{&f.input}, field);
        return v;
    }
    if (!n.path) return std::nullopt;
    auto v = select_path(core, f, n.path, input);
    if (!v) throw runtime_error(f, missing_path_message(n.path, input));
    if (!v->is_number() || !v->is_integer() || v->as_int() < 1)
        throw runtime_error(f, "The " + std::string(field) + " field refers to value \"" +
                                   (v->is_string() ? std::string(v->as_string()) : json::dump(*v)) +
                                   "\" which is not a valid positive integer: " + n.path.text());
    return static_cast<double>(v->as_int());
}

// The history events of one kind of resource.
//
// TaskStartFailed, TaskSubmitFailed, LambdaFunctionScheduleFailed and
// LambdaFunctionStartFailed are never written: AWS keeps them for failures of
// its own before a call reaches the service (the SWF events they come from:
// limits, the service missing in the region, the role it cannot assume),
// which nothing here models. What a service, a local function or a mock
// answers with an error is a TaskFailed / LambdaFunctionFailed, as AWS writes
// it for an error the service returned (Step Functions Local writes a mock's
// Throw the same way).
// https://docs.aws.amazon.com/amazonswf/latest/apireference/API_ScheduleLambdaFunctionFailedEventAttributes.html
// https://docs.aws.amazon.com/amazonswf/latest/apireference/API_StartLambdaFunctionFailedEventAttributes.html
struct TaskEvents {
    EventType scheduled, started, succeeded, failed, timed_out;
    bool started_when_invoked;  // activities start when a worker takes the task
};

constexpr TaskEvents kServiceEvents{EventType::TaskScheduled, EventType::TaskStarted, EventType::TaskSucceeded,
                                    EventType::TaskFailed, EventType::TaskTimedOut, true};
constexpr TaskEvents kLambdaFunctionEvents{EventType::LambdaFunctionScheduled, EventType::LambdaFunctionStarted,
                                           EventType::LambdaFunctionSucceeded, EventType::LambdaFunctionFailed,
                                           EventType::LambdaFunctionTimedOut, true};
constexpr TaskEvents kActivityEvents{EventType::ActivityScheduled, EventType::ActivityStarted,
                                     EventType::ActivitySucceeded, EventType::ActivityFailed,
                                     EventType::ActivityTimedOut, false};

const TaskEvents& events_of(const asl::TaskState& s) {
    if (s.resource.is_activity()) return kActivityEvents;
    if (s.resource.is_lambda_function()) return kLambdaFunctionEvents;
    return kServiceEvents;
}

}  // namespace

void task(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::TaskState>();
    core.begin_task_attempt(f, s.resource.takes_task_token());
    const bool jsonata = is_jsonata(f);
    json::Value effective = jsonata ? f.input : apply_input_path(core, f, s.input_path, f.input);
    json::Value params = jsonata ? (s.arguments ? eval_jsonata(core, f, *s.arguments, StatesVar{&f.input}, "Arguments") : effective)
                                 : s.parameters ? apply_template(core, f, s.parameters, effective, "Parameters") : effective;
    if (core.observer && jsonata && s.arguments) core.observer->after_arguments(f, params);
    if (core.observer && !jsonata && s.parameters) core.observer->after_parameters(f, params);
    core.check_payload(f, params);
    std::optional<double> timeout =
        resolve_seconds(core, f, s.timeout_seconds, effective, jsonata ? "TimeoutSeconds" : "TimeoutSecondsPath");
    std::optional<double> heartbeat =
        resolve_seconds(core, f, s.heartbeat_seconds, effective, jsonata ? "HeartbeatSeconds" : "HeartbeatSecondsPath");
    const TaskEvents& events = events_of(s);
    {
        HistoryEvent& ev = core.emit(f, events.scheduled);
        ev.state = &s;
        ev.input = params;
        ev.retry_count = f.retry_count;
        ev.timeout_seconds = timeout;
        ev.heartbeat_seconds = heartbeat;
    }
    if (events.started_when_invoked) {
        HistoryEvent& ev = core.emit(f, events.started);
        ev.state = &s;
        ev.retry_count = f.retry_count;
    }
    core.invoke_task(f, std::move(params), timeout, heartbeat);
    f.phase = Frame::Phase::Blocked;
}

void activity_started(Core& core, Frame& f, const InputEvent& e) {
    const auto& s = f.state->as<asl::TaskState>();
    if (!s.resource.is_activity() || f.activity_started) return;
    f.activity_started = true;
    HistoryEvent& ev = core.emit(f, EventType::ActivityStarted);
    ev.state = &s;
    ev.input = e.value;
    ev.retry_count = f.retry_count;
}

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TaskSubmittedEventDetails.html
void task_submitted(Core& core, Frame& f, const InputEvent& e) {
    const auto& s = f.state->as<asl::TaskState>();
    if (s.resource.kind != asl::Resource::Kind::Service || s.resource.pattern == asl::IntegrationPattern::RequestResponse ||
        f.task_submitted)
        return;
    f.task_submitted = true;
    HistoryEvent& ev = core.emit(f, EventType::TaskSubmitted);
    ev.state = &s;
    ev.output = e.value;
    ev.retry_count = f.retry_count;
}

void task_outcome(Core& core, Frame& f, const InputEvent& e) {
    const auto& s = f.state->as<asl::TaskState>();
    const TaskEvents& events = events_of(s);
    switch (e.kind) {
        case InputEvent::Kind::TaskSucceeded: {
            {
                HistoryEvent& ev = core.emit(f, events.succeeded);
                ev.state = &s;
                ev.output = e.value;
                ev.retry_count = f.retry_count;
            }
            if (core.observer) core.observer->result(f, e.value);
            int64_t result_size = core.check_result_payload(f, e.value);
            if (is_jsonata(f)) {
                finish_jsonata(core, f, StatesVar{&f.input, &e.value}, e.value, s.next, s.assign, s.output);
                return;
            }
            json::Value result = s.result_selector ? apply_template(core, f, s.result_selector, e.value, "ResultSelector")
                                                   : e.value;
            if (s.result_selector) {
                result_size = -1;
                if (core.observer) core.observer->after_result_selector(f, result);
            }
            apply_assign(core, f, s.assign, result, {});
            f.output_bound = result_path_bound(s.result_path, f.input_size, result_size);
            json::Value out = apply_result_path(core, f, s.result_path, f.input, std::move(result));
            out = apply_output_path(core, f, s.output_path, std::move(out));
            core.finish_state(f, std::move(out), s.next);
            return;
        }
        case InputEvent::Kind::TaskFailed: {
            {
                // A worker fails only a task it took, so an activity failing before then failed to be scheduled.
                bool schedule_failed = !events.started_when_invoked && !f.activity_started;
                HistoryEvent& ev = core.emit(f, schedule_failed ? EventType::ActivityScheduleFailed : events.failed);
                ev.state = &s;
                ev.error = e.error;
                ev.cause = e.cause;
                ev.retry_count = f.retry_count;
            }
            core.fail_state(f, StateError{e.error, e.cause, false, false});
            return;
        }
        case InputEvent::Kind::TaskTimedOut: {
            std::string name = e.error ? *e.error : std::string(errors::Timeout);
            // AWS hands a timed-out task on with an empty cause ({"Error": "States.Timeout", "Cause": ""}).
            std::optional<std::string> timeout_cause = e.cause ? e.cause : std::optional<std::string>("");
            {
                HistoryEvent& ev = core.emit(f, events.timed_out);
                ev.state = &s;
                ev.error = name;
                ev.cause = timeout_cause;
                ev.retry_count = f.retry_count;
            }
            core.fail_state(f, StateError{name, timeout_cause, false, false});
            return;
        }
        default: return;
    }
}

}  // namespace stepwise::engine::states
