// The connections and API destinations registry with a fake HTTP client and
// a fake clock: OAuth tokens fetched once, cached and fetched again after a
// 401 (as AWS refreshes them), AWS's retried and not-retried answers, the rate
// limit making requests wait (never dropping them), the store across a
// restart, the API's errors; and a not-retried failure dead-lettered after one
// attempt by the bus.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-target-connection-auth.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html
#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <thread>

#include "bus_test_helpers.h"
#include "events/bus/api_destinations.h"
#include "events/bus/delivery_journal.h"
#include "events/bus/event_bus.h"
#include "json/parse.h"
#include "store/store.h"

namespace stepwise::events {
namespace {

class ApiDestinationsTest : public ::testing::Test {
protected:
    void SetUp() override { registry = make(); }

    std::unique_ptr<ApiDestinations> make() {
        ApiDestinationsOptions o;
        o.scope = {"123456789012", "us-east-1"};
        o.store = store.get();
        o.now_ms = [this] { return wall; };
        o.steady_ms = [this] { return steady; };
        o.wait_until = [this](int64_t at) { waited_until.push_back(at); };
        o.http_request = [this](HttpCall call, std::function<void(HttpAnswer)> done) {
            sent.push_back(call);
            if (call.url.find("/token") != std::string::npos) return done(HttpAnswer{token_status, token_body, ""});
            HttpAnswer answer{200, "{}", ""};
            if (!answers.empty()) {
                answer = answers.front();
                answers.pop_front();
            }
            done(answer);
        };
        auto r = std::make_unique<ApiDestinations>(std::move(o));
        r->load();
        return r;
    }

    ApiDestinationSpec destination(const std::string& name, const std::string& connection_arn, int64_t rate = 300) {
        ApiDestinationSpec d;
        d.name = name;
        d.connection_arn = connection_arn;
        d.invocation_endpoint = "http://127.0.0.1:9/" + name;
        d.http_method = "POST";
        d.invocation_rate_limit_per_second = rate;
        return registry->create_destination(d);
    }

    ConnectionSpec oauth_connection() {
        ConnectionSpec c;
        c.name = "oauth";
        c.authorization_type = "OAUTH_CLIENT_CREDENTIALS";
        c.auth_parameters = json::parse(R"({"OAuthParameters":{"ClientParameters":{"ClientID":"i","ClientSecret":"s"},
            "AuthorizationEndpoint":"http://127.0.0.1:9/token","HttpMethod":"POST"}})");
        return registry->create_connection(c);
    }

    ConnectionSpec basic_connection(const std::string& name = "basic") {
        ConnectionSpec c;
        c.name = name;
        c.authorization_type = "BASIC";
        c.auth_parameters = json::parse(R"({"BasicAuthParameters":{"Username":"u","Password":"p"}})");
        return registry->create_connection(c);
    }

    std::string invoke(const std::string& arn) {
        DeliveryRequest request;
        request.target_arn = arn;
        request.input = "{}";
        std::string result = "(no answer)";
        registry->invoke(request, [&](std::string error) { result = error; });
        return result;
    }

    size_t sent_to(const std::string& part) const {
        return static_cast<size_t>(std::count_if(sent.begin(), sent.end(), [&](const HttpCall& c) {
            return c.url.find(part) != std::string::npos;
        }));
    }

    std::unique_ptr<store::Store> store = store::open_sqlite(":memory:");
    int64_t wall = 1'000'000, steady = 0;
    std::vector<int64_t> waited_until;
    std::vector<HttpCall> sent;
    std::deque<HttpAnswer> answers;
    int token_status = 200;
    std::string token_body = R"({"access_token":"t-1","expires_in":3600})";
    std::unique_ptr<ApiDestinations> registry;
};

TEST_F(ApiDestinationsTest, OAuthTokenIsCachedAndFetchedAgainAfter401) {
    ConnectionSpec c = oauth_connection();
    EXPECT_EQ(c.state, "AUTHORIZING");
    std::string arn = destination("api", c.arn).arn;
    EXPECT_EQ(invoke(arn), "");
    EXPECT_EQ(invoke(arn), "");
    EXPECT_EQ(sent_to("/token"), 1u);
    EXPECT_EQ(registry->find_connection("oauth")->state, "AUTHORIZED");
    EXPECT_EQ(registry->find_connection("oauth")->last_authorized_ms, wall);

    answers.push_back({401, "expired", ""});
    std::string error = invoke(arn);
    EXPECT_NE(error.find("HTTP 401"), std::string::npos);
    EXPECT_FALSE(is_not_retryable(error));  // retried, with a new token
    EXPECT_EQ(invoke(arn), "");
    EXPECT_EQ(sent_to("/token"), 2u);

    wall += 3600 * 1000 - 30'000;  // within a minute of its expiry: fetched before use
    EXPECT_EQ(invoke(arn), "");
    EXPECT_EQ(sent_to("/token"), 3u);
}

