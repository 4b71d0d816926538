// Reference paths and ResultPath assignment.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
// https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html#amazon-states-language-reference-paths
#include <gtest/gtest.h>

#include "helpers.h"

using namespace qtest;
using stepwise::json::Value;
using stepwise::query::EvalError;
using stepwise::query::Path;

namespace {
std::string assign(std::string_view path, std::string_view target, std::string_view value) {
    Value t = stepwise::json::parse(target);
    Path::compile(path).assign(t, stepwise::json::parse(value));
    return stepwise::json::dump(t);
}
std::string assign_error(std::string_view path, std::string_view target) {
    Value t = stepwise::json::parse(target);
    std::string before = stepwise::json::dump(t);
    try {
        Path::compile(path).assign(t, Value(1));
    } catch (const EvalError& e) {
        EXPECT_EQ(stepwise::json::dump(t), before);  // untouched on failure
        return e.error() + ": " + e.cause();
    }
    return "<no error>";
}
}  // namespace

TEST(Assign, RootReplaces) { EXPECT_EQ(assign("$", R"({"a":1})", R"("r")"), R"("r")"); }

TEST(Assign, AddsAndReplacesMembers) {
    EXPECT_EQ(assign("$.taskresult", R"({"comment":"x"})", R"("Hello")"), R"({"comment":"x","taskresult":"Hello"})");
    EXPECT_EQ(assign("$.a", R"({"a":1,"b":2})", "3"), R"({"a":3,"b":2})");
    EXPECT_EQ(assign("$['a b'].c", R"({})", "3"), R"({"a b":{"c":3}})");
}

TEST(Assign, CreatesIntermediateObjects) {
    EXPECT_EQ(assign("$.a.b.c", R"({"x":1})", "true"), R"({"x":1,"a":{"b":{"c":true}}})");
    EXPECT_EQ(assign("$.a.b", R"({"a":{"k":1}})", "2"), R"({"a":{"k":1,"b":2}})");
}

TEST(Assign, IntoArrays) {
    EXPECT_EQ(assign("$.a[1]", R"({"a":[1,2,3]})", R"("x")"), R"({"a":[1,"x",3]})");
    EXPECT_EQ(assign("$.a[0].b", R"({"a":[{}]})", "1"), R"({"a":[{"b":1}]})");
}

TEST(Assign, MatchFailures) {
    // AWS words it `Unable to apply step "<name>" to input <json>`.
    EXPECT_EQ(assign_error("$.a.b", R"({"a":"text"})"),
              R"(States.ResultPathMatchFailure: Unable to apply step "b" to input {"a":"text"})");
    EXPECT_EQ(assign_error("$.a", R"("hello")"), R"(States.ResultPathMatchFailure: Unable to apply step "a" to input "hello")");
    EXPECT_EQ(assign_error("$.a[5]", R"({"a":[1]})"), R"(States.ResultPathMatchFailure: Unable to apply step "5" to input {"a":[1]})");
    EXPECT_EQ(assign_error("$.n[0]", R"({})"), R"(States.ResultPathMatchFailure: Unable to apply step "0" to input {})");
    EXPECT_EQ(assign_error("$.a.b.c", R"({"a":{"b":[1]}})"),
              R"(States.ResultPathMatchFailure: Unable to apply step "c" to input {"a":{"b":[1]}})");
}

TEST(Assign, SharesUntouchedSubtrees) {
    Value t = stepwise::json::parse(R"({"keep":{"big":[1,2,3]},"a":{"x":1}})");
    Value keep = *t.find("keep");
    Value before = t;
    Path::compile("$.a.y").assign(t, Value(2));
    EXPECT_TRUE(t.find("keep")->same_node(keep));
    EXPECT_EQ(stepwise::json::dump(before), R"({"keep":{"big":[1,2,3]},"a":{"x":1}})");  // copy-on-write
    EXPECT_EQ(stepwise::json::dump(t), R"({"keep":{"big":[1,2,3]},"a":{"x":1,"y":2}})");
}
