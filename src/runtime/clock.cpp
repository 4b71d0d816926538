#include "runtime/clock.h"

#include <chrono>
#include <thread>

namespace stepwise::runtime {

int64_t wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t RealClock::now_ms() { return wall_clock_ms(); }

void RealClock::sleep_until(int64_t ms) {
    int64_t now = wall_clock_ms();
    if (ms > now) std::this_thread::sleep_for(std::chrono::milliseconds(ms - now));
}

}  // namespace stepwise::runtime
