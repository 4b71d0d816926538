#include "tasks/integrations/put_events.h"

#include "aws/arn.h"
#include "json/write.h"

namespace stepwise::tasks {

namespace {

TaskOutcome invalid(const std::string& message) {
    return TaskOutcome::failure("EventBridge.ValidationException", message);
}

std::optional<std::string> text_member(const json::Value& entry, std::string_view key) {
    const json::Value* v = entry.find(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

}  // namespace

bool PutEventsIntegration::serves(const asl::Resource& r) const {
    return r.is_service("events", "putEvents") && (r.pattern == asl::IntegrationPattern::RequestResponse ||
                                                   r.pattern == asl::IntegrationPattern::WaitForTaskToken);
}

TaskCancel PutEventsIntegration::start(const TaskRequest& request, TaskDone done) {
    const std::optional<aws::ExecutionArnParts> execution = aws::parse_execution_arn(request.execution_arn);
    const std::string state_machine_arn =
        execution ? aws::state_machine_arn(execution->scope, execution->machine) : request.execution_arn;
    const json::Value* entries = request.parameters.find("Entries");
    if (!entries || !entries->is_array() || entries->as_array().empty()) {
        done(invalid("Entries must be a non-empty array of PutEventsRequestEntry objects"));
        return {};
    }
    if (entries->as_array().size() > events::kMaxEntries) {
        done(invalid("1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must "
                     "have length less than or equal to 10"));
        return {};
    }

    std::vector<events::EventEntry> batch;
    for (const json::Value& e : entries->as_array()) {
        if (!e.is_object()) {
            done(invalid("Each entry of Entries must be an object"));
            return {};
        }
        events::EventEntry entry;
        entry.source = text_member(e, "Source");
        entry.detail_type = text_member(e, "DetailType");
        if (const json::Value* detail = e.find("Detail"))
            entry.detail = detail->is_string() ? std::string(detail->as_string()) : json::dump(*detail);
        entry.event_bus_name = text_member(e, "EventBusName").value_or("");
        entry.trace_header = text_member(e, "TraceHeader").value_or("");
        if (const json::Value* resources = e.find("Resources"); resources && resources->is_array())
            for (const json::Value& r : resources->as_array())
                if (r.is_string()) entry.resources.emplace_back(r.as_string());
        entry.resources.push_back(request.execution_arn);
        entry.sent_by = request.execution_arn;
        entry.resources.push_back(state_machine_arn);
        batch.push_back(std::move(entry));
    }

    const bool waits = request.resource->pattern == asl::IntegrationPattern::WaitForTaskToken;
    bus_.put_events(batch, [done = std::move(done), waits](std::vector<events::EntryResult> results) {
        json::Array out;
        size_t failed = 0;
        for (const events::EntryResult& r : results) {
            json::Object o;
            if (r.ok()) {
                o.set("EventId", r.event_id);
            } else {
                ++failed;
                o.set("ErrorCode", r.error_code);
                o.set("ErrorMessage", r.error_message);
            }
            out.push_back(json::Value(std::move(o)));
        }
        json::Object result;
        result.set("Entries", json::Value(std::move(out)));
        result.set("FailedEntryCount", json::Value(static_cast<long long>(failed)));
        json::Value value(std::move(result));
        if (failed > 0) return done(TaskOutcome::failure("EventBridge.FailedEntry", json::dump(value)));
        done(waits ? TaskOutcome::submitted(std::move(value)) : TaskOutcome::success(std::move(value)));
    });
    return {};
}

}  // namespace stepwise::tasks
