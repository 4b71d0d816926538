// Partner event sources, both sides, in one account: the partner's
// CreatePartnerEventSource, DescribePartnerEventSource, ListPartnerEventSources,
// ListPartnerEventSourceAccounts, DeletePartnerEventSource and PutPartnerEvents,
// and the customer's ListEventSources, DescribeEventSource,
// Activate/DeactivateEventSource, and the partner bus (CreateEventBus with
// EventSourceName) that receives the source's events.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-saas.html
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreatePartnerEventSource.html
//
// A source is kept per (name, account) in the store (kind "partner_event_source",
// id "ACCOUNT|NAME"). Its State: PENDING until a partner bus of the same name
// is created (or after DeactivateEventSource, or once that bus is deleted),
// ACTIVE while its events reach that bus, DELETED once the partner deletes it.
// Only sources for this server's account deliver events: the others are kept
// for the partner's lists. No ExpirationTime is given: a pending source is
// never deleted here.
#include <algorithm>
#include <map>

#include "api/events/call.h"
#include "events/bus/event.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

constexpr std::string_view kKind = "partner_event_source";

struct Source {
    std::string name;
    std::string account;
    std::string state = "PENDING";
    int64_t created_ms = 0;
};

std::string id_of(const std::string& account, const std::string& name) { return account + "|" + name; }

// "aws.partner/<partner>/<more>...": the shape AWS requires of a partner event source's name.
void check_source_name(const std::string& name, std::string_view member) {
    bool valid = name.size() <= 256 && name.rfind("aws.partner/", 0) == 0;
    size_t segments = 0;
    if (valid) {
        std::string_view rest = std::string_view(name).substr(12);
        for (size_t start = 0; start <= rest.size() && valid;) {
            size_t end = rest.find('/', start);
            std::string_view segment = rest.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
            valid = !segment.empty() && std::all_of(segment.begin(), segment.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
            });
            ++segments;
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
    }
    if (!valid || segments < 2)
        validation_error("Parameter " + std::string(member) +
                         " is not valid: a partner event source is named aws.partner/PARTNER/NAME.");
}

void check_account(const std::string& account) {
    if (account.size() != 12 || !std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; }))
        validation_error("Parameter Account is not valid: a 12-digit account id.");
}

std::string source_arn(EventsShared& shared, const std::string& name) {
    return "arn:aws:events:" + shared.bus.scope().region + "::event-source/" + name;
}

// The partner: the part of the name after aws.partner/.
std::string partner_of(const std::string& name) {
    std::string rest = name.substr(12);
    return rest.substr(0, rest.find('/'));
}

json::Value epoch_seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

