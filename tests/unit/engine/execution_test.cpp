// The core's behaviour beyond errors: history shape, limits, timeouts, replay.
#include <gtest/gtest.h>

#include "driver.h"
#include "engine/limits.h"
#include "engine/timestamp.h"
#include "json/write.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

// https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html
TEST(History, EventsAreAwsShaped) {
    auto r = run(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"x": 1}, "End": true}}})",
                 json::parse(R"({"in":true})"));
    ASSERT_EQ(r.status(), Status::Succeeded);
    const auto& h = r.exec->history();
    ASSERT_EQ(h.size(), 4u);
    json::Value entered = h[1].to_json(r.exec->history_context());
    EXPECT_EQ(entered.find("type")->as_string(), "PassStateEntered");
    EXPECT_EQ(entered.find("id")->as_int(), 2);
    EXPECT_EQ(entered.find("previousEventId")->as_int(), 1);
    const json::Value* d = entered.find("stateEnteredEventDetails");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->find("name")->as_string(), "P");
    EXPECT_EQ(d->find("input")->as_string(), R"({"in":true})");
    EXPECT_EQ(*d->find("inputDetails"), json::parse(R"({"truncated":false})"));
    json::Value done = h[3].to_json(r.exec->history_context());
    EXPECT_EQ(done.find("executionSucceededEventDetails")->find("output")->as_string(), R"({"x":1})");
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html (Lambda ARN resources write LambdaFunction* events)
TEST(History, LambdaArnResourcesWriteLambdaEvents) {
    auto r = run(R"({"StartAt": "T", "States": {"T": {"Type": "Task",
                   "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "End": true}}})",
                 json::Object{});
    EXPECT_EQ(r.types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                                                   "LambdaFunctionStarted", "LambdaFunctionSucceeded",
                                                   "TaskStateExited", "ExecutionSucceeded"}));
}

// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html ("Timestamp" in the past: no wait)
TEST(Wait, AllFormsOnTheVirtualTimeline) {
    auto r = run(R"({"StartAt": "A", "States": {
                   "A": {"Type": "Wait", "Seconds": 10, "Next": "B"},
                   "B": {"Type": "Wait", "SecondsPath": "$.s", "Next": "C"},
                   "C": {"Type": "Wait", "Timestamp": "2001-01-01T00:00:00Z", "Next": "D"},
                   "D": {"Type": "Wait", "TimestampPath": "$.t", "End": true}}})",
                 json::parse(R"({"s": 5, "t": "2023-11-14T22:14:00Z"})"));
    ASSERT_EQ(r.status(), Status::Succeeded);
    auto t = engine::parse_rfc3339("2023-11-14T22:14:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(r.exec->end_ms(), std::max(t->to_ms(), kStart + 15000));
}

// A Wait longer than int64 milliseconds can count (a SecondsPath may hold any
// long; JSONata any number) waits, until the latest instant a Timestamp can
// name, instead of wrapping into the past and ending at once.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
TEST(Wait, FarFutureWaitsDoNotWrapAround) {
    const int64_t latest = engine::parse_rfc3339("9999-12-31T23:59:59.999Z")->to_ms();
    auto path = run(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}})",
                    json::parse(R"({"s": 9223372036854775})"));
    ASSERT_EQ(path.status(), Status::Succeeded);
    EXPECT_EQ(path.exec->end_ms(), latest);
    auto jsonata = run(R"({"QueryLanguage": "JSONata", "StartAt": "W", "States": {
                         "W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "End": true}}})",
                       json::parse(R"({"s": 1e300})"));
    ASSERT_EQ(jsonata.status(), Status::Succeeded) << jsonata.error() << ": " << jsonata.cause();
    EXPECT_EQ(jsonata.exec->end_ms(), latest);
    auto timestamp = run(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "9999-12-31T23:59:59Z", "End": true}}})",
                         json::Object{});
    ASSERT_EQ(timestamp.status(), Status::Succeeded);
    EXPECT_EQ(timestamp.exec->end_ms(), latest - 999);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html (TimeoutSeconds of the machine)
TEST(Limits, ExecutionTimeout) {
    auto r = run(R"({"StartAt": "W", "TimeoutSeconds": 3, "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}})",
                 json::Object{});
    EXPECT_EQ(r.status(), Status::TimedOut);
    EXPECT_EQ(r.types().back(), "ExecutionTimedOut");
    EXPECT_EQ(r.exec->end_ms() - r.exec->start_ms(), 3000);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (25,000 history events)
TEST(Limits, RunawayLoopEndsAtTheHistoryQuota) {
    auto r = run(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
                   "B": {"Type": "Choice", "Choices": [{"Variable": "$.never", "IsPresent": true, "Next": "Done"}], "Default": "A"},
                   "Done": {"Type": "Succeed"}}})",
                 json::Object{});
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.Runtime");
    EXPECT_NE(r.cause().find("25000"), std::string::npos);
    EXPECT_LE(r.exec->history().size(), 25002u);
}

