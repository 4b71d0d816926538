// Which jsonata-js release's language an expression is read in. The two
// levels differ only in syntax: jsonata-js 2.1.0 added the `?:` default and
// `??` coalescing operators, and no release after 2.0.6 added a function.
#pragma once

#include <cstdint>

namespace stepwise::jsonata {

enum class LanguageLevel : uint8_t {
    // What AWS Step Functions runs ("Step Functions supports JSONata version 2.0.6",
    // https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
    // `a ?? b` and `a ?: b` are syntax errors there.
    V2_0_6,
    // The reference implementation this engine follows, and its test suite.
    V2_2_2,
};

}  // namespace stepwise::jsonata
