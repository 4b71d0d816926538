#include "engine/jsonpath_flow.h"

#include "engine/variables.h"
#include "json/write.h"

namespace stepwise::engine {

namespace {
const json::Value& empty_context() {
    static const json::Value v{json::Object{}};
    return v;
}
}  // namespace

StateError runtime_error(const Frame& f, std::string message) {
    std::string cause = "An error occurred while executing the state '" + f.state->name + "' (entered at the event id #" +
                        std::to_string(f.entered_event_id) + "). " + message;
    return StateError::make(errors::Runtime, std::move(cause), true);
}

StateError runtime_error_from(Core& core, const Frame& f, const query::EvalError& e) {
    if (e.error() == errors::Runtime) {
        if (e.cause().starts_with("An error occurred while executing the state"))
            return StateError::make(errors::Runtime, e.cause(), true);
        return runtime_error(f, e.cause());
    }
    return StateError::make(e.error(), e.cause());
}

std::string missing_path_message(const query::Path& path, const json::Value& root) {
    return "Invalid path '" + path.text() + "' : " + path.explain_missing(root);
}

std::optional<json::Value> select_path(Core& core, Frame& f, const query::Path& path, const json::Value& input) {
    if (path.uses_context()) {
        query::Scope scope{input, core.context(f), f.vars.get(), core.intrinsic_random()};
        return path.select(scope);
    }
    query::Scope scope{input, empty_context(), f.vars.get(), core.intrinsic_random()};
    return path.select(scope);
}

json::Value select_reference(Core& core, Frame& f, const query::Path& path, const json::Value& input) {
    if (auto v = select_path(core, f, path, input)) return std::move(*v);
    const json::Value& context = path.uses_context() ? core.context(f) : empty_context();
    try {
        path.throw_unreadable(query::Scope{input, context, f.vars.get(), core.intrinsic_random()});
    } catch (const query::EvalError& e) {
        throw runtime_error_from(core, f, e);
    }
}

namespace {
json::Value select_input(Core& core, Frame& f, const asl::OptionalPath& p, const json::Value& input) {
    switch (p.kind) {
        case asl::OptionalPath::Kind::Default: return input;
        case asl::OptionalPath::Kind::Null: return json::Value(json::Object{});
        case asl::OptionalPath::Kind::Path: break;
    }
    if (p.path.text() == "$") return input;
    auto v = select_path(core, f, p.path, input);
    if (!v) {
        const json::Value& root = p.path.root() == query::PathRoot::Context ? core.context(f) : input;
        throw runtime_error(f, missing_path_message(p.path, root));
    }
    return std::move(*v);
}

json::Value place_result(const asl::OptionalPath& p, json::Value raw_input, json::Value result) {
    switch (p.kind) {
        case asl::OptionalPath::Kind::Default: return result;
        case asl::OptionalPath::Kind::Null: return raw_input;
        case asl::OptionalPath::Kind::Path: break;
    }
    if (p.path.text() == "$") return result;
    json::Value target = std::move(raw_input);
    p.path.assign(target, std::move(result));
    return target;
}
}  // namespace

json::Value apply_input_path(Core& core, Frame& f, const asl::OptionalPath& p, const json::Value& input) {
    json::Value effective = select_input(core, f, p, input);
    if (core.observer) core.observer->after_input_path(f, effective);
    return effective;
}

json::Value apply_output_path(Core& core, Frame& f, const asl::OptionalPath& p, json::Value output) {
    switch (p.kind) {
        case asl::OptionalPath::Kind::Default: return output;
        case asl::OptionalPath::Kind::Null: return json::Value(json::Object{});
        case asl::OptionalPath::Kind::Path: break;
    }
    if (p.path.text() == "$") return output;
    auto v = select_path(core, f, p.path, output);
    if (!v) {
        const json::Value& root = p.path.root() == query::PathRoot::Context ? core.context(f) : output;
        throw runtime_error(f, missing_path_message(p.path, root));
    }
    return std::move(*v);
}

json::Value apply_result_path(Core& core, Frame& f, const asl::OptionalPath& p, json::Value raw_input,
                              json::Value result) {
    json::Value out = place_result(p, std::move(raw_input), std::move(result));
    if (core.observer) core.observer->after_result_path(f, out);
    return out;
}

int64_t result_path_bound(const asl::OptionalPath& p, int64_t input_size, int64_t result_size) {
    switch (p.kind) {
        case asl::OptionalPath::Kind::Default: return result_size;
        case asl::OptionalPath::Kind::Null: return input_size;
        case asl::OptionalPath::Kind::Path: break;
    }
    if (p.path.text() == "$") return result_size;
    if (input_size < 0 || result_size < 0) return -1;
    // The result under a new key (path names, quotes, colons, braces, commas).
    return input_size + result_size + 2 * static_cast<int64_t>(p.path.text().size()) + 16;
}

json::Value apply_template(Core& core, Frame& f, const query::Template& t, const json::Value& input,
                           std::string_view field) {
    // $$ is built only for templates that read it.
    if (t.is_constant() || !t.uses_context()) {
        query::Scope scope{input, empty_context(), f.vars.get(), core.intrinsic_random()};
        return t.evaluate(scope, field);
    }
    query::Scope scope{input, core.context(f), f.vars.get(), core.intrinsic_random()};
    return t.evaluate(scope, field);
}

}  // namespace stepwise::engine
