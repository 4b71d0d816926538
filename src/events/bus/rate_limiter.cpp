#include "events/bus/rate_limiter.h"

#include <algorithm>

namespace stepwise::events {

RateLimiter::RateLimiter(std::function<int64_t()> now_ms) : now_ms_(std::move(now_ms)) {}

int64_t RateLimiter::reserve(const std::string& key, int64_t per_second) {
    constexpr int64_t kWindowMs = 1000;
    per_second = std::max<int64_t>(1, per_second);
    std::lock_guard lock(mutex_);
    int64_t now = now_ms_();
    std::deque<int64_t>& moments = reserved_[key];
    while (!moments.empty() && moments.front() <= now - kWindowMs) moments.pop_front();
    int64_t slot = moments.empty() ? now : std::max(now, moments.back());
    // The request `per_second` places back must be a full window earlier.
    if (static_cast<int64_t>(moments.size()) >= per_second)
        slot = std::max(slot, moments[moments.size() - static_cast<size_t>(per_second)] + kWindowMs);
    moments.push_back(slot);
    return slot;
}

void RateLimiter::forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    reserved_.erase(key);
}

}  // namespace stepwise::events
