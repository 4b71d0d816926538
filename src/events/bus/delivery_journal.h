// The deliveries the bus has accepted and not yet delivered (or
// dead-lettered), kept in the store so that a crash loses none: one document
// per (event, rule, target), written in the transaction that accepts the
// event, deleted once delivered. On restart they are delivered again (at
// least once).
//
// Shape: documents, so no new table or migration. Each target (rule ARN + target
// Id, a "lane") has its own document kind, "event_delivery/<lane>", whose ids
// are increasing sequence numbers: a lane's page is one range of the
// documents index, whatever other lanes hold. Kind "event_delivery_lane"
// lists the lanes, for recovery.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "events/bus/model.h"
#include "events/bus/target_delivery.h"
#include "store/store.h"

namespace stepwise::events {

struct Delivery {
    DeliveryRequest request;
    std::shared_ptr<TargetDelivery> target;
    RetryPolicy retry_policy;
    std::string dead_letter_arn;  // the target's DeadLetterConfig Arn, "" when none
    int64_t ingestion_ms = 0;     // the event's age counts from here
    std::string id;               // its document in the store; "" when kept in memory only
    uint64_t put_id = 0;          // the bus observer's id of its put (0: none, or an earlier run's)
    // Why it is dead-lettered without an attempt, known when it was routed
    // (an input over 256 KB); "" for the others.
    std::string refused_because;

    // The target's queue: "<rule ARN>#<target Id>".
    std::string lane() const { return request.rule_arn + "#" + request.target_id; }
};

class DeliveryJournal {
public:
    explicit DeliveryJournal(store::Store& store);

    // Gives each delivery its id and returns the writes that store them (and
    // register their lanes), to commit in one transaction.
    std::vector<store::Write> writes_for(std::vector<Delivery>& deliveries);
    // The first `limit` stored deliveries of `lane`, oldest first (target left
    // unset); `read` gets how many documents were read (unreadable ones are
    // printed to stderr and deleted).
    std::vector<Delivery> page(const std::string& lane, size_t limit, size_t* read = nullptr);
    // Lanes that hold stored deliveries (at start, to resume them).
    std::vector<std::string> lanes_with_deliveries();
    // Deletes delivered (or dead-lettered) deliveries: (lane, id) pairs.
    void remove(const std::vector<std::pair<std::string, std::string>>& done);

    static std::string kind_of(const std::string& lane);
    static json::Value to_json(const Delivery& delivery);
    static Delivery from_json(const json::Value& value);  // throws on a wrong shape

private:
    store::Store& store_;
    std::mutex mutex_;
    uint64_t next_sequence_;
    std::string boot_;  // this run's random tag: ids stay unique if the clock goes back
};

}  // namespace stepwise::events
