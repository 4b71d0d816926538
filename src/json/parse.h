// JSON text input (RFC 8259), strict: no comments, no trailing commas.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "json/value.h"

namespace stepwise::json {

struct ParseOptions {
    size_t max_depth = 1000;  // nesting of arrays and objects
    // A member name given twice in one object is an error (RFC 8259 leaves it
    // to the reader; by default the last one counts, as most readers do).
    bool reject_duplicate_keys = false;
};

class ParseError : public std::runtime_error {
public:
    ParseError(std::string message, size_t offset, size_t line, size_t column);
    const std::string& reason() const noexcept { return reason_; }
    size_t offset() const noexcept { return offset_; }
    size_t line() const noexcept { return line_; }      // 1-based
    size_t column() const noexcept { return column_; }  // 1-based, in bytes

private:
    std::string reason_;
    size_t offset_, line_, column_;
};

// Throws ParseError naming the line and column of the first problem.
Value parse(std::string_view text, const ParseOptions& options = {});

// The same without exceptions: nullopt and a message on failure.
std::optional<Value> try_parse(std::string_view text, std::string* error = nullptr,
                               const ParseOptions& options = {});

// Reads a whole file and parses it; throws std::runtime_error naming the file.
Value parse_file(const std::string& path, const ParseOptions& options = {});

// Reads a whole file into a string; throws std::runtime_error naming the file.
std::string read_file(const std::string& path);

}  // namespace stepwise::json
