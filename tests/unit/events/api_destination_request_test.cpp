// What an API destination sends, built without sending it: each connection
// type's authorization, path wildcards, header and query string parameters
// (the connection's value wins over the target's), body parameters, the OAuth
// token request, which statuses AWS retries, and the rate limiter on an
// injected clock; and the connection checks that name the member at fault.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_HttpParameters.html
#include <gtest/gtest.h>

#include "events/bus/http_invocation.h"
#include "events/bus/model.h"
#include "events/bus/rate_limiter.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

ConnectionSpec connection(const std::string& type, const std::string& auth) {
    ConnectionSpec c;
    c.name = "c";
    c.authorization_type = type;
    c.auth_parameters = json::parse(auth);
    check_auth_parameters(type, c.auth_parameters);
    return c;
}

ApiDestinationSpec destination(const std::string& endpoint, const std::string& method = "POST") {
    ApiDestinationSpec d;
    d.name = "d";
    d.invocation_endpoint = endpoint;
    d.http_method = method;
    return d;
}

std::string header(const HttpCall& call, const std::string& name) {
    std::string found;
    int count = 0;
    for (const auto& [key, value] : call.headers)
        if (key == name) found = value, ++count;
    EXPECT_LE(count, 1) << name;
    return found;
}

TEST(ApiDestinationRequestTest, BasicAuthorizationHeader) {
    auto c = connection("BASIC", R"({"BasicAuthParameters":{"Username":"alice","Password":"s3cret"}})");
    HttpCall call = api_destination_request(destination("http://127.0.0.1:9/hook", "PUT"), c, json::Value(), R"({"a":1})");
    EXPECT_EQ(call.method, "PUT");
    EXPECT_EQ(call.url, "http://127.0.0.1:9/hook");
    EXPECT_EQ(header(call, "Authorization"), "Basic YWxpY2U6czNjcmV0");
    EXPECT_EQ(header(call, "Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(call.body, R"({"a":1})");
}

TEST(ApiDestinationRequestTest, ApiKeyAndBearerToken) {
    auto key = connection("API_KEY", R"({"ApiKeyAuthParameters":{"ApiKeyName":"x-api-key","ApiKeyValue":"k"}})");
    EXPECT_EQ(header(api_destination_request(destination("http://h/"), key, json::Value(), "{}"), "x-api-key"), "k");
    auto oauth = connection("OAUTH_CLIENT_CREDENTIALS", R"({"OAuthParameters":{
        "ClientParameters":{"ClientID":"id","ClientSecret":"secret"},
        "AuthorizationEndpoint":"http://h/token","HttpMethod":"POST"}})");
    EXPECT_EQ(header(api_destination_request(destination("http://h/"), oauth, json::Value(), "{}", "tok"), "Authorization"),
              "Bearer tok");
}

TEST(ApiDestinationRequestTest, PathWildcardsFilledInOrderAndEncoded) {
    auto c = connection("API_KEY", R"({"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"}})");
    auto params = json::parse(R"({"PathParameterValues":["o-1","a b/c"]})");
    HttpCall call = api_destination_request(destination("http://h/orders/*/items/*?x=1"), c, params, "{}");
    EXPECT_EQ(call.url, "http://h/orders/o-1/items/a%20b%2Fc?x=1");
    EXPECT_THROW(api_destination_request(destination("http://h/orders/*"), c, json::Value(), "{}"), InvocationError);
    EXPECT_THROW(api_destination_request(destination("http://h/orders"), c, params, "{}"), InvocationError);
}

TEST(ApiDestinationRequestTest, ConnectionParametersWinOverTheTargets) {
    auto c = connection("API_KEY", R"({"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"},
        "InvocationHttpParameters":{
          "HeaderParameters":[{"Key":"X-Team","Value":"connection"}],
          "QueryStringParameters":[{"Key":"env","Value":"prod","IsValueSecret":true}]}})");
    auto params = json::parse(R"({"HeaderParameters":{"x-team":"target","x-other":"1"},
                                   "QueryStringParameters":{"env":"dev","page":"2"}})");
    HttpCall call = api_destination_request(destination("http://h/p"), c, params, "{}");
    EXPECT_EQ(call.url, "http://h/p?page=2&env=prod");
    EXPECT_EQ(header(call, "X-Team"), "connection");
    EXPECT_EQ(header(call, "x-team"), "");  // header names compare without case: one is left
    EXPECT_EQ(header(call, "x-other"), "1");
}

TEST(ApiDestinationRequestTest, TheAuthorizationOfTheConnectionIsNotOverridden) {
    auto c = connection("BASIC", R"({"BasicAuthParameters":{"Username":"u","Password":"p"}})");
    auto params = json::parse(R"({"HeaderParameters":{"authorization":"Bearer forged"}})");
    EXPECT_EQ(header(api_destination_request(destination("http://h/"), c, params, "{}"), "Authorization"), "Basic dTpw");
}

