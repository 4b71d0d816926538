// The conformance runner: `stepwise-conformance MODE DIR` runs every case file
// below DIR (recursively) in one mode and ends with `N passed, M failed`.
// Each mode supplies one function that runs a single case.
#pragma once

#include <filesystem>
#include <string>

#include "json/value.h"

namespace stepwise::conformance {

struct Outcome {
    bool passed = false;
    std::string reason;  // one line saying what differed, when it failed
};

inline Outcome pass() { return {true, {}}; }
inline Outcome fail(std::string reason) { return {false, std::move(reason)}; }

// A case runner receives the parsed case file and its path. It must not throw
// for a failing case (the runner turns an escaped exception into a failure).
using CaseRunner = Outcome (*)(const json::Value& test_case, const std::filesystem::path& file);

// One per mode, each in its own <mode>_mode.cpp.
Outcome run_asl_case(const json::Value& test_case, const std::filesystem::path& file);
Outcome run_jsonata_case(const json::Value& test_case, const std::filesystem::path& file);
Outcome run_eventbridge_case(const json::Value& test_case, const std::filesystem::path& file);

}  // namespace stepwise::conformance
