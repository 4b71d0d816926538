// The invocation rate limit of API destinations: at most N requests in any
// second per destination. A request over the limit is not refused: it gets
// the first moment it may go, and waits for it.
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateApiDestination.html
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace stepwise::events {

class RateLimiter {
public:
    // `now_ms`: a monotonic clock in milliseconds (tests inject their own).
    explicit RateLimiter(std::function<int64_t()> now_ms);

    // Reserves the next moment (on the clock) at which `key` may send one
    // request, keeping at most `per_second` of them in any 1000 ms.
    int64_t reserve(const std::string& key, int64_t per_second);
    // Forgets a key (its destination was deleted).
    void forget(const std::string& key);

private:
    std::function<int64_t()> now_ms_;
    std::mutex mutex_;
    std::map<std::string, std::deque<int64_t>> reserved_;  // the moments of the last second, oldest first
};

}  // namespace stepwise::events
