// TestState: one state, once, with its input/output processing recorded.
// Choice, Succeed, Fail and JSONata Pass run through the engine's own state
// handlers on a frame of their own; Pass, Task, Wait, Map and Parallel follow
// the same steps here so each intermediate value can be kept, their work
// (a task, branches, iterations) coming from the request's mock.
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
#include "engine/test_state.h"

#include <cmath>

#include "engine/core.h"
#include "engine/io.h"
#include "engine/retry.h"
#include "engine/states.h"
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

class StateTest {
public:
    StateTest(const std::shared_ptr<const asl::Machine>& machine, const TestStateRequest& request)
        : request_(request), core_(machine, test_config(request)), inspect_(request.level != InspectionLevel::Info) {
        core_.execution_context = execution_context(core_, request);
        frame_.state = request.state;
        frame_.scope = request.state->owner;
        frame_.input = request.input;
        frame_.entered_ms = request.now_ms;
        frame_.retry_count = request.retrier_retry_count;
        if (request.variables.is_object() && !request.variables.as_object().empty()) {
            frame_.vars = std::make_shared<VarScope>();
            frame_.vars->vars = request.variables;
        }
        if (request.context) {
            frame_.context = *request.context;
            frame_.context_valid = true;
        }
        data_.input = request.input;
    }

    TestStateResult run() {
        try {
            try {
                run_state();
            } catch (const query::EvalError& e) {
                throw runtime_error_from(core_, frame_, e);
            }
        } catch (StateError& error) {
            handle_error(std::move(error));
        }
        if (frame_.vars) data_.variables = frame_.vars->vars;
        if (inspect_) result_.inspection = std::move(data_);
        return std::move(result_);
    }

private:
    const asl::State& state() const { return *request_.state; }
    bool jsonata() const { return state().query_language == asl::QueryLanguage::JSONata; }

    void run_state() {
        switch (state().type) {
            case asl::StateType::Pass: jsonata() ? run_with_engine(states::pass) : pass(); return;
            case asl::StateType::Task: task(); return;
            case asl::StateType::Wait: wait(); return;
            case asl::StateType::Parallel: parallel(); return;
            case asl::StateType::Map: map(); return;
            case asl::StateType::Choice:
                if (!jsonata()) data_.after_input_path = apply_input_path(core_, frame_, state().input_path, frame_.input);
                run_with_engine(states::choice);
                return;
            case asl::StateType::Succeed:
                if (!jsonata()) data_.after_input_path = apply_input_path(core_, frame_, state().input_path, frame_.input);
                run_with_engine(states::succeed);
                return;
            case asl::StateType::Fail: run_with_engine(states::fail); return;
        }
    }

    // The engine's handler finishes the state on the frame: it moves on to the
    // next state (the frame's state changes), ends the "execution" (Succeed,
    // End) or fails it (Fail).
    void run_with_engine(void (*handler)(Core&, Frame&)) {
        handler(core_, frame_);
        if (core_.status == Status::Failed) {
            result_.status = TestStatus::Failed;
            result_.error = core_.error;
            result_.cause = core_.cause;
        } else if (core_.status == Status::Succeeded) {
            succeed(core_.output, nullptr);
        } else {
            succeed(frame_.input, frame_.state);
        }
    }

    void succeed(json::Value output, const asl::State* next) {
        result_.status = TestStatus::Succeeded;
        result_.output = std::move(output);
        if (next) result_.next_state = next->name;
    }

    json::Value input_path() {
        json::Value effective = apply_input_path(core_, frame_, state().input_path, frame_.input);
        data_.after_input_path = effective;
        return effective;
    }

    // Parameters (JSONPath) or Arguments (JSONata): what the state's work is given.
    json::Value effective_input() {
        if (jsonata()) {
            if (!state().arguments) return frame_.input;
            json::Value arguments = eval_jsonata(core_, frame_, *state().arguments, StatesVar{&frame_.input}, "Arguments");
            data_.after_arguments = arguments;
            return arguments;
        }
        json::Value effective = input_path();
        if (!state().parameters) return effective;
        json::Value parameters = apply_template(core_, frame_, state().parameters, effective, "Parameters");
        data_.after_parameters = parameters;
        return parameters;
    }

