// SqliteStore's retention: deleting closed executions, giving the freed pages
// back to the file system, VACUUM.
#include <vector>

#include "store/sqlite_store.h"

namespace stepwise::store::sqlite {

size_t SqliteStore::delete_closed_executions(int64_t closed_before_ms, size_t limit) {
    if (limit == 0) return 0;
    return naming_operation("delete_closed_executions", [&] {
        std::lock_guard lock(writer_mutex_);
        writer_.execute("BEGIN IMMEDIATE");
        try {
            std::vector<int64_t> ids;
            {
                // `status <> 'RUNNING'` as written in the partial index executions_by_stop.
                auto select = writer_.statement(
                    "SELECT id FROM executions WHERE status <> 'RUNNING' AND stop_ms < ?1 ORDER BY stop_ms LIMIT ?2");
                select.bind(1, closed_before_ms);
                select.bind(2, static_cast<int64_t>(limit));
                while (select.step()) ids.push_back(select.integer(0));
            }
            auto journal = writer_.statement("DELETE FROM journal WHERE execution = ?1");
            auto row = writer_.statement("DELETE FROM executions WHERE id = ?1");
            for (int64_t id : ids) {
                for (auto* statement : {&journal, &row}) {
                    statement->bind(1, id);
                    statement->run();
                    statement->reset();
                }
            }
            writer_.execute("COMMIT");
            return ids.size();
        } catch (...) {
            if (writer_.in_transaction()) writer_.execute("ROLLBACK");
            throw;
        }
    });
}

int64_t SqliteStore::release_free_pages(int64_t max_pages) {
    return naming_operation("release_free_pages", [&] {
        std::lock_guard lock(writer_mutex_);
        if (max_pages > 0) {
            std::string sql = "PRAGMA incremental_vacuum(" + std::to_string(max_pages) + ")";
            writer_.execute(sql.c_str());
            // In WAL mode the file shrinks when a checkpoint copies the
            // shortened database back: do it now rather than at the next
            // 1000 pages of commits. PASSIVE waits for no reader.
            writer_.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
        return writer_.query_integer("PRAGMA freelist_count");
    });
}

void SqliteStore::vacuum() {
    naming_operation("vacuum", [&] {
        std::lock_guard lock(writer_mutex_);
        writer_.execute("VACUUM");
    });
}

}  // namespace stepwise::store::sqlite
