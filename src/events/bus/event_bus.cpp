#include "events/bus/event_bus.h"

#include <algorithm>
#include <iostream>

#include "aws/arn.h"
#include "events/bus/target_kind.h"
#include "events/pattern/pattern.h"
#include "json/parse.h"

namespace stepwise::events {
namespace {

int64_t wall_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

[[noreturn]] void not_found(std::string message) { throw BusError("ResourceNotFoundException", std::move(message)); }
[[noreturn]] void invalid(std::string message) { throw BusError("ValidationException", std::move(message)); }

std::string bus_missing_message(const std::string& bus) { return "Event bus " + bus + " does not exist."; }
std::string rule_missing_message(const std::string& rule, const std::string& bus) {
    return "Rule " + rule + " does not exist on EventBus " + bus + ".";
}

// Rule and target names: 1-64 of [.-_A-Za-z0-9]; bus names may also hold '/'
// (partner buses) and go to 256.
bool valid_name(const std::string& name, size_t max, bool slash) {
    if (name.empty() || name.size() > max) return false;
    return std::all_of(name.begin(), name.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || (slash && c == '/');
    });
}

thread_local MatchScratch tls_scratch;

}  // namespace

DispatchOptions EventBus::dispatch_options() {
    DispatchOptions d;
    d.data_dir = options_.data_dir;
    d.backoff_scale = options_.backoff_scale;
    d.now_ms = [this] { return now_ms(); };
    d.log = options_.log;
    d.store = options_.store;
    d.lane_capacity = options_.lane_capacity;
    d.make_target = [this](const std::string& arn) { return make_delivery(arn); };
    d.refuse = [this](const Delivery& delivery) { return refusal(delivery); };
    d.send_dead_letter = [this](const ServiceCall& message, std::string* written_to) {
        return send_service_call_now(message, options_.callbacks, options_.data_dir, written_to);
    };
    if (BusObserver* observer = options_.observer)
        d.observe = [observer](const DeliveryChange& change) { observer->delivery_changed(change); };
    return d;
}

EventBus::EventBus(BusOptions options)
    : options_(std::move(options)),
      host_guard_(options_.allowed_target_hosts),
      dispatcher_(dispatch_options()),
      schedules_([this] { return now_ms(); },
                 [this](const std::string& key, int64_t ms) { fire_schedule(key, ms); }) {
    auto default_bus = std::make_unique<BusState>();
    default_bus->spec.name = std::string(kDefaultBus);
    default_bus->spec.arn = aws::event_bus_arn(options_.scope, kDefaultBus);
    default_bus->spec.created_ms = default_bus->spec.modified_ms = now_ms();
    buses_.emplace(std::string(kDefaultBus), std::move(default_bus));
    if (options_.store) archives_ = std::make_unique<Archives>(*options_.store, options_.scope);
}

EventBus::~EventBus() { schedules_.stop(); }

int64_t EventBus::now_ms() const { return options_.now_ms ? options_.now_ms() : wall_clock_ms(); }

void EventBus::log(const std::string& message) const {
    if (options_.log)
        options_.log(message);
    else
        std::cerr << "stepwise events: " << message << "\n";
}

// --- buses ---

EventBus::BusState* EventBus::bus_state(const std::string& name_or_arn) {
    auto it = buses_.find(bus_name_of(name_or_arn));
    return it == buses_.end() ? nullptr : it->second.get();
}

const EventBus::BusState* EventBus::bus_state(const std::string& name_or_arn) const {
    auto it = buses_.find(bus_name_of(name_or_arn));
    return it == buses_.end() ? nullptr : it->second.get();
}

EventBus::BusState& EventBus::existing_bus(const std::string& name_or_arn) {
    if (BusState* bus = bus_state(name_or_arn)) return *bus;
    not_found(bus_missing_message(bus_name_of(name_or_arn)));
}