TEST_F(ApiDestinationsTest, FailedTokenRequestIsRetriedAndNamed) {
    ConnectionSpec c = oauth_connection();
    std::string arn = destination("api", c.arn).arn;
    token_status = 401;
    token_body = R"({"error":"invalid_client"})";
    std::string error = invoke(arn);
    EXPECT_NE(error.find("could not be authorized"), std::string::npos);
    EXPECT_FALSE(is_not_retryable(error));
    EXPECT_EQ(sent_to("/api"), 0u);
    EXPECT_NE(registry->find_connection("oauth")->state_reason.find("HTTP 401"), std::string::npos);
}

TEST_F(ApiDestinationsTest, AnswersRetriedAsAwsRetriesThem) {
    std::string arn = destination("api", basic_connection().arn).arn;
    answers = {{500, "", ""}, {429, "", ""}, {400, "bad", ""}, {404, "", ""}, {0, "", "Connection refused"}};
    EXPECT_FALSE(is_not_retryable(invoke(arn)));
    EXPECT_FALSE(is_not_retryable(invoke(arn)));
    std::string bad = invoke(arn);
    EXPECT_TRUE(is_not_retryable(bad));
    EXPECT_NE(bad.find("HTTP 400"), std::string::npos);
    EXPECT_TRUE(is_not_retryable(invoke(arn)));
    std::string refused = invoke(arn);
    EXPECT_FALSE(is_not_retryable(refused));
    EXPECT_NE(refused.find("Connection refused"), std::string::npos);
}

TEST_F(ApiDestinationsTest, ErrorsLeaveOutTheQueryWhereSecretsMayBe) {
    ConnectionSpec c;
    c.name = "secret-query";
    c.authorization_type = "BASIC";
    c.auth_parameters = json::parse(R"({"BasicAuthParameters":{"Username":"u","Password":"p"},
        "InvocationHttpParameters":{"QueryStringParameters":[{"Key":"key","Value":"hush","IsValueSecret":true}]}})");
    std::string arn = destination("api", registry->create_connection(c).arn).arn;
    answers = {{500, "", ""}};
    std::string error = invoke(arn);
    EXPECT_NE(error.find("HTTP 500 from POST http://127.0.0.1:9/api"), std::string::npos) << error;
    EXPECT_EQ(error.find("hush"), std::string::npos) << error;
    EXPECT_NE(sent.back().url.find("key=hush"), std::string::npos);
}

TEST_F(ApiDestinationsTest, WhatCannotBeDeliveredIsNotRetried) {
    EXPECT_TRUE(is_not_retryable(invoke("arn:aws:events:us-east-1:123456789012:api-destination/none/x")));
    ConnectionSpec c = basic_connection();
    std::string arn = destination("api", c.arn).arn;
    registry->delete_connection("basic");
    EXPECT_TRUE(is_not_retryable(invoke(arn)));
    EXPECT_TRUE(sent.empty());
}

TEST_F(ApiDestinationsTest, DeauthorizedConnectionFailsUntilUpdated) {
    std::string arn = destination("api", basic_connection().arn).arn;
    ConnectionSpec c = registry->deauthorize_connection("basic");
    EXPECT_EQ(c.state, "DEAUTHORIZED");
    EXPECT_EQ(*c.auth_parameters.find("BasicAuthParameters"), json::parse(R"({"Username":"u"})"));
    EXPECT_NE(invoke(arn).find("deauthorized"), std::string::npos);
    ConnectionUpdate update;
    update.auth_parameters = json::parse(R"({"BasicAuthParameters":{"Password":"again"}})");
    EXPECT_EQ(registry->update_connection("basic", update).state, "AUTHORIZED");
    EXPECT_EQ(invoke(arn), "");
}

TEST_F(ApiDestinationsTest, RateLimitMakesRequestsWaitNotDrop) {
    std::string arn = destination("api", basic_connection().arn, 1).arn;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(invoke(arn), "");
    EXPECT_EQ(waited_until, (std::vector<int64_t>{0, 1000, 2000}));
    EXPECT_EQ(sent_to("/api"), 3u);
}

