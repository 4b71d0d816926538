// SqliteStore's queries. Each is one statement, so it reads one committed
// snapshot even while the writer commits.
#include <limits>

#include "store/execution_cursor.h"
#include "store/sqlite_store.h"

namespace stepwise::store::sqlite {

namespace {

#define EXECUTION_COLUMNS                                                                                   \
    "arn, state_machine_arn, version_arn, alias_arn, name, status, input, output, error, cause, start_ms, " \
    "stop_ms, redrive_count, redrive_ms, config, map_run_arn, item_count"

ExecutionRecord read_execution(const Statement& row) {
    ExecutionRecord record;
    record.arn = row.text(0);
    record.state_machine_arn = row.text(1);
    record.version_arn = row.text(2);
    record.alias_arn = row.text(3);
    record.name = row.text(4);
    record.status = row.text(5);
    record.input = row.text(6);
    record.output = row.optional_text(7);
    record.error = row.optional_text(8);
    record.cause = row.optional_text(9);
    record.start_ms = row.integer(10);
    record.stop_ms = row.optional_integer(11);
    record.redrive_count = row.integer(12);
    record.redrive_ms = row.optional_integer(13);
    record.config = row.text(14);
    record.map_run_arn = row.text(15);
    record.item_count = row.integer(16);
    return record;
}

Document read_document(const Statement& row) {
    return Document{row.text(0), row.text(1), row.text(2), row.integer(3)};
}

// SQLite's LIMIT: -1 is none.
int64_t sql_limit(size_t limit) {
    return limit >= static_cast<size_t>(std::numeric_limits<int64_t>::max()) ? -1 : static_cast<int64_t>(limit);
}

// The listing query for one combination of filters; each combination is a
// distinct text, so each gets its own cached statement and query plan.
// Parameters: ?1 machine, ?2 version, ?3 alias, ?4 status, ?5 Map Run, ?6 ?7 cursor, ?8 limit.
std::string list_executions_sql(const ExecutionFilter& filter, bool has_cursor) {
    std::string sql = "SELECT " EXECUTION_COLUMNS " FROM executions WHERE 1";
    if (!filter.state_machine_arn.empty()) sql += " AND state_machine_arn = ?1";
    // The literal `<> ''` lets SQLite use the partial indexes.
    if (!filter.version_arn.empty()) sql += " AND version_arn = ?2 AND version_arn <> ''";
    if (!filter.alias_arn.empty()) sql += " AND alias_arn = ?3 AND alias_arn <> ''";
    if (!filter.status.empty()) sql += " AND status = ?4";
    if (!filter.map_run_arn.empty()) sql += " AND map_run_arn = ?5 AND map_run_arn <> ''";
    if (has_cursor) sql += " AND (start_ms, arn) < (?6, ?7)";
    sql += " ORDER BY start_ms DESC, arn DESC LIMIT ?8";
    return sql;
}

}  // namespace

std::optional<Document> SqliteStore::get_document(const std::string& kind, const std::string& id) {
    return read("get_document", [&](Connection& connection) -> std::optional<Document> {
        auto statement =
            connection.statement("SELECT kind, id, body, created_ms FROM documents WHERE kind = ?1 AND id = ?2");
        statement.bind(1, kind);
        statement.bind(2, id);
        if (!statement.step()) return std::nullopt;
        return read_document(statement);
    });
}

std::vector<Document> SqliteStore::list_documents(const std::string& kind, const std::string& id_prefix,
                                                  const std::string& after_id, size_t limit) {
    if (after_id.empty())
        return list_documents_after(kind, id_prefix, std::numeric_limits<int64_t>::min(), "", limit);
    return read("list_documents", [&](Connection& connection) {
        // The position of after_id is looked up in the same statement, so
        // in the same snapshot.
        auto statement = connection.statement(
            "SELECT kind, id, body, created_ms FROM documents "
            "WHERE kind = ?1 AND substr(id, 1, length(?2)) = ?2 "
            "AND (created_ms, id) > ((SELECT created_ms FROM documents WHERE kind = ?1 AND id = ?3), ?3) "
            "ORDER BY created_ms, id LIMIT ?4");
        statement.bind(1, kind);
        statement.bind(2, id_prefix);
        statement.bind(3, after_id);
        statement.bind(4, sql_limit(limit));
        std::vector<Document> documents;
        while (statement.step()) documents.push_back(read_document(statement));
        return documents;
    });
}

std::vector<Document> SqliteStore::list_documents_after(const std::string& kind, const std::string& id_prefix,
                                                        int64_t after_created_ms, const std::string& after_id,
                                                        size_t limit) {
    return read("list_documents", [&](Connection& connection) {
        auto statement = connection.statement(
            "SELECT kind, id, body, created_ms FROM documents "
            "WHERE kind = ?1 AND substr(id, 1, length(?2)) = ?2 AND (created_ms, id) > (?3, ?4) "
            "ORDER BY created_ms, id LIMIT ?5");
        statement.bind(1, kind);
        statement.bind(2, id_prefix);
        statement.bind(3, after_created_ms);
        statement.bind(4, after_id);
        statement.bind(5, sql_limit(limit));
        std::vector<Document> documents;
        while (statement.step()) documents.push_back(read_document(statement));
        return documents;
    });
}

std::optional<ExecutionRecord> SqliteStore::get_execution(const std::string& arn) {
    return read("get_execution", [&](Connection& connection) -> std::optional<ExecutionRecord> {
        auto statement = connection.statement("SELECT " EXECUTION_COLUMNS " FROM executions WHERE arn = ?1");
        statement.bind(1, arn);
        if (!statement.step()) return std::nullopt;
        return read_execution(statement);
    });
}

ExecutionPage SqliteStore::list_executions(const ExecutionFilter& filter, size_t limit, const std::string& cursor) {
    std::optional<ExecutionCursor> after;
    if (!cursor.empty()) after = decode_cursor(cursor);
    return read("list_executions", [&](Connection& connection) {
        ExecutionPage page;
        if (limit == 0) return page;
        auto statement = connection.statement(list_executions_sql(filter, after.has_value()));
        statement.bind(1, filter.state_machine_arn);
        statement.bind(2, filter.version_arn);
        statement.bind(3, filter.alias_arn);
        statement.bind(4, filter.status);
        statement.bind(5, filter.map_run_arn);
        if (after) {
            statement.bind(6, after->start_ms);
            statement.bind(7, after->arn);
        }
        // One row more than asked tells whether there is a next page.
        int64_t wanted = sql_limit(limit);
        statement.bind(8, wanted < 0 ? wanted : wanted + 1);
        while (statement.step()) {
            if (page.executions.size() == limit) {
                const ExecutionRecord& last = page.executions.back();
                page.next_cursor = encode_cursor({last.start_ms, last.arn});
                break;
            }
            page.executions.push_back(read_execution(statement));
        }
        return page;
    });
}

std::vector<ExecutionRecord> SqliteStore::running_executions() {
    return read("running_executions", [&](Connection& connection) {
        auto statement = connection.statement("SELECT " EXECUTION_COLUMNS
                                              " FROM executions WHERE status = 'RUNNING' ORDER BY start_ms, arn");
        std::vector<ExecutionRecord> records;
        while (statement.step()) records.push_back(read_execution(statement));
        return records;
    });
}

std::vector<std::string> SqliteStore::journal(const std::string& execution_arn) {
    return read("journal", [&](Connection& connection) {
        auto statement = connection.statement(
            "SELECT entry FROM journal WHERE execution = (SELECT id FROM executions WHERE arn = ?1) ORDER BY seq");
        statement.bind(1, execution_arn);
        std::vector<std::string> entries;
        while (statement.step()) entries.push_back(statement.text(0));
        return entries;
    });
}

}  // namespace stepwise::store::sqlite
