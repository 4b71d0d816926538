// The event buses of one account and region: buses, rules (event patterns
// compiled once into a RuleIndex per bus, and schedules), their targets, and
// PutEvents -> matched rules -> deliveries. No HTTP here, and of the store
// only the pending deliveries (BusOptions::store, see DeliveryJournal): the
// API layer (api::EventsService) persists buses, rules and targets and serves them.
//
//   events::BusOptions options;
//   options.scope = {"123456789012", "us-east-1"};
//   options.data_dir = "/tmp/stepwise";
//   options.callbacks.start_execution = [&](std::string arn, std::string input, events::DeliveryDone done) {...};
//   events::EventBus bus(options);
//   bus.put_rule({.name = "orders", .event_pattern = R"({"source":["shop"]})"});
//   bus.put_targets("default", "orders", {events::target_from_json(json::parse(R"({"Id":"log",
//                   "Arn":"arn:aws:logs:us-east-1:123456789012:log-group:orders"})"))});
//   bus.put_events({entry});       // stored (with options.store), then delivered asynchronously
//   bus.wait_idle(std::chrono::seconds(5));
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "aws/scope.h"
#include "events/bus/archive.h"
#include "events/bus/bus_observer.h"
#include "events/bus/event.h"
#include "events/bus/model.h"
#include "events/bus/input_transformer.h"
#include "events/pattern/rule_index.h"
#include "events/bus/schedule_runner.h"
#include "events/bus/service_target.h"
#include "events/bus/target_delivery.h"
#include "events/bus/target_dispatcher.h"
#include "events/bus/target_host_guard.h"
#include "store/store.h"

namespace stepwise::events {

// The schema registry's answer for one event. Accepted with a message is a
// warning (logged, the event goes on); not accepted rejects the PutEvents
// entry with `error_code` and `message` (which names the failing property).
struct SchemaVerdict {
    bool accepted = true;
    std::string error_code;  // when rejected; "InvalidArgument" when empty
    std::string message;
    std::string schema;      // the schema the event was checked against ("" = none applies)
    std::optional<SchemaFinding> finding;  // the same in full, for the bus's observer
};
using CheckEvent = std::function<SchemaVerdict(const json::Value& event)>;

struct BusOptions {
    aws::Scope scope;  // of the bus and rule ARNs, and the events' account and region
    std::string data_dir = ".";  // logs/<group>.jsonl and dead-letters.jsonl
    std::function<int64_t()> now_ms;            // Unix ms; the wall clock when unset
    std::function<std::string()> new_event_id;  // random UUIDs when unset
    CheckEvent check_event;                     // none: every event is accepted
    std::function<void(const std::string&)> log;  // warnings; stderr when unset
    TargetCallbacks callbacks;
    double backoff_scale = 1.0;  // see DispatchOptions
    // Where accepted deliveries wait until delivered (see DeliveryJournal);
    // nullptr keeps them in memory only.
    store::Store* store = nullptr;
    size_t lane_capacity = 512;  // deliveries of one target held in memory (see DispatchOptions)
    // Hosts http:// targets may reach beside loopback (--allow-target-host).
    std::vector<std::string> allowed_target_hosts;
    // Commits the writes that store accepted deliveries, then calls back
    // ("" = committed), for the asynchronous put_events: a group commit
    // shares one transaction between many PutEvents calls. Unset: each call
    // commits on its own.
    std::function<void(std::vector<store::Write>, std::function<void(const std::string& error)>)> commit;
    // Told of every event put and every delivery's outcome; must outlive the bus.
    BusObserver* observer = nullptr;
};

// Deliveries of an event prepared inside someone else's transaction: commit
// `writes` with it, then call `release` to queue them.
struct StagedDeliveries {
    std::vector<store::Write> writes;
    std::function<void()> release;
};

// One entry of PutTargets' / RemoveTargets' FailedEntries.
struct TargetFailure {
    std::string target_id;
    std::string error_code;
    std::string error_message;
};

class EventBus {
public:
    explicit EventBus(BusOptions options);
    ~EventBus();
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    const aws::Scope& scope() const noexcept { return options_.scope; }
    int64_t now_ms() const;

