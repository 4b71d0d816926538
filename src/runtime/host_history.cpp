// GetExecutionHistory for the ExecutionHost: a running execution's history
// is read on its strand; an ended one is replayed from its stored journal
// (and kept for a while, since clients page through it).
#include <future>

#include <boost/asio/post.hpp>

#include "json/write.h"
#include "runtime/host_internal.h"

namespace stepwise::runtime {

namespace {

constexpr size_t kReplayedKept = 64;

std::vector<HistoryRow> page_of(const engine::Execution& exec, int64_t after_id, int64_t before_id,
                                       size_t limit, bool reverse) {
    const auto& events = exec.history();
    std::vector<HistoryRow> rows;
    auto render = [&](const engine::HistoryEvent& e) {
        rows.push_back(HistoryRow{e.id, json::dump(e.to_json(exec.history_context()))});
    };
    if (reverse) {
        for (auto it = events.rbegin(); it != events.rend() && rows.size() < limit; ++it)
            if (it->id < before_id) render(*it);
    } else {
        for (const auto& e : events) {
            if (rows.size() >= limit) break;
            if (e.id > after_id) render(e);
        }
    }
    return rows;
}

}  // namespace

std::shared_ptr<const engine::Execution> ExecutionHost::Impl::replayed_execution(const store::ExecutionRecord& record) {
    {
        std::lock_guard lock(replayed_mutex);
        for (const auto& [arn, exec] : replayed)
            if (arn == record.arn) return exec;
    }
    std::vector<engine::Command> pending;
    std::shared_ptr<LiveExecution> l = load(record, pending);
    std::shared_ptr<const engine::Execution> exec(std::move(l->exec));
    if (record.status != "RUNNING") {
        std::lock_guard lock(replayed_mutex);
        replayed.emplace_back(record.arn, exec);
        if (replayed.size() > kReplayedKept) replayed.pop_front();
    }
    return exec;
}

void ExecutionHost::Impl::forget_replayed(const std::string& execution_arn) {
    std::lock_guard lock(replayed_mutex);
    std::erase_if(replayed, [&](const auto& entry) { return entry.first == execution_arn; });
}

std::shared_ptr<const engine::Execution> ExecutionHost::ended_execution(const std::string& execution_arn) {
    Impl& h = *impl_;
    std::shared_ptr<LiveExecution> l;
    {
        std::lock_guard lock(h.live_mutex);
        if (auto it = h.live.find(execution_arn); it != h.live.end()) l = it->second;
    }
    if (l) {
        // Still live (its end just told): read on its strand, where it no longer changes once ended.
        std::promise<bool> ended;
        asio::post(l->strand, [&] { ended.set_value(l->exec && l->exec->status() != engine::Status::Running); });
        if (!ended.get_future().get()) return nullptr;
        return std::shared_ptr<const engine::Execution>(l, l->exec.get());
    }
    auto record = h.store.get_execution(execution_arn);
    if (!record || record->status == "RUNNING") return nullptr;
    return impl_->replayed_execution(*record);
}

std::optional<engine::EntryInspection> ExecutionHost::inspect_entry(const std::string& execution_arn,
                                                                    int64_t entered_event_id) {
    auto record = impl_->store.get_execution(execution_arn);
    if (!record) return std::nullopt;
    engine::EntryInspector inspector(entered_event_id);
    std::vector<engine::Command> pending;
    impl_->load(*record, pending, &inspector);
    return inspector.inspection();
}

std::optional<std::vector<HistoryRow>> ExecutionHost::history(const std::string& execution_arn,
                                                                     int64_t after_id, int64_t before_id,
                                                                     size_t limit, bool reverse) {
    Impl& h = *impl_;
    std::shared_ptr<LiveExecution> l;
    {
        std::lock_guard lock(h.live_mutex);
        if (auto it = h.live.find(execution_arn); it != h.live.end()) l = it->second;
    }
    if (l) {
        std::promise<std::vector<HistoryRow>> page;
        asio::post(l->strand, [&] { page.set_value(page_of(*l->exec, after_id, before_id, limit, reverse)); });
        return page.get_future().get();
    }
    auto record = h.store.get_execution(execution_arn);
    if (!record) return std::nullopt;
    return page_of(*h.replayed_execution(*record), after_id, before_id, limit, reverse);
}

}  // namespace stepwise::runtime
