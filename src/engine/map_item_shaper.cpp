// The ItemShaper a Map Run carries (engine/map_run_request.h): ItemSelector
// evaluated outside the core, on what the Map state saw when it started: its
// effective input, its `$$` (plus Map.Item), its variables. Those cannot
// change while the Map waits: its children cannot assign the parent's
// variables.
#include <functional>

#include "engine/aws_jsonata_functions.h"
#include "engine/map_run_request.h"
#include "engine/states.h"
#include "engine/variables.h"
#include "query/errors.h"

namespace stepwise::engine::states {

namespace {

class FrameItemShaper final : public ItemShaper {
public:
    FrameItemShaper(Core& core, Frame& f, json::Value effective, bool object_items)
        : object_items_(object_items),
          state_(f.state->as<asl::MapState>()),
          machine_(core.machine),
          input_(f.input),
          effective_(std::move(effective)),
          context_(core.context(f)),
          vars_(f.vars),
          visible_(visible_variables(f)),
          now_ms_(core.now()),
          random_(map_run_seed(core.execution_arn, f.entered_event_id)),
          error_prefix_("An error occurred while executing the state '" + f.state->name +
                        "' (entered at the event id #" + std::to_string(f.entered_event_id) + "). ") {}

    json::Value shape(int64_t index, const json::Value& item) override {
        try {
            if (state_.query_language == asl::QueryLanguage::JSONata) {
                if (!state_.item_selector_jsonata) return item;
                json::Object states;
                states.set("input", input_);
                states.set("context", item_context(index, item));
                jsonata::Bindings bindings = aws_jsonata_bindings(visible_, json::Value(std::move(states)));
                std::function<StateError(const std::string&)> fail = [this](const std::string& m) {
                    return StateError::make("States.QueryEvaluationError", error_prefix_ + m);
                };
                return eval_jsonata_with(*state_.item_selector_jsonata, &input_, bindings, random_, now_ms_,
                                         "ItemSelector", fail);
            }
            const query::Template& selector = state_.item_selector ? state_.item_selector : state_.parameters;
            if (!selector) return item;
            json::Value ctx = item_context(index, item);
            query::Scope scope{effective_, ctx, vars_.get(), &random_};
            return selector.evaluate(scope, state_.item_selector_field);
        } catch (const query::EvalError& e) {
            throw ItemShapeError{e.error(), e.cause()};
        } catch (const StateError& e) {
            throw ItemShapeError{e.name(), e.cause.value_or("")};
        }
    }

private:
    json::Value item_context(int64_t index, const json::Value& value) const {
        return map_item_context(context_, index, value, object_items_);
    }

    bool object_items_;
    const asl::MapState& state_;
    std::shared_ptr<const asl::Machine> machine_;  // keeps state_ alive
    json::Value input_;
    json::Value effective_;
    json::Value context_;
    std::shared_ptr<VarScope> vars_;
    json::Value visible_;
    int64_t now_ms_;
    query::SeededRandom random_;
    std::string error_prefix_;
};

}  // namespace

std::shared_ptr<ItemShaper> make_item_shaper(Core& core, Frame& f, json::Value effective, bool object_items) {
    return std::make_shared<FrameItemShaper>(core, f, std::move(effective), object_items);
}

}  // namespace stepwise::engine::states
