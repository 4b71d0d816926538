// What the archive and replay operations share (internal to the events API:
// archives.cpp, replays.cpp).
#pragma once

#include <string_view>
#include <vector>

#include "api/events/call.h"
#include "events/bus/archive.h"

namespace stepwise::api {

// The bus's archives; InternalException without a store.
events::Archives& archives_of(EventsCall& call);

// ListArchives' and ListReplays' filters: at most one of NamePrefix,
// EventSourceArn and State, and State one of `states`.
void check_list_filters(EventsCall& call, std::string_view operation, const std::vector<std::string_view>& states);

}  // namespace stepwise::api
