// The AWS envelope without a socket: targets, regions, content types, errors.
#include "api/http/aws_protocol.h"

#include <gtest/gtest.h>

#include <set>

namespace stepwise::api {
namespace {

TEST(AwsProtocol, SplitsATarget) {
    auto target = parse_target("AWSStepFunctions.StartExecution");
    ASSERT_TRUE(target);
    EXPECT_EQ(target->service, "AWSStepFunctions");
    EXPECT_EQ(target->operation, "StartExecution");
    for (auto bad : {"", ".", "AWSEvents", "AWSEvents.", ".PutEvents", "A.B.C", "A-B.C", "A.B C"})
        EXPECT_FALSE(parse_target(bad)) << bad;
}

TEST(AwsProtocol, ReadsTheRegionOfASigV4Scope) {
    EXPECT_EQ(region_from_authorization("AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/states/aws4_request, "
                                        "SignedHeaders=host, Signature=00"),
              "eu-west-1");
    EXPECT_EQ(region_from_authorization("AWS4-HMAC-SHA256 Credential=AKID/20250101/us-gov-west-1/events/aws4_request"),
              "us-gov-west-1");
    EXPECT_FALSE(region_from_authorization(""));
    EXPECT_FALSE(region_from_authorization("Bearer abc"));
    EXPECT_FALSE(region_from_authorization("AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1"));
    EXPECT_FALSE(region_from_authorization("AWS4-HMAC-SHA256 Credential=AKID/20250101/EU_WEST/states/aws4_request"));
}

TEST(AwsProtocol, AnswersInTheRequestsProtocol) {
    EXPECT_EQ(answer_content_type("application/x-amz-json-1.1", "AWSStepFunctions"), kAwsJson11);
    EXPECT_EQ(answer_content_type("Application/X-Amz-Json-1.0; charset=utf-8", "AWSEvents"), kAwsJson10);
    EXPECT_EQ(answer_content_type("", "AWSEvents"), kAwsJson11);
    EXPECT_EQ(answer_content_type("application/json", "AWSStepFunctions"), kAwsJson10);
}

TEST(AwsProtocol, CompletesARequest) {
    Request request;
    request.method = "POST";
    request.path = "/";
    request.headers = {{"x-amz-target", "AWSEvents.PutEvents"}, {"content-type", "application/x-amz-json-1.1"}};
    EXPECT_FALSE(apply_aws_envelope(request, "us-east-1", "123456789012"));
    EXPECT_EQ(request.service, "AWSEvents");
    EXPECT_EQ(request.operation, "PutEvents");
    EXPECT_EQ(request.region, "us-east-1");
    EXPECT_EQ(request.account, "123456789012");

    Request untargeted;
    untargeted.method = "POST";
    untargeted.path = "/";
    untargeted.headers = {{"content-type", "application/x-amz-json-1.1"}};
    auto error = apply_aws_envelope(untargeted, "us-east-1", "123456789012");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->status, 400);
    EXPECT_EQ(error->content_type, kAwsJson11);
    EXPECT_EQ(error->body, R"({"__type":"UnknownOperationException","message":"Missing X-Amz-Target header"})");

    Request rest;
    rest.method = "POST";
    rest.path = "/v1/registries/name/r";
    EXPECT_FALSE(apply_aws_envelope(rest, "eu-north-1", "1"));
    EXPECT_EQ(rest.service, "");
    EXPECT_EQ(rest.region, "eu-north-1");
}

TEST(AwsProtocol, BuildsAnErrorDocument) {
    auto error = aws_error(400, "ValidationException", "bad \"name\"\n\x01");
    EXPECT_EQ(error.status, 400);
    EXPECT_EQ(error.content_type, kAwsJson10);
    EXPECT_EQ(error.body, R"({"__type":"ValidationException","message":"bad \"name\"\n\u0001"})");
}

TEST(AwsProtocol, MakesDistinctVersion4RequestIds) {
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) {
        auto id = new_request_id();
        ASSERT_EQ(id.size(), 36u);
        EXPECT_EQ(id[8], '-');
        EXPECT_EQ(id[14], '4');
        EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
        ids.insert(id);
    }
    EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace stepwise::api
