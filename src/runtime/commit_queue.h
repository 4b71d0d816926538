// Group commit: writes from many executions are queued and applied to the
// store by one thread, as many as are waiting in one transaction. A caller
// learns through its callback that its writes are durable (or failed).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"

namespace stepwise::runtime {

class CommitQueue {
public:
    // `deliver` runs a completion somewhere other than the committing thread
    // (the host posts it to its workers).
    using Completion = std::function<void(const std::string& error)>;  // "" = committed
    CommitQueue(store::Store& store, std::function<void(std::function<void()>)> deliver);
    ~CommitQueue();  // commits what is queued, then stops

    void submit(std::vector<store::Write> writes, Completion done);
    void submit(store::Write write, Completion done);
    // Blocks until everything submitted so far is committed.
    void flush();

private:
    struct Pending {
        std::vector<store::Write> writes;
        Completion done;
    };
    void run();
    void commit(std::vector<Pending>& batch);

    store::Store& store_;
    std::function<void(std::function<void()>)> deliver_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<Pending> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace stepwise::runtime
