// The event bus's recent activity, for the web page: every event put (by a
// client's PutEvents, an events:putEvents Task, an execution's status change,
// a schedule, a bus target), its schema verdict, the rules it matched and
// where each of their targets' deliveries stands. Served by GET /ui/bus/events
// (api/ui/bus_events_route.h) and sent to /ui/stream as `bus` messages.
// PutEvents entries refused before they become events (a missing field, bad
// Detail, an unknown bus) are not listed: their callers get the error.
//
// Kept in memory only, newest last: the last `Limits::events` puts while
// their JSON stays under `Limits::bytes`; older ones are dropped and counted.
// A restart starts it empty: deliveries an earlier run left in the store are
// still made, but not listed (the delivery journal keeps only what waits).
//
// An entry as JSON:
//   {id (ascending from 1), time (epoch seconds), eventBusName, source,
//    detailType, detail, resources, sentBy ("PutEvents", an execution ARN,
//    "Schedule", or the ARN of the rule whose event-bus target forwarded it),
//    schema: null | {registry, name, version, valid, mode: "warn"|"enforce",
//                     violations: [{pointer, message}]},
//    rejected (the schema check refused the entry), error? (the entry failed
//    after all: its deliveries could not be stored),
//    matches: [{rule, ruleArn, deliveries: [{targetId, targetArn,
//              status: "pending"|"delivered"|"failed"|"dead-letter",
//              attempts, error?, deadLetterFile?, time}]}]}
// "failed": the last attempt failed and another is due; "dead-letter": given
// up, written to deadLetterFile (absent when that write failed too).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "events/bus/bus_observer.h"
#include "json/value.h"

namespace stepwise::api {

class BusActivity final : public events::BusObserver {
public:
    struct Limits {
        size_t events = 10'000;
        size_t bytes = 64u << 20;  // of the entries' JSON, roughly
    };

    BusActivity() : BusActivity(Limits{}) {}
    explicit BusActivity(Limits limits) : limits_(limits) {}
    BusActivity(const BusActivity&) = delete;
    BusActivity& operator=(const BusActivity&) = delete;

    uint64_t event_put(events::EventPut put) override;
    void delivery_changed(const events::DeliveryChange& change) override;
    void put_failed(uint64_t put_id, const std::string& error) override;

    struct Page {
        std::vector<json::Value> events;  // ascending ids
        uint64_t dropped = 0;             // older entries no longer kept
    };
    // The `limit` oldest entries with an id above `after`; without `after`, the `limit` newest.
    Page page(std::optional<uint64_t> after, size_t limit) const;

    // The puts still kept that `sent_by` made, oldest first (`stepwise run --ui`'s trace).
    std::vector<events::EventPut> puts_sent_by(const std::string& sent_by) const;

    // `changed` gets an entry's JSON each time one is added or changes, in
    // that order, when `wanted()` says someone listens. Called under this
    // object's lock: it must not call back.
    void on_change(std::function<bool()> wanted, std::function<void(const json::Value& entry)> changed);

private:
    struct Delivery {
        events::MatchedTarget target;
        events::DeliveryStatus status = events::DeliveryStatus::Pending;
        int64_t attempts = 0;
        std::string error;
        std::string dead_letter_file;
        int64_t time_ms = 0;
    };
    struct Entry {
        uint64_t id = 0;
        events::EventPut put;
        std::string error;
        std::vector<Delivery> deliveries;
        size_t bytes = 0;
    };

    Entry* find(uint64_t id);
    void changed(const Entry& entry);  // lock held
    static json::Value to_json(const Entry& entry);

    Limits limits_;
    mutable std::mutex mutex_;
    std::deque<Entry> entries_;  // ids consecutive, oldest first
    uint64_t next_id_ = 1;
    uint64_t dropped_ = 0;
    size_t bytes_ = 0;
    std::function<bool()> wanted_;
    std::function<void(const json::Value&)> changed_;
};

}  // namespace stepwise::api
