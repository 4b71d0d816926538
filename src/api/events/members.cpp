#include "api/events/members.h"

#include <algorithm>
#include <cmath>

namespace stepwise::api {

void only_members(const EventsCall& call, std::string_view operation, std::initializer_list<std::string_view> known) {
    for (const json::Member& member : call.body.as_object()) {
        if (std::find(known.begin(), known.end(), member.name()) == known.end())
            validation_error("stepwise does not support the member " + std::string(member.name()) + " of " +
                             std::string(operation) + ".");
    }
}

std::optional<int64_t> timestamp_member(const EventsCall& call, std::string_view key) {
    const json::Value* v = call.body.find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_number()) {
        double seconds = v->as_double();
        // Years 0 to 9999: what a Timestamp can name.
        if (std::isfinite(seconds) && seconds >= -62'167'219'200.0 && seconds <= 253'402'300'799.0)
            return static_cast<int64_t>(std::llround(seconds * 1000));
    } else if (v->is_string()) {
        if (auto ms = events::parse_iso8601(std::string(v->as_string()))) return ms;
    }
    throw events::BusError("SerializationException",
                           "Unexpected value type for '" + std::string(key) + "': expected a timestamp");
}

}  // namespace stepwise::api