TEST(ApiDestinationRequestTest, BodyParametersJoinAJsonObjectBody) {
    auto c = connection("BASIC", R"({"BasicAuthParameters":{"Username":"u","Password":"p"},
        "InvocationHttpParameters":{"BodyParameters":[{"Key":"tenant","Value":"t-1"}]}})");
    EXPECT_EQ(json::parse(api_destination_request(destination("http://h/"), c, json::Value(), R"({"a":1})").body),
              json::parse(R"({"a":1,"tenant":"t-1"})"));
    EXPECT_THROW(api_destination_request(destination("http://h/"), c, json::Value(), R"("text")"), InvocationError);
}

TEST(ApiDestinationRequestTest, HeaderValuesWithLineBreaksAreRefused) {
    auto c = connection("BASIC", R"({"BasicAuthParameters":{"Username":"u","Password":"p"}})");
    auto params = json::parse(R"({"HeaderParameters":{"x":"a\r\nInjected: 1"}})");
    EXPECT_THROW(api_destination_request(destination("http://h/"), c, params, "{}"), InvocationError);
}

TEST(OAuthTokenRequestTest, ClientCredentialsAsBasicAndParametersFormEncoded) {
    auto c = connection("OAUTH_CLIENT_CREDENTIALS", R"({"OAuthParameters":{
        "ClientParameters":{"ClientID":"id","ClientSecret":"secret"},
        "AuthorizationEndpoint":"http://h/token","HttpMethod":"POST",
        "OAuthHttpParameters":{"BodyParameters":[{"Key":"grant_type","Value":"client_credentials"},
                                                 {"Key":"scope","Value":"a b"}],
                               "QueryStringParameters":[{"Key":"aud","Value":"x"}],
                               "HeaderParameters":[{"Key":"x-tenant","Value":"t"}]}}})");
    HttpCall call = oauth_token_request(c);
    EXPECT_EQ(call.method, "POST");
    EXPECT_EQ(call.url, "http://h/token?aud=x");
    EXPECT_EQ(header(call, "Authorization"), "Basic aWQ6c2VjcmV0");
    EXPECT_EQ(header(call, "Content-Type"), "application/x-www-form-urlencoded");
    EXPECT_EQ(header(call, "x-tenant"), "t");
    EXPECT_EQ(call.body, "grant_type=client_credentials&scope=a%20b");
}

TEST(OAuthTokenRequestTest, TokenAnswers) {
    std::string error;
    auto token = parse_oauth_token(R"({"access_token":"t","expires_in":60})", 1000, &error);
    ASSERT_TRUE(token);
    EXPECT_EQ(token->access_token, "t");
    EXPECT_EQ(token->expires_at_ms, 61'000);
    EXPECT_EQ(parse_oauth_token(R"({"access_token":"t"})", 1000, &error)->expires_at_ms, 0);
    EXPECT_FALSE(parse_oauth_token(R"({"error":"invalid_client"})", 0, &error));
    EXPECT_NE(error.find("access_token"), std::string::npos);
    EXPECT_FALSE(parse_oauth_token("not json", 0, &error));
}

TEST(ApiDestinationRequestTest, RetriedStatusesAreAwss) {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html#eb-api-destination-error-codes
    for (int status : {401, 407, 409, 429, 500, 502, 503, 599}) EXPECT_TRUE(is_retried_status(status)) << status;
    for (int status : {100, 200, 301, 400, 403, 404, 413, 422}) EXPECT_FALSE(is_retried_status(status)) << status;
}

TEST(ApiDestinationRequestTest, TargetHttpParametersCheckedAtPutTargets) {
    auto error = [](const std::string& target) {
        try {
            check_target_http_parameters(json::parse(target));
        } catch (const BusError& e) {
            EXPECT_EQ(e.code(), "ValidationException");
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(error(R"({"Id":"a"})"), "");
    EXPECT_EQ(error(R"({"HttpParameters":{"PathParameterValues":["a"],"HeaderParameters":{"k":"v"},
                                         "QueryStringParameters":{"q":"1"}}})"), "");
    EXPECT_NE(error(R"({"HttpParameters":{"PathParameterValues":"a"}})").find("HttpParameters.PathParameterValues"),
              std::string::npos);
    EXPECT_NE(error(R"({"HttpParameters":{"HeaderParameters":{"k":1}}})").find("HeaderParameters.k"), std::string::npos);
    EXPECT_NE(error(R"({"HttpParameters":{"HeaderParameters":{"k":"a\nb"}}})").find("HeaderParameters.k"),
              std::string::npos);
    EXPECT_NE(error(R"({"HttpParameters":{"Body":{}}})").find("HttpParameters.Body"), std::string::npos);
}

// --- the connection's checks ---

std::string auth_error(const std::string& type, const std::string& auth) {
    try {
        check_auth_parameters(type, json::parse(auth));
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "ValidationException");
        return e.what();
    }
    return "";
}

TEST(ConnectionTest, ChecksNameTheMemberAtFault) {
    EXPECT_NE(auth_error("BASIC", R"({"BasicAuthParameters":{"Username":"u"}})")
                  .find("AuthParameters.BasicAuthParameters.Password is required"),
              std::string::npos);
    EXPECT_NE(auth_error("BASIC", R"({})").find("AuthParameters.BasicAuthParameters is required"), std::string::npos);
    EXPECT_NE(auth_error("API_KEY", R"({"ApiKeyAuthParameters":{"ApiKeyName":"k","ApiKeyValue":"v"},
                                        "BasicAuthParameters":{"Username":"u","Password":"p"}})")
                  .find("BasicAuthParameters does not go with AuthorizationType API_KEY"),
              std::string::npos);
    EXPECT_NE(auth_error("OAUTH_CLIENT_CREDENTIALS", R"({"OAuthParameters":{
                  "ClientParameters":{"ClientID":"i","ClientSecret":"s"},
                  "AuthorizationEndpoint":"http://h","HttpMethod":"DELETE"}})")
                  .find("AuthParameters.OAuthParameters.HttpMethod"),
              std::string::npos);
    EXPECT_NE(auth_error("BASIC", R"({"BasicAuthParameters":{"Username":"u","Password":"p"},"Extra":1})")
                  .find("AuthParameters.Extra"),
              std::string::npos);
    EXPECT_NE(auth_error("OAUTH_CLIENT_CREDENTIALS", R"({"OAuthParameters":{},"ConnectivityParameters":{}})")
                  .find("ConnectivityParameters"),
              std::string::npos);
    EXPECT_NE(auth_error("BASIC", R"({"BasicAuthParameters":{"Username":"a:b","Password":"p"}})").find("Username"),
              std::string::npos);
    EXPECT_NE(auth_error("DIGEST", R"({})").find("authorizationType"), std::string::npos);
    EXPECT_NE(auth_error("BASIC", R"({"BasicAuthParameters":{"Username":"u","Password":"p"},
                  "InvocationHttpParameters":{"HeaderParameters":[{"Key":"k","Value":1}]}})")
                  .find("InvocationHttpParameters.HeaderParameters.Value"),
              std::string::npos);
    EXPECT_EQ(auth_error("BASIC", R"({"BasicAuthParameters":{"Username":"u","Password":"p"}})"), "");
}

