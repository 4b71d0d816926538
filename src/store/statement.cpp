#include "store/statement.h"

#include <sqlite3.h>

#include "store/sqlite_error.h"

namespace stepwise::store::sqlite {

Statement::~Statement() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

void Statement::bind(int index, const std::string& text) {
    check(db_, sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC));
}

void Statement::bind(int index, const std::optional<std::string>& text) {
    if (text)
        bind(index, *text);
    else
        check(db_, sqlite3_bind_null(statement_, index));
}

void Statement::bind(int index, int64_t number) { check(db_, sqlite3_bind_int64(statement_, index, number)); }

void Statement::bind(int index, const std::optional<int64_t>& number) {
    if (number)
        bind(index, *number);
    else
        check(db_, sqlite3_bind_null(statement_, index));
}

bool Statement::step() {
    int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    throw_error(db_, code);
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() { sqlite3_reset(statement_); }

int64_t Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

std::optional<int64_t> Statement::optional_integer(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return integer(column);
}

std::string Statement::text(int column) const {
    auto data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    if (!data) return {};
    return std::string(data, static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) return std::nullopt;
    return text(column);
}

}  // namespace stepwise::store::sqlite
