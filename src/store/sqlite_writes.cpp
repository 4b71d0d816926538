// SqliteStore::apply: a batch of writes as one transaction.
#include <string_view>
#include <unordered_map>

#include "store/sqlite_store.h"

namespace stepwise::store::sqlite {

namespace {

// Where an execution appears in a batch. Only its last record is ever seen
// (the batch commits whole), so steps between its first and last append
// only their journal entries, under the id the first one got.
struct ExecutionInBatch {
    size_t last_write = 0;
    int64_t id = 0;  // 0 until its row is written
};

}  // namespace

void SqliteStore::apply(const std::vector<Write>& writes) {
    if (writes.empty()) return;
    naming_operation("apply", [&] {
        std::unordered_map<std::string_view, ExecutionInBatch> executions;
        for (size_t i = 0; i < writes.size(); ++i)
            if (auto step = std::get_if<AppendExecutionStep>(&writes[i])) executions[step->record.arn].last_write = i;

        std::lock_guard lock(writer_mutex_);
        // IMMEDIATE takes the write lock now, so a busy database waits here
        // (busy_timeout) rather than failing halfway through the batch.
        writer_.execute("BEGIN IMMEDIATE");
        try {
            for (size_t i = 0; i < writes.size(); ++i) {
                if (auto step = std::get_if<AppendExecutionStep>(&writes[i])) {
                    ExecutionInBatch& execution = executions[step->record.arn];
                    if (execution.id == 0 || i == execution.last_write) execution.id = write_record(step->record);
                    write_journal(execution.id, *step);
                } else if (auto put = std::get_if<PutDocument>(&writes[i])) {
                    write(*put);
                } else if (auto del = std::get_if<DeleteDocument>(&writes[i])) {
                    write(*del);
                }
            }
            writer_.execute("COMMIT");
        } catch (...) {
            // SQLite may have rolled back already (e.g. on an I/O error).
            if (writer_.in_transaction()) writer_.execute("ROLLBACK");
            throw;
        }
    });
}

void SqliteStore::write(const PutDocument& put) {
    // On update the first put's created_ms stays: listings keep their order.
    auto statement = writer_.statement(
        "INSERT INTO documents (kind, id, body, created_ms) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (kind, id) DO UPDATE SET body = excluded.body");
    const Document& document = put.document;
    statement.bind(1, document.kind);
    statement.bind(2, document.id);
    statement.bind(3, document.body);
    statement.bind(4, document.created_ms);
    statement.run();
}

void SqliteStore::write(const DeleteDocument& del) {
    auto statement = writer_.statement("DELETE FROM documents WHERE kind = ?1 AND id = ?2");
    statement.bind(1, del.kind);
    statement.bind(2, del.id);
    statement.run();
}

int64_t SqliteStore::write_record(const ExecutionRecord& record) {
    auto statement = writer_.statement(
        "INSERT INTO executions (arn, state_machine_arn, version_arn, alias_arn, name, status, input, output, "
        "error, cause, start_ms, stop_ms, redrive_count, redrive_ms, config, map_run_arn, item_count) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) "
        "ON CONFLICT (arn) DO UPDATE SET state_machine_arn = excluded.state_machine_arn, "
        "version_arn = excluded.version_arn, alias_arn = excluded.alias_arn, name = excluded.name, "
        "status = excluded.status, input = excluded.input, output = excluded.output, error = excluded.error, "
        "cause = excluded.cause, start_ms = excluded.start_ms, stop_ms = excluded.stop_ms, "
        "redrive_count = excluded.redrive_count, redrive_ms = excluded.redrive_ms, config = excluded.config, "
        "map_run_arn = excluded.map_run_arn, item_count = excluded.item_count "
        "RETURNING id");
    statement.bind(1, record.arn);
    statement.bind(2, record.state_machine_arn);
    statement.bind(3, record.version_arn);
    statement.bind(4, record.alias_arn);
    statement.bind(5, record.name);
    statement.bind(6, record.status);
    statement.bind(7, record.input);
    statement.bind(8, record.output);
    statement.bind(9, record.error);
    statement.bind(10, record.cause);
    statement.bind(11, record.start_ms);
    statement.bind(12, record.stop_ms);
    statement.bind(13, record.redrive_count);
    statement.bind(14, record.redrive_ms);
    statement.bind(15, record.config);
    statement.bind(16, record.map_run_arn);
    statement.bind(17, record.item_count);
    if (!statement.step()) throw StoreError("the execution upsert returned no id");
    int64_t id = statement.integer(0);
    statement.run();
    return id;
}

void SqliteStore::write_journal(int64_t execution_id, const AppendExecutionStep& step) {
    // A journal with a hole cannot be replayed: a step whose predecessor was
    // never stored (its write failed, say on a full disk) is refused too.
    if (step.first_journal_seq > 0) {
        auto previous = writer_.statement("SELECT 1 FROM journal WHERE execution = ?1 AND seq = ?2");
        previous.bind(1, execution_id);
        previous.bind(2, step.first_journal_seq - 1);
        if (!previous.step())
            throw StoreError("journal entry " + std::to_string(step.first_journal_seq - 1) + " of " +
                             step.record.arn + " was never stored; a later step cannot be appended after it");
    }
    // OR REPLACE: an execution resumed after a crash may append a step again.
    if (!step.journal.empty()) {
        auto statement =
            writer_.statement("INSERT OR REPLACE INTO journal (execution, seq, entry) VALUES (?1, ?2, ?3)");
        statement.bind(1, execution_id);
        int64_t seq = step.first_journal_seq;
        for (const auto& entry : step.journal) {
            statement.bind(2, seq++);
            statement.bind(3, entry);
            statement.run();
            statement.reset();
        }
    }
}

}  // namespace stepwise::store::sqlite
