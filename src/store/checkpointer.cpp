#include "store/checkpointer.h"

#include <sqlite3.h>

#include "store/schema.h"

namespace stepwise::store::sqlite {

namespace {
// A passive checkpoint starts once the WAL holds ~4 MiB of pages; it never
// blocks the writer, but a writer that never pauses can keep it from
// catching up, so past ~64 MiB a RESTART checkpoint makes the writer wait
// once and lets the WAL start over from its beginning.
constexpr int passive_after_frames = 1000;
constexpr int restart_after_frames = 16000;
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

int Checkpointer::on_commit(void* self, sqlite3*, const char*, int wal_frames) {
    auto& checkpointer = *static_cast<Checkpointer*>(self);
    {
        std::lock_guard lock(checkpointer.mutex_);
        checkpointer.wal_frames_ = wal_frames;
        ++checkpointer.commits_;
    }
    if (wal_frames >= passive_after_frames) checkpointer.wake_.notify_one();
    return SQLITE_OK;
}

void Checkpointer::run() {
    uint64_t commits_checkpointed = 0;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] {
                return stopping_ || (wal_frames_ >= passive_after_frames && commits_ != commits_checkpointed);
            });
            if (stopping_) return;
            commits_checkpointed = commits_;
        }
        int wal_frames = 0, copied_frames = 0;
        // Failures (e.g. busy) are left for the next round: a checkpoint
        // only moves committed pages, it never decides what is committed.
        int code = sqlite3_wal_checkpoint_v2(connection_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames,
                                             &copied_frames);
        if (code == SQLITE_OK && wal_frames >= restart_after_frames)
            sqlite3_wal_checkpoint_v2(connection_.handle(), nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    }
}

}  // namespace stepwise::store::sqlite
