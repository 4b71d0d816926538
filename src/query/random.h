// Where MathRandom and UUID take their randomness from. The engine injects a
// Random through Scope::random so runs can be reproduced; without one, a
// per-thread source seeded from the operating system is used.
#pragma once

#include <cstdint>

namespace stepwise::query {

class Random {
public:
    virtual ~Random() = default;
    // 64 uniformly distributed bits.
    virtual uint64_t next_u64() = 0;
};

// One step of SplitMix64: advances `state` and returns 64 well-mixed bits.
// The one copy of the generator; the engine's seeded streams use it too.
inline uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// A small, fast, reproducible generator (SplitMix64).
class SeededRandom final : public Random {
public:
    explicit SeededRandom(uint64_t seed) : state_(seed) {}
    uint64_t next_u64() override { return splitmix64(state_); }

private:
    uint64_t state_;
};

// The per-thread fallback used when a Scope carries no Random.
Random& default_random();

}  // namespace stepwise::query
