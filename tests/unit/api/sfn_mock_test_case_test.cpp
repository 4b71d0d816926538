// StartExecution with a `#TestCase` suffix against the server's --mock-config.
// https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-test-sm-exec.html
#include "sfn_fixture.h"
#include "tasks/mock_config.h"

namespace stepwise::api::testing {
namespace {

std::shared_ptr<const tasks::MockConfig> one_test_case() {
    return std::make_shared<const tasks::MockConfig>(tasks::MockConfig::from_json(
        json::parse(R"({"StateMachines": {"M": {"TestCases": {"HappyPath": {"P": "Ok"}}}},
                        "MockedResponses": {"Ok": {"0": {"Return": {"ok": true}}}}})"),
        "/home/someone/secret/MockConfigFile.json"));
}

using MockTestCases = SfnTestOf<true, one_test_case>;

// A test case (or a state machine) the mock config lacks is a client error
// (400 ValidationException naming both), not a 500 that shows the file's path.
TEST_F(MockTestCases, AnUnknownTestCaseIsAClientErrorWithoutTheFilePath) {
    std::string arn = create_machine("M").text("stateMachineArn");
    Answer unknown = call("StartExecution", json::Object{{"stateMachineArn", arn + "#UnknownTestCase"}});
    EXPECT_AWS_ERROR(unknown, "ValidationException");
    EXPECT_NE(unknown.message().find("UnknownTestCase"), std::string::npos) << unknown.message();
    EXPECT_NE(unknown.message().find("HappyPath"), std::string::npos) << unknown.message();
    EXPECT_EQ(unknown.message().find("/home/someone"), std::string::npos) << unknown.message();

    std::string other = create_machine("NotMocked").text("stateMachineArn");
    Answer missing = call("StartExecution", json::Object{{"stateMachineArn", other + "#HappyPath"}});
    EXPECT_AWS_ERROR(missing, "ValidationException");
    EXPECT_NE(missing.message().find("NotMocked"), std::string::npos) << missing.message();
    EXPECT_EQ(missing.message().find("/home/someone"), std::string::npos) << missing.message();

    EXPECT_EQ(call("StartExecution", json::Object{{"stateMachineArn", arn + "#HappyPath"}}).status, 200);
}

}  // namespace
}  // namespace stepwise::api::testing
