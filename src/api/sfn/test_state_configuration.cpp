// TestState's stateConfiguration (test_state_configuration.h).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_TestStateConfiguration.html
// https://docs.aws.amazon.com/step-functions/latest/dg/test-state-isolation.html
#include "api/sfn/test_state_configuration.h"

#include <vector>

#include "api/sfn/error.h"
#include "api/sfn/fields.h"
#include "json/write.h"
#include "tasks/map_run/item_source.h"

namespace stepwise::api::sfn {

namespace {

constexpr size_t kMaxReaderData = 262144;
constexpr size_t kMaxStateName = 80;

class Members {
public:
    explicit Members(const json::Value& configuration) : configuration_(configuration) {}

    std::optional<int64_t> count(std::string_view name) {
        const json::Value* v = member(name);
        if (!v) return std::nullopt;
        if (!v->is_number() || !v->is_integer())
            throw SfnError("SerializationException", "'" + path(name) + "' can not be converted to an Integer");
        if (v->as_int() < 0)
            violations_.push_back("Value '" + json::dump(*v) + "' at '" + path(name) +
                                  "' failed to satisfy constraint: Member must have value greater than or equal to 0");
        return v->as_int();
    }

    // A sensitive string: AWS's message does not show its value.
    std::optional<std::string> text(std::string_view name, size_t min, size_t max) {
        const json::Value* v = member(name);
        if (!v) return std::nullopt;
        if (!v->is_string())
            throw SfnError("SerializationException", "'" + path(name) + "' can not be converted to a String");
        std::string text(v->as_string());
        size_t length = character_count(text);
        if (length < min)
            violations_.push_back("Value at '" + path(name) + "' failed to satisfy constraint: Member must have length "
                                  "greater than or equal to " + std::to_string(min));
        else if (length > max)
            violations_.push_back("Value at '" + path(name) + "' failed to satisfy constraint: Member must have length "
                                  "less than or equal to " + std::to_string(max));
        return text;
    }

    void check() const {
        if (violations_.empty()) return;
        const bool one = violations_.size() == 1;
        std::string message = std::to_string(violations_.size()) +
                              (one ? " validation error detected: " : " validation errors detected: ");
        for (size_t i = 0; i < violations_.size(); ++i) message += (i ? "; " : "") + violations_[i];
        throw SfnError("ValidationException", message);
    }

private:
    const json::Value* member(std::string_view name) const {
        const json::Value* v = configuration_.find(name);
        return v && !v->is_null() ? v : nullptr;
    }
    static std::string path(std::string_view name) { return "stateConfiguration." + std::string(name); }

    const json::Value& configuration_;
    std::vector<std::string> violations_;
};

SfnError invalid(const std::string& message) { return SfnError("ValidationException", message); }

std::string type_of(const asl::State& state) { return std::string(asl::state_type_name(state.type)); }

bool names_a_state_in(const asl::StateMachine& machine, const std::string& name);

// Whether `name` is a state of `state`'s Map processor or Parallel branches, at any depth.
bool holds_state(const asl::State& state, const std::string& name) {
    if (state.type == asl::StateType::Map) {
        const auto& map = state.as<asl::MapState>();
        return map.processor && names_a_state_in(*map.processor, name);
    }
    if (state.type == asl::StateType::Parallel) {
        for (const auto& branch : state.as<asl::ParallelState>().branches)
            if (names_a_state_in(*branch, name)) return true;
    }
    return false;
}

bool names_a_state_in(const asl::StateMachine& machine, const std::string& name) {
    for (const auto& inner : machine.states)
        if (inner->name == name || holds_state(*inner, name)) return true;
    return false;
}

const asl::MapState* distributed_map(const asl::State& state) {
    if (state.type != asl::StateType::Map) return nullptr;
    const auto& map = state.as<asl::MapState>();
    return map.mode == asl::MapState::Mode::Distributed ? &map : nullptr;
}

// "errorCausedByState: The name of the state from which an error originates
// when an error is mocked for a Map or Parallel state."
void check_error_caused_by_state(const std::string& name, const asl::State& state,
                                 const engine::TestStateRequest& request) {
    if (state.type != asl::StateType::Map && state.type != asl::StateType::Parallel)
        throw invalid("stateConfiguration.errorCausedByState is only supported for Map and Parallel states, not "
                      "state type '" + type_of(state) + "'");
    if (!request.mock || !request.mock->error)
        throw invalid("stateConfiguration.errorCausedByState is only supported when the mock is an errorOutput");
    if (!holds_state(state, name))
        throw invalid("stateConfiguration.errorCausedByState: state '" + name + "' does not exist in the " +
                      (state.type == asl::StateType::Map ? "ItemProcessor of Map" : "Branches of Parallel") +
                      " state '" + state.name + "'");
}

// "When testing Distributed Map state (Mode set to DISTRIBUTED), you can also
// assert on mapIterationFailureCount."
void check_map_iteration_failure_count(const asl::State& state) {
    if (state.type != asl::StateType::Map)
        throw invalid("stateConfiguration.mapIterationFailureCount is only supported for Map states, not state type '" +
                      type_of(state) + "'");
    if (!distributed_map(state))
        throw invalid("stateConfiguration.mapIterationFailureCount is only supported for a Map state whose "
                      "ItemProcessor's ProcessorConfig has Mode DISTRIBUTED");
}

// "mapItemReaderData: The data read by ItemReader in Distributed Map states as found in its original source."
engine::TestStateReaderItems read_items(const asl::State& state, const std::string& data) {
    const asl::MapState* map = distributed_map(state);
    if (!map || !map->item_reader)
        throw invalid("stateConfiguration.mapItemReaderData is only supported for a Distributed Map state with an "
                      "ItemReader; state '" + state.name + "' has none");
    engine::TestStateReaderItems out;
    try {
        auto source = tasks::map_run::data_reader(*map->item_reader, json::Value(data), std::nullopt);
        json::Array& items = out.items.mutable_array();
        while (auto item = source->next()) items.push_back(std::move(*item));
    } catch (const tasks::map_run::ItemReaderError& e) {
        out.error = e.what();
    }
    return out;
}

}  // namespace

StateConfiguration read_state_configuration(const json::Value* configuration) {
    StateConfiguration config;
    if (!configuration) return config;
    Members members(*configuration);
    config.retrier_retry_count = members.count("retrierRetryCount").value_or(0);
    config.error_caused_by_state = members.text("errorCausedByState", 1, kMaxStateName);
    config.map_iteration_failure_count = members.count("mapIterationFailureCount");
    config.map_item_reader_data = members.text("mapItemReaderData", 0, kMaxReaderData);
    members.check();
    return config;
}

void apply_state_configuration(const StateConfiguration& config, const asl::State& state,
                               engine::TestStateRequest& request) {
    request.retrier_retry_count = config.retrier_retry_count;
    if (config.error_caused_by_state) check_error_caused_by_state(*config.error_caused_by_state, state, request);
    if (config.map_iteration_failure_count) {
        check_map_iteration_failure_count(state);
        request.map_iteration_failure_count = config.map_iteration_failure_count;
    }
    if (config.map_item_reader_data) request.map_reader_items = read_items(state, *config.map_item_reader_data);
}

}  // namespace stepwise::api::sfn
