// Many rules' patterns in one structure, matched against an event in one
// pass, in the spirit of AWS's event-ruler: the index keeps a tree of the
// paths any rule names, walks the event along it only (fields no rule names
// are never visited), and at each path asks that path's FieldIndex which
// conditions the leaf value satisfies. Each condition hit counts toward its
// conjunction; a conjunction whose conditions are all satisfied reports its
// rule. `exists: false` conditions start satisfied and are withdrawn when their
// path holds a leaf. The cost of a match grows with the event's named fields
// and the hits, not with the number of rules.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/field_index.h"
#include "events/pattern.h"

namespace stepwise::events {

// Per-call working memory for RuleIndex::match. Reuse one per thread.
class MatchScratch {
    friend class RuleIndex;
    uint32_t epoch_ = 0;
    std::vector<uint32_t> condition_seen_, subrule_seen_, subrule_hits_, subrule_withdrawn_, rule_seen_, path_seen_;
    std::vector<uint32_t> touched_subrules_, present_paths_;
    std::vector<ConditionId> hits_;
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
    struct Condition {
        uint32_t subrule = 0;
        uint32_t path = 0;
        bool matches_when_absent = false;
    };
    struct Subrule {  // one conjunction of one rule
        uint32_t rule = 0;
        uint32_t condition_count = 0;
        uint32_t absent_credit = 0;  // conditions satisfied while their path is absent
    };
    struct Rule {
        std::string id;
        Pattern pattern;
        std::vector<uint32_t> subrules;
        std::vector<ConditionId> conditions;
    };

    PathNode& path_node(const std::vector<std::string>& segments);
    void walk(const json::Value& value, const PathNode& node, MatchScratch& scratch) const;
    void on_leaf(const json::Value& value, const PathNode& node, MatchScratch& scratch) const;
    void touch(uint32_t subrule, MatchScratch& scratch) const;
    void prepare(MatchScratch& scratch) const;

    template <typename T>
    static uint32_t allocate(std::vector<T>& slots, std::vector<uint32_t>& free_list);

    std::unique_ptr<PathNode> root_;
    std::vector<PathNode*> paths_;  // by path id
    std::vector<Condition> conditions_;
    std::vector<uint32_t> free_conditions_;
    std::vector<Subrule> subrules_;
    std::vector<uint32_t> free_subrules_;
    std::vector<std::unique_ptr<Rule>> rules_;
    std::vector<uint32_t> free_rules_;
    std::unordered_map<std::string, uint32_t, TransparentStringHash, std::equal_to<>> rule_by_id_;
    std::vector<uint32_t> absence_only_subrules_;  // may match an event that has none of their paths
    mutable MatchScratch scratch_;
};

}  // namespace stepwise::events
