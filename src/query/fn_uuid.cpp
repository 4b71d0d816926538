// States.UUID (a version 4 UUID) and the default source of randomness.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-uuid-generate
#include <random>

#include "query/intrinsic_ast.h"
#include "query/random.h"
#include "query/uuid.h"

namespace stepwise::query {

Random& default_random() {
    thread_local SeededRandom rng([] {
        std::random_device device;
        return (uint64_t(device()) << 32) ^ device();
    }());
    return rng;
}

namespace detail {

json::Value fn_uuid(const CallContext& ctx, const json::Value*, size_t) {
    Random& rng = ctx.scope.random ? *ctx.scope.random : default_random();
    uint64_t high = rng.next_u64();
    return json::Value(format_uuid_v4(high, rng.next_u64()));
}

}  // namespace detail

std::string format_uuid_v4(uint64_t high, uint64_t low) {
    high = (high & ~0xF000ull) | 0x4000ull;                  // version 4
    low = (low & ~(0xC000ull << 48)) | (0x8000ull << 48);    // RFC 4122 variant
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        uint8_t byte = i < 8 ? uint8_t(high >> (56 - 8 * i)) : uint8_t(low >> (56 - 8 * (i - 8)));
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += hex[byte >> 4];
        out += hex[byte & 15];
    }
    return out;
}

std::string random_uuid() {
    Random& rng = default_random();
    uint64_t high = rng.next_u64();
    return format_uuid_v4(high, rng.next_u64());
}

}  // namespace stepwise::query
