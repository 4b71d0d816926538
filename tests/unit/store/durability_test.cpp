// Transactions, reopening a file, and the errors open and apply report.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "store_test_util.h"

using namespace stepwise::store;
using namespace stepwise::store::testing;

namespace {

// Runs `sql` on the file directly, beside (or without) the store.
void execute_directly(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

// Takes a current file back to schema version 3 (before the Map Run columns).
constexpr const char* kUndoMigration4 =
    "DROP INDEX executions_by_map_run; ALTER TABLE executions DROP COLUMN map_run_arn; "
    "ALTER TABLE executions DROP COLUMN item_count; ";

std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST(Durability, FailedBatchLeavesNothing) {
    TempDir dir;
    auto store = open_sqlite(dir.file("stepwise.db"));
    auto before = execution("before", 1);
    store->apply({step(before, 0, 2), PutDocument{{"marker", "before", "2", 1}}});

    auto changed = before;
    changed.status = "SUCCEEDED";
    auto fresh = execution("fresh", 2);
    std::vector<Write> batch = {
        PutDocument{{"marker", "fresh", "3", 2}},
        step(fresh, 0, 2),
        step(changed, 2, 2),
        DeleteDocument{"marker", "before"},
        step(fresh, -1, 1),  // journal seqs start at 0: the schema refuses -1
    };
    std::string error = error_of([&] { store->apply(batch); });
    EXPECT_NE(error.find("apply"), std::string::npos) << error;
    EXPECT_NE(error.find("CHECK constraint failed"), std::string::npos) << error;

    EXPECT_FALSE(store->get_document("marker", "fresh"));
    EXPECT_TRUE(store->get_document("marker", "before"));
    EXPECT_FALSE(store->get_execution(fresh.arn));
    EXPECT_TRUE(store->journal(fresh.arn).empty());
    EXPECT_EQ(store->get_execution(before.arn)->status, "RUNNING");
    EXPECT_EQ(store->journal(before.arn).size(), 2u);

    // The store goes on working after a failed batch.
    batch.pop_back();
    store->apply(batch);
    EXPECT_TRUE(store->get_document("marker", "fresh"));
    EXPECT_EQ(store->journal(before.arn).size(), 4u);
}

TEST(Durability, FailedBatchInMemoryLeavesNothing) {
    auto store = open_sqlite(":memory:");
    std::string error = error_of([&] {
        store->apply({PutDocument{{"marker", "a", "1", 1}}, PutDocument{{"marker", "", "1", 1}}});
    });
    EXPECT_NE(error.find("apply"), std::string::npos) << error;
    EXPECT_FALSE(store->get_document("marker", "a"));
}

TEST(Durability, ReopenedFileHasEverything) {
    TempDir dir;
    std::string path = dir.file("nested/dirs/stepwise.db");
    auto record = execution("e1", 42);
    {
        auto store = open_sqlite(path);
        store->apply({PutDocument{{"state_machine", "sm", R"({"definition":"x"})", 7}}, step(record, 0, 2)});
        record.status = "SUCCEEDED";
        record.output = "{}";
        record.stop_ms = 50;
        store->apply({step(record, 2, 1)});
    }
    auto store = open_sqlite(path);
    auto document = store->get_document("state_machine", "sm");
    ASSERT_TRUE(document);
    EXPECT_EQ(document->created_ms, 7);
    auto read = store->get_execution(record.arn);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->status, "SUCCEEDED");
    EXPECT_EQ(read->stop_ms, 50);
    EXPECT_EQ(store->journal(record.arn).size(), 3u);
    EXPECT_EQ(store->list_executions({}, 10, "").executions.size(), 1u);
}

TEST(Durability, BackgroundCheckpointsMoveTheWalIntoTheFile) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    SqliteOptions options;
    options.background_checkpoints = true;
    auto store = open_sqlite(path, options);
    std::string event(1000, 'e');
    for (int batch = 0; batch < 12; ++batch) {
        auto append = step(execution("e" + std::to_string(batch), batch));
        append.journal.assign(1000, event);  // ~1 MB: the WAL passes 1000 pages after a few batches
        store->apply({append});
    }
    // The database file itself grows as the checkpointer copies pages in.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::filesystem::file_size(path) < 4'000'000 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE(std::filesystem::file_size(path), 4'000'000u);
    EXPECT_EQ(store->journal(execution("e11", 11).arn).size(), 1000u);
}

TEST(Durability, FileIsInWalMode) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    auto store = open_sqlite(path);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &statement, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), "wal");
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

