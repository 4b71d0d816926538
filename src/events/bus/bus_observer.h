// What the bus tells an observer as it works (the web page's activity list,
// api/ui/bus_activity.h): each event put, with the schema verdict and the
// targets its rules matched, then each change of a delivery's status. The
// observer gives each put an id; the bus carries it on the put's deliveries
// (and in the delivery journal, for this process only) so that their
// outcomes can be told against it. Calls come from any thread, some under the
// bus's locks: an observer must not call back into the bus.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/schema/violation.h"
#include "json/value.h"

namespace stepwise::events {

// The schema an event was checked against, and what the check found.
struct SchemaFinding {
    std::string registry;
    std::string name;
    std::string version;
    std::vector<SchemaViolation> violations;  // empty: the event fits
    bool enforced = false;                    // --schemas enforce (else warn)
};

// One target a matched rule sends the event to.
struct MatchedTarget {
    std::string rule_arn;
    std::string target_id;
    std::string target_arn;
};

struct EventPut {
    json::Value event;     // the envelope (id, detail-type, source, time, resources, detail, ...)
    std::string bus_name;
    // Who put it: "PutEvents" (a client), an execution ARN (an events:putEvents
    // Task, or the execution's status change), "Schedule" (a schedule rule) or
    // the ARN of the rule whose event-bus target forwarded it.
    std::string sent_by;
    std::optional<SchemaFinding> schema;  // none: no schema applies (or --schemas off)
    bool rejected = false;                // the schema check refused the entry
    std::vector<MatchedTarget> targets;   // in rule, then target Id order
    int64_t time_ms = 0;                  // when it was put
};

enum class DeliveryStatus { Pending, Delivered, Failed, DeadLetter };

struct DeliveryChange {
    uint64_t put_id = 0;  // the observer's id for the put
    std::string rule_arn;
    std::string target_id;
    DeliveryStatus status = DeliveryStatus::Pending;
    int64_t attempts = 0;
    std::string error;             // Failed, DeadLetter
    std::string dead_letter_file;  // DeadLetter: where it was written
    int64_t time_ms = 0;
};

class BusObserver {
public:
    virtual ~BusObserver() = default;
    // Returns the put's id (never 0).
    virtual uint64_t event_put(EventPut put) = 0;
    // A delivery of put `change.put_id` changed status.
    virtual void delivery_changed(const DeliveryChange& change) = 0;
    // The put's deliveries could not be stored: the entry failed after all.
    virtual void put_failed(uint64_t put_id, const std::string& error) = 0;
};

}  // namespace stepwise::events
