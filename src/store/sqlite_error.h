// Turning SQLite result codes into StoreError.
#pragma once

#include "store/store.h"

struct sqlite3;

namespace stepwise::store::sqlite {

// Throws StoreError with SQLite's message for `db` (or the code's generic
// message when there is no connection).
[[noreturn]] void throw_error(sqlite3* db, int code);

// Throws unless `code` is SQLITE_OK.
void check(sqlite3* db, int code);

// Runs `body`; a StoreError escaping it is rethrown as "<operation>: <message>".
template <typename Body>
auto naming_operation(const char* operation, Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const StoreError& error) {
        throw StoreError(std::string(operation) + ": " + error.what());
    }
}

}  // namespace stepwise::store::sqlite
