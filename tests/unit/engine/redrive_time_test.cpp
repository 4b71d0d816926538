// $$.Execution.RedriveTime: "The RedriveTime context object is only available if you've redriven an
// execution"; an ISO 8601 timestamp like StartTime, beside RedriveCount.
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
#include <gtest/gtest.h>

#include "driver.h"

using namespace stepwise;
using namespace stepwise::enginetest;
using engine::Status;

namespace {

const char* kEchoExecution = R"({"StartAt": "Work", "States": {
  "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
           "Parameters": {"execution.$": "$$.Execution"}, "End": true}}})";

}  // namespace

TEST(RedriveTime, AbsentUntilRedrivenThenTheRedriveInstant) {
    bool healthy = false;
    Script script = [&](auto&, int, auto& params) { return healthy ? Reply::ok(params) : Reply::fail("Down"); };
    auto r = run(kEchoExecution, json::Object{}, script);
    ASSERT_EQ(r.status(), Status::Failed);
    const json::Value& first = *r.calls[0].parameters.find("execution");
    EXPECT_EQ(first.find("RedriveTime"), nullptr);
    EXPECT_EQ(first.find("RedriveCount")->as_int(), 0);
    EXPECT_EQ(first.find("StartTime")->as_string(), "2023-11-14T22:13:20.000Z");

    healthy = true;
    std::vector<engine::Command> commands;
    engine::InputEvent e;
    e.kind = engine::InputEvent::Kind::Redrive;
    e.time_ms = kStart + 90061001;  // one day, one hour, one minute, one second and one millisecond later
    r.now = e.time_ms;
    r.exec->handle(e, commands);
    drive(r, std::move(commands), script);
    ASSERT_EQ(r.status(), Status::Succeeded);

    const json::Value& again = *r.calls[1].parameters.find("execution");
    EXPECT_EQ(again.find("RedriveCount")->as_int(), 1);
    EXPECT_EQ(again.find("StartTime")->as_string(), "2023-11-14T22:13:20.000Z");
    ASSERT_NE(again.find("RedriveTime"), nullptr);
    EXPECT_EQ(again.find("RedriveTime")->as_string(), "2023-11-15T23:14:21.001Z");
    // Listed after RedriveCount, as the page shows the Execution node.
    std::vector<std::string> keys;
    for (const auto& m : again.as_object()) keys.emplace_back(m.name());
    EXPECT_EQ(keys.back(), "RedriveTime");
}
