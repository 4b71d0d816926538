// TagResource, UntagResource, ListTagsForResource on event buses and rules,
// and the Tags of CreateEventBus and PutRule. Tags are stored beside the
// resource (document kind "event_tags", id the resource's ARN) and deleted
// with it (unstore_bus, unstore_rule).
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TagResource.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-tagging.html (50 tags a resource)
#include <algorithm>

#include "api/events/call.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {
namespace {

constexpr size_t kMaxTags = 50;
constexpr size_t kMaxKeyLength = 128;
constexpr size_t kMaxValueLength = 256;

[[noreturn]] void not_a(std::string_view what, std::string_view expected) {
    throw events::BusError("SerializationException",
                           "Unexpected value type for '" + std::string(what) + "': expected " + std::string(expected));
}

[[noreturn]] void too_long(const std::string& value, std::string_view member, size_t max) {
    validation_error("1 validation error detected: Value '" + value + "' at '" + std::string(member) +
                     "' failed to satisfy constraint: Member must have length less than or equal to " +
                     std::to_string(max));
}

std::string checked_key(const json::Value& key, std::string_view member) {
    if (!key.is_string()) not_a(member, "a string");
    std::string text(key.as_string());
    if (text.empty())
        validation_error("1 validation error detected: Value '' at '" + std::string(member) +
                         "' failed to satisfy constraint: Member must have length greater than or equal to 1");
    if (text.size() > kMaxKeyLength) too_long(text, member, kMaxKeyLength);
    return text;
}

void check_count(size_t count) {
    if (count > kMaxTags)
        validation_error("A resource can have at most " + std::to_string(kMaxTags) + " tags; this request would give it " +
                         std::to_string(count) + ".");
}

// The resource an ARN names must exist: an event bus or a rule of this account and region.
void require_resource(EventsShared& shared, const std::string& arn) {
    const aws::Scope& scope = shared.bus.scope();
    std::string prefix = "arn:aws:events:" + scope.region + ":" + scope.account + ":";
    std::string resource = arn.compare(0, prefix.size(), prefix) == 0 ? arn.substr(prefix.size()) : "";
    if (resource.rfind("event-bus/", 0) == 0) {
        std::string bus = resource.substr(10);
        if (shared.bus.find_bus(bus)) return;
        throw events::BusError("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
    }
    if (resource.rfind("rule/", 0) == 0) {
        std::string path = resource.substr(5);
        size_t slash = path.rfind('/');
        std::string bus = slash == std::string::npos ? std::string(events::kDefaultBus) : path.substr(0, slash);
        std::string rule = slash == std::string::npos ? path : path.substr(slash + 1);
        if (shared.bus.find_rule(bus, rule)) return;
        throw events::BusError("ResourceNotFoundException", "Rule " + rule + " does not exist on EventBus " + bus + ".");
    }
    throw events::BusError("ResourceNotFoundException", "Resource " + arn + " does not exist.");
}

std::string resource_arn(EventsCall& call) {
    std::string arn = call.required_string("ResourceARN");
    if (arn.empty() || arn.size() > 1600) validation_error("Parameter ResourceARN is not valid.");
    return arn;
}

void write_tags(EventsShared& shared, const std::string& arn, const EventTags& tags) {
    if (tags.empty()) {
        shared.store.apply({store::DeleteDocument{"event_tags", arn}});
        return;
    }
    shared.store.apply({store::PutDocument{{"event_tags", arn, json::dump(json::Value(json::Object{
                                                                  {"Tags", tags_to_json(tags)}}))}}});
}

}  // namespace

EventTags read_tags(const json::Value* list) {
    EventTags tags;
    if (!list || list->is_null()) return tags;
    if (!list->is_array()) not_a("Tags", "a list");
    for (const json::Value& tag : list->as_array()) {
        if (!tag.is_object()) not_a("Tags", "a list of structures");
        const json::Value* key = tag.find("Key");
        const json::Value* value = tag.find("Value");
        if (!key || key->is_null()) missing_member("Key");
        if (!value || value->is_null()) missing_member("Value");
        std::string k = checked_key(*key, "tags.member.key");
        if (!value->is_string()) not_a("Value", "a string");
        std::string v(value->as_string());
        if (v.size() > kMaxValueLength) too_long(v, "tags.member.value", kMaxValueLength);
        auto same = std::find_if(tags.begin(), tags.end(), [&](const auto& t) { return t.first == k; });
        if (same != tags.end())
            same->second = v;
        else
            tags.emplace_back(std::move(k), std::move(v));
    }
    check_count(tags.size());
    return tags;
}

json::Value tags_to_json(const EventTags& tags) {
    json::Array out;
    for (const auto& [key, value] : tags)
        out.push_back(json::Value(json::Object{{"Key", json::Value(key)}, {"Value", json::Value(value)}}));
    return json::Value(std::move(out));
}

EventTags stored_tags(EventsShared& shared, const std::string& arn) {
    auto document = shared.store.get_document("event_tags", arn);
    if (!document) return {};
    json::Value body = json::parse(document->body);
    return read_tags(body.find("Tags"));
}

void add_tags(EventsShared& shared, const std::string& arn, const EventTags& added) {
    if (added.empty()) return;
    EventTags tags = stored_tags(shared, arn);
    for (const auto& [key, value] : added) {
        auto same = std::find_if(tags.begin(), tags.end(), [&](const auto& t) { return t.first == key; });
        if (same != tags.end())
            same->second = value;
        else
            tags.emplace_back(key, value);
    }
    check_count(tags.size());
    write_tags(shared, arn, tags);
}

namespace evt {

json::Value tag_resource(EventsCall& call) {
    std::string arn = resource_arn(call);
    const json::Value* list = call.body.find("Tags");
    if (!list || list->is_null()) missing_member("Tags");
    EventTags tags = read_tags(list);
    std::lock_guard lock(call.shared.control_plane);
    require_resource(call.shared, arn);
    add_tags(call.shared, arn, tags);
    return json::Value(json::Object{});
}

json::Value untag_resource(EventsCall& call) {
    std::string arn = resource_arn(call);
    const json::Value* keys = call.body.find("TagKeys");
    if (!keys || keys->is_null()) missing_member("TagKeys");
    if (!keys->is_array()) not_a("TagKeys", "a list");
    std::vector<std::string> removed;
    for (const json::Value& key : keys->as_array()) removed.push_back(checked_key(key, "tagKeys.member"));
    std::lock_guard lock(call.shared.control_plane);
    require_resource(call.shared, arn);
    EventTags tags = stored_tags(call.shared, arn);
    std::erase_if(tags, [&](const auto& t) { return std::find(removed.begin(), removed.end(), t.first) != removed.end(); });
    write_tags(call.shared, arn, tags);
    return json::Value(json::Object{});
}

json::Value list_tags_for_resource(EventsCall& call) {
    std::string arn = resource_arn(call);
    require_resource(call.shared, arn);
    return json::Value(json::Object{{"Tags", tags_to_json(stored_tags(call.shared, arn))}});
}

}  // namespace evt
}  // namespace stepwise::api
