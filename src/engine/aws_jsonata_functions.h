// The functions AWS adds to JSONata in Step Functions: $partition, $range,
// $hash, $random, $uuid and $parse.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "jsonata/expression.h"
#include "query/random.h"

namespace stepwise::engine {

// What the functions read from the execution evaluating them (passed as
// jsonata::EvalOptions::host): $random and $uuid draw from its seeded
// generator, so a replay repeats them.
struct AwsJsonataHost final : jsonata::Host {
    explicit AwsJsonataHost(query::Random& random) : random(random) {}
    query::Random& random;
};

// Each function's name (without `$`) and JSONata signature, as registered.
struct AwsJsonataFunction {
    std::string_view name;
    std::string_view signature;
};
std::span<const AwsJsonataFunction> aws_jsonata_function_signatures();

// The functions, registered once; an evaluation copies the handles.
const jsonata::Bindings& aws_jsonata_functions();

// What an evaluation binds: AWS's functions, the variables (an object) and $states.
jsonata::Bindings aws_jsonata_bindings(const json::Value& variables, json::Value states);

// The runaway guards of an evaluation (jsonata::EvalOptions). A state's are
// deterministic (steps, no clock), so a replay ends the same way; the
// debugger's evaluate is interactive: fewer steps and a time bound.
struct JsonataLimits {
    uint64_t max_steps;
    int64_t timeout_ms;
};
inline constexpr JsonataLimits kStateJsonataLimits{10'000'000, 0};
inline constexpr JsonataLimits kInteractiveJsonataLimits{1'000'000, 2'000};

// The options of an evaluation: its clock, its host, `limits` and the output
// budget of a state (jsonata::kStateOutputBudget).
jsonata::EvalOptions aws_eval_options(int64_t now_ms, AwsJsonataHost& host, JsonataLimits limits);

}  // namespace stepwise::engine
