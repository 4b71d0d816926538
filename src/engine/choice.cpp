#include "engine/choice.h"

#include "engine/jsonpath_flow.h"
#include "engine/variables.h"
#include "json/write.h"
#include "engine/timestamp.h"

namespace stepwise::engine {

using Op = asl::ChoiceRule::Op;

bool string_matches(std::string_view text, std::string_view pattern) {
    // Tokenise the pattern into literal characters and stars.
    std::vector<std::pair<char, bool>> tokens;  // (char, is_star)
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size() && (pattern[i + 1] == '*' || pattern[i + 1] == '\\')) {
            tokens.push_back({pattern[++i], false});
        } else if (c == '*') {
            tokens.push_back({'*', true});
        } else {
            tokens.push_back({c, false});
        }
    }
    size_t t = 0, p = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < tokens.size() && !tokens[p].second && tokens[p].first == text[t]) {
            ++t;
            ++p;
        } else if (p < tokens.size() && tokens[p].second) {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < tokens.size() && tokens[p].second) ++p;
    return p == tokens.size();
}

namespace {

bool is_comparison_string(Op op) {
    switch (op) {
        case Op::StringEquals: case Op::StringEqualsPath: case Op::StringLessThan: case Op::StringLessThanPath:
        case Op::StringGreaterThan: case Op::StringGreaterThanPath: case Op::StringLessThanEquals:
        case Op::StringLessThanEqualsPath: case Op::StringGreaterThanEquals: case Op::StringGreaterThanEqualsPath:
            return true;
        default: return false;
    }
}
bool is_numeric(Op op) {
    switch (op) {
        case Op::NumericEquals: case Op::NumericEqualsPath: case Op::NumericLessThan: case Op::NumericLessThanPath:
        case Op::NumericGreaterThan: case Op::NumericGreaterThanPath: case Op::NumericLessThanEquals:
        case Op::NumericLessThanEqualsPath: case Op::NumericGreaterThanEquals: case Op::NumericGreaterThanEqualsPath:
            return true;
        default: return false;
    }
}
bool is_timestamp(Op op) {
    switch (op) {
        case Op::TimestampEquals: case Op::TimestampEqualsPath: case Op::TimestampLessThan:
        case Op::TimestampLessThanPath: case Op::TimestampGreaterThan: case Op::TimestampGreaterThanPath:
        case Op::TimestampLessThanEquals: case Op::TimestampLessThanEqualsPath: case Op::TimestampGreaterThanEquals:
        case Op::TimestampGreaterThanEqualsPath:
            return true;
        default: return false;
    }
}
// -2 = not a comparison; otherwise which relation: 0 ==, 1 <, 2 >, 3 <=, 4 >=
int relation(Op op) {
    switch (op) {
        case Op::StringEquals: case Op::StringEqualsPath: case Op::NumericEquals: case Op::NumericEqualsPath:
        case Op::TimestampEquals: case Op::TimestampEqualsPath: case Op::BooleanEquals: case Op::BooleanEqualsPath:
            return 0;
        case Op::StringLessThan: case Op::StringLessThanPath: case Op::NumericLessThan: case Op::NumericLessThanPath:
        case Op::TimestampLessThan: case Op::TimestampLessThanPath:
            return 1;
        case Op::StringGreaterThan: case Op::StringGreaterThanPath: case Op::NumericGreaterThan:
        case Op::NumericGreaterThanPath: case Op::TimestampGreaterThan: case Op::TimestampGreaterThanPath:
            return 2;
        case Op::StringLessThanEquals: case Op::StringLessThanEqualsPath: case Op::NumericLessThanEquals:
        case Op::NumericLessThanEqualsPath: case Op::TimestampLessThanEquals: case Op::TimestampLessThanEqualsPath:
            return 3;
        case Op::StringGreaterThanEquals: case Op::StringGreaterThanEqualsPath: case Op::NumericGreaterThanEquals:
        case Op::NumericGreaterThanEqualsPath: case Op::TimestampGreaterThanEquals:
        case Op::TimestampGreaterThanEqualsPath:
            return 4;
        default: return -2;
    }
}

template <class T>
bool holds(int rel, const T& a, const T& b) {
    switch (rel) {
        case 0: return a == b;
        case 1: return a < b;
        case 2: return b < a;
        case 3: return !(b < a);
        case 4: return !(a < b);
    }
    return false;
}

// AWS's cause when a comparison's Variable (or its `...Path` operand) selects
// nothing; unlike InputPath's, it does not say why.
std::string invalid_condition_path(const query::Path& path) {
    return "Invalid path '" + path.text() + "': The choice state's condition path references an invalid value.";
}

}  // namespace