TEST_F(ApiDestinationsTest, KeptInTheStoreWithTheirSecrets) {
    ConnectionSpec c = basic_connection();
    ApiDestinationSpec d = destination("api", c.arn);
    registry = make();  // a restart
    auto loaded = registry->find_connection("basic");
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->arn, c.arn);
    EXPECT_EQ(loaded->auth_parameters, c.auth_parameters);
    EXPECT_EQ(registry->find_destination("api")->arn, d.arn);
    EXPECT_EQ(invoke(d.arn), "");
    registry->delete_destination("api");
    registry->delete_connection("basic");
    registry = make();
    EXPECT_TRUE(registry->connections().empty());
    EXPECT_TRUE(registry->destinations().empty());
}

TEST_F(ApiDestinationsTest, ApiErrors) {
    ConnectionSpec c = basic_connection();
    auto code = [](auto&& call) {
        try {
            call();
        } catch (const BusError& e) {
            return e.code();
        }
        return std::string("none");
    };
    EXPECT_EQ(code([&] { basic_connection(); }), "ResourceAlreadyExistsException");
    EXPECT_EQ(code([&] { basic_connection("bad name"); }), "ValidationException");
    EXPECT_EQ(code([&] { registry->deauthorize_connection("none"); }), "ResourceNotFoundException");
    destination("api", c.arn);
    EXPECT_EQ(code([&] { destination("api", c.arn); }), "ResourceAlreadyExistsException");
    EXPECT_EQ(code([&] { destination("other", c.arn + "x"); }), "ResourceNotFoundException");
    EXPECT_EQ(code([&] { destination("slow", c.arn, 0); }), "ValidationException");
    ApiDestinationUpdate update;
    update.invocation_endpoint = "https://example.com/x";
    try {
        registry->update_destination("api", update);
        ADD_FAILURE() << "an https:// endpoint was accepted";
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "ValidationException");
        EXPECT_NE(std::string(e.what()).find("--allow-target-host"), std::string::npos);
    }
    update.invocation_endpoint = "http://example.com/x";
    EXPECT_EQ(code([&] { registry->update_destination("api", update); }), "ValidationException");
    update.invocation_endpoint.reset();
    update.http_method = "TRACE";
    EXPECT_EQ(code([&] { registry->update_destination("api", update); }), "ValidationException");
    EXPECT_EQ(code([&] { registry->delete_destination("none"); }), "ResourceNotFoundException");
}

TEST(ApiDestinationDeliveryTest, HttpParametersTravelWithTheStoredDelivery) {
    Delivery d;
    d.request.target_arn = "arn:aws:events:us-east-1:123456789012:api-destination/a/b";
    d.request.event = json::parse("{}");
    d.request.http_parameters = json::parse(R"({"PathParameterValues":["x"]})");
    EXPECT_EQ(DeliveryJournal::from_json(DeliveryJournal::to_json(d)).request.http_parameters,
              d.request.http_parameters);
}

TEST(ApiDestinationDeliveryTest, NotRetriedFailureIsDeadLetteredAfterOneAttempt) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("stepwise-api-destination-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::atomic<int> attempts{0};
    BusOptions options;
    options.data_dir = dir.string();
    options.backoff_scale = 0;
    options.log = [](const std::string&) {};
    options.callbacks.invoke_api_destination = [&](const DeliveryRequest& request, DeliveryDone done) {
        attempts++;
        EXPECT_EQ(request.http_parameters, json::parse(R"({"HeaderParameters":{"x":"1"}})"));
        done(not_retryable("HTTP 400 from POST http://127.0.0.1:9/"));
    };
    {
        EventBus bus(options);
        bus.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
        bus.put_targets("default", "r", {testing::target(R"({"Id":"api",
            "Arn":"arn:aws:events:us-east-1:123456789012:api-destination/a/b",
            "HttpParameters":{"HeaderParameters":{"x":"1"}}})")});
        EventEntry entry;
        entry.source = "shop";
        entry.detail_type = "t";
        entry.detail = "{}";
        bus.put_events({entry});
        ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(20)));
    }
    EXPECT_EQ(attempts.load(), 1);
    auto letters = testing::read_lines(dir / "dead-letters.jsonl");
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].find("attempts")->as_int(), 1);
    EXPECT_NE(std::string(letters[0].find("error")->as_string()).find("HTTP 400"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace stepwise::events
