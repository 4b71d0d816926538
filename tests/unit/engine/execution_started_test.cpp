// The ExecutionStarted event names the version or alias the execution was
// started through (ExecutionConfig::version_arn / alias_arn), and nothing when
// it was started through the state machine itself.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_ExecutionStartedEventDetails.html
#include <gtest/gtest.h>

#include "driver.h"

using namespace stepwise;
using namespace stepwise::enginetest;

namespace {

const char* kPass = R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})";

json::Value started_details(const engine::ExecutionConfig& config) {
    auto r = run(kPass, json::Object{}, nullptr, config);
    json::Value started = r.exec->history().front().to_json(r.exec->history_context());
    const json::Value* details = started.find("executionStartedEventDetails");
    return details ? *details : json::Value();
}

}  // namespace

TEST(ExecutionStarted, NamesTheAliasAndVersionStartedThrough) {
    const std::string machine = "arn:aws:states:us-east-1:123456789012:stateMachine:M";
    engine::ExecutionConfig config;
    config.alias_arn = machine + ":live";
    config.version_arn = machine + ":3";
    json::Value details = started_details(config);
    ASSERT_TRUE(details.find("stateMachineAliasArn"));
    EXPECT_EQ(details.find("stateMachineAliasArn")->as_string(), machine + ":live");
    ASSERT_TRUE(details.find("stateMachineVersionArn"));
    EXPECT_EQ(details.find("stateMachineVersionArn")->as_string(), machine + ":3");

    json::Value plain = started_details({});
    EXPECT_TRUE(plain.find("roleArn"));
    EXPECT_FALSE(plain.find("stateMachineAliasArn"));
    EXPECT_FALSE(plain.find("stateMachineVersionArn"));
}
