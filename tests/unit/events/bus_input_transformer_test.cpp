// Target input: Input, InputPath and InputTransformer, with the examples of
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
#include <gtest/gtest.h>

#include "events/bus/event.h"
#include "events/bus/input_transformer.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

const char* kEc2Event = R"({"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602",
  "detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012",
  "time":"2015-11-11T21:29:54Z","region":"us-east-1",
  "resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
  "detail":{"instance-id":"i-0123456789","state":"RUNNING","tags":{"team":"a"},"count":3}})";

std::string transform(const std::string& input_template,
                      std::vector<std::pair<std::string, std::string>> paths = {{"instance", "$.detail.instance-id"},
                                                                                {"state", "$.detail.state"}}) {
    InputTransformerSpec spec{std::move(paths), input_template};
    TransformContext context{"arn:aws:events:us-east-1:123456789012:rule/ec2", "ec2",
                             *parse_iso8601("2015-11-11T21:29:55Z")};
    return InputTransformer::compile(spec).render(json::parse(kEc2Event), context);
}

TEST(InputTransformer, StringTemplate) {
    EXPECT_EQ(transform(R"("instance <instance> is in <state>")"), R"("instance i-0123456789 is in RUNNING")");
    // Plain text (no JSON at all): values are inserted as they are.
    EXPECT_EQ(transform("<instance> is in state <state>"), "i-0123456789 is in state RUNNING");
    EXPECT_EQ(transform(R"(<instance> is in state "<state>")"), R"(i-0123456789 is in state "RUNNING")");
}

TEST(InputTransformer, JsonTemplate) {
    EXPECT_EQ(transform(R"({"instance" : <instance>, "state": <state>})"),
              R"({"instance" : "i-0123456789", "state": "RUNNING"})");
    EXPECT_EQ(transform(R"({"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \"<instance>\" is in <state>"})"),
              R"({"instance" : "i-0123456789", "state": "RUNNING", "instanceStatus": "instance \"i-0123456789\" is in RUNNING"})");
}

TEST(InputTransformer, ObjectsNumbersAndMissingPaths) {
    auto out = transform(R"({"tags": <tags>, "n": <n>, "missing": <missing>, "text": "n=<n> m=<missing>"})",
                         {{"tags", "$.detail.tags"}, {"n", "$.detail.count"}, {"missing", "$.detail.nothing"}});
    EXPECT_EQ(out, R"({"tags": {"team":"a"}, "n": 3, "missing": null, "text": "n=3 m="})");
    // Objects inside strings are escaped so the output stays JSON.
    EXPECT_EQ(transform(R"({"t": "<tags>"})", {{"tags", "$.detail.tags"}}), R"({"t": "{\"team\":\"a\"}"})");
    EXPECT_TRUE(json::try_parse(transform(R"({"t": "<tags>"})", {{"tags", "$.detail.tags"}})));
}

TEST(InputTransformer, PredefinedVariables) {
    auto out = json::parse(transform(
        R"({"rule": <aws.events.rule-name>, "arn": <aws.events.rule-arn>, "at": <aws.events.event.ingestion-time>, "e": <aws.events.event>, "full": <aws.events.event.json>})",
        {}));
    EXPECT_EQ(out.find("rule")->as_string(), "ec2");
    EXPECT_EQ(out.find("arn")->as_string(), "arn:aws:events:us-east-1:123456789012:rule/ec2");
    EXPECT_EQ(out.find("at")->as_string(), "2015-11-11T21:29:55Z");
    EXPECT_EQ(out.find("e")->find("detail"), nullptr);
    EXPECT_EQ(out.find("e")->find("source")->as_string(), "aws.ec2");
    EXPECT_EQ(out.find("full")->find("detail")->find("state")->as_string(), "RUNNING");
    // An unknown <name> is text, not a placeholder.
    EXPECT_EQ(transform(R"("a <b> c")", {}), R"("a <b> c")");
}

TEST(InputTransformer, RejectsReservedNamesAndBadPaths) {
    EXPECT_THROW(transform("<aws.x>", {{"aws.x", "$.detail"}}), BusError);
    EXPECT_THROW(transform("<x>", {{"x", "detail"}}), BusError);
    EXPECT_THROW(transform("", {}), BusError);
}

// The lengths API_InputTransformer allows (template 1..8192, InputPathsMap keys
// [A-Za-z0-9_-]{1,256}, paths up to 256):
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html
TEST(InputTransformer, RefusesMembersLongerThanTheApiAllows) {
    EXPECT_NO_THROW(transform(std::string(8192, 'x'), {}));
    EXPECT_THROW(transform(std::string(8193, 'x'), {}), BusError);
    EXPECT_THROW(transform("<a.b>", {{"a.b", "$.detail"}}), BusError);
    EXPECT_THROW(transform("<k>", {{std::string(257, 'k'), "$.detail"}}), BusError);
    EXPECT_THROW(transform("<k>", {{"k", "$.detail." + std::string(250, 'p')}}), BusError);
}

// A template may repeat a placeholder as often as 8,192 characters allow: the
// rendering stops at 256 KB instead of growing with every repetition.
TEST(InputTransformer, StopsRenderingPastTheLargestInput) {
    std::string detail = R"({"text":")" + std::string(100 * 1024, 'a') + R"("})";
    json::Value event = json::parse(R"({"source":"s","detail":)" + detail + "}");
    std::string repeated;
    for (int i = 0; i < 2000; ++i) repeated += "<d>";
    InputTransformerSpec spec{{{"d", "$.detail.text"}}, repeated};
    EXPECT_THROW(InputTransformer::compile(spec).render(event, {}), TargetInputTooLarge);
    InputTransformerSpec twice{{{"d", "$.detail.text"}}, "<d><d>"};
    EXPECT_EQ(InputTransformer::compile(twice).render(event, {}).size(), 2 * 100 * 1024u);
}

TEST(TargetInput, InputInputPathAndWholeEvent) {
    json::Value event = json::parse(kEc2Event);
    TransformContext context;
    TargetSpec target;
    EXPECT_EQ(json::parse(TargetInput::compile(target).render(event, context)), event);
    target.input = R"({"fixed":true})";
    EXPECT_EQ(TargetInput::compile(target).render(event, context), R"({"fixed":true})");
    target.input.reset();
    target.input_path = "$.detail.state";
    EXPECT_EQ(TargetInput::compile(target).render(event, context), R"("RUNNING")");
    target.input = "{}";
    EXPECT_THROW(TargetInput::compile(target), BusError);  // only one of them
}

}  // namespace
}  // namespace stepwise::events
