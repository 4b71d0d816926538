#include "engine/variables.h"


#include <cmath>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "engine/io.h"
#include "jsonata/budget.h"
#include "jsonata/expression.h"
#include "query/hash.h"
#include "json/parse.h"
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

// Compiled expressions, keyed by their text: each distinct expression is
// parsed once per process (the Machine keeps JSONata fields as written).
struct ExprCache {
    std::shared_mutex mu;
    std::unordered_map<std::string, std::shared_ptr<const jsonata::Expression>> map;
};
ExprCache& cache() {
    static ExprCache c;
    return c;
}

std::shared_ptr<const jsonata::Expression> compiled(const std::string& text) {
    ExprCache& c = cache();
    {
        std::shared_lock lock(c.mu);
        auto it = c.map.find(text);
        if (it != c.map.end()) return it->second;
    }
    auto expr = std::make_shared<const jsonata::Expression>(jsonata::Expression::compile(text));
    std::unique_lock lock(c.mu);
    return c.map.emplace(text, std::move(expr)).first->second;
}

bool is_template(std::string_view s) {
    return s.size() >= 4 && s.starts_with("{%") && s.ends_with("%}");
}

std::string trimmed(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r')) --e;
    return std::string(s.substr(b, e - b));
}

std::string hex_digest(const std::string& text, std::string_view algorithm) {
    std::optional<std::string> digest = query::hex_digest(text, algorithm);
    if (!digest)
        throw jsonata::Error("D3137", "The hash algorithm " + json::dump(json::Value(algorithm)) +
                                          " is not supported; use one of " + std::string(query::kHashAlgorithms));
    return *digest;
}

double unit_from(uint64_t bits) { return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0); }

// The functions AWS adds to JSONata in Step Functions.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions
// The execution evaluating (for $random/$uuid, which draw from its seeded generator).
thread_local Core* t_core = nullptr;

void add_aws_functions(jsonata::Bindings& b) {
    // $partition(array, size): the array in chunks of `size`.
    b.function("partition", "<an:a>", [](const std::vector<std::optional<json::Value>>& a) -> std::optional<json::Value> {
        if (a.size() < 2 || !a[0] || !a[1] || !a[1]->is_number() || !a[1]->is_integer() || a[1]->as_int() < 1)
            throw jsonata::Error("T0410", "$partition expects an array and a positive chunk size");
        json::Array items;
        if (a[0]->is_array()) items = a[0]->as_array();
        else items.push_back(*a[0]);
        size_t n = static_cast<size_t>(a[1]->as_int());
        json::Array out;
        for (size_t i = 0; i < items.size(); i += n) {
            json::Array chunk;
            for (size_t j = i; j < items.size() && j < i + n; ++j) chunk.push_back(items[j]);
            out.push_back(json::Value(std::move(chunk)));
        }
        return json::Value(std::move(out));
    });
    b.function("range", "<nnn:a>", [](const std::vector<std::optional<json::Value>>& a) -> std::optional<json::Value> {
        if (a.size() < 3 || !a[0] || !a[1] || !a[2] || !a[0]->is_number() || !a[1]->is_number() || !a[2]->is_number())
            throw jsonata::Error("T0410", "$range expects three numbers (start, end, step)");
        double start = a[0]->as_double(), end = a[1]->as_double(), step = a[2]->as_double();
        if (step == 0 || !std::isfinite(start) || !std::isfinite(end) || !std::isfinite(step))
            throw jsonata::Error("D3138", "$range: the step must be a non-zero number");
        json::Array out;
        for (double x = start; step > 0 ? x <= end : x >= end; x += step) {
            if (out.size() >= 1000) throw jsonata::Error("D3139", "$range: the array would exceed 1000 elements");
            out.push_back(x == std::floor(x) && std::abs(x) < 9e15 ? json::Value(static_cast<long long>(x)) : json::Value(x));
        }
        if (out.size() == 1) return out[0];  // a singleton sequence is its only member
        return json::Value(std::move(out));
    });
    b.function("hash", "<ss:s>", [](const std::vector<std::optional<json::Value>>& a) -> std::optional<json::Value> {
        if (a.size() < 2 || !a[0] || !a[1] || !a[1]->is_string())
            throw jsonata::Error("T0410", "$hash expects a value and an algorithm name");
        std::string text = a[0]->is_string() ? std::string(a[0]->as_string()) : json::dump(*a[0]);
        return json::Value(hex_digest(text, a[1]->as_string()));
    });
    b.function("random", "<n?:n>", [](const std::vector<std::optional<json::Value>>& a) -> std::optional<json::Value> {
        if (!a.empty() && a[0]) {
            if (!a[0]->is_number()) throw jsonata::Error("T0410", "$random expects a numeric seed");
            query::SeededRandom r(static_cast<uint64_t>(a[0]->as_int()) * 0x9E3779B97F4A7C15ull + 1);
            return json::Value(unit_from(r.next_u64()));
        }
        return json::Value(unit_from(t_core->intrinsic_random()->next_u64()));
    });
    b.function("uuid", "<:s>", [](const auto&) -> std::optional<json::Value> {
        uint64_t hi = t_core->intrinsic_random()->next_u64(), lo = t_core->intrinsic_random()->next_u64();
        hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
        lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
        static const char hex[] = "0123456789abcdef";
        std::string s;
        for (int i = 0; i < 32; ++i) {
            uint64_t w = i < 16 ? hi : lo;
            int shift = 60 - 4 * (i % 16);
            if (i == 8 || i == 12 || i == 16 || i == 20) s += '-';
            s += hex[(w >> shift) & 15];
        }
        return json::Value(s);
    });
    b.function("parse", "<s:j>", [](const std::vector<std::optional<json::Value>>& a) -> std::optional<json::Value> {
        if (a.empty() || !a[0] || !a[0]->is_string()) throw jsonata::Error("T0410", "$parse expects a JSON string");
        std::string err;
        auto v = json::try_parse(a[0]->as_string(), &err);
        if (!v) throw jsonata::Error("D3140", "$parse: the string is not valid JSON: " + err);
        return v;
    });
}

