// list_executions: order, pages, cursors and filters.
#include <gtest/gtest.h>

#include <set>

#include "store_test_util.h"

using namespace stepwise::store;
using namespace stepwise::store::testing;

namespace {

const std::string machine_a = "arn:aws:states:us-east-1:1:stateMachine:a";
const std::string machine_b = "arn:aws:states:us-east-1:1:stateMachine:b";

class ListExecutions : public ::testing::TestWithParam<bool> {
protected:
    void SetUp() override {
        store = open_sqlite(GetParam() ? dir.file("stepwise.db") : ":memory:");
        // 40 executions over two machines; start times repeat so the ARN
        // tiebreak matters; some through a version or alias; some finished.
        std::vector<Write> batch;
        for (int i = 0; i < 40; ++i) {
            auto record = execution("e" + std::to_string(100 + i), i / 3, i % 2 ? machine_b : machine_a,
                                    i % 4 == 0 ? "SUCCEEDED" : "RUNNING");
            if (i % 5 == 0) record.version_arn = record.state_machine_arn + ":1";
            if (i % 10 == 0) record.alias_arn = record.state_machine_arn + ":live";
            all.push_back(record);
            batch.push_back(step(record));
        }
        store->apply(batch);
    }

    // What a listing must return: matching executions, newest first, ARN descending on ties.
    std::vector<std::string> expected(const std::function<bool(const ExecutionRecord&)>& matches) {
        std::vector<ExecutionRecord> chosen;
        for (const auto& record : all)
            if (matches(record)) chosen.push_back(record);
        std::sort(chosen.begin(), chosen.end(), [](const auto& x, const auto& y) {
            return std::tie(x.start_ms, x.arn) > std::tie(y.start_ms, y.arn);
        });
        std::vector<std::string> arns;
        for (const auto& record : chosen) arns.push_back(record.arn);
        return arns;
    }

    // Every page of a listing, checking each page's size.
    std::vector<std::string> all_pages(const ExecutionFilter& filter, size_t page_size) {
        std::vector<std::string> arns;
        std::string cursor;
        int pages = 0;
        do {
            ExecutionPage page = store->list_executions(filter, page_size, cursor);
            EXPECT_LE(page.executions.size(), page_size);
            if (!page.next_cursor.empty()) {
                EXPECT_EQ(page.executions.size(), page_size);
            }
            for (const auto& record : page.executions) arns.push_back(record.arn);
            cursor = page.next_cursor;
            EXPECT_LT(++pages, 100);
        } while (!cursor.empty() && pages < 100);
        return arns;
    }

    TempDir dir;
    std::unique_ptr<Store> store;
    std::vector<ExecutionRecord> all;
};

}  // namespace

INSTANTIATE_TEST_SUITE_P(Store, ListExecutions, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "File" : "Memory"; });

TEST_P(ListExecutions, NewestFirstInPages) {
    auto everything = expected([](const auto&) { return true; });
    ASSERT_EQ(everything.size(), 40u);
    EXPECT_EQ(all_pages({}, SIZE_MAX), everything);
    for (size_t page_size : {1, 3, 7, 40, 41}) EXPECT_EQ(all_pages({}, page_size), everything) << page_size;
}

TEST_P(ListExecutions, LastFullPageHasNoCursor) {
    ExecutionPage page = store->list_executions({}, 40, "");
    EXPECT_EQ(page.executions.size(), 40u);
    EXPECT_EQ(page.next_cursor, "");
}

