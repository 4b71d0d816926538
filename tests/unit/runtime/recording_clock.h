// A virtual clock for tests that keeps every sleep the run asks of it, so a
// test can say which waits happened without measuring real time.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

#include "runtime/clock.h"

namespace stepwise::fixtures {

class RecordingClock final : public runtime::Clock {
public:
    explicit RecordingClock(int64_t start_ms) : now_(start_ms) {}
    int64_t now_ms() override { return now_; }
    // Jumps ahead at once; keeps how far each sleep reached (0 for one already due).
    void sleep_until(int64_t ms) override {
        sleeps_ms.push_back(ms > now_ ? ms - now_ : 0);
        if (ms > now_) now_ = ms;
    }
    int64_t slept_ms() const { return std::accumulate(sleeps_ms.begin(), sleeps_ms.end(), int64_t{0}); }

    std::vector<int64_t> sleeps_ms;

private:
    int64_t now_;
};

}  // namespace stepwise::fixtures
