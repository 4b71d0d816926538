// kill -9 a process in the middle of writing, again and again; the file must
// stay intact and hold whole batches only.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <thread>

#include "store_test_util.h"

using namespace stepwise::store;
using namespace stepwise::store::testing;

namespace {

constexpr int execution_count = 24;
constexpr int kill_rounds = 8;

std::string arn_of(int k) { return execution("crash-" + std::to_string(k), k).arn; }

// Journal entry `seq` of the child's executions: its 1-based number, then
// padding (large entries fill the WAL quickly, so kills also land in checkpoints).
std::string entry_text(int64_t seq) { return std::to_string(seq + 1) + " " + std::string(1000, 'e'); }

int64_t stored_entries(Store& store, int k) { return static_cast<int64_t>(store.journal(arn_of(k)).size()); }

// The child: opens the file (and says so on `ready_pipe`), resumes each
// execution where the file says it stopped, then appends steps until killed
// (saying so on `ready_pipe` again once its first batch is stored). Every step
// of an execution goes in one batch with a marker document holding the
// execution's journal length.
[[noreturn]] void write_until_killed(const std::string& path, unsigned seed, int ready_pipe) {
    try {
        signal(SIGPIPE, SIG_IGN);  // the parent may stop listening at round 0
        SqliteOptions options;
        options.background_checkpoints = seed % 2 == 1;  // both ways of checkpointing get killed
        auto store = open_sqlite(path, options);
        char ready = 1;
        [[maybe_unused]] auto ignored = write(ready_pipe, &ready, 1);
        std::vector<int64_t> last(execution_count);
        for (int k = 0; k < execution_count; ++k) last[k] = stored_entries(*store, k);
        std::mt19937 random(seed);
        bool wrote = false;
        for (;;) {
            std::vector<Write> batch;
            for (int n = 0; n < 12; ++n) {
                int k = static_cast<int>(random() % execution_count);
                int entries = 1 + static_cast<int>(random() % 25);
                auto record = execution("crash-" + std::to_string(k), k);
                AppendExecutionStep append{record, last[k], {}};
                for (int i = 0; i < entries; ++i) append.journal.push_back(entry_text(last[k] + i));
                last[k] += entries;
                append.record.config = std::to_string(last[k]);
                batch.push_back(std::move(append));
                batch.push_back(PutDocument{{"marker", record.arn, std::to_string(last[k]), 0}});
            }
            store->apply(batch);
            if (!wrote) {
                wrote = true;
                [[maybe_unused]] auto said = write(ready_pipe, &ready, 1);
            }
        }
    } catch (const std::exception& error) {
        fprintf(stderr, "crash test child: %s\n", error.what());
        _exit(1);
    }
}

std::string integrity_check(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return "cannot open";
    sqlite3_stmt* statement = nullptr;
    std::string result;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK)
        while (sqlite3_step(statement) == SQLITE_ROW)
            result += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return result;
}

}  // namespace

TEST(Crash, KilledWriterLeavesWholeBatches) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    std::mt19937 random(12345);
    int64_t progress_before = 0;
    int rounds_with_progress = 0;
    for (int round = 0; round < kill_rounds; ++round) {
        int ready_pipe[2];
        ASSERT_EQ(pipe(ready_pipe), 0);
        pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) write_until_killed(path, static_cast<unsigned>(round), ready_pipe[1]);
        close(ready_pipe[1]);
        if (round == 0) {
            // While it opens the file and creates the schema.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        } else {
            // Somewhere in the writing: wait until the file is open and the
            // first batch stored (however slow a loaded machine is, every
            // round then makes progress), then a moment.
            char ready = 0;
            ASSERT_EQ(read(ready_pipe[0], &ready, 1), 1) << "the child could not open the database";
            ASSERT_EQ(read(ready_pipe[0], &ready, 1), 1) << "the child could not store a batch";
            std::this_thread::sleep_for(std::chrono::milliseconds(random() % 150));
        }
        close(ready_pipe[0]);
        ASSERT_EQ(kill(child, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "the child ended by itself (status " << status << ")";

        ASSERT_EQ(integrity_check(path), "ok") << "round " << round;
        auto store = open_sqlite(path);
        int64_t progress = 0;
        for (int k = 0; k < execution_count; ++k) {
            std::string arn = arn_of(k);
            auto journal = store->journal(arn);
            for (size_t i = 0; i < journal.size(); ++i) ASSERT_EQ(journal[i], entry_text(int64_t(i))) << arn;
            auto marker = store->get_document("marker", arn);
            auto record = store->get_execution(arn);
            if (journal.empty()) {
                EXPECT_FALSE(marker) << arn;
                EXPECT_FALSE(record) << arn;
                continue;
            }
            ASSERT_TRUE(marker) << arn;
            ASSERT_TRUE(record) << arn;
            EXPECT_EQ(marker->body, std::to_string(journal.size())) << arn;
            EXPECT_EQ(record->config, std::to_string(journal.size())) << arn;
            progress += static_cast<int64_t>(journal.size());
        }
        EXPECT_GE(progress, progress_before);
        if (progress > progress_before) ++rounds_with_progress;
        progress_before = progress;
    }
    // The writer got somewhere in every round after the first (resuming each time from the file).
    EXPECT_GE(rounds_with_progress, kill_rounds - 1);
}
