#include "tasks/map_run/map_runner.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "engine/history.h"
#include "json/parse.h"
#include "json/write.h"
#include "query/random.h"
#include "query/uuid.h"
#include "tasks/map_run/item_source.h"
#include "tasks/map_run/result_writer.h"
#include "tasks/mock_config.h"

namespace stepwise::tasks::map_run {

namespace {

constexpr std::string_view kItemReaderFailed = "States.ItemReaderFailed";
constexpr std::string_view kResultWriterFailed = "States.ResultWriterFailed";
constexpr std::string_view kThresholdExceeded = "States.ExceedToleratedFailureThreshold";
constexpr std::string_view kThresholdCause = "The specified tolerated failure threshold was exceeded";
constexpr int64_t kDefaultConcurrency = 10000;     // AWS runs up to 10,000 child workflows at once

// One child's work: an item, or a batch of them.
struct Unit {
    int64_t index = 0;       // the child's index in the run
    int64_t first_item = 0;
    int64_t items = 0;
    std::string input;       // JSON text
};

TaskOutcome failure(std::string_view error, std::string cause) {
    return TaskOutcome::failure(std::string(error), std::move(cause));
}

class MapRun : public std::enable_shared_from_this<MapRun> {
public:
    MapRun(const MapRunnerOptions& options, std::shared_ptr<const engine::MapRunRequest> request, TaskDone done)
        : options_(options), request_(std::move(request)), done_(std::move(done)) {}

    void begin(const TaskRequest& task, MockExecutor* mocks) {
        const engine::MapRunRequest& r = *request_;
        limit_ = r.max_concurrency > 0 ? r.max_concurrency : kDefaultConcurrency;
        tolerated_count_ = r.tolerated_failure_count;
        tolerated_percentage_ = r.tolerated_failure_percentage;
        info_.map_run_arn = r.map_run_arn;
        info_.execution_arn = r.execution_arn;
        info_.state_machine_arn = r.state_machine_arn;
        info_.start_ms = now();
        info_.max_concurrency = r.max_concurrency;
        info_.tolerated_failure_count = static_cast<int64_t>(tolerated_count_.value_or(0));
        info_.tolerated_failure_percentage = tolerated_percentage_.value_or(0);
        if (auto previous = options_.registry ? options_.registry->describe(r.map_run_arn) : std::nullopt) {
            if (previous->status == "RUNNING") {
                // The parent resumed after a restart: the same run (or redrive) goes on.
                info_.start_ms = previous->start_ms;
                info_.redrive_count = previous->redrive_count;
                info_.redrive_ms = previous->redrive_ms;
            } else if (r.redrive) {
                info_.start_ms = previous->start_ms;
                info_.redrive_count = previous->redrive_count + 1;
                info_.redrive_ms = now();
            }
        }
        if (std::optional<TaskOutcome> refused = open(task, mocks)) {
            // The history names the run (MapRunStarted): DescribeMapRun knows it, FAILED.
            if (options_.registry) {
                info_.status = "FAILED";
                info_.stop_ms = now();
                options_.registry->started(info_, {});
            }
            return deliver(std::move(*refused));
        }
        if (options_.registry) {
            std::weak_ptr<MapRun> self = weak_from_this();
            options_.registry->started(info_, [self](const MapRunUpdate& update) {
                if (auto run = self.lock()) run->update(update);
            });
        }
        pump();
    }

    // The parent stopped waiting (it was stopped, or its branch failed): the children are aborted.
    void cancel() {
        std::vector<std::string> running;
        {
            std::lock_guard lock(mutex_);
            if (finished_) return;
            finished_ = true;
            info_.status = "ABORTED";
            for (const auto& [index, arn] : running_arns_) running.push_back(arn);
            info_.stop_ms = now();
        }
        for (const std::string& arn : running) options_.port->stop_execution(arn, "", "");
        if (options_.registry) options_.registry->changed(snapshot());
    }

private:
    int64_t now() const { return options_.now_ms ? options_.now_ms() : 0; }

