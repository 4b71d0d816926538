#include "events/pattern/rule_index.h"

#include <algorithm>
#include <limits>

namespace stepwise::events {

struct RuleIndex::PathNode {
    uint32_t id = 0;
    bool named = false;  // some condition names this path
    std::unordered_map<std::string, std::unique_ptr<PathNode>, TransparentStringHash, std::equal_to<>> children;
    // The same children in a flat list: most nodes have a few, and comparing
    // a few keys beats hashing the event's key.
    std::vector<std::pair<std::string_view, const PathNode*>> few_children;
    static constexpr size_t kFew = 12;

    const PathNode* child(std::string_view segment) const {
        auto it = children.find(segment);
        return it == children.end() ? nullptr : it->second.get();
    }

    // The node an event key leads to: a key with dots ("a.b") stands for as
    // many levels of nesting. Segment names never hold a dot.
    const PathNode* descend(std::string_view key) const {
        if (children.size() <= kFew) {
            for (const auto& [name, node] : few_children) {
                // The key is the name, or the name, a dot and more: test the
                // cheap conditions (length, the character after, the first) first.
                size_t n = name.size();
                if (n > key.size() || (n < key.size() && key[n] != '.')) continue;
                if (n > 0 && (key[0] != name[0] || key.substr(0, n) != name)) continue;
                return n == key.size() ? node : node->descend(key.substr(n + 1));
            }
            return nullptr;
        }
        size_t dot = key.find('.');
        const PathNode* next = child(key.substr(0, dot));
        if (!next || dot == std::string_view::npos) return next;
        return next->descend(key.substr(dot + 1));
    }

    PathNode& add_child(const std::string& segment, std::vector<PathNode*>& paths) {
        auto& slot = children[segment];
        if (!slot) {
            slot = std::make_unique<PathNode>();
            slot->id = static_cast<uint32_t>(paths.size());
            paths.push_back(slot.get());
            auto entry = children.find(segment);
            few_children.emplace_back(entry->first, entry->second.get());
        }
        return *slot;
    }

    FieldIndex anchors;  // entries are subrule ids
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
    for (const std::string& segment : segments) node = &node->add_child(segment, paths_);
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
        std::vector<std::pair<double, uint32_t>> costed;  // (anchor cost, shared condition)
        size_t anchor = conjunction.size();
        double best = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < conjunction.size(); ++i) {
            PathNode& node = path_node(conjunction[i]->segments);
            double cost = anchor_cost(*conjunction[i], node);
            costed.emplace_back(cost, share(conjunction[i], node.id));
            if (cost < best) best = cost, anchor = i;
        }
        if (anchor < conjunction.size()) {
            subrule.has_anchor = true;
            subrule.anchor_path = conditions_[costed[anchor].second].path;
            for (const ValueMatcher& matcher : conjunction[anchor]->matchers)
                paths_[subrule.anchor_path]->anchors.add(matcher, slot);
            // The anchor's condition is known to hold when the anchor hits.
            unshare(costed[anchor].second);
            costed.erase(costed.begin() + static_cast<ptrdiff_t>(anchor));
        } else {
            unanchored_subrules_.push_back(slot);
        }
        std::stable_sort(costed.begin(), costed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (const auto& [cost, condition] : costed) subrule.conditions.push_back(condition);
        subrules_[slot] = std::move(subrule);
        rule.subrules.push_back(slot);
    }
}

uint32_t RuleIndex::share(const std::shared_ptr<const FieldCondition>& condition, uint32_t path) {
    auto [it, added] = condition_by_identity_.try_emplace(condition->identity, 0);
    if (added) {
        it->second = allocate(conditions_, free_conditions_);
        conditions_[it->second] = SharedCondition{condition, path, 0};
    }
    ++conditions_[it->second].users;
    return it->second;
}

void RuleIndex::unshare(uint32_t id) {
    SharedCondition& shared = conditions_[id];
    if (--shared.users > 0) return;
    condition_by_identity_.erase(shared.condition->identity);
    shared = SharedCondition{};
    free_conditions_.push_back(id);
}

bool RuleIndex::remove(std::string_view rule_id) {
    auto it = rule_by_id_.find(rule_id);
    if (it == rule_by_id_.end()) return false;
    uint32_t rule_slot = it->second;
    rule_by_id_.erase(it);
    for (uint32_t slot : rules_[rule_slot]->subrules) {
        Subrule& subrule = subrules_[slot];
        for (uint32_t condition : subrule.conditions) unshare(condition);
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
    s.condition_seen_.resize(conditions_.size());
    s.condition_holds_.resize(conditions_.size());
    if (++s.epoch_ == 0) {  // the stamps wrapped: forget them all
        for (auto* stamps : {&s.path_seen_, &s.subrule_seen_, &s.rule_seen_, &s.condition_seen_}) std::fill(stamps->begin(), stamps->end(), 0);
        s.epoch_ = 1;
    }
    s.present_paths_.clear();
}

void RuleIndex::collect_leaves(const json::Value& value, const PathNode& node, MatchScratch& s) const {
    switch (value.kind()) {
        case json::Kind::Object:
            for (const json::Member& member : value.as_object()) {
                if (const PathNode* next = node.descend(member.name())) collect_leaves(member.value, *next, s);
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
            s.path_values_[node.id].emplace_back(value);
            break;
    }
}

bool RuleIndex::holds(uint32_t id, MatchScratch& s) const {
    if (s.condition_seen_[id] == s.epoch_) return s.condition_holds_[id];
    const SharedCondition& shared = conditions_[id];
    bool result = shared.condition->matches_when_absent;
    if (s.path_seen_[shared.path] == s.epoch_) {
        result = false;
        for (const LeafValue& leaf : s.path_values_[shared.path]) {
            for (const ValueMatcher& matcher : shared.condition->matchers)
                if (value_matches(matcher, leaf)) {
                    result = true;
                    break;
                }
            if (result) break;
        }
    }
    s.condition_seen_[id] = s.epoch_;
    s.condition_holds_[id] = result;
    return result;
}

bool RuleIndex::verify(uint32_t subrule, MatchScratch& s) const {
    for (uint32_t condition : subrules_[subrule].conditions)
        if (!holds(condition, s)) return false;
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
        for (const LeafValue& leaf : s.path_values_[path]) {
            s.hits_.clear();
            anchors.collect(leaf, s.hits_);
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
