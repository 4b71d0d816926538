#include "api/events/service.h"

#include <string_view>
#include <unordered_map>

#include "api/http/aws_protocol.h"
#include "api/events/call.h"
#include "api/sfn/error.h"
#include "api/sfn/page_token.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {

namespace {

using Operation = json::Value (*)(EventsCall&);

// Operations that answer later, from another thread (PutEvents answers once
// its deliveries are group-committed).
using AsyncOperation = void (*)(EventsCall&, std::function<void(json::Value)>);

const std::unordered_map<std::string_view, AsyncOperation>& async_operations() {
    static const std::unordered_map<std::string_view, AsyncOperation> table{
        {"PutEvents", evt::put_events},
        {"PutPartnerEvents", evt::put_partner_events},  // partner event sources
    };
    return table;
}

const std::unordered_map<std::string_view, Operation>& operations() {
    static const std::unordered_map<std::string_view, Operation> table{
        {"TestEventPattern", evt::test_event_pattern},
        {"CreateEventBus", evt::create_event_bus},
        {"DescribeEventBus", evt::describe_event_bus},
        {"DeleteEventBus", evt::delete_event_bus},
        {"ListEventBuses", evt::list_event_buses},
        {"PutRule", evt::put_rule},
        {"DescribeRule", evt::describe_rule},
        {"DeleteRule", evt::delete_rule},
        {"ListRules", evt::list_rules},
        {"EnableRule", evt::enable_rule},
        {"DisableRule", evt::disable_rule},
        {"PutTargets", evt::put_targets},
        {"RemoveTargets", evt::remove_targets},
        {"ListTargetsByRule", evt::list_targets_by_rule},
        {"ListRuleNamesByTarget", evt::list_rule_names_by_target},
        // Archives and replays.
        {"CreateArchive", evt::create_archive},
        {"DescribeArchive", evt::describe_archive},
        {"ListArchives", evt::list_archives},
        {"UpdateArchive", evt::update_archive},
        {"DeleteArchive", evt::delete_archive},
        {"StartReplay", evt::start_replay},
        {"DescribeReplay", evt::describe_replay},
        {"ListReplays", evt::list_replays},
        {"CancelReplay", evt::cancel_replay},
        // bus settings, tags and permissions
        {"UpdateEventBus", evt::update_event_bus},
        {"TagResource", evt::tag_resource},
        {"UntagResource", evt::untag_resource},
        {"ListTagsForResource", evt::list_tags_for_resource},
        {"PutPermission", evt::put_permission},
        {"RemovePermission", evt::remove_permission},
        // partner event sources
        {"CreatePartnerEventSource", evt::create_partner_event_source},
        {"DescribePartnerEventSource", evt::describe_partner_event_source},
        {"ListPartnerEventSources", evt::list_partner_event_sources},
        {"ListPartnerEventSourceAccounts", evt::list_partner_event_source_accounts},
        {"DeletePartnerEventSource", evt::delete_partner_event_source},
        {"ListEventSources", evt::list_event_sources},
        {"DescribeEventSource", evt::describe_event_source},
        {"ActivateEventSource", evt::activate_event_source},
        {"DeactivateEventSource", evt::deactivate_event_source},
        // global endpoints
        {"CreateEndpoint", evt::create_endpoint},
        {"DescribeEndpoint", evt::describe_endpoint},
        {"ListEndpoints", evt::list_endpoints},
        {"UpdateEndpoint", evt::update_endpoint},
        {"DeleteEndpoint", evt::delete_endpoint},
        // Connections and API destinations.
        {"CreateConnection", evt::create_connection},
        {"DescribeConnection", evt::describe_connection},
        {"ListConnections", evt::list_connections},
        {"UpdateConnection", evt::update_connection},
        {"DeleteConnection", evt::delete_connection},
        {"DeauthorizeConnection", evt::deauthorize_connection},
        {"CreateApiDestination", evt::create_api_destination},
        {"DescribeApiDestination", evt::describe_api_destination},
        {"ListApiDestinations", evt::list_api_destinations},
        {"UpdateApiDestination", evt::update_api_destination},
        {"DeleteApiDestination", evt::delete_api_destination},
    };
    return table;
}

Response error(int status, std::string_view type, std::string_view message) {
    return aws_error(status, type, message, kAwsJson11);
}

}  // namespace

