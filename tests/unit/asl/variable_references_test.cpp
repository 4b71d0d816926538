// Which workflow variables each state reads (State::variable_reads) and
// DescribeStateMachine's `variableReferences` built from them: names without
// `$`, each once, states of Parallel branches and Map processors under their
// own names, states that read none left out. The shape follows the responses
// AWS recorded in LocalStack's snapshot tests (test_sfn_api_variable_references).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "asl/variable_references.h"
#include "asl_test_util.h"

using namespace stepwise;
using asl::testing::one_state;

namespace {
using References = std::map<std::string, std::vector<std::string>>;

References references_of(const std::string& definition) {
    asl::CompileResult result = asl::compile(definition);
    EXPECT_COMPILES(result);
    References out;
    if (!result.ok()) return out;
    for (const auto& [state, names] : asl::variable_references(*result.machine)) out[state] = names;
    return out;
}

const asl::State& state_of(const asl::CompileResult& result, const std::string& name) {
    return *result.machine->all_states.at(name);
}
}  // namespace

TEST(VariableReferences, JsonPathPathsAndTemplatesReadVariablesByName) {
    auto refs = references_of(R"J({"StartAt":"A","States":{
        "A":{"Type":"Pass","Assign":{"total":1,"who":"x"},"Next":"B"},
        "B":{"Type":"Pass","InputPath":"$total","Parameters":{"name.$":"$who.first","literal":"$total"},
             "OutputPath":"$total","Next":"C"},
        "C":{"Type":"Pass","End":true}}})J");
    // A path-like string under a key without `.$` is a literal; `$total` read twice is listed once.
    EXPECT_EQ(refs, (References{{"B", {"total", "who"}}}));
}

TEST(VariableReferences, IntrinsicArgumentsAndChoiceRules) {
    auto refs = references_of(R"J({"StartAt":"P","States":{
        "P":{"Type":"Pass","Parameters":{"m.$":"States.Format('{} of {}', $count, States.MathAdd($base, 1))"},"Next":"C"},
        "C":{"Type":"Choice","Choices":[{"And":[{"Variable":"$guess","StringEqualsPath":"$answer"},
                                              {"Variable":"$.x","IsPresent":true}],
                                        "Next":"D","Assign":{"tries.$":"$tries"}}],"Default":"D"},
        "D":{"Type":"Fail","ErrorPath":"$err","CausePath":"States.Format('{}', $why)"}}})J");
    EXPECT_EQ(refs, (References{{"P", {"count", "base"}},
                                {"C", {"guess", "answer", "tries"}},
                                {"D", {"err", "why"}}}));
}

TEST(VariableReferences, ContextObjectAndInputAreNotVariables) {
    auto refs = references_of(one_state(R"J({"Type":"Pass","Parameters":{"a.$":"$$.Execution.Id","b.$":"$.b"},"End":true})J"));
    EXPECT_TRUE(refs.empty());
}

TEST(VariableReferences, NestedStatesAreListedUnderTheirOwnNames) {
    auto refs = references_of(R"J({"StartAt":"Par","States":{
        "Par":{"Type":"Parallel","Branches":[{"StartAt":"InBranch","States":{
                  "InBranch":{"Type":"Pass","OutputPath":"$fromBranch","End":true}}}],"Next":"Each"},
        "Each":{"Type":"Map","ItemsPath":"$list","ItemSelector":{"v.$":"$$.Map.Item.Value","k.$":"$key"},
                "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"Inner","States":{
                  "Inner":{"Type":"Pass","Parameters":{"q.$":"$question"},"End":true}}},"End":true}}})J");
    EXPECT_EQ(refs, (References{{"InBranch", {"fromBranch"}}, {"Each", {"list", "key"}}, {"Inner", {"question"}}}));
}

TEST(VariableReferences, MapNumbersReadFromVariables) {
    auto refs = references_of(one_state(R"J({"Type":"Map","MaxConcurrencyPath":"$limit",
        "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"I","States":{
            "I":{"Type":"Pass","End":true}}},
        "ToleratedFailureCountPath":"$failures","End":true})J"));
    EXPECT_EQ(refs, (References{{"S", {"limit", "failures"}}}));
}

TEST(VariableReferences, JsonataFreeVariablesWithoutStatesOrFunctions) {
    auto refs = references_of(R"J({"QueryLanguage":"JSONata","StartAt":"T","States":{
        "T":{"Type":"Pass",
             "Output":{"sum":"{% $sum($prices) + $states.input.extra %}",
                       "scaled":"{% $map($prices, function($p) { $p * $rate }) %}",
                       "id":"{% $uuid() %}"},
             "Assign":{"next":"{% ($t := $base; $t + 1) %}"},"Next":"C"},
        "C":{"Type":"Choice","Choices":[{"Condition":"{% $flag and $not($states.input.off) %}","Next":"E"}],"Default":"E"},
        "E":{"Type":"Succeed"}}})J");
    EXPECT_EQ(refs, (References{{"T", {"prices", "rate", "base"}}, {"C", {"flag"}}}));
}

TEST(VariableReferences, EachReadIsLocatedAtItsField) {
    asl::CompileResult result = asl::compile(R"J({"StartAt":"A","States":{
        "A":{"Type":"Pass","Parameters":{"x.$":"$one"},"Next":"B"},
        "B":{"Type":"Pass","QueryLanguage":"JSONata","Output":{"deep":["{% $two %}"]},"End":true}}})J");
    ASSERT_TRUE(result.ok()) << asl::testing::describe(result);
    const auto& a = state_of(result, "A").variable_reads;
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].name, "one");
    EXPECT_EQ(a[0].pointer, "/States/A/Parameters");
    const auto& b = state_of(result, "B").variable_reads;
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].name, "two");
    EXPECT_EQ(b[0].pointer, "/States/B/Output/deep/0");
}

TEST(VariableReferences, JsonataMapItemsAndItsProcessor) {
    auto refs = references_of(R"J({"QueryLanguage":"JSONata","StartAt":"Set","States":{
        "Set":{"Type":"Pass","Assign":{"rate":2,"items":[1,2]},"Next":"Each"},
        "Each":{"Type":"Map","Items":"{% $items %}","End":true,
                "ItemProcessor":{"StartAt":"Scale","States":{"Scale":{"Type":"Pass","End":true,
                    "Output":"{% $sum($map([$states.input], function($rate) { $rate })) * $rate %}"}}}}}})J");
    EXPECT_EQ(refs, (References{{"Each", {"items"}}, {"Scale", {"rate"}}}));
}
