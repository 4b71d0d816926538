// Everything `stepwise serve` hosts, wired together: the store, the
// execution host, the Step Functions, EventBridge and Schemas APIs, the event
// bus with its schema registry, and the HTTP server in front of them.
//
//   api::LocalCloud cloud(options);   // opens the database, loads, resumes RUNNING executions
//   cloud.start();                    // listens; cloud.port()
//   ...
//   cloud.stop();
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/request_guard.h"
#include "tasks/mock_config.h"
#include "tasks/project_config.h"

namespace stepwise::api {

enum class SchemaMode { Off, Warn, Enforce };

struct LocalCloudOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8083;
    std::string database = ":memory:";  // SQLite file, or ":memory:"
    std::string data_dir = ".";         // log-group files, dead letters
    size_t threads = 0;                 // execution workers; 0 = the number of cores
    double time_scale = 1.0;
    bool virtual_time = false;
    std::string account = "123456789012";
    std::string region = "us-east-1";
    std::shared_ptr<const tasks::MockConfig> mocks;
    std::shared_ptr<const tasks::ProjectConfig> project;
    SchemaMode schemas = SchemaMode::Warn;
    std::vector<std::string> schema_dirs;  // folders of JSON Schemas to register at start
    AccessPolicy access;                   // host aliases and credentials (api/request_guard.h)
};

class LocalCloud {
public:
    explicit LocalCloud(LocalCloudOptions options);  // throws std::exception with a message for the user
    ~LocalCloud();
    LocalCloud(const LocalCloud&) = delete;
    LocalCloud& operator=(const LocalCloud&) = delete;

    void start();
    uint16_t port() const;
    void stop();

    size_t resumed_executions() const;
    // What did not load (a stored rule, a schema file), one line each.
    const std::vector<std::string>& warnings() const;

    struct Parts;

private:
    std::unique_ptr<Parts> parts_;
};

}  // namespace stepwise::api
