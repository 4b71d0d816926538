// Small helpers shared by the event bus unit tests: targets from JSON, and
// the JSON lines a log-group or dead-letter file holds.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "events/bus/event_bus.h"
#include "json/parse.h"

namespace stepwise::events::testing {

// The complete lines of a JSON-lines file another thread may be appending to:
// a last line without its newline is still being written, and is left out
// (parsing it would throw, and a test body that throws while a delivery it
// holds back is blocked would never end).
inline std::vector<json::Value> read_lines(const std::filesystem::path& path) {
    std::vector<json::Value> lines;
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(json::parse(std::string_view(text).substr(start, end - start)));
    return lines;
}

inline TargetSpec target(const std::string& json_text) { return target_from_json(json::parse(json_text)); }

}  // namespace stepwise::events::testing
