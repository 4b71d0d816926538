// Archives and replays on an EventBus with a store: what is archived (by
// pattern, never a replayed event, with the PutEvents transaction), windows,
// retention, a replay's `replay-name` and FilterArns, and a RUNNING replay
// resumed from its cursor after a restart.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-replay-archived-event.html
#include <gtest/gtest.h>

#include <filesystem>

#include "bus_test_helpers.h"
#include "events/bus/event_bus.h"
#include "events/bus/replay.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

using testing::read_lines;
using testing::target;

constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kBase = 1'780'000'000'000;  // 2026-05-28T..Z, whole seconds

class ArchiveTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("stepwise-archive-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        store_ = store::open_sqlite(":memory:");
        open_bus();
    }
    void TearDown() override {
        bus_.reset();
        std::filesystem::remove_all(dir_);
    }
    void open_bus() {
        bus_.reset();
        BusOptions options;
        options.data_dir = dir_.string();
        options.store = store_.get();
        options.now_ms = [this] { return now_; };
        options.backoff_scale = 0;
        bus_ = std::make_unique<EventBus>(options);
    }
    void log_rule(const std::string& name, const std::string& pattern) {
        bus_->put_rule({.name = name, .event_pattern = pattern});
        bus_->put_targets("default", name,
                          {target(R"({"Id":"log","Arn":"arn:aws:logs:us-east-1:123456789012:log-group:)" + name +
                                  R"("})")});
    }
    std::string put(int n, const std::string& type, int64_t time_ms) {
        EventEntry entry;
        entry.source = "shop";
        entry.detail_type = type;
        entry.detail = R"({"n":)" + std::to_string(n) + "}";
        entry.time_ms = time_ms;
        auto results = bus_->put_events({entry});
        EXPECT_TRUE(results.at(0).ok()) << results.at(0).error_message;
        return results.at(0).event_id;
    }
    ArchiveSpec archive(const std::string& name, const std::string& pattern, int64_t retention_days = 0) {
        ArchiveSpec spec;
        spec.name = name;
        spec.source_arn = "arn:aws:events:us-east-1:123456789012:event-bus/default";
        spec.event_pattern = pattern;
        spec.retention_days = retention_days;
        return bus_->archives()->create(spec, now_);
    }
    std::vector<json::Value> log(const std::string& name) {
        EXPECT_TRUE(bus_->wait_idle(std::chrono::seconds(10)));
        return read_lines(dir_ / "logs" / (name + ".jsonl"));
    }

    std::filesystem::path dir_;
    std::unique_ptr<store::Store> store_;
    std::unique_ptr<EventBus> bus_;
    int64_t now_ = kBase + 10 * kDayMs;
};

TEST_F(ArchiveTest, ArchivesTheMatchingEventsInTimeOrder) {
    ArchiveSpec orders = archive("orders", R"({"detail-type":["OrderPlaced"]})");
    archive("everything", "");
    put(2, "OrderPlaced", kBase + 2000);
    put(1, "OrderPlaced", kBase + 1000);
    put(3, "OrderShipped", kBase + 3000);
    EXPECT_EQ(bus_->archives()->find("orders")->event_count, 2);
    EXPECT_EQ(bus_->archives()->find("everything")->event_count, 3);
    EXPECT_GT(bus_->archives()->find("orders")->size_bytes, 0);

    auto window = bus_->archives()->window(orders, kBase, kBase + 5000, "", 10);
    ASSERT_EQ(window.size(), 2u);
    EXPECT_EQ(window[0].event.find("detail")->find("n")->as_int(), 1);  // by the event's time, not arrival
    EXPECT_EQ(window[1].time_ms, kBase + 2000);
    // [start, end): an event at the end is left out; paging resumes after a cursor.
    EXPECT_EQ(bus_->archives()->window(orders, kBase + 1000, kBase + 2000, "", 10).size(), 1u);
    EXPECT_EQ(bus_->archives()->window(orders, kBase, kBase + 5000, window[0].id, 10).size(), 1u);

    // Counted again from the store at the next start.
    open_bus();
    EXPECT_EQ(bus_->archives()->find("orders")->event_count, 2);
    EXPECT_EQ(bus_->archives()->find("everything")->event_count, 3);
}

