#include "events/pattern/field_index.h"

#include <algorithm>

namespace stepwise::events {

namespace {

size_t erase_id(std::vector<EntryId>& ids, EntryId id) { return std::erase(ids, id); }

template <typename Map>
size_t erase_id_from_map(Map& map, EntryId id) {
    size_t removed = 0;
    for (auto it = map.begin(); it != map.end();) {
        removed += erase_id(it->second, id);
        it = it->second.empty() ? map.erase(it) : std::next(it);
    }
    return removed;
}

void append(std::vector<EntryId>& out, const std::vector<EntryId>& ids) {
    out.insert(out.end(), ids.begin(), ids.end());
}

double normalized(double d) { return d == 0 ? 0.0 : d; }  // -0 and 0 share a key

}  // namespace

void FieldIndex::AffixMap::add(const std::string& affix, EntryId id) {
    by_affix[affix].push_back(id);
    ++length_counts[affix.size()];
}

size_t FieldIndex::AffixMap::remove(EntryId id) {
    size_t removed_total = 0;
    for (auto it = by_affix.begin(); it != by_affix.end();) {
        if (size_t removed = erase_id(it->second, id); removed > 0) {
            auto count = length_counts.find(it->first.size());
            count->second -= removed;
            if (count->second == 0) length_counts.erase(count);
            removed_total += removed;
        }
        it = it->second.empty() ? by_affix.erase(it) : std::next(it);
    }
    return removed_total;
}

void FieldIndex::AffixMap::collect(std::string_view text, bool suffix, std::vector<EntryId>& out) const {
    for (const auto& [length, count] : length_counts) {
        if (length > text.size()) break;
        std::string_view affix = suffix ? text.substr(text.size() - length) : text.substr(0, length);
        if (auto it = by_affix.find(affix); it != by_affix.end()) append(out, it->second);
    }
}

void FieldIndex::add(const ValueMatcher& matcher, EntryId id) {
    ++size_;
    if (auto* m = std::get_if<ExactString>(&matcher)) {
        exact_strings_[m->text].push_back(id);
    } else if (auto* m = std::get_if<ExactNumber>(&matcher)) {
        exact_numbers_[normalized(m->value)].push_back(id);
    } else if (auto* m = std::get_if<ExactBool>(&matcher)) {
        (m->value ? exact_true_ : exact_false_).push_back(id);
    } else if (std::holds_alternative<ExactNull>(matcher)) {
        exact_null_.push_back(id);
    } else if (std::holds_alternative<ExistsMatch>(matcher)) {
        exists_.push_back(id);
    } else if (auto* m = std::get_if<EqualsIgnoreCase>(&matcher)) {
        equals_folded_[m->folded].push_back(id);
    } else if (auto* m = std::get_if<PrefixMatch>(&matcher)) {
        (m->ignore_case ? folded_prefixes_ : prefixes_).add(m->text, id);
    } else if (auto* m = std::get_if<SuffixMatch>(&matcher)) {
        (m->ignore_case ? folded_suffixes_ : suffixes_).add(m->text, id);
    } else if (auto* m = std::get_if<NumericMatch>(&matcher)) {
        numeric_.emplace_back(m->range, id);
    } else {
        tested_in_turn_.emplace_back(&matcher, id);
    }
}

double FieldIndex::selectivity(const ValueMatcher& matcher) const {
    auto one_of = [](const auto& map, const auto& key) {
        return 1.0 / static_cast<double>(map.size() + (map.contains(key) ? 0 : 1));
    };
    if (auto* m = std::get_if<ExactString>(&matcher)) return one_of(exact_strings_, m->text);
    if (auto* m = std::get_if<ExactNumber>(&matcher)) return one_of(exact_numbers_, normalized(m->value));
    if (auto* m = std::get_if<EqualsIgnoreCase>(&matcher)) return one_of(equals_folded_, m->folded);
    if (auto* m = std::get_if<PrefixMatch>(&matcher))
        return 2 * one_of((m->ignore_case ? folded_prefixes_ : prefixes_).by_affix, m->text);
    if (auto* m = std::get_if<SuffixMatch>(&matcher))
        return 2 * one_of((m->ignore_case ? folded_suffixes_ : suffixes_).by_affix, m->text);
    if (std::holds_alternative<WildcardMatch>(matcher) || std::holds_alternative<CidrMatch>(matcher)) return 0.25;
    if (std::holds_alternative<ExactBool>(matcher) || std::holds_alternative<ExactNull>(matcher) ||
        std::holds_alternative<NumericMatch>(matcher))
        return 0.5;
    return 1.0;  // exists, anything-but
}

void FieldIndex::remove(EntryId id) {
    size_t removed = erase_id_from_map(exact_strings_, id) + erase_id_from_map(exact_numbers_, id) +
                     erase_id_from_map(equals_folded_, id);
    for (Ids* ids : {&exact_true_, &exact_false_, &exact_null_, &exists_}) removed += erase_id(*ids, id);
    for (AffixMap* map : {&prefixes_, &suffixes_, &folded_prefixes_, &folded_suffixes_}) removed += map->remove(id);
    removed += std::erase_if(numeric_, [id](const auto& entry) { return entry.second == id; });
    removed += std::erase_if(tested_in_turn_, [id](const auto& entry) { return entry.second == id; });
    size_ -= removed;
}

void FieldIndex::collect(const LeafValue& leaf, std::vector<EntryId>& out) const {
    append(out, exists_);
    switch (leaf.kind()) {
        case json::Kind::String: {
            std::string_view text = leaf.text();
            if (auto it = exact_strings_.find(text); it != exact_strings_.end()) append(out, it->second);
            prefixes_.collect(text, false, out);
            suffixes_.collect(text, true, out);
            if (!equals_folded_.empty() || !folded_prefixes_.length_counts.empty() ||
                !folded_suffixes_.length_counts.empty()) {
                std::string_view folded = leaf.folded();
                if (auto it = equals_folded_.find(folded); it != equals_folded_.end()) append(out, it->second);
                folded_prefixes_.collect(folded, false, out);
                folded_suffixes_.collect(folded, true, out);
            }
            break;
        }
        case json::Kind::Number: {
            double number = leaf.number();
            if (auto it = exact_numbers_.find(normalized(number)); it != exact_numbers_.end()) append(out, it->second);
            for (const auto& [range, id] : numeric_)
                if (range.contains(number)) out.push_back(id);
            break;
        }
        case json::Kind::Bool: append(out, leaf.boolean() ? exact_true_ : exact_false_); break;
        case json::Kind::Null: append(out, exact_null_); break;
        default: break;
    }
    for (const auto& [matcher, id] : tested_in_turn_)
        if (value_matches(*matcher, leaf)) out.push_back(id);
}

}  // namespace stepwise::events
