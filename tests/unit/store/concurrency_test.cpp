// apply from several threads while others read.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "store_test_util.h"

using namespace stepwise::store;
using namespace stepwise::store::testing;

namespace {

constexpr int writer_threads = 4;
constexpr int batches_per_writer = 40;
constexpr int executions_per_batch = 5;
constexpr int entries_per_execution = 6;

void write_and_read_at_once(Store& store) {
    std::atomic<int> writers_left{writer_threads};
    std::atomic<int> errors{0};
    std::atomic<long> reads{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < writer_threads; ++w) {
        threads.emplace_back([&, w] {
            try {
                for (int b = 0; b < batches_per_writer; ++b) {
                    std::vector<Write> batch;
                    for (int e = 0; e < executions_per_batch; ++e) {
                        std::string name = std::to_string(w) + "-" + std::to_string(b) + "-" + std::to_string(e);
                        batch.push_back(step(execution(name, b), 0, entries_per_execution));
                        batch.push_back(PutDocument{{"marker", name, "{}", b}});
                    }
                    store.apply(batch);
                }
            } catch (const std::exception& error) {
                ADD_FAILURE() << error.what();
                ++errors;
            }
            --writers_left;
        });
    }
    for (int r = 0; r < 3; ++r) {
        threads.emplace_back([&] {
            try {
                while (writers_left > 0) {
                    auto page = store.list_executions({}, 20, "");
                    for (const auto& record : page.executions) {
                        // A batch is visible whole or not at all.
                        EXPECT_EQ(store.journal(record.arn).size(), size_t(entries_per_execution));
                        EXPECT_TRUE(store.get_document("marker", record.name));
                    }
                    store.list_documents("marker", "", "", 10);
                    ++reads;
                }
            } catch (const std::exception& error) {
                ADD_FAILURE() << error.what();
                ++errors;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(errors, 0);
    EXPECT_GT(reads, 0);

    size_t expected_executions = writer_threads * batches_per_writer * executions_per_batch;
    EXPECT_EQ(store.list_executions({}, SIZE_MAX, "").executions.size(), expected_executions);
    EXPECT_EQ(store.list_documents("marker").size(), expected_executions);
    for (int w = 0; w < writer_threads; ++w) {
        std::string name = std::to_string(w) + "-" + std::to_string(batches_per_writer - 1) + "-0";
        auto arn = execution(name, 0).arn;
        EXPECT_EQ(store.journal(arn).size(), size_t(entries_per_execution));
    }
}

}  // namespace

TEST(Concurrency, FileDatabase) {
    TempDir dir;
    auto store = open_sqlite(dir.file("stepwise.db"));
    write_and_read_at_once(*store);
}

TEST(Concurrency, FileDatabaseWithOneReader) {
    TempDir dir;
    auto store = open_sqlite(dir.file("stepwise.db"), SqliteOptions{1});
    write_and_read_at_once(*store);
}

TEST(Concurrency, FileDatabaseWithBackgroundCheckpoints) {
    TempDir dir;
    SqliteOptions options;
    options.background_checkpoints = true;
    auto store = open_sqlite(dir.file("stepwise.db"), options);
    write_and_read_at_once(*store);
}

TEST(Concurrency, MemoryDatabase) {
    auto store = open_sqlite(":memory:");
    write_and_read_at_once(*store);
}
