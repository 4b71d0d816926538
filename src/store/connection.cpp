#include "store/connection.h"

#include <sqlite3.h>

#include <memory>

#include "store/sqlite_error.h"

namespace stepwise::store::sqlite {

namespace {
constexpr int busy_timeout_ms = 10'000;
}

Connection::Connection(const std::string& path) {
    // NOMUTEX: the store already hands a connection to one thread at a time.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (code != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
        sqlite3_close_v2(db_);
        throw StoreError(message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

Connection::~Connection() {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
}

void Connection::execute(const char* sql) {
    char* error = nullptr;
    int code = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (code != SQLITE_OK) {
        std::string message = error ? error : sqlite3_errstr(code);
        sqlite3_free(error);
        throw StoreError(message + " (SQLite error " + std::to_string(code) + ")");
    }
}

Statement Connection::statement(std::string_view sql) {
    auto found = statements_.find(sql);
    if (found == statements_.end()) {
        sqlite3_stmt* prepared = nullptr;
        check(db_, sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &prepared, nullptr));
        found = statements_.emplace(std::string(sql), prepared).first;
    }
    return Statement(db_, found->second);
}

int64_t Connection::query_integer(const char* sql) {
    sqlite3_stmt* prepared = nullptr;
    check(db_, sqlite3_prepare_v2(db_, sql, -1, &prepared, nullptr));
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owner(prepared, sqlite3_finalize);
    Statement statement(db_, prepared);  // destroyed (reset) before `owner` finalizes
    return statement.step() ? statement.integer(0) : 0;
}

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace stepwise::store::sqlite
