#include "events/pattern/parser.h"

#include "events/pattern/case_fold.h"
#include "json/write.h"

namespace stepwise::events {

namespace {

// One pattern object before `$or` expansion: the conditions it states
// directly (its nested objects included) and each `$or` found in it.
struct PatternTree {
    Conjunction conditions;
    std::vector<std::vector<PatternTree>> or_groups;
};

std::vector<std::string> split_key(std::string_view key) {
    std::vector<std::string> segments;
    size_t start = 0;
    while (true) {
        size_t dot = key.find('.', start);
        segments.emplace_back(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) return segments;
        start = dot + 1;
    }
}

std::string string_operand(const json::Value& operand, std::string_view op) {
    if (!operand.is_string()) throw PatternError(std::string(op) + " match pattern must be a string");
    return std::string(operand.as_string());
}

// {"prefix": "x"} or {"prefix": {"equals-ignore-case": "x"}}; the same for suffix.
template <typename Match>
Match affix_operand(const json::Value& operand, std::string_view op) {
    if (operand.is_object() && operand.size() == 1 && operand.as_object().at(0).name() == "equals-ignore-case") {
        const json::Value& inner = operand.as_object().at(0).value;
        return Match{fold_case(string_operand(inner, op)), true};
    }
    return Match{string_operand(operand, op), false};
}

// One element of a leaf array that is an object: {"operator": operand}.
// Returns nullopt for `exists: false`, which the caller records on the field.
std::optional<ValueMatcher> parse_match_expression(const json::Object& expression) {
    if (expression.empty()) throw PatternError("Empty objects are not allowed");
    if (expression.size() > 1) throw PatternError("Only one key allowed in match expression");
    std::string_view op = expression.at(0).name();
    const json::Value& operand = expression.at(0).value;

    if (op == "prefix") return affix_operand<PrefixMatch>(operand, op);
    if (op == "suffix") return affix_operand<SuffixMatch>(operand, op);
    if (op == "equals-ignore-case") return EqualsIgnoreCase{fold_case(string_operand(operand, op))};
    if (op == "wildcard") return WildcardMatch{WildcardPattern::parse(string_operand(operand, op))};
    if (op == "anything-but") return AnythingButMatch{AnythingBut::parse(operand)};
    if (op == "numeric") return NumericMatch{NumericRange::parse(operand)};
    if (op == "cidr") return CidrMatch{CidrBlock::parse(string_operand(operand, "prefix"))};  // AWS names prefix here
    if (op == "exists") {
        if (!operand.is_bool()) throw PatternError("exists match pattern must be either true or false.");
        if (operand.as_bool()) return ExistsMatch{};
        return std::nullopt;
    }
    throw PatternError("Unrecognized match type " + std::string(op));
}

std::shared_ptr<const FieldCondition> parse_leaf_array(const json::Value& leaf_array, std::vector<std::string> segments) {
    const json::Array& items = leaf_array.as_array();
    if (items.empty()) throw PatternError("Empty arrays are not allowed");
    auto condition = std::make_shared<FieldCondition>();
    for (const json::Value& item : items) {
        switch (item.kind()) {
            case json::Kind::String: condition->matchers.push_back(ExactString{std::string(item.as_string())}); break;
            case json::Kind::Number: condition->matchers.push_back(ExactNumber{item.as_double()}); break;
            case json::Kind::Bool: condition->matchers.push_back(ExactBool{item.as_bool()}); break;
            case json::Kind::Null: condition->matchers.push_back(ExactNull{}); break;
            case json::Kind::Array: throw PatternError("Match value must be String, number, true, false, or null");
            case json::Kind::Object:
                if (auto matcher = parse_match_expression(item.as_object()))
                    condition->matchers.push_back(std::move(*matcher));
                else
                    condition->matches_when_absent = true;
                break;
        }
    }
    condition->path = segments.front();
    for (size_t i = 1; i < segments.size(); ++i) (condition->path += '.') += segments[i];
    condition->segments = std::move(segments);
    condition->identity = condition->path + '\n' + json::dump(leaf_array);
    return condition;
}

void parse_object(const json::Object& object, const std::vector<std::string>& prefix, PatternTree& tree);

std::vector<PatternTree> parse_or(const json::Array& alternatives, const std::vector<std::string>& prefix) {
    if (alternatives.size() < 2) throw PatternError("There must have at least 2 Objects in $or relationship.");
    std::vector<PatternTree> out;
    for (const json::Value& alternative : alternatives) {
        if (!alternative.is_object()) throw PatternError("Only JSON object is allowed in array of $or relationship.");
        if (alternative.as_object().empty()) throw PatternError("Empty objects are not allowed");
        parse_object(alternative.as_object(), prefix, out.emplace_back());
    }
    return out;
}

void parse_object(const json::Object& object, const std::vector<std::string>& prefix, PatternTree& tree) {
    for (const json::Member& member : object) {
        std::string_view key = member.name();
        const json::Value& value = member.value;
        if (key == "$or" && value.is_array()) {
            tree.or_groups.push_back(parse_or(value.as_array(), prefix));
            continue;
        }
        std::vector<std::string> path = prefix;
        for (std::string& segment : split_key(key)) path.push_back(std::move(segment));
        if (value.is_object()) {
            if (value.as_object().empty()) throw PatternError("Empty objects are not allowed");
            parse_object(value.as_object(), path, tree);
        } else if (value.is_array()) {
            tree.conditions.push_back(parse_leaf_array(value, std::move(path)));
        } else {
            throw PatternError(json::quoted(key) + " must be an object or an array");
        }
    }
}

// The conjunctions a tree stands for: its own conditions with one choice
// from each `$or` group, every combination.
std::vector<Conjunction> expand(const PatternTree& tree) {
    std::vector<Conjunction> result{tree.conditions};
    for (const std::vector<PatternTree>& group : tree.or_groups) {
        std::vector<Conjunction> alternatives;
        for (const PatternTree& alternative : group)
            for (Conjunction& c : expand(alternative)) alternatives.push_back(std::move(c));
        if (result.size() * alternatives.size() > Pattern::kMaxCombinations)
            throw PatternError("The number of rule combinations exceeds the limit of " +
                               std::to_string(Pattern::kMaxCombinations));
        std::vector<Conjunction> combined;
        combined.reserve(result.size() * alternatives.size());
        for (const Conjunction& head : result)
            for (const Conjunction& tail : alternatives) {
                Conjunction both = head;
                both.insert(both.end(), tail.begin(), tail.end());
                combined.push_back(std::move(both));
            }
        result = std::move(combined);
    }
    return result;
}

}  // namespace

std::vector<Conjunction> parse_pattern(const json::Value& pattern) {
    if (!pattern.is_object()) throw PatternError("Filter is not an object");
    if (pattern.as_object().empty()) throw PatternError("Empty objects are not allowed");
    PatternTree tree;
    parse_object(pattern.as_object(), {}, tree);
    return expand(tree);
}

}  // namespace stepwise::events
