// CI reports of a test run: JUnit XML (read by GitHub Actions test reporters,
// GitLab's `artifacts:reports:junit` and Jenkins' junit step) and a JSON report.
#pragma once

#include <ostream>
#include <vector>

#include "json/value.h"
#include "testing/result.h"

namespace stepwise::testing {

RunTotals totals_of(const std::vector<SuiteResult>& suites);

// One <testsuite> per file, one <testcase> per case; a failed case holds a
// <failure> per failed assertion, a file that could not be used an <error>.
void write_junit(std::ostream& out, const std::vector<SuiteResult>& suites, int64_t real_micros);

// {"totals": {...}, "files": [{"file", "error", "cases": [{"name", "passed", "status", "failures": [...]}]}]}
json::Value json_report(const std::vector<SuiteResult>& suites, int64_t real_micros);

}  // namespace stepwise::testing