const EventBus::BusState& EventBus::existing_bus(const std::string& name_or_arn) const {
    if (const BusState* bus = bus_state(name_or_arn)) return *bus;
    not_found(bus_missing_message(bus_name_of(name_or_arn)));
}

BusSpec EventBus::create_bus(const std::string& name) {
    BusSpec spec;
    spec.name = name;
    return create_bus(std::move(spec));
}

BusSpec EventBus::create_bus(BusSpec spec) {
    const std::string& name = spec.name;
    if (!valid_name(name, 256, true) || name == kDefaultBus)
        invalid(name == kDefaultBus ? "Event bus default already exists." : "Parameter Name is not valid.");
    std::unique_lock lock(mutex_);
    if (buses_.count(name)) throw BusError("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
    auto bus = std::make_unique<BusState>();
    spec.arn = aws::event_bus_arn(options_.scope, name);
    if (spec.created_ms == 0) spec.created_ms = now_ms();
    if (spec.modified_ms == 0) spec.modified_ms = spec.created_ms;
    bus->spec = spec;
    buses_.emplace(name, std::move(bus));
    return spec;
}

BusSpec EventBus::update_bus(const std::string& name_or_arn, const std::function<void(BusSpec&)>& change) {
    std::unique_lock lock(mutex_);
    BusState& bus = existing_bus(name_or_arn);
    BusSpec spec = bus.spec;
    spec.modified_ms = now_ms();
    change(spec);
    spec.name = bus.spec.name;
    spec.arn = bus.spec.arn;
    bus.spec = spec;
    return spec;
}

std::optional<BusSpec> EventBus::find_bus(const std::string& name_or_arn) const {
    std::shared_lock lock(mutex_);
    if (const BusState* bus = bus_state(name_or_arn)) return bus->spec;
    return std::nullopt;
}

std::vector<BusSpec> EventBus::buses() const {
    std::shared_lock lock(mutex_);
    std::vector<BusSpec> out;
    for (const auto& [name, bus] : buses_) out.push_back(bus->spec);
    return out;
}

void EventBus::delete_bus(const std::string& name_or_arn) {
    std::string name = bus_name_of(name_or_arn);
    if (name == kDefaultBus) invalid("Cannot delete event bus default.");
    std::unique_lock lock(mutex_);
    buses_.erase(name);
}

// --- rules ---

void EventBus::index_rule(BusState& bus, const RuleState& rule) {
    if (rule.spec.enabled() && !rule.spec.event_pattern.empty())
        bus.index.add(rule.spec.name, Pattern::compile(std::string_view(rule.spec.event_pattern)));
    else
        bus.index.remove(rule.spec.name);
    std::string key = bus.spec.name + "\n" + rule.spec.name;
    if (rule.spec.enabled() && !rule.spec.schedule_expression.empty())
        schedules_.set(key, ScheduleExpression::parse(rule.spec.schedule_expression), rule.spec.created_ms);
    else
        schedules_.remove(key);
}

void EventBus::unindex_rule(BusState& bus, const std::string& name) {
    bus.index.remove(name);
    schedules_.remove(bus.spec.name + "\n" + name);
}

EventBus::RuleState& EventBus::existing_rule(BusState& bus, const std::string& name) {
    auto it = bus.rules.find(name);
    if (it == bus.rules.end()) not_found(rule_missing_message(name, bus.spec.name));
    return it->second;
}

RuleSpec EventBus::put_rule(RuleSpec rule) {
    if (!valid_name(rule.name, 64, false)) invalid("Parameter Name is not valid.");
    if (rule.state.empty()) rule.state = "ENABLED";
    if (rule.state != "ENABLED" && rule.state != "DISABLED") invalid("Parameter State is not valid.");
    if (rule.event_pattern.empty() && rule.schedule_expression.empty())
        invalid("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    if (!rule.event_pattern.empty()) {
        try {
            Pattern::compile(std::string_view(rule.event_pattern));
        } catch (const PatternError& e) {
            throw BusError(PatternError::kCode, e.message());
        } catch (const json::ParseError& e) {
            throw BusError(PatternError::kCode, PatternError(e.what()).message());
        }
    }
    rule.bus_name = bus_name_of(rule.bus_name);
    if (!rule.schedule_expression.empty()) {
        if (rule.bus_name != kDefaultBus) invalid("ScheduleExpression is supported only on the default event bus.");
        try {
            ScheduleExpression::parse(rule.schedule_expression);
        } catch (const ScheduleError& e) {
            invalid(e.what());
        }
    }

    std::unique_lock lock(mutex_);
    BusState& bus = existing_bus(rule.bus_name);
    rule.arn = aws::event_rule_arn(options_.scope, bus.spec.name, rule.name);
    auto [it, created] = bus.rules.try_emplace(rule.name);
    if (created || rule.created_ms == 0) {
        if (!created) rule.created_ms = it->second.spec.created_ms;
        if (rule.created_ms == 0) rule.created_ms = now_ms();
    }
    it->second.spec = rule;
    index_rule(bus, it->second);
    return rule;
}

std::optional<RuleSpec> EventBus::find_rule(const std::string& bus_name, const std::string& name) const {
    std::shared_lock lock(mutex_);
    const BusState* bus = bus_state(bus_name);
    if (!bus) return std::nullopt;
    auto it = bus->rules.find(name);
    if (it == bus->rules.end()) return std::nullopt;
    return it->second.spec;
}

std::vector<RuleSpec> EventBus::rules(const std::string& bus_name) const {
    std::shared_lock lock(mutex_);
    std::vector<RuleSpec> out;
    for (const auto& [name, rule] : existing_bus(bus_name).rules) out.push_back(rule.spec);
    return out;
}

void EventBus::delete_rule(const std::string& bus_name, const std::string& name, bool force) {
    std::unique_lock lock(mutex_);
    BusState& bus = existing_bus(bus_name);
    auto it = bus.rules.find(name);
    if (it == bus.rules.end()) return;
    if (!it->second.targets.empty() && !force) invalid("Rule can't be deleted since it has targets.");
    unindex_rule(bus, name);
    bus.rules.erase(it);
}

void EventBus::set_rule_state(const std::string& bus_name, const std::string& name, bool enabled) {
    std::unique_lock lock(mutex_);
    BusState& bus = existing_bus(bus_name);
    RuleState& rule = existing_rule(bus, name);
    rule.spec.state = enabled ? "ENABLED" : "DISABLED";
    index_rule(bus, rule);
}

// --- targets ---

std::shared_ptr<TargetDelivery> EventBus::make_delivery(const std::string& target_arn) {
    ForwardToBus forward = [this](const std::string& bus_arn, const json::Value& event, int bus_hops,
                                  const std::string& rule_arn, DeliveryDone done) {
        try {
            publish(bus_arn, event, bus_hops, rule_arn);
        } catch (const std::exception& e) {
            return done(e.what());
        }
        done("");
    };
    return make_target_delivery(target_arn, options_.callbacks, forward, options_.data_dir);
}

static bool is_http_target(const std::string& arn) { return arn.rfind("http://", 0) == 0 || arn.rfind("https://", 0) == 0; }

std::optional<std::string> EventBus::refusal(const Delivery& delivery) const {
    if (!delivery.refused_because.empty()) return delivery.refused_because;
    const std::string& arn = delivery.request.target_arn;
    if (is_http_target(arn)) return host_guard_.refusal(arn);
    // stepwise hosts the buses of one account: a bus target of another
    // account names a bus that is not here (forwarding it to the bus of the
    // same name in this account would deliver to the wrong bus).
    if (arn.find(":event-bus/") != std::string::npos) {
        std::string account = aws::arn_account(arn);
        if (!account.empty() && account != options_.scope.account)
            return "ResourceNotFoundException: event bus " + arn + " is of account " + account +
                   "; stepwise hosts the buses of account " + options_.scope.account + " only.";
    }
    // AWS sends an event to an event bus target once: a second bus hop (a rule
    // that targets its own bus, or buses that forward to each other) is
    // dead-lettered with this error, which bounds every loop through buses.
    if (delivery.request.bus_hops >= 1 && arn.find(":event-bus/") != std::string::npos) {
        const json::Value* id = delivery.request.event.find("id");
        return "THIRD_ACCOUNT_HOP_DETECTED: Event ingestion rejected for event " +
               std::string(id && id->is_string() ? id->as_string() : "") +
               " because an event can be sent to an event bus target only once. This event was previously "
               "delivered to an event bus target (" + std::to_string(delivery.request.bus_hops) +
               " hop(s)): stepwise stops it here so that rules cannot send it round a loop of buses.";
    }
    return std::nullopt;
}

std::vector<TargetFailure> EventBus::put_targets(const std::string& bus_name, const std::string& rule_name,
                                                 std::vector<TargetSpec> targets, bool strict) {
    std::vector<CompiledTarget> compiled;
    for (TargetSpec& target : targets) {
        if (!valid_name(target.id, 64, false)) invalid("Parameter Id is not valid.");
        if (target.arn.empty()) invalid("Parameter Arn is not valid.");
        if (strict && is_http_target(target.arn))
            if (auto refused = host_guard_.refusal(target.arn)) invalid(*refused);
        if (strict) check_target(target);
        TargetInput input = TargetInput::compile(target);
        ServiceTargetParameters parameters = ServiceTargetParameters::compile(target);
        auto delivery = make_delivery(target.arn);
        compiled.push_back({std::move(target), std::move(input), std::move(parameters), std::move(delivery)});
    }
    std::unique_lock lock(mutex_);
    BusState& bus = existing_bus(bus_name);
    RuleState& rule = existing_rule(bus, rule_name);
    if (strict) {
        // The whole call fails past the quota, as AWS answers it.
        size_t total = rule.targets.size();
        for (size_t i = 0; i < compiled.size(); ++i) {
            const std::string& id = compiled[i].spec.id;
            bool seen = rule.targets.count(id) != 0;
            for (size_t j = 0; j < i && !seen; ++j) seen = compiled[j].spec.id == id;
            if (!seen) ++total;
        }
        if (total > kMaxTargetsPerRule)
            throw BusError("LimitExceededException", "The requested resource exceeds the maximum number allowed.");
    }
    for (CompiledTarget& target : compiled) {
        std::string id = target.spec.id;
        rule.targets.insert_or_assign(std::move(id), std::move(target));
    }
    return {};
}

std::vector<TargetFailure> EventBus::remove_targets(const std::string& bus_name, const std::string& rule_name,
                                                    const std::vector<std::string>& ids) {
    std::unique_lock lock(mutex_);
    BusState& bus = existing_bus(bus_name);
    RuleState& rule = existing_rule(bus, rule_name);
    std::vector<TargetFailure> failures;
    for (const std::string& id : ids) {
        if (!rule.targets.erase(id))
            failures.push_back({id, "ResourceNotFoundException",
                                "Target " + id + " does not exist on rule " + rule_name + "."});
    }
    return failures;
}

std::vector<TargetSpec> EventBus::targets(const std::string& bus_name, const std::string& rule_name) const {
    std::shared_lock lock(mutex_);
    const BusState& bus = existing_bus(bus_name);
    auto it = bus.rules.find(rule_name);
    if (it == bus.rules.end()) not_found(rule_missing_message(rule_name, bus.spec.name));
    std::vector<TargetSpec> out;
    for (const auto& [id, target] : it->second.targets) out.push_back(target.spec);
    return out;
}

std::vector<std::string> EventBus::rule_names_by_target(const std::string& bus_name,
                                                        const std::string& target_arn) const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> names;
    for (const auto& [name, rule] : existing_bus(bus_name).rules) {
        for (const auto& [id, target] : rule.targets) {
            if (target.spec.arn == target_arn) {
                names.push_back(name);
                break;
            }
        }
    }
    return names;
}

