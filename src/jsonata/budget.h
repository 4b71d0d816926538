// The output budget of an evaluation: the bytes of strings and the items of
// arrays and objects it builds, counted as it goes, so that one expression
// ($pad('x', 1e9), a $join or $string of something huge, an array doubled in
// a loop) cannot take all memory. Sites that build in proportion to their
// input charge before building; exceeding the budget throws Error U1001
// naming the site and the bound.
//
// The budget in force is the one of the evaluation running on this thread
// (installed by Expression::evaluate), so value helpers need no Context.
#pragma once

#include <cstdint>
#include <string_view>

namespace stepwise::jsonata {

// The budget states get: 128 MiB, 512 times AWS's 256 KiB payload limit.
inline constexpr uint64_t kStateOutputBudget = 128ull << 20;
// What one array item or object member costs, in bytes (about what it takes
// in memory once written out as JSON).
inline constexpr uint64_t kItemCost = 64;

class OutputBudget {
public:
    // Installs itself as this thread's budget unless one is already in force
    // (a nested evaluation shares its caller's budget). 0 = unlimited.
    explicit OutputBudget(uint64_t max_bytes);
    ~OutputBudget();
    OutputBudget(const OutputBudget&) = delete;
    OutputBudget& operator=(const OutputBudget&) = delete;

    void charge(uint64_t bytes, std::string_view what);

private:
    uint64_t max_bytes_;
    uint64_t used_ = 0;
    bool installed_ = false;
};

// Charges `bytes` to this thread's budget (free when none is in force).
void charge_output(uint64_t bytes, std::string_view what);

}  // namespace stepwise::jsonata
