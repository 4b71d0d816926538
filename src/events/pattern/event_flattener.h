// An event as EventBridge sees it when matching: every leaf value (string,
// number, boolean, null) under its path, keys joined with '.'. Arrays are
// looked through (their elements share the array's path), so an empty array
// and an empty object contribute nothing.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/pattern/string_hash.h"
#include "json/value.h"

namespace stepwise::events {

class FlatEvent {
public:
    explicit FlatEvent(const json::Value& event);  // keeps pointers into `event`

    // The leaf values at a path, or nullptr when there are none.
    const std::vector<const json::Value*>* values_at(std::string_view path) const;

private:
    void add(const json::Value& value, std::string& path);
    std::unordered_map<std::string, std::vector<const json::Value*>, TransparentStringHash, std::equal_to<>> leaves_;
};

}  // namespace stepwise::events
