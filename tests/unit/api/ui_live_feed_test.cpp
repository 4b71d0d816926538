// The web page's live feed (GET /ui/stream) without HTTP: streams whose text
// is collected, fed status changes and history notices.
#include "api/ui/live_feed.h"

#include <gtest/gtest.h>

#include <mutex>
#include <optional>

namespace stepwise::api {
namespace {

const std::string kArn = "arn:aws:states:us-east-1:123456789012:execution:M:one";

// One stream as the server would open it, its text collected.
struct Opened {
    std::shared_ptr<std::string> text = std::make_shared<std::string>();
    std::shared_ptr<bool> closed = std::make_shared<bool>(false);
    std::shared_ptr<EventStream> stream;
};

std::optional<Response> answer(LiveFeed& feed, const std::string& query, std::string path = "/ui/stream",
                               std::string method = "GET") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = query;
    std::optional<Response> got;
    feed.handle(request, [&](Response r) { got = std::move(r); });
    return got;
}

Opened open(LiveFeed& feed, const std::string& query = "") {
    auto response = answer(feed, query);
    EXPECT_TRUE(response && response->stream);
    Opened o;
    o.stream = std::make_shared<EventStream>([text = o.text](std::string t) { *text += t; },
                                             [closed = o.closed] { *closed = true; });
    response->stream(o.stream);
    return o;
}

store::ExecutionRecord record(const std::string& arn, const std::string& status) {
    store::ExecutionRecord r;
    r.arn = arn;
    r.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:M";
    r.name = "one";
    r.status = status;
    r.start_ms = 1'700'000'000'000;
    return r;
}

TEST(LiveFeed, MapRunChildrenGoOnlyToTheirFollowers) {
    LiveFeed feed;
    const std::string child = "arn:aws:states:us-east-1:123456789012:execution:M/Fan:c1";
    Opened all = open(feed), follower = open(feed, "executionArn=" + child);
    all.text->clear(), follower.text->clear();
    store::ExecutionRecord r = record(child, "SUCCEEDED");
    r.map_run_arn = "arn:aws:states:us-east-1:123456789012:mapRun:M/Fan:1";
    feed.status_changed(r);
    EXPECT_EQ(*all.text, "");
    EXPECT_NE(follower.text->find("\"status\":\"SUCCEEDED\""), std::string::npos) << *follower.text;
}

TEST(LiveFeed, EveryStreamStartsReady) {
    LiveFeed feed;
    EXPECT_EQ(*open(feed).text, "event: ready\ndata: {\"executionArn\":null}\n\n");
    EXPECT_EQ(*open(feed, "executionArn=" + kArn).text,
              "event: ready\ndata: {\"executionArn\":\"" + kArn + "\"}\n\n");
    EXPECT_EQ(feed.open_streams(), 2u);
}

TEST(LiveFeed, StatusChangesGoToEveryStreamHistoryOnlyToItsFollowers) {
    LiveFeed feed;
    Opened all = open(feed), one = open(feed, "executionArn=" + kArn),
           other = open(feed, "executionArn=arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3AM%3Atwo");
    EXPECT_TRUE(feed.wants_history(kArn));
    EXPECT_FALSE(feed.wants_history(kArn + "x"));
    all.text->clear(), one.text->clear(), other.text->clear();

    feed.history_added(runtime::HistoryAdded{kArn, {{1, R"({"id":1,"type":"ExecutionStarted"})"},
                                                    {2, R"({"id":2,"type":"PassStateEntered"})"}}});
    feed.status_changed(record(kArn, "SUCCEEDED"));
    EXPECT_EQ(*one.text,
              "event: history\ndata: {\"executionArn\":\"" + kArn +
                  "\",\"events\":[{\"id\":1,\"type\":\"ExecutionStarted\"},{\"id\":2,\"type\":\"PassStateEntered\"}]}\n\n"
                  "event: execution\ndata: {\"executionArn\":\"" + kArn +
                  "\",\"stateMachineArn\":\"arn:aws:states:us-east-1:123456789012:stateMachine:M\",\"name\":\"one\","
                  "\"status\":\"SUCCEEDED\",\"startDate\":1700000000,\"redriveCount\":0}\n\n");
    EXPECT_EQ(all.text->find("event: history"), std::string::npos);
    EXPECT_NE(all.text->find("\"status\":\"SUCCEEDED\""), std::string::npos) << *all.text;
    EXPECT_EQ(*other.text, "");
}

TEST(LiveFeed, BusActivityGoesToEveryStream) {
    LiveFeed feed;
    BusActivity activity;
    feed.connect(activity);
    Opened all = open(feed), one = open(feed, "executionArn=" + kArn);
    all.text->clear(), one.text->clear();
    events::EventPut put;
    put.event = json::Value(json::Object{{"source", json::Value("shop")}});
    put.sent_by = "PutEvents";
    put.targets.push_back({"arn:aws:events:us-east-1:123456789012:rule/r", "t", "arn:aws:sqs:us-east-1:123456789012:q"});
    uint64_t id = activity.event_put(put);
    activity.delivery_changed({id, "arn:aws:events:us-east-1:123456789012:rule/r", "t",
                               events::DeliveryStatus::Delivered, 1, "", "", 0});
    for (const Opened* stream : {&all, &one}) {
        EXPECT_EQ(stream->text->find("event: bus\ndata: {\"event\":{\"id\":1,"), 0u) << *stream->text;
        size_t second = stream->text->find("event: bus", 1);
        ASSERT_NE(second, std::string::npos) << *stream->text;
        EXPECT_NE(stream->text->find("\"status\":\"delivered\"", second), std::string::npos) << *stream->text;
    }
}

TEST(LiveFeed, AClosedStreamIsForgotten) {
    LiveFeed feed;
    Opened one = open(feed, "executionArn=" + kArn);
    one.stream->connection_closed();  // the client went
    EXPECT_EQ(feed.open_streams(), 0u);
    EXPECT_FALSE(feed.wants_history(kArn));
    feed.status_changed(record(kArn, "FAILED"));  // nothing to send to
}

// A send may end its connection on the sending thread (the write callback's
// reference to it was the last): the stream unsubscribes then, so the feed
// must not be holding its lock while it sends (it deadlocked).
TEST(LiveFeed, AStreamWhoseSendEndsItsConnectionIsForgotten) {
    LiveFeed feed;
    std::optional<Response> response = answer(feed, "");
    ASSERT_TRUE(response && response->stream);
    std::weak_ptr<EventStream> weak;
    int writes = 0;
    auto stream = std::make_shared<EventStream>(
        [&](std::string) {
            if (auto s = weak.lock(); s && ++writes == 2) s->connection_closed();  // the first write after `ready`
        },
        [] {});
    weak = stream;
    response->stream(stream);
    feed.status_changed(record(kArn, "RUNNING"));
    EXPECT_EQ(writes, 2);
    EXPECT_EQ(feed.open_streams(), 0u);
}

TEST(LiveFeed, RefusesOtherPathsMethodsAndParameters) {
    LiveFeed feed;
    EXPECT_EQ(answer(feed, "executionArn=x&limit=5")->status, 400);
    EXPECT_EQ(answer(feed, "", "/ui/streams")->status, 404);
    EXPECT_EQ(answer(feed, "", "/ui/stream", "POST")->status, 404);
    EXPECT_TRUE(answer(feed, "")->stream);
}

TEST(LiveFeed, PausesAndResumesGoToTheirFollowersAndStatusOnlyStreams) {
    LiveFeed feed;
    Opened all = open(feed), one = open(feed, "executionArn=" + kArn),
           other = open(feed, "executionArn=" + kArn + "x");
    all.text->clear(), one.text->clear(), other.text->clear();
    asl::PassState state;
    state.name = "Validate";
    auto pause = std::make_shared<engine::Pause>();
    pause->id = 3;
    pause->state = &state;
    pause->time_ms = 1'700'000'000'500;
    pause->input = json::Value(json::Object{{"orderId", json::Value("o-1")}});
    pause->breakpoints = {{"Validate", false}};
    feed.debug_changed(runtime::DebugNotice{kArn, {pause}, {2}});
    const std::string expected =
        "event: pause\ndata: {\"executionArn\":\"" + kArn +
        "\",\"pause\":{\"pauseId\":3,\"state\":\"Validate\",\"after\":false,\"time\":1700000000.5,"
        "\"input\":{\"orderId\":\"o-1\"},\"context\":null,\"variables\":null,"
        "\"breakpoints\":[{\"state\":\"Validate\",\"after\":false}]}}\n\n"
        "event: resume\ndata: {\"executionArn\":\"" + kArn + "\",\"pauseId\":2}\n\n";
    EXPECT_EQ(*one.text, expected);
    EXPECT_EQ(*all.text, expected);
    EXPECT_EQ(*other.text, "");
}

TEST(EventStream, ClosesAClientThatFallsTooFarBehind) {
    size_t written = 0;
    bool closed = false;
    EventStream stream([&](std::string t) { written += t.size(); }, [&] { closed = true; });
    std::string data(64 * 1024, 'x');
    size_t sent = 0;
    while (stream.send("e", data)) ++sent;  // nothing is ever written to the socket
    EXPECT_TRUE(closed);
    EXPECT_FALSE(stream.is_open());
    EXPECT_LE(written, EventStream::kMaxQueuedBytes);
    EXPECT_GT(written, EventStream::kMaxQueuedBytes - data.size() - 16);
    // A client that keeps up is never closed.
    EventStream reader([&](std::string t) {}, [] {});
    for (int i = 0; i < 1000; ++i) {
        ASSERT_TRUE(reader.send("e", data));
        reader.written(EventStream::frame("e", data).size());
    }
}

}  // namespace
}  // namespace stepwise::api
