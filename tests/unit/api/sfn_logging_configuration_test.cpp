// A state machine's loggingConfiguration: checked as AWS does, and read into
// what its executions log (runtime/execution_log.h).
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_LoggingConfiguration.html
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_CloudWatchLogsLogGroup.html ("The ARN must end with :*")
#include "api/sfn/definition_check.h"
#include "sfn_fixture.h"

namespace stepwise::api::testing {
namespace {

using LoggingConfiguration = SfnTest;

json::Value logging(const std::string& level, const std::vector<std::string>& group_arns, bool data = false) {
    json::Array destinations;
    for (const std::string& arn : group_arns)
        destinations.push_back(json::Value(json::Object{{"cloudWatchLogsLogGroup", json::Object{{"logGroupArn", arn}}}}));
    return json::Value(json::Object{{"level", level}, {"includeExecutionData", data},
                                    {"destinations", json::Value(std::move(destinations))}});
}

const std::string kGroup = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*";

TEST_F(LoggingConfiguration, ALogGroupArnIsCheckedAsAwsDoes) {
    EXPECT_EQ(create_machine("Logged", kPassDefinition, {{"loggingConfiguration", logging("ERROR", {kGroup})}}).status,
              200);
    Answer unqualified = create_machine(
        "NoStar", kPassDefinition,
        {{"loggingConfiguration", logging("ALL", {"arn:aws:logs:us-east-1:123456789012:log-group:orders"})}});
    EXPECT_AWS_ERROR(unqualified, "InvalidLoggingConfiguration");
    // AWS's wording, as clients report it (hashicorp/terraform-provider-aws#17682).
    EXPECT_EQ(unqualified.message(), "Invalid Logging Configuration: Log Group ARN must be provided with '*' qualifier.");
    EXPECT_AWS_ERROR(create_machine("NotLogs", kPassDefinition,
                                    {{"loggingConfiguration", logging("ALL", {"arn:aws:sqs:us-east-1:123456789012:q:*"})}}),
                     "InvalidLoggingConfiguration");
    EXPECT_AWS_ERROR(create_machine("Two", kPassDefinition, {{"loggingConfiguration", logging("ALL", {kGroup, kGroup})}}),
                     "InvalidLoggingConfiguration");
    EXPECT_AWS_ERROR(create_machine("None", kPassDefinition, {{"loggingConfiguration", logging("FATAL", {})}}),
                     "InvalidLoggingConfiguration");
}

TEST(ExecutionLogging, ReadFromTheStoredConfiguration) {
    json::Value stored = logging("ERROR", {kGroup}, true);
    runtime::ExecutionLogging read = execution_logging(&stored);
    EXPECT_EQ(read.level, runtime::LogLevel::Error);
    EXPECT_TRUE(read.include_execution_data);
    EXPECT_EQ(read.log_group, "aws/vendedlogs/states/orders");
    EXPECT_TRUE(read.on());
    json::Value off = logging("OFF", {});
    EXPECT_FALSE(execution_logging(&off).on());
    EXPECT_FALSE(execution_logging(nullptr).on());
}

}  // namespace
}  // namespace stepwise::api::testing
