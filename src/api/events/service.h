// The Amazon EventBridge API (`X-Amz-Target: AWSEvents.<Operation>`, AWS
// JSON 1.1) over an events::EventBus, with buses, rules and targets kept in
// the store (document kinds "event_bus", "rule", "targets"; beside them
// "event_tags", "partner_event_source", "event_endpoint") so they survive a
// restart.
//
//   events::EventBus bus(bus_options);
//   api::EventsService events(store, {.data_dir = dir}, bus);
//   events.load();                                  // rebuild the bus from the store, once at start
//   events.handle(request, respond);                // request.service == "AWSEvents"
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "api/http/request.h"
#include "events/bus/api_destinations.h"
#include "events/bus/event_bus.h"
#include "store/store.h"

namespace stepwise::api {

// The account and region are the bus's (events::BusOptions::scope).
struct EventsOptions {
    std::string data_dir = ".";
    // Connections and API destinations; nullptr answers their operations with an error.
    events::ApiDestinations* api_destinations = nullptr;
    // Whether the bus of this name has a schema discoverer (UpdateEventBus
    // refuses it a customer managed key); unset: none has.
    std::function<bool(const std::string&)> bus_has_discoverer = {};
};

struct EventsShared;

class EventsService {
public:
    EventsService(store::Store& store, EventsOptions options, events::EventBus& bus);
    ~EventsService();
    EventsService(const EventsService&) = delete;
    EventsService& operator=(const EventsService&) = delete;

    // Puts the stored buses, rules and targets back on the bus. Entries that
    // no longer load (say a pattern this version rejects) are skipped, and
    // their errors returned, one line each.
    std::vector<std::string> load();

    // Answers one call, exactly once, on the calling thread.
    void handle(Request request, Responder respond);

private:
    std::unique_ptr<EventsShared> shared_;
};

}  // namespace stepwise::api
