// Copies the WAL back into the database file on its own thread and
// connection, so apply() never pays for a checkpoint (the page copies and
// the fsync that comes with them). The writer reports the WAL's size after
// each commit through SQLite's WAL hook, which also turns off SQLite's own
// checkpoint-on-commit.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/connection.h"

namespace stepwise::store::sqlite {

class Checkpointer {
public:
    // Watches `writer` (which must outlive this) and checkpoints `path`.
    Checkpointer(const std::string& path, Connection& writer);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

private:
    static int on_commit(void* self, sqlite3* db, const char* schema, int wal_frames);
    void run();

    Connection connection_;
    Connection& writer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    int wal_frames_ = 0;     // the WAL's size after the last commit
    uint64_t commits_ = 0;   // commits seen, so the thread works only after new ones
    std::thread thread_;
};

}  // namespace stepwise::store::sqlite