// --- EventsCall ---

void validation_error(const std::string& message) { throw events::BusError("ValidationException", message); }

void missing_member(std::string_view key) {
    std::string name(key);
    if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
    validation_error("1 validation error detected: Value null at '" + name +
                     "' failed to satisfy constraint: Member must not be null");
}

std::optional<std::string> EventsCall::string(std::string_view key) const {
    const json::Value* v = body.find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_string())
        throw events::BusError("SerializationException",
                               "Unexpected value type for '" + std::string(key) + "': expected a string");
    return std::string(v->as_string());
}

std::string EventsCall::required_string(std::string_view key) const {
    auto value = string(key);
    if (!value) missing_member(key);
    return *value;
}

std::optional<int64_t> EventsCall::integer(std::string_view key) const {
    const json::Value* v = body.find(key);
    if (!v || v->is_null()) return std::nullopt;
    if (!v->is_integer())
        throw events::BusError("SerializationException",
                               "Unexpected value type for '" + std::string(key) + "': expected an integer");
    return v->as_int();
}

bool EventsCall::boolean(std::string_view key) const {
    const json::Value* v = body.find(key);
    if (!v || v->is_null()) return false;
    if (!v->is_bool())
        throw events::BusError("SerializationException",
                               "Unexpected value type for '" + std::string(key) + "': expected a boolean");
    return v->as_bool();
}

size_t EventsCall::limit() const {
    auto value = integer("Limit");
    if (!value) return 100;
    if (*value < 1 || *value > 100)
        validation_error("1 validation error detected: Value '" + std::to_string(*value) +
                         "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100");
    return static_cast<size_t>(*value);
}

std::string EventsCall::bus_name() const { return events::bus_name_of(string("EventBusName").value_or("")); }

std::string events_page_token(std::string_view list, std::string_view last) {
    return make_page_token(std::string("events-") + std::string(list), last);
}

std::string events_page_after(std::string_view list, const std::optional<std::string>& token) {
    if (!token || token->empty()) return "";
    try {
        return read_page_token(std::string("events-") + std::string(list), *token);
    } catch (const SfnError&) {
        validation_error("The nextToken provided is invalid.");
    }
}

// --- EventsService ---

EventsService::EventsService(store::Store& store, EventsOptions options, events::EventBus& bus)
    : shared_(std::make_unique<EventsShared>(store, std::move(options), bus)) {
    if (events::Archives* archives = bus.archives())
        shared_->replays = std::make_unique<events::Replays>(store, bus, *archives);
}

EventsService::~EventsService() = default;

void EventsService::handle(Request request, Responder respond) {
    auto operation = operations().find(request.operation);
    auto async_operation = async_operations().find(request.operation);
    if (operation == operations().end() && async_operation == async_operations().end()) {
        respond(error(400, "UnknownOperationException",
                      "The operation " + request.operation + " is not supported by stepwise"));
        return;
    }
    Response response;
    try {
        json::Value body = json::Value(json::Object{});
        if (request.body.find_first_not_of(" \t\r\n") != std::string::npos) {
            std::string parse_error;
            auto parsed = json::try_parse(request.body, &parse_error);
            if (!parsed) throw events::BusError("SerializationException", parse_error);
            if (!parsed->is_object()) throw events::BusError("SerializationException", "Request body must be a JSON object");
            body = std::move(*parsed);
        }
        EventsCall call{*shared_, body, caller_account(request, shared_->bus.scope().account)};
        if (async_operation != async_operations().end()) {
            // Throws only before it hands `respond` on, so an error caught here is the one answer.
            async_operation->second(call, [respond](json::Value result) {
                respond(Response{200, json::dump(result), std::string(kAwsJson11)});
            });
            return;
        }
        json::Value result = operation->second(call);
        response = Response{200, json::dump(result), std::string(kAwsJson11)};
    } catch (const events::BusError& e) {
        int status = e.code() == "InternalException" ? 500 : 400;
        response = error(status, e.code(), e.what());
    } catch (const store::StoreError& e) {
        response = error(500, "InternalException", e.what());
    } catch (const std::exception& e) {
        response = error(500, "InternalException", e.what());
    }
    respond(std::move(response));
}

