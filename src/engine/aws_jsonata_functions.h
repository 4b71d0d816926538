// The functions AWS adds to JSONata in Step Functions: $partition, $range,
// $hash, $random, $uuid and $parse.
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions
#pragma once

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

// The functions, registered once; an evaluation copies the handles.
const jsonata::Bindings& aws_jsonata_functions();

}  // namespace stepwise::engine
