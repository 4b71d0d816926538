// Connections that only read, lent to one thread at a time. WAL lets them
// read a committed snapshot while the writer works. Opened on first need,
// at most `capacity`; a thread waits when all are lent.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/connection.h"

namespace stepwise::store::sqlite {

class ReaderPool {
public:
    ReaderPool(std::string path, size_t capacity) : path_(std::move(path)), capacity_(capacity) {}

    class Lease {
    public:
        Lease(ReaderPool& pool, std::unique_ptr<Connection> connection)
            : pool_(pool), connection_(std::move(connection)) {}
        ~Lease() { pool_.give_back(std::move(connection_)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Connection& connection() { return *connection_; }

    private:
        ReaderPool& pool_;
        std::unique_ptr<Connection> connection_;
    };

    Lease lend();

private:
    void give_back(std::unique_ptr<Connection> connection);

    std::string path_;
    size_t capacity_;
    std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    size_t opened_ = 0;
};

}  // namespace stepwise::store::sqlite
