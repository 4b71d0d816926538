// Everything `stepwise serve` hosts, wired together: the store, the
// execution host, the Step Functions, EventBridge and Schemas APIs, the event
// bus with its schema registry, and the HTTP server in front of them.
//
//   api::LocalCloud cloud(options);   // locks the data directory, opens the database, loads
//   cloud.start();                    // listens; cloud.port(); requests wait for resume()
//   cloud.resume();                   // resumes RUNNING executions, then answers requests
//   ...
//   cloud.stop();
//
// The port is bound before any execution resumes, so a second server that
// cannot listen never runs a task.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/http/request.h"
#include "api/http/request_guard.h"
#include "api/ui/breakpoint_book.h"
#include "aws/scope.h"
#include "events/bus/schema_verdict.h"
#include "tasks/endpoint_invoker.h"
#include "tasks/mock_config.h"
#include "tasks/project_config.h"

namespace stepwise::runtime {
class ExecutionHost;
}

namespace stepwise::api {

class BusActivity;

using SchemaMode = events::SchemaMode;

struct LocalCloudOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8083;
    std::string database = ":memory:";  // SQLite file, or ":memory:"
    std::string data_dir = ".";         // log-group files, dead letters
    size_t threads = 0;                 // execution workers; 0 = the number of cores
    double time_scale = 1.0;
    bool virtual_time = false;
    aws::Scope scope;                   // the account and default region of every ARN (a request's SigV4 region wins)
    std::shared_ptr<const tasks::MockConfig> mocks;
    std::shared_ptr<const tasks::ProjectConfig> project;
    tasks::EndpointOptions endpoints;   // hybrid runs: service endpoints for unmocked AWS calls
    SchemaMode schemas = SchemaMode::Warn;
    std::vector<std::string> schema_dirs;  // folders of JSON Schemas to register at start
    std::vector<std::string> allowed_target_hosts;  // http:// targets may reach these beside loopback
    int64_t retention_days = 90;  // closed executions older than this are deleted (AWS: 90); 0 = never
    bool vacuum = false;          // VACUUM the database before serving (--vacuum)
    bool sync_full = false;       // PRAGMA synchronous = FULL (--sync full)
    AccessPolicy access;                   // host aliases and credentials (api/http/request_guard.h)
    std::vector<BreakRule> breakpoints;    // --break: every new execution of a matching machine pauses there
    std::string s3_dir;                    // the local S3 folder of Distributed Maps ("" = DATA_DIR/s3)
};

class LocalCloud {
public:
    explicit LocalCloud(LocalCloudOptions options);  // throws std::exception with a message for the user
    ~LocalCloud();
    LocalCloud(const LocalCloud&) = delete;
    LocalCloud& operator=(const LocalCloud&) = delete;

    // Binds and listens (throws std::system_error when it cannot). Requests
    // that come before resume() wait for it.
    void start();
    // Resumes every RUNNING execution of the store and starts the event
    // bus's schedules; then answers the requests that waited.
    void resume();
    uint16_t port() const;
    void stop();

    // An API call answered in process as the server would (no HTTP, no
    // request guard): `stepwise run --ui` creates its machine and execution so.
    Response call(Request request);
    runtime::ExecutionHost& host();
    const BusActivity& bus_activity() const;

    size_t resumed_executions() const;
    // What did not load (a stored rule, a schema file), one line each.
    const std::vector<std::string>& warnings() const;

    struct Parts;

private:
    std::unique_ptr<Parts> parts_;
};

}  // namespace stepwise::api
