#include "tasks/task_router.h"

#include "tasks/endpoint_invoker.h"
#include "tasks/lambda_dispatcher.h"
#include "tasks/map_run/map_runner.h"
#include "tasks/mock_config.h"

namespace stepwise::tasks {

namespace {

bool calls_lambda(const asl::Resource& r) { return r.is_lambda_function() || r.is_service("lambda", "invoke"); }

// Runs a blocking call and hands its outcome on; an exception is the task's failure.
void call_guarded(const std::function<TaskOutcome()>& call, const TaskDone& done) {
    TaskOutcome outcome;
    try {
        outcome = call();
    } catch (const std::exception& e) {
        outcome = TaskOutcome::failure("States.TaskFailed", e.what());
    }
    done(std::move(outcome));
}

}  // namespace

std::string_view route_name(TaskRoute route) {
    switch (route) {
        case TaskRoute::Mock: return "mocked";
        case TaskRoute::Integration: return "integration";
        case TaskRoute::Activity: return "activity";
        case TaskRoute::LocalFunction: return "local function";
        case TaskRoute::Endpoint: return "endpoint";
        case TaskRoute::Callback: return "callback";
        case TaskRoute::Unserved: return "unserved";
    }
    return "unserved";
}

TaskRouter::TaskRouter(RouterOptions options) : options_(std::move(options)) {}

TaskRoute TaskRouter::route(const TaskRequest& request, const MockExecutor* mocks) const {
    // A Map Run: its runner reads a mock of the Map state as the ItemReader's
    // data (the call is then "mocked", so a test sees its mock used).
    if (request.map_run) {
        if (!options_.map_runs) return TaskRoute::Unserved;
        const bool reads = !request.map_run->items;
        return reads && mocks && mocks->mocks(request.state_name) ? TaskRoute::Mock : TaskRoute::Integration;
    }
    if (mocks && mocks->mocks(request.state_name)) return TaskRoute::Mock;
    if (!request.resource || request.resource->kind == asl::Resource::Kind::Placeholder) return TaskRoute::Unserved;
    const asl::Resource& resource = *request.resource;
    for (const auto& integration : options_.integrations)
        if (integration->serves(resource)) return TaskRoute::Integration;
    if (resource.is_activity()) return options_.activities ? TaskRoute::Activity : TaskRoute::Unserved;
    // Lambda is served by the project's functions only (endpoints do not
    // speak Lambda's REST protocol yet): a function the project does not
    // define is answered as Lambda would (ResourceNotFoundException, with a
    // hint in the trace).
    if (calls_lambda(resource)) return options_.functions ? TaskRoute::LocalFunction : TaskRoute::Unserved;
    if (options_.endpoints && options_.endpoints->serves(request)) return TaskRoute::Endpoint;
    if (resource.takes_task_token() && options_.callbacks) return TaskRoute::Callback;
    return TaskRoute::Unserved;
}

TaskCancel TaskRouter::call(TaskRoute route, const TaskRequest& request, MockExecutor* mocks,
                            const RunBlocking& blocking, TaskDone done) const {
    if (request.map_run && (route == TaskRoute::Mock || route == TaskRoute::Integration)) {
        try {
            return options_.map_runs->start(request, mocks, done);
        } catch (const std::exception& e) {
            done(TaskOutcome::failure("States.Runtime", e.what()));
            return {};
        }
    }
    switch (route) {
        case TaskRoute::Mock:
            call_guarded([&] { return mocks->invoke(request); }, done);
            return {};
        case TaskRoute::Integration:
            for (const auto& integration : options_.integrations)
                if (integration->serves(*request.resource)) {
                    try {
                        return integration->start(request, done);
                    } catch (const std::exception& e) {
                        done(TaskOutcome::failure("States.TaskFailed", e.what()));
                        return {};
                    }
                }
            break;
        case TaskRoute::LocalFunction:
            blocking([functions = options_.functions, request, done = std::move(done)] {
                call_guarded([&] { return functions->invoke(request); }, done);
            });
            return {};
        case TaskRoute::Endpoint:
            blocking([endpoints = options_.endpoints, request, done = std::move(done)] {
                call_guarded([&] { return endpoints->invoke(request); }, done);
            });
            return {};
        case TaskRoute::Activity:
        case TaskRoute::Callback:
        case TaskRoute::Unserved: break;
    }
    done(unserved(request));
    return {};
}

TaskOutcome TaskRouter::unserved(const TaskRequest& request) const {
    const std::string head = "Task state '" + request.state_name + "' calls " + request.resource_arn() +
                             ", which nothing serves in " + options_.shell + ": ";
    const std::string mock = "a mocked response (--mocks FILE --test-case NAME)";
    if (request.map_run)
        return TaskOutcome::failure("States.Runtime", "Map state '" + request.state_name +
                                                          "' runs in DISTRIBUTED mode, which " + options_.shell +
                                                          " cannot run");
    if (!request.resource)
        return TaskOutcome::failure("States.Runtime", head + "it has no resource");
    const asl::Resource& r = *request.resource;
    std::string advice;
    if (r.kind == asl::Resource::Kind::Placeholder) {
        advice = "its Resource still holds a ${...} placeholder; give its value (--sub NAME=VALUE, --subs FILE, the "
                 "project file's \"substitutions\", or a SAM template's DefinitionSubstitutions)";
    } else if (r.is_activity()) {
        advice = "activities are served by `stepwise serve` (workers poll GetActivityTask); give it " + mock;
    } else if (calls_lambda(r)) {
        advice = "give it a local function in the project file (stepwise.json, --project), or " + mock;
    } else if (r.takes_task_token()) {
        advice = "it waits for a callback (SendTaskSuccess) that nothing in " + options_.shell +
                 " can send; give it " + mock +
                 (options_.endpoints ? ", " + options_.endpoints->setting_for(r) : std::string()) +
                 ", or run it under `stepwise serve`";
    } else {
        advice = (options_.endpoints ? options_.endpoints->setting_for(r) + ", or give it " : "give it ") + mock;
    }
    return TaskOutcome::failure("States.Runtime", head + advice);
}

}  // namespace stepwise::tasks
