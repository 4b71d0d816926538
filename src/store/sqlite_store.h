// The Store on SQLite: one writer connection behind a mutex and, for a file,
// a pool of reader connections that WAL lets read beside it. An in-memory
// database is private to its connection, so there the writer also reads.
// A file may also get a Checkpointer (SqliteOptions::background_checkpoints).
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "store/checkpointer.h"
#include "store/connection.h"
#include "store/reader_pool.h"
#include "store/sqlite_error.h"
#include "store/store.h"

namespace stepwise::store::sqlite {

class SqliteStore final : public Store {
public:
    SqliteStore(const std::string& path, const SqliteOptions& options);

    void apply(const std::vector<Write>& writes) override;

    std::optional<Document> get_document(const std::string& kind, const std::string& id) override;
    std::vector<Document> list_documents(const std::string& kind, const std::string& id_prefix,
                                         const std::string& after_id, size_t limit) override;
    std::vector<Document> list_documents_after(const std::string& kind, const std::string& id_prefix,
                                               int64_t after_created_ms, const std::string& after_id,
                                               size_t limit) override;

    std::optional<ExecutionRecord> get_execution(const std::string& arn) override;
    ExecutionPage list_executions(const ExecutionFilter& filter, size_t limit, const std::string& cursor) override;
    std::vector<ExecutionRecord> running_executions() override;

    std::vector<std::string> journal(const std::string& execution_arn) override;

    size_t delete_closed_executions(int64_t closed_before_ms, size_t limit) override;
    int64_t release_free_pages(int64_t max_pages) override;
    void vacuum() override;

private:
    // Runs `body` with a connection to read from; errors name `operation`.
    template <typename Body>
    auto read(const char* operation, Body&& body) {
        return naming_operation(operation, [&] {
            if (!readers_) {
                std::lock_guard lock(writer_mutex_);
                return body(writer_);
            }
            auto lease = readers_->lend();
            return body(lease.connection());
        });
    }

    void write(const PutDocument& put);
    void write(const DeleteDocument& del);
    // An AppendExecutionStep is written in two parts: the row (inserted or
    // updated; returns the execution's id), then its journal entries.
    int64_t write_record(const ExecutionRecord& record);
    void write_journal(int64_t execution_id, const AppendExecutionStep& step);

    std::mutex writer_mutex_;
    Connection writer_;
    std::unique_ptr<ReaderPool> readers_;  // null: reads use writer_
    std::unique_ptr<Checkpointer> checkpointer_;  // null: SQLite checkpoints in the commit
};

}  // namespace stepwise::store::sqlite
