#include "lint/nearest_name.h"

#include <algorithm>
#include <cctype>

namespace stepwise::lint {

namespace {

// Levenshtein distance: insertions, deletions and substitutions of one byte;
// a letter in the other case is no edit ('vin' is 'VIN' misspelt).
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t above = row[j];
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string> nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
    const size_t allowed = name.size() > 5 ? 2 : 1;
    std::optional<std::string> best;
    size_t best_distance = allowed + 1;
    for (const std::string& candidate : candidates) {
        if (candidate == name) continue;
        size_t d = edit_distance(name, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

}  // namespace stepwise::lint