    // Opens the item source and the result writer; an outcome when the run cannot start.
    std::optional<TaskOutcome> open(const TaskRequest& task, MockExecutor* mocks) {
        const engine::MapRunRequest& r = *request_;
        const asl::MapState& s = *r.state;
        try {
            if (r.items) {
                source_ = array_items(*r.items);
            } else if (mocks && mocks->mocks(r.state_name)) {
                // The mock stands in for what the ItemReader would read.
                TaskRequest read = task;
                read.map_run.reset();
                TaskOutcome data = mocks->invoke(read);
                if (data.kind == TaskOutcome::Kind::Failed) return data;
                source_ = data_reader(*s.item_reader, std::move(data.result), r.max_items);
            } else if (options_.s3) {
                source_ = open_reader(*options_.s3, *s.item_reader, r.reader_parameters, r.max_items);
            } else {
                return failure(kItemReaderFailed, "The ItemReader of Map state '" + r.state_name +
                                                      "' reads S3, and no local S3 folder is configured: give " +
                                                      options_.s3_hint);
            }
        } catch (const ItemReaderError& e) {
            return failure(kItemReaderFailed, e.what());
        } catch (const std::exception& e) {
            return failure(kItemReaderFailed, e.what());
        }
        if (s.result_writer && s.result_writer->resource) {
            if (!options_.s3)
                return failure(kResultWriterFailed, "The ResultWriter of Map state '" + r.state_name +
                                                        "' writes S3, and no local S3 folder is configured: give " +
                                                        options_.s3_hint);
            try {
                writer_ = std::make_unique<ResultWriter>(*options_.s3, *s.result_writer, r.writer_parameters,
                                                         r.map_run_arn);
            } catch (const ResultWriterError& e) {
                return failure(kResultWriterFailed, e.what());
            }
        }
        return std::nullopt;
    }

    // The next item, shaped by ItemSelector; nullopt at the end. Throws ItemReaderError, ItemShapeError.
    std::optional<json::Value> next_item() {
        if (source_done_) return std::nullopt;
        if (lookahead_) return std::exchange(lookahead_, std::nullopt);
        std::optional<json::Value> item = source_->next();
        if (!item) {
            source_done_ = true;
            return std::nullopt;
        }
        int64_t index = next_item_++;
        return request_->shaper ? request_->shaper->shape(index, *item) : std::move(*item);
    }

    // The next child's input: one item, or a batch per ItemBatcher.
    std::optional<Unit> next_unit() {
        const engine::MapRunRequest& r = *request_;
        const bool batched = r.max_items_per_batch || r.max_input_bytes_per_batch;
        Unit unit;
        unit.first_item = next_item_ - (lookahead_ ? 1 : 0);
        if (!batched) {
            std::optional<json::Value> item = next_item();
            if (!item) return std::nullopt;
            unit.items = 1;
            unit.input = json::dump(*item);
        } else {
            const int64_t max_items = r.max_items_per_batch.value_or(0);
            // A batch is a child's input: never more than the payload quota
            // (256 KiB), whatever MaxItemsPerBatch allows.
            const int64_t quota = static_cast<int64_t>(r.max_payload_bytes);  // 0: none
            int64_t max_bytes = r.max_input_bytes_per_batch.value_or(quota);
            if (quota > 0 && (max_bytes == 0 || max_bytes > quota)) max_bytes = quota;
            std::string batch_input = r.batch_input.is_null() ? "" : json::dump(r.batch_input);
            // {"BatchInput":…,"Items":[…]}
            const int64_t frame_bytes =
                static_cast<int64_t>((batch_input.empty() ? 0 : 14 + batch_input.size()) + 12);
            std::string items;
            while (max_items == 0 || unit.items < max_items) {
                std::optional<json::Value> item = next_item();
                if (!item) break;
                std::string text = json::dump(*item);
                int64_t grown = frame_bytes + static_cast<int64_t>(items.size() + text.size()) + (unit.items ? 1 : 0);
                if (max_bytes > 0 && grown > max_bytes) {
                    if (unit.items == 0)
                        throw engine::ItemShapeError{
                            "States.Runtime",
                            "The item at index " + std::to_string(next_item_ - 1) + " does not fit in a batch of " +
                                std::to_string(max_bytes) + " bytes (" +
                                (r.max_input_bytes_per_batch ? "ItemBatcher's MaxInputBytesPerBatch"
                                                             : "the 256 KiB a child's input may hold") +
                                ")."};
                    lookahead_ = std::move(*item);
                    break;
                }
                if (unit.items) items += ',';
                items += text;
                ++unit.items;
            }
            if (unit.items == 0) return std::nullopt;
            unit.input = batch_input.empty() ? "{\"Items\":[" + items + "]}"
                                             : "{\"BatchInput\":" + batch_input + ",\"Items\":[" + items + "]}";
        }
        unit.index = next_child_++;
        return unit;
    }

