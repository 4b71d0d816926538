// TestState: one state, once, with its input/output processing recorded.
// The state runs through the engine's own handlers (states_*.cpp) on a frame
// of its own, with this file as their observer (engine/observer.h); where the
// state would wait, TestState supplies what the shell would: a Wait's timer
// fires at once, and the work of a Task, Map or Parallel comes from the
// request's mock. The state's transition is reported, never followed.
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
#include "engine/test_state.h"

#include <cmath>

#include "engine/core.h"
#include "engine/jsonpath_flow.h"
#include "engine/observer.h"
#include "engine/states.h"
#include "engine/test_state_map_run.h"
#include "engine/timestamp.h"
#include "engine/variables.h"
#include "json/write.h"

namespace stepwise::engine {

namespace {

json::Value execution_context(const Core& core, const TestStateRequest& request) {
    json::Object execution{{"Id", core.execution_arn},
                           {"Input", request.input},
                           {"StartTime", format_iso8601_ms(request.now_ms)},
                           {"Name", core.execution_name},
                           {"RoleArn", core.config_.role_arn},
                           {"RedriveCount", 0}};
    json::Object machine{{"Id", core.state_machine_arn}, {"Name", core.config_.state_machine_name}};
    return json::Value(json::Object{{"Execution", json::Value(std::move(execution))},
                                    {"StateMachine", json::Value(std::move(machine))}});
}

ExecutionConfig test_config(const TestStateRequest& request) {
    ExecutionConfig config;
    config.state_machine_name = "TestState";
    config.execution_name = "TestState";
    config.scope = request.scope;
    config.role_arn = request.role_arn;
    config.keep_journal = false;
    return config;
}

void set_text(json::Object& o, std::string_view name, const std::optional<json::Value>& v) {
    if (v) o.set(name, json::dump(*v));
}

}  // namespace

// A friend of Core: it drives one frame by hand instead of through the ready
// queue, so the state after the tested one never runs.
class StateTest final : public StateObserver {
public:
    StateTest(const std::shared_ptr<const asl::Machine>& machine, const TestStateRequest& request)
        : request_(request), core_(machine, test_config(request)) {
        core_.observer = this;
        core_.commands_ = &commands_;
        core_.now_ms_ = request.now_ms;
        core_.execution_input = request.input;
        core_.execution_context = execution_context(core_, request);
        if (request.context) core_.fixed_context = *request.context;
        data_.input = request.input;
    }

    TestStateResult run() {
        Frame& f = enter();
        core_.execute_state(f);
        if (core_.status == Status::Running && f.phase == Frame::Phase::Blocked) {
            switch (f.wait) {
                case Frame::Wait::Task: task_work(f); break;
                case Frame::Wait::WaitTimer: fire_timer(f); break;
                case Frame::Wait::Children: children_work(f); break;
                default: break;
            }
        }
        if (result_.invalid_request) return std::move(result_);
        report(f);
        if (f.vars) data_.variables = f.vars->vars;
        if (request_.level != InspectionLevel::Info) result_.inspection = std::move(data_);
        return std::move(result_);
    }

    // ---- StateObserver: the inspection data ----
    void after_input_path(const Frame& f, const json::Value& v) override { keep(f, data_.after_input_path, v); }
    void after_parameters(const Frame& f, const json::Value& v) override { keep(f, data_.after_parameters, v); }
    void after_arguments(const Frame& f, const json::Value& v) override { keep(f, data_.after_arguments, v); }
    void after_items_path(const Frame& f, const json::Value& v) override { keep(f, data_.after_items_path, v); }
    void after_item_selector(const Frame& f, size_t, const json::Value& v) override {
        if (mine(f)) data_.after_item_selector->mutable_array().push_back(v);
    }
    void map_settings(const Frame& f, std::optional<double> max_concurrency, std::optional<double> tolerated_count,
                      std::optional<double> tolerated_percentage) override {
        if (!mine(f)) return;
        // An INLINE Map's iterations report their inputs one by one; a
        // DISTRIBUTED one's come with its Map Run (stand_in_for_map_run).
        if (f.state->as<asl::MapState>().mode == asl::MapState::Mode::Inline)
            data_.after_item_selector = json::Value(json::Array{});
        if (max_concurrency) data_.max_concurrency = static_cast<int64_t>(*max_concurrency);
        if (tolerated_count) data_.tolerated_failure_count = static_cast<int64_t>(*tolerated_count);
        data_.tolerated_failure_percentage = tolerated_percentage;
    }
    void result(const Frame& f, const json::Value& v) override { keep(f, data_.result, v); }
    void after_result_selector(const Frame& f, const json::Value& v) override {
        keep(f, data_.after_result_selector, v);
    }
    void after_result_path(const Frame& f, const json::Value& v) override { keep(f, data_.after_result_path, v); }
    void failed(const Frame& f, const StateError& error) override {
        if (mine(f)) error_ = error;
    }
    void retrying(const Frame& f, size_t index, int64_t delay_ms) override {
        if (!mine(f)) return;
        data_.retry_index = static_cast<int64_t>(index);
        data_.retry_backoff_interval_seconds = std::llround(static_cast<double>(delay_ms) / 1000.0);
    }
    void caught(const Frame& f, size_t index) override {
        if (mine(f)) data_.catch_index = static_cast<int64_t>(index);
    }

private:
    bool mine(const Frame& f) const { return f.id == frame_id_; }
    void keep(const Frame& f, std::optional<json::Value>& slot, const json::Value& v) {
        if (mine(f)) slot = v;
    }

