// SigV4 checks against AWS's published test suite (credentials AKIDEXAMPLE /
// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 2015-08-30T12:36:00Z, us-east-1,
// service "service"): https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html
// and the steps of https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
#include "api/http/sigv4.h"

#include <gtest/gtest.h>

namespace stepwise::api {
namespace {

constexpr const char* kKeyId = "AKIDEXAMPLE";
constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr int64_t kSignedAt = 1440938160;  // 20150830T123600Z

void expect_accepted(const std::optional<Response>& refused) {
    EXPECT_FALSE(refused) << (refused ? refused->body : "");
}

Request suite_request(std::string method, std::string query, std::string signature) {
    Request r;
    r.method = std::move(method);
    r.path = "/";
    r.query = std::move(query);
    r.headers["host"] = "example.amazonaws.com";
    r.headers["x-amz-date"] = "20150830T123600Z";
    r.headers["authorization"] =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + signature;
    return r;
}

TEST(SigV4, GetVanillaCanonicalRequestAndSignature) {
    Request r = suite_request("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    EXPECT_EQ(sigv4_canonical_request(r, "host;x-amz-date"),
              "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    auto auth = parse_sigv4_authorization(r.headers["authorization"]);
    ASSERT_TRUE(auth);
    EXPECT_EQ(auth->scope(), "20150830/us-east-1/service/aws4_request");
    expect_accepted(check_sigv4(r, kKeyId, kSecret, kSignedAt, "application/x-amz-json-1.0"));
}

TEST(SigV4, SuiteQueryAndPostVectorsVerify) {
    // get-vanilla-empty-query-key and post-vanilla.
    expect_accepted(check_sigv4(suite_request("GET", "Param1=value1",
                                        "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
                          kKeyId, kSecret, kSignedAt, ""));
    expect_accepted(check_sigv4(suite_request("POST", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
                          kKeyId, kSecret, kSignedAt, ""));
}

TEST(SigV4, WrongSecretIsInvalidSignature) {
    Request r = suite_request("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    auto refused = check_sigv4(r, kKeyId, "another secret", kSignedAt, "application/x-amz-json-1.0");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    EXPECT_NE(refused->body.find("\"InvalidSignatureException\""), std::string::npos);
    EXPECT_EQ(refused->content_type, "application/x-amz-json-1.0");
}

TEST(SigV4, TamperedRequestIsInvalidSignature) {
    Request r = suite_request("GET", "Param1=value2", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb");
    auto refused = check_sigv4(r, kKeyId, kSecret, kSignedAt, "");
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->body.find("InvalidSignatureException"), std::string::npos);
}

TEST(SigV4, UnknownAccessKeyIsUnrecognizedClient) {
    Request r = suite_request("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    auto refused = check_sigv4(r, "AKIDOTHER", kSecret, kSignedAt, "");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    EXPECT_NE(refused->body.find("\"UnrecognizedClientException\""), std::string::npos);
}

TEST(SigV4, MissingAuthorizationIsRefused) {
    Request r = suite_request("GET", "", "x");
    r.headers.erase("authorization");
    auto refused = check_sigv4(r, kKeyId, kSecret, kSignedAt, "");
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->body.find("MissingAuthenticationTokenException"), std::string::npos);
    r.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service";
    refused = check_sigv4(r, kKeyId, kSecret, kSignedAt, "");
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->body.find("IncompleteSignatureException"), std::string::npos);
}

// AWS: "more than 15 minutes after the date stamp on the request" is refused.
TEST(SigV4, DateMoreThanFifteenMinutesAwayIsRefused) {
    Request r = suite_request("GET", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    expect_accepted(check_sigv4(r, kKeyId, kSecret, kSignedAt + 15 * 60, ""));
    expect_accepted(check_sigv4(r, kKeyId, kSecret, kSignedAt - 15 * 60, ""));
    auto late = check_sigv4(r, kKeyId, kSecret, kSignedAt + 15 * 60 + 1, "");
    ASSERT_TRUE(late);
    EXPECT_NE(late->body.find("Signature expired"), std::string::npos);
    EXPECT_TRUE(check_sigv4(r, kKeyId, kSecret, kSignedAt - 15 * 60 - 1, ""));
}

TEST(SigV4, HostMustBeSigned) {
    Request r = suite_request("GET", "", "0");
    r.headers["authorization"] =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=x-amz-date, Signature=00";
    auto refused = check_sigv4(r, kKeyId, kSecret, kSignedAt, "");
    ASSERT_TRUE(refused);
    EXPECT_NE(refused->body.find("Host header must be signed"), std::string::npos);
}

// The SDKs encode the path as sent once more (every service but S3).
TEST(SigV4, PathIsEncodedOnceMore) {
    Request r;
    r.method = "GET";
    r.path = "/v1/registries/name/my%40reg";
    r.query = "b=2&a=x%20y";
    r.headers["host"] = "localhost:8083";
    EXPECT_EQ(sigv4_canonical_request(r, "host"),
              "GET\n/v1/registries/name/my%2540reg\na=x%20y&b=2\nhost:localhost:8083\n\nhost\n"
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4, AmzDateParses) {
    EXPECT_EQ(parse_amz_date("20150830T123600Z"), kSignedAt);
    EXPECT_EQ(parse_amz_date("20150830123600Z"), std::nullopt);
    EXPECT_EQ(parse_amz_date("20151330T123600Z"), std::nullopt);
    EXPECT_EQ(parse_amz_date(""), std::nullopt);
}

}  // namespace
}  // namespace stepwise::api
