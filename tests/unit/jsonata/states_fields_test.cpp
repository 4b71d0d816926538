// Expression::states_fields: the fields of Step Functions' reserved `$states`
// variable an expression reads, wherever it reads them.
// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jsonata/expression.h"

using namespace stepwise;

namespace {
using Names = std::vector<std::string>;
}  // namespace

TEST(JsonataStatesFields, FieldsOfStatesReadAnywhere) {
    auto fields = [](const std::string& text) {
        std::vector<std::string> names;
        for (const jsonata::StatesField& f : jsonata::Expression::compile(text).states_fields()) names.push_back(f.name);
        return names;
    };
    EXPECT_EQ(fields("$states.errorOutput.Cause"), Names{"errorOutput"});
    EXPECT_EQ(fields("[$states.input.a, $map($x, function($v) { $states.result })]"), (Names{"input", "result"}));
    EXPECT_EQ(fields("$states.input.items[$states.context.Map.Item.Index > 1]"), (Names{"input", "context"}));
    EXPECT_EQ(fields("$states ~> $keys()"), Names{});
    EXPECT_EQ(fields("$states.input.errorOutput"), Names{"input"});
}