    // Starts children while the concurrency allows and items remain. One pump
    // at a time: a child that ends while another pump runs (on this thread,
    // from inside a start, or on another) asks that pump to look again.
    void pump() {
        {
            std::lock_guard lock(mutex_);
            if (pumping_) {
                again_ = true;
                return;
            }
            pumping_ = true;
        }
        while (true) {
            std::optional<Unit> unit;
            {
                std::lock_guard lock(mutex_);
                if (!finished_) unit = take_unit_locked();
                if (!unit) {
                    if (again_) {
                        again_ = false;
                        continue;
                    }
                    pumping_ = false;
                    break;
                }
            }
            const int64_t index = unit->index;
            const int64_t items = unit->items;
            try {
                launch(std::move(*unit));
            } catch (const std::exception& e) {
                // The shell could not start it (its store failed): it counts as a child that failed.
                {
                    std::lock_guard lock(mutex_);
                    pumping_ = false;  // child_ended pumps again
                }
                ChildEnded failed;
                failed.status = "FAILED";
                failed.error = "States.Runtime";
                failed.cause = e.what();
                child_ended(index, items, std::move(failed));
                return;
            }
        }
        flush();
    }

    // The next child to start, counted as running; nullopt when none may start now.
    std::optional<Unit> take_unit_locked() {
        size_t in_flight_cap = options_.max_children_in_flight;
        if (running_ >= limit_ || (in_flight_cap && static_cast<size_t>(running_) >= in_flight_cap)) return std::nullopt;
        std::optional<Unit> unit;
        try {
            unit = next_unit();
        } catch (const ItemReaderError& e) {
            fail_locked(failure(kItemReaderFailed, e.what()));
        } catch (const engine::ItemShapeError& e) {
            fail_locked(failure(e.error, e.cause));
        } catch (const std::exception& e) {
            fail_locked(failure(kItemReaderFailed, e.what()));
        }
        if (finished_) return std::nullopt;
        if (!unit) {
            if (running_ == 0) complete_locked();
            return std::nullopt;
        }
        ++running_;
        live_.insert(unit->index);
        ++info_.execution_counts.total;
        ++info_.execution_counts.running;
        info_.item_counts.total += unit->items;
        info_.item_counts.running += unit->items;
        changes_ += 1;  // DescribeMapRun shows it running
        return unit;
    }

    static std::string uuid_from(uint64_t state) {
        uint64_t high = query::splitmix64(state);
        uint64_t low = query::splitmix64(state);
        return query::format_uuid_v4(high, low);
    }

    // A child's name, the same after a restart (the shell then finds the child it started);
    // `attempt` > 0: an EXPRESS child run again by a redrive, under a name of its own.
    std::string child_name(int64_t index, int64_t attempt = 0) const {
        uint64_t seed = engine::map_run_seed(request_->map_run_arn, index);
        return uuid_from(attempt == 0 ? seed : seed ^ (static_cast<uint64_t>(attempt) * 0xD1B54A32D192ED03ULL));
    }

    // An EXPRESS child's ARN ends with an id: derived from its name, so it is known before it starts.
    std::string express_id(const std::string& name) const { return uuid_from(engine::map_run_seed(name, 1)); }