// --- events ---

void EventBus::add_deliveries(const RuleState& rule, const json::Value& event, int64_t ingestion_ms, int bus_hops,
                              std::vector<Delivery>& out) const {
    TransformContext context{rule.spec.arn, rule.spec.name, ingestion_ms};
    for (const auto& [id, target] : rule.targets) {
        Delivery delivery;
        std::string input;
        try {
            input = target.input.render(event, context);
        } catch (const TargetInputTooLarge& e) {
            delivery.refused_because = e.what();
        }
        const json::Value* http_parameters = target.spec.api.find("HttpParameters");
        delivery.request = {target.spec.arn, target.spec.id, rule.spec.arn, event, std::move(input),
                            bus_hops, target.parameters.render(event), http_parameters ? *http_parameters : json::Value()};
        delivery.target = target.delivery;
        delivery.retry_policy = target.spec.retry_policy;
        delivery.dead_letter_arn = target.spec.dead_letter_arn;
        delivery.ingestion_ms = ingestion_ms;
        out.push_back(std::move(delivery));
    }
}

void EventBus::route(const BusState& bus, const json::Value& event, int64_t ingestion_ms, int bus_hops,
                     std::vector<Delivery>& out) const {
    std::vector<std::string> matched;
    bus.index.match(event, tls_scratch, matched);
    std::sort(matched.begin(), matched.end());
    for (const std::string& name : matched) {
        auto it = bus.rules.find(name);
        if (it != bus.rules.end()) add_deliveries(it->second, event, ingestion_ms, bus_hops, out);
    }
}

