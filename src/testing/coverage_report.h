// Coverage reports: the terminal table, and lcov and Cobertura files with the
// items mapped onto the lines of the definition files.
//
// An item's line is the line of its pointer in the file (json::SourceMap: a
// state's name, a "Next" or "Default" key, a Retry or Catch entry's `{`);
// an item the map does not place goes on line 1. A line's hits are the most
// any item on it had (the times the line ran, as for code: a one-line state
// with its Next counts once, not twice). The ways out of a Choice (each rule,
// Default) and the Catch edges of a state are the branches of the state's line.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "json/source_map.h"
#include "testing/coverage.h"

namespace stepwise::testing {

struct FileCoverage {
    std::string path;        // the definition file, as shown and as reports name it
    json::SourceMap source;  // where each pointer is written in it (json::map_source of its text)
    CoverageMap map;
    CoverageHits hits;       // every case's, merged
};

// One row a file (states, transitions, retriers, catchers, total: covered/total
// and percent; a total row when there are several files), then every item no
// case exercised as `file:line  /pointer  label`.
void print_coverage(std::ostream& out, const std::vector<FileCoverage>& files, bool color);

// {"files": [{"path", "states": {"covered", "total"}, ..., "uncovered": [{"pointer", "line", "label"}]}]}
json::Value coverage_json(const std::vector<FileCoverage>& files);

// lcov tracefile: one record a file (TN, SF, BRDA, BRF, BRH, DA, LF, LH).
void write_lcov(std::ostream& out, const std::vector<FileCoverage>& files);

// Cobertura XML (GitLab, Jenkins): a package a folder, a class a file, its
// lines with hits, and condition-coverage on the lines with branches.
// `timestamp_ms` goes into the report as is (0 keeps it reproducible).
void write_cobertura(std::ostream& out, const std::vector<FileCoverage>& files, int64_t timestamp_ms = 0);

}  // namespace stepwise::testing
