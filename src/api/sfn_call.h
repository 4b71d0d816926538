// What every Step Functions operation works with: the service's shared parts
// and the call being answered. Operations are functions `void(SfnCall&)`:
// they throw SfnError for errors found before they answer, and answer
// exactly once (possibly later, from a host callback, through `responder`).
#pragma once

#include <mutex>
#include <string>

#include "api/request.h"
#include "api/sfn_definitions.h"
#include "api/sfn_service.h"
#include "json/value.h"
#include "runtime/execution_host.h"
#include "store/store.h"

namespace stepwise::api {

struct SfnShared {
    SfnShared(store::Store& s, runtime::ExecutionHost& h, SfnOptions o)
        : store(s), host(h), options(std::move(o)), definitions(s) {}
    store::Store& store;
    runtime::ExecutionHost& host;
    SfnOptions options;
    DefinitionCache definitions;
    // Serialises read-modify-write of state machines, versions, aliases,
    // activities and tags (a store transaction covers the writes, not the reads before them).
    std::mutex control_plane;
};

struct SfnCall {
    SfnShared& shared;
    const Request& request;
    json::Value body;
    Responder responder;

    std::string region() const;
    std::string account() const;

    void answer(const json::Value& result) const;
};

// An answer for a later callback: errors from the host come back as HostError.
Response sfn_ok(const json::Value& result);
Response sfn_error(const std::string& type, const std::string& message);

using SfnOperation = void (*)(SfnCall&);

}  // namespace stepwise::api
