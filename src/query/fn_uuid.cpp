// States.UUID (a version 4 UUID) and the default source of randomness.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-uuid-generate
#include <random>

#include "query/intrinsic_ast.h"
#include "query/random.h"

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
    uint64_t hi = rng.next_u64(), lo = rng.next_u64();
    hi = (hi & ~0xF000ull) | 0x4000ull;                          // version 4
    lo = (lo & ~(0xC000ull << 48)) | (0x8000ull << 48);          // RFC 4122 variant
    static const char hex[] = "0123456789abcdef";
    char out[36];
    int k = 0;
    for (int i = 0; i < 16; ++i) {
        uint8_t byte = i < 8 ? uint8_t(hi >> (56 - 8 * i)) : uint8_t(lo >> (56 - 8 * (i - 8)));
        if (i == 4 || i == 6 || i == 8 || i == 10) out[k++] = '-';
        out[k++] = hex[byte >> 4];
        out[k++] = hex[byte & 15];
    }
    return json::Value(std::string_view(out, 36));
}

}  // namespace detail
}  // namespace stepwise::query