void EventBus::observe_put(const std::string& bus_name, const json::Value& event, const std::string& sent_by,
                           const SchemaVerdict* verdict, std::vector<Delivery>& deliveries, size_t first) const {
    BusObserver* observer = options_.observer;
    if (!observer) return;
    EventPut put;
    put.event = event;
    put.bus_name = bus_name;
    put.sent_by = sent_by.empty() ? "PutEvents" : sent_by;
    if (verdict) {
        put.schema = verdict->finding;
        put.rejected = !verdict->accepted;
    }
    for (size_t i = first; i < deliveries.size(); ++i) {
        const DeliveryRequest& r = deliveries[i].request;
        put.targets.push_back({r.rule_arn, r.target_id, r.target_arn});
    }
    put.time_ms = now_ms();
    uint64_t id = observer->event_put(std::move(put));
    for (size_t i = first; i < deliveries.size(); ++i) deliveries[i].put_id = id;
}

EventBus::RoutedPut EventBus::route_put(const std::vector<EventEntry>& entries) {
    const CheckEvent& check = options_.check_event;
    RoutedPut put;
    int64_t now = now_ms();
    std::shared_lock lock(mutex_);
    for (const EventEntry& entry : entries) {
        if (auto error = check_entry(entry)) {
            put.results.push_back(*error);
            continue;
        }
        const BusState* bus = bus_state(entry.event_bus_name);
        if (!bus) {
            put.results.push_back(
                {"", "ResourceNotFoundException", bus_missing_message(bus_name_of(entry.event_bus_name))});
            continue;
        }
        std::string id = options_.new_event_id ? options_.new_event_id() : random_uuid();
        json::Value event = make_event(id, *entry.detail_type, *entry.source,
                                       entry.account.empty() ? options_.scope.account : entry.account,
                                       options_.scope.region, entry.time_ms.value_or(now), entry.resources,
                                       json::parse(*entry.detail));
        std::optional<SchemaVerdict> verdict;
        if (check) {
            verdict = check(event);
            if (!verdict->accepted) {
                observe_put(bus->spec.name, event, entry.sent_by, &*verdict, put.deliveries, put.deliveries.size());
                put.results.push_back(
                    {"", verdict->error_code.empty() ? "InvalidArgument" : verdict->error_code, verdict->message});
                continue;
            }
            if (!verdict->message.empty()) log("event " + id + ": " + verdict->message);
        }
        size_t first = put.deliveries.size();
        route(*bus, event, now, 0, put.deliveries);
        size_t archived_before = put.archived.size();
        archive(bus->spec.name, event, put.archived);
        if (put.archived.size() > archived_before) put.archived_entries.push_back(put.results.size());
        observe_put(bus->spec.name, event, entry.sent_by, verdict ? &*verdict : nullptr, put.deliveries, first);
        put.entry_of.resize(put.deliveries.size(), put.results.size());
        put.results.push_back({id, "", ""});
    }
    for (const Delivery& d : put.deliveries) put.put_of.push_back(d.put_id);
    return put;
}

