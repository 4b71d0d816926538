// PutPermission and RemovePermission (a bus's resource policy), and the
// policy enforced on PutEvents from another account.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutPermission.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RemovePermission.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
//
// stepwise hosts one account. A caller is of another account when it signs
// with an access key id of 12 digits other than that account (the convention
// other local emulators follow): its PutEvents entries are its own events
// (their `account`), and the bus they name must have a policy allowing it.
#include <algorithm>

#include "api/events/call.h"
#include "api/http/sigv4.h"
#include "aws/arn.h"
#include "events/bus/bus_policy.h"

namespace stepwise::api {
namespace {

bool is_account_id(std::string_view text) {
    return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The account of the bus an entry names: the ARN's, else the caller's own.
std::string bus_account(const std::string& name_or_arn, const std::string& caller) {
    std::string account = aws::arn_account(name_or_arn);
    return account.empty() ? caller : account;
}

}  // namespace

std::string caller_account(const Request& request, const std::string& own_account) {
    auto header = request.headers.find("authorization");
    if (header == request.headers.end()) return own_account;
    auto auth = parse_sigv4_authorization(header->second);
    if (!auth || !is_account_id(auth->access_key_id)) return own_account;
    return auth->access_key_id;
}

std::vector<events::EntryResult> cross_account_refusals(EventsCall& call, std::vector<events::EventEntry>& entries) {
    std::vector<events::EntryResult> refusals(entries.size());
    const std::string& own = call.shared.bus.scope().account;
    const std::string& caller = call.caller_account.empty() ? own : call.caller_account;
    for (size_t i = 0; i < entries.size(); ++i) {
        events::EventEntry& entry = entries[i];
        std::string account = bus_account(entry.event_bus_name, caller);
        if (account != own) {
            refusals[i] = {"", "ResourceNotFoundException",
                           "Event bus " + events::bus_name_of(entry.event_bus_name) + " of account " + account +
                               " does not exist: stepwise hosts the event buses of account " + own + " only."};
            continue;
        }
        if (caller == own) continue;
        entry.account = caller;
        auto bus = call.shared.bus.find_bus(entry.event_bus_name);
        if (!bus) continue;  // the bus answers ResourceNotFoundException itself
        if (!events::allows_put_events(bus->policy, caller, bus->arn))
            throw events::BusError("AccessDeniedException",
                                   "User: arn:aws:iam::" + caller + ":root is not authorized to perform: events:PutEvents "
                                   "on resource: " + bus->arn + " because no resource-based policy allows the "
                                   "events:PutEvents action");
    }
    return refusals;
}

namespace evt {

json::Value put_permission(EventsCall& call) {
    std::string bus = call.bus_name();
    auto policy = call.string("Policy");
    auto statement_id = call.string("StatementId");
    auto principal = call.string("Principal");
    auto action = call.string("Action");
    const json::Value* condition = call.body.find("Condition");
    bool has_condition = condition && !condition->is_null();
    if (policy && (statement_id || principal || action || has_condition))
        validation_error("Policy cannot be given with StatementId, Action, Principal or Condition.");
    events::PermissionGrant grant;
    if (!policy) {
        if (!statement_id) missing_member("StatementId");
        if (!principal) missing_member("Principal");
        if (!action) missing_member("Action");
        grant.statement_id = *statement_id;
        grant.principal = *principal;
        grant.action = *action;
        if (has_condition) {
            if (!condition->is_object())
                throw events::BusError("SerializationException", "Unexpected value type for 'Condition': expected a structure");
            for (auto [key, out] : {std::pair<std::string_view, std::string*>{"Type", &grant.condition_type},
                                    {"Key", &grant.condition_key},
                                    {"Value", &grant.condition_value}}) {
                const json::Value* v = condition->find(key);
                if (!v || v->is_null()) missing_member(key);
                if (!v->is_string())
                    throw events::BusError("SerializationException",
                                           "Unexpected value type for 'Condition." + std::string(key) + "': expected a string");
                *out = std::string(v->as_string());
            }
        }
    }
    std::string checked = policy ? events::checked_policy(*policy) : "";
    std::lock_guard lock(call.shared.control_plane);
    auto existing = call.shared.bus.find_bus(bus);
    if (!existing) throw events::BusError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
    std::string updated = policy ? checked : events::add_permission(existing->policy, existing->arn, grant);
    events::BusSpec changed = call.shared.bus.update_bus(bus, [&](events::BusSpec& spec) { spec.policy = updated; });
    store_bus(call.shared, changed);
    return json::Value(json::Object{});
}

json::Value remove_permission(EventsCall& call) {
    std::string bus = call.bus_name();
    auto statement_id = call.string("StatementId");
    bool remove_all = call.boolean("RemoveAllPermissions");
    if (!remove_all && !statement_id) missing_member("StatementId");
    std::lock_guard lock(call.shared.control_plane);
    auto existing = call.shared.bus.find_bus(bus);
    if (!existing) throw events::BusError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
    std::string updated = remove_all ? "" : events::remove_permission(existing->policy, *statement_id);
    events::BusSpec changed = call.shared.bus.update_bus(bus, [&](events::BusSpec& spec) { spec.policy = updated; });
    store_bus(call.shared, changed);
    return json::Value(json::Object{});
}

}  // namespace evt
}  // namespace stepwise::api
