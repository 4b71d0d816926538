// Choice: InputPath, then the first rule that holds names the next state;
// Default otherwise; States.NoChoiceMatched when neither. OutputPath applies to
// the effective input. https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
#include "engine/choice.h"
#include "engine/io.h"
#include "engine/states.h"

namespace stepwise::engine::states {

void choice(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::ChoiceState>();
    json::Value effective = apply_input_path(core, f, s.input_path, f.input);
    const asl::State* next = nullptr;
    for (const asl::ChoiceRule& rule : s.choices) {
        if (evaluate_choice_rule(core, f, rule, effective)) {
            next = rule.next;
            break;
        }
    }
    if (!next) next = s.default_state;
    if (!next)
        throw StateError::make(errors::NoChoiceMatched,
                               "No Matches!");
    json::Value out = apply_output_path(core, f, s.output_path, std::move(effective));
    core.finish_state(f, std::move(out), next);
}

}  // namespace stepwise::engine::states
