// Choice: InputPath, then the first rule that holds names the next state;
// Default otherwise; States.NoChoiceMatched when neither. OutputPath applies to
// the effective input. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
#include "engine/choice.h"
#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/variables.h"

namespace stepwise::engine::states {

void choice(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::ChoiceState>();
    const bool jsonata = is_jsonata(f);
    json::Value effective = jsonata ? f.input : apply_input_path(core, f, s.input_path, f.input);
    const asl::State* next = nullptr;
    const asl::ChoiceRule* matched = nullptr;
    for (const asl::ChoiceRule& rule : s.choices) {
        if (evaluate_choice_rule(core, f, rule, effective)) {
            next = rule.next;
            matched = &rule;
            break;
        }
    }
    if (!next) next = s.default_state;
    if (!next)
        throw StateError::make(errors::NoChoiceMatched,
                               "No Matches!");
    if (core.observer) core.observer->chose(f, matched ? static_cast<size_t>(matched - s.choices.data()) : s.choices.size());
    // The state's Assign applies whichever rule matched (or Default); a matched
    // rule's Assign adds to it (its values win). Both see the variables from
    // before the state. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
    const asl::Assign* rule_assign = matched && matched->assign ? &*matched->assign : nullptr;
    StatesVar st{&f.input};
    const json::Value& assign_input = jsonata ? f.input : effective;
    json::Value assigned;
    if (s.assign) assigned = evaluate_assign(core, f, *s.assign, assign_input, st);
    if (rule_assign) {
        json::Value more = evaluate_assign(core, f, *rule_assign, assign_input, st);
        if (assigned.is_object() && more.is_object()) {
            json::Object& o = assigned.mutable_object();
            for (const auto& m : more.as_object()) o.set(m.name(), m.value);
        } else {
            assigned = std::move(more);
        }
    }
    if (jsonata) {
        const std::optional<asl::JsonataValue>& output = matched && matched->output ? matched->output : s.output;
        json::Value out = output ? eval_jsonata(core, f, *output, st, "Output") : f.input;
        if (s.assign || rule_assign) commit_assign(core, f, std::move(assigned));
        core.finish_state(f, std::move(out), next);
        return;
    }
    if (s.assign || rule_assign) commit_assign(core, f, std::move(assigned));
    json::Value out = apply_output_path(core, f, s.output_path, std::move(effective));
    core.finish_state(f, std::move(out), next);
}

}  // namespace stepwise::engine::states
