// java.util.Random: the generator AWS seeds for States.MathRandom's third
// argument and JSONata's $random(seed), so a seed gives AWS's numbers.
// (Recorded on AWS: $random(42) is 0.7275636800328681, the first
// nextDouble() of java.util.Random(42); see tests/unit/engine/variables_test.cpp.)
#pragma once

#include <cstdint>

namespace stepwise::query {

class JavaRandom {
public:
    explicit JavaRandom(int64_t seed) : state_((uint64_t(seed) ^ kMultiplier) & kMask) {}

    // The next `bits` (1..32) random bits, as java.util.Random.next(bits).
    int32_t next(int bits) {
        state_ = (state_ * kMultiplier + 0xBull) & kMask;
        return int32_t(int64_t(state_) >> (48 - bits));
    }

    // A number in [0, bound), as nextInt(bound) (bound > 0).
    int32_t next_int(int32_t bound) {
        int32_t r = next(31);
        int32_t m = bound - 1;
        if ((bound & m) == 0) return int32_t((int64_t(bound) * int64_t(r)) >> 31);
        for (int32_t u = r; u - (r = u % bound) + m < 0; u = next(31)) {
        }
        return r;
    }

    // A number in [0, 1) with 53 random bits, as nextDouble().
    double next_double() {
        int64_t high = next(26), low = next(27);
        return double((high << 27) + low) * 0x1.0p-53;
    }

private:
    static constexpr uint64_t kMultiplier = 0x5DEECE66Dull;
    static constexpr uint64_t kMask = (1ull << 48) - 1;
    uint64_t state_;
};

}  // namespace stepwise::query