TEST_F(ArchiveTest, ArchivesStatusChangesAndEventsForwardedFromAnotherBus) {
    bus_->create_bus("audit");
    ArchiveSpec audit;
    audit.name = "audit";
    audit.source_arn = "arn:aws:events:us-east-1:123456789012:event-bus/audit";
    bus_->archives()->create(audit, now_);
    archive("default", R"({"source":["aws.states"]})");
    bus_->put_rule({.name = "fwd", .event_pattern = R"({"source":["shop"]})"});
    bus_->put_targets("", "fwd", {target(R"({"Id":"b","Arn":"arn:aws:events:us-east-1:123456789012:event-bus/audit"})")});
    put(1, "OrderPlaced", kBase);
    ASSERT_TRUE(bus_->wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(bus_->archives()->find("audit")->event_count, 1);  // forwarded to audit, archived there

    // A status change is archived in the writes its caller commits with the step.
    json::Value status = make_event("s1", "Step Functions Execution Status Change", "aws.states", "123456789012",
                                    "us-east-1", kBase, {}, json::parse(R"({"status":"RUNNING"})"));
    StagedDeliveries staged = bus_->stage_publish("default", status, "arn:aws:states:::execution:m:e");
    ASSERT_EQ(staged.writes.size(), 1u);  // no rule matches: only the archive's document
    store_->apply(staged.writes);
    staged.release();
    auto archived = bus_->archives()->window(*bus_->archives()->find("default"), 0, now_, "", 10);
    ASSERT_EQ(archived.size(), 1u);
    EXPECT_EQ(archived[0].event.find("id")->as_string(), "s1");
}

TEST_F(ArchiveTest, RefusesBadArchives) {
    archive("a", "");
    EXPECT_THROW(archive("a", ""), BusError);
    try {
        archive("b", R"({"source":"not a list"})");
        FAIL();
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "InvalidEventPatternException");
    }
    try {
        archive(std::string(49, 'x'), "");
        FAIL();
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "ValidationException");
    }
    EXPECT_THROW(bus_->archives()->update("ghost", {}), BusError);
    EXPECT_THROW(bus_->archives()->remove("ghost"), BusError);
}

TEST_F(ArchiveTest, ADeletedArchiveTakesItsEventsAndANewOneStartsEmpty) {
    ArchiveSpec old = archive("a", "");
    put(1, "OrderPlaced", kBase);
    ASSERT_EQ(store_->list_documents(archived_event_kind(old)).size(), 1u);
    bus_->archives()->remove("a");
    // Created again before the old events are gone: it does not see them.
    ArchiveSpec again = archive("a", "");
    EXPECT_EQ(again.event_count, 0);
    EXPECT_TRUE(bus_->archives()->window(again, 0, kBase + kDayMs, "", 10).empty());
    EXPECT_EQ(bus_->archives()->sweep(now_), 1u);  // the old events go with the next sweep
    EXPECT_TRUE(store_->list_documents(archived_event_kind(old)).empty());
    EXPECT_EQ(bus_->archives()->sweep(now_), 0u);
}

// The bus commits an archived event after staging it (the group commit):
// DeleteArchive and its sweep may come in between. The late event must still
// go, and the deletion marker with it once no such write can be in flight.
TEST_F(ArchiveTest, AnEventStagedBeforeDeleteArchiveAndCommittedAfterItsSweepIsPurgedToo) {
    ArchiveSpec old = archive("a", "");
    json::Value event = make_event("late", "OrderPlaced", "shop", "123456789012", "us-east-1", kBase, {},
                                   json::parse(R"({"n":1})"));
    StagedDeliveries staged = bus_->stage_publish("default", event, "PutEvents");
    ASSERT_EQ(staged.writes.size(), 1u);  // its archive document, not committed yet
    bus_->archives()->remove("a");
    EXPECT_EQ(bus_->archives()->sweep(now_), 0u);
    store_->apply(staged.writes);  // committed after the sweep
    staged.release();
    EXPECT_EQ(bus_->archives()->sweep(now_), 1u);
    EXPECT_TRUE(store_->list_documents(archived_event_kind(old)).empty());
    // The marker outlives this run only: the next start drops it.
    EXPECT_EQ(store_->list_documents("event_archive_deleted").size(), 1u);
    open_bus();
    EXPECT_EQ(bus_->archives()->sweep(now_), 0u);
    EXPECT_TRUE(store_->list_documents("event_archive_deleted").empty());
}

TEST_F(ArchiveTest, RetentionDropsOnlyEventsOlderThanItsDays) {
    ArchiveSpec kept = archive("kept", "", 0);
    ArchiveSpec week = archive("week", "", 7);
    put(1, "OrderPlaced", kBase);               // 10 days before now
    put(2, "OrderPlaced", kBase + 5 * kDayMs);  // 5 days before now
    EXPECT_EQ(bus_->archives()->sweep(now_), 1u);
    EXPECT_EQ(bus_->archives()->find("week")->event_count, 1);
    EXPECT_EQ(bus_->archives()->find("kept")->event_count, 2);
    auto left = bus_->archives()->window(week, 0, now_, "", 10);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].event.find("detail")->find("n")->as_int(), 2);
    EXPECT_EQ(bus_->archives()->window(kept, 0, now_, "", 10).size(), 2u);
}

