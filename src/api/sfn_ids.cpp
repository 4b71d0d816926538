#include "api/sfn_ids.h"

#include <chrono>
#include <mutex>
#include <random>

namespace stepwise::api {

int64_t wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string random_uuid() {
    static std::mutex mutex;
    static std::mt19937_64 generator{std::random_device{}()};
    uint64_t high, low;
    {
        std::lock_guard lock(mutex);
        high = generator();
        low = generator();
    }
    high = (high & ~0xF000ULL) | 0x4000ULL;                  // version 4
    low = (low & ~(0xC0ULL << 56)) | (0x80ULL << 56);       // RFC 4122 variant
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    auto put = [&](uint64_t bits, int from_nibble, int count) {
        for (int i = 0; i < count; ++i) out += kDigits[(bits >> (4 * (from_nibble - i))) & 15];
    };
    put(high, 15, 8);
    out += '-';
    put(high, 7, 4);
    out += '-';
    put(high, 3, 4);
    out += '-';
    put(low, 15, 4);
    out += '-';
    put(low, 11, 12);
    return out;
}

json::Value epoch_seconds(int64_t ms) { return json::Value(static_cast<double>(ms) / 1000.0); }

}  // namespace stepwise::api
