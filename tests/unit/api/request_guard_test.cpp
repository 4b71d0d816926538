// The checks before any route (api/http/request_guard.h): Host (DNS rebinding),
// cross-site browser requests, credentials.
#include "api/http/request_guard.h"

#include <gtest/gtest.h>

namespace stepwise::api {
namespace {

Request call(std::string host, std::string method = "POST", std::string path = "/") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    if (!host.empty()) r.headers["host"] = std::move(host);
    if (r.path == "/") {
        r.headers["x-amz-target"] = "AWSStepFunctions.ListStateMachines";
        r.headers["content-type"] = "application/x-amz-json-1.0";
    }
    return r;
}

std::string refusal(const std::optional<Response>& answer) { return answer ? answer->body : ""; }

TEST(RequestGuard, HostNameOfAHeader) {
    EXPECT_EQ(host_name_of("127.0.0.1:8083"), "127.0.0.1");
    EXPECT_EQ(host_name_of("LocalHost"), "localhost");
    EXPECT_EQ(host_name_of("[::1]:8083"), "::1");
    EXPECT_EQ(host_name_of("example.com.:80"), "example.com");
    EXPECT_EQ(host_name_of("localhost:80a"), std::nullopt);
    EXPECT_EQ(host_name_of("[::1"), std::nullopt);
    EXPECT_EQ(host_name_of(":8083"), std::nullopt);
}

TEST(RequestGuard, LoopbackNames) {
    EXPECT_TRUE(is_loopback_name("127.0.0.1"));
    EXPECT_TRUE(is_loopback_name("127.1.2.3"));
    EXPECT_TRUE(is_loopback_name("::1"));
    EXPECT_TRUE(is_loopback_name("[::1]"));
    EXPECT_TRUE(is_loopback_name("localhost"));
    EXPECT_FALSE(is_loopback_name("0.0.0.0"));
    EXPECT_FALSE(is_loopback_name("192.168.1.10"));
    EXPECT_FALSE(is_loopback_name("localhost.evil.example"));
    EXPECT_FALSE(is_loopback_name("evillocalhost"));
    EXPECT_FALSE(is_loopback_name(".localhost"));
}

// The SDKs send StartSyncExecution and TestState to "sync-" + the endpoint's
// host (the operations' hostPrefix), so the README's endpoint is a name under
// .localhost, which RFC 6761 reserves for loopback:
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartSyncExecution.html
// https://www.rfc-editor.org/rfc/rfc6761#section-6.3
TEST(RequestGuard, NamesUnderLocalhostAreLoopback) {
    EXPECT_TRUE(is_loopback_name("stepwise.localhost"));
    EXPECT_TRUE(is_loopback_name("sync-stepwise.localhost"));
    EXPECT_TRUE(is_loopback_name("Sync-Stepwise.LocalHost"));
    AccessPolicy policy;
    for (const char* host : {"stepwise.localhost:8083", "sync-stepwise.localhost:8083", "sync-stepwise.localhost.:8083"})
        EXPECT_FALSE(check_origin(call(host), policy)) << host;
}

// What the SDKs send: botocore and the JS SDK put the port in Host.
TEST(RequestGuard, LoopbackHostsAreServed) {
    AccessPolicy policy;
    for (const char* host : {"127.0.0.1:8083", "localhost:8083", "[::1]:8083", "localhost", "127.0.0.1"})
        EXPECT_FALSE(check_origin(call(host), policy)) << host;
    EXPECT_FALSE(check_origin(call(""), policy)) << "no Host at all (not a browser)";
}

TEST(RequestGuard, ForeignHostIsRefusedNamingIt) {
    AccessPolicy policy;
    auto refused = check_origin(call("rebind.evil.example:8083"), policy);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403);
    EXPECT_NE(refused->body.find("AccessDeniedException"), std::string::npos);
    EXPECT_NE(refused->body.find("rebind.evil.example:8083"), std::string::npos);
    EXPECT_EQ(refused->content_type, "application/x-amz-json-1.0");
    EXPECT_TRUE(check_origin(call("192.168.1.10:8083"), policy)) << "another address while bound to loopback";
    EXPECT_TRUE(check_origin(call("localhost:x"), policy));
}

TEST(RequestGuard, NonLoopbackBindServesItsAddressAndAliases) {
    AccessPolicy policy;
    policy.host = "192.168.1.10";
    policy.host_aliases = {"devbox.lan"};
    EXPECT_FALSE(check_origin(call("192.168.1.10:8083"), policy));
    EXPECT_FALSE(check_origin(call("DevBox.lan:8083"), policy));
    EXPECT_FALSE(check_origin(call("localhost:8083"), policy));
    EXPECT_TRUE(check_origin(call("10.0.0.1:8083"), policy));
    EXPECT_TRUE(check_origin(call("evil.example:8083"), policy));

    policy.host = "0.0.0.0";  // every interface: any address literal, never a DNS name
    EXPECT_FALSE(check_origin(call("10.0.0.1:8083"), policy));
    EXPECT_FALSE(check_origin(call("[fe80::1]:8083"), policy));
    EXPECT_TRUE(check_origin(call("evil.example:8083"), policy));
}

