#include "store/checkpointer.h"

#include <sqlite3.h>

#include "store/schema.h"

namespace stepwise::store::sqlite {

namespace {
// The thread starts a checkpoint once the WAL holds ~4 MiB of pages. A
// checkpoint never blocks the writer, but when the thread falls behind (a
// writer that never pauses, a machine short of CPU) the WAL would grow
// without end: past ~64 MiB the writer checkpoints itself after its commit,
// as SQLite does by default, which also lets the WAL start over.
constexpr int background_after_frames = 1000;
constexpr int writer_after_frames = 16000;
}  // namespace

Checkpointer::Checkpointer(const std::string& path, Connection& writer) : connection_(path), writer_(writer) {
    configure_checkpointer(connection_);
    sqlite3_wal_hook(writer_.handle(), &Checkpointer::on_commit, this);
    thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
    sqlite3_wal_hook(writer_.handle(), nullptr, nullptr);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

int Checkpointer::on_commit(void* self, sqlite3* writer, const char*, int wal_frames) {
    auto& checkpointer = *static_cast<Checkpointer*>(self);
    {
        std::lock_guard lock(checkpointer.mutex_);
        checkpointer.wal_frames_ = wal_frames;
        ++checkpointer.commits_;
    }
    if (wal_frames >= writer_after_frames) {
        // Returns at once, busy, if the thread is checkpointing right now.
        sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (wal_frames >= background_after_frames) {
        checkpointer.wake_.notify_one();
    }
    return SQLITE_OK;
}

void Checkpointer::run() {
    uint64_t commits_checkpointed = 0;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] {
                return stopping_ || (wal_frames_ >= background_after_frames && commits_ != commits_checkpointed);
            });
            if (stopping_) return;
            commits_checkpointed = commits_;
        }
        // Failures (e.g. busy) are left for the next round: a checkpoint
        // only moves committed pages, it never decides what is committed.
        sqlite3_wal_checkpoint_v2(connection_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
}

}  // namespace stepwise::store::sqlite
