// Delivery to targets under faults (issue 11 item 5): each target has its own
// bounded lane, AWS's retry policy, dead letters, deliveries kept in the
// store across a restart, bus loops cut after one hop, and http:// targets
// only to allowed hosts.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "bus_test_helpers.h"
#include "events/bus/event_bus.h"
#include "events/bus/target_host_guard.h"
#include "json/parse.h"
#include "store/store.h"

namespace stepwise::events {
namespace {

namespace fs = std::filesystem;

using testing::read_lines;
using testing::target;

EventEntry entry(int n) {
    EventEntry e;
    e.source = "shop";
    e.detail_type = "Order Placed";
    e.detail = R"({"n":)" + std::to_string(n) + "}";
    return e;
}

// Polls `done` up to a generous hang guard (no timing assertion).
template <class F>
bool eventually(F done) {
    for (int i = 0; i < 2000; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

const char* kLambda = "arn:aws:lambda:us-east-1:123456789012:function:f";
const char* kLogGroup = "arn:aws:logs:us-east-1:123456789012:log-group:orders";

class TargetLanesTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("stepwise-lanes-" + std::to_string(::getpid()) + "-" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir);
        fs::create_directories(dir);
        options.data_dir = dir.string();
        options.now_ms = [this] { return now.load(); };
        options.backoff_scale = 0;
        options.log = [](const std::string&) {};
    }
    void TearDown() override { fs::remove_all(dir); }

    void add_rule(EventBus& bus, const std::vector<std::string>& targets) {
        bus.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
        std::vector<TargetSpec> specs;
        for (const auto& t : targets) specs.push_back(target(t));
        bus.put_targets("", "r", specs);
    }

    fs::path dir;
    std::atomic<int64_t> now{1'700'000'000'000};
    BusOptions options;
};

// Before: two shared workers; a target whose call hangs held both, and the
// log group got nothing (11 of 284,457 events in the audit).
TEST_F(TargetLanesTest, ADeadTargetDoesNotDelayALogGroup) {
    std::mutex mutex;
    std::condition_variable released_cv;
    bool released = false;
    options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) {
        std::unique_lock lock(mutex);
        released_cv.wait(lock, [&] { return released; });  // an unreachable target, until the test ends
        done("unreachable");
    };
    {
        EventBus bus(options);
        add_rule(bus, {std::string(R"({"Id":"dead","Arn":")") + kLambda + R"(","RetryPolicy":{"MaximumRetryAttempts":0}})",
                       std::string(R"({"Id":"log","Arn":")") + kLogGroup + R"("})"});
        for (int i = 0; i < 50; ++i) bus.put_events({entry(i)});
        EXPECT_TRUE(eventually([&] { return read_lines(dir / "logs" / "orders.jsonl").size() == 50; }));
        {
            std::lock_guard lock(mutex);
            released = true;
        }
        released_cv.notify_all();
        EXPECT_TRUE(bus.wait_idle(std::chrono::seconds(20)));
    }
}

// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html
TEST_F(TargetLanesTest, MaximumRetryAttemptsZeroIsOneTryThenADeadLetter) {
    std::atomic<int> calls{0};
    options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) {
        ++calls;
        done("Lambda.ServiceException");
    };
    EventBus bus(options);
    add_rule(bus, {std::string(R"({"Id":"fn","Arn":")") + kLambda + R"(","RetryPolicy":{"MaximumRetryAttempts":0}})"});
    bus.put_events({entry(1)});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(calls.load(), 1);
    auto dead = read_lines(bus.dead_letter_file());
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_EQ(dead[0].find("exhaustedRetryCondition")->as_string(), "MaximumRetryAttempts");
    EXPECT_EQ(dead[0].find("messageAttributes")->find("RETRY_ATTEMPTS")->as_int(), 0);
}

// Retries stop once the event is MaximumEventAgeInSeconds old, whatever
// attempts are left (the clock is injected: each attempt "takes" 30 minutes).
TEST_F(TargetLanesTest, RetriesStopAtTheEventAgeLimit) {
    std::atomic<int> calls{0};
    options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) {
        ++calls;
        now += 30 * 60 * 1000;
        done("timeout");
    };
    EventBus bus(options);
    add_rule(bus, {std::string(R"({"Id":"fn","Arn":")") + kLambda +
                   R"(","RetryPolicy":{"MaximumRetryAttempts":185,"MaximumEventAgeInSeconds":3600}})"});
    bus.put_events({entry(1)});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(calls.load(), 2);
    auto dead = read_lines(bus.dead_letter_file());
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_EQ(dead[0].find("exhaustedRetryCondition")->as_string(), "MaximumEventAgeInSeconds");
}

// Outside AWS's ranges a retry policy is refused (before: taken as given, so
// 10^9 retries or an age that overflowed in milliseconds).
TEST_F(TargetLanesTest, RetryPolicyOutsideAwsRangesIsRefused) {
    for (const char* policy : {R"({"MaximumRetryAttempts":186})", R"({"MaximumRetryAttempts":-1})",
                               R"({"MaximumEventAgeInSeconds":59})", R"({"MaximumEventAgeInSeconds":86401})",
                               R"({"MaximumRetryAttempts":1.5})"}) {
        try {
            target(std::string(R"({"Id":"fn","Arn":")") + kLambda + R"(","RetryPolicy":)" + policy + "}");
            ADD_FAILURE() << policy << " was accepted";
        } catch (const BusError& e) {
            EXPECT_EQ(e.code(), "ValidationException") << policy;
        }
    }
    EXPECT_EQ(target(std::string(R"({"Id":"fn","Arn":")") + kLambda +
                     R"(","RetryPolicy":{"MaximumRetryAttempts":185,"MaximumEventAgeInSeconds":60}})")
                  .retry_policy.maximum_event_age_seconds,
              60);
}

TEST_F(TargetLanesTest, BackOffIsExponentialWithJitterAndCapped) {
    EXPECT_EQ(TargetDispatcher::backoff_ms(1), 1000);
    EXPECT_EQ(TargetDispatcher::backoff_ms(3), 4000);
    EXPECT_EQ(TargetDispatcher::backoff_ms(185), 300000);
}

// With a store, a target that is far behind keeps at most lane_capacity
// deliveries in memory; the rest wait in the store.
TEST_F(TargetLanesTest, ALaneHoldsAtMostItsCapacityInMemory) {
    auto store = store::open_sqlite(":memory:");
    options.store = store.get();
    options.lane_capacity = 4;
    options.backoff_scale = 1;  // retries wait a second or more: the lane stays full
    options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) { done("unreachable"); };
    EventBus bus(options);
    add_rule(bus, {std::string(R"({"Id":"dead","Arn":")") + kLambda + R"("})"});
    for (int i = 0; i < 100; ++i) {
        auto results = bus.put_events({entry(i)});
        ASSERT_TRUE(results[0].ok());
        EXPECT_LE(bus.deliveries_in_memory(), 4u);
    }
    std::string lane = "arn:aws:events:us-east-1:123456789012:rule/r#dead";
    EXPECT_EQ(store->list_documents(DeliveryJournal::kind_of(lane)).size(), 100u);
}

// What waits in the store is paged in as the lane drains: everything is delivered.
TEST_F(TargetLanesTest, ASpilledLaneDeliversEverythingOnceItDrains) {
    auto store = store::open_sqlite(":memory:");
    options.store = store.get();
    options.lane_capacity = 4;
    std::mutex mutex;
    std::condition_variable released_cv;
    bool released = false;
    std::multiset<std::string> delivered;
    options.callbacks.invoke_lambda = [&](std::string, std::string input, DeliveryDone done) {
        std::unique_lock lock(mutex);
        released_cv.wait(lock, [&] { return released; });
        delivered.insert(std::string(json::parse(input).find("id")->as_string()));
        done("");
    };
    EventBus bus(options);
    add_rule(bus, {std::string(R"({"Id":"slow","Arn":")") + kLambda + R"("})"});
    std::multiset<std::string> accepted;
    for (int i = 0; i < 100; ++i) accepted.insert(bus.put_events({entry(i)})[0].event_id);
    EXPECT_LE(bus.deliveries_in_memory(), 4u);
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    released_cv.notify_all();
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(20)));
    std::lock_guard lock(mutex);
    EXPECT_EQ(delivered, accepted);  // each once
    EXPECT_TRUE(store->list_documents(DeliveryJournal::kind_of("arn:aws:events:us-east-1:123456789012:rule/r#slow")).empty());
}

// Without a store, what does not fit is written as a dead letter, never dropped silently.
TEST_F(TargetLanesTest, WithoutAStoreAFullLaneDeadLetters) {
    options.lane_capacity = 4;
    options.backoff_scale = 1;
    options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) { done("unreachable"); };
    {
        EventBus bus(options);
        add_rule(bus, {std::string(R"({"Id":"dead","Arn":")") + kLambda + R"("})"});
        for (int i = 0; i < 20; ++i) bus.put_events({entry(i)});
        EXPECT_LE(bus.deliveries_in_memory(), 4u);
        auto dead = read_lines(bus.dead_letter_file());
        ASSERT_GE(dead.size(), 16u);
        EXPECT_NE(dead[0].find("error")->as_string().find("queue is full"), std::string::npos);
    }
    // Stopping writes the ones still held as dead letters too: all 20 are accounted for.
    EXPECT_EQ(read_lines(dir / "dead-letters.jsonl").size(), 20u);
}

// Accepted deliveries are in the store before put_events returns; a new bus
// on the reopened store delivers them (at least once), then deletes them.
TEST_F(TargetLanesTest, DeliveriesSurviveAReopenOfTheStore) {
    std::string db = (dir / "stepwise.db").string();
    std::set<std::string> accepted;
    {
        auto store = store::open_sqlite(db);
        options.store = store.get();
        options.backoff_scale = 1;
        options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) { done("down"); };
        EventBus bus(options);
        add_rule(bus, {std::string(R"({"Id":"fn","Arn":")") + kLambda + R"("})"});
        for (int i = 0; i < 20; ++i) accepted.insert(bus.put_events({entry(i)})[0].event_id);
    }
    auto store = store::open_sqlite(db);
    options.store = store.get();
    std::mutex mutex;
    std::set<std::string> delivered;
    options.callbacks.invoke_lambda = [&](std::string, std::string input, DeliveryDone done) {
        std::lock_guard lock(mutex);
        delivered.insert(std::string(json::parse(input).find("id")->as_string()));
        done("");
    };
    EventBus bus(options);
    EXPECT_EQ(bus.recover_deliveries(), 1u);
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(20)));
    EXPECT_EQ(delivered, accepted);
    EXPECT_TRUE(store->list_documents(DeliveryJournal::kind_of("arn:aws:events:us-east-1:123456789012:rule/r#fn")).empty());
}