TEST(Durability, NotADatabaseNamesThePath) {
    TempDir dir;
    std::string path = dir.file("garbage.db");
    std::ofstream(path) << std::string(8192, 'x');
    std::string error = error_of([&] { open_sqlite(path); });
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find("not a database"), std::string::npos) << error;
}

TEST(Durability, DamagedSchemaNamesThePath) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    open_sqlite(path)->apply({PutDocument{{"k", "a", "{}", 1}}});
    {
        // Page 1 holds the schema after the 100-byte file header.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(100);
        file << std::string(3000, '\xA5');
    }
    std::string error = error_of([&] { open_sqlite(path); });
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find("malformed"), std::string::npos) << error;
}

TEST(Durability, OtherSqliteDatabaseIsRefused) {
    TempDir dir;
    std::string path = dir.file("other.db");
    execute_directly(path, "CREATE TABLE notes (text TEXT)");
    std::string error = error_of([&] { open_sqlite(path); });
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find("not a stepwise database"), std::string::npos) << error;

    execute_directly(path, "PRAGMA user_version = 1");
    error = error_of([&] { open_sqlite(path); });
    EXPECT_NE(error.find("not a stepwise database"), std::string::npos) << error;
}

TEST(Durability, UncreatableDirectoryNamesThePath) {
    TempDir dir;
    std::ofstream(dir.file("a-file")) << "x";
    std::string path = dir.file("a-file/sub/stepwise.db");
    std::string error = error_of([&] { open_sqlite(path); });
    EXPECT_NE(error.find(path), std::string::npos) << error;
}

TEST(Durability, NewerSchemaIsRefused) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    open_sqlite(path);
    execute_directly(path, "PRAGMA user_version = 999");
    std::string error = error_of([&] { open_sqlite(path); });
    EXPECT_NE(error.find("999"), std::string::npos) << error;
    EXPECT_NE(error.find(path), std::string::npos) << error;
}

TEST(Durability, EmptyPathIsRefused) { EXPECT_THROW(open_sqlite(""), StoreError); }

TEST(Durability, ReadErrorsNameTheOperation) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    auto store = open_sqlite(path);
    execute_directly(path, "DROP TABLE journal");
    std::string error = error_of([&] { store->journal("arn"); });
    EXPECT_NE(error.find("journal: no such table"), std::string::npos) << error;
}

// Schema version 2 had a history table that production never wrote (history
// is replayed from the journal): opening such a file drops it and keeps the rest.
TEST(Durability, OlderFileLosesTheUnusedHistoryTable) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    auto record = execution("old", 1);
    open_sqlite(path)->apply({step(record, 0, 2)});
    execute_directly(path, std::string(kUndoMigration4) +
                               "CREATE TABLE history (execution INTEGER NOT NULL, id INTEGER NOT NULL CHECK (id >= 1), "
                               "event TEXT NOT NULL, PRIMARY KEY (execution, id)) WITHOUT ROWID; "
                               "INSERT INTO history VALUES (1, 1, '{}'); PRAGMA user_version = 2");

    auto store = open_sqlite(path);
    EXPECT_EQ(store->journal(record.arn).size(), 2u);
    EXPECT_EQ(store->get_execution(record.arn)->name, "old");
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'history'", -1, &statement,
                                 nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(statement, 0), 0);
    sqlite3_finalize(statement);
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(statement, 0), 4);
    sqlite3_finalize(statement);
    sqlite3_close(db);
}

// Schema version 3 had no Map Runs: opening such a file adds the columns,
// with '' and 0 for the executions it has, and keeps everything else.
TEST(Durability, OlderFileGainsTheMapRunColumns) {
    TempDir dir;
    std::string path = dir.file("stepwise.db");
    auto record = execution("old", 1);
    open_sqlite(path)->apply({step(record, 0, 2)});
    execute_directly(path, std::string(kUndoMigration4) + "PRAGMA user_version = 3");

    auto store = open_sqlite(path);
    auto read = store->get_execution(record.arn);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->name, "old");
    EXPECT_EQ(read->map_run_arn, "");
    EXPECT_EQ(read->item_count, 0);
    EXPECT_EQ(store->journal(record.arn).size(), 2u);

    auto child = execution("child", 2, "arn:aws:states:us-east-1:123456789012:stateMachine:m/Fan");
    child.map_run_arn = "arn:aws:states:us-east-1:123456789012:mapRun:m/Fan:1";
    child.item_count = 1;
    store->apply({step(child)});
    ExecutionFilter filter;
    filter.map_run_arn = child.map_run_arn;
    auto page = store->list_executions(filter, 10, "");
    ASSERT_EQ(page.executions.size(), 1u);
    EXPECT_EQ(page.executions[0].arn, child.arn);
    EXPECT_EQ(page.executions[0].item_count, 1);
}
