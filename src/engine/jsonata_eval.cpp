#include "engine/jsonata_eval.h"

#include "engine/aws_jsonata_functions.h"
#include "engine/variables.h"
#include "json/write.h"

namespace stepwise::engine {

namespace {

constexpr std::string_view kQueryEvaluationError = "States.QueryEvaluationError";

StateError query_error(const Frame& f, const std::string& message) {
    StateError e = StateError::make(kQueryEvaluationError, "An error occurred while executing the state '" +
                                                               f.state->name + "' (entered at the event id #" +
                                                               std::to_string(f.entered_event_id) + "). " + message);
    e.evaluation = true;
    return e;
}

// Evaluates a field's nodes with bindings made at the first expression and
// shared by the others.
struct NodeEvaluator {
    const json::Value* input;
    std::function<const jsonata::Bindings&()> binds;
    query::Random& random;
    int64_t now_ms;
    const std::function<StateError(const std::string&)>& fail;

    json::Value expression(const asl::JsonataNode& node, std::string_view field) {
        const std::string location = std::string(field) + node.where;
        auto located = [&](StateError e) {
            e.location = location;
            return e;
        };
        std::optional<json::Value> r;
        try {
            if (node.invalid) throw *node.invalid;
            AwsJsonataHost host(random);
            r = node.expression->evaluate(input, binds(), aws_eval_options(now_ms, host, kStateJsonataLimits));
        } catch (const jsonata::Error& e) {
            throw located(fail("The JSONata expression '" + node.text + "' specified for the field '" + location +
                               "' threw an error during evaluation. " + e.code() + ": " + e.message()));
        }
        if (!r)
            throw located(fail("The JSONata expression '" + node.text + "' specified for the field '" + location +
                               "' returned nothing (undefined)."));
        return std::move(*r);
    }

    json::Value value(const asl::JsonataNode& node, std::string_view field) {
        switch (node.kind) {
            case asl::JsonataNode::Kind::Constant: return node.constant;  // shared, not rebuilt
            case asl::JsonataNode::Kind::Expression: return expression(node, field);
            case asl::JsonataNode::Kind::Object: {
                json::Object out;
                for (size_t i = 0; i < node.children.size(); ++i) out.set(node.names[i], value(node.children[i], field));
                return json::Value(std::move(out));
            }
            case asl::JsonataNode::Kind::Array: {
                json::Array out;
                out.reserve(node.children.size());
                for (const asl::JsonataNode& child : node.children) out.push_back(value(child, field));
                return json::Value(std::move(out));
            }
        }
        return node.constant;
    }
};

}  // namespace

StateError query_evaluation_error(const Frame& f, const std::string& message) { return query_error(f, message); }

std::string expression_text(const json::Value& raw) {
    if (!raw.is_string()) return json::dump(raw);
    std::string_view r = raw.as_string();
    if (r.size() >= 4 && r.starts_with("{%") && r.ends_with("%}")) {
        r = r.substr(2, r.size() - 4);
        auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
        while (!r.empty() && blank(r.front())) r.remove_prefix(1);
        while (!r.empty() && blank(r.back())) r.remove_suffix(1);
    }
    return std::string(r);
}

StateError unexpected_result_type(const Frame& f, const asl::JsonataValue& v, std::string_view field,
                                  std::string_view expected, const json::Value& result) {
    StateError e = query_error(f, "The JSONata expression '" + expression_text(v.raw) + "' specified for the field '" +
                                      std::string(field) + "' returned an unexpected result type. Expected '" +
                                      std::string(expected) + "', but was '" +
                                      std::string(json::kind_name(result.kind())) + "' for value: " + json::dump(result));
    e.location = std::string(field);
    return e;
}

json::Value eval_jsonata_with(const asl::JsonataValue& v, const json::Value* input, const jsonata::Bindings& bindings,
                              query::Random& random, int64_t now_ms, std::string_view field,
                              const std::function<StateError(const std::string&)>& fail) {
    NodeEvaluator ev{input, [&]() -> const jsonata::Bindings& { return bindings; }, random, now_ms, fail};
    return ev.value(v.compiled, field);
}

json::Value eval_jsonata(Core& core, Frame& f, const asl::JsonataValue& v, const StatesVar& st,
                         std::string_view field) {
    // The bindings ($states, the variables, AWS's functions) are built only when an expression needs them.
    std::optional<jsonata::Bindings> bindings;
    auto binds = [&]() -> const jsonata::Bindings& {
        if (bindings) return *bindings;
        json::Object states;
        if (st.input) states.set("input", *st.input);
        if (st.result) states.set("result", *st.result);
        if (st.error_output) states.set("errorOutput", *st.error_output);
        states.set("context", st.context ? *st.context : core.context(f));
        bindings.emplace(aws_jsonata_bindings(visible_variables(f), json::Value(std::move(states))));
        return *bindings;
    };
    std::function<StateError(const std::string&)> fail = [&](const std::string& m) { return query_error(f, m); };
    NodeEvaluator ev{st.input, binds, *core.intrinsic_random(), core.now(), fail};
    return ev.value(v.compiled, field);
}

double eval_jsonata_number(Core& core, Frame& f, const asl::JsonataValue& v, const StatesVar& st,
                           std::string_view field) {
    json::Value r = eval_jsonata(core, f, v, st, field);
    if (!r.is_number()) throw unexpected_result_type(f, v, field, "number", r);
    return r.as_double();
}

void finish_jsonata(Core& core, Frame& f, const StatesVar& st, json::Value default_output, const asl::State* next,
                    const std::optional<asl::Assign>& assign, const std::optional<asl::JsonataValue>& output) {
    json::Value pending;
    if (assign) pending = evaluate_assign(core, f, *assign, default_output, st);
    json::Value out = output ? eval_jsonata(core, f, *output, st, "Output") : std::move(default_output);
    if (assign) commit_assign(core, f, std::move(pending));
    core.finish_state(f, std::move(out), next);
}

}  // namespace stepwise::engine
