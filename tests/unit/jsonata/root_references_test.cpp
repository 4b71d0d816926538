// Expression::root_references: the names an expression reads from its input
// at the top level. Step Functions gives JSONata no input and refuses these
// ("UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is
// not supported.", recorded against AWS in https://github.com/floci-io/floci/issues/2670).
// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jsonata/expression.h"

using namespace stepwise;

namespace {
std::vector<std::string> root_names(const std::string& text) {
    std::vector<std::string> names;
    for (const jsonata::RootReference& r : jsonata::Expression::compile(text).root_references()) names.push_back(r.name);
    return names;
}
using Names = std::vector<std::string>;
}  // namespace

TEST(JsonataRootReferences, NamesReadFromTheInputAtTheTopLevel) {
    EXPECT_EQ(root_names("phone"), Names{"phone"});
    EXPECT_EQ(root_names("phone.number"), Names{"phone"});
    EXPECT_EQ(root_names("phone[0].number"), Names{"phone"});
    EXPECT_EQ(root_names("1 + price * qty"), (Names{"price", "qty"}));
    EXPECT_EQ(root_names("$count(items) > 2 ? a : b"), (Names{"items", "a", "b"}));
    EXPECT_EQ(root_names("{'k': v, 'l': [w]}"), (Names{"v", "w"}));
    EXPECT_EQ(root_names("($x := total; $x * 2)"), Names{"total"});
    EXPECT_EQ(root_names("name ~> $uppercase()"), Names{"name"});
    EXPECT_EQ(root_names("$f(a).b"), Names{"a"});
}

TEST(JsonataRootReferences, NamesReadFromAnotherInputAreNot) {
    EXPECT_EQ(root_names("$states.input.phone.number"), Names{});
    EXPECT_EQ(root_names("$x.items[price > 5].name"), Names{});
    EXPECT_EQ(root_names("$states.input.items.(price * qty)"), Names{});
    EXPECT_EQ(root_names("$states.input.items{category: $sum(price)}"), Names{});
    EXPECT_EQ(root_names("$states.input.items^(>price)"), Names{});
    EXPECT_EQ(root_names("$map($states.input.xs, function($v) { $v.a })"), Names{});
    EXPECT_EQ(root_names("'text' & $string(42) & $"), Names{});
}