    // The frame as Core::enter_state leaves it, with the request's retry count
    // and variables (no StateEntered event: the error messages name event #0).
    Frame& enter() {
        const asl::State& s = *request_.state;
        frame_id_ = core_.new_frame(-1, s.owner, request_.input, true);
        core_.root_frame_ = frame_id_;
        Frame& f = core_.frame(frame_id_);
        f.state = &s;
        f.entered_ms = request_.now_ms;
        f.retry_count = request_.retrier_retry_count;
        // The retrier that matches has made this many attempts (stateConfiguration.retrierRetryCount).
        f.retrier_attempts.assign(s.retry.size(), request_.retrier_retry_count);
        if (request_.variables.is_object() && !request_.variables.as_object().empty()) {
            f.vars = std::make_shared<VarScope>();
            f.vars->vars = request_.variables;
        }
        return f;
    }

    // A Wait returns at once, as AWS's TestState does.
    void fire_timer(Frame& f) {
        InputEvent e;
        e.kind = InputEvent::Kind::TimerFired;
        e.time_ms = core_.now();
        e.ref = f.waiting_on;
        core_.on_timer(e);
    }

    // The mock stands in for the task's invocation, as the shell's answer would;
    // for a DISTRIBUTED Map, for its Map Run's children.
    void task_work(Frame& f) {
        if (!request_.mock) {
            core_.fail_state(f, missing_mock());
            return;
        }
        std::optional<StateError> failure;
        if (const MapRunRequest* run = started_map_run()) failure = stand_in_for_map_run(*run);
        if (result_.invalid_request) return;
        InputEvent e;
        e.time_ms = core_.now();
        e.ref = f.waiting_on;
        if (failure) {
            e.kind = InputEvent::Kind::TaskFailed;
            e.error = failure->error;
            e.cause = failure->cause;
        } else if (request_.mock->result) {
            e.kind = InputEvent::Kind::TaskSucceeded;
            e.value = *request_.mock->result;
        } else {
            e.kind = InputEvent::Kind::TaskFailed;
            e.error = request_.mock->error;
            e.cause = request_.mock->cause;
        }
        core_.on_task_event(e);
    }

    const MapRunRequest* started_map_run() const {
        for (const Command& c : commands_)
            if (c.kind == Command::Kind::InvokeTask && c.map_run) return c.map_run.get();
        return nullptr;
    }

    // The Map Run's items as the inspection shows them, and how the run ends
    // before the mock's result counts: reading or ItemSelector failed, or
    // mapIterationFailureCount exceeds the tolerated failures.
    std::optional<StateError> stand_in_for_map_run(const MapRunRequest& run) {
        MapRunPreview preview = preview_map_run(run, request_.map_reader_items);
        data_.after_items_pointer = std::move(preview.after_items_pointer);
        data_.after_item_selector = std::move(preview.after_item_selector);
        data_.after_item_batcher = std::move(preview.after_item_batcher);
        if (preview.failure) return preview.failure;
        if (!request_.map_iteration_failure_count) return std::nullopt;
        const int64_t failed = *request_.map_iteration_failure_count;
        if (failed == 0) return std::nullopt;
        if (!preview.items) {
            result_.invalid_request = "stateConfiguration.mapIterationFailureCount needs the Map's items: give "
                                      "stateConfiguration.mapItemReaderData for its ItemReader";
            return std::nullopt;
        }
        // "The value for this field cannot exceed the number of items in the input" (test-state-isolation).
        if (failed > *preview.items) {
            result_.invalid_request = "stateConfiguration.mapIterationFailureCount (" + std::to_string(failed) +
                                      ") cannot exceed the number of items (" + std::to_string(*preview.items) + ")";
            return std::nullopt;
        }
        // A mocked error is the run's outcome whatever the count.
        if (!request_.mock->result || !exceeds_tolerated_failures(run, failed, *preview.items)) return std::nullopt;
        return StateError::make(errors::ExceedToleratedFailureThreshold,
                                "The specified tolerated failure threshold was exceeded");
    }

