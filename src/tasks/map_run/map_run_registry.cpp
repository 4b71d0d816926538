#include "tasks/map_run/map_run_registry.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "aws/arn.h"

namespace stepwise::tasks::map_run {

namespace {

// AWS's JSON protocol carries timestamps as epoch seconds, milliseconds as the fraction.
json::Value epoch_seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

std::optional<int64_t> epoch_ms(const json::Value* seconds) {
    if (!seconds || !seconds->is_number()) return std::nullopt;
    return static_cast<int64_t>(std::llround(seconds->as_double() * 1000.0));
}

json::Value counts_json(const MapRunCounts& c) {
    return json::Object{{"pending", c.pending},
                        {"running", c.running},
                        {"succeeded", c.succeeded},
                        {"failed", c.failed},
                        {"timedOut", c.timed_out},
                        {"aborted", c.aborted},
                        {"total", c.total},
                        {"resultsWritten", c.results_written},
                        {"failuresNotRedrivable", c.failures_not_redrivable},
                        {"pendingRedrive", c.pending_redrive}};
}

int64_t integer_of(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_number() ? v->as_int() : 0;
}

MapRunCounts counts_from(const json::Value* v) {
    MapRunCounts c;
    if (!v || !v->is_object()) return c;
    c.pending = integer_of(*v, "pending");
    c.running = integer_of(*v, "running");
    c.succeeded = integer_of(*v, "succeeded");
    c.failed = integer_of(*v, "failed");
    c.timed_out = integer_of(*v, "timedOut");
    c.aborted = integer_of(*v, "aborted");
    c.total = integer_of(*v, "total");
    c.results_written = integer_of(*v, "resultsWritten");
    c.failures_not_redrivable = integer_of(*v, "failuresNotRedrivable");
    c.pending_redrive = integer_of(*v, "pendingRedrive");
    return c;
}

std::string text_of(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
}

bool has_ended(const MapRunInfo& info) { return info.status != "RUNNING"; }

// Gives `next` the settings of `kept`; returns those that differ.
MapRunUpdate keep_settings(const MapRunInfo& kept, MapRunInfo& next) {
    MapRunUpdate differ;
    if (next.max_concurrency != kept.max_concurrency) differ.max_concurrency = kept.max_concurrency;
    if (next.tolerated_failure_percentage != kept.tolerated_failure_percentage)
        differ.tolerated_failure_percentage = kept.tolerated_failure_percentage;
    if (next.tolerated_failure_count != kept.tolerated_failure_count)
        differ.tolerated_failure_count = kept.tolerated_failure_count;
    next.max_concurrency = kept.max_concurrency;
    next.tolerated_failure_percentage = kept.tolerated_failure_percentage;
    next.tolerated_failure_count = kept.tolerated_failure_count;
    return differ;
}

}  // namespace

json::Value MapRunInfo::to_json() const {
    json::Object out{{"mapRunArn", map_run_arn},
                     {"executionArn", execution_arn},
                     {"status", status},
                     {"startDate", epoch_seconds(start_ms)}};
    if (stop_ms) out.set("stopDate", epoch_seconds(*stop_ms));
    out.set("maxConcurrency", max_concurrency);
    out.set("toleratedFailurePercentage", tolerated_failure_percentage);
    out.set("toleratedFailureCount", tolerated_failure_count);
    out.set("itemCounts", counts_json(item_counts));
    out.set("executionCounts", counts_json(execution_counts));
    out.set("redriveCount", redrive_count);
    if (redrive_ms) out.set("redriveDate", epoch_seconds(*redrive_ms));
    return json::Value(std::move(out));
}

std::optional<MapRunInfo> MapRunInfo::from_json(const json::Value& v) {
    if (!v.is_object()) return std::nullopt;
    MapRunInfo info;
    info.map_run_arn = text_of(v, "mapRunArn");
    info.execution_arn = text_of(v, "executionArn");
    info.status = text_of(v, "status");
    auto start = epoch_ms(v.find("startDate"));
    // DescribeMapRun's answer has no stateMachineArn: the parent's execution ARN names its machine.
    auto parent = aws::parse_execution_arn(info.execution_arn);
    if (info.map_run_arn.empty() || !parent || info.status.empty() || !start) return std::nullopt;
    info.state_machine_arn = aws::state_machine_arn(parent->scope, parent->machine);
    info.start_ms = *start;
    info.stop_ms = epoch_ms(v.find("stopDate"));
    info.max_concurrency = integer_of(v, "maxConcurrency");
    if (const json::Value* p = v.find("toleratedFailurePercentage"); p && p->is_number())
        info.tolerated_failure_percentage = p->as_double();
    info.tolerated_failure_count = integer_of(v, "toleratedFailureCount");
    info.item_counts = counts_from(v.find("itemCounts"));
    info.execution_counts = counts_from(v.find("executionCounts"));
    info.redrive_count = integer_of(v, "redriveCount");
    info.redrive_ms = epoch_ms(v.find("redriveDate"));
    return info;
}

void MapRunRegistry::started(const MapRunInfo& info, MapRunControl control) {
    MapRunUpdate kept_settings;
    {
        std::lock_guard lock(mutex_);
        auto [it, inserted] = runs_.try_emplace(info.map_run_arn);
        if (inserted) it->second.order = next_order_++;  // a redrive keeps the run's place in ListMapRuns
        MapRunInfo next = info;
        // Registered again after a restart (same redrive): UpdateMapRun's
        // settings from before the restart still hold, and the run is told.
        if (!inserted && !has_ended(it->second.info) && it->second.info.redrive_count == info.redrive_count)
            kept_settings = keep_settings(it->second.info, next);
        it->second.info = std::move(next);
        it->second.control = has_ended(info) ? MapRunControl{} : control;
    }
    bool settings_differ = kept_settings.max_concurrency || kept_settings.tolerated_failure_percentage ||
                           kept_settings.tolerated_failure_count;
    if (settings_differ && control) control(kept_settings);
    notify(info.map_run_arn);
}

void MapRunRegistry::changed(const MapRunInfo& info) {
    {
        std::lock_guard lock(mutex_);
        auto [it, inserted] = runs_.try_emplace(info.map_run_arn);
        if (inserted) {
            it->second.order = next_order_++;
            it->second.info = info;
        } else {
            // Reports may arrive out of order from the coordinator's threads: an
            // ended run is never made RUNNING again by an older report.
            if (has_ended(it->second.info) && !has_ended(info) &&
                it->second.info.redrive_count == info.redrive_count)
                return;
            // The settings are started()'s and UpdateMapRun's: a change the
            // coordinator reports from before it applied an update must not undo it.
            MapRunInfo next = info;
            keep_settings(it->second.info, next);
            it->second.info = std::move(next);
        }
        if (has_ended(it->second.info)) it->second.control = {};
    }
    notify(info.map_run_arn);
}

void MapRunRegistry::notify(const std::string& map_run_arn) {
    // The snapshot is taken under notify_mutex_, so the listener sees a run's
    // states in the order they happened, never an older one after a newer one.
    std::lock_guard notifying(notify_mutex_);
    MapRunInfo now;
    std::function<void(const MapRunInfo&)> listener;
    {
        std::lock_guard lock(mutex_);
        auto it = runs_.find(map_run_arn);
        if (it == runs_.end() || !listener_) return;
        now = it->second.info;
        listener = listener_;
    }
    listener(now);
}

std::optional<MapRunInfo> MapRunRegistry::describe(const std::string& map_run_arn) const {
    std::lock_guard lock(mutex_);
    auto it = runs_.find(map_run_arn);
    if (it == runs_.end()) return std::nullopt;
    return it->second.info;
}

std::vector<MapRunInfo> MapRunRegistry::list(const std::string& execution_arn) const {
    std::vector<const Entry*> entries;
    std::lock_guard lock(mutex_);
    for (const auto& [arn, entry] : runs_)
        if (entry.info.execution_arn == execution_arn) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](const Entry* a, const Entry* b) { return a->order < b->order; });
    std::vector<MapRunInfo> runs;
    runs.reserve(entries.size());
    for (const Entry* entry : entries) runs.push_back(entry->info);
    return runs;
}

