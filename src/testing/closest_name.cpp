#include "testing/closest_name.h"

#include <algorithm>
#include <cctype>

namespace stepwise::testing {

namespace {

// Levenshtein distance in half edits: a change of case alone costs 1, any other edit 2.
size_t half_edits(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1), next(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = 2 * j;
    for (size_t i = 1; i <= a.size(); ++i) {
        next[0] = 2 * i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const auto x = static_cast<unsigned char>(a[i - 1]), y = static_cast<unsigned char>(b[j - 1]);
            const size_t change = x == y ? 0 : std::tolower(x) == std::tolower(y) ? 1 : 2;
            next[j] = std::min({row[j] + 2, next[j - 1] + 2, row[j - 1] + change});
        }
        std::swap(row, next);
    }
    return row[b.size()];
}

}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_distance = 0;
    for (const std::string& candidate : candidates) {
        size_t distance = half_edits(name, candidate);
        size_t allowed = std::max<size_t>(2, std::max(name.size(), candidate.size()));
        if (distance > 0 && distance <= allowed && (best.empty() || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

std::string name_list(const std::vector<std::string>& names, size_t limit) {
    if (names.empty()) return "none";
    std::string out;
    for (size_t i = 0; i < names.size() && i < limit; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > limit) out += ", …";
    return out;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best = closest_name(name, candidates);
    return best.empty() ? "" : " (did you mean " + best + "?)";
}

}  // namespace stepwise::testing
