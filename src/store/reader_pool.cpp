#include "store/reader_pool.h"

#include "store/schema.h"

namespace stepwise::store::sqlite {

ReaderPool::Lease ReaderPool::lend() {
    std::unique_lock lock(mutex_);
    returned_.wait(lock, [&] { return !idle_.empty() || opened_ < capacity_; });
    if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(connection));
    }
    ++opened_;
    lock.unlock();
    try {
        auto connection = std::make_unique<Connection>(path_);
        configure_reader(*connection);
        return Lease(*this, std::move(connection));
    } catch (...) {
        lock.lock();
        --opened_;
        returned_.notify_one();
        throw;
    }
}

void ReaderPool::give_back(std::unique_ptr<Connection> connection) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(std::move(connection));
    }
    returned_.notify_one();
}

}  // namespace stepwise::store::sqlite
