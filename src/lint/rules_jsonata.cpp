// JSONata rules: calls of functions AWS's JSONata does not have, or with the
// wrong number of arguments, `$eval`, and `$states` fields read where that
// state has none. Syntax AWS's JSONata 2.0.6 lacks (`??`, `?:`) is refused
// when the definition compiles (INVALID_JSONATA_EXPRESSION), before any rule.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#include <algorithm>
#include <array>

#include "engine/aws_jsonata_functions.h"
#include "jsonata/signature.h"
#include "lint/jsonata_sites.h"
#include "lint/nearest_name.h"
#include "lint/rule.h"
#include "lint/wording.h"

namespace stepwise::lint {

namespace {

constexpr std::string_view kTransformingData = "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html";

// "$eval is not available" in Step Functions (the page above).
constexpr std::string_view kForbidden = "eval";

std::string where(const JsonataSite& site) {
    return "State " + quoted(site.state.name) + " " + std::string(site.field);
}

// A function Step Functions' JSONata has: one AWS adds or the library's (no
// jsonata-js release after 2.0.6 added one, jsonata/language_level.h). Nullopt otherwise.
std::optional<jsonata::ArgumentRange> known_function(const std::string& name) {
    if (name == kForbidden) return std::nullopt;
    // AWS's own come first: its $random (an optional seed) replaces the library's.
    for (const engine::AwsJsonataFunction& f : engine::aws_jsonata_function_signatures())
        if (f.name == name) return jsonata::argument_range(jsonata::Signature::parse(std::string(f.signature)));
    return jsonata::library_function_arguments(name);
}

const std::vector<std::string>& known_function_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out = jsonata::library_function_names();
        out.erase(std::remove(out.begin(), out.end(), kForbidden), out.end());
        for (const engine::AwsJsonataFunction& f : engine::aws_jsonata_function_signatures()) out.emplace_back(f.name);
        return out;
    }();
    return names;
}

// Calls by name of functions the expression does not bind itself.
template <class Check>
void for_each_call(const Subject& subject, Check check) {
    for_each_jsonata_site(subject.machine, [&](const JsonataSite& site) {
        for (const jsonata::FunctionCall& call : site.expression.function_calls())
            if (!call.bound_in_expression) check(site, call);
    });
}

void check_unknown_function(const Subject& subject, FindingSink& out) {
    for_each_call(subject, [&](const JsonataSite& site, const jsonata::FunctionCall& call) {
        if (call.name == kForbidden || known_function(call.name)) return;
        std::optional<std::string> near = nearest_name(call.name, known_function_names());
        // A workflow variable holds JSON, never a function: calling one fails as calling any value does (T1006).
        out.add(site.pointer,
                where(site) + " calls $" + call.name +
                    ", which is neither a JSONata 2.0.6 function nor one Step Functions adds: the call fails at run time",
                near ? "did you mean $" + *near + "?"
                     : "call a JSONata function, or one of $partition, $range, $hash, $random, $uuid, $parse");
    });
}

std::string argument_words(const jsonata::ArgumentRange& range) {
    auto count = [](size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
    if (range.max == jsonata::ArgumentRange::kUnbounded) return "at least " + count(range.min);
    if (range.min == range.max) return count(range.min);
    return std::to_string(range.min) + " to " + count(range.max);
}

void check_argument_count(const Subject& subject, FindingSink& out) {
    for_each_call(subject, [&](const JsonataSite& site, const jsonata::FunctionCall& call) {
        std::optional<jsonata::ArgumentRange> range = known_function(call.name);
        if (!range || (call.arguments >= range->min && call.arguments <= range->max)) return;
        out.add(site.pointer,
                where(site) + " calls $" + call.name + " with " + std::to_string(call.arguments) +
                    (call.arguments == 1 ? " argument" : " arguments") + "; it takes " + argument_words(*range),
                "pass $" + call.name + " " + argument_words(*range) + " (see its signature in the JSONata documentation)");
    });
}

void check_forbidden_function(const Subject& subject, FindingSink& out) {
    for_each_call(subject, [&](const JsonataSite& site, const jsonata::FunctionCall& call) {
        if (call.name != kForbidden) return;
        out.add(site.pointer, where(site) + " calls $eval, which Step Functions does not provide: the call fails at run time",
                "read JSON text with $parse instead");
    });
}

// The fields of `$states` and where each exists (the page above): `input` and
// `context` everywhere; `result` in the Output and Assign of a Task, Parallel
// or Map; `errorOutput` in a Catcher's Output and Assign.
std::optional<std::string> missing_states_field(const JsonataSite& site, const std::string& field) {
    if (field == "input" || field == "context") return std::nullopt;
    if (field == "result") {
        bool has_result = site.state.type == asl::StateType::Task || site.state.type == asl::StateType::Parallel ||
                          site.state.type == asl::StateType::Map;
        if (site.place == JsonataPlace::StateResult && has_result) return std::nullopt;
        return "$states.result exists only in the Output and Assign of a Task, Parallel or Map state";
    }
    if (field == "errorOutput") {
        if (site.place == JsonataPlace::Catcher) return std::nullopt;
        return "$states.errorOutput exists only in a Catcher's Output and Assign";
    }
    return "$states has no field '" + field + "' (it has input, result, errorOutput and context)";
}

void check_states_field(const Subject& subject, FindingSink& out) {
    for_each_jsonata_site(subject.machine, [&](const JsonataSite& site) {
        for (const jsonata::VariableField& read : site.expression.variable_fields()) {
            if (read.variable != "states") continue;
            if (auto problem = missing_states_field(site, read.field))
                out.add(site.pointer, where(site) + " reads $states." + read.field + ": " + *problem,
                        read.field == "result" || read.field == "errorOutput"
                            ? "read $states.input here, or move this expression to where the field exists"
                            : "read $states.input, $states.context, $states.result or $states.errorOutput");
        }
    });
}

constexpr std::array kRules = {
    Rule{"jsonata-unknown-function", "jsonata", Severity::Error,
         "a call of a function that neither JSONata 2.0.6 nor Step Functions provides", kTransformingData,
         check_unknown_function},
    Rule{"jsonata-argument-count", "jsonata", Severity::Error,
         "a call of a JSONata or Step Functions function with too few or too many arguments", kTransformingData,
         check_argument_count},
    Rule{"jsonata-forbidden-function", "jsonata", Severity::Error, "a call of $eval, which Step Functions does not provide",
         kTransformingData, check_forbidden_function},
    Rule{"jsonata-states-field", "jsonata", Severity::Error,
         "a $states field read where that state has none ($states.result outside a Task, Parallel or Map's "
         "Output/Assign, $states.errorOutput outside a Catcher)",
         kTransformingData, check_states_field},
};

}  // namespace

std::span<const Rule> jsonata_rules() { return kRules; }

}  // namespace stepwise::lint
