// The event bus's activity ring for the web page: entries as JSON, their
// deliveries' changes, the bound (count and bytes) and what was dropped,
// paging, the change listener, and GET /ui/bus/events.
#include "api/ui/bus_activity.h"

#include <gtest/gtest.h>

#include "api/ui/bus_events_route.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

const std::string kRule = "arn:aws:events:us-east-1:123456789012:rule/orders";

events::EventPut put(int n, std::vector<std::string> targets = {}) {
    events::EventPut p;
    p.event = json::parse(R"({"version":"0","id":"e)" + std::to_string(n) +
                          R"(","detail-type":"Order Placed","source":"shop","resources":["r"],"detail":{"n":)" +
                          std::to_string(n) + "}}");
    p.bus_name = "default";
    p.sent_by = "PutEvents";
    p.time_ms = 1'700'000'000'500;
    for (const std::string& id : targets) p.targets.push_back({kRule, id, "arn:aws:logs:us-east-1:123456789012:log-group:" + id});
    return p;
}

TEST(BusActivity, AnEntryAsThePageReadsIt) {
    BusActivity activity;
    events::EventPut p = put(1, {"log", "queue"});
    p.schema = events::SchemaFinding{"discovered-schemas", "Order", "2", {{"/detail/id", "required", "missing id"}}, false};
    EXPECT_EQ(activity.event_put(std::move(p)), 1u);
    activity.delivery_changed({1, kRule, "log", events::DeliveryStatus::Delivered, 1, "", "", 1'700'000'001'000});
    activity.delivery_changed({1, kRule, "queue", events::DeliveryStatus::DeadLetter, 3, "boom", "/d/dead-letters.jsonl",
                               1'700'000'002'000});

    auto page = activity.page(std::nullopt, 10);
    ASSERT_EQ(page.events.size(), 1u);
    EXPECT_EQ(page.dropped, 0u);
    EXPECT_EQ(json::dump(page.events[0]),
              R"({"id":1,"time":1700000000.5,"eventBusName":"default","source":"shop","detailType":"Order Placed",)"
              R"("detail":{"n":1},"resources":["r"],"sentBy":"PutEvents",)"
              R"("schema":{"registry":"discovered-schemas","name":"Order","version":"2","valid":false,"mode":"warn",)"
              R"("violations":[{"pointer":"/detail/id","message":"missing id"}]},"rejected":false,)"
              R"("matches":[{"rule":"orders","ruleArn":")" + kRule + R"(","deliveries":[)"
              R"({"targetId":"log","targetArn":"arn:aws:logs:us-east-1:123456789012:log-group:log","status":"delivered",)"
              R"("attempts":1,"time":1700000001},)"
              R"({"targetId":"queue","targetArn":"arn:aws:logs:us-east-1:123456789012:log-group:queue",)"
              R"("status":"dead-letter","attempts":3,"error":"boom","deadLetterFile":"/d/dead-letters.jsonl",)"
              R"("time":1700000002}]}]})");
}

TEST(BusActivity, KeepsTheNewestAndCountsWhatItDropped) {
    BusActivity activity(BusActivity::Limits{3, 1u << 20});
    for (int i = 1; i <= 5; ++i) activity.event_put(put(i, {"log"}));
    auto page = activity.page(std::nullopt, 100);
    EXPECT_EQ(page.dropped, 2u);
    ASSERT_EQ(page.events.size(), 3u);
    EXPECT_EQ(page.events[0].find("id")->as_int(), 3);
    EXPECT_EQ(page.events[2].find("id")->as_int(), 5);
    // A change of a dropped entry is no error and changes nothing.
    activity.delivery_changed({1, kRule, "log", events::DeliveryStatus::Delivered, 1, "", "", 0});
    EXPECT_EQ(activity.page(std::nullopt, 100).events.size(), 3u);
}

