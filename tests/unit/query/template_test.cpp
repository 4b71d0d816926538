// Payload templates (Parameters, ResultSelector, ItemSelector).
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
#include <gtest/gtest.h>

#include "helpers.h"

using namespace qtest;
using stepwise::query::EvalError;
using stepwise::query::Template;
using stepwise::query::TemplateProblem;

namespace {
std::string render(std::string_view def, std::string_view input, std::string_view context = "{}",
                   const stepwise::query::Variables* vars = nullptr) {
    std::vector<TemplateProblem> problems;
    auto t = Template::compile(stepwise::json::parse(def), problems);
    EXPECT_TRUE(problems.empty());
    auto in = stepwise::json::parse(input), ctx = stepwise::json::parse(context);
    stepwise::query::Scope scope{in, ctx, vars};
    return stepwise::json::dump(t.evaluate(scope, "Parameters"));
}
}  // namespace

TEST(Template, ReplacesDollarMembersAndDropsSuffix) {
    EXPECT_EQ(render(R"({"a.$":"$.x","b":"lit","c":{"d.$":"$.y[1]"}})", R"({"x":1,"y":[5,6]})"),
              R"({"a":1,"b":"lit","c":{"d":6}})");
}

TEST(Template, WalksArraysOfObjects) {
    EXPECT_EQ(render(R"({"list":[{"v.$":"$.x"},2,[{"w.$":"$$.Id"}]]})", R"({"x":"X"})", R"({"Id":"ctx"})"),
              R"({"list":[{"v":"X"},2,[{"w":"ctx"}]]})");
}

TEST(Template, IntrinsicsAndVariables) {
    MapVariables vars;
    vars.values["name"] = stepwise::json::Value("Ann");
    EXPECT_EQ(render(R"J({"g.$":"States.Format('hi {}', $name)","n.$":"$name"})J", "{}", "{}", &vars),
              R"({"g":"hi Ann","n":"Ann"})");
}

TEST(Template, ConstantTemplatesShareTheDefinition) {
    std::vector<TemplateProblem> problems;
    auto def = stepwise::json::parse(R"({"a":{"b":[1,2]},"c.$":"$.x"})");
    auto t = Template::compile(def, problems);
    EXPECT_FALSE(t.is_constant());
    auto in = stepwise::json::parse(R"({"x":1})");
    stepwise::json::Value ctx;
    stepwise::query::Scope scope{in, ctx};
    auto out = t.evaluate(scope, "Parameters");
    EXPECT_TRUE(out.find("a")->same_node(*def.find("a")));
    EXPECT_TRUE(Template::compile(stepwise::json::parse(R"({"a":1})"), problems).is_constant());
}

TEST(Template, CompileProblemsAreCollected) {
    std::vector<TemplateProblem> problems;
    Template::compile(stepwise::json::parse(R"J({"a.$":1,"b":{"c.$":"nope"},"d":[{"e.$":"$.["}],"f.$":"States.Nope()"})J"),
                      problems);
    ASSERT_EQ(problems.size(), 4u);
    EXPECT_EQ(problems[0].pointer, "/a.$");
    EXPECT_EQ(problems[1].pointer, "/b/c.$");
    EXPECT_EQ(problems[2].pointer, "/d/0/e.$");
    EXPECT_EQ(problems[3].pointer, "/f.$");
}

TEST(Template, MissingPathIsStatesRuntime) {
    // Wording recorded from AWS (conformance corpus, scenarios/invalid_jsonpath__*).
    std::vector<TemplateProblem> problems;
    auto t = Template::compile(stepwise::json::parse(R"({"value.$":"$.no_such_jsonpath"})"), problems);
    auto in = stepwise::json::parse(R"({"int-literal":0})");
    stepwise::json::Value ctx;
    stepwise::query::Scope scope{in, ctx};
    try {
        t.evaluate(scope, "Parameters");
        FAIL();
    } catch (const EvalError& e) {
        EXPECT_EQ(e.error(), "States.Runtime");
        EXPECT_EQ(e.cause(),
                  "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the "
                  "input '{\"int-literal\":0}'");
    }
}

TEST(Template, UsesContextAndVariables) {
    std::vector<TemplateProblem> problems;
    auto t = Template::compile(stepwise::json::parse(R"J({"a.$":"$.x","b":[{"c.$":"States.Array($$.Id, $v, $w, $v)"}]})J"),
                               problems);
    EXPECT_TRUE(t.uses_context());
    EXPECT_EQ(t.referenced_variables(), (std::vector<std::string>{"v", "w"}));
    auto t2 = Template::compile(stepwise::json::parse(R"({"a.$":"$.x"})"), problems);
    EXPECT_FALSE(t2.uses_context());
}

// Enough keys before the duplicate to make the list of seen keys reallocate
// (a use-after-free ASan once found there).
TEST(Template, DuplicateOutputKeyAfterManyKeysIsAProblem) {
    std::vector<TemplateProblem> problems;
    Template::compile(stepwise::json::parse(R"({"a":1,"b":2,"c":3,"d":4,"e":5,"a.$":"$.x"})"), problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].pointer, "/a.$");
}

// AWS's wording for a `.$` value that is neither a path nor an intrinsic call
// ("The value for the field 'payload.$' must be a valid JSONPath or a valid
// intrinsic function call", quoted from a CloudFormation deploy at
// https://example-a.com/answer/78167750), and a field given twice once `.$` is stripped.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
TEST(Template, ProblemsUseAwsWordingAndFindFieldsGivenTwice) {
    std::vector<TemplateProblem> problems;
    Template::compile(stepwise::json::parse(R"({"JobName.$":"foo"})"), problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].message,
              "The value for the field 'JobName.$' must be a valid JSONPath or a valid intrinsic function call, not \"foo\"");

    problems.clear();
    Template::compile(stepwise::json::parse(R"({"x":{"a":1,"b":2,"a.$":"$.a"}})"), problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].pointer, "/x/a.$");
    EXPECT_EQ(problems[0].message, "The field 'a' is given twice: as 'a' and as 'a.$'");

    problems.clear();
    Template::compile(stepwise::json::parse(R"([{"a.$":"$.a","a":1}])"), problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].pointer, "/0/a");

    // Different names, or `a.$` beside `a.$.$` ("a.$" once stripped), are distinct fields.
    problems.clear();
    Template::compile(stepwise::json::parse(R"({"a.$":"$.a","ab":1,"a.b":2})"), problems);
    EXPECT_TRUE(problems.empty());
}
