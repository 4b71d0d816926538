#include "engine/aws_jsonata_functions.h"

#include <cmath>
#include <vector>

#include "json/parse.h"
#include "jsonata/budget.h"
#include "json/write.h"
#include "query/hash.h"
#include "query/java_random.h"
#include "query/uuid.h"

namespace stepwise::engine {

namespace {

using Args = std::vector<std::optional<json::Value>>;

std::string hex_digest(const std::string& text, std::string_view algorithm) {
    std::optional<std::string> digest = query::hex_digest(text, algorithm);
    if (!digest)
        throw jsonata::Error("D3137", "The hash algorithm " + json::dump(json::Value(algorithm)) +
                                          " is not supported; use one of " + std::string(query::kHashAlgorithms));
    return *digest;
}

double unit_from(uint64_t bits) { return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0); }

// The execution's generator; an evaluation without one is a host error.
query::Random& execution_random(jsonata::Host* host, std::string_view function) {
    auto* aws = dynamic_cast<AwsJsonataHost*>(host);
    if (!aws) throw jsonata::Error("D3141", "$" + std::string(function) + " is only available inside an execution");
    return aws->random;
}

// $partition(array, size): the array in chunks of `size`.
std::optional<json::Value> partition(const Args& a, jsonata::Host*) {
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
}

// $range(start, end, step): the numbers from start to end (inclusive), at most 1000.
std::optional<json::Value> range(const Args& a, jsonata::Host*) {
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
}

// $hash(value, algorithm): the hex digest of the value (strings as they are, others as JSON).
std::optional<json::Value> hash(const Args& a, jsonata::Host*) {
    if (a.size() < 2 || !a[0] || !a[1] || !a[1]->is_string())
        throw jsonata::Error("T0410", "$hash expects a value and an algorithm name");
    std::string text = a[0]->is_string() ? std::string(a[0]->as_string()) : json::dump(*a[0]);
    return json::Value(hex_digest(text, a[1]->as_string()));
}

// $random([seed]): a number in [0, 1); with a seed, the first number of
// java.util.Random(seed), as AWS gives.
std::optional<json::Value> random(const Args& a, jsonata::Host* host) {
    if (!a.empty() && a[0]) {
        if (!a[0]->is_number()) throw jsonata::Error("T0410", "$random expects a numeric seed");
        return json::Value(query::JavaRandom(a[0]->as_int()).next_double());
    }
    return json::Value(unit_from(execution_random(host, "random").next_u64()));
}

// $uuid(): a version 4 UUID.
std::optional<json::Value> uuid(const Args&, jsonata::Host* host) {
    query::Random& r = execution_random(host, "uuid");
    uint64_t high = r.next_u64();
    return json::Value(query::format_uuid_v4(high, r.next_u64()));
}

// $parse(text): the JSON value the string holds.
std::optional<json::Value> parse(const Args& a, jsonata::Host*) {
    if (a.empty() || !a[0] || !a[0]->is_string()) throw jsonata::Error("T0410", "$parse expects a JSON string");
    std::string err;
    auto v = json::try_parse(a[0]->as_string(), &err);
    if (!v) throw jsonata::Error("D3140", "$parse: the string is not valid JSON: " + err);
    return v;
}

struct AwsFunction {
    std::string_view name;
    std::string_view signature;
    std::optional<json::Value> (*impl)(const Args&, jsonata::Host*);
};
constexpr AwsFunction kFunctions[] = {
    {"partition", "<an:a>", partition}, {"range", "<nnn:a>", range}, {"hash", "<ss:s>", hash},
    {"random", "<n?:n>", random},       {"uuid", "<:s>", uuid},      {"parse", "<s:j>", parse},
};

}  // namespace

std::span<const AwsJsonataFunction> aws_jsonata_function_signatures() {
    static const std::vector<AwsJsonataFunction> signatures = [] {
        std::vector<AwsJsonataFunction> out;
        for (const AwsFunction& f : kFunctions) out.push_back({f.name, f.signature});
        return out;
    }();
    return signatures;
}

const jsonata::Bindings& aws_jsonata_functions() {
    static const jsonata::Bindings functions = [] {
        jsonata::Bindings b;
        for (const AwsFunction& f : kFunctions) b.function(std::string(f.name), std::string(f.signature), f.impl);
        // "$eval is not available" (the page above): AWS leaves it unbound, so a
        // call fails at evaluation with T1006, as calling any non-function does.
        b.hide("eval");
        return b;
    }();
    return functions;
}

jsonata::Bindings aws_jsonata_bindings(const json::Value& variables, json::Value states) {
    jsonata::Bindings b = aws_jsonata_functions();
    if (variables.is_object())
        for (const auto& m : variables.as_object()) b.set(std::string(m.name()), m.value);
    b.set("states", std::move(states));
    return b;
}

jsonata::EvalOptions aws_eval_options(int64_t now_ms, AwsJsonataHost& host, JsonataLimits limits) {
    jsonata::EvalOptions opts;
    opts.now_ms = static_cast<double>(now_ms);
    opts.max_steps = limits.max_steps;
    opts.timeout_ms = limits.timeout_ms;
    // Strings, arrays and objects built: far above any payload a state can pass on.
    opts.max_output_bytes = jsonata::kStateOutputBudget;
    opts.host = &host;
    return opts;
}

}  // namespace stepwise::engine
