#include "api/virtual_clock_service.h"

#include "events/bus/event.h"
#include "json/parse.h"
#include "json/write.h"
#include "runtime/clock.h"

namespace stepwise::api {

namespace {

Response json_answer(const json::Value& body) {
    Response r;
    r.body = json::dump(body);
    r.content_type = "application/json";
    return r;
}

}  // namespace

int64_t VirtualClock::now_ms() const { return runtime::wall_clock_ms() + offset_ms.load(); }

void VirtualClock::handle(Request request, Responder respond, events::EventBus& bus,
                          const std::function<void()>& moved) {
    if (request.method == "POST") {
        if (!virtual_time)
            return respond(aws_error(400, "ValidationException",
                                     "The clock advances only with stepwise serve --virtual-time", "application/json"));
        auto body = json::try_parse(request.body);
        const json::Value* seconds = body ? body->find("advanceSeconds") : nullptr;
        if (!seconds || !seconds->is_number() || !(seconds->as_double() >= 0) ||
            seconds->as_double() > kMaxAdvanceSeconds)
            return respond(aws_error(400, "ValidationException",
                                     "Expected {\"advanceSeconds\": <a number of seconds from 0 to " +
                                         std::to_string(kMaxAdvanceSeconds) + ">}",
                                     "application/json"));
        // One request does bounded work: an advance that would fire more
        // schedules than that is refused whole, before anything fires.
        const int64_t advance_ms = static_cast<int64_t>(seconds->as_double() * 1000.0);
        const int64_t target = now_ms() + advance_ms;
        if (bus.firings_until(target, kMaxFiringsPerAdvance + 1) > kMaxFiringsPerAdvance)
            return respond(aws_error(400, "ValidationException",
                                     "Advancing " + json::dump(*seconds) + " seconds would fire more than " +
                                         std::to_string(kMaxFiringsPerAdvance) +
                                         " scheduled events; advance in smaller steps",
                                     "application/json"));
        offset_ms += advance_ms;
        bus.advance_to(now_ms());
        if (moved) moved();
    } else if (request.method != "GET") {
        return respond(aws_error(405, "ValidationException", "Use GET or POST " + std::string(kPath), "application/json"));
    }
    json::Object o;
    o.set("now", events::iso8601_seconds(now_ms()));
    o.set("virtualTime", json::Value(virtual_time));
    respond(json_answer(json::Value(std::move(o))));
}

}  // namespace stepwise::api
