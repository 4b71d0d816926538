#include "jsonata/budget.h"

#include <string>

#include "jsonata/error.h"

namespace stepwise::jsonata {

namespace {
thread_local OutputBudget* t_budget = nullptr;
}  // namespace

OutputBudget::OutputBudget(uint64_t max_bytes) : max_bytes_(max_bytes) {
    if (t_budget == nullptr) {
        t_budget = this;
        installed_ = true;
    }
}

OutputBudget::~OutputBudget() {
    if (installed_) t_budget = nullptr;
}

void OutputBudget::charge(uint64_t bytes, std::string_view what) {
    if (max_bytes_ == 0) return;
    if (bytes > max_bytes_ || used_ + bytes > max_bytes_) {
        used_ = max_bytes_;  // stays exceeded for the rest of the evaluation
        throw Error("U1001", std::string(what) + " would take the expression past its output budget of " +
                                 std::to_string(max_bytes_ >> 20) +
                                 " MiB (the strings, arrays and objects one evaluation may build)");
    }
    used_ += bytes;
}

void charge_output(uint64_t bytes, std::string_view what) {
    if (t_budget != nullptr) t_budget->charge(bytes, what);
}

}  // namespace stepwise::jsonata