    void launch(Unit unit) {
        const engine::MapRunRequest& r = *request_;
        ChildStart start;
        start.name = child_name(unit.index);
        if (r.express) start.express_id = express_id(*start.name);
        start.name_derived = true;
        start.machine = r.child_machine;
        start.state_machine_name = r.child_state_machine_name;
        start.map_run_arn = r.map_run_arn;
        start.map_run_state_name = r.state_name;
        start.item_count = unit.items;
        start.express = r.express;
        start.parent_execution_arn = r.execution_arn;
        start.input = std::move(unit.input);
        const int64_t index = unit.index;
        const int64_t items = unit.items;
        std::weak_ptr<MapRun> self = weak_from_this();
        auto on_started = [self, index, items](ChildStarted started) {
            if (auto run = self.lock()) run->child_started(index, items, std::move(started));
        };
        auto on_ended = [self, index, items](ChildEnded ended) {
            if (auto run = self.lock()) run->child_ended(index, items, std::move(ended));
        };
        if (r.redrive && r.express) {
            // EXPRESS children are not redriven (REDRIVABLE_BY_MAP_RUN): those that never succeeded,
            // in any earlier attempt, run again as new executions.
            // https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html
            const int64_t attempts = std::max<int64_t>(info_.redrive_count, 1);
            for (int64_t attempt = 0; attempt < attempts; ++attempt)
                if (std::optional<ChildEnded> before = options_.port->ended_execution(
                        aws_child_arn(child_name(unit.index, attempt)));
                    before && before->status == "SUCCEEDED")
                    return on_ended(std::move(*before));
            start.name = child_name(unit.index, attempts);
            start.express_id = express_id(*start.name);
        } else if (r.redrive) {
            // A redriven run: children that succeeded keep their results; the others are redriven.
            std::string arn = aws_child_arn(*start.name);
            if (std::optional<ChildEnded> before = options_.port->ended_execution(arn)) {
                if (before->status == "SUCCEEDED") return on_ended(std::move(*before));
                options_.port->redrive_execution(
                    arn,
                    [on_started, arn](PortError error) {
                        ChildStarted started;
                        started.error = std::move(error);
                        started.execution_arn = arn;
                        on_started(std::move(started));
                    },
                    on_ended);
                return;
            }
        }
        options_.port->start_execution(std::move(start), on_started, on_ended);
    }

    // arn:…:execution:<machine>/<label>:<name>, from the Map Run's ARN (arn:…:mapRun:<machine>/<label>:<id>).
    std::string aws_child_arn(const std::string& name) const {
        const std::string& run = request_->map_run_arn;
        size_t kind = run.find(":mapRun:");
        size_t last = run.rfind(':');
        if (kind == std::string::npos || last == std::string::npos || last <= kind) return "";
        std::string machine = run.substr(kind + 8, last - kind - 8);
        if (request_->express) return run.substr(0, kind) + ":express:" + machine + ":" + name + ":" + express_id(name);
        return run.substr(0, kind) + ":execution:" + machine + ":" + name;
    }

    void child_started(int64_t index, int64_t items, ChildStarted started) {
        if (!started.error) {
            bool stop = false;
            {
                std::lock_guard lock(mutex_);
                // Its end may have come first (an adopted child that had ended): then nothing runs.
                if (!live_.count(index)) return;
                if (finished_) stop = true;  // the run was cancelled or failed while it started
                else running_arns_[index] = started.execution_arn;
            }
            if (stop) options_.port->stop_execution(started.execution_arn, "States.Aborted", "The Map Run ended.");
            return;
        }
        ChildEnded ended;
        ended.status = "FAILED";
        ended.error = started.error.code;
        ended.cause = started.error.message;
        child_ended(index, items, std::move(ended));
    }

    void child_ended(int64_t index, int64_t items, ChildEnded ended) {
        bool late = false;
        {
            std::lock_guard lock(mutex_);
            running_arns_.erase(index);
            if (!live_.erase(index)) return;  // counted already
            --running_;
            --info_.execution_counts.running;
            info_.item_counts.running -= items;
            MapRunCounts* counts[] = {&info_.execution_counts, &info_.item_counts};
            const int64_t weights[] = {1, items};
            for (int i = 0; i < 2; ++i) {
                if (ended.status == "SUCCEEDED") counts[i]->succeeded += weights[i];
                else if (ended.status == "TIMED_OUT") counts[i]->timed_out += weights[i];
                else if (ended.status == "ABORTED") counts[i]->aborted += weights[i];
                else counts[i]->failed += weights[i];
            }
            changes_ += 1;
            if (finished_) {
                late = true;  // ended after the run did (stopped with it): counted, nothing more
            } else {
                record_result(index, ended);
            }
        }
        if (late) return flush();
        {
            std::lock_guard lock(mutex_);
            if (!finished_ && ended.status != "SUCCEEDED") {
                failed_items_ += items;
                if (over_tolerance(false)) fail_locked(failure(kThresholdExceeded, std::string(kThresholdCause)));
            }
        }
        pump();
    }

