// Checking one case's run against its expectations (docs/testing.md,
// `expect`), plus what every run must satisfy without being asked: each event
// put is valid against its schema and was accepted. Each failure says what was
// expected, what happened, where the expectation is written, and the state
// where the run went differently.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/run.h"
#include "testing/result.h"
#include "testing/suite.h"

namespace stepwise::testing {

struct CaseOutcome {
    const runtime::RunResult* result = nullptr;
    std::map<std::string, int64_t> retries;  // retries taken, by state name (engine/observer.h `retrying`)
    // Every state entered, in order, as the observer saw it (engine/observer.h
    // `entered`): Distributed Map iterations, which keep no history, too.
    // Empty: the history's states are taken.
    std::vector<std::string> entered;
};

std::vector<Failure> check_expectations(const TestCaseSpec& spec, const SourceFile& source, const CaseOutcome& outcome);

// What a snapshot holds of a run: status, output, error, cause, path, events and children.
json::Value snapshot_of(const runtime::RunResult& result);

}  // namespace stepwise::testing
