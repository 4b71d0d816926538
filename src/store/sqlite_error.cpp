#include "store/sqlite_error.h"

#include <sqlite3.h>

namespace stepwise::store::sqlite {

void throw_error(sqlite3* db, int code) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw StoreError(message + " (SQLite error " + std::to_string(code) + ")");
}

void check(sqlite3* db, int code) {
    if (code != SQLITE_OK) throw_error(db, code);
}

}  // namespace stepwise::store::sqlite