TEST(RequestGuard, OriginMustBeTheServersOwn) {
    AccessPolicy policy;
    Request same = call("localhost:8083");
    same.headers["origin"] = "http://localhost:8083";
    EXPECT_FALSE(check_origin(same, policy)) << refusal(check_origin(same, policy));
    for (const char* origin : {"http://evil.example", "http://localhost:3000", "null", "https://localhost:8083"}) {
        Request r = call("localhost:8083");
        r.headers["origin"] = origin;
        auto refused = check_origin(r, policy);
        ASSERT_TRUE(refused) << origin;
        EXPECT_NE(refused->body.find("Cross-site request refused"), std::string::npos);
    }
    Request fetched = call("localhost:8083");
    fetched.headers["sec-fetch-site"] = "cross-site";
    EXPECT_TRUE(check_origin(fetched, policy));
    fetched.headers["sec-fetch-site"] = "none";  // typed in the address bar
    EXPECT_FALSE(check_origin(fetched, policy));
}

// What a cross-site <form> or no-cors fetch() can send: text/plain, a form
// encoding, or no content type; no custom header.
TEST(RequestGuard, SimplePostsToRestRoutesAreRefused) {
    AccessPolicy policy;
    for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""}) {
        Request r = call("localhost:8083", "POST", "/_stepwise/clock");
        if (*type) r.headers["content-type"] = type;
        r.body = R"({"advanceSeconds": 60})";
        auto refused = check_origin(r, policy);
        ASSERT_TRUE(refused) << type;
        EXPECT_EQ(refused->content_type, "application/json");
    }
    Request form = call("localhost:8083", "POST", "/v1/registries/name/r");
    form.headers["content-type"] = "text/plain;charset=UTF-8";
    EXPECT_TRUE(check_origin(form, policy));
    Request json_target_form = call("localhost:8083");
    json_target_form.headers.erase("x-amz-target");
    json_target_form.headers["content-type"] = "text/plain";
    EXPECT_TRUE(check_origin(json_target_form, policy));
}

TEST(RequestGuard, PostsABrowserMustPreflightPass) {
    AccessPolicy policy;
    Request json = call("localhost:8083", "POST", "/_stepwise/clock");
    json.headers["content-type"] = "application/json; charset=utf-8";
    EXPECT_FALSE(check_origin(json, policy));
    Request signed_call = call("localhost:8083", "POST", "/v1/discoverers/id/d/start");  // boto3: no body
    signed_call.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=...";
    signed_call.headers["x-amz-date"] = "20250101T000000Z";
    EXPECT_FALSE(check_origin(signed_call, policy));
    EXPECT_FALSE(check_origin(call("localhost:8083"), policy)) << "AWS JSON calls carry X-Amz-Target";
    EXPECT_FALSE(check_origin(call("localhost:8083", "GET", "/_stepwise/clock"), policy));
    EXPECT_FALSE(check_origin(call("localhost:8083", "DELETE", "/v1/registries/name/r"), policy));
}

TEST(RequestGuard, NoCredentialsConfiguredAcceptsAnyCaller) {
    EXPECT_FALSE(check_credentials(call("localhost"), AccessPolicy{}, 0));
}

TEST(RequestGuard, BearerToken) {
    AccessPolicy policy;
    policy.auth_token = "s3cret-token";
    Request r = call("localhost");
    auto missing = check_credentials(r, policy, 0);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 403);
    EXPECT_NE(missing->body.find("MissingAuthenticationTokenException"), std::string::npos);
    r.headers["authorization"] = "Bearer s3cret-token";
    EXPECT_FALSE(check_credentials(r, policy, 0));
    r.headers["authorization"] = "Bearer s3cret-tokeN";
    auto wrong = check_credentials(r, policy, 0);
    ASSERT_TRUE(wrong);
    EXPECT_NE(wrong->body.find("UnrecognizedClientException"), std::string::npos);
}

TEST(RequestGuard, AccessKeyRequiresASignature) {
    AccessPolicy policy;
    policy.access_key_id = "AKIDEXAMPLE";
    policy.secret_access_key = "secret";
    auto unsigned_call = check_credentials(call("localhost"), policy, 0);
    ASSERT_TRUE(unsigned_call);
    EXPECT_EQ(unsigned_call->status, 403);
    EXPECT_NE(unsigned_call->body.find("MissingAuthenticationTokenException"), std::string::npos);
    Request bearer = call("localhost");
    bearer.headers["authorization"] = "Bearer anything";
    EXPECT_TRUE(check_credentials(bearer, policy, 0)) << "no --auth-token: bearer tokens are not accepted";
}

}  // namespace
}  // namespace stepwise::api
