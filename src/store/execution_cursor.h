// The position of an execution in a listing (newest start first, then ARN),
// written as the opaque text a client hands back for the next page.
#pragma once

#include <cstdint>
#include <string>

namespace stepwise::store {

struct ExecutionCursor {
    int64_t start_ms = 0;
    std::string arn;
};

std::string encode_cursor(const ExecutionCursor& cursor);
// Throws InvalidCursor for text encode_cursor did not write.
ExecutionCursor decode_cursor(const std::string& text);

}  // namespace stepwise::store
