// Fail: ends its frame (and, unless a Parallel/Map catches it, the execution)
// with Error/Cause, or ErrorPath/CausePath read from the state input.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
#include "engine/jsonpath_flow.h"
#include "engine/variables.h"
#include "engine/states.h"
#include "json/write.h"

namespace stepwise::engine::states {

namespace {

std::optional<std::string> resolve(Core& core, Frame& f, const asl::PathOrIntrinsic& p, std::string_view field) {
    json::Value v;
    if (p.intrinsic) {
        query::Scope scope{f.input, core.context(f), f.vars.get(), core.intrinsic_random()};
        v = p.intrinsic.evaluate(scope);
    } else {
        auto selected = select_path(core, f, p.path, f.input);
        if (!selected)
            throw runtime_error(f, "The JSONPath '" + p.path.text() + "' specified for the field '" + std::string(field) +
                                       "' could not be found in the input '" + json::dump(f.input) + "'");
        v = std::move(*selected);
    }
    if (v.is_string()) return std::string(v.as_string());
    return json::dump(v);
}

}  // namespace

void fail(Core& core, Frame& f) {
    const auto& s = f.state->as<asl::FailState>();
    StateError err;
    if (is_jsonata(f)) {
        auto field = [&](const std::optional<asl::JsonataValue>& v, std::string_view name) -> std::optional<std::string> {
            if (!v) return std::nullopt;
            json::Value r = eval_jsonata(core, f, *v, StatesVar{&f.input}, name);
            if (r.is_string()) return std::string(r.as_string());
            return json::dump(r);
        };
        err.error = field(s.error_jsonata, "Error");
        err.cause = field(s.cause_jsonata, "Cause");
        core.fail_state(f, std::move(err));
        return;
    }
    if (s.error_path.is_set())
        err.error = resolve(core, f, s.error_path, "ErrorPath");
    else
        err.error = s.error;
    if (s.cause_path.is_set())
        err.cause = resolve(core, f, s.cause_path, "CausePath");
    else
        err.cause = s.cause;
    // A Fail state has neither Retry nor Catch: its frame fails.
    core.fail_state(f, std::move(err));
}

}  // namespace stepwise::engine::states
