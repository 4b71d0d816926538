// Running test suites (testing/suite.h): each suite's world is prepared once
// (cli/run_world.h), then its cases run on a virtual clock, in parallel on
// `jobs` threads sharing the compiled machine, each with its own mocks, event
// bus and observer. Results come back in file and case order.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "aws/scope.h"
#include "json/source_map.h"
#include "testing/coverage.h"
#include "testing/result.h"
#include "testing/suite.h"

namespace stepwise::cli {

struct TestRunOptions {
    unsigned jobs = 1;
    std::string filter;             // only cases whose "file > name" contains it
    std::string s3_dir;             // --s3-dir: the local S3 folder ("" = the project's)
    bool update_snapshots = false;
    bool coverage = false;          // record state-machine coverage
    aws::Scope scope;               // --account, --region: the account and region of the runs' ARNs
    // Told each case as it ends (from worker threads, one at a time): for a progress line.
    std::function<void(const testing::CaseResult&)> on_case;
};

struct SuiteRun {
    testing::SuiteResult result;
    std::string definition;  // the definition file the suite tests ("" when it could not be prepared)
    bool show_status = false;  // the cases expect nothing of the status (--mocks): show it
    std::vector<std::string> watched;  // files and folders a change of which changes the suite's results
    // With TestRunOptions::coverage: the definition's items and what the cases exercised.
    std::shared_ptr<const testing::CoverageMap> coverage_map;
    testing::CoverageHits coverage_hits;
    json::SourceMap definition_positions;  // where each pointer is written in the definition file (empty when inline)
};

std::vector<SuiteRun> run_suites(const std::vector<testing::Suite>& suites, const TestRunOptions& options);

}  // namespace stepwise::cli
