// CreateEventBus, DescribeEventBus, UpdateEventBus, DeleteEventBus, ListEventBuses.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEventBus.html
// ("Event bus names cannot contain the / character" but for partner buses)
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_UpdateEventBus.html
// The bus's DeadLetterConfig is an SQS queue, as a target's:
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_DeadLetterConfig.html
// Schema discovery is not supported on a bus with a customer managed key:
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-event-bus-cmkey.html
#include "api/events/call.h"
#include "events/bus/target_kind.h"

namespace stepwise::api::evt {
namespace {

// A string member of at most `max` bytes, with AWS's wording when longer.
std::optional<std::string> bounded(EventsCall& call, std::string_view key, size_t max) {
    auto value = call.string(key);
    if (value && value->size() > max) {
        std::string member(key);
        member[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(member[0])));
        validation_error("1 validation error detected: Value at '" + member +
                         "' failed to satisfy constraint: Member must have length less than or equal to " +
                         std::to_string(max));
    }
    return value;
}

// DeadLetterConfig {Arn}: nullopt when absent; "" when given without an Arn (none).
std::optional<std::string> dead_letter_arn(EventsCall& call) {
    const json::Value* config = call.body.find("DeadLetterConfig");
    if (!config || config->is_null()) return std::nullopt;
    if (!config->is_object())
        throw events::BusError("SerializationException", "Unexpected value type for 'DeadLetterConfig': expected a structure");
    const json::Value* arn = config->find("Arn");
    if (!arn || arn->is_null()) return std::string();
    if (!arn->is_string())
        throw events::BusError("SerializationException", "Unexpected value type for 'DeadLetterConfig.Arn': expected a string");
    std::string text(arn->as_string());
    if (text.size() > 1600 || (!text.empty() && events::target_kind(text) != events::TargetKind::Sqs))
        validation_error("Parameter DeadLetterConfig.Arn is not valid: " + text + " is not the ARN of an SQS queue.");
    return text;
}

// Members of the newest model that stepwise does not keep: refused, never ignored.
void refuse_unsupported(EventsCall& call) {
    if (const json::Value* log = call.body.find("LogConfig"); log && !log->is_null())
        validation_error("LogConfig (event bus logging) is not supported by stepwise.");
}

// The settings both CreateEventBus and UpdateEventBus answer with.
void add_settings(json::Object& out, const events::BusSpec& bus) {
    if (!bus.description.empty()) out.set("Description", json::Value(bus.description));
    if (!bus.kms_key_identifier.empty()) out.set("KmsKeyIdentifier", json::Value(bus.kms_key_identifier));
    if (!bus.dead_letter_arn.empty())
        out.set("DeadLetterConfig", json::Value(json::Object{{"Arn", json::Value(bus.dead_letter_arn)}}));
}

}  // namespace

json::Value create_event_bus(EventsCall& call) {
    events::BusSpec spec;
    spec.name = call.required_string("Name");
    auto source = call.string("EventSourceName");
    // Only a partner bus (named after its event source) may hold '/'.
    if (!source && spec.name.find('/') != std::string::npos)
        validation_error("Event bus names cannot contain the / character, except partner event buses.");
    refuse_unsupported(call);
    spec.description = bounded(call, "Description", 512).value_or("");
    spec.kms_key_identifier = bounded(call, "KmsKeyIdentifier", 2048).value_or("");
    spec.dead_letter_arn = dead_letter_arn(call).value_or("");
    EventTags tags = read_tags(call.body.find("Tags"));
    std::lock_guard lock(call.shared.control_plane);
    if (source) claim_partner_source(call.shared, spec.name, *source);
    events::BusSpec bus = call.shared.bus.create_bus(std::move(spec));
    store_bus(call.shared, bus);
    add_tags(call.shared, bus.arn, tags);
    if (source) partner_bus_changed(call.shared, bus.name, true);
    json::Object out{{"EventBusArn", json::Value(bus.arn)}};
    add_settings(out, bus);
    return json::Value(std::move(out));
}

json::Value update_event_bus(EventsCall& call) {
    std::string name = events::bus_name_of(call.string("Name").value_or(""));
    refuse_unsupported(call);
    auto description = bounded(call, "Description", 512);
    // "If you do not specify a customer managed key identifier, EventBridge uses
    // an AWS owned key": an update without one goes back to no key.
    std::string kms_key = bounded(call, "KmsKeyIdentifier", 2048).value_or("");
    auto dead_letter = dead_letter_arn(call);
    std::lock_guard lock(call.shared.control_plane);
    // AWS documents the refusal, not its error: ValidationException, as for a bad request.
    const auto& has_discoverer = call.shared.options.bus_has_discoverer;
    if (!kms_key.empty() && call.shared.bus.find_bus(name) && has_discoverer && has_discoverer(name))
        validation_error("Schema discovery is not supported for event buses encrypted using a customer managed key: "
                         "event bus " + name + " has a discoverer. Delete it, or keep an AWS owned key.");
    events::BusSpec bus = call.shared.bus.update_bus(name, [&](events::BusSpec& spec) {
        if (description) spec.description = *description;
        spec.kms_key_identifier = kms_key;
        if (dead_letter) spec.dead_letter_arn = *dead_letter;
    });
    store_bus(call.shared, bus);
    json::Object out{{"Arn", json::Value(bus.arn)}, {"Name", json::Value(bus.name)}};
    add_settings(out, bus);
    return json::Value(std::move(out));
}

json::Value describe_event_bus(EventsCall& call) {
    std::string name = events::bus_name_of(call.string("Name").value_or(""));
    auto bus = call.shared.bus.find_bus(name);
    if (!bus) throw events::BusError("ResourceNotFoundException", "Event bus " + name + " does not exist.");
    return events::bus_description(*bus);
}

json::Value delete_event_bus(EventsCall& call) {
    std::string name = events::bus_name_of(call.required_string("Name"));
    std::lock_guard lock(call.shared.control_plane);
    auto bus = call.shared.bus.find_bus(name);
    if (name != events::kDefaultBus && !bus) return json::Value(json::Object{});
    std::vector<events::RuleSpec> rules = bus ? call.shared.bus.rules(name) : std::vector<events::RuleSpec>{};
    call.shared.bus.delete_bus(name);
    unstore_bus(call.shared, bus->arn, rules);
    partner_bus_changed(call.shared, name, false);
    return json::Value(json::Object{});
}

json::Value list_event_buses(EventsCall& call) {
    std::string prefix = call.string("NamePrefix").value_or("");
    size_t limit = call.limit();
    std::string after = events_page_after("buses", call.string("NextToken"));
    json::Array out;
    std::string next;
    for (const auto& bus : call.shared.bus.buses()) {
        if (bus.name.compare(0, prefix.size(), prefix) != 0 || (!after.empty() && bus.name <= after)) continue;
        if (out.size() == limit) {
            next = events_page_token("buses", out[out.size() - 1].find("Name")->as_string());
            break;
        }
        out.push_back(events::bus_to_json(bus));
    }
    json::Object result{{"EventBuses", json::Value(std::move(out))}};
    if (!next.empty()) result.set("NextToken", json::Value(next));
    return json::Value(std::move(result));
}

}  // namespace stepwise::api::evt