TEST_P(ListExecutions, FiltersCombine) {
    ExecutionFilter by_machine{machine_a, "", "", ""};
    EXPECT_EQ(all_pages(by_machine, 4), expected([](const auto& r) { return r.state_machine_arn == machine_a; }));

    ExecutionFilter by_status{"", "", "", "RUNNING"};
    EXPECT_EQ(all_pages(by_status, 4), expected([](const auto& r) { return r.status == "RUNNING"; }));

    ExecutionFilter machine_and_status{machine_b, "", "", "RUNNING"};
    EXPECT_EQ(all_pages(machine_and_status, 2), expected([](const auto& r) {
                  return r.state_machine_arn == machine_b && r.status == "RUNNING";
              }));

    ExecutionFilter by_version{"", machine_a + ":1", "", ""};
    auto version_a = expected([](const auto& r) { return r.version_arn == machine_a + ":1"; });
    EXPECT_FALSE(version_a.empty());
    EXPECT_EQ(all_pages(by_version, 1), version_a);

    ExecutionFilter by_alias{machine_a, "", machine_a + ":live", ""};
    auto alias_a = expected([](const auto& r) { return r.alias_arn == machine_a + ":live"; });
    EXPECT_FALSE(alias_a.empty());
    EXPECT_EQ(all_pages(by_alias, 1), alias_a);

    ExecutionFilter version_and_status{"", machine_a + ":1", "", "SUCCEEDED"};
    EXPECT_EQ(all_pages(version_and_status, 2), expected([](const auto& r) {
                  return r.version_arn == machine_a + ":1" && r.status == "SUCCEEDED";
              }));

    EXPECT_TRUE(store->list_executions({"arn:none", "", "", ""}, 10, "").executions.empty());
}

// A Distributed Map's children: ListExecutions with a mapRunArn lists one
// run's; their state machine ARN is "<machine>/<label>", so a listing by the
// parent's machine never shows them.
TEST_P(ListExecutions, MapRunFilterListsOneRunsChildren) {
    const std::string run_1 = "arn:aws:states:us-east-1:1:mapRun:a/Fan:run-1";
    const std::string run_2 = "arn:aws:states:us-east-1:1:mapRun:a/Fan:run-2";
    std::vector<Write> batch;
    for (int i = 0; i < 9; ++i) {
        auto child = execution("child" + std::to_string(i), 50 + i / 2, machine_a + "/Fan",
                               i % 3 == 0 ? "FAILED" : "SUCCEEDED");
        child.map_run_arn = i < 6 ? run_1 : run_2;
        child.item_count = 1;
        all.push_back(child);
        batch.push_back(step(child));
    }
    store->apply(batch);

    ExecutionFilter by_run;
    by_run.map_run_arn = run_1;
    auto children_1 = expected([&](const auto& r) { return r.map_run_arn == run_1; });
    ASSERT_EQ(children_1.size(), 6u);
    EXPECT_EQ(all_pages(by_run, 4), children_1);

    ExecutionFilter failed_of_run = by_run;
    failed_of_run.status = "FAILED";
    EXPECT_EQ(all_pages(failed_of_run, 1),
              expected([&](const auto& r) { return r.map_run_arn == run_1 && r.status == "FAILED"; }));

    ExecutionFilter by_parent_machine{machine_a, "", "", ""};
    auto parents = all_pages(by_parent_machine, 100);
    EXPECT_EQ(parents, expected([](const auto& r) { return r.state_machine_arn == machine_a; }));
    EXPECT_EQ(parents.size(), 20u);

    by_run.map_run_arn = "arn:aws:states:us-east-1:1:mapRun:a/Fan:none";
    EXPECT_TRUE(store->list_executions(by_run, 10, "").executions.empty());
}

TEST_P(ListExecutions, NewExecutionsDoNotShiftLaterPages) {
    ExecutionPage first = store->list_executions({}, 10, "");
    store->apply({step(execution("newest", 1000))});
    ExecutionPage second = store->list_executions({}, 10, first.next_cursor);
    auto everything = expected([](const auto&) { return true; });
    ASSERT_EQ(second.executions.size(), 10u);
    EXPECT_EQ(second.executions.front().arn, everything[10]);
}

TEST_P(ListExecutions, ForeignCursorIsInvalid) {
    EXPECT_THROW(store->list_executions({}, 10, "garbage"), InvalidCursor);
    EXPECT_THROW(store->list_executions({}, 10, "12x:arn"), InvalidCursor);
    EXPECT_THROW(store->list_executions({}, 10, ":arn"), InvalidCursor);
}

TEST_P(ListExecutions, LimitZeroIsAnEmptyPage) {
    ExecutionPage page = store->list_executions({}, 0, "");
    EXPECT_TRUE(page.executions.empty());
    EXPECT_EQ(page.next_cursor, "");
}
