// One SQLite connection with its prepared statements cached by SQL text.
// Not thread-safe: the store gives each connection to one thread at a time.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "store/statement.h"

namespace stepwise::store::sqlite {

class Connection {
public:
    // Opens (creating if missing) the database at `path`; ":memory:" for a
    // private in-memory database. Throws StoreError.
    explicit Connection(const std::string& path);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs SQL without results (pragmas, BEGIN, COMMIT, schema). Throws StoreError.
    void execute(const char* sql);
    // The cached statement for `sql`, prepared on first use.
    Statement statement(std::string_view sql);
    // The single integer a query such as "PRAGMA user_version" returns.
    int64_t query_integer(const char* sql);
    // Whether a transaction is open (false after SQLite rolled one back itself).
    bool in_transaction() const;

    sqlite3* handle() const { return db_; }

private:
    struct TransparentHash {
        using is_transparent = void;
        size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };

    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*, TransparentHash, std::equal_to<>> statements_;
};

}  // namespace stepwise::store::sqlite
