// Version 4 UUIDs (RFC 4122): States.UUID, execution names, event ids,
// request ids. One formatter, so every id stepwise makes has the same shape.
#pragma once

#include <cstdint>
#include <string>

namespace stepwise::query {

// 8-4-4-4-12 lower-case hex of 128 random bits, with the version (4) and
// variant (10) bits set.
std::string format_uuid_v4(uint64_t high, uint64_t low);

// A new UUID from the calling thread's default randomness (query::default_random).
std::string random_uuid();

}  // namespace stepwise::query
