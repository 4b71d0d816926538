// Value matchers on one event path, each filed with an id its owner chooses
// (the rule index files conjunction ids), indexed by value: exact values and
// case-folded values in hash maps, prefixes and suffixes in hash maps probed
// once per distinct length, the rest (numeric ranges, wildcards, cidr
// blocks, anything-but) tested in turn. collect() appends the ids of the
// entries an event leaf value satisfies.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "events/pattern/string_hash.h"
#include "events/pattern/value_matcher.h"

namespace stepwise::events {

using EntryId = uint32_t;  // chosen by the owner of the index

class FieldIndex {
public:
    // `matcher` must outlive its entry (the rule index keeps the patterns).
    void add(const ValueMatcher& matcher, EntryId id);
    // Drops every entry filed under the id.
    void remove(EntryId id);
    bool empty() const noexcept { return size_ == 0; }
    // An estimate of the share of event values at this path that `matcher`
    // would accept, were it added: for hashed values, one over the number of
    // distinct values rules name here; a guess by operator for the rest.
    double selectivity(const ValueMatcher& matcher) const;

    void collect(const LeafValue& leaf, std::vector<EntryId>& out) const;

private:
    using Ids = std::vector<EntryId>;
    using StringMap = std::unordered_map<std::string, Ids, TransparentStringHash, std::equal_to<>>;

    // Strings keyed by a prefix (or suffix): one hash probe per distinct length.
    struct AffixMap {
        StringMap by_affix;
        std::map<size_t, size_t> length_counts;  // affix length -> number of affixes
        void add(const std::string& affix, EntryId id);
        size_t remove(EntryId id);  // returns the entries removed
        void collect(std::string_view text, bool suffix, std::vector<EntryId>& out) const;
    };

    StringMap exact_strings_;
    std::unordered_map<double, Ids> exact_numbers_;
    Ids exact_true_, exact_false_, exact_null_, exists_;
    StringMap equals_folded_;
    AffixMap prefixes_, suffixes_, folded_prefixes_, folded_suffixes_;
    std::vector<std::pair<NumericRange, EntryId>> numeric_;
    std::vector<std::pair<const ValueMatcher*, EntryId>> tested_in_turn_;
    size_t size_ = 0;
};

}  // namespace stepwise::events