std::vector<std::string> EventsService::load() {
    std::lock_guard lock(shared_->control_plane);
    std::vector<std::string> problems;
    events::EventBus& bus = shared_->bus;
    auto attempt = [&](const store::Document& document, auto&& action) {
        try {
            action(json::parse(document.body));
        } catch (const std::exception& e) {
            problems.push_back(document.kind + " " + document.id + ": " + e.what());
        }
    };
    for (const auto& document : shared_->store.list_documents("event_bus")) {
        attempt(document, [&](const json::Value& body) {
            events::BusSpec spec = events::bus_from_json(body);
            if (spec.name.empty()) throw std::runtime_error("no Name");
            if (spec.created_ms == 0) spec.created_ms = document.created_ms;  // stored before buses kept their times
            if (spec.modified_ms == 0) spec.modified_ms = spec.created_ms;
            if (bus.find_bus(spec.name))
                bus.update_bus(spec.name, [&](events::BusSpec& kept) { kept = spec; });
            else
                bus.create_bus(spec);
        });
    }
    for (const auto& document : shared_->store.list_documents("rule")) {
        attempt(document, [&](const json::Value& body) {
            events::RuleSpec rule = events::rule_from_json(body);
            rule.created_ms = document.created_ms;
            bus.put_rule(std::move(rule));
        });
    }
    for (const auto& document : shared_->store.list_documents("targets")) {
        attempt(document, [&](const json::Value& body) {
            std::vector<events::TargetSpec> targets;
            if (const json::Value* list = body.find("Targets"); list && list->is_array())
                for (const json::Value& t : list->as_array()) targets.push_back(events::target_from_json(t));
            const json::Value* rule = body.find("Rule");
            const json::Value* bus_name = body.find("EventBusName");
            if (!rule || !rule->is_string() || !bus_name || !bus_name->is_string())
                throw std::runtime_error("no Rule or EventBusName");
            // Hosts are checked at delivery: a target the options no longer allow is kept, and its events dead-lettered.
            bus.put_targets(std::string(bus_name->as_string()), std::string(rule->as_string()), std::move(targets),
                            false);
        });
    }
    if (shared_->replays) shared_->replays->resume();  // replays a stop interrupted go on
    return problems;
}

// --- persistence ---

void store_bus(EventsShared& shared, const events::BusSpec& bus) {
    shared.store.apply({store::PutDocument{{"event_bus", bus.arn, json::dump(events::bus_description(bus))}}});
}

void store_rule(EventsShared& shared, const events::RuleSpec& rule) {
    shared.store.apply({store::PutDocument{{"rule", rule.arn, json::dump(events::rule_to_json(rule))}}});
}

void store_targets(EventsShared& shared, const std::string& bus, const std::string& rule) {
    auto spec = shared.bus.find_rule(bus, rule);
    if (!spec) return;
    auto targets = shared.bus.targets(bus, rule);
    if (targets.empty()) {
        shared.store.apply({store::DeleteDocument{"targets", spec->arn}});
        return;
    }
    json::Array list;
    for (const auto& t : targets) list.push_back(t.api);
    json::Value body(json::Object{{"Rule", json::Value(spec->name)},
                                  {"EventBusName", json::Value(spec->bus_name)},
                                  {"Targets", json::Value(std::move(list))}});
    shared.store.apply({store::PutDocument{{"targets", spec->arn, json::dump(body)}}});
}

void unstore_rule(EventsShared& shared, const events::RuleSpec& rule) {
    shared.store.apply({store::DeleteDocument{"rule", rule.arn}, store::DeleteDocument{"targets", rule.arn},
                        store::DeleteDocument{"event_tags", rule.arn}});
}

void unstore_bus(EventsShared& shared, const std::string& bus_arn, const std::vector<events::RuleSpec>& rules) {
    std::vector<store::Write> writes{store::DeleteDocument{"event_bus", bus_arn},
                                    store::DeleteDocument{"event_tags", bus_arn}};
    for (const auto& rule : rules) {
        writes.push_back(store::DeleteDocument{"rule", rule.arn});
        writes.push_back(store::DeleteDocument{"targets", rule.arn});
        writes.push_back(store::DeleteDocument{"event_tags", rule.arn});
    }
    shared.store.apply(writes);
}

}  // namespace stepwise::api
