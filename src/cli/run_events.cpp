#include "cli/run_events.h"

#include <filesystem>

#include "query/uuid.h"
#include "tasks/integrations/put_events.h"

namespace stepwise::cli {

RunEventBus::RunEventBus(std::shared_ptr<const events::SchemaRegistry> schemas, events::SchemaMode mode,
                         const aws::Scope& scope, std::function<int64_t()> now_ms, uint64_t seed)
    : schemas_(std::move(schemas)), mode_(mode) {
    events::BusOptions options;
    options.scope = scope;
    options.now_ms = std::move(now_ms);
    // Reproducible ids: the same run (seed, input) puts the same events.
    options.new_event_id = [state = seed]() mutable {
        auto next = [&state] {  // splitmix64
            uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            return z ^ (z >> 31);
        };
        uint64_t high = next();
        return query::format_uuid_v4(high, next());
    };
    options.check_event = [this](const json::Value& event) {
        events::SchemaVerdict verdict = events::schema_verdict(*schemas_, mode_, event);
        std::lock_guard lock(mutex_);
        put_.push_back(PutEvent{event, verdict.schema, verdict.message, !verdict.accepted, mode_ != events::SchemaMode::Off});
        return verdict;
    };
    options.log = [](const std::string&) {};  // schema warnings are the trace's to show
    options.data_dir = std::filesystem::temp_directory_path().string();
    bus_ = std::make_unique<events::EventBus>(std::move(options));
    integration_ = std::make_shared<tasks::PutEventsIntegration>(*bus_);
}

RunEventBus::~RunEventBus() = default;

std::vector<PutEvent> RunEventBus::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(put_, {});
}

std::vector<json::Value> events_json(const std::vector<PutEvent>& events) {
    std::vector<json::Value> out;
    for (const PutEvent& e : events) {
        json::Object o{{"event", e.event}};
        o.set("schema", e.schema.empty() ? json::Value() : json::Value(e.schema));
        if (!e.schema_problem.empty()) o.set("schemaProblem", e.schema_problem);
        if (e.rejected) o.set("rejected", true);
        if (!e.checked) o.set("checked", false);
        out.push_back(json::Value(std::move(o)));
    }
    return out;
}

}  // namespace stepwise::cli