// A rule that sends events to its own bus: AWS delivers to an event bus
// target once and dead-letters the next hop (THIRD_ACCOUNT_HOP_DETECTED), so
// the loop ends after one extra copy.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-target-bus.html
TEST_F(TargetLanesTest, ARuleThatTargetsItsOwnBusDoesNotLoop) {
    EventBus bus(options);
    add_rule(bus, {R"({"Id":"self","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default"})",
                   std::string(R"({"Id":"log","Arn":")") + kLogGroup + R"("})"});
    bus.put_events({entry(1)});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(read_lines(dir / "logs" / "orders.jsonl").size(), 2u);  // the event, and its one forwarded copy
    auto dead = read_lines(bus.dead_letter_file());
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_NE(dead[0].find("error")->as_string().find("THIRD_ACCOUNT_HOP_DETECTED"), std::string::npos);
}

TEST_F(TargetLanesTest, TwoBusesForwardingToEachOtherStop) {
    EventBus bus(options);
    bus.create_bus("b");
    add_rule(bus, {R"({"Id":"to-b","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/b"})"});
    bus.put_rule({.name = "back", .bus_name = "b", .event_pattern = R"({"source":["shop"]})"});
    bus.put_targets("b", "back", {target(R"({"Id":"to-default","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/default"})")});
    bus.put_events({entry(1)});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(read_lines(bus.dead_letter_file()).size(), 1u);
}

TEST_F(TargetLanesTest, HttpTargetsReachOnlyAllowedHosts) {
    std::atomic<int> posts{0};
    options.callbacks.http_request = [&](HttpCall call, std::function<void(HttpAnswer)> done) {
        // The input, POSTed as JSON.
        EXPECT_EQ(call.method, "POST");
        EXPECT_EQ(call.url, "http://127.0.0.1:9/hook");
        EXPECT_EQ(call.headers, (std::vector<std::pair<std::string, std::string>>{{"Content-Type", "application/json"}}));
        EXPECT_EQ(json::parse(call.body).find("source")->as_string(), "shop");
        ++posts;
        done(HttpAnswer{204, "", ""});
    };
    EventBus bus(options);
    bus.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
    try {
        bus.put_targets("", "r", {target(R"({"Id":"h","Arn":"http://example.com:8080/hook"})")});
        FAIL() << "a host that is not allowed was accepted";
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "ValidationException");
        EXPECT_NE(std::string(e.what()).find("example.com"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("--allow-target-host"), std::string::npos);
    }
    bus.put_targets("", "r", {target(R"({"Id":"local","Arn":"http://127.0.0.1:9/hook"})")});
    // Loaded from the store after the options changed: kept, and refused at delivery.
    bus.put_targets("", "r", {target(R"({"Id":"old","Arn":"http://10.1.2.3/hook"})")}, false);
    bus.put_events({entry(1)});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(posts.load(), 1);
    auto dead = read_lines(bus.dead_letter_file());
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_NE(dead[0].find("error")->as_string().find("10.1.2.3"), std::string::npos);

    options.allowed_target_hosts = {"Example.com"};
    EventBus allowing(options);
    allowing.put_rule({.name = "r", .event_pattern = R"({"source":["shop"]})"});
    EXPECT_NO_THROW(allowing.put_targets("", "r", {target(R"({"Id":"h","Arn":"http://example.com:8080/hook"})")}));
}

TEST_F(TargetLanesTest, HttpTargetErrorStatusOrNoAnswerFailsTheAttempt) {
    std::atomic<int> calls{0};
    options.callbacks.http_request = [&](HttpCall, std::function<void(HttpAnswer)> done) {
        int n = calls++;
        done(n == 0 ? HttpAnswer{503, "busy", ""} : n == 1 ? HttpAnswer{0, "", "refused"} : HttpAnswer{200, "", ""});
    };
    EventBus bus(options);
    add_rule(bus, {R"({"Id":"h","Arn":"http://127.0.0.1:9/hook"})"});
    bus.put_events({entry(1)});
    ASSERT_TRUE(bus.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(calls.load(), 3);
    EXPECT_TRUE(read_lines(bus.dead_letter_file()).empty());
}

TEST(TargetHostGuardTest, HostsAndLoopback) {
    EXPECT_EQ(TargetHostGuard::host_of("http://Example.COM:8080/a?b#c"), "example.com");
    EXPECT_EQ(TargetHostGuard::host_of("http://user:pw@example.com/"), "");
    EXPECT_EQ(TargetHostGuard::host_of("http://example.com?@127.0.0.1/"), "");
    EXPECT_EQ(TargetHostGuard::host_of("http://[::1]:80/"), "::1");
    EXPECT_EQ(TargetHostGuard::host_of("http://h"), "h");
    TargetHostGuard guard;
    EXPECT_FALSE(guard.refusal("http://127.0.0.1:9/"));
    EXPECT_FALSE(guard.refusal("http://127.1.2.3/"));
    EXPECT_FALSE(guard.refusal("http://localhost/"));
    EXPECT_FALSE(guard.refusal("http://[::1]:8080/"));
    EXPECT_TRUE(guard.refusal("http://127.0.0.1.evil.example/"));
    EXPECT_TRUE(guard.refusal("http://0.0.0.0/"));
    EXPECT_TRUE(guard.refusal("http://localhost@10.0.0.1/"));
    EXPECT_TRUE(guard.refusal("http://169.254.169.254/latest/meta-data"));
}

}  // namespace
}  // namespace stepwise::events

namespace stepwise::events {
namespace {

// The asynchronous put_events hands its writes to BusOptions::commit (a group
// commit under serve) and answers only once they are committed; when the
// commit fails, the entries that matched a rule fail and nothing is queued.
TEST_F(TargetLanesTest, AsynchronousPutEventsAnswersOnceItsCommitIsDone) {
    auto store = store::open_sqlite(":memory:");
    options.store = store.get();
    std::vector<std::pair<std::vector<store::Write>, std::function<void(const std::string&)>>> commits;
    options.commit = [&](std::vector<store::Write> writes, std::function<void(const std::string&)> done) {
        commits.emplace_back(std::move(writes), std::move(done));
    };
    std::atomic<int> invoked{0};
    options.callbacks.invoke_lambda = [&](std::string, std::string, DeliveryDone done) {
        ++invoked;
        done("");
    };
    EventBus bus(options);
    add_rule(bus, {std::string(R"({"Id":"fn","Arn":")") + kLambda + R"("})"});

    std::optional<std::vector<EntryResult>> first, second;
    bus.put_events({entry(1)}, [&](std::vector<EntryResult> r) { first = std::move(r); });
    bus.put_events({entry(2)}, [&](std::vector<EntryResult> r) { second = std::move(r); });
    ASSERT_EQ(commits.size(), 2u);
    EXPECT_FALSE(first) << "answered before its deliveries were stored";

    store->apply(commits[0].first);
    commits[0].second("");
    ASSERT_TRUE(first);
    EXPECT_TRUE((*first)[0].ok());
    EXPECT_TRUE(eventually([&] { return invoked == 1; }));

    commits[1].second("database or disk is full");
    ASSERT_TRUE(second);
    EXPECT_EQ((*second)[0].error_code, "InternalException");
    EXPECT_TRUE(bus.wait_idle(std::chrono::seconds(5)));
    EXPECT_EQ(invoked, 1);
}

}  // namespace
}  // namespace stepwise::events
