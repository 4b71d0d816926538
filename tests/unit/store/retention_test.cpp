// Retention of closed executions: AWS keeps an execution 90 days after it
// closes; the store deletes older ones in small batches and gives the space
// back to the file system.
// https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/retention.h"
#include "store_test_util.h"

using namespace stepwise::store;
using namespace stepwise::store::testing;

namespace {

constexpr int64_t kDay = 24LL * 60 * 60 * 1000;
constexpr int64_t kNow = 1'800'000'000'000;

ExecutionRecord closed(const std::string& name, int64_t stop_ms, const std::string& status = "SUCCEEDED") {
    ExecutionRecord record = execution(name, stop_ms - 1000, "arn:aws:states:us-east-1:123456789012:stateMachine:m",
                                       status);
    record.stop_ms = stop_ms;
    record.output = std::string(20000, 'x');  // some pages to give back
    return record;
}

class Retention : public ::testing::TestWithParam<bool> {
protected:
    void SetUp() override { store = open_sqlite(GetParam() ? dir.file("db/stepwise.db") : ":memory:"); }

    void put(const ExecutionRecord& record) { store->apply({step(record, 0, 5)}); }

    TempDir dir;
    std::unique_ptr<Store> store;
};

TEST_P(Retention, DeletesOnlyExecutionsClosedBeforeTheCutOffWithTheirHistoryAndJournal) {
    put(closed("old-ok", kNow - 91 * kDay));
    put(closed("old-failed", kNow - 100 * kDay, "FAILED"));
    put(closed("recent", kNow - 89 * kDay));
    ExecutionRecord running = execution("running", kNow - 200 * kDay);
    put(running);
    ExecutionRecord old_ok = closed("old-ok", kNow - 91 * kDay);

    EXPECT_EQ(store->delete_closed_executions(kNow - 90 * kDay, 1), 1u);  // the oldest first
    EXPECT_FALSE(store->get_execution(closed("old-failed", 0).arn));
    EXPECT_EQ(store->delete_closed_executions(kNow - 90 * kDay, 10), 1u);
    EXPECT_FALSE(store->get_execution(old_ok.arn));
    EXPECT_TRUE(store->journal(old_ok.arn).empty());
    EXPECT_TRUE(store->journal(old_ok.arn).empty());
    EXPECT_EQ(store->delete_closed_executions(kNow - 90 * kDay, 10), 0u);

    EXPECT_TRUE(store->get_execution(closed("recent", 0).arn));
    EXPECT_EQ(store->journal(closed("recent", 0).arn).size(), 5u);
    ASSERT_TRUE(store->get_execution(running.arn));  // RUNNING is never deleted
    EXPECT_EQ(store->journal(running.arn).size(), 5u);
    // The name of a deleted execution can be used again.
    put(closed("old-ok", kNow));
    EXPECT_EQ(store->journal(old_ok.arn).size(), 5u);
}

TEST_P(Retention, ASweepDeletesInBatchesAndGivesThePagesBack) {
    for (int i = 0; i < 25; ++i) put(closed("old-" + std::to_string(i), kNow - 120 * kDay + i));
    put(closed("recent", kNow - kDay));
    RetentionOptions options;
    options.now_ms = [] { return kNow; };
    options.batch = 7;
    SweepResult result = sweep_closed_executions(*store, options);
    EXPECT_EQ(result.deleted, 25u);
    if (GetParam()) {
        EXPECT_EQ(result.free_pages_left, 0);  // a new file vacuums incrementally
    }
    EXPECT_TRUE(store->get_execution(closed("recent", 0).arn));

    options.retention_days = 0;  // keep everything
    put(closed("old-again", kNow - 120 * kDay));
    EXPECT_EQ(sweep_closed_executions(*store, options).deleted, 0u);
    EXPECT_TRUE(store->get_execution(closed("old-again", 0).arn));
}

TEST_P(Retention, AfterSweepRunsOnceTheExecutionsAreGone) {
    put(closed("old", kNow - 91 * kDay));
    RetentionOptions options;
    options.now_ms = [] { return kNow; };
    int calls = 0;
    bool old_was_gone = false;
    options.after_sweep = [&] {
        ++calls;
        old_was_gone = !store->get_execution(closed("old", 0).arn);
    };
    EXPECT_EQ(sweep_closed_executions(*store, options).deleted, 1u);
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(old_was_gone);
}

TEST_P(Retention, TheSweeperSweepsWhenItStarts) {
    put(closed("old", kNow - 91 * kDay));
    RetentionOptions options;
    options.now_ms = [] { return kNow; };
    RetentionSweeper sweeper(*store, options);
    for (int i = 0; i < 2000 && store->get_execution(closed("old", 0).arn); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_FALSE(store->get_execution(closed("old", 0).arn));
}

TEST_P(Retention, VacuumLeavesNoFreePages) {
    for (int i = 0; i < 10; ++i) put(closed("old-" + std::to_string(i), kNow - 120 * kDay));
    EXPECT_EQ(store->delete_closed_executions(kNow, 100), 10u);
    store->vacuum();
    EXPECT_EQ(store->release_free_pages(0), 0);
}

INSTANTIATE_TEST_SUITE_P(InMemoryAndFile, Retention, ::testing::Bool());

}  // namespace
