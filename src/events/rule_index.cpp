#include "events/rule_index.h"

#include <algorithm>

namespace stepwise::events {

struct RuleIndex::PathNode {
    uint32_t id = 0;
    std::unordered_map<std::string, std::unique_ptr<PathNode>, TransparentStringHash, std::equal_to<>> children;
    FieldIndex field;
    std::vector<ConditionId> absence_conditions;  // conditions holding `exists: false`

    const PathNode* child(std::string_view segment) const {
        auto it = children.find(segment);
        return it == children.end() ? nullptr : it->second.get();
    }
};

RuleIndex::RuleIndex() : root_(std::make_unique<PathNode>()) { paths_.push_back(root_.get()); }
RuleIndex::~RuleIndex() = default;

template <typename T>
uint32_t RuleIndex::allocate(std::vector<T>& slots, std::vector<uint32_t>& free_list) {
    if (!free_list.empty()) {
        uint32_t slot = free_list.back();
        free_list.pop_back();
        return slot;
    }
    slots.emplace_back();
    return static_cast<uint32_t>(slots.size() - 1);
}

RuleIndex::PathNode& RuleIndex::path_node(const std::vector<std::string>& segments) {
    PathNode* node = root_.get();
    for (const std::string& segment : segments) {
        auto& child = node->children[segment];
        if (!child) {
            child = std::make_unique<PathNode>();
            child->id = static_cast<uint32_t>(paths_.size());
            paths_.push_back(child.get());
        }
        node = child.get();
    }
    return *node;
}

void RuleIndex::add(std::string rule_id, Pattern pattern) {
    remove(rule_id);
    uint32_t rule_slot = allocate(rules_, free_rules_);
    rules_[rule_slot] = std::make_unique<Rule>(Rule{rule_id, std::move(pattern), {}, {}});
    Rule& rule = *rules_[rule_slot];
    rule_by_id_.emplace(std::move(rule_id), rule_slot);

    for (const Conjunction& conjunction : rule.pattern.conjunctions()) {
        uint32_t subrule_slot = allocate(subrules_, free_subrules_);
        Subrule& subrule = subrules_[subrule_slot];
        subrule = Subrule{rule_slot, static_cast<uint32_t>(conjunction.size()), 0};
        rule.subrules.push_back(subrule_slot);
        for (const auto& field : conjunction) {
            ConditionId id = allocate(conditions_, free_conditions_);
            PathNode& node = path_node(field->segments);
            conditions_[id] = Condition{subrule_slot, node.id, field->matches_when_absent};
            rule.conditions.push_back(id);
            for (const ValueMatcher& matcher : field->matchers) node.field.add(matcher, id);
            if (field->matches_when_absent) {
                node.absence_conditions.push_back(id);
                ++subrules_[subrule_slot].absent_credit;
            }
        }
        if (subrules_[subrule_slot].absent_credit == subrules_[subrule_slot].condition_count)
            absence_only_subrules_.push_back(subrule_slot);
    }
}

bool RuleIndex::remove(std::string_view rule_id) {
    auto it = rule_by_id_.find(rule_id);
    if (it == rule_by_id_.end()) return false;
    uint32_t rule_slot = it->second;
    rule_by_id_.erase(it);
    Rule& rule = *rules_[rule_slot];
    for (ConditionId id : rule.conditions) {
        PathNode& node = *paths_[conditions_[id].path];
        node.field.remove(id);
        std::erase(node.absence_conditions, id);
        free_conditions_.push_back(id);
    }
    for (uint32_t subrule : rule.subrules) {
        std::erase(absence_only_subrules_, subrule);
        free_subrules_.push_back(subrule);
    }
    rules_[rule_slot].reset();
    free_rules_.push_back(rule_slot);
    return true;
}

void RuleIndex::prepare(MatchScratch& s) const {
    s.condition_seen_.resize(conditions_.size());
    s.subrule_seen_.resize(subrules_.size());
    s.subrule_hits_.resize(subrules_.size());
    s.subrule_withdrawn_.resize(subrules_.size());
    s.rule_seen_.resize(rules_.size());
    s.path_seen_.resize(paths_.size());
    if (++s.epoch_ == 0) {  // the stamps wrapped: forget them all
        for (auto* stamps : {&s.condition_seen_, &s.subrule_seen_, &s.rule_seen_, &s.path_seen_})
            std::fill(stamps->begin(), stamps->end(), 0);
        s.epoch_ = 1;
    }
    s.touched_subrules_.clear();
    s.present_paths_.clear();
}

void RuleIndex::touch(uint32_t subrule, MatchScratch& s) const {
    if (s.subrule_seen_[subrule] == s.epoch_) return;
    s.subrule_seen_[subrule] = s.epoch_;
    s.subrule_hits_[subrule] = 0;
    s.subrule_withdrawn_[subrule] = 0;
    s.touched_subrules_.push_back(subrule);
}

void RuleIndex::on_leaf(const json::Value& value, const PathNode& node, MatchScratch& s) const {
    if (!node.absence_conditions.empty() && s.path_seen_[node.id] != s.epoch_) {
        s.path_seen_[node.id] = s.epoch_;
        s.present_paths_.push_back(node.id);
    }
    if (node.field.empty()) return;
    s.hits_.clear();
    node.field.collect(LeafValue(value), s.hits_);
    for (ConditionId id : s.hits_) {
        if (s.condition_seen_[id] == s.epoch_) continue;
        s.condition_seen_[id] = s.epoch_;
        uint32_t subrule = conditions_[id].subrule;
        touch(subrule, s);
        ++s.subrule_hits_[subrule];
    }
}

void RuleIndex::walk(const json::Value& value, const PathNode& node, MatchScratch& s) const {
    switch (value.kind()) {
        case json::Kind::Object:
            for (const json::Member& member : value.as_object()) {
                // An event key with dots stands for as many levels of nesting.
                std::string_view key = member.name();
                const PathNode* next = &node;
                while (next) {
                    size_t dot = key.find('.');
                    next = next->child(key.substr(0, dot));
                    if (dot == std::string_view::npos) break;
                    key.remove_prefix(dot + 1);
                }
                if (next) walk(member.value, *next, s);
            }
            break;
        case json::Kind::Array:
            for (const json::Value& item : value.as_array()) walk(item, node, s);
            break;
        default:
            if (&node != root_.get()) on_leaf(value, node, s);
            break;
    }
}

void RuleIndex::match(const json::Value& event, MatchScratch& s, std::vector<std::string>& matched) const {
    matched.clear();
    prepare(s);
    if (event.is_object()) walk(event, *root_, s);

    for (uint32_t path : s.present_paths_)
        for (ConditionId id : paths_[path]->absence_conditions) {
            uint32_t subrule = conditions_[id].subrule;
            touch(subrule, s);
            ++s.subrule_withdrawn_[subrule];
        }

    auto report = [&](uint32_t subrule) {
        uint32_t rule = subrules_[subrule].rule;
        if (s.rule_seen_[rule] == s.epoch_) return;
        s.rule_seen_[rule] = s.epoch_;
        matched.push_back(rules_[rule]->id);
    };
    for (uint32_t subrule : s.touched_subrules_) {
        const Subrule& r = subrules_[subrule];
        if (s.subrule_hits_[subrule] + r.absent_credit - s.subrule_withdrawn_[subrule] == r.condition_count)
            report(subrule);
    }
    for (uint32_t subrule : absence_only_subrules_)
        if (s.subrule_seen_[subrule] != s.epoch_) report(subrule);
}

std::vector<std::string> RuleIndex::match(const json::Value& event) const {
    std::vector<std::string> matched;
    match(event, scratch_, matched);
    return matched;
}

}  // namespace stepwise::events
