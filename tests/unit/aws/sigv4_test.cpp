// The SigV4 signer against AWS's published test suite (credentials
// AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 2015-08-30T12:36:00Z,
// us-east-1, service "service"):
// https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html
// (get-vanilla, get-vanilla-query, post-vanilla), and the key derivation
// example of https://docs.aws.amazon.com/general/latest/gr/signature-v4-examples.html
#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include "aws/digest.h"

using namespace stepwise::aws;

namespace {

const Credentials kSuite{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
constexpr int64_t kSignedAt = 1440938160;  // 20150830T123600Z

SignedRequest suite_request(std::string method, HeaderList query = {}) {
    SignedRequest r;
    r.method = std::move(method);
    r.path = "/";
    r.query = std::move(query);
    r.headers = {{"Host", "example.amazonaws.com"}};
    return r;
}

const std::string* find_header(const SignedRequest& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return &v;
    return nullptr;
}

std::string authorization_for(std::string_view signature) {
    return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
           "SignedHeaders=host;x-amz-date, Signature=" + std::string(signature);
}

}  // namespace

TEST(SigV4Signer, GetVanilla) {
    SignedRequest r = suite_request("GET");
    sigv4_sign(r, kSuite, "us-east-1", "service", kSignedAt);
    ASSERT_TRUE(find_header(r, "X-Amz-Date"));
    EXPECT_EQ(*find_header(r, "X-Amz-Date"), "20150830T123600Z");
    EXPECT_FALSE(find_header(r, "X-Amz-Security-Token"));
    ASSERT_TRUE(find_header(r, "Authorization"));
    EXPECT_EQ(*find_header(r, "Authorization"),
              authorization_for("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
}

TEST(SigV4Signer, GetVanillaCanonicalRequestAndStringToSign) {
    std::string canonical = sigv4_canonical_request(
        "GET", sigv4_canonical_uri("/"), sigv4_canonical_query({}),
        {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}}, "host;x-amz-date",
        to_hex(sha256("")));
    EXPECT_EQ(canonical,
              "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sigv4_string_to_sign("20150830T123600Z", sigv4_scope("20150830", "us-east-1", "service"), canonical),
              "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
              "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
}

TEST(SigV4Signer, GetVanillaQueryAndPostVanilla) {
    SignedRequest query = suite_request("GET", {{"Param1", "value1"}});
    sigv4_sign(query, kSuite, "us-east-1", "service", kSignedAt);
    EXPECT_EQ(*find_header(query, "Authorization"),
              authorization_for("a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"));
    SignedRequest post = suite_request("POST");
    sigv4_sign(post, kSuite, "us-east-1", "service", kSignedAt);
    EXPECT_EQ(*find_header(post, "Authorization"),
              authorization_for("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"));
}

TEST(SigV4Signer, DerivedSigningKeyMatchesAwsExample) {
    EXPECT_EQ(to_hex(sigv4_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")),
              "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4Signer, SessionTokenIsSentAndSigned) {
    SignedRequest r = suite_request("POST");
    r.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
    r.headers.emplace_back("X-Amz-Target", "DynamoDB_20120810.PutItem");
    r.body = R"({"TableName":"orders"})";
    Credentials session{"ASIAEXAMPLE", "secret", "the-session-token"};
    sigv4_sign(r, session, "eu-west-1", "dynamodb", kSignedAt);
    ASSERT_TRUE(find_header(r, "X-Amz-Security-Token"));
    EXPECT_EQ(*find_header(r, "X-Amz-Security-Token"), "the-session-token");

    // Recompute it from the primitives.
    std::string signed_headers = "content-type;host;x-amz-date;x-amz-security-token;x-amz-target";
    std::string canonical = sigv4_canonical_request(
        "POST", "/", "",
        {{"content-type", "application/x-amz-json-1.0"},
         {"host", "example.amazonaws.com"},
         {"x-amz-date", "20150830T123600Z"},
         {"x-amz-security-token", "the-session-token"},
         {"x-amz-target", "DynamoDB_20120810.PutItem"}},
        signed_headers, to_hex(sha256(r.body)));
    std::string scope = sigv4_scope("20150830", "eu-west-1", "dynamodb");
    std::string signature = sigv4_signature(sigv4_signing_key("secret", "20150830", "eu-west-1", "dynamodb"),
                                            sigv4_string_to_sign("20150830T123600Z", scope, canonical));
    EXPECT_EQ(*find_header(r, "Authorization"), "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/" + scope +
                                                    ", SignedHeaders=" + signed_headers + ", Signature=" + signature);
}

TEST(SigV4Signer, CanonicalForms) {
    EXPECT_EQ(uri_encode("a b/c~d*"), "a%20b%2Fc~d%2A");
    EXPECT_EQ(uri_encode("a b/c", true), "a%20b/c");
    EXPECT_EQ(sigv4_canonical_uri(""), "/");
    EXPECT_EQ(sigv4_canonical_uri("/documents%20and%20settings/"), "/documents%2520and%2520settings/");
    EXPECT_EQ(sigv4_canonical_query({{"b", "2"}, {"a", "x y"}, {"a", "1"}}), "a=1&a=x%20y&b=2");
    EXPECT_EQ(sigv4_canonical_header_value("  my   value\t here "), "my value here");
    EXPECT_EQ(amz_date(kSignedAt), "20150830T123600Z");
}

namespace stepwise::aws {
namespace {

TEST(UriTest, EncodesAllButUnreservedAndDecodesBack) {
    EXPECT_EQ(uri_encode("a-b_c.d~e f/\xc3\xa9"), "a-b_c.d~e%20f%2F%C3%A9");
    EXPECT_EQ(uri_decode("a-b_c.d~e%20f%2F%C3%A9"), "a-b_c.d~e f/\xc3\xa9");
    EXPECT_EQ(uri_decode("100%"), "100%");
    EXPECT_EQ(uri_decode("%zz%4"), "%zz%4");
    EXPECT_EQ(uri_decode("a+b"), "a+b");
    EXPECT_EQ(uri_decode("a+b", true), "a b");
}

}  // namespace
}  // namespace stepwise::aws
