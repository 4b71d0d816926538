// Pass: InputPath -> Parameters -> Result (replaces the effective input) ->
// ResultPath -> OutputPath. https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
// Parameters is applied even when Result is given ("AWS Step Functions applies
// the InputPath field first, and then the Parameters field"; Result is "the
// output of a virtual task" that Parameters is the input of), so a Parameters
// path that selects nothing fails the state.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
#include "engine/jsonpath_flow.h"
#include "engine/states.h"
#include "engine/variables.h"

namespace stepwise::engine::states {

void pass(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::PassState>();
    if (is_jsonata(f)) {
        StatesVar st{&f.input};
        finish_jsonata(core, f, st, s.result ? *s.result : f.input, s.next, s.assign, s.output);
        return;
    }
    // Fast path: a bare Pass hands its input on untouched (no copy, no serialisation).
    if (!core.observer && s.input_path.kind == asl::OptionalPath::Kind::Default && !s.parameters && !s.result &&
        s.result_path.kind == asl::OptionalPath::Kind::Default && s.output_path.kind == asl::OptionalPath::Kind::Default && !s.assign) {
        json::Value out = f.input;
        core.finish_state(f, std::move(out), s.next);
        return;
    }
    json::Value effective = apply_input_path(core, f, s.input_path, f.input);
    if (s.parameters) {
        effective = apply_template(core, f, s.parameters, effective, "Parameters");
        if (core.observer) core.observer->after_parameters(f, effective);
    }
    json::Value result = s.result ? *s.result : std::move(effective);
    if (core.observer) core.observer->result(f, result);
    apply_assign(core, f, s.assign, result, {});
    json::Value out = apply_result_path(core, f, s.result_path, f.input, std::move(result));
    out = apply_output_path(core, f, s.output_path, std::move(out));
    core.finish_state(f, std::move(out), s.next);
}

void succeed(Core& core, Frame& f) {
    const asl::State& s = *f.state;
    if (is_jsonata(f)) {
        finish_jsonata(core, f, StatesVar{&f.input}, f.input, nullptr, s.assign, s.output);
        return;
    }
    json::Value effective = apply_input_path(core, f, s.input_path, f.input);
    json::Value out = apply_output_path(core, f, s.output_path, std::move(effective));
    core.finish_state(f, std::move(out), nullptr);
}

}  // namespace stepwise::engine::states