    // Whether the failures so far exceed what the run tolerates; `final`: every item is known.
    // With both tolerances set, exceeding either fails the run.
    // https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html
    bool over_tolerance(bool final) const {
        if (failed_items_ == 0) return false;
        if (!tolerated_count_ && !tolerated_percentage_) return true;  // the default tolerates none
        const double failed = static_cast<double>(failed_items_);
        if (tolerated_count_ && failed > *tolerated_count_) return true;
        // Only the final number of items tells the percentage.
        if (tolerated_percentage_ && (final || source_done_))
            return failed * 100.0 > *tolerated_percentage_ * static_cast<double>(info_.item_counts.total);
        return false;
    }

    void record_result(int64_t index, const ChildEnded& ended) {
        const engine::MapRunRequest& r = *request_;
        ChildResult result;
        result.execution_arn = ended.execution_arn;
        result.name = ended.name;
        result.state_machine_arn = ended.state_machine_arn;
        result.status = ended.status;
        result.input = ended.input;
        result.output = ended.output;
        result.error = ended.error;
        result.cause = ended.cause;
        result.start_ms = ended.start_ms;
        result.stop_ms = ended.stop_ms;
        result.express = r.express;
        if (writer_) {
            try {
                writer_->add(result);
                ++info_.execution_counts.results_written;
            } catch (const ResultWriterError& e) {
                fail_locked(failure(kResultWriterFailed, e.what()));
            }
            return;
        }
        if (too_large_) return;
        // What the entry adds to the state's output: the child's output, or
        // (a failed child) its whole execution entry.
        const size_t size = ended.output ? ended.output->size()
                                         : ended.input.size() + (ended.error ? ended.error->size() : 0) +
                                               (ended.cause ? ended.cause->size() : 0) + 400;
        results_bytes_ += size + 1;
        if (r.max_payload_bytes && results_bytes_ > r.max_payload_bytes) {
            // The Map's output would pass the quota: no need to hold more of it.
            too_large_ = true;
            results_.clear();
            return;
        }
        if (results_.size() <= static_cast<size_t>(index)) results_.resize(index + 1);
        results_[index] = std::move(result);
    }

    // Every child ended and no item is left.
    void complete_locked() {
        if (over_tolerance(true)) return fail_locked(failure(kThresholdExceeded, std::string(kThresholdCause)));
        const engine::MapRunRequest& r = *request_;
        if (too_large_)
            return fail_locked(TaskOutcome::failure(
                "States.DataLimitExceeded", "The state/task '" + r.state_name +
                                                "' returned a result with a size exceeding the maximum number of bytes "
                                                "service limit."));
        json::Value output;
        if (writer_) {
            json::Value details;
            try {
                details = writer_->finish();
            } catch (const ResultWriterError& e) {
                writer_.reset();
                return fail_locked(failure(kResultWriterFailed, e.what()));
            }
            json::Object o;
            o.set("MapRunArn", r.map_run_arn);
            o.set("ResultWriterDetails", std::move(details));
            output = json::Value(std::move(o));
        } else {
            // Without a ResultWriter the results are COMPACT: the outputs, a
            // failed child's whole execution entry (as NONE would give it).
            static const asl::ResultWriterSpec kCompact = [] {
                asl::ResultWriterSpec spec;
                spec.transformation = asl::ResultWriterSpec::Transformation::Compact;
                return spec;
            }();
            try {
                output = transform_in_output(r.state->result_writer ? *r.state->result_writer : kCompact, results_);
            } catch (const ResultWriterError& e) {
                return fail_locked(failure("States.Runtime", e.what()));
            }
        }
        finished_ = true;
        info_.status = "SUCCEEDED";
        info_.stop_ms = now();
        outcome_ = TaskOutcome::success(std::move(output));
    }

