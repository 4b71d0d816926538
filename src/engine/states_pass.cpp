// Pass: InputPath -> Parameters -> Result (replaces the effective input) ->
// ResultPath -> OutputPath. https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
#include "engine/io.h"
#include "engine/states.h"

namespace stepwise::engine::states {

void pass(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::PassState>();
    // Fast path: a bare Pass hands its input on untouched (no copy, no serialisation).
    if (s.input_path.kind == asl::OptionalPath::Kind::Default && !s.parameters && !s.result &&
        s.result_path.kind == asl::OptionalPath::Kind::Default && s.output_path.kind == asl::OptionalPath::Kind::Default) {
        json::Value out = f.input;
        core.finish_state(f, std::move(out), s.next);
        return;
    }
    json::Value effective = apply_input_path(core, f, s.input_path, f.input);
    json::Value result;
    if (s.result)
        result = *s.result;
    else if (s.parameters)
        result = apply_template(core, f, s.parameters, effective, "Parameters");
    else
        result = std::move(effective);
    json::Value out = apply_result_path(core, f, s.result_path, f.input, std::move(result));
    out = apply_output_path(core, f, s.output_path, std::move(out));
    core.finish_state(f, std::move(out), s.next);
}

void succeed(Core& core, Frame& f) {
    const asl::State& s = *f.state;
    json::Value effective = apply_input_path(core, f, s.input_path, f.input);
    json::Value out = apply_output_path(core, f, s.output_path, std::move(effective));
    core.finish_state(f, std::move(out), nullptr);
}

}  // namespace stepwise::engine::states
