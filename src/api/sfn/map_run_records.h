// Map Runs in the store: each run's record (MapRunInfo::to_json, DescribeMapRun's
// shape) is a document of kind "map_run" whose id is the Map Run's ARN, so
// DescribeMapRun, ListMapRuns and ListExecutions by mapRunArn still answer
// after a restart.
//
//   tasks::map_run::MapRunRegistry registry;
//   auto warnings = api::restore_map_runs(store, registry);   // before executions resume
//   api::persist_map_runs(registry, store);
//   api::forget_orphaned_map_runs(registry, store);            // after each retention sweep
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"
#include "tasks/map_run/map_run_registry.h"

namespace stepwise::api {

inline constexpr std::string_view kMapRunKind = "map_run";

// Gives `registry` every stored run, oldest first, as stored (a RUNNING one
// stays RUNNING: its coordinator registers it again when the parent resumes).
// Returns a line for each document that is no Map Run record.
std::vector<std::string> restore_map_runs(store::Store& store, tasks::map_run::MapRunRegistry& registry);

// Writes the registry's records to the store as they change: when a run is
// first seen (it started, was redriven, or registered again after a restart),
// when it ends, and in between at most once per `interval_ms` of `wall_ms`
// per run. DescribeMapRun answers from the registry, so the store's copy only
// matters after a restart; a run of 10,000 children would otherwise write
// its record 10,000 times. A failed write is reported on stderr and retried
// with the run's next change.
void persist_map_runs(tasks::map_run::MapRunRegistry& registry, store::Store& store,
                      std::function<int64_t()> wall_ms = {}, int64_t interval_ms = 500);

// A Map Run lives as long as its parent execution: deletes the record (the
// document and the registry's) of every ended run whose parent the store no
// longer has (retention deleted it). Returns how many went. Throws StoreError.
size_t forget_orphaned_map_runs(tasks::map_run::MapRunRegistry& registry, store::Store& store);

}  // namespace stepwise::api
