#include "api/ui/bus_events_route.h"

#include <charconv>

#include "api/schemas/route.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

constexpr uint64_t kMaxLimit = 10'000;

Response error(int status, std::string_view type, const std::string& message) {
    return aws_error(status, type, message, "application/json");
}

std::optional<uint64_t> whole_number(const std::string& text) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

void serve_bus_events(const BusActivity& activity, const Request& request, const Responder& respond) {
    if (request.method != "GET" || request.path != kBusEventsPath)
        return respond(error(404, "UnknownOperationException", "No operation at " + request.method + " " + request.path));
    size_t limit = 100;
    std::optional<uint64_t> after;
    for (const auto& [key, value] : parse_query_string(request.query)) {
        if (key == "limit") {
            auto n = whole_number(value);
            if (!n || *n < 1 || *n > kMaxLimit)
                return respond(error(400, "ValidationException",
                                     "limit must be a whole number from 1 to " + std::to_string(kMaxLimit) + ", not '" +
                                         value + "'"));
            limit = static_cast<size_t>(*n);
        } else if (key == "after") {
            after = whole_number(value);
            if (!after)
                return respond(error(400, "ValidationException",
                                     "after must be an event id (a whole number), not '" + value + "'"));
        } else {
            return respond(error(400, "ValidationException",
                                 "Unknown query parameter '" + key + "' (" + std::string(kBusEventsPath) +
                                     " takes limit and after)"));
        }
    }
    BusActivity::Page page = activity.page(after, limit);
    json::Object body;
    body.set("events", json::Value(json::Array(std::move(page.events))));
    body.set("dropped", json::Value(static_cast<unsigned long long>(page.dropped)));
    respond(Response(200, json::dump(json::Value(std::move(body))), "application/json"));
}

}  // namespace stepwise::api
