#include "engine/debug_eval.h"

#include <cctype>
#include <stdexcept>
#include <string>

#include "asl/jsonata_value.h"
#include "engine/aws_jsonata_functions.h"
#include "jsonata/error.h"
#include "jsonata/expression.h"
#include "query/errors.h"
#include "query/intrinsics.h"
#include "query/path.h"
#include "query/random.h"
#include "query/scope.h"

namespace stepwise::engine {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

json::Value states_of(const Pause& p) {
    json::Object o;
    o.set("input", p.input);
    o.set("context", p.context);
    return json::Value(std::move(o));
}

// The pause's variables, and `states` unless a variable has that name.
struct PauseVariables final : query::Variables {
    const json::Value& vars;
    json::Value states;
    PauseVariables(const json::Value& v, json::Value s) : vars(v), states(std::move(s)) {}
    const json::Value* lookup(std::string_view name) const override {
        if (const json::Value* v = vars.is_object() ? vars.find(name) : nullptr) return v;
        return name == "states" ? &states : nullptr;
    }
};

json::Value jsonata(const Pause& p, std::string_view text, int64_t now_ms, query::Random& random) {
    try {
        jsonata::Expression e = jsonata::Expression::compile(text, asl::kAwsJsonataLevel);
        AwsJsonataHost host(random);
        std::optional<json::Value> r = e.evaluate(&p.input, aws_jsonata_bindings(p.variables, states_of(p)),
                                                  aws_eval_options(now_ms, host, kInteractiveJsonataLimits));
        if (!r) throw std::runtime_error("the expression returned nothing (undefined)");
        return std::move(*r);
    } catch (const jsonata::Error& e) {
        throw std::runtime_error(e.code() + ": " + e.message());
    }
}

}  // namespace

json::Value evaluate_in_pause(const Pause& p, std::string_view text) {
    const int64_t now_ms = p.time_ms;
    text = trim(text);
    query::SeededRandom random(0);
    if (text.starts_with("{%") && text.ends_with("%}") && text.size() >= 4)
        return jsonata(p, trim(text.substr(2, text.size() - 4)), now_ms, random);
    PauseVariables vars(p.variables, states_of(p));
    query::Scope scope{p.input, p.context, &vars, &random};
    if (query::looks_like_intrinsic(text)) return query::IntrinsicCall::compile(text).evaluate(scope);
    if (text.starts_with("$")) {
        std::optional<query::Path> path;
        try {
            path = query::Path::compile(text);
        } catch (const query::SyntaxError&) {
            // not a JSONPath: JSONata below
        }
        if (path) {
            std::optional<json::Value> v = path->select(scope);
            if (!v) throw std::runtime_error("the path " + std::string(text) + " selects nothing");
            return std::move(*v);
        }
    }
    return jsonata(p, text, now_ms, random);
}

}  // namespace stepwise::engine
