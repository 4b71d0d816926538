#include "api/virtual_clock_service.h"

#include "events/bus_event.h"
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

void VirtualClock::handle(Request request, Responder respond, events::EventBus& bus) {
    if (request.method == "POST") {
        if (!virtual_time)
            return respond(aws_error(400, "ValidationException",
                                     "The clock advances only with stepwise serve --virtual-time", "application/json"));
        auto body = json::try_parse(request.body);
        const json::Value* seconds = body ? body->find("advanceSeconds") : nullptr;
        if (!seconds || !seconds->is_number() || seconds->as_double() < 0)
            return respond(aws_error(400, "ValidationException",
                                     "Expected {\"advanceSeconds\": <a number of seconds, 0 or more>}", "application/json"));
        offset_ms += static_cast<int64_t>(seconds->as_double() * 1000.0);
        bus.advance_to(now_ms());
    } else if (request.method != "GET") {
        return respond(aws_error(405, "ValidationException", "Use GET or POST " + std::string(kPath), "application/json"));
    }
    json::Object o;
    o.set("now", events::iso8601_seconds(now_ms()));
    o.set("virtualTime", json::Value(virtual_time));
    respond(json_answer(json::Value(std::move(o))));
}

}  // namespace stepwise::api