TEST_F(ArchiveTest, AReplayGoesToTheFilterRulesWithReplayNameAndIsNotArchived) {
    log_rule("live", R"({"source":["shop"]})");
    log_rule("replays", R"({"source":["shop"],"replay-name":[{"exists":true}]})");
    ArchiveSpec a = archive("a", "");
    std::string first = put(1, "OrderPlaced", kBase + 1000);
    put(2, "OrderPlaced", kBase + 2000);
    ASSERT_EQ(log("live").size(), 2u);

    Replays replays(*store_, *bus_, *bus_->archives());
    replays.resume();
    ReplaySpec spec;
    spec.name = "r1";
    spec.archive_arn = a.arn;
    spec.archive_name = "a";
    spec.destination_arn = a.source_arn;
    spec.filter_arns = {bus_->find_rule("default", "replays")->arn};
    spec.event_start_ms = kBase;
    spec.event_end_ms = kBase + 1500;
    replays.start(spec);
    ASSERT_TRUE(replays.wait_idle(std::chrono::seconds(10)));
    ReplaySpec done = *replays.find("r1");
    EXPECT_EQ(done.state, "COMPLETED");
    EXPECT_EQ(done.last_replayed_ms, kBase + 1000);

    auto replayed = log("replays");
    ASSERT_EQ(replayed.size(), 1u);
    EXPECT_EQ(replayed[0].find("id")->as_string(), first);
    EXPECT_EQ(replayed[0].find("replay-name")->as_string(), "r1");
    EXPECT_EQ(log("live").size(), 2u);                            // not a FilterArns rule
    EXPECT_EQ(bus_->archives()->find("a")->event_count, 2);       // not archived again
    EXPECT_THROW(replays.start(spec), BusError);                  // the name is taken
    try {
        replays.cancel("r1");
        FAIL();
    } catch (const BusError& e) {
        EXPECT_EQ(e.code(), "IllegalStatusException");
    }
}

TEST_F(ArchiveTest, ARunningReplayResumesAfterItsCursorAtTheNextStart) {
    log_rule("replays", R"({"source":["shop"],"replay-name":[{"exists":true}]})");
    ArchiveSpec a = archive("a", "");
    for (int n = 1; n <= 3; ++n) put(n, "OrderPlaced", kBase + n * 1000);
    auto events = bus_->archives()->window(a, 0, now_, "", 10);
    ASSERT_EQ(events.size(), 3u);
    // As a stop would have left it: RUNNING, the first event replayed.
    ReplaySpec spec;
    spec.name = "r2";
    spec.arn = "arn:aws:events:us-east-1:123456789012:replay/r2";
    spec.archive_arn = a.arn;
    spec.archive_name = "a";
    spec.destination_arn = a.source_arn;
    spec.event_start_ms = 0;
    spec.event_end_ms = now_;
    spec.state = "RUNNING";
    spec.cursor = events[0].id;
    store_->apply({store::PutDocument{{"event_replay", "r2", json::dump(replay_to_json(spec)), 0}}});

    Replays replays(*store_, *bus_, *bus_->archives());
    replays.resume();
    ASSERT_TRUE(replays.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(replays.find("r2")->state, "COMPLETED");
    auto replayed = log("replays");
    ASSERT_EQ(replayed.size(), 2u);
    EXPECT_EQ(replayed[0].find("detail")->find("n")->as_int(), 2);
    EXPECT_EQ(replayed[1].find("detail")->find("n")->as_int(), 3);
}

TEST_F(ArchiveTest, ACancelledReplayEndsCancelledWithoutReplaying) {
    log_rule("replays", R"({"source":["shop"],"replay-name":[{"exists":true}]})");
    ArchiveSpec a = archive("a", "");
    put(1, "OrderPlaced", kBase);
    Replays replays(*store_, *bus_, *bus_->archives());  // not resumed yet: the replay waits in its queue
    ReplaySpec spec;
    spec.name = "r4";
    spec.archive_arn = a.arn;
    spec.archive_name = "a";
    spec.destination_arn = a.source_arn;
    spec.event_end_ms = now_;
    EXPECT_EQ(replays.start(spec).state, "STARTING");
    EXPECT_EQ(replays.cancel("r4").state, "CANCELLING");
    replays.resume();
    ASSERT_TRUE(replays.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(replays.find("r4")->state, "CANCELLED");
    EXPECT_TRUE(replays.find("r4")->replay_end_ms.has_value());
    EXPECT_TRUE(log("replays").empty());
}

TEST_F(ArchiveTest, AReplayOfADeletedArchiveFails) {
    ArchiveSpec a = archive("a", "");
    Replays replays(*store_, *bus_, *bus_->archives());
    bus_->archives()->remove("a");
    ReplaySpec spec;
    spec.name = "r3";
    spec.archive_arn = a.arn;
    spec.archive_name = "a";
    spec.destination_arn = a.source_arn;
    spec.event_end_ms = now_;
    replays.start(spec);
    replays.resume();
    ASSERT_TRUE(replays.wait_idle(std::chrono::seconds(10)));
    EXPECT_EQ(replays.find("r3")->state, "FAILED");
    EXPECT_EQ(replays.find("r3")->state_reason, "Archive a does not exist.");
}

}  // namespace
}  // namespace stepwise::events