void EventBus::RoutedPut::fail_stored(const std::string& error, BusObserver* observer) {
    // Nothing was stored or queued: retryable, as AWS's InternalException is.
    for (size_t entry : entry_of)
        results[entry] = {"", "InternalException", "The event could not be stored: " + error};
    for (size_t entry : archived_entries)
        results[entry] = {"", "InternalException", "The event could not be stored: " + error};
    if (!observer) return;
    uint64_t told = 0;
    for (uint64_t id : put_of)
        if (id != told && id != 0) observer->put_failed(told = id, "The event could not be stored: " + error);
}

std::vector<EntryResult> EventBus::put_events(const std::vector<EventEntry>& entries) {
    RoutedPut put = route_put(entries);
    try {
        store_and_enqueue(std::move(put.deliveries), std::move(put.archived));
    } catch (const std::exception& e) {
        put.fail_stored(e.what(), options_.observer);
    }
    return std::move(put.results);
}

void EventBus::put_events(const std::vector<EventEntry>& entries,
                          std::function<void(std::vector<EntryResult>)> done) {
    if (!options_.commit) return done(put_events(entries));
    auto put = std::make_shared<RoutedPut>(route_put(entries));
    std::vector<store::Write> writes = dispatcher_.stage(put->deliveries);
    writes.insert(writes.end(), std::make_move_iterator(put->archived.begin()),
                  std::make_move_iterator(put->archived.end()));
    if (writes.empty()) {
        dispatcher_.enqueue(std::move(put->deliveries));
        return done(std::move(put->results));
    }
    options_.commit(std::move(writes), [this, put, done = std::move(done)](const std::string& error) {
        if (error.empty())
            dispatcher_.enqueue(std::move(put->deliveries));
        else
            put->fail_stored(error, options_.observer);
        done(std::move(put->results));
    });
}

