// Hands the events put on chosen buses to one consumer thread, off the put
// path: PutEvents never waits for the consumer (schema discovery). An
// EventTap is the bus's observer and passes every call on to `next` (the web
// page's activity list). The queue is bounded, by events and by their JSON
// text's bytes: when the consumer falls behind, events are dropped and
// counted, never waited for. Rejected events (a
// schema refused them) are not handed on.
//
//   events::EventTap tap(&activity);
//   bus_options.observer = &tap;
//   tap.start([&](const std::string& bus, const json::Value& event) { ... });
//   tap.watch({"default"});   // until then nothing is queued
//   ...
//   tap.stop();               // before what the consumer uses goes away
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "events/bus/bus_observer.h"

namespace stepwise::events {

class EventTap : public BusObserver {
public:
    using Consumer = std::function<void(const std::string& bus_name, const json::Value& event)>;

    explicit EventTap(BusObserver* next = nullptr, size_t capacity = 4096, size_t capacity_bytes = 32u << 20);
    ~EventTap() override;
    EventTap(const EventTap&) = delete;
    EventTap& operator=(const EventTap&) = delete;

    // The buses whose events are queued from now on (by name).
    void watch(std::set<std::string> bus_names);
    // Starts the consumer thread (once).
    void start(Consumer consumer);
    // Lets the event being consumed finish, drops the rest, joins the thread.
    void stop();

    // Events dropped because the queue was full.
    uint64_t dropped() const;
    // Until the queue is empty and nothing is being consumed.
    bool wait_idle(std::chrono::milliseconds timeout);

    uint64_t event_put(EventPut put) override;
    void delivery_changed(const DeliveryChange& change) override;
    void put_failed(uint64_t put_id, const std::string& error) override;

private:
    void run();

    BusObserver* next_;
    const size_t capacity_;
    const size_t capacity_bytes_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::set<std::string> watched_;
    std::atomic<bool> watching_{false};  // watched_ is not empty: puts skip the lock otherwise
    struct Queued {
        std::string bus;
        json::Value event;
        size_t bytes = 0;
    };
    std::deque<Queued> queue_;
    size_t queued_bytes_ = 0;
    bool consuming_ = false;
    bool stopping_ = false;
    uint64_t dropped_ = 0;
    Consumer consumer_;
    std::thread thread_;
};

}  // namespace stepwise::events