Source source_from(const store::Document& document) {
    json::Value body = json::parse(document.body);
    auto text = [&](std::string_view key) {
        const json::Value* v = body.find(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    Source source{text("Name"), text("Account"), text("State"), document.created_ms};
    return source;
}

std::optional<Source> find_source(EventsShared& shared, const std::string& account, const std::string& name) {
    auto document = shared.store.get_document(std::string(kKind), id_of(account, name));
    if (!document) return std::nullopt;
    return source_from(*document);
}

void put_source(EventsShared& shared, const Source& source) {
    json::Value body(json::Object{{"Name", json::Value(source.name)},
                                  {"Account", json::Value(source.account)},
                                  {"State", json::Value(source.state)}});
    shared.store.apply({store::PutDocument{{std::string(kKind), id_of(source.account, source.name), json::dump(body)}}});
}

// Every source of every account, by name then account.
std::vector<Source> all_sources(EventsShared& shared) {
    std::vector<Source> sources;
    for (const auto& document : shared.store.list_documents(std::string(kKind))) sources.push_back(source_from(document));
    std::sort(sources.begin(), sources.end(),
              [](const Source& a, const Source& b) { return std::tie(a.name, a.account) < std::tie(b.name, b.account); });
    return sources;
}

[[noreturn]] void source_not_found(const std::string& name) {
    throw events::BusError("ResourceNotFoundException", "Event source " + name + " does not exist.");
}

// The customer's own source (this server's account); ResourceNotFoundException.
Source own_source(EventsShared& shared, const std::string& name) {
    auto source = find_source(shared, shared.bus.scope().account, name);
    if (!source) source_not_found(name);
    return *source;
}

json::Value set_own_state(EventsCall& call, const std::string& state) {
    std::string name = call.required_string("Name");
    std::lock_guard lock(call.shared.control_plane);
    Source source = own_source(call.shared, name);
    if (source.state == "DELETED")
        throw events::BusError("InvalidStateException", "Event source " + name + " was deleted by its partner.");
    source.state = state;
    put_source(call.shared, source);
    return json::Value(json::Object{});
}

// Pages of a sorted list of names: the token carries the last name given.
template <typename Item, typename Name, typename Render>
json::Value paged(EventsCall& call, std::string_view list, std::string_view member, const std::vector<Item>& items,
                  Name name_of, Render render) {
    size_t limit = call.limit();
    std::string after = events_page_after(list, call.string("NextToken"));
    json::Array out;
    std::string next, last;
    for (const Item& item : items) {
        std::string name = name_of(item);
        if (!after.empty() && name <= after) continue;
        if (out.size() == limit) {
            next = events_page_token(list, last);
            break;
        }
        out.push_back(render(item));
        last = name;
    }
    json::Object result{{std::string(member), json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

}  // namespace

void claim_partner_source(EventsShared& shared, const std::string& bus_name, const std::string& source_name) {
    check_source_name(source_name, "EventSourceName");
    if (bus_name != source_name)
        validation_error("The name of a partner event bus must be the name of its event source, " + source_name + ".");
    Source source = own_source(shared, source_name);
    if (source.state == "DELETED")
        throw events::BusError("InvalidStateException", "Event source " + source_name + " was deleted by its partner.");
}

void partner_bus_changed(EventsShared& shared, const std::string& bus_name, bool exists) {
    if (bus_name.rfind("aws.partner/", 0) != 0) return;
    auto source = find_source(shared, shared.bus.scope().account, bus_name);
    if (!source || source->state == "DELETED") return;
    source->state = exists ? "ACTIVE" : "PENDING";
    put_source(shared, *source);
}

namespace evt {

json::Value create_partner_event_source(EventsCall& call) {
    std::string name = call.required_string("Name");
    std::string account = call.required_string("Account");
    check_source_name(name, "Name");
    check_account(account);
    std::lock_guard lock(call.shared.control_plane);
    auto existing = find_source(call.shared, account, name);
    if (existing && existing->state != "DELETED")
        throw events::BusError("ResourceAlreadyExistsException",
                               "Event source " + name + " already exists for account " + account + ".");
    // A partner bus left from a deleted source of the same name takes the new one at once.
    bool bus = account == call.shared.bus.scope().account && call.shared.bus.find_bus(name);
    put_source(call.shared, {name, account, bus ? "ACTIVE" : "PENDING"});
    return json::Value(json::Object{{"EventSourceArn", json::Value(source_arn(call.shared, name))}});
}

json::Value describe_partner_event_source(EventsCall& call) {
    std::string name = call.required_string("Name");
    for (const Source& source : all_sources(call.shared))
        if (source.name == name && source.state != "DELETED")
            return json::Value(json::Object{{"Arn", json::Value(source_arn(call.shared, name))}, {"Name", json::Value(name)}});
    source_not_found(name);
}

json::Value list_partner_event_sources(EventsCall& call) {
    std::string prefix = call.required_string("NamePrefix");
    std::vector<std::string> names;
    for (const Source& source : all_sources(call.shared))
        if (source.state != "DELETED" && source.name.rfind(prefix, 0) == 0 &&
            (names.empty() || names.back() != source.name))
            names.push_back(source.name);
    return paged(call, "partner-sources", "PartnerEventSources", names, [](const std::string& n) { return n; },
                 [&](const std::string& n) {
                     return json::Value(json::Object{{"Arn", json::Value(source_arn(call.shared, n))},
                                                     {"Name", json::Value(n)}});
                 });
}

json::Value list_partner_event_source_accounts(EventsCall& call) {
    std::string name = call.required_string("EventSourceName");
    std::vector<Source> accounts;
    for (const Source& source : all_sources(call.shared))
        if (source.name == name) accounts.push_back(source);
    if (accounts.empty()) source_not_found(name);
    return paged(call, "partner-accounts", "PartnerEventSourceAccounts", accounts,
                 [](const Source& s) { return s.account; },
                 [](const Source& s) {
                     return json::Value(json::Object{{"Account", json::Value(s.account)},
                                                     {"CreationTime", epoch_seconds(s.created_ms)},
                                                     {"State", json::Value(s.state)}});
                 });
}

json::Value delete_partner_event_source(EventsCall& call) {
    std::string name = call.required_string("Name");
    std::string account = call.required_string("Account");
    check_account(account);
    std::lock_guard lock(call.shared.control_plane);
    auto source = find_source(call.shared, account, name);
    if (source && source->state != "DELETED") {
        source->state = "DELETED";
        put_source(call.shared, *source);
    }
    return json::Value(json::Object{});
}

json::Value list_event_sources(EventsCall& call) {
    std::string prefix = call.string("NamePrefix").value_or("");
    std::vector<Source> own;
    for (const Source& source : all_sources(call.shared))
        if (source.account == call.shared.bus.scope().account && source.name.rfind(prefix, 0) == 0)
            own.push_back(source);
    return paged(call, "event-sources", "EventSources", own, [](const Source& s) { return s.name; },
                 [&](const Source& s) {
                     return json::Value(json::Object{{"Arn", json::Value(source_arn(call.shared, s.name))},
                                                     {"CreatedBy", json::Value(partner_of(s.name))},
                                                     {"CreationTime", epoch_seconds(s.created_ms)},
                                                     {"Name", json::Value(s.name)},
                                                     {"State", json::Value(s.state)}});
                 });
}

json::Value describe_event_source(EventsCall& call) {
    Source s = own_source(call.shared, call.required_string("Name"));
    return json::Value(json::Object{{"Arn", json::Value(source_arn(call.shared, s.name))},
                                    {"CreatedBy", json::Value(partner_of(s.name))},
                                    {"CreationTime", epoch_seconds(s.created_ms)},
                                    {"Name", json::Value(s.name)},
                                    {"State", json::Value(s.state)}});
}

json::Value activate_event_source(EventsCall& call) { return set_own_state(call, "ACTIVE"); }
json::Value deactivate_event_source(EventsCall& call) { return set_own_state(call, "PENDING"); }

void put_partner_events(EventsCall& call, std::function<void(json::Value)> answer) {
    if (const json::Value* list = call.body.find("Entries"); list && list->is_array()) {
        for (const json::Value& item : list->as_array())
            for (std::string_view member : {"EventBusName", "TraceHeader"})
                if (item.is_object() && item.find(member))
                    validation_error(std::string(member) + " is not a member of a PutPartnerEvents entry.");
    }
    std::vector<events::EventEntry> entries = read_event_entries(call);
    std::vector<events::EntryResult> results(entries.size());
    const std::string& account = call.shared.bus.scope().account;
    for (size_t i = 0; i < entries.size(); ++i) {
        events::EventEntry& entry = entries[i];
        if (!entry.source) continue;  // the bus answers InvalidArgument naming Source
        auto source = find_source(call.shared, account, *entry.source);
        if (!source || source->state != "ACTIVE" || !call.shared.bus.find_bus(*entry.source)) {
            results[i] = {"", "ResourceNotFoundException",
                          "Event source " + *entry.source + " has no active partner event bus in account " + account +
                              " (the only account stepwise hosts)."};
            continue;
        }
        entry.event_bus_name = *entry.source;
        entry.sent_by = "PutPartnerEvents";
    }
    put_entries(call, std::move(entries), std::move(results), std::move(answer));
}

}  // namespace evt
}  // namespace stepwise::api
