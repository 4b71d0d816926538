// The vehicle order cancellation example's real handlers, run through the
// dispatcher the way the workflow calls them; their payloads must have the
// shape of the mocked ones in mocks.json.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <set>

#include "resource_fixture.h"
#include "json/parse.h"
#include "json/write.h"
#include "lambda_test_util.h"
#include "tasks/lambda_dispatcher.h"

using namespace stepwise;
using namespace stepwise::tasks;
using namespace stepwise::tasks::testing;

namespace {

// The handlers and stepwise.json live in the repository; the inputs and mocks
// the lead copied there come from ../shared, where they originate.
const std::string kExample = std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation";
const std::string kShared = std::string(STEPWISE_SHARED_DIR) + "/examples/vehicle-order-cancellation";

class ExampleHandlersTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_program("node")) GTEST_SKIP() << "node is not installed";
        ProjectConfig loaded = ProjectConfig::load(kExample + "/stepwise.json");
        // Keep the outbox out of the source tree.
        for (const auto& name : loaded.function_names()) {
            FunctionConfig f = *loaded.find(name);
            for (auto& [k, v] : f.environment) {
                if (k == "NOTIFICATIONS_OUTBOX" || k == "CANCELLATIONS_FILE") v = outbox.file(k + ".jsonl");
            }
            loaded.add_function(std::move(f));
        }
        project = std::make_shared<ProjectConfig>(std::move(loaded));
        dispatcher = std::make_unique<LambdaDispatcher>(project);
        mocks = json::parse_file(kShared + "/mocks.json");
    }

    TaskOutcome call(const std::string& placeholder, const json::Value& payload) {
        TaskRequest r;
        r.state_name = placeholder;
        r.resource = fixtures::resource_of("arn:aws:states:::lambda:invoke");
        json::Object params;
        params.set("FunctionName", json::Value(project->substitutions().at(placeholder)));
        params.set("Payload", payload);
        r.parameters = json::Value(std::move(params));
        return dispatcher->invoke(r);
    }

    const json::Value& mocked_payload(const std::string& response) {
        return *mocks.find("MockedResponses")->find(response)->find("0")->find("Return")->find("Payload");
    }

    static std::set<std::string> keys(const json::Value& v) {
        std::set<std::string> out;
        for (const auto& m : v.as_object()) out.emplace(m.name());
        return out;
    }

    // The state after `ResultPath` put `result` at `field`.
    static json::Value with(json::Value state, const std::string& field, json::Value result) {
        state.mutable_object().set(field, std::move(result));
        return state;
    }

    TempDir outbox;
    std::shared_ptr<ProjectConfig> project;
    std::unique_ptr<LambdaDispatcher> dispatcher;
    json::Value mocks;
};

}  // namespace

TEST_F(ExampleHandlersTest, EligibleOrderRunsTheHappyPath) {
    json::Value state = json::parse_file(kShared + "/input.json");
    TaskOutcome validation = call("ValidateOrderFunctionArn", state);
    ASSERT_EQ(validation.kind, TaskOutcome::Kind::Succeeded) << validation.error << validation.cause;
    const json::Value& payload = *validation.result.find("Payload");
    EXPECT_EQ(json::dump(payload), json::dump(mocked_payload("ValidateOrderEligible")));  // same values, same order
    EXPECT_FALSE(validation.logs.empty());
    state = with(state, "validation", validation.result);

    TaskOutcome inventory = call("CheckInventoryFunctionArn", state);
    ASSERT_EQ(inventory.kind, TaskOutcome::Kind::Succeeded) << inventory.cause;
    EXPECT_EQ(json::dump(*inventory.result.find("Payload")), json::dump(mocked_payload("CheckInventoryReleased")));

    TaskOutcome credit = call("RunCreditCheckFunctionArn", state);
    ASSERT_EQ(credit.kind, TaskOutcome::Kind::Succeeded) << credit.cause;
    EXPECT_EQ(json::dump(*credit.result.find("Payload")), json::dump(mocked_payload("RunCreditCheckHoldReversed")));

    json::Value cancel_input(json::Object{{"reason", *state.find("cancellationReason")}, {"order", state}});
    TaskOutcome cancel = call("CancelOrderFunctionArn", cancel_input);
    ASSERT_EQ(cancel.kind, TaskOutcome::Kind::Succeeded) << cancel.cause;
    EXPECT_EQ(json::dump(*cancel.result.find("Payload")), json::dump(mocked_payload("CancelOrderConfirmed")));
    state = with(state, "cancellation", cancel.result);

    json::Value notify_input(json::Object{{"notificationReason", "ORDER_CANCELLED"}, {"order", state}});
    TaskOutcome notify = call("NotifyCustomerFunctionArn", notify_input);
    ASSERT_EQ(notify.kind, TaskOutcome::Kind::Succeeded) << notify.cause;
    const json::Value& sent = *notify.result.find("Payload");
    EXPECT_EQ(keys(sent), keys(mocked_payload("NotifyCustomerSent")));
    EXPECT_EQ(sent.find("recipient")->as_string(), "maria.okafor@example.com");
    EXPECT_EQ(sent.find("status")->as_string(), "SENT");
    std::string line;
    std::ifstream written_file(outbox.file("NOTIFICATIONS_OUTBOX.jsonl"));
    std::getline(written_file, line);
    json::Value written = json::parse(line);
    EXPECT_EQ(written.find("notificationId")->as_string(), sent.find("notificationId")->as_string());
    EXPECT_NE(written.find("body")->as_string().find("1500 USD will be refunded by 2025-10-28"), std::string::npos);
}

TEST_F(ExampleHandlersTest, DeliveredOrderIsIneligibleAndTheRejectionIsRecorded) {
    json::Value state = json::parse_file(kShared + "/input-ineligible.json");
    TaskOutcome validation = call("ValidateOrderFunctionArn", state);
    ASSERT_EQ(validation.kind, TaskOutcome::Kind::Succeeded) << validation.cause;
    EXPECT_EQ(json::dump(*validation.result.find("Payload")), json::dump(mocked_payload("ValidateOrderIneligible")));

    json::Value reject_input(json::Object{{"reason", "CANCELLATION_INELIGIBLE"}, {"order", state}});
    TaskOutcome reject = call("CancelOrderFunctionArn", reject_input);
    ASSERT_EQ(reject.kind, TaskOutcome::Kind::Succeeded) << reject.cause;
    const json::Value& record = *reject.result.find("Payload");
    EXPECT_EQ(keys(record), keys(mocked_payload("CancelOrderRejected")));
    EXPECT_EQ(record.find("status")->as_string(), "CANCELLATION_REJECTED");
}

TEST_F(ExampleHandlersTest, LockedAllocationThrowsInventoryLockedError) {
    json::Value state = json::parse_file(kExample + "/input-inventory-locked.json");
    TaskOutcome validation = call("ValidateOrderFunctionArn", state);
    ASSERT_EQ(validation.kind, TaskOutcome::Kind::Succeeded) << validation.cause;
    EXPECT_TRUE(validation.result.find("Payload")->find("isValid")->as_bool());
    TaskOutcome inventory = call("CheckInventoryFunctionArn", with(state, "validation", validation.result));
    ASSERT_EQ(inventory.kind, TaskOutcome::Kind::Failed);
    EXPECT_EQ(inventory.error, "InventoryLockedError");
    json::Value cause = json::parse(inventory.cause);
    EXPECT_EQ(cause.find("errorType")->as_string(), "InventoryLockedError");
    EXPECT_EQ(cause.find("errorMessage")->as_string(), "Allocation ALLOC-CO-20251002-00412 is locked by production scheduling");
}
