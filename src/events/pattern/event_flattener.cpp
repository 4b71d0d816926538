#include "events/pattern/event_flattener.h"

namespace stepwise::events {

FlatEvent::FlatEvent(const json::Value& event) {
    std::string path;
    if (event.is_object()) add(event, path);
}

void FlatEvent::add(const json::Value& value, std::string& path) {
    switch (value.kind()) {
        case json::Kind::Object:
            for (const json::Member& member : value.as_object()) {
                size_t mark = path.size();
                if (!path.empty()) path += '.';
                path += member.name();
                add(member.value, path);
                path.resize(mark);
            }
            break;
        case json::Kind::Array:
            for (const json::Value& item : value.as_array()) add(item, path);
            break;
        default:
            leaves_[path].push_back(&value);
            break;
    }
}

const std::vector<const json::Value*>* FlatEvent::values_at(std::string_view path) const {
    auto it = leaves_.find(path);
    return it == leaves_.end() ? nullptr : &it->second;
}

}  // namespace stepwise::events