    void pass() {
        const auto& s = state().as<asl::PassState>();
        json::Value effective = effective_input();
        json::Value result = s.result ? *s.result : std::move(effective);
        data_.result = result;
        apply_assign(core_, frame_, s.assign, result, {});
        json::Value out = apply_result_path(core_, frame_, s.result_path, frame_.input, std::move(result));
        data_.after_result_path = out;
        succeed(apply_output_path(core_, frame_, s.output_path, std::move(out)), s.next);
    }

    void wait() {
        const auto& s = state();
        if (jsonata()) {
            finish_jsonata_state(frame_.input, nullptr);
            return;
        }
        json::Value effective = input_path();
        apply_assign(core_, frame_, s.assign, effective, {});
        succeed(apply_output_path(core_, frame_, s.output_path, std::move(effective)), s.next);
    }

    void task() {
        json::Value parameters = effective_input();
        core_.check_payload(frame_, parameters);
        finish_with_mock("Task");
    }

    void parallel() {
        effective_input();
        finish_with_mock("Parallel");
    }

    void map() {
        const auto& s = state().as<asl::MapState>();
        json::Value items;
        if (jsonata()) {
            items = s.items ? eval_jsonata(core_, frame_, *s.items, StatesVar{&frame_.input}, "Items") : frame_.input;
        } else {
            json::Value effective = input_path();
            if (s.items_path && s.items_path.text() != "$") {
                auto selected = select_path(core_, frame_, s.items_path, effective);
                if (!selected) throw runtime_error(frame_, missing_path_message(s.items_path, effective));
                items = std::move(*selected);
            } else {
                items = std::move(effective);
            }
            data_.after_items_path = items;
        }
        if (!items.is_array())
            throw runtime_error(frame_, "Map state input must be an array but was: " +
                                            std::string(json::kind_name(items.kind())));
        data_.after_item_selector = selected_items(s, items);
        if (s.max_concurrency.literal) data_.max_concurrency = static_cast<int64_t>(*s.max_concurrency.literal);
        if (s.tolerated_failure_count.literal)
            data_.tolerated_failure_count = static_cast<int64_t>(*s.tolerated_failure_count.literal);
        if (s.tolerated_failure_percentage.literal)
            data_.tolerated_failure_percentage = *s.tolerated_failure_percentage.literal;
        finish_with_mock("Map");
    }

    // Each item as its iteration would receive it (ItemSelector with $$.Map.Item).
    json::Value selected_items(const asl::MapState& s, const json::Value& items) {
        const query::Template& selector = s.item_selector ? s.item_selector : s.parameters;
        const json::Value effective = data_.after_input_path ? *data_.after_input_path : frame_.input;
        json::Array selected;
        for (size_t i = 0; i < items.size(); ++i) {
            const json::Value& item = items.as_array()[i];
            json::Value ctx = core_.item_context(frame_, static_cast<int64_t>(i), item);
            if (jsonata() && s.item_selector_jsonata) {
                StatesVar st{&frame_.input};
                st.context = &ctx;
                selected.push_back(eval_jsonata(core_, frame_, *s.item_selector_jsonata, st, "ItemSelector"));
            } else if (!jsonata() && selector) {
                query::Scope scope{effective, ctx, frame_.vars.get(), core_.intrinsic_random()};
                selected.push_back(selector.evaluate(scope, s.item_selector ? "ItemSelector" : "Parameters"));
            } else {
                selected.push_back(item);
            }
        }
        return json::Value(std::move(selected));
    }

    void finish_with_mock(std::string_view type) {
        if (!request_.mock)
            throw StateError::make(errors::Runtime,
                                   "The " + std::string(type) + " state '" + state().name +
                                       "' needs a mock to be tested locally: give TestState a `mock` with a "
                                       "`result` or an `errorOutput`.",
                                   true);
        const TestStateMock& mock = *request_.mock;
        if (!mock.result) throw StateError{mock.error, mock.cause, false, false};
        finish_with_result(*mock.result);
    }