void EventBus::archive(const std::string& bus_name, const json::Value& event, std::vector<store::Write>& out) const {
    if (archives_) archives_->writes_for(bus_name, event, out);
}

void EventBus::store_and_enqueue(std::vector<Delivery> deliveries, std::vector<store::Write> archived) {
    if (archived.empty()) return dispatcher_.submit(std::move(deliveries));
    std::vector<store::Write> writes = dispatcher_.stage(deliveries);
    writes.insert(writes.end(), std::make_move_iterator(archived.begin()), std::make_move_iterator(archived.end()));
    options_.store->apply(writes);
    dispatcher_.enqueue(std::move(deliveries));
}

std::vector<Delivery> EventBus::routed(const std::string& bus_name, const json::Value& event, int bus_hops,
                                       const std::string& sent_by, std::vector<store::Write>* archived) const {
    std::vector<Delivery> deliveries;
    std::shared_lock lock(mutex_);
    const BusState& bus = existing_bus(bus_name);
    route(bus, event, now_ms(), bus_hops, deliveries);
    if (archived) archive(bus.spec.name, event, *archived);
    observe_put(bus.spec.name, event, sent_by, nullptr, deliveries, 0);
    return deliveries;
}

void EventBus::publish(const std::string& bus_name, const json::Value& event, int bus_hops,
                       const std::string& sent_by) {
    std::vector<store::Write> archived;
    std::vector<Delivery> deliveries = routed(bus_name, event, bus_hops, sent_by, &archived);
    uint64_t put_id = deliveries.empty() ? 0 : deliveries.front().put_id;
    try {
        store_and_enqueue(std::move(deliveries), std::move(archived));
    } catch (const std::exception& e) {
        if (options_.observer && put_id) options_.observer->put_failed(put_id, std::string("The event could not be stored: ") + e.what());
        throw;
    }
}

