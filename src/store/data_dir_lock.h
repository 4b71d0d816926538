// One server per data directory: an exclusive lock on DATA_DIR/stepwise.lock,
// held for the life of the object. Two servers resuming the same executions
// would run every task twice. The file holds the holder's pid, so the second
// server can name it. The kernel drops the lock when the process dies
// (kill -9 included): a stale file never blocks a restart.
#pragma once

#include <string>

#include "store/store.h"

namespace stepwise::store {

class DataDirLock {
public:
    // Throws StoreError naming the directory (and the holder's pid) when
    // another process holds it, or when the lock file cannot be made.
    explicit DataDirLock(const std::string& data_dir);
    ~DataDirLock();
    DataDirLock(const DataDirLock&) = delete;
    DataDirLock& operator=(const DataDirLock&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
    int fd_ = -1;
};

}  // namespace stepwise::store