bool evaluate_choice_rule(Core& core, Frame& f, const asl::ChoiceRule& rule, const json::Value& input) {
    switch (rule.op) {
        case Op::And:
            for (const auto& c : rule.children)
                if (!evaluate_choice_rule(core, f, c, input)) return false;
            return true;
        case Op::Or:
            for (const auto& c : rule.children)
                if (evaluate_choice_rule(core, f, c, input)) return true;
            return false;
        case Op::Not:
            return rule.children.empty() ? false : !evaluate_choice_rule(core, f, rule.children[0], input);
        case Op::Condition: {
            if (!rule.condition) return rule.operand.is_bool() && rule.operand.as_bool();
            json::Value v = eval_jsonata(core, f, *rule.condition, StatesVar{&f.input}, "Condition");
            if (!v.is_bool()) throw unexpected_result_type(f, *rule.condition, "Condition", "boolean", v);
            return v.as_bool();
        }
        default: break;
    }
    std::optional<json::Value> var = select_path(core, f, rule.variable, input);
    bool expect = rule.operand.is_bool() ? rule.operand.as_bool() : true;
    switch (rule.op) {
        case Op::IsPresent: return var.has_value() == expect;
        case Op::IsNull: return (var && var->is_null()) == expect;
        case Op::IsNumeric: return (var && var->is_number()) == expect;
        case Op::IsString: return (var && var->is_string()) == expect;
        case Op::IsBoolean: return (var && var->is_bool()) == expect;
        case Op::IsTimestamp:
            return (var && var->is_string() && parse_rfc3339(var->as_string()).has_value()) == expect;
        default: break;
    }
    if (!var) throw runtime_error(f, invalid_condition_path(rule.variable));
    json::Value operand = rule.operand;
    if (rule.operand_path) {
        auto o = select_path(core, f, rule.operand_path, input);
        if (!o) throw runtime_error(f, invalid_condition_path(rule.operand_path));
        operand = std::move(*o);
    }
    if (rule.op == Op::StringMatches) {
        return var->is_string() && operand.is_string() && string_matches(var->as_string(), operand.as_string());
    }
    int rel = relation(rule.op);
    if (rel < 0) return false;
    if (is_comparison_string(rule.op)) {
        if (!var->is_string() || !operand.is_string()) return false;
        return holds(rel, var->as_string(), operand.as_string());
    }
    if (is_numeric(rule.op)) {
        if (!var->is_number() || !operand.is_number()) return false;
        if (var->is_exact_int() && operand.is_exact_int()) return holds(rel, var->as_int(), operand.as_int());
        return holds(rel, var->as_double(), operand.as_double());
    }
    if (is_timestamp(rule.op)) {
        if (!var->is_string() || !operand.is_string()) return false;
        auto a = parse_rfc3339(var->as_string());
        auto b = parse_rfc3339(operand.as_string());
        if (!a || !b) return false;
        return holds(rel, *a, *b);
    }
    // BooleanEquals(Path)
    if (!var->is_bool() || !operand.is_bool()) return false;
    return var->as_bool() == operand.as_bool();
}

}  // namespace stepwise::engine