TEST(ConnectionTest, SecretsLeftOutAndUpdatesMerged) {
    auto auth = json::parse(R"({"OAuthParameters":{"ClientParameters":{"ClientID":"i","ClientSecret":"s"},
        "AuthorizationEndpoint":"http://h","HttpMethod":"POST",
        "OAuthHttpParameters":{"BodyParameters":[{"Key":"k","Value":"v","IsValueSecret":true}]}},
        "InvocationHttpParameters":{"HeaderParameters":[{"Key":"a","Value":"shown","IsValueSecret":false}]}})");
    EXPECT_EQ(without_secrets(auth), json::parse(R"({"OAuthParameters":{"ClientParameters":{"ClientID":"i"},
        "AuthorizationEndpoint":"http://h","HttpMethod":"POST",
        "OAuthHttpParameters":{"BodyParameters":[{"Key":"k","IsValueSecret":true}]}},
        "InvocationHttpParameters":{"HeaderParameters":[{"Key":"a","Value":"shown","IsValueSecret":false}]}})"));
    auto merged = merge_auth_parameters(auth, json::parse(R"({"OAuthParameters":{"ClientParameters":{"ClientSecret":"new"}}})"));
    EXPECT_EQ(*merged.find("OAuthParameters")->find("ClientParameters"),
              json::parse(R"({"ClientID":"i","ClientSecret":"new"})"));
    EXPECT_EQ(merged.find("InvocationHttpParameters")->size(), 1u);
}

// --- the rate limit, on a clock the test moves ---

TEST(RateLimiterTest, OnePerSecondSpacesRequestsAWindowApart) {
    int64_t now = 5000;
    RateLimiter limiter([&] { return now; });
    EXPECT_EQ(limiter.reserve("d", 1), 5000);
    EXPECT_EQ(limiter.reserve("d", 1), 6000);
    EXPECT_EQ(limiter.reserve("d", 1), 7000);
    EXPECT_EQ(limiter.reserve("other", 1), 5000);  // each destination has its own limit
    now = 20'000;
    EXPECT_EQ(limiter.reserve("d", 1), 20'000);
}

TEST(RateLimiterTest, AtMostNInAnySecond) {
    int64_t now = 0;
    RateLimiter limiter([&] { return now; });
    std::vector<int64_t> slots;
    for (int i = 0; i < 7; ++i) slots.push_back(limiter.reserve("d", 3));
    EXPECT_EQ(slots, (std::vector<int64_t>{0, 0, 0, 1000, 1000, 1000, 2000}));
    now = 1500;
    EXPECT_EQ(limiter.reserve("d", 3), 2000);
    EXPECT_EQ(limiter.reserve("d", 3), 2000);
    EXPECT_EQ(limiter.reserve("d", 3), 3000);
}

}  // namespace
}  // namespace stepwise::events
