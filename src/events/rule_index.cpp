#include "events/rule_index.h"

#include <algorithm>
#include <limits>

namespace stepwise::events {

struct RuleIndex::PathNode {
    uint32_t id = 0;
    bool named = false;  // some condition names this path
    std::unordered_map<std::string, std::unique_ptr<PathNode>, TransparentStringHash, std::equal_to<>> children;
    FieldIndex anchors;  // entries are subrule ids

    const PathNode* child(std::string_view segment) const {
        auto it = children.find(segment);
        return it == children.end() ? nullptr : it->second.get();
    }
};

namespace {

template <typename T>
uint32_t allocate(std::vector<T>& slots, std::vector<uint32_t>& free_list) {
    if (!free_list.empty()) {
        uint32_t slot = free_list.back();
        free_list.pop_back();
        return slot;
    }
    slots.emplace_back();
    return static_cast<uint32_t>(slots.size() - 1);
}

}  // namespace

RuleIndex::RuleIndex() : root_(std::make_unique<PathNode>()) { paths_.push_back(root_.get()); }
RuleIndex::~RuleIndex() = default;

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
    node->named = true;
    return *node;
}

double RuleIndex::anchor_cost(const FieldCondition& condition, const PathNode& node) const {
    if (condition.matches_when_absent) return std::numeric_limits<double>::infinity();  // cannot anchor
    double cost = 0;
    for (const ValueMatcher& matcher : condition.matchers) cost += node.anchors.selectivity(matcher);
    return cost;
}

void RuleIndex::add(std::string rule_id, Pattern pattern) {
    remove(rule_id);
    uint32_t rule_slot = allocate(rules_, free_rules_);
    rules_[rule_slot] = std::make_unique<Rule>(Rule{rule_id, std::move(pattern), {}});
    Rule& rule = *rules_[rule_slot];
    rule_by_id_.emplace(std::move(rule_id), rule_slot);

    for (const Conjunction& conjunction : rule.pattern.conjunctions()) {
        uint32_t slot = allocate(subrules_, free_subrules_);
        Subrule subrule{rule_slot, 0, false, {}};
        std::vector<std::pair<double, BoundCondition>> costed;
        size_t anchor = conjunction.size();
        double best = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < conjunction.size(); ++i) {
            const FieldCondition& condition = *conjunction[i];
            PathNode& node = path_node(condition.segments);
            double cost = anchor_cost(condition, node);
            costed.push_back({cost, {&condition, node.id}});
            if (cost < best) best = cost, anchor = i;
        }
        if (anchor < conjunction.size()) {
            subrule.has_anchor = true;
            subrule.anchor_path = costed[anchor].second.path;
            for (const ValueMatcher& matcher : conjunction[anchor]->matchers)
                paths_[subrule.anchor_path]->anchors.add(matcher, slot);
            costed.erase(costed.begin() + static_cast<ptrdiff_t>(anchor));
        } else {
            unanchored_subrules_.push_back(slot);
        }
        std::stable_sort(costed.begin(), costed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [cost, bound] : costed) subrule.conditions.push_back(bound);
        subrules_[slot] = std::move(subrule);
        rule.subrules.push_back(slot);
    }
}

bool RuleIndex::remove(std::string_view rule_id) {
    auto it = rule_by_id_.find(rule_id);
    if (it == rule_by_id_.end()) return false;
    uint32_t rule_slot = it->second;
    rule_by_id_.erase(it);
    for (uint32_t slot : rules_[rule_slot]->subrules) {
        Subrule& subrule = subrules_[slot];
        if (subrule.has_anchor)
            paths_[subrule.anchor_path]->anchors.remove(slot);
        else
            std::erase(unanchored_subrules_, slot);
        subrule = Subrule{};
        free_subrules_.push_back(slot);
    }
    rules_[rule_slot].reset();
    free_rules_.push_back(rule_slot);
    return true;
}

void RuleIndex::prepare(MatchScratch& s) const {
    s.path_seen_.resize(paths_.size());
    s.path_values_.resize(paths_.size());
    s.subrule_seen_.resize(subrules_.size());
    s.rule_seen_.resize(rules_.size());
    if (++s.epoch_ == 0) {  // the stamps wrapped: forget them all
        for (auto* stamps : {&s.path_seen_, &s.subrule_seen_, &s.rule_seen_}) std::fill(stamps->begin(), stamps->end(), 0);
        s.epoch_ = 1;
    }
    s.present_paths_.clear();
}

void RuleIndex::collect_leaves(const json::Value& value, const PathNode& node, MatchScratch& s) const {
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
                if (next) collect_leaves(member.value, *next, s);
            }
            break;
        case json::Kind::Array:
            for (const json::Value& item : value.as_array()) collect_leaves(item, node, s);
            break;
        default:
            if (!node.named) break;
            if (s.path_seen_[node.id] != s.epoch_) {
                s.path_seen_[node.id] = s.epoch_;
                s.path_values_[node.id].clear();
                s.present_paths_.push_back(node.id);
            }
            s.path_values_[node.id].push_back(&value);
            break;
    }
}

bool RuleIndex::holds(const BoundCondition& bound, const MatchScratch& s) const {
    const FieldCondition& condition = *bound.condition;
    if (s.path_seen_[bound.path] != s.epoch_) return condition.matches_when_absent;
    for (const json::Value* value : s.path_values_[bound.path]) {
        LeafValue leaf(*value);
        for (const ValueMatcher& matcher : condition.matchers)
            if (value_matches(matcher, leaf)) return true;
    }
    return false;
}

bool RuleIndex::verify(uint32_t subrule, const MatchScratch& s) const {
    for (const BoundCondition& bound : subrules_[subrule].conditions)
        if (!holds(bound, s)) return false;
    return true;
}

void RuleIndex::match(const json::Value& event, MatchScratch& s, std::vector<std::string>& matched) const {
    matched.clear();
    prepare(s);
    if (event.is_object()) collect_leaves(event, *root_, s);

    auto consider = [&](uint32_t subrule) {
        uint32_t rule = subrules_[subrule].rule;
        if (s.rule_seen_[rule] == s.epoch_ || !verify(subrule, s)) return;
        s.rule_seen_[rule] = s.epoch_;
        matched.push_back(rules_[rule]->id);
    };
    for (uint32_t path : s.present_paths_) {
        const FieldIndex& anchors = paths_[path]->anchors;
        if (anchors.empty()) continue;
        for (const json::Value* value : s.path_values_[path]) {
            s.hits_.clear();
            anchors.collect(LeafValue(*value), s.hits_);
            for (uint32_t subrule : s.hits_) {
                if (s.subrule_seen_[subrule] == s.epoch_) continue;
                s.subrule_seen_[subrule] = s.epoch_;
                consider(subrule);
            }
        }
    }
    for (uint32_t subrule : unanchored_subrules_) consider(subrule);
}

std::vector<std::string> RuleIndex::match(const json::Value& event) const {
    std::vector<std::string> matched;
    match(event, scratch_, matched);
    return matched;
}

}  // namespace stepwise::events
