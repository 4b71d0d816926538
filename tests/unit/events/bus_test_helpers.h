// Small helpers shared by the event bus unit tests: targets from JSON, and
// the JSON lines a log-group or dead-letter file holds.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "events/bus/event_bus.h"
#include "json/parse.h"

namespace stepwise::events::testing {

inline std::vector<json::Value> read_lines(const std::filesystem::path& path) {
    std::vector<json::Value> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
    return lines;
}

inline TargetSpec target(const std::string& json_text) { return target_from_json(json::parse(json_text)); }

}  // namespace stepwise::events::testing
