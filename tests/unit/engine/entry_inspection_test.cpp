// EntryInspector: one entry's data flow, recovered by replaying the journal.
// The steps are TestState's inspectionData:
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_InspectionData.html
#include "engine/entry_inspection.h"

#include <gtest/gtest.h>

#include "driver.h"

using namespace stepwise;
using namespace stepwise::enginetest;

namespace {

const char* kTask = R"({
  "StartAt": "Prepare",
  "States": {
    "Prepare": {"Type": "Pass", "Result": {"order": {"id": "o-1", "total": 7}}, "Next": "Charge"},
    "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "InputPath": "$.order",
               "Parameters": {"FunctionName": "charge", "Payload": {"id.$": "$.id"}},
               "ResultSelector": {"receipt.$": "$.Payload"},
               "ResultPath": "$.charged",
               "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 2}],
               "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
               "End": true},
    "Failed": {"Type": "Pass", "End": true}
  }})";

int64_t entered_id(const Run& r, const std::string& state) {
    for (const auto& e : r.exec->history())
        if (e.state && e.state->name == state && e.type_name().ends_with("StateEntered")) return e.id;
    return 0;
}

engine::EntryInspection inspect(const Run& r, int64_t event_id) {
    engine::EntryInspector inspector(event_id);
    engine::ExecutionConfig config = r.exec->config();
    config.observer = &inspector;
    engine::Execution::replay(r.exec->machine(), config, r.exec->journal());
    return inspector.inspection();
}

}  // namespace

TEST(EntryInspection, EveryStepOfATaskAfterARetry) {
    auto r = run(kTask, json::Object{}, [](const std::string&, int call, const json::Value&) {
        return call == 0 ? Reply::fail("Busy") : Reply::ok(json::parse(R"({"Payload": {"paid": true}})"));
    });
    ASSERT_EQ(r.status(), engine::Status::Succeeded);
    engine::EntryInspection e = inspect(r, entered_id(r, "Charge"));
    ASSERT_TRUE(e.seen);
    EXPECT_EQ(e.state, "Charge");
    EXPECT_EQ(e.input, json::parse(R"({"order": {"id": "o-1", "total": 7}})"));
    EXPECT_EQ(e.after_input_path, json::parse(R"({"id": "o-1", "total": 7})"));
    EXPECT_EQ(e.after_parameters, json::parse(R"({"FunctionName": "charge", "Payload": {"id": "o-1"}})"));
    EXPECT_EQ(e.result, json::parse(R"({"Payload": {"paid": true}})"));
    EXPECT_EQ(e.after_result_selector, json::parse(R"({"receipt": {"paid": true}})"));
    EXPECT_EQ(e.after_result_path,
              json::parse(R"({"order": {"id": "o-1", "total": 7}, "charged": {"receipt": {"paid": true}}})"));
    ASSERT_EQ(e.retries.size(), 1u);
    EXPECT_EQ(e.retries[0].retrier, 0u);
    EXPECT_EQ(e.retries[0].delay_ms, 2000);
    EXPECT_FALSE(e.catcher);
    EXPECT_FALSE(e.error);
    // The answer's shape for the page: values as JSON, absent steps absent.
    json::Value j = e.to_json(7);
    EXPECT_EQ(j, json::parse(R"({"eventId": 7, "state": "Charge",
        "input": {"order": {"id": "o-1", "total": 7}},
        "afterInputPath": {"id": "o-1", "total": 7},
        "afterParameters": {"FunctionName": "charge", "Payload": {"id": "o-1"}},
        "result": {"Payload": {"paid": true}},
        "afterResultSelector": {"receipt": {"paid": true}},
        "afterResultPath": {"order": {"id": "o-1", "total": 7}, "charged": {"receipt": {"paid": true}}},
        "retries": [{"retrier": 0, "delayMs": 2000}]})"));
}

TEST(EntryInspection, ACaughtFailureNamesItsCatcherAndError) {
    auto r = run(kTask, json::Object{}, [](auto&, int, auto&) { return Reply::fail("Declined", "card"); });
    engine::EntryInspection e = inspect(r, entered_id(r, "Charge"));
    ASSERT_TRUE(e.seen);
    EXPECT_EQ(e.catcher, 0u);
    ASSERT_TRUE(e.error);
    EXPECT_EQ(e.error->error, "Declined");
    EXPECT_FALSE(e.result);  // the task never returned one
    EXPECT_TRUE(e.retries.empty());
}

TEST(EntryInspection, AnEventThatIsNoEntryIsNotSeen) {
    auto r = run(kTask, json::Object{}, [](auto&, int, auto&) { return Reply::ok(json::Object{}); });
    EXPECT_FALSE(inspect(r, 1).seen);    // ExecutionStarted
    EXPECT_FALSE(inspect(r, 999).seen);  // past the end
    engine::EntryInspection pass = inspect(r, entered_id(r, "Prepare"));
    ASSERT_TRUE(pass.seen);
    EXPECT_EQ(pass.result, json::parse(R"({"order": {"id": "o-1", "total": 7}})"));
}
