// What one child execution contributes to a Map Run's results (internal to
// map_run: result_entries.cpp, result_writer.cpp).
#pragma once

#include <vector>

#include "tasks/map_run/result_writer.h"

namespace stepwise::tasks::map_run::detail {

// The execution's entry with its metadata (Transformation NONE).
json::Value execution_entry(const ChildResult& result);

// The values the Transformation makes of one result: NONE its entry; COMPACT
// its output; FLATTEN its output's elements when the output is an array.
// A child that did not succeed always gives its NONE entry.
std::vector<json::Value> transformed(asl::ResultWriterSpec::Transformation transformation, const ChildResult& result);

}  // namespace stepwise::tasks::map_run::detail