// https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html (256 KiB payloads)
TEST(Limits, PayloadQuotaOnStateOutput) {
    std::string big(200 * 1024, 'y');
    auto r = run(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"a.$": "$.s", "b.$": "$.s"}, "End": true}}})",
                 json::Object{{"s", json::Value(big)}});
    ASSERT_EQ(r.status(), Status::Failed);
    EXPECT_EQ(r.error(), "States.DataLimitExceeded");
}

TEST(Limits, JsonSizeMatchesTheSerialisedText) {
    json::Value v = json::parse(R"({"a":[1,2.5,"x\"y\n",null,true,false,{"b":-12}],"\u00e9":"\u00fc"})");
    EXPECT_EQ(engine::json_size(v), json::dump(v).size());
}

// Principle 1: the journal of input events reproduces the execution.
TEST(Replay, JournalReproducesTheHistory) {
    const char* def = R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Retry": [{"ErrorEquals": ["States.ALL"], "JitterStrategy": "FULL"}], "Next": "W"},
                        "W": {"Type": "Wait", "Seconds": 1, "End": true}}})";
    auto r = run(def, json::Object{}, [](auto&, int n, auto&) { return n == 0 ? Reply::fail("E") : Reply::ok(7); });
    ASSERT_EQ(r.status(), Status::Succeeded);
    std::vector<engine::InputEvent> journal;
    for (const auto& e : r.exec->journal()) journal.push_back(engine::InputEvent::from_json(e.to_json()));
    auto copy = engine::Execution::replay(r.exec->machine(), r.exec->config(), journal);
    ASSERT_EQ(copy->status(), Status::Succeeded);
    ASSERT_EQ(copy->history().size(), r.exec->history().size());
    for (size_t i = 0; i < copy->history().size(); ++i)
        EXPECT_EQ(json::dump(copy->history()[i].to_json(copy->history_context())),
                  json::dump(r.exec->history()[i].to_json(r.exec->history_context())));
}

TEST(Timestamps, Rfc3339Profile) {
    EXPECT_TRUE(engine::parse_rfc3339("2016-03-14T01:59:00Z"));
    EXPECT_TRUE(engine::parse_rfc3339("2016-03-14T01:59:00.123+02:00"));
    EXPECT_FALSE(engine::parse_rfc3339("2016-03-14 01:59:00Z"));
    EXPECT_FALSE(engine::parse_rfc3339("2016-13-14T01:59:00Z"));
    EXPECT_FALSE(engine::parse_rfc3339("2016-03-14T01:59:00"));
    EXPECT_EQ(engine::format_iso8601_ms(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(engine::parse_rfc3339("2024-02-29T12:00:00.5Z")->to_ms(), 1709208000500);
}

// Pass applies Parameters before its Result replaces them: "AWS Step Functions
// applies the InputPath field first, and then the Parameters field", and a Pass
// state's Result is "the output of a virtual task" whose input Parameters
// creates. So a Parameters path that selects nothing fails the state even when
// Result is given (TestState agrees: tests/unit/engine/test_state_test.cpp).
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
// https://docs.aws.amazon.com/step-functions/latest/dg/state-pass.html
TEST(Pass, ParametersApplyBeforeResult) {
    const char* machine = R"({"StartAt": "P", "States": {"P": {"Type": "Pass",
        "Parameters": {"picked.$": "$.a"}, "Result": {"fixed": true}, "End": true}}})";
    auto ok = run(machine, json::parse(R"({"a": 1})"));
    ASSERT_EQ(ok.status(), Status::Succeeded);
    EXPECT_EQ(json::dump(ok.output()), R"({"fixed":true})");

    auto missing = run(machine, json::parse(R"({"b": 1})"));
    EXPECT_EQ(missing.status(), Status::Failed);
    EXPECT_EQ(missing.error(), "States.Runtime");
    EXPECT_NE(missing.cause().find("$.a"), std::string::npos) << missing.cause();
}

// "If the input to the Map state is a JSON object, it runs an iteration for each key-value pair in the object,
// passing the pair to the iteration as input."
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html
// The pair's shape ({"Key", "Value"}) and $$.Map.Item.Key as observed on AWS:
// https://github.com/floci-io/floci/pull/1588
// JSONata's Items must still be an array (conformance map_state_items_input_types__object).
TEST(Map, AnObjectIsIteratedPairByPair) {
    auto r = run(R"({"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.servers", "End": true,
                   "ItemSelector": {"name.$": "$$.Map.Item.Key", "port.$": "$$.Map.Item.Value.port", "at.$": "$$.Map.Item.Index"},
                   "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}})",
                 json::parse(R"({"servers": {"web": {"port": 80}, "db": {"port": 5432}}})"));
    ASSERT_EQ(r.status(), Status::Succeeded) << r.cause();
    EXPECT_EQ(r.output(), json::parse(R"([{"name": "web", "port": 80, "at": 0}, {"name": "db", "port": 5432, "at": 1}])"));
    auto plain = run(R"({"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
                       "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}})",
                     json::parse(R"({"a": 1})"));
    ASSERT_EQ(plain.status(), Status::Succeeded) << plain.cause();
    EXPECT_EQ(plain.output(), json::parse(R"([{"Key": "a", "Value": 1}])"));
}
