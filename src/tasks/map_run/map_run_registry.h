// The Map Runs of a shell (`run` or `serve`): each running one's live counts
// and its controls, and the ended ones, for DescribeMapRun, ListMapRuns,
// UpdateMapRun, the trace and the web page.
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeMapRun.html
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "json/value.h"

namespace stepwise::tasks::map_run {

// DescribeMapRun's itemCounts / executionCounts.
struct MapRunCounts {
    int64_t pending = 0;
    int64_t running = 0;
    int64_t succeeded = 0;
    int64_t failed = 0;
    int64_t timed_out = 0;
    int64_t aborted = 0;
    int64_t total = 0;
    int64_t results_written = 0;
    int64_t failures_not_redrivable = 0;
    int64_t pending_redrive = 0;
};

struct MapRunInfo {
    std::string map_run_arn;
    std::string execution_arn;        // the parent's
    std::string state_machine_arn;    // the parent's
    std::string status = "RUNNING";   // RUNNING SUCCEEDED FAILED ABORTED
    int64_t start_ms = 0;
    std::optional<int64_t> stop_ms;
    int64_t max_concurrency = 0;
    double tolerated_failure_percentage = 0;
    int64_t tolerated_failure_count = 0;
    MapRunCounts item_counts;
    MapRunCounts execution_counts;
    int64_t redrive_count = 0;
    std::optional<int64_t> redrive_ms;

    json::Value to_json() const;      // DescribeMapRun's answer (epoch seconds as AWS's JSON protocol)
    static std::optional<MapRunInfo> from_json(const json::Value& v);
};

// What UpdateMapRun changes on a running Map Run (unset: unchanged).
struct MapRunUpdate {
    std::optional<int64_t> max_concurrency;
    std::optional<double> tolerated_failure_percentage;
    std::optional<int64_t> tolerated_failure_count;
};

// A running Map Run's side of UpdateMapRun: applies the change to the run
// (more children may start, a lower tolerance may fail it at once).
using MapRunControl = std::function<void(const MapRunUpdate&)>;

class MapRunRegistry {
public:
    // A run started (or was redriven: its record is replaced). A RUNNING run
    // registered again with the same redrive count (its parent resumed after
    // a restart) keeps the settings it has here, from UpdateMapRun, and
    // `control` gets those that differ from `info`'s.
    void started(const MapRunInfo& info, MapRunControl control);
    // Its counts or status changed; an ended status drops the control. The
    // settings (maxConcurrency, the tolerances) stay the registry's: only
    // started() and update() set them.
    void changed(const MapRunInfo& info);
    // Known runs, ended or not.
    std::optional<MapRunInfo> describe(const std::string& map_run_arn) const;
    // The runs an execution started, oldest first.
    std::vector<MapRunInfo> list(const std::string& execution_arn) const;
    // Every run that has ended, in no particular order.
    std::vector<MapRunInfo> ended() const;
    // Drops an ended run (its parent execution is gone); a running one stays.
    void forget(const std::string& map_run_arn);
    // UpdateMapRun. "" on success, else "ResourceNotFound" (unknown run) or
    // "ValidationException: <kEndedMessage>" (the run has ended). The record
    // takes the new settings, then the run's control gets the update (no lock held).
    std::string update(const std::string& map_run_arn, const MapRunUpdate& update);
    static constexpr const char* kEndedMessage = "Map Run is not RUNNING and cannot be updated";
    // Called after every started/changed/update with the run's record as it
    // is then (serve persists it: the store's documents of kind "map_run");
    // runs on the caller's thread, one call at a time, in the order of the
    // changes. It must not call started/changed/update.
    void on_change(std::function<void(const MapRunInfo&)> listener);
    // Records loaded from the store at start (ended, or interrupted by a
    // stop); a run already registered keeps its live record. No listener call.
    void restore(const MapRunInfo& info);

private:
    struct Entry {
        MapRunInfo info;
        MapRunControl control;
        uint64_t order = 0;
    };
    void notify(const std::string& map_run_arn);

    mutable std::mutex mutex_;
    std::mutex notify_mutex_;  // held while the listener runs; taken before mutex_
    std::map<std::string, Entry> runs_;
    uint64_t next_order_ = 0;
    std::function<void(const MapRunInfo&)> listener_;
};

}  // namespace stepwise::tasks::map_run