struct Evaluator {
    Core& core;
    Frame& f;
    const StatesVar& st;
    std::optional<jsonata::Bindings> bindings;

    const jsonata::Bindings& binds() {
        if (bindings) return *bindings;
        // The AWS functions are registered once; each evaluation copies the handles.
        static const jsonata::Bindings base = [] {
            jsonata::Bindings b;
            add_aws_functions(b);
            return b;
        }();
        bindings.emplace(base);
        jsonata::Bindings& b = *bindings;
        // Variables, innermost scope winning.
        std::map<std::string, const json::Value*, std::less<>> seen;
        for (const VarScope* s = f.vars.get(); s; s = s->parent.get())
            for (const auto& m : s->vars.as_object())
                seen.emplace(std::string(m.name()), &m.value);
        for (const auto& [name, v] : seen) b.set(name, *v);
        json::Object states;
        if (st.input) states.set("input", *st.input);
        if (st.result) states.set("result", *st.result);
        if (st.error_output) states.set("errorOutput", *st.error_output);
        states.set("context", st.context ? *st.context : core.context(f));
        b.set("states", json::Value(std::move(states)));
        return b;
    }

    json::Value expression(std::string_view raw, std::string_view field) {
        std::string text = trimmed(raw.substr(2, raw.size() - 4));
        std::optional<json::Value> r;
        try {
            auto expr = compiled(text);
            jsonata::EvalOptions opts;
            opts.now_ms = static_cast<double>(core.now());
            // A deterministic runaway guard: an expression that loops (tail
            // calls do not deepen the stack) ends as a QueryEvaluationError.
            opts.max_steps = 10'000'000;
            // Strings, arrays and objects built: far above any payload a state can pass on.
            opts.max_output_bytes = jsonata::kStateOutputBudget;
            const jsonata::Bindings& b = binds();
            Core* saved = t_core;
            t_core = &core;
            struct Restore {
                Core* saved;
                ~Restore() { t_core = saved; }
            } restore{saved};
            r = expr->evaluate(st.input, b, opts);
        } catch (const jsonata::Error& e) {
            throw query_error(f, "The JSONata expression '" + text + "' specified for the field '" + std::string(field) +
                                     "' threw an error during evaluation. " + e.code() + ": " + e.message());
        }
        if (!r)
            throw query_error(f, "The JSONata expression '" + text + "' specified for the field '" + std::string(field) +
                                     "' returned nothing (undefined).");
        return std::move(*r);
    }

    json::Value value(const json::Value& raw, const std::string& field) {
        if (raw.is_string()) {
            if (is_template(raw.as_string())) return expression(raw.as_string(), field);
            return raw;
        }
        if (raw.is_object()) {
            json::Object out;
            for (const auto& m : raw.as_object())
                out.set(m.name(), value(m.value, field + "/" + std::string(m.name())));
            return json::Value(std::move(out));
        }
        if (raw.is_array()) {
            json::Array out;
            out.reserve(raw.as_array().size());
            size_t i = 0;
            for (const auto& v : raw.as_array()) out.push_back(value(v, field + "/" + std::to_string(i++)));
            return json::Value(std::move(out));
        }
        return raw;
    }
};