std::vector<MapRunInfo> MapRunRegistry::ended() const {
    std::vector<MapRunInfo> runs;
    std::lock_guard lock(mutex_);
    for (const auto& [arn, entry] : runs_)
        if (has_ended(entry.info)) runs.push_back(entry.info);
    return runs;
}

void MapRunRegistry::forget(const std::string& map_run_arn) {
    std::lock_guard lock(mutex_);
    auto it = runs_.find(map_run_arn);
    if (it != runs_.end() && has_ended(it->second.info)) runs_.erase(it);
}

std::string MapRunRegistry::update(const std::string& map_run_arn, const MapRunUpdate& update) {
    MapRunControl control;
    {
        std::lock_guard lock(mutex_);
        auto it = runs_.find(map_run_arn);
        if (it == runs_.end()) return "ResourceNotFound";
        MapRunInfo& info = it->second.info;
        if (has_ended(info)) return "ValidationException: " + std::string(kEndedMessage);
        if (update.max_concurrency) info.max_concurrency = *update.max_concurrency;
        if (update.tolerated_failure_percentage)
            info.tolerated_failure_percentage = *update.tolerated_failure_percentage;
        if (update.tolerated_failure_count) info.tolerated_failure_count = *update.tolerated_failure_count;
        control = it->second.control;
    }
    // Unlocked: the control may start children or fail the run at once, which
    // it reports through changed().
    if (control) control(update);
    notify(map_run_arn);
    return "";
}

void MapRunRegistry::on_change(std::function<void(const MapRunInfo&)> listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
}

void MapRunRegistry::restore(const MapRunInfo& info) {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = runs_.try_emplace(info.map_run_arn);
    if (!inserted) return;  // the run was registered meanwhile: its live record wins
    it->second.order = next_order_++;
    it->second.info = info;
}

}  // namespace stepwise::tasks::map_run
