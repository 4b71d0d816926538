#include "events/bus/event_tap.h"

#include <iostream>

#include "json/write.h"

namespace stepwise::events {

EventTap::EventTap(BusObserver* next, size_t capacity, size_t capacity_bytes)
    : next_(next), capacity_(capacity), capacity_bytes_(capacity_bytes) {}

EventTap::~EventTap() { stop(); }

void EventTap::watch(std::set<std::string> bus_names) {
    std::lock_guard lock(mutex_);
    watched_ = std::move(bus_names);
    watching_ = !watched_.empty();
}

void EventTap::start(Consumer consumer) {
    std::lock_guard lock(mutex_);
    if (thread_.joinable() || stopping_) return;
    consumer_ = std::move(consumer);
    thread_ = std::thread([this] { run(); });
}

void EventTap::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped_ += queue_.size();
        queue_.clear();
        queued_bytes_ = 0;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

uint64_t EventTap::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

bool EventTap::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return queue_.empty() && !consuming_; });
}

uint64_t EventTap::event_put(EventPut put) {
    if (!put.rejected && watching_.load(std::memory_order_relaxed)) {
        std::unique_lock lock(mutex_);
        if (!stopping_ && watched_.contains(put.bus_name)) {
            lock.unlock();
            const size_t bytes = json::dump(put.event).size();  // outside the lock: the consumer goes on
            lock.lock();
            if (!stopping_ && queue_.size() < capacity_ && queued_bytes_ + bytes <= capacity_bytes_) {
                queued_bytes_ += bytes;
                queue_.push_back({put.bus_name, put.event, bytes});
                lock.unlock();
                changed_.notify_all();
            } else if (dropped_++ % 10000 == 0) {
                std::cerr << "stepwise: schema discovery is behind; " << dropped_ << " event(s) not inferred\n";
            }
        }
    }
    return next_ ? next_->event_put(std::move(put)) : 1;
}

void EventTap::delivery_changed(const DeliveryChange& change) {
    if (next_) next_->delivery_changed(change);
}

void EventTap::put_failed(uint64_t put_id, const std::string& error) {
    if (next_) next_->put_failed(put_id, error);
}

void EventTap::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) break;
        auto [bus, event, bytes] = std::move(queue_.front());
        queue_.pop_front();
        queued_bytes_ -= bytes;
        consuming_ = true;
        lock.unlock();
        try {
            consumer_(bus, event);
        } catch (const std::exception& e) {
            std::cerr << "stepwise: schema discovery on bus " << bus << ": " << e.what() << "\n";
        }
        lock.lock();
        consuming_ = false;
        changed_.notify_all();
    }
    consuming_ = false;
    changed_.notify_all();
}

}  // namespace stepwise::events