    // Task, Map, Parallel: the raw result -> ResultSelector -> Assign ->
    // ResultPath -> OutputPath (JSONata: Assign and Output with $states.result).
    void finish_with_result(json::Value result) {
        const asl::State& s = state();
        data_.result = result;
        core_.check_result_payload(frame_, result);
        if (jsonata()) {
            StatesVar st{&frame_.input, &result};
            finish_jsonata_state(result, &st);
            return;
        }
        if (s.result_selector) {
            result = apply_template(core_, frame_, s.result_selector, result, "ResultSelector");
            data_.after_result_selector = result;
        }
        apply_assign(core_, frame_, s.assign, result, {});
        json::Value out = apply_result_path(core_, frame_, s.result_path, frame_.input, std::move(result));
        data_.after_result_path = out;
        succeed(apply_output_path(core_, frame_, s.output_path, std::move(out)), s.next);
    }

    // Assign and Output both see the variables from before the state.
    void finish_jsonata_state(json::Value default_output, const StatesVar* with_result) {
        const asl::State& s = state();
        StatesVar st = with_result ? *with_result : StatesVar{&frame_.input};
        json::Value pending;
        if (s.assign) pending = evaluate_assign(core_, frame_, *s.assign, default_output, st);
        json::Value out = s.output ? eval_jsonata(core_, frame_, *s.output, st, "Output") : std::move(default_output);
        if (s.assign) commit_assign(core_, frame_, std::move(pending));
        succeed(std::move(out), s.next);
    }

    // Retry (reported, not run), then Catch, as the engine decides them
    // (engine/retry_catch.cpp): the first matching retrier decides; when its
    // attempts are spent, the first matching catcher.
    void handle_error(StateError error) {
        result_.error = error.error;
        result_.cause = error.cause;
        result_.output.reset();
        result_.next_state.reset();
        const asl::State& s = state();
        for (size_t i = 0; i < s.retry.size(); ++i) {
            const asl::Retrier& retrier = s.retry[i];
            if (!error_matches(retrier.error_equals, error)) continue;
            if (request_.retrier_retry_count < retrier.max_attempts) {
                result_.status = TestStatus::Retriable;
                data_.retry_index = static_cast<int64_t>(i);
                data_.retry_backoff_interval_seconds =
                    std::llround(retry_delay_ms(retrier, request_.retrier_retry_count, 1.0) / 1000.0);
                return;
            }
            break;
        }
        for (size_t i = 0; i < s.catch_.size(); ++i) {
            const asl::Catcher& catcher = s.catch_[i];
            if (!error_matches(catcher.error_equals, error)) continue;
            data_.catch_index = static_cast<int64_t>(i);
            try {
                caught(catcher, error_output(error));
            } catch (StateError& failed) {
                fail(std::move(failed));
            } catch (const query::EvalError& failed) {
                fail(runtime_error_from(core_, frame_, failed));
            }
            return;
        }
        result_.status = TestStatus::Failed;
    }

    void caught(const asl::Catcher& catcher, json::Value error_output) {
        json::Value out;
        if (jsonata()) {
            StatesVar st{&frame_.input, nullptr, &error_output};
            json::Value pending;
            if (catcher.assign) pending = evaluate_assign(core_, frame_, *catcher.assign, error_output, st);
            out = catcher.output ? eval_jsonata(core_, frame_, *catcher.output, st, "Output") : error_output;
            if (catcher.assign) commit_assign(core_, frame_, std::move(pending));
        } else {
            apply_assign(core_, frame_, catcher.assign, error_output, {});
            out = apply_result_path(core_, frame_, catcher.result_path, frame_.input, std::move(error_output));
            data_.after_result_path = out;
        }
        result_.status = TestStatus::CaughtError;
        result_.output = std::move(out);
        if (catcher.next) result_.next_state = catcher.next->name;
    }

    void fail(StateError error) {
        result_.status = TestStatus::Failed;
        result_.error = std::move(error.error);
        result_.cause = std::move(error.cause);
        result_.output.reset();
        result_.next_state.reset();
    }

    const TestStateRequest& request_;
    Core core_;
    Frame frame_;
    bool inspect_;
    InspectionData data_;
    TestStateResult result_;
};

void set_text(json::Object& o, std::string_view name, const std::optional<json::Value>& v) {
    if (v) o.set(name, json::dump(*v));
}

}  // namespace

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
    set_text(o, "afterItemSelector", after_item_selector);
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
