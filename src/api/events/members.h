// Refusing request members an operation does not support (internal to the
// events API: archives.cpp, replays.cpp): a member stepwise would otherwise
// ignore fails loudly, naming it, never accepted and dropped.
#pragma once

#include <initializer_list>
#include <string_view>

#include "api/events/call.h"

namespace stepwise::api {

// ValidationException naming the first member of the body not in `known`.
void only_members(const EventsCall& call, std::string_view operation, std::initializer_list<std::string_view> known);

// A Timestamp member as clients send it (epoch seconds, or an ISO 8601
// string), in Unix ms; nullopt when absent. SerializationException otherwise.
std::optional<int64_t> timestamp_member(const EventsCall& call, std::string_view key);

}  // namespace stepwise::api
