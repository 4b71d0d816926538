// Clocks for the runtime shell. The virtual clock makes Wait states, retry
// back-off and timeouts cost no real time while timestamps advance as if they
// had; the real clock waits for real.
#pragma once

#include <cstdint>
#include <memory>

namespace stepwise::runtime {

class Clock {
public:
    virtual ~Clock() = default;
    virtual int64_t now_ms() = 0;             // milliseconds since the Unix epoch
    virtual void sleep_until(int64_t ms) = 0;  // returns at or after `ms`
};

class VirtualClock final : public Clock {
public:
    explicit VirtualClock(int64_t start_ms) : now_(start_ms) {}
    int64_t now_ms() override { return now_; }
    void sleep_until(int64_t ms) override {
        if (ms > now_) now_ = ms;
    }

private:
    int64_t now_;
};

class RealClock final : public Clock {
public:
    int64_t now_ms() override;
    void sleep_until(int64_t ms) override;
};

int64_t wall_clock_ms();

}  // namespace stepwise::runtime
