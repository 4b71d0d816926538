// Expression::free_variables: the `$name`s an expression reads without binding
// them itself. Step Functions reports these (minus `$states`) as a state's
// variable references: https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jsonata/expression.h"

using namespace stepwise;

namespace {
std::vector<std::string> free_names(const std::string& text) {
    std::vector<std::string> names;
    for (const jsonata::FreeVariable& v : jsonata::Expression::compile(text).free_variables())
        if (!v.names_library_function) names.push_back(v.name);
    return names;
}
using Names = std::vector<std::string>;
}  // namespace

TEST(JsonataFreeVariables, VariablesReadInOrderWithTheirPositions) {
    EXPECT_EQ(free_names("$x + $y.total"), (Names{"x", "y"}));
    auto located = jsonata::Expression::compile("1 + $price").free_variables();
    ASSERT_EQ(located.size(), 1u);
    EXPECT_EQ(located[0].position, 4u + 6u);  // the lexer's position: just after the name
}

TEST(JsonataFreeVariables, ContextInputAndLibraryFunctionsAreNotVariables) {
    EXPECT_EQ(free_names("$ + $$.a"), Names{});
    EXPECT_EQ(free_names("$sum($items.price) & $string($n)"), (Names{"items", "n"}));
    EXPECT_EQ(free_names("$map($list, $uppercase)"), Names{"list"});
}

// A library function's name is listed, marked: where the host binds a variable
// of that name (a workflow variable $count), the binding shadows the function.
TEST(JsonataFreeVariables, LibraryFunctionNamesAreListedMarked) {
    std::vector<jsonata::FreeVariable> free = jsonata::Expression::compile("$count + $map").free_variables();
    ASSERT_EQ(free.size(), 2u);
    EXPECT_EQ(free[0].name, "count");
    EXPECT_TRUE(free[0].names_library_function);
    EXPECT_TRUE(free[1].names_library_function);
    EXPECT_FALSE(jsonata::Expression::compile("$total").free_variables()[0].names_library_function);
}

TEST(JsonataFreeVariables, LambdaParametersShadowTheOuterName) {
    EXPECT_EQ(free_names("$map($xs, function($x) { $x * $factor })"), (Names{"xs", "factor"}));
    EXPECT_EQ(free_names("$x & $map([1], function($x) { $x })"), Names{"x"});
}

TEST(JsonataFreeVariables, BlockBindingsAreLocalFromWhereTheyAreMade) {
    EXPECT_EQ(free_names("($t := $rate * 2; $t + $u)"), (Names{"rate", "u"}));
    // Read before the block binds it: the outer (workflow) variable.
    EXPECT_EQ(free_names("($a; $a := 1; $a)"), Names{"a"});
    // Outside the block the binding is gone.
    EXPECT_EQ(free_names("($b := 1; $b) + $b"), Names{"b"});
    // A lambda sees the block's later bindings when it is called, and itself.
    EXPECT_EQ(free_names("($f := function($n) { $n < 1 ? $k : $f($n - 1) }; $k := 2; $f(3))"), Names{});
    EXPECT_EQ(free_names("$v := 5"), Names{});
}

TEST(JsonataFreeVariables, PathFocusAndIndexBindingsAreNotVariables) {
    EXPECT_EQ(free_names("Order@$o.Product#$i.{'o': $o.id, 'i': $i, 'z': $zone}"), Names{"zone"});
}

TEST(JsonataFreeVariables, InsidePredicatesConditionsAndObjects) {
    EXPECT_EQ(free_names("items[price > $low].{'n': name, 'tax': $rate}"), (Names{"low", "rate"}));
    EXPECT_EQ(free_names("$flag ? $a : $b"), (Names{"flag", "a", "b"}));
    EXPECT_EQ(free_names("$states.input.x"), Names{"states"});  // the host decides what `states` is
}
