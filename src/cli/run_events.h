// The event bus of one run (`stepwise run`, a case of `stepwise test`):
// events:putEvents Tasks put their events on it, in process, as on `stepwise
// serve`. Each event is checked against the project's JSON Schemas
// (--schema-dir, the project file's "schemaDirs") in warn or enforce mode, and
// kept for the trace and the run result.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "events/bus/event_bus.h"
#include "events/bus/schema_verdict.h"
#include "events/schema/registry.h"
#include "tasks/task_router.h"

namespace stepwise::cli {

struct PutEvent {
    json::Value event;         // as EventBridge delivers it (id, source, detail-type, time, resources, detail)
    std::string schema;        // the schema it was checked against ("" = none applies; with --schemas off)
    std::string schema_problem;  // "" when it matched its schema (or has none)
    bool rejected = false;     // enforce mode: the entry failed
    bool checked = true;       // false with --schemas off
};

class RunEventBus {
public:
    // `schemas` may be shared by many buses (each case of `stepwise test` has its own bus).
    RunEventBus(std::shared_ptr<const events::SchemaRegistry> schemas, events::SchemaMode mode, const aws::Scope& scope,
                std::function<int64_t()> now_ms, uint64_t seed);
    ~RunEventBus();

    std::shared_ptr<tasks::Integration> integration() const { return integration_; }
    std::vector<PutEvent> take();

private:
    std::shared_ptr<const events::SchemaRegistry> schemas_;
    events::SchemaMode mode_;
    std::mutex mutex_;
    std::vector<PutEvent> put_;
    std::unique_ptr<events::EventBus> bus_;
    std::shared_ptr<tasks::Integration> integration_;
};

// The events as JSON for the run result: {"event": ..., "schemaProblem": ..., "rejected": ...}.
std::vector<json::Value> events_json(const std::vector<PutEvent>& events);

}  // namespace stepwise::cli
