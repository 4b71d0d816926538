// Persistence for `stepwise serve`: state machines, versions, aliases,
// activities, tags and event-bus resources as JSON documents; for each
// execution, its record (status, input, output, what DescribeExecution and
// ListExecutions read) and its journal: the inputs the engine was fed, in
// order. The journal is the truth: the AWS-shaped history is not stored but
// replayed from it (runtime/host_history.cpp), and so is a RUNNING execution
// after a restart. docs/store.md says what is stored when, and what durable
// means.
//
// Every `apply` is one transaction: a crash at any instant leaves either all
// of a batch or none of it. The runtime groups the steps of many executions
// into one batch (group commit).
//
//   auto store = store::open_sqlite("/var/lib/stepwise/stepwise.db");   // or ":memory:"
//   store->apply({store::PutDocument{...}, store::AppendExecutionStep{...}});
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace stepwise::store {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// list_executions was given a cursor it did not write (the API's InvalidToken).
class InvalidCursor : public StoreError {
public:
    using StoreError::StoreError;
};

// A resource kept as JSON text: kind "state_machine", "version", "alias",
// "activity", "tags", "event_bus", "rule", ... ; id is usually the ARN.
struct Document {
    std::string kind;
    std::string id;
    std::string body;        // JSON text
    int64_t created_ms = 0;  // kept from the first put of (kind, id)
};

struct ExecutionRecord {
    std::string arn;
    std::string state_machine_arn;  // unqualified
    std::string version_arn;        // "" unless started through a version or alias
    std::string alias_arn;          // "" unless started through an alias
    std::string name;
    std::string status;             // RUNNING SUCCEEDED FAILED TIMED_OUT ABORTED
    std::string input;              // JSON text
    std::optional<std::string> output;
    std::optional<std::string> error;
    std::optional<std::string> cause;
    int64_t start_ms = 0;
    std::optional<int64_t> stop_ms;
    int64_t redrive_count = 0;
    std::optional<int64_t> redrive_ms;
    std::string config;             // JSON text: what the runtime needs to resume it (engine config, test case, ...)
    std::string map_run_arn;        // the Map Run that started it (a Distributed Map's child), else ""
    int64_t item_count = 0;         // a Map Run child's items (1, or its batch's size); 0 for others
};

struct ExecutionFilter {
    std::string state_machine_arn;  // "" = any
    std::string version_arn;        // "" = any
    std::string alias_arn;          // "" = any
    std::string status;             // "" = any
    std::string map_run_arn;        // "" = any (a child's state_machine_arn is "<machine ARN>/<label>")
};

struct ExecutionPage {
    std::vector<ExecutionRecord> executions;  // newest start first
    std::string next_cursor;                  // "" when there are no more
};

// --- writes ---

struct PutDocument {
    Document document;
};
struct DeleteDocument {
    std::string kind;
    std::string id;
};
// Inserts or replaces the execution row, and appends journal entries.
// `first_journal_seq` is the sequence number (0-based) of journal.front(); a
// step whose previous entry was never stored is refused (a journal with a
// hole cannot be replayed). An entry stored again replaces the old one.
struct AppendExecutionStep {
    ExecutionRecord record;
    int64_t first_journal_seq = 0;
    std::vector<std::string> journal;  // engine::InputEvent JSON texts
};
using Write = std::variant<PutDocument, DeleteDocument, AppendExecutionStep>;

class Store {
public:
    virtual ~Store() = default;

    // One transaction. Throws StoreError (and writes nothing) on failure.
    virtual void apply(const std::vector<Write>& writes) = 0;

    virtual std::optional<Document> get_document(const std::string& kind, const std::string& id) = 0;
    // Documents of a kind whose id starts with `id_prefix`, ordered by
    // (created_ms, id), starting after `after_id` ("" = from the first).
    // If `after_id` was deleted meanwhile, the list is empty: use
    // list_documents_after when pages may outlive their documents.
    virtual std::vector<Document> list_documents(const std::string& kind, const std::string& id_prefix = "",
                                                 const std::string& after_id = "", size_t limit = SIZE_MAX) = 0;
    // The same, continuing after the position (after_created_ms, after_id) of
    // a document listed earlier, which need not exist any more (a client
    // that deletes what it lists, page by page).
    virtual std::vector<Document> list_documents_after(const std::string& kind, const std::string& id_prefix,
                                                       int64_t after_created_ms, const std::string& after_id,
                                                       size_t limit = SIZE_MAX) = 0;

    virtual std::optional<ExecutionRecord> get_execution(const std::string& arn) = 0;
    // `cursor` is a next_cursor from an earlier page ("" = the first page);
    // throws InvalidCursor for any other text. Filters combine (AND).
    virtual ExecutionPage list_executions(const ExecutionFilter& filter, size_t limit, const std::string& cursor) = 0;
    // Executions with status RUNNING, in start order (to resume them).
    virtual std::vector<ExecutionRecord> running_executions() = 0;

    // The journal entries in seq order (engine::InputEvent JSON texts).
    virtual std::vector<std::string> journal(const std::string& execution_arn) = 0;

    // --- retention (see store/retention.h) ---

    // Deletes, in one transaction, at most `limit` executions that closed
    // (any status but RUNNING) before `closed_before_ms` by their stop time,
    // with their journal, oldest first; returns how many. Fewer
    // than `limit` means none are left.
    virtual size_t delete_closed_executions(int64_t closed_before_ms, size_t limit) = 0;
    // Gives at most `max_pages` free pages back to the file system (a file
    // created with auto_vacuum = INCREMENTAL; no-op for older files or in
    // memory); returns how many free pages remain.
    virtual int64_t release_free_pages(int64_t max_pages) = 0;
    // VACUUM: rewrites the whole file without free space, and switches a
    // file made before incremental auto-vacuum to it. Holds the writer (every
    // commit waits) for as long as the file takes to copy.
    virtual void vacuum() = 0;
};

// SQLite in WAL mode; `path` ":memory:" keeps everything in memory. Creates
// the file and its parent directory when missing. Thread-safe. Throws
// StoreError naming the path when the file is not a stepwise database.
std::unique_ptr<Store> open_sqlite(const std::string& path);

struct SqliteOptions {
    // Connections that read beside the one writer (file databases only;
    // 0 = reads share the writer's connection).
    size_t reader_connections = 4;
    // Copy the WAL into the database on a thread of its own (file databases
    // only) instead of in the commit that fills 1000 pages of WAL. Spares
    // the writing thread ~25% of its CPU, but on a 2-core machine short of
    // CPU it measured slower (bench/store_bench.cpp), hence off by default.
    bool background_checkpoints = false;
    // PRAGMA synchronous = FULL: each commit syncs the WAL to the disk, so a
    // power loss or OS crash loses no committed transaction either (NORMAL,
    // the default, loses none to a process crash, but may lose the last
    // commits before a power loss; it never corrupts the file).
    bool sync_full = false;
};
std::unique_ptr<Store> open_sqlite(const std::string& path, const SqliteOptions& options);

}  // namespace stepwise::store
