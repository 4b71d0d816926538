#include "store/execution_cursor.h"

#include <charconv>

#include "store/store.h"

namespace stepwise::store {

// "<start_ms>:<arn>". The ARN may contain ':' itself; the first one ends the number.
std::string encode_cursor(const ExecutionCursor& cursor) {
    return std::to_string(cursor.start_ms) + ":" + cursor.arn;
}

ExecutionCursor decode_cursor(const std::string& text) {
    ExecutionCursor cursor;
    auto separator = text.find(':');
    if (separator == std::string::npos || separator == 0 || separator + 1 == text.size())
        throw InvalidCursor("list_executions: invalid cursor");
    auto [end, error] = std::from_chars(text.data(), text.data() + separator, cursor.start_ms);
    if (error != std::errc() || end != text.data() + separator) throw InvalidCursor("list_executions: invalid cursor");
    cursor.arn = text.substr(separator + 1);
    return cursor;
}

}  // namespace stepwise::store
