// Map Run records in the store: restored at start, written on start, on end,
// and in between at most once per interval of the (here fake) wall clock.
#include "api/sfn/map_run_records.h"

#include <gtest/gtest.h>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

using tasks::map_run::MapRunInfo;
using tasks::map_run::MapRunRegistry;

constexpr const char* kRun = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:1";

MapRunInfo running() {
    MapRunInfo info;
    info.map_run_arn = kRun;
    info.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:orders:parent";
    info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    info.start_ms = 1700000000000;
    info.max_concurrency = 4;
    info.item_counts.total = info.item_counts.pending = 10;
    return info;
}

class MapRunRecords : public ::testing::Test {
protected:
    // The stored record's succeeded item count, or -1 when none is stored.
    int64_t stored_succeeded() {
        auto document = store_->get_document(std::string(kMapRunKind), kRun);
        if (!document) return -1;
        auto info = MapRunInfo::from_json(json::parse(document->body));
        return info ? info->item_counts.succeeded : -1;
    }

    std::unique_ptr<store::Store> store_ = store::open_sqlite(":memory:");
    int64_t now_ms_ = 5000;
};

TEST_F(MapRunRecords, WritesOnStartOnEndAndAtMostEveryInterval) {
    MapRunRegistry registry;
    persist_map_runs(registry, *store_, [this] { return now_ms_; }, 500);
    MapRunInfo info = running();
    registry.started(info, {});
    EXPECT_EQ(stored_succeeded(), 0);

    now_ms_ += 100;
    info.item_counts.succeeded = 1;
    registry.changed(info);
    EXPECT_EQ(stored_succeeded(), 0);  // within the interval: not written

    now_ms_ += 400;
    info.item_counts.succeeded = 2;
    registry.changed(info);
    EXPECT_EQ(stored_succeeded(), 2);

    now_ms_ += 1;
    info.item_counts.succeeded = 10;
    info.status = "SUCCEEDED";
    info.stop_ms = 1700000000600;
    registry.changed(info);
    EXPECT_EQ(stored_succeeded(), 10);  // the end is always written
    auto document = store_->get_document(std::string(kMapRunKind), kRun);
    EXPECT_EQ(document->body, json::dump(registry.describe(kRun)->to_json()));
    EXPECT_EQ(document->created_ms, info.start_ms);

    // A redrive starts it again: written at once.
    now_ms_ += 1;
    info.status = "RUNNING";
    info.stop_ms.reset();
    info.redrive_count = 1;
    info.item_counts.succeeded = 9;
    registry.started(info, {});
    EXPECT_EQ(stored_succeeded(), 9);
}

TEST_F(MapRunRecords, UpdateMapRunIsWrittenLikeAnyChange) {
    MapRunRegistry registry;
    persist_map_runs(registry, *store_, [this] { return now_ms_; }, 500);
    registry.started(running(), {});
    now_ms_ += 500;
    tasks::map_run::MapRunUpdate update;
    update.max_concurrency = 1;
    ASSERT_EQ(registry.update(kRun, update), "");
    auto document = store_->get_document(std::string(kMapRunKind), kRun);
    EXPECT_EQ(MapRunInfo::from_json(json::parse(document->body))->max_concurrency, 1);
}

TEST_F(MapRunRecords, ARestartRestoresEveryRunAsStored) {
    {
        MapRunRegistry before;
        persist_map_runs(before, *store_, [this] { return now_ms_; }, 500);
        MapRunInfo ended = running();
        ended.status = "FAILED";
        ended.stop_ms = ended.start_ms + 10;
        before.started(ended, {});
        MapRunInfo interrupted = running();
        interrupted.map_run_arn = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:2";
        interrupted.start_ms += 1;
        before.started(interrupted, {});
    }
    store_->apply({store::PutDocument{{std::string(kMapRunKind), "junk", "{\"no\":1}", 1}}});

    MapRunRegistry after;
    auto problems = restore_map_runs(*store_, after);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("junk"), std::string::npos);
    auto runs = after.list(running().execution_arn);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[0].status, "FAILED");
    EXPECT_EQ(runs[0].stop_ms, running().start_ms + 10);
    EXPECT_EQ(runs[1].status, "RUNNING");  // its coordinator registers it again when the parent resumes
    EXPECT_EQ(runs[1].state_machine_arn, running().state_machine_arn);
}

TEST_F(MapRunRecords, ARunGoesWithItsParentExecution) {
    MapRunRegistry registry;
    persist_map_runs(registry, *store_, [this] { return now_ms_; }, 500);
    MapRunInfo orphan = running();  // its parent is not in the store (retention deleted it)
    orphan.status = "SUCCEEDED";
    orphan.stop_ms = orphan.start_ms + 10;
    registry.started(orphan, {});
    MapRunInfo kept = running();
    kept.map_run_arn = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:2";
    kept.execution_arn = "arn:aws:states:us-east-1:123456789012:execution:orders:kept";
    kept.status = "FAILED";
    kept.stop_ms = kept.start_ms + 10;
    registry.started(kept, {});
    MapRunInfo live = running();  // still running: never forgotten
    live.map_run_arn = "arn:aws:states:us-east-1:123456789012:mapRun:orders/Fan:3";
    registry.started(live, {});
    store::ExecutionRecord parent;
    parent.arn = kept.execution_arn;
    parent.state_machine_arn = kept.state_machine_arn;
    parent.name = "kept";
    parent.status = "FAILED";
    parent.input = "{}";
    parent.start_ms = kept.start_ms;
    parent.stop_ms = kept.stop_ms;
    store_->apply({store::AppendExecutionStep{parent, 0, {}}});

    EXPECT_EQ(forget_orphaned_map_runs(registry, *store_), 1u);
    EXPECT_FALSE(registry.describe(kRun));
    EXPECT_FALSE(store_->get_document(std::string(kMapRunKind), kRun));
    EXPECT_TRUE(registry.describe(kept.map_run_arn));
    EXPECT_TRUE(store_->get_document(std::string(kMapRunKind), kept.map_run_arn));
    EXPECT_TRUE(registry.describe(live.map_run_arn));
    EXPECT_EQ(forget_orphaned_map_runs(registry, *store_), 0u);
}

}  // namespace
}  // namespace stepwise::api
