// What a test run found, case by case: the model the terminal output, the
// JUnit XML and the JSON report (testing/report.h) are all written from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stepwise::testing {

// One assertion that did not hold, or one problem that fails the case by
// itself (a mock no call used, an event its schema rejects, ...).
struct Failure {
    std::string what;     // "expect.status", "mocks", "events", ...: the assertion's key
    std::string where;    // the place in a file: "order.test.yaml:14:7" ("" when none)
    std::string message;  // what was expected and what happened (may hold several lines: a diff)
    std::string state;    // the state where the run went differently ("" unknown)
};

struct CaseResult {
    std::string file;          // the test file, as given or found
    std::string name;          // the case's name
    bool passed = false;
    std::vector<Failure> failures;
    std::vector<std::string> warnings;  // shown, never failing
    std::string status;        // the execution's status ("" when it did not run)
    std::string error;         // its error, when it failed
    int64_t virtual_ms = 0;    // start to end on the virtual clock
    int64_t real_micros = 0;   // how long the case took
};

struct SuiteResult {
    std::string file;
    std::vector<CaseResult> cases;
    std::string error;  // the file could not be used (every case is then unrun); "" otherwise
};

struct RunTotals {
    size_t passed = 0, failed = 0, broken_files = 0;
};

}  // namespace stepwise::testing