StagedDeliveries EventBus::stage_publish(const std::string& bus_name, const json::Value& event,
                                         const std::string& sent_by) {
    std::vector<store::Write> archived;
    auto deliveries = std::make_shared<std::vector<Delivery>>(routed(bus_name, event, 0, sent_by, &archived));
    StagedDeliveries staged;
    staged.writes = dispatcher_.stage(*deliveries);
    staged.writes.insert(staged.writes.end(), std::make_move_iterator(archived.begin()),
                         std::make_move_iterator(archived.end()));
    staged.release = [this, deliveries] { dispatcher_.enqueue(std::move(*deliveries)); };
    return staged;
}

StagedDeliveries EventBus::stage_replayed(const std::string& bus_name, const json::Value& event,
                                          const std::vector<std::string>& rule_arns, const std::string& sent_by) {
    auto deliveries = std::make_shared<std::vector<Delivery>>();
    {
        std::shared_lock lock(mutex_);
        const BusState& bus = existing_bus(bus_name);
        route(bus, event, now_ms(), 0, *deliveries);
        if (!rule_arns.empty())
            std::erase_if(*deliveries, [&](const Delivery& d) {
                return std::find(rule_arns.begin(), rule_arns.end(), d.request.rule_arn) == rule_arns.end();
            });
        observe_put(bus.spec.name, event, sent_by, nullptr, *deliveries, 0);
    }
    StagedDeliveries staged;
    staged.writes = dispatcher_.stage(*deliveries);
    staged.release = [this, deliveries] { dispatcher_.enqueue(std::move(*deliveries)); };
    return staged;
}

size_t EventBus::recover_deliveries() { return dispatcher_.recover(); }

// --- schedules ---

void EventBus::fire_schedule(const std::string& key, int64_t scheduled_ms) {
    size_t newline = key.find('\n');
    std::string bus_name = key.substr(0, newline), rule_name = key.substr(newline + 1);
    std::vector<Delivery> deliveries;
    {
        std::shared_lock lock(mutex_);
        const BusState* bus = bus_state(bus_name);
        if (!bus) return;
        auto it = bus->rules.find(rule_name);
        if (it == bus->rules.end() || !it->second.spec.enabled()) return;
        std::string id = options_.new_event_id ? options_.new_event_id() : random_uuid();
        json::Value event = make_event(id, "Scheduled Event", "aws.events", options_.scope.account,
                                       options_.scope.region, scheduled_ms, {it->second.spec.arn},
                                       json::Value(json::Object{}));
        add_deliveries(it->second, event, scheduled_ms, 0, deliveries);
        observe_put(bus_name, event, "Schedule", nullptr, deliveries, 0);
    }
    uint64_t put_id = deliveries.empty() ? 0 : deliveries.front().put_id;
    try {
        dispatcher_.submit(std::move(deliveries));
    } catch (const std::exception& e) {
        if (options_.observer && put_id) options_.observer->put_failed(put_id, std::string("The event could not be stored: ") + e.what());
        log("scheduled event of rule " + rule_name + " could not be stored, so it is not delivered: " + e.what());
    }
}

void EventBus::advance_to(int64_t ms) { schedules_.advance_to(ms); }
size_t EventBus::firings_until(int64_t ms, size_t limit) const { return schedules_.firings_until(ms, limit); }
void EventBus::start_scheduler() { schedules_.start(); }
void EventBus::stop_scheduler() { schedules_.stop(); }

bool EventBus::wait_idle(std::chrono::milliseconds timeout) { return dispatcher_.wait_idle(timeout); }

}  // namespace stepwise::events
