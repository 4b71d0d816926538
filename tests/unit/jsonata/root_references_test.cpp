// Expression::root_references: the names an expression reads from its input
// at the top level. Step Functions gives JSONata no input and refuses these
// ("UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is
// not supported.", recorded against AWS in https://github.com/floci-io/floci/issues/2670;
// which positions count was measured there with validate-state-machine-definition).
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
    for (const char* text : {"phone", "phone.number", "phone[0].number", "-phone", "phone ? 1 : 2",
                             "$states.input.a ? phone : 2", "phone & 'x'", "phone in $states.input.b", "$sum(phone)",
                             "phone(1)", "phone ~> $string()", "[1..phone]", "(phone).other", "[phone].other",
                             "{phone: 1}", "($x := phone; $x)", "$map($states.input.a, function($v) { phone })",
                             "$count(phone[inner])", "phone.**.deeper"})
        EXPECT_EQ(root_names(text), Names{"phone"}) << text;
    EXPECT_EQ(root_names("1 + price * qty"), (Names{"price", "qty"}));
    EXPECT_EQ(root_names("a + a"), (Names{"a", "a"}));
}

TEST(JsonataRootReferences, TheInputItself) {
    for (const char* text : {"$", "$.phone", "$[0]", "$string($)", "$map($states.input.a, function($v) { $ })"})
        EXPECT_EQ(root_names(text), Names{"$"}) << text;
    EXPECT_EQ(root_names("$$.phone"), Names{"$$"});
}

TEST(JsonataRootReferences, NamesReadFromAnotherInputAreNot) {
    for (const char* text : {"$states.input.phone", "$states.input.a[0].phone", "$states.input.items[phone > 3]",
                             "$states.input.a^(phone)", "$states.input.a{'k': phone}", "$states.input.a.(phone)",
                             "$phone", "$states.input ~> |phone|{'b': 1}|", "**.phone", "{'k': 1}.phone",
                             "$states.input.a[$ > 1]", "$map($states.input.a, function($x) { $x.phone })", "'phone'",
                             "$now()"})
        EXPECT_EQ(root_names(text), Names{}) << text;
}

