// The vehicle order cancellation example compiles into the expected Machine.
#include <map>

#include "json/write.h"

#include "asl_test_util.h"

using namespace stepwise;
using namespace stepwise::asl;
using namespace stepwise::asl::testing;

namespace {

const std::string kExample = std::string(STEPWISE_SHARED_DIR) + "/examples/vehicle-order-cancellation/";

std::map<std::string, std::string> substitutions() {
    std::map<std::string, std::string> out;
    json::Value file = json::parse_file(kExample + "substitutions.json");
    for (const json::Member& m : file.as_object())
        out.emplace(std::string(m.name()), std::string(m.value.as_string()));
    return out;
}

std::string function_name(const Machine& m, const std::string& state) {
    const json::Value* parameters = m.definition.find("States")->find(state)->find("Parameters");
    return std::string(parameters->find("FunctionName")->as_string());
}

}  // namespace

TEST(AslExample, CompilesWithoutSubstitutions) {
    CompileResult result = compile(json::read_file(kExample + "statemachine.asl.json"));
    ASSERT_TRUE(result.ok()) << describe(result);
    const Machine& m = *result.machine;
    EXPECT_EQ(m.version, "1.0");
    EXPECT_EQ(m.root.states.size(), 10u);
    EXPECT_EQ(m.all_states.size(), 12u);
    ASSERT_NE(m.root.start, nullptr);
    EXPECT_EQ(m.root.start->name, "SetCancellationMeta");
    EXPECT_EQ(m.root.start->next->name, "ValidateCancellationEligibility");

    const auto& validate = m.all_states.at("ValidateCancellationEligibility")->as<TaskState>();
    EXPECT_EQ(validate.resource.arn, "arn:aws:states:::lambda:invoke");
    EXPECT_EQ(validate.parameters.is_constant(), false);
    EXPECT_EQ(validate.result_path.kind, OptionalPath::Kind::Path);
    ASSERT_EQ(validate.retry.size(), 1u);
    EXPECT_EQ(validate.retry[0].error_equals.size(), 3u);
    EXPECT_EQ(validate.retry[0].interval_seconds, 2);
    EXPECT_EQ(validate.retry[0].max_attempts, 3);
    EXPECT_EQ(validate.retry[0].backoff_rate, 2.0);
    EXPECT_EQ(validate.retry[0].pointer, "/States/ValidateCancellationEligibility/Retry/0");
    ASSERT_EQ(validate.catch_.size(), 1u);
    EXPECT_EQ(validate.catch_[0].next->name, "CancellationFailed");
    EXPECT_EQ(validate.next->name, "IsCancellationEligible");

    const auto& choice = m.all_states.at("IsCancellationEligible")->as<ChoiceState>();
    ASSERT_EQ(choice.choices.size(), 1u);
    EXPECT_EQ(choice.choices[0].op, ChoiceRule::Op::BooleanEquals);
    EXPECT_EQ(choice.choices[0].operand, json::Value(true));
    EXPECT_EQ(choice.choices[0].variable.text(), "$.validation.Payload.isValid");
    EXPECT_EQ(choice.choices[0].next->name, "ProductionSettlementHold");
    EXPECT_EQ(choice.default_state->name, "RejectCancellation");

    const auto& wait = m.all_states.at("ProductionSettlementHold")->as<WaitState>();
    EXPECT_EQ(wait.seconds.literal, 3.0);

    const auto& parallel = m.all_states.at("InventoryAndCreditReversal")->as<ParallelState>();
    ASSERT_EQ(parallel.branches.size(), 2u);
    EXPECT_EQ(parallel.branches[1]->pointer, "/States/InventoryAndCreditReversal/Branches/1");
    EXPECT_EQ(parallel.branches[1]->start->name, "ReverseCreditHold");
    const State* release = m.all_states.at("ReleaseInventory");
    EXPECT_EQ(release->owner, parallel.branches[0].get());
    EXPECT_TRUE(release->end);
    EXPECT_EQ(release->pointer, "/States/InventoryAndCreditReversal/Branches/0/States/ReleaseInventory");

    const auto& fail = m.all_states.at("CancellationFailed")->as<FailState>();
    EXPECT_EQ(fail.error, "OrderCancellationFailed");
    EXPECT_EQ(fail.cause, "Order could not be cancelled");
    EXPECT_EQ(m.all_states.at("CancellationComplete")->type, StateType::Succeed);

    // Placeholders stay as written without substitutions.
    EXPECT_EQ(function_name(m, "ValidateCancellationEligibility"), "${ValidateOrderFunctionArn}");
}

TEST(AslExample, CompilesWithSubstitutions) {
    CompileOptions options{substitutions()};
    CompileResult result = compile(json::read_file(kExample + "statemachine.asl.json"), options);
    ASSERT_TRUE(result.ok()) << describe(result);
    EXPECT_EQ(function_name(*result.machine, "ValidateCancellationEligibility"),
              "arn:aws:lambda:us-east-1:123456789012:function:vehicle-orders-ValidateOrder");
    EXPECT_EQ(function_name(*result.machine, "NotifyCustomerOfCancellation"),
              "arn:aws:lambda:us-east-1:123456789012:function:vehicle-orders-NotifyCustomer");
}

TEST(AslExample, SubstituteReplacesKnownPlaceholdersOnly) {
    json::Value v = json::parse(R"({"${A}":"x${A}y${B}z","n":[1,"${A}"],"u":"${}","open":"${A"})");
    json::Value out = substitute(v, {{"A", "1"}});
    EXPECT_EQ(json::dump(out), R"({"1":"x1y${B}z","n":[1,"1"],"u":"${}","open":"${A"})");
    EXPECT_TRUE(substitute(v, {}).same_node(v));
}