    // --- buses (the default bus always exists) ---
    BusSpec create_bus(const std::string& name);  // ResourceAlreadyExistsException, ValidationException
    // The same with its settings (description, KMS key, dead-letter queue, policy); fills arn and times.
    BusSpec create_bus(BusSpec spec);
    // Changes a bus's settings (not its name or ARN) and its LastModifiedTime;
    // ResourceNotFoundException. Returns the bus as changed.
    BusSpec update_bus(const std::string& name_or_arn, const std::function<void(BusSpec&)>& change);
    std::optional<BusSpec> find_bus(const std::string& name_or_arn) const;
    std::vector<BusSpec> buses() const;  // by name
    // ValidationException for the default bus; a missing bus is no error.
    // Deletes the bus's rules and targets with it.
    void delete_bus(const std::string& name_or_arn);

    // --- rules (bus = name or ARN, "" = default) ---
    // Creates or replaces a rule (its targets stay). Fills arn and
    // created_ms. Throws BusError: ResourceNotFoundException (no such bus),
    // InvalidEventPatternException, ValidationException.
    RuleSpec put_rule(RuleSpec rule);
    std::optional<RuleSpec> find_rule(const std::string& bus, const std::string& name) const;
    std::vector<RuleSpec> rules(const std::string& bus) const;  // by name; ResourceNotFoundException
    // ValidationException "Rule can't be deleted since it has targets." unless
    // `force`; a missing rule is no error.
    void delete_rule(const std::string& bus, const std::string& name, bool force = false);
    void set_rule_state(const std::string& bus, const std::string& name, bool enabled);  // ResourceNotFoundException

    // --- targets ---
    // Adds or replaces targets by Id. Throws BusError for a missing rule or an
    // invalid target: ValidationException for an http:// host not allowed or
    // what check_target refuses, LimitExceededException past 5 targets on the
    // rule, unless `strict` is false (targets loaded from the store are kept
    // and refused at delivery instead); returns the targets that failed (none today).
    std::vector<TargetFailure> put_targets(const std::string& bus, const std::string& rule,
                                           std::vector<TargetSpec> targets, bool strict = true);
    // Targets a rule may have: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
    static constexpr size_t kMaxTargetsPerRule = 5;
    // Ids that are not there are reported as failed entries, as AWS does.
    std::vector<TargetFailure> remove_targets(const std::string& bus, const std::string& rule,
                                              const std::vector<std::string>& ids);
    std::vector<TargetSpec> targets(const std::string& bus, const std::string& rule) const;  // in Id order
    std::vector<std::string> rule_names_by_target(const std::string& bus, const std::string& target_arn) const;

    // --- events ---
    // PutEvents without the request-level limits (the API checks entry count
    // and size): one result per entry, in order. The matched deliveries are
    // stored (one transaction) before this returns, then delivered
    // asynchronously; if the store fails, the entries that matched fail with
    // InternalException.
    std::vector<EntryResult> put_events(const std::vector<EventEntry>& entries);
    // The same, answering through `done` once the deliveries are stored
    // (through BusOptions::commit when set), from any thread.
    void put_events(const std::vector<EventEntry>& entries, std::function<void(std::vector<EntryResult>)> done);
    // Puts an already built event (emitted by Step Functions) on a bus,
    // skipping schema checks, in two halves, for a caller that commits the
    // deliveries in a transaction of its own (status changes, with the step
    // that made them). Throws BusError when the bus does not exist. `sent_by`:
    // see EventPut.
    StagedDeliveries stage_publish(const std::string& bus, const json::Value& event, const std::string& sent_by);
    // Puts a replayed event (it carries `replay-name`) on `bus`, for the rules
    // named in `rule_arns` only (all of the bus's when empty), skipping schema
    // checks and archives; the caller commits the writes (see stage_publish).
    StagedDeliveries stage_replayed(const std::string& bus, const json::Value& event,
                                    const std::vector<std::string>& rule_arns, const std::string& sent_by);
    // Resumes the deliveries an earlier run stored and did not finish; call
    // once at start, after the rules and targets are loaded. How many targets.
    size_t recover_deliveries();

    // The archives of the buses' events (see Archive); nullptr without a store.
    Archives* archives() { return archives_.get(); }

    // --- schedules (rules with ScheduleExpression, on the `now_ms` clock) ---
    void advance_to(int64_t ms);  // virtual time: fire everything due at or before ms
    size_t firings_until(int64_t ms, size_t limit) const;  // how many advance_to(ms) would fire, up to limit
    void start_scheduler();  // real time: a timer thread
    void stop_scheduler();

