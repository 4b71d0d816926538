// stepwise.json's "endpoints" and "httpHosts" (docs/stepwise-json.md,
// Service endpoints); keys as the SDKs' service-specific endpoints name services:
// https://docs.aws.amazon.com/sdkref/latest/guide/ss-endpoints-table.html
#include <gtest/gtest.h>

#include "json/parse.h"
#include "tasks/project_config.h"

using namespace stepwise;
using namespace stepwise::tasks;

namespace {

ProjectConfig project(const std::string& text) { return ProjectConfig::from_json(json::parse(text), "/tmp"); }

std::string error_of(const std::string& text) {
    try {
        project(text);
    } catch (const ProjectConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST(ProjectConfigEndpoints, ServiceUrlsUnderTheirEndpointKeys) {
    ProjectConfig p = project(R"({
      "endpoints": {"dynamodb": "http://127.0.0.1:8000", "secretsmanager": "http://127.0.0.1:4566",
                    "cloudwatch_logs": "http://127.0.0.1:4566/logs"},
      "httpHosts": ["api.internal.test"]
    })");
    EXPECT_EQ(p.endpoints(), (std::map<std::string, std::string>{{"cloudwatch_logs", "http://127.0.0.1:4566/logs"},
                                                                  {"dynamodb", "http://127.0.0.1:8000"},
                                                                  {"secrets_manager", "http://127.0.0.1:4566"}}));
    EXPECT_EQ(p.http_hosts(), std::vector<std::string>{"api.internal.test"});
}

TEST(ProjectConfigEndpoints, LocatedErrors) {
    EXPECT_EQ(error_of(R"({"endpoints": ["http://x"]})").rfind("stepwise.json: /endpoints: expected an object", 0), 0u);
    std::string unknown = error_of(R"({"endpoints": {"dynamo": "http://127.0.0.1:8000"}})");
    EXPECT_EQ(unknown.rfind("stepwise.json: /endpoints/dynamo: unknown service \"dynamo\"; expected one of dynamodb, sqs", 0), 0u)
        << unknown;
    EXPECT_EQ(error_of(R"({"endpoints": {"sqs": "https://sqs.us-east-1.amazonaws.com"}})")
                  .rfind("stepwise.json: /endpoints/sqs: expected an http:// URL", 0),
              0u);
    EXPECT_EQ(error_of(R"({"httpHosts": "localhost"})").rfind("stepwise.json: /httpHosts: expected an array", 0), 0u);
    EXPECT_EQ(error_of(R"({"httpHosts": ["ok.test", "http://x.test"]})")
                  .rfind("stepwise.json: /httpHosts/1: expected a host name without scheme", 0),
              0u);
}
