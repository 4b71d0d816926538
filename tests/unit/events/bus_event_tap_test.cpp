// EventTap (events/bus/event_tap.h): events of watched buses reach the
// consumer off the put path, others and rejected ones do not, a full queue
// (by events or by bytes) drops and counts, and every call reaches the next observer.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "events/bus/event_tap.h"

namespace stepwise::events {
namespace {

using namespace std::chrono_literals;

struct CountingObserver : BusObserver {
    int puts = 0, changes = 0, failures = 0;
    uint64_t event_put(EventPut) override { return static_cast<uint64_t>(++puts) + 100; }
    void delivery_changed(const DeliveryChange&) override { ++changes; }
    void put_failed(uint64_t, const std::string&) override { ++failures; }
};

EventPut put_on(const std::string& bus, int n, bool rejected = false) {
    EventPut put;
    put.bus_name = bus;
    put.event = json::Value(json::Object{{"n", json::Value(n)}});
    put.rejected = rejected;
    return put;
}

TEST(EventTap, HandsWatchedBusesEventsToTheConsumer) {
    CountingObserver next;
    EventTap tap(&next);
    std::mutex mutex;
    std::vector<std::string> seen;
    tap.start([&](const std::string& bus, const json::Value& event) {
        std::lock_guard lock(mutex);
        seen.push_back(bus + ":" + std::to_string(event.find("n")->as_int()));
    });
    EXPECT_EQ(tap.event_put(put_on("default", 1)), 101u);  // nothing watched yet
    tap.watch({"orders"});
    tap.event_put(put_on("default", 2));
    tap.event_put(put_on("orders", 3));
    tap.event_put(put_on("orders", 4, /*rejected=*/true));
    tap.delivery_changed({});
    tap.put_failed(1, "x");
    ASSERT_TRUE(tap.wait_idle(10s));
    std::lock_guard lock(mutex);
    EXPECT_EQ(seen, std::vector<std::string>{"orders:3"});
    EXPECT_EQ(next.puts, 4);
    EXPECT_EQ(next.changes, 1);
    EXPECT_EQ(next.failures, 1);
    EXPECT_EQ(tap.dropped(), 0u);
}

TEST(EventTap, AFullQueueDropsAndCountsWithoutWaiting) {
    EventTap tap(nullptr, /*capacity=*/2);
    std::mutex mutex;
    std::condition_variable released;
    bool release = false;
    std::atomic<int> consumed{0};
    std::atomic<bool> holding{false};
    tap.start([&](const std::string&, const json::Value&) {
        holding = true;
        std::unique_lock lock(mutex);
        released.wait(lock, [&] { return release; });
        ++consumed;
    });
    tap.watch({"default"});
    tap.event_put(put_on("default", 1));
    for (int i = 0; i < 10000 && !holding; ++i) std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(holding);  // the consumer holds the first: the queue has room for exactly two
    for (int i = 0; i < 5; ++i) tap.event_put(put_on("default", 100 + i));
    EXPECT_EQ(tap.dropped(), 3u);
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    released.notify_all();
    ASSERT_TRUE(tap.wait_idle(10s));
    EXPECT_EQ(consumed.load(), 3);  // the first and the two the queue held
}

// The queue is bounded by its events' bytes too (their JSON text): events of
// up to 256 KB each cannot pile up 4,096 deep.
TEST(EventTap, TheQueueIsBoundedByBytesToo) {
    EventTap tap(nullptr, /*capacity=*/100, /*capacity_bytes=*/20);  // {"n":100} is 9 bytes: two fit
    std::mutex mutex;
    std::condition_variable released;
    bool release = false;
    std::atomic<int> consumed{0};
    std::atomic<bool> holding{false};
    tap.start([&](const std::string&, const json::Value&) {
        holding = true;
        std::unique_lock lock(mutex);
        released.wait(lock, [&] { return release; });
        ++consumed;
    });
    tap.watch({"default"});
    tap.event_put(put_on("default", 1));
    for (int i = 0; i < 10000 && !holding; ++i) std::this_thread::sleep_for(1ms);
    ASSERT_TRUE(holding);
    for (int i = 0; i < 5; ++i) tap.event_put(put_on("default", 100 + i));
    EXPECT_EQ(tap.dropped(), 3u);
    {
        std::lock_guard lock(mutex);
        release = true;
    }
    released.notify_all();
    ASSERT_TRUE(tap.wait_idle(10s));
    EXPECT_EQ(consumed.load(), 3);
    tap.event_put(put_on("default", 200));  // the bytes consumed are freed
    ASSERT_TRUE(tap.wait_idle(10s));
    EXPECT_EQ(consumed.load(), 4);
    EXPECT_EQ(tap.dropped(), 3u);
}

TEST(EventTap, StopJoinsAndLaterPutsStillReachTheNextObserver) {
    CountingObserver next;
    EventTap tap(&next);
    tap.start([](const std::string&, const json::Value&) {});
    tap.watch({"default"});
    tap.stop();
    tap.event_put(put_on("default", 1));
    EXPECT_EQ(next.puts, 1);
    EXPECT_TRUE(tap.wait_idle(1s));
}

}  // namespace
}  // namespace stepwise::events
