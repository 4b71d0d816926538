// The python runtime: a WorkerPool running bootstrap/python_worker.py.
#include <cstdlib>

#include "tasks/lambda_environment.h"
#include "tasks/language_worker_pool.h"

namespace stepwise::tasks {

std::unique_ptr<WorkerPool> make_python_runner(const FunctionConfig& function, const ProjectConfig& project) {
    const char* python = std::getenv("STEPWISE_PYTHON");
    WorkerLaunch launch;
    launch.argv = {python && *python ? python : "python3", "-u"};
    for (auto& a : bootstrap_args("python_worker.py", "-c")) launch.argv.push_back(std::move(a));
    std::string version = function.runtime_id.rfind("python3", 0) == 0 ? function.runtime_id : "python3.12";
    launch.env = lambda_environment(function, project.region(), "AWS_Lambda_" + version);
    launch.env.emplace_back("PYTHONDONTWRITEBYTECODE", "1");
    launch.cwd = function.code_dir;
    launch.missing_hint = "Install Python 3 (Debian: apt-get install python3) or set STEPWISE_PYTHON to the interpreter.";
    return std::make_unique<WorkerPool>(function, std::move(launch));
}

}  // namespace stepwise::tasks
