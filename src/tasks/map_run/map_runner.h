// Carries out a DISTRIBUTED Map's Map Run (engine/map_run_request.h) in either
// shell: reads the items (the input's array, a mock config entry standing in
// for the reader, or the local S3 folder), shapes each with ItemSelector,
// groups them per ItemBatcher, starts each item or batch as a child execution
// through the shell's ExecutionPort, at most MaxConcurrency at once, counts
// their ends against the tolerated failures, writes their results (ResultWriter)
// and answers the Map state once. Items are pulled only as children can start,
// so memory stays bounded whatever the reader's size.
// https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
#pragma once

#include <memory>

#include "tasks/integrations/execution_port.h"
#include "tasks/map_run/local_s3.h"
#include "tasks/map_run/map_run_registry.h"
#include "tasks/task.h"
#include "tasks/task_router.h"

namespace stepwise::tasks {

class MockExecutor;

namespace map_run {

struct MapRunnerOptions {
    std::shared_ptr<ExecutionPort> port;        // starts and stops the children
    std::shared_ptr<const s3::LocalS3> s3;      // the local S3 folder (null: none configured)
    std::shared_ptr<MapRunRegistry> registry;   // where runs are described (null: not kept)
    std::string s3_hint = "--s3-dir DIR";       // how the user configures the folder, for errors
    // Clock for the run's dates (the shell's: virtual under `run`).
    std::function<int64_t()> now_ms;
    // 0: AWS's 10,000. A shell that holds every child in memory may lower the
    // number of children that are started but not yet ended.
    size_t max_children_in_flight = 0;
};

class MapRunner {
public:
    explicit MapRunner(MapRunnerOptions options);
    // Starts the request's Map Run; `done` gets its outcome once (from any thread).
    // `mocks`: the parent's mock test case (a mock for the Map state stands in for the reader's data).
    TaskCancel start(const TaskRequest& request, MockExecutor* mocks, TaskDone done);

private:
    MapRunnerOptions options_;
};

}  // namespace map_run
}  // namespace stepwise::tasks
