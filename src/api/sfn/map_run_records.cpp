#include "api/sfn/map_run_records.h"

#include <iostream>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "api/sfn/ids.h"
#include "json/parse.h"
#include "json/write.h"

namespace stepwise::api {

using tasks::map_run::MapRunInfo;

std::vector<std::string> restore_map_runs(store::Store& store, tasks::map_run::MapRunRegistry& registry) {
    std::vector<std::string> problems;
    for (const store::Document& document : store.list_documents(std::string(kMapRunKind))) {
        auto body = json::try_parse(document.body);
        auto info = body ? MapRunInfo::from_json(*body) : std::nullopt;
        if (!info || info->map_run_arn != document.id) {
            problems.push_back("stored Map Run " + document.id + " is not a Map Run record; skipped");
            continue;
        }
        registry.restore(*info);
    }
    return problems;
}

namespace {

// When each run's record was last written; a run leaves when it ends.
struct WriteTimes {
    std::mutex mutex;
    std::unordered_map<std::string, int64_t> last_write_ms;
};

}  // namespace

void persist_map_runs(tasks::map_run::MapRunRegistry& registry, store::Store& store,
                      std::function<int64_t()> wall_ms, int64_t interval_ms) {
    if (!wall_ms) wall_ms = wall_clock_ms;
    auto times = std::make_shared<WriteTimes>();
    registry.on_change([&store, times, wall_ms, interval_ms](const MapRunInfo& info) {
        const bool ended = info.status != "RUNNING";
        int64_t now = wall_ms();
        {
            std::lock_guard lock(times->mutex);
            auto last = times->last_write_ms.find(info.map_run_arn);
            bool due = ended || last == times->last_write_ms.end() || now - last->second >= interval_ms;
            if (!due) return;
        }
        try {
            store.apply({store::PutDocument{
                {std::string(kMapRunKind), info.map_run_arn, json::dump(info.to_json()), info.start_ms}}});
        } catch (const store::StoreError& error) {
            std::cerr << "stepwise serve: storing Map Run " << info.map_run_arn << ": " << error.what() << "\n";
            return;
        }
        std::lock_guard lock(times->mutex);
        if (ended)
            times->last_write_ms.erase(info.map_run_arn);
        else
            times->last_write_ms[info.map_run_arn] = now;
    });
}

size_t forget_orphaned_map_runs(tasks::map_run::MapRunRegistry& registry, store::Store& store) {
    size_t forgotten = 0;
    for (const MapRunInfo& run : registry.ended()) {
        if (store.get_execution(run.execution_arn)) continue;
        store.apply({store::DeleteDocument{std::string(kMapRunKind), run.map_run_arn}});
        registry.forget(run.map_run_arn);
        ++forgotten;
    }
    return forgotten;
}

}  // namespace stepwise::api
