// A use of one cached prepared statement: bind, step, read columns. The
// destructor resets it, so a read never keeps its snapshot (and the WAL) open
// after the caller is done, and the statement is ready for the next use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace stepwise::store::sqlite {

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Texts are bound without a copy: they must outlive the step. Temporaries
    // are refused at compile time for that reason.
    void bind(int index, const std::string& text);
    void bind(int index, std::string&&) = delete;
    void bind(int index, const std::optional<std::string>& text);
    void bind(int index, std::optional<std::string>&&) = delete;
    void bind(int index, int64_t number);
    void bind(int index, const std::optional<int64_t>& number);

    // true while there is a row to read; false when done. Throws StoreError.
    bool step();
    // Steps a statement that returns no rows to its end.
    void run();
    // Makes the statement ready to run again; bindings stay.
    void reset();

    int64_t integer(int column) const;
    std::optional<int64_t> optional_integer(int column) const;
    std::string text(int column) const;
    std::optional<std::string> optional_text(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* statement_;
};

}  // namespace stepwise::store::sqlite
