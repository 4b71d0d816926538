#include "runtime/commit_queue.h"

namespace stepwise::runtime {

CommitQueue::CommitQueue(store::Store& store, std::function<void(std::function<void()>)> deliver)
    : store_(store), deliver_(std::move(deliver)), thread_([this] { run(); }) {}

CommitQueue::~CommitQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void CommitQueue::submit(std::vector<store::Write> writes, Completion done) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(Pending{std::move(writes), std::move(done)});
    }
    wake_.notify_one();
}

void CommitQueue::submit(store::Write write, Completion done) {
    std::vector<store::Write> writes;
    writes.push_back(std::move(write));
    submit(std::move(writes), std::move(done));
}

void CommitQueue::flush() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void CommitQueue::run() {
    std::vector<Pending> batch;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            busy_ = false;
            if (queue_.empty()) idle_.notify_all();
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything is committed
            busy_ = true;
            batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
            queue_.clear();
        }
        commit(batch);
        batch.clear();
    }
}

void CommitQueue::commit(std::vector<Pending>& batch) {
    std::vector<store::Write> all;
    std::vector<size_t> ends;  // batch[i]'s writes end at all[ends[i]]
    for (Pending& p : batch) {
        for (store::Write& w : p.writes) all.push_back(std::move(w));
        ends.push_back(all.size());
    }
    std::vector<std::string> errors(batch.size());
    try {
        store_.apply(all);
    } catch (const std::exception& e) {
        // The transaction rolled back. Commit each caller's writes on its own,
        // so one bad write fails only its caller.
        size_t begin = 0;
        for (size_t i = 0; i < batch.size(); ++i) {
            std::vector<store::Write> own(std::make_move_iterator(all.begin() + begin),
                                          std::make_move_iterator(all.begin() + ends[i]));
            begin = ends[i];
            try {
                store_.apply(own);
            } catch (const std::exception& e2) {
                errors[i] = e2.what();
            }
        }
    }
    for (size_t i = 0; i < batch.size(); ++i) {
        if (!batch[i].done) continue;
        deliver_([done = std::move(batch[i].done), error = std::move(errors[i])] { done(error); });
    }
}

}  // namespace stepwise::runtime