    // Map and Parallel: the children the handler started never run; a Map's
    // remaining items are still selected (afterItemSelector shows them all),
    // then the mock stands in for the children's results.
    void children_work(Frame& f) {
        guarded(f, [&] {
            core_.cancel_frame_children(f);
            while (f.state->type == asl::StateType::Map && f.fanout && f.fanout->next < f.fanout->total) {
                states::map_launch(core_, f);
                core_.cancel_frame_children(f);
            }
        });
        if (!f.alive || f.phase != Frame::Phase::Blocked) return;
        if (!request_.mock) {
            core_.fail_state(f, missing_mock());
            return;
        }
        if (!request_.mock->result) {
            core_.fail_state(f, StateError{request_.mock->error, request_.mock->cause, false, false});
            return;
        }
        f.fanout.reset();
        f.wait = Frame::Wait::None;
        guarded(f, [&] { states::finish_with_result(core_, f, *request_.mock->result, -1); });
    }

    template <class Fn>
    void guarded(Frame& f, Fn&& fn) {
        try {
            fn();
        } catch (StateError& e) {
            core_.fail_state(f, std::move(e));
        } catch (const query::EvalError& e) {
            core_.fail_state(f, runtime_error_from(core_, f, e));
        }
    }

    StateError missing_mock() const {
        const asl::State& s = *request_.state;
        return StateError::make(errors::Runtime,
                                "The " + std::string(asl::state_type_name(s.type)) + " state '" + s.name +
                                    "' needs a mock to be tested locally: give TestState a `mock` with a "
                                    "`result` or an `errorOutput`.",
                                true);
    }

    // Where the frame stopped says how the state ended.
    void report(const Frame& f) {
        if (core_.status == Status::Failed) {
            result_.status = TestStatus::Failed;
            result_.error = core_.error;
            result_.cause = core_.cause;
        } else if (core_.status == Status::Succeeded) {
            result_.status = TestStatus::Succeeded;
            result_.output = core_.output;
        } else if (f.phase == Frame::Phase::Enter) {
            // Moved on: to its Next (or a Choice's branch), or to a Catcher's Next.
            result_.status = data_.catch_index ? TestStatus::CaughtError : TestStatus::Succeeded;
            result_.output = f.input;
            result_.next_state = f.state->name;
            if (data_.catch_index) set_error();
        } else if (f.wait == Frame::Wait::RetryTimer) {
            result_.status = TestStatus::Retriable;
            set_error();
        } else {
            result_.status = TestStatus::Failed;
            result_.error = std::string(errors::Runtime);
            result_.cause = "The state '" + f.state->name + "' did not finish.";
        }
    }

    void set_error() {
        if (!error_) return;
        result_.error = error_->error;
        result_.cause = error_->cause;
    }

    const TestStateRequest& request_;
    Core core_;
    std::vector<Command> commands_;
    uint32_t frame_id_ = 0;
    std::optional<StateError> error_;
    InspectionData data_;
    TestStateResult result_;
};

std::string_view test_status_name(TestStatus status) {
    switch (status) {
        case TestStatus::Succeeded: return "SUCCEEDED";
        case TestStatus::Failed: return "FAILED";
        case TestStatus::Retriable: return "RETRIABLE";
        case TestStatus::CaughtError: return "CAUGHT_ERROR";
    }
    return "FAILED";
}

json::Value InspectionData::to_json() const {
    json::Object o;
    set_text(o, "input", input);
    set_text(o, "afterInputPath", after_input_path);
    set_text(o, "afterParameters", after_parameters);
    set_text(o, "afterArguments", after_arguments);
    set_text(o, "afterItemsPath", after_items_path);
    set_text(o, "afterItemsPointer", after_items_pointer);
    set_text(o, "afterItemSelector", after_item_selector);
    set_text(o, "afterItemBatcher", after_item_batcher);
    set_text(o, "result", result);
    set_text(o, "afterResultSelector", after_result_selector);
    set_text(o, "afterResultPath", after_result_path);
    set_text(o, "variables", variables);
    if (max_concurrency) o.set("maxConcurrency", json::Value(static_cast<long long>(*max_concurrency)));
    if (tolerated_failure_count)
        o.set("toleratedFailureCount", json::Value(static_cast<long long>(*tolerated_failure_count)));
    if (tolerated_failure_percentage) o.set("toleratedFailurePercentage", json::Value(*tolerated_failure_percentage));
    json::Object details;
    if (catch_index) details.set("catchIndex", json::Value(static_cast<long long>(*catch_index)));
    if (retry_index) details.set("retryIndex", json::Value(static_cast<long long>(*retry_index)));
    if (retry_backoff_interval_seconds)
        details.set("retryBackoffIntervalSeconds", json::Value(static_cast<long long>(*retry_backoff_interval_seconds)));
    if (!details.empty()) o.set("errorDetails", json::Value(std::move(details)));
    return json::Value(std::move(o));
}

TestStateResult test_state(const std::shared_ptr<const asl::Machine>& machine, const TestStateRequest& request) {
    return StateTest(machine, request).run();
}

}  // namespace stepwise::engine
