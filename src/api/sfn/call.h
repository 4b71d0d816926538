// What every Step Functions operation works with: the service's shared parts
// and the call being answered. Operations are functions `void(SfnCall&)`:
// they throw SfnError for errors found before they answer, and answer
// exactly once (possibly later, from a host callback, through `responder`).
#pragma once

#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "api/http/request.h"
#include "api/sfn/definitions.h"
#include "api/sfn/service.h"
#include "aws/scope.h"
#include "json/value.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::api {

// Parsed documents (state machines, versions, aliases) for the hot path of
// StartExecution and StartSyncExecution. Every write of this service clears
// it (apply_writes); nothing else writes these documents.
class DocumentCache {
public:
    std::optional<json::Value> find(const std::string& key) const;
    // Read before fetching a document from the store; `keep` drops the body
    // when a clear came in between (the body may predate a write).
    uint64_t generation() const;
    void keep(const std::string& key, const json::Value& body, uint64_t generation_before_read);
    void clear();

private:
    mutable std::shared_mutex mutex_;
    uint64_t generation_ = 0;
    std::unordered_map<std::string, json::Value> documents_;
};

struct SfnShared {
    SfnShared(store::Store& s, runtime::ExecutionHost& h, SfnOptions o)
        : store(s), host(h), options(std::move(o)), definitions(s),
          map_runs(options.map_runs ? options.map_runs : std::make_shared<tasks::map_run::MapRunRegistry>()) {}
    store::Store& store;
    runtime::ExecutionHost& host;
    SfnOptions options;
    DefinitionCache definitions;
    // Serialises read-modify-write of state machines, versions, aliases,
    // activities and tags (a store transaction covers the writes, not the reads before them).
    std::mutex control_plane;
    DocumentCache documents;
    std::shared_ptr<tasks::map_run::MapRunRegistry> map_runs;
};

// store.apply for the service's resource documents, forgetting cached ones.
void apply_writes(SfnShared& shared, const std::vector<store::Write>& writes);

struct SfnCall {
    SfnShared& shared;
    const Request& request;
    json::Value body;
    Responder responder;

    // The service's scope, with the request's region and account where it names them.
    aws::Scope scope() const;

    void answer(const json::Value& result) const;
};

// An answer for a later callback: errors from the host come back as HostError.
Response sfn_ok(const json::Value& result);
Response sfn_error(const std::string& type, const std::string& message);

using SfnOperation = void (*)(SfnCall&);

}  // namespace stepwise::api
