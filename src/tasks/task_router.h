// The one road every Task call takes, in `stepwise run` and `stepwise serve`
// alike. The router decides what serves a call, in this order, the first
// that can:
//
//   1. Mock           the execution's mock test case names the state
//   2. Integration    an in-process integration serves the resource
//                     (events:putEvents, states:startExecution, sfn:sendTask*, ...)
//   3. Activity       an activity: the shell queues it for GetActivityTask
//   4. LocalFunction  a Lambda function of the project (lambda:invoke, a function ARN)
//   5. Endpoint       a service endpoint the user configured (AWS_ENDPOINT_URL_<SERVICE>,
//                     the project file's "endpoints"), signed with SigV4
//   6. Callback       a .waitForTaskToken call nothing above serves: the shell counts it
//                     delivered and waits for SendTaskSuccess/Failure (only where someone
//                     can send them: `serve`)
//   7. Unserved       one error naming what would serve this resource
//
// The shells differ only in how they wait: `run` calls blocking routes in
// line and on one virtual clock; the ExecutionHost runs them on its blocking
// pool and completes on the execution's strand. What they call is decided here.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tasks/task.h"

namespace stepwise::tasks {

class LambdaDispatcher;
class MockExecutor;
class EndpointInvoker;

enum class TaskRoute { Mock, Integration, Activity, LocalFunction, Endpoint, Callback, Unserved };

// "mocked", "integration", "activity", "local function", "endpoint", "callback", "unserved"
std::string_view route_name(TaskRoute route);

// A call's answer: now, or later from any thread (exactly once).
using TaskDone = std::function<void(TaskOutcome)>;
// Cancels a call whose task ended first (the execution stopped, the state
// timed out): a .sync child execution is stopped. May be empty.
using TaskCancel = std::function<void()>;

// An in-process integration (events:putEvents, states:startExecution, ...).
// start() must not block: it answers through `done` at once or later. A
// .waitForTaskToken call must answer (Submitted) without waiting for its own
// token to come back: a SendTaskSuccess that comes first waits for that answer.
class Integration {
public:
    virtual ~Integration() = default;
    virtual bool serves(const asl::Resource& resource) const = 0;
    virtual TaskCancel start(const TaskRequest& request, TaskDone done) = 0;
};

// Runs work that may block (a Lambda function, an HTTP call): in line for
// `run`, on the host's blocking pool for `serve`.
using RunBlocking = std::function<void(std::function<void()>)>;

namespace map_run {
class MapRunner;
}

struct RouterOptions {
    std::vector<std::shared_ptr<Integration>> integrations;
    std::shared_ptr<map_run::MapRunner> map_runs;  // DISTRIBUTED Map runs (null: none can run)
    std::shared_ptr<LambdaDispatcher> functions;  // local Lambda functions (null: none)
    std::shared_ptr<EndpointInvoker> endpoints;   // configured service endpoints (null: none)
    bool activities = false;        // the shell serves activities (serve: GetActivityTask)
    bool callbacks = false;         // SendTaskSuccess/Failure can reach the shell's tokens (serve)
    std::string shell = "this run"; // for messages: "this run", "this server"
};

class TaskRouter {
public:
    explicit TaskRouter(RouterOptions options);

    // Which route serves the request; `mocks` is the execution's (null: unmocked).
    TaskRoute route(const TaskRequest& request, const MockExecutor* mocks) const;

    // Calls a Mock, Integration, LocalFunction or Endpoint route; `done`
    // gets the outcome (a thrown exception becomes States.TaskFailed). The
    // shell handles Activity and Callback itself.
    TaskCancel call(TaskRoute route, const TaskRequest& request, MockExecutor* mocks, const RunBlocking& blocking,
                    TaskDone done) const;

    // The Unserved failure: names the resource and what would serve it.
    TaskOutcome unserved(const TaskRequest& request) const;

private:
    RouterOptions options_;
};

}  // namespace stepwise::tasks