    void fail_locked(TaskOutcome outcome) {
        if (finished_) return;
        finished_ = true;
        // What the children wrote so far is still exported (manifest and result files).
        if (writer_) {
            try {
                writer_->finish();
            } catch (const std::exception&) {
                // The run fails with its own error; a writer failure here adds nothing.
            }
            writer_.reset();
        }
        info_.status = "FAILED";
        info_.stop_ms = now();
        outcome_ = std::move(outcome);
        for (const auto& [index, arn] : running_arns_) to_stop_.push_back(arn);
        running_arns_.clear();
    }

    // Sends what the locked steps decided: stops, the registry's record, the outcome.
    void flush() {
        std::optional<TaskOutcome> outcome;
        std::vector<std::string> stop;
        std::optional<MapRunInfo> info;
        {
            std::lock_guard lock(mutex_);
            outcome = std::exchange(outcome_, std::nullopt);
            stop.swap(to_stop_);
            if (options_.registry && (outcome || changes_)) info = info_;
            changes_ = 0;
        }
        for (const std::string& arn : stop)
            options_.port->stop_execution(arn, "States.Aborted", "The Map Run failed.");
        if (info) options_.registry->changed(*info);
        if (outcome) deliver(std::move(*outcome));
    }

    void deliver(TaskOutcome outcome) {
        TaskDone done = std::exchange(done_, nullptr);
        if (done) done(std::move(outcome));
    }

    void update(const MapRunUpdate& update) {
        {
            std::lock_guard lock(mutex_);
            if (finished_) return;
            if (update.max_concurrency) {
                limit_ = *update.max_concurrency > 0 ? *update.max_concurrency : kDefaultConcurrency;
                info_.max_concurrency = *update.max_concurrency;
            }
            if (update.tolerated_failure_count) {
                tolerated_count_ = static_cast<double>(*update.tolerated_failure_count);
                info_.tolerated_failure_count = *update.tolerated_failure_count;
            }
            if (update.tolerated_failure_percentage) {
                tolerated_percentage_ = *update.tolerated_failure_percentage;
                info_.tolerated_failure_percentage = *update.tolerated_failure_percentage;
            }
            if (over_tolerance(false)) fail_locked(failure(kThresholdExceeded, std::string(kThresholdCause)));
            changes_ += 1;
        }
        pump();
    }

    MapRunInfo snapshot() {
        std::lock_guard lock(mutex_);
        return info_;
    }

    MapRunnerOptions options_;
    std::shared_ptr<const engine::MapRunRequest> request_;
    TaskDone done_;

    std::mutex mutex_;
    std::unique_ptr<ItemSource> source_;
    std::unique_ptr<ResultWriter> writer_;
    bool source_done_ = false;
    std::optional<json::Value> lookahead_;  // an item that did not fit in the previous batch
    int64_t next_item_ = 0;
    int64_t next_child_ = 0;
    int64_t running_ = 0;
    int64_t limit_ = kDefaultConcurrency;
    int64_t failed_items_ = 0;
    std::optional<double> tolerated_count_;
    std::optional<double> tolerated_percentage_;
    std::map<int64_t, std::string> running_arns_;
    std::set<int64_t> live_;   // children started and not yet ended (by index)
    std::vector<ChildResult> results_;               // no ResultWriter Resource: the children's ends, by index
    size_t results_bytes_ = 0;
    bool too_large_ = false;
    bool finished_ = false;
    bool pumping_ = false;
    bool again_ = false;
    std::optional<TaskOutcome> outcome_;
    std::vector<std::string> to_stop_;
    int64_t changes_ = 0;
    MapRunInfo info_;
};

}  // namespace

MapRunner::MapRunner(MapRunnerOptions options) : options_(std::move(options)) {}

TaskCancel MapRunner::start(const TaskRequest& request, MockExecutor* mocks, TaskDone done) {
    if (!request.map_run || !options_.port) {
        done(TaskOutcome::failure("States.Runtime", "This shell cannot run a Distributed Map's children."));
        return {};
    }
    auto run = std::make_shared<MapRun>(options_, request.map_run, std::move(done));
    run->begin(request, mocks);
    return [run] { run->cancel(); };
}

}  // namespace stepwise::tasks::map_run
