// The nodejs runtime: a WorkerPool running bootstrap/node_worker.js.
#include <cstdlib>
#include <filesystem>

#include "tasks/lambda_environment.h"
#include "tasks/language_worker_pool.h"

namespace stepwise::tasks {

extern const std::string_view kNodeWorkerScript;
extern const std::string_view kPythonWorkerScript;

std::vector<std::string> bootstrap_args(const std::string& file, const std::string& inline_flag) {
    if (const char* dir = std::getenv("STEPWISE_BOOTSTRAP_DIR"); dir && *dir) {
        return {(std::filesystem::path(dir) / file).string()};
    }
    std::string_view script = file == "node_worker.js" ? kNodeWorkerScript : kPythonWorkerScript;
    return {inline_flag, std::string(script)};
}

std::unique_ptr<WorkerPool> make_node_runner(const FunctionConfig& function, const ProjectConfig& project) {
    const char* node = std::getenv("STEPWISE_NODE");
    WorkerLaunch launch;
    launch.argv = {node && *node ? node : "node"};
    // As the Lambda Node.js runtime does: old space at ~90% of the memory size.
    launch.argv.push_back("--max-old-space-size=" + std::to_string(function.memory_mb * 9 / 10));
    for (auto& a : bootstrap_args("node_worker.js", "-e")) launch.argv.push_back(std::move(a));
    std::string version = function.runtime_id.rfind("nodejs", 0) == 0 && function.runtime_id != "nodejs"
                              ? function.runtime_id
                              : "nodejs20.x";
    launch.env = lambda_environment(function, project.region(), "AWS_Lambda_" + version);
    launch.env.emplace_back("NODE_PATH", function.code_dir + "/node_modules");
    launch.cwd = function.code_dir;
    launch.missing_hint = "Install Node.js (Debian: apt-get install nodejs) or set STEPWISE_NODE to the node binary.";
    return std::make_unique<WorkerPool>(function, std::move(launch));
}

}  // namespace stepwise::tasks
