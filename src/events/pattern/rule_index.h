// Many rules' patterns in one structure, matched against an event without
// trying each rule in turn.
//
// Every rule is expanded into conjunctions (one per `$or` combination). Each
// conjunction is filed under one *anchor* condition, chosen when the rule is
// added as the one expected to let the fewest events through (an exact value
// on a path where rules name many distinct values beats one on a path with
// few, a prefix beats a numeric range, anything-but and exists come last;
// see FieldIndex::selectivity). The anchors
// of all rules live in per-path FieldIndexes (hash maps for exact and
// case-folded values, prefixes and suffixes; lists for the rest).
//
// Matching an event: walk it along the tree of paths the rules name (fields
// no rule names are never visited), collecting the leaf values at each named
// path; look each value up in its path's anchor index; verify only the
// conjunctions whose anchor was hit, against the collected values. A condition
// several rules state is evaluated once per event and its answer reused. Rules whose
// every condition accepts a missing field (`exists: false`) have no anchor and
// are verified for every event.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/pattern/field_index.h"
#include "events/pattern/pattern.h"

namespace stepwise::events {

// Per-call working memory for RuleIndex::match. Reuse one per thread.
class MatchScratch {
    friend class RuleIndex;
    uint32_t epoch_ = 0;
    std::vector<uint32_t> path_seen_, subrule_seen_, rule_seen_, condition_seen_;
    std::vector<char> condition_holds_;
    std::vector<std::vector<LeafValue>> path_values_;
    std::vector<uint32_t> present_paths_;
    std::vector<EntryId> hits_;
};

class RuleIndex {
public:
    RuleIndex();
    ~RuleIndex();
    RuleIndex(const RuleIndex&) = delete;
    RuleIndex& operator=(const RuleIndex&) = delete;

    // Adds a rule, replacing any rule with the same id.
    void add(std::string rule_id, Pattern pattern);
    // Returns false when no rule has this id.
    bool remove(std::string_view rule_id);
    size_t size() const noexcept { return rule_by_id_.size(); }

    // Ids of every rule whose pattern matches, each once, in no set order.
    // Uses internal scratch memory: not safe to call from several threads.
    std::vector<std::string> match(const json::Value& event) const;
    // Thread-safe form (for a const index): one scratch per thread.
    void match(const json::Value& event, MatchScratch& scratch, std::vector<std::string>& matched) const;

private:
    struct PathNode;
    // A condition as the index keeps it: shared by every rule that states
    // it (same path, same leaf array), evaluated at most once per event.
    struct SharedCondition {
        std::shared_ptr<const FieldCondition> condition;
        uint32_t path = 0;
        uint32_t users = 0;
    };
    struct Subrule {  // one conjunction of one rule
        uint32_t rule = 0;
        uint32_t anchor_path = 0;
        bool has_anchor = false;
        // Checked when the anchor hits: every condition but the anchor,
        // the ones likeliest to fail first.
        std::vector<uint32_t> conditions;  // SharedCondition ids
    };
    struct Rule {
        std::string id;
        Pattern pattern;
        std::vector<uint32_t> subrules;
    };

    PathNode& path_node(const std::vector<std::string>& segments);
    double anchor_cost(const FieldCondition& condition, const PathNode& node) const;
    void collect_leaves(const json::Value& value, const PathNode& node, MatchScratch& scratch) const;
    uint32_t share(const std::shared_ptr<const FieldCondition>& condition, uint32_t path);
    void unshare(uint32_t condition);
    bool holds(uint32_t condition, MatchScratch& scratch) const;
    bool verify(uint32_t subrule, MatchScratch& scratch) const;
    void prepare(MatchScratch& scratch) const;

    std::unique_ptr<PathNode> root_;
    std::vector<PathNode*> paths_;  // by path id
    std::vector<SharedCondition> conditions_;
    std::vector<uint32_t> free_conditions_;
    std::unordered_map<std::string, uint32_t, TransparentStringHash, std::equal_to<>> condition_by_identity_;
    std::vector<Subrule> subrules_;
    std::vector<uint32_t> free_subrules_;
    std::vector<std::unique_ptr<Rule>> rules_;
    std::vector<uint32_t> free_rules_;
    std::unordered_map<std::string, uint32_t, TransparentStringHash, std::equal_to<>> rule_by_id_;
    std::vector<uint32_t> unanchored_subrules_;  // verified for every event
    mutable MatchScratch scratch_;
};

}  // namespace stepwise::events