    // Waits until every accepted event has been delivered or dead-lettered.
    bool wait_idle(std::chrono::milliseconds timeout);
    // Deliveries held in memory (the rest wait in the store).
    size_t deliveries_in_memory() const { return dispatcher_.held(); }
    const std::string& dead_letter_file() const { return dispatcher_.dead_letter_file(); }

private:
    struct CompiledTarget {
        TargetSpec spec;
        TargetInput input;
        ServiceTargetParameters parameters;
        std::shared_ptr<TargetDelivery> delivery;
    };
    struct RuleState {
        RuleSpec spec;
        std::map<std::string, CompiledTarget> targets;  // by Id
    };
    struct BusState {
        BusSpec spec;
        RuleIndex index;  // enabled rules with a pattern, by rule name
        std::map<std::string, RuleState> rules;
    };

    DispatchOptions dispatch_options();
    BusState* bus_state(const std::string& name_or_arn);
    const BusState* bus_state(const std::string& name_or_arn) const;
    BusState& existing_bus(const std::string& name_or_arn);
    const BusState& existing_bus(const std::string& name_or_arn) const;
    RuleState& existing_rule(BusState& bus, const std::string& name);
    void index_rule(BusState& bus, const RuleState& rule);
    void unindex_rule(BusState& bus, const std::string& name);
    // Matches under the caller's (shared) lock; appends deliveries to send later.
    void route(const BusState& bus, const json::Value& event, int64_t ingestion_ms, int bus_hops,
               std::vector<Delivery>& out) const;
    void add_deliveries(const RuleState& rule, const json::Value& event, int64_t ingestion_ms, int bus_hops,
                        std::vector<Delivery>& out) const;
    std::vector<Delivery> routed(const std::string& bus, const json::Value& event, int bus_hops,
                                 const std::string& sent_by, std::vector<store::Write>* archived) const;
    // The writes that archive an event put on `bus` (none without archives).
    void archive(const std::string& bus, const json::Value& event, std::vector<store::Write>& out) const;
    // Stores the deliveries and `archived` in one transaction, then queues the
    // deliveries. Throws store::StoreError (and queues nothing).
    void store_and_enqueue(std::vector<Delivery> deliveries, std::vector<store::Write> archived);
    // Tells the observer of an event put; the deliveries from `first` on are its own.
    void observe_put(const std::string& bus, const json::Value& event, const std::string& sent_by,
                     const SchemaVerdict* verdict, std::vector<Delivery>& deliveries, size_t first) const;
    // PutEvents up to storing: a result per entry, and the deliveries of the
    // accepted ones (entry_of[i]: the entry of deliveries[i]).
    struct RoutedPut {
        std::vector<EntryResult> results;
        std::vector<Delivery> deliveries;
        std::vector<size_t> entry_of;
        std::vector<uint64_t> put_of;  // put_of[i]: the observer's id of deliveries[i]'s put
        std::vector<store::Write> archived;  // the accepted events in their archives
        std::vector<size_t> archived_entries;  // the entries that wrote `archived`
        // The entries that matched a rule fail: their deliveries could not be stored.
        void fail_stored(const std::string& error, BusObserver* observer);
    };
    RoutedPut route_put(const std::vector<EventEntry>& entries);
    // Puts an event forwarded from another bus (a bus target) on `bus`,
    // skipping schema checks. `bus_hops`: the event bus targets it came
    // through. Throws BusError when the bus does not exist,
    // store::StoreError when its deliveries could not be stored.
    void publish(const std::string& bus, const json::Value& event, int bus_hops, const std::string& sent_by);
    std::shared_ptr<TargetDelivery> make_delivery(const std::string& target_arn);
    // Why a delivery is dead-lettered without an attempt (host not allowed, bus loop).
    std::optional<std::string> refusal(const Delivery& delivery) const;
    void fire_schedule(const std::string& key, int64_t scheduled_ms);
    void log(const std::string& message) const;

    BusOptions options_;
    TargetHostGuard host_guard_;
    mutable std::shared_mutex mutex_;
    std::map<std::string, std::unique_ptr<BusState>> buses_;
    std::unique_ptr<Archives> archives_;
    TargetDispatcher dispatcher_;
    ScheduleRunner schedules_;
};

}  // namespace stepwise::events
