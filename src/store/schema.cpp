#include "store/schema.h"

#include <array>
#include <string>

#include "store/sqlite_error.h"

namespace stepwise::store::sqlite {

namespace {

// migrations[n] takes a database from user_version n to n + 1. Append only:
// a released step never changes, so every older file can be brought forward.
constexpr std::array<const char*, 4> migrations = {
    R"sql(
CREATE TABLE documents (
    kind       TEXT NOT NULL CHECK (kind <> ''),
    id         TEXT NOT NULL CHECK (id <> ''),
    body       TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX documents_by_creation ON documents (kind, created_ms, id);

-- History and journal rows hang off the execution's integer id, not its ARN:
-- ids grow, so a batch of new executions appends at the end of those two
-- B-trees instead of dirtying pages all over them (the ARN ends in a random
-- name), and their keys stay short.
CREATE TABLE executions (
    id                INTEGER PRIMARY KEY,
    arn               TEXT NOT NULL UNIQUE CHECK (arn <> ''),
    state_machine_arn TEXT NOT NULL,
    version_arn       TEXT NOT NULL,
    alias_arn         TEXT NOT NULL,
    name              TEXT NOT NULL,
    status            TEXT NOT NULL,
    input             TEXT NOT NULL,
    output            TEXT,
    error             TEXT,
    cause             TEXT,
    start_ms          INTEGER NOT NULL,
    stop_ms           INTEGER,
    redrive_count     INTEGER NOT NULL,
    redrive_ms        INTEGER,
    config            TEXT NOT NULL
);
-- Every listing is newest first with the ARN as tiebreak, so each index ends
-- in (start_ms, arn) and a page is one index range scan.
CREATE INDEX executions_by_start ON executions (start_ms DESC, arn DESC);
CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_ms DESC, arn DESC);
CREATE INDEX executions_by_status ON executions (status, start_ms DESC, arn DESC);
-- Most executions start through no version or alias: partial indexes keep
-- those rows out of two indexes on the hot path.
CREATE INDEX executions_by_version ON executions (version_arn, start_ms DESC, arn DESC) WHERE version_arn <> '';
CREATE INDEX executions_by_alias ON executions (alias_arn, start_ms DESC, arn DESC) WHERE alias_arn <> '';

CREATE TABLE history (
    execution INTEGER NOT NULL,
    id        INTEGER NOT NULL CHECK (id >= 1),
    event     TEXT NOT NULL,
    PRIMARY KEY (execution, id)
) WITHOUT ROWID;

CREATE TABLE journal (
    execution INTEGER NOT NULL,
    seq       INTEGER NOT NULL CHECK (seq >= 0),
    entry     TEXT NOT NULL,
    PRIMARY KEY (execution, seq)
) WITHOUT ROWID;
)sql",
    R"sql(
-- Retention (store/retention.h) finds the executions closed before a time in
-- stop order, without reading every row.
CREATE INDEX executions_by_stop ON executions (stop_ms) WHERE status <> 'RUNNING';
)sql",
    R"sql(
-- History is replayed from the journal (docs/store.md); no release ever wrote
-- this table outside tests, so dropping it loses nothing.
DROP TABLE history;
)sql",
    R"sql(
-- The child executions of a Distributed Map's Map Run: ListExecutions with a
-- mapRunArn lists them, and each shows how many items it processed. Other
-- executions have '' and 0, kept out of the index.
ALTER TABLE executions ADD COLUMN map_run_arn TEXT NOT NULL DEFAULT '';
ALTER TABLE executions ADD COLUMN item_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX executions_by_map_run ON executions (map_run_arn, start_ms DESC, arn DESC) WHERE map_run_arn <> '';
)sql",
};

}  // namespace

int64_t current_schema_version() { return static_cast<int64_t>(migrations.size()); }

void configure_writer(Connection& connection, bool in_memory, bool sync_full) {
    // Only a new file takes this (before its first table): deleting rows then
    // lets release_free_pages() give their pages back to the file system a
    // few at a time. An older file keeps its free pages for new rows, until a
    // VACUUM (`stepwise serve --vacuum`) rewrites it.
    connection.execute("PRAGMA auto_vacuum = INCREMENTAL");
    if (!in_memory) {
        // Reading the mode is also the first access to the file, where a
        // file that is not a database is found.
        connection.execute("PRAGMA journal_mode = WAL");
        // In WAL mode NORMAL syncs at checkpoints, not at each commit: a
        // committed transaction survives the process crashing or being
        // killed (what we promise), though the last ones may be lost if the
        // machine itself loses power.
        // FULL (--sync full) also syncs the WAL at each commit: a commit
        // then survives a power loss too, for one fsync per commit (group
        // commit shares it between the executions of a batch).
        connection.execute(sync_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        // SQLite checkpoints in the commit that fills 1000 pages of WAL (or
        // a Checkpointer thread does, when asked). After one the WAL file is
        // cut back to 64 MiB.
        connection.execute("PRAGMA journal_size_limit = 67108864");
    }
    connection.execute("PRAGMA cache_size = -32768");  // 32 MiB
    connection.execute("PRAGMA temp_store = MEMORY");
}

void configure_checkpointer(Connection& connection) {
    connection.execute("PRAGMA synchronous = NORMAL");  // the database file is synced after each checkpoint
    connection.execute("PRAGMA cache_size = -2048");
}

void configure_reader(Connection& connection) {
    connection.execute("PRAGMA query_only = ON");
    connection.execute("PRAGMA cache_size = -16384");  // 16 MiB
    connection.execute("PRAGMA temp_store = MEMORY");
}

namespace {

// Reads the schema, which finds a damaged first page or a foreign SQLite
// file. (Damage further in shows when it is read; PRAGMA quick_check would
// find it here but reads the whole file.) Only the tables every schema
// version has are checked: migration 3 drops `history`.
void check_layout(Connection& connection) {
    int64_t tables = connection.query_integer(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
        "AND name IN ('documents', 'executions', 'journal')");
    if (tables != 3) throw StoreError("not a stepwise database (its tables are missing)");
}

}  // namespace

void migrate(Connection& connection) {
    if (connection.query_integer("PRAGMA user_version") == current_schema_version()) {
        check_layout(connection);
        return;
    }
    // IMMEDIATE, then read the version again: two processes opening a new
    // file at once must not both create the tables.
    connection.execute("BEGIN IMMEDIATE");
    try {
        int64_t version = connection.query_integer("PRAGMA user_version");
        if (version > current_schema_version())
            throw StoreError("the database has schema version " + std::to_string(version) +
                             ", newer than this stepwise understands (" +
                             std::to_string(current_schema_version()) + ")");
        // A new file is empty; an SQLite file with tables but no version
        // belongs to someone else.
        if (version == 0 && connection.query_integer("SELECT count(*) FROM sqlite_schema") != 0)
            throw StoreError("not a stepwise database (it has tables of its own)");
        // An older stepwise file has its tables: migrating anything else would fail on them.
        if (version >= 1) check_layout(connection);
        for (int64_t step = version; step < current_schema_version(); ++step)
            connection.execute(migrations[static_cast<size_t>(step)]);
        std::string set_version = "PRAGMA user_version = " + std::to_string(current_schema_version());
        connection.execute(set_version.c_str());
        check_layout(connection);
        connection.execute("COMMIT");
    } catch (...) {
        if (connection.in_transaction()) connection.execute("ROLLBACK");
        throw;
    }
}

}  // namespace stepwise::store::sqlite
