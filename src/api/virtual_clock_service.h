// The clock of the event bus's schedules, and a small stepwise-only endpoint
// to read and (with --virtual-time) advance it:
//   GET  /_stepwise/clock                          {"now": "...", "virtualTime": true}
//   POST /_stepwise/clock  {"advanceSeconds": 300}  fires the schedules due meanwhile
//                                                   (at most kMaxFiringsPerAdvance per request),
//                                                   and the executions' timers and Task deadlines
// With real time the clock is the wall clock and the bus's own timer fires
// schedules; advancing is refused.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "api/http/request.h"
#include "events/bus/event_bus.h"

namespace stepwise::api {

struct VirtualClock {
    static constexpr const char* kPath = "/_stepwise/clock";
    static constexpr int64_t kMaxAdvanceSeconds = 100LL * 366 * 24 * 3600;  // a century
    static constexpr size_t kMaxFiringsPerAdvance = 10'000;

    bool virtual_time = false;
    std::atomic<int64_t> offset_ms{0};

    int64_t now_ms() const;
    // `moved` runs after an advance (the executions catch up with the clock).
    void handle(Request request, Responder respond, events::EventBus& bus, const std::function<void()>& moved);
};

}  // namespace stepwise::api
