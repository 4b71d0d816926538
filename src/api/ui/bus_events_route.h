// GET /ui/bus/events?limit=N&after=ID: the event bus's recent activity
// (api/ui/bus_activity.h) as {events: [...], dropped: N}.
//   limit  1 to 10000, default 100
//   after  an id: the `limit` oldest entries after it (to page forward);
//          absent: the `limit` newest
// Errors are {"__type", "message"}: 400 ValidationException naming the
// parameter, 404 UnknownOperationException for other paths and methods.
#pragma once

#include <string_view>

#include "api/http/request.h"
#include "api/ui/bus_activity.h"

namespace stepwise::api {

inline constexpr std::string_view kBusEventsPath = "/ui/bus/events";
// The prefix the router hands to serve_bus_events.
inline constexpr std::string_view kBusRoutesPrefix = "/ui/bus/";

void serve_bus_events(const BusActivity& activity, const Request& request, const Responder& respond);

}  // namespace stepwise::api