bool has_template(const json::Value& raw) {
    if (raw.is_string()) return is_template(raw.as_string());
    if (raw.is_object()) {
        for (const auto& m : raw.as_object())
            if (has_template(m.value)) return true;
        return false;
    }
    if (raw.is_array()) {
        for (const auto& v : raw.as_array())
            if (has_template(v)) return true;
    }
    return false;
}

}  // namespace

StateError query_evaluation_error(const Frame& f, const std::string& message) { return query_error(f, message); }

std::string expression_text(const json::Value& raw) {
    if (!raw.is_string()) return json::dump(raw);
    std::string_view r = raw.as_string();
    if (is_template(r)) return trimmed(r.substr(2, r.size() - 4));
    return std::string(r);
}

StateError unexpected_result_type(const Frame& f, const asl::JsonataValue& v, std::string_view field,
                                  std::string_view expected, const json::Value& result) {
    return query_error(f, "The JSONata expression '" + expression_text(v.raw) + "' specified for the field '" +
                              std::string(field) + "' returned an unexpected result type. Expected '" +
                              std::string(expected) + "', but was '" + std::string(json::kind_name(result.kind())) +
                              "' for value: " + json::dump(result));
}

json::Value eval_jsonata(Core& core, Frame& f, const json::Value& raw, const StatesVar& st, std::string_view field) {
    if (!has_template(raw)) return raw;  // constants are shared, not rebuilt
    Evaluator ev{core, f, st, std::nullopt};
    return ev.value(raw, std::string(field));
}

double eval_jsonata_number(Core& core, Frame& f, const asl::JsonataValue& v, const StatesVar& st,
                           std::string_view field) {
    json::Value r = eval_jsonata(core, f, v, st, field);
    if (!r.is_number()) throw unexpected_result_type(f, v, field, "number", r);
    return r.as_double();
}

json::Value evaluate_assign(Core& core, Frame& f, const asl::Assign& assign, const json::Value& jsonpath_input,
                            const StatesVar& st) {
    if (f.state->query_language == asl::QueryLanguage::JSONata) {
        json::Value v = eval_jsonata(core, f, assign.raw, st, "Assign");
        return v;
    }
    if (!assign.jsonpath) return assign.raw;
    return apply_template(core, f, assign.jsonpath, jsonpath_input, "Assign");
}

void commit_assign(Core& core, Frame& f, json::Value values) {
    if (!values.is_object()) return;
    // Quotas: 256 KiB per variable and per Assign, 10 MiB for all the
    // variables an execution stores.
    // https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
    constexpr size_t kVariable = 256 * 1024, kStored = 10 * 1024 * 1024;
    size_t total = 0;
    std::vector<size_t> sizes;
    sizes.reserve(values.as_object().size());
    for (const auto& m : values.as_object()) {
        size_t size = json::dump(m.value).size() + m.name().size();
        sizes.push_back(size);
        total += size;
        if (size > kVariable)
            throw StateError::make(errors::DataLimitExceeded,
                                   "The variable '" + std::string(m.name()) + "' assigned by the state '" +
                                       f.state->name + "' exceeds the maximum size of 256 KiB.",
                                   true);
    }
    if (total > kVariable)
        throw StateError::make(errors::DataLimitExceeded,
                               "The variables assigned by the state '" + f.state->name +
                                   "' exceed the maximum combined size of 256 KiB.",
                               true);
    if (!f.vars) {
        f.vars = std::make_shared<VarScope>();
    } else if (f.vars.use_count() > 1) {
        // Shared with a child's parent link: copy on write.
        f.vars = std::make_shared<VarScope>(*f.vars);
    }
    int64_t bytes = f.vars->bytes;
    {
        size_t i = 0;
        for (const auto& m : values.as_object()) {
            if (const json::Value* old = f.vars->lookup(m.name()))
                bytes -= static_cast<int64_t>(json::dump(*old).size() + m.name().size());
            bytes += static_cast<int64_t>(sizes[i++]);
        }
    }
    if (bytes > static_cast<int64_t>(kStored))
        throw StateError::make(errors::DataLimitExceeded,
                               "The state '" + f.state->name +
                                   "' would store variables over the maximum total size of 10 MiB.",
                               true);
    f.vars->bytes = bytes;
    json::Object& o = f.vars->vars.mutable_object();
    for (const auto& m : values.as_object()) o.set(m.name(), m.value);
    if (f.assigned.is_object()) {
        json::Object& a = f.assigned.mutable_object();
        for (const auto& m : values.as_object()) a.set(m.name(), m.value);
    } else {
        f.assigned = std::move(values);
    }
    (void)core;
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