TEST(BusActivity, BoundedByBytesToo) {
    BusActivity activity(BusActivity::Limits{100, 2000});
    for (int i = 1; i <= 20; ++i) activity.event_put(put(i));
    auto page = activity.page(std::nullopt, 100);
    EXPECT_GT(page.dropped, 0u);
    EXPECT_EQ(page.dropped + page.events.size(), 20u);
    EXPECT_EQ(page.events.back().find("id")->as_int(), 20);
}

TEST(BusActivity, PagesForwardAfterAnIdOrTakesTheNewest) {
    BusActivity activity;
    for (int i = 1; i <= 5; ++i) activity.event_put(put(i));
    auto newest = activity.page(std::nullopt, 2);
    ASSERT_EQ(newest.events.size(), 2u);
    EXPECT_EQ(newest.events[0].find("id")->as_int(), 4);
    auto after = activity.page(1, 2);
    ASSERT_EQ(after.events.size(), 2u);
    EXPECT_EQ(after.events[0].find("id")->as_int(), 2);
    EXPECT_EQ(after.events[1].find("id")->as_int(), 3);
    EXPECT_TRUE(activity.page(5, 10).events.empty());
    EXPECT_EQ(activity.page(0, 10).events.size(), 5u);
}

TEST(BusActivity, TellsEachChangeInOrderWhenSomeoneListens) {
    BusActivity activity;
    bool listening = false;
    std::vector<std::string> told;
    activity.on_change([&] { return listening; }, [&](const json::Value& entry) {
        std::string statuses;
        for (const json::Value& m : entry.find("matches")->as_array())
            for (const json::Value& d : m.find("deliveries")->as_array()) statuses += std::string(d.find("status")->as_string()) + " ";
        told.push_back(std::to_string(entry.find("id")->as_int()) + ": " + statuses +
                       (entry.find("error") ? std::string(entry.find("error")->as_string()) : ""));
    });
    activity.event_put(put(1, {"log"}));
    listening = true;
    activity.event_put(put(2, {"log"}));
    activity.delivery_changed({2, kRule, "log", events::DeliveryStatus::Failed, 1, "down", "", 0});
    activity.delivery_changed({2, kRule, "log", events::DeliveryStatus::Delivered, 2, "", "", 0});
    activity.put_failed(1, "The event could not be stored: disk full");
    EXPECT_EQ(told, (std::vector<std::string>{"2: pending ", "2: failed ", "2: delivered ",
                                              "1: pending The event could not be stored: disk full"}));
}

std::pair<int, json::Value> get(const BusActivity& activity, const std::string& query,
                                const std::string& path = std::string(kBusEventsPath)) {
    Request request;
    request.method = "GET";
    request.path = path;
    request.query = query;
    Response response;
    serve_bus_events(activity, request, [&](Response r) { response = std::move(r); });
    return {response.status, json::parse(response.body)};
}

TEST(BusEventsRoute, ServesThePageAndNamesBadParameters) {
    BusActivity activity(BusActivity::Limits{2, 1u << 20});
    for (int i = 1; i <= 3; ++i) activity.event_put(put(i));
    auto [status, body] = get(activity, "limit=1&after=1");
    EXPECT_EQ(status, 200);
    EXPECT_EQ(body.find("dropped")->as_int(), 1);
    ASSERT_EQ(body.find("events")->size(), 1u);
    EXPECT_EQ(body.find("events")->as_array()[0].find("id")->as_int(), 2);

    for (const std::string& query : {"limit=0", "limit=x", "limit=10001", "after=-1", "after=", "since=1"}) {
        auto [bad, error] = get(activity, query);
        EXPECT_EQ(bad, 400) << query;
        EXPECT_EQ(error.find("__type")->as_string(), "ValidationException") << query;
        std::string name = query.substr(0, query.find('='));
        EXPECT_NE(std::string(error.find("message")->as_string()).find(name), std::string::npos) << query;
    }
    EXPECT_EQ(get(activity, "", "/ui/bus/nothing").first, 404);
}

}  // namespace
}  // namespace stepwise::api
