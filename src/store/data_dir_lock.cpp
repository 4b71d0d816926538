#include "store/data_dir_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace stepwise::store {

namespace {

std::string read_holder(int fd) {
    char text[32] = {};
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    std::string pid = n > 0 ? std::string(text, static_cast<size_t>(n)) : "";
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return pid;
}

}  // namespace

DataDirLock::DataDirLock(const std::string& data_dir)
    : path_((std::filesystem::path(data_dir) / "stepwise.lock").string()) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw StoreError("cannot create the lock file " + path_ + ": " + std::strerror(errno));
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        std::string holder = read_holder(fd_);
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK)
            throw StoreError("the data directory " + data_dir + " is in use by another stepwise serve" +
                             (holder.empty() ? "" : " (pid " + holder + ")") +
                             "; stop it, or give this one another --data-dir");
        throw StoreError("cannot lock " + path_ + ": " + std::strerror(error));
    }
    // Without the pid the lock still holds; only a second server's message is poorer.
    std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd_, 0) == 0) (void)!pwrite(fd_, pid.data(), pid.size(), 0);
}

DataDirLock::~DataDirLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace stepwise::store
