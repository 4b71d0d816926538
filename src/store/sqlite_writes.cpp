// SqliteStore::apply: a batch of writes as one transaction.
#include "store/sqlite_store.h"

namespace stepwise::store::sqlite {

void SqliteStore::apply(const std::vector<Write>& writes) {
    if (writes.empty()) return;
    naming_operation("apply", [&] {
        std::lock_guard lock(writer_mutex_);
        // IMMEDIATE takes the write lock now, so a busy database waits here
        // (busy_timeout) rather than failing halfway through the batch.
        writer_.execute("BEGIN IMMEDIATE");
        try {
            for (const auto& each : writes) std::visit([&](const auto& one) { write(one); }, each);
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

void SqliteStore::write(const AppendExecutionStep& step) {
    int64_t execution_id = 0;
    {
        auto statement = writer_.statement(
            "INSERT INTO executions (arn, state_machine_arn, version_arn, alias_arn, name, status, input, output, "
            "error, cause, start_ms, stop_ms, redrive_count, redrive_ms, config) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
            "ON CONFLICT (arn) DO UPDATE SET state_machine_arn = excluded.state_machine_arn, "
            "version_arn = excluded.version_arn, alias_arn = excluded.alias_arn, name = excluded.name, "
            "status = excluded.status, input = excluded.input, output = excluded.output, error = excluded.error, "
            "cause = excluded.cause, start_ms = excluded.start_ms, stop_ms = excluded.stop_ms, "
            "redrive_count = excluded.redrive_count, redrive_ms = excluded.redrive_ms, config = excluded.config "
            "RETURNING id");
        const ExecutionRecord& record = step.record;
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
        if (!statement.step()) throw StoreError("the execution upsert returned no id");
        execution_id = statement.integer(0);
        statement.run();
    }
    // OR REPLACE: an execution resumed after a crash may append a step again.
    if (!step.history.empty()) {
        auto statement =
            writer_.statement("INSERT OR REPLACE INTO history (execution, id, event) VALUES (?1, ?2, ?3)");
        statement.bind(1, execution_id);
        int64_t id = step.first_event_id;
        for (const auto& event : step.history) {
            statement.bind(2, id++);
            statement.bind(3, event);
            statement.run();
            statement.reset();
        }
    }
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
