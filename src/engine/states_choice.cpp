// Choice: InputPath, then the first rule that holds names the next state;
// Default otherwise; States.NoChoiceMatched when neither. OutputPath applies to
// the effective input. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
#include "engine/choice.h"
#include "engine/io.h"
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
    // A matched rule's Assign/Output are used; the state's own apply on Default.
    const std::optional<asl::Assign>& assign = matched && matched->assign ? matched->assign : s.assign;
    if (jsonata) {
        const std::optional<asl::JsonataValue>& output = matched && matched->output ? matched->output : s.output;
        finish_jsonata(core, f, StatesVar{&f.input}, f.input, next, assign, output);
        return;
    }
    apply_assign(core, f, assign, effective, {});
    json::Value out = apply_output_path(core, f, s.output_path, std::move(effective));
    core.finish_state(f, std::move(out), next);
}

}  // namespace stepwise::engine::states
