// Long-lived language workers (Node.js, Python) for one function: each worker
// is a process running the bootstrap script (bootstrap/*_worker.*) that loaded
// the handler once and serves invocations over pipes, so it stays warm like a
// Lambda execution environment. Concurrent invocations get separate workers;
// a worker that timed out, crashed or failed to initialize is replaced by a
// fresh (cold) one on the next invocation. At most `function.concurrency`
// workers run at once; further invocations wait for a free one (until the
// state's deadline, if it has one).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tasks/function_runner.h"
#include "tasks/project_config.h"

namespace stepwise::tasks {

struct WorkerLaunch {
    std::vector<std::string> argv;  // e.g. {"node", "--max-old-space-size=115", "-e", <script>}
    std::vector<std::pair<std::string, std::string>> env;
    std::string cwd;
    std::string missing_hint;  // what to do when argv[0] cannot be started
};

class WorkerPool : public FunctionRunner {
public:
    WorkerPool(FunctionConfig function, WorkerLaunch launch);
    ~WorkerPool() override;
    InvokeResult invoke(const InvokeRequest& request) override;
    // Spawns one worker when none is alive; its init overlaps whatever runs next.
    void prewarm() override;

    // For tests and the benchmark: pids of the idle (warm) workers.
    std::vector<int> idle_pids() const;
    const FunctionConfig& function() const { return function_; }

private:
    struct Worker;
    // A warm worker; or nullptr with `reserved` set: a slot for a new one;
    // or nullptr without it: the state's deadline passed while waiting.
    std::unique_ptr<Worker> acquire(const InvokeRequest& request, bool& reserved);
    void release(std::unique_ptr<Worker> worker);  // nullptr: the slot is free again
    std::unique_ptr<Worker> spawn_worker() const;  // throws SpawnError
    InvokeResult run(Worker& worker, const InvokeRequest& request, bool& keep);

    FunctionConfig function_;
    WorkerLaunch launch_;
    mutable std::mutex mutex_;
    std::condition_variable freed_;
    std::vector<std::unique_ptr<Worker>> idle_;
    int live_ = 0;  // workers idle or in use
};

// Where the bootstrap scripts come from: embedded in the binary, or from the
// directory STEPWISE_BOOTSTRAP_DIR names (to try edits without rebuilding).
// Returns the argv tail that runs `file` (node_worker.js / python_worker.py)
// with an interpreter taking `-e`/`-c` scripts.
std::vector<std::string> bootstrap_args(const std::string& file, const std::string& inline_flag);

std::unique_ptr<WorkerPool> make_node_runner(const FunctionConfig& function, const ProjectConfig& project);
std::unique_ptr<WorkerPool> make_python_runner(const FunctionConfig& function, const ProjectConfig& project);

}  // namespace stepwise::tasks
