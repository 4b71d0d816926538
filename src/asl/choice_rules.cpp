// Choice rules: comparisons on a Variable, And/Or/Not nesting, and the
// JSONata `Condition`.
#include <array>
#include <cmath>

#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

namespace {

using Op = ChoiceRule::Op;

enum class Operand { String, Pattern, Number, Boolean, Timestamp, Path, Test };

struct Comparison {
    Op op;
    Operand operand;
};

const Comparison kComparisons[] = {
    {Op::StringEquals, Operand::String},
    {Op::StringEqualsPath, Operand::Path},
    {Op::StringLessThan, Operand::String},
    {Op::StringLessThanPath, Operand::Path},
    {Op::StringGreaterThan, Operand::String},
    {Op::StringGreaterThanPath, Operand::Path},
    {Op::StringLessThanEquals, Operand::String},
    {Op::StringLessThanEqualsPath, Operand::Path},
    {Op::StringGreaterThanEquals, Operand::String},
    {Op::StringGreaterThanEqualsPath, Operand::Path},
    {Op::StringMatches, Operand::Pattern},
    {Op::NumericEquals, Operand::Number},
    {Op::NumericEqualsPath, Operand::Path},
    {Op::NumericLessThan, Operand::Number},
    {Op::NumericLessThanPath, Operand::Path},
    {Op::NumericGreaterThan, Operand::Number},
    {Op::NumericGreaterThanPath, Operand::Path},
    {Op::NumericLessThanEquals, Operand::Number},
    {Op::NumericLessThanEqualsPath, Operand::Path},
    {Op::NumericGreaterThanEquals, Operand::Number},
    {Op::NumericGreaterThanEqualsPath, Operand::Path},
    {Op::BooleanEquals, Operand::Boolean},
    {Op::BooleanEqualsPath, Operand::Path},
    {Op::TimestampEquals, Operand::Timestamp},
    {Op::TimestampEqualsPath, Operand::Path},
    {Op::TimestampLessThan, Operand::Timestamp},
    {Op::TimestampLessThanPath, Operand::Path},
    {Op::TimestampGreaterThan, Operand::Timestamp},
    {Op::TimestampGreaterThanPath, Operand::Path},
    {Op::TimestampLessThanEquals, Operand::Timestamp},
    {Op::TimestampLessThanEqualsPath, Operand::Path},
    {Op::TimestampGreaterThanEquals, Operand::Timestamp},
    {Op::TimestampGreaterThanEqualsPath, Operand::Path},
    {Op::IsNull, Operand::Test},
    {Op::IsPresent, Operand::Test},
    {Op::IsNumeric, Operand::Test},
    {Op::IsString, Operand::Test},
    {Op::IsBoolean, Operand::Test},
    {Op::IsTimestamp, Operand::Test},
};

void read_operand(ChoiceRule& rule, Operand operand, Fields& f) {
    std::string_view name = choice_op_name(rule.op);
    if (operand == Operand::Path) {
        rule.operand_path = read_path(f, name, PathKind::Any);
        return;
    }
    const json::Value* value = f.take(name);
    std::string expected;
    bool ok = false;
    switch (operand) {
        case Operand::String:
        case Operand::Pattern:
            ok = value->is_string();
            expected = "a string";
            break;
        case Operand::Number:
            ok = value->is_number() && std::isfinite(value->as_double());
            expected = "a number";
            break;
        case Operand::Boolean:
        case Operand::Test:
            ok = value->is_bool();
            expected = "a boolean";
            break;
        case Operand::Timestamp:
            ok = value->is_string() && is_timestamp(value->as_string());
            expected = "a timestamp such as \"2016-03-14T01:59:00Z\"";
            break;
        case Operand::Path:
            break;
    }
    if (!ok) {
        f.error(name, "Field " + quoted_field(name) + " must be " + expected + ", not " +
                          (value->is_string() ? "\"" + std::string(value->as_string()) + "\"" : kind_with_article(*value)));
        return;
    }
    rule.operand = *value;
}

}  // namespace

std::optional<ChoiceRule> compile_choice_rule(const json::Value& definition, const std::string& pointer,
                                              bool top_level, QueryLanguage language, Context& context) {
    ChoiceRule rule;
    rule.pointer = pointer;
    Fields f(definition, pointer, context.diags, "A Choice rule");
    if (!f.is_object()) return rule;
    if (context.depth > kMaxNesting) {
        context.diags.add(pointer, code::kTooDeeplyNested,
                          "Choice rules are nested more than " + std::to_string(kMaxNesting) + " levels deep");
        return rule;
    }
    struct DepthGuard {
        int& depth;
        ~DepthGuard() { --depth; }
    } guard{++context.depth};

    f.string("Comment");
    if (top_level) {
        f.require({"Next"});
        if (auto next = f.string("Next")) rule.next_name = *next;
        rule.assign = read_assign(f, language);
        if (f.language_gate("Output", language, QueryLanguage::JSONata)) rule.output = read_jsonata_value(f, "Output");
    }

    if (language == QueryLanguage::JSONata) {
        for (std::string_view key : {"Variable", "And", "Or", "Not"}) f.language_gate(key, language, QueryLanguage::JSONPath);
        f.require({"Condition"});
        rule.op = Op::Condition;
        if (const json::Value* condition = f.take("Condition")) {
            if (condition->is_bool() || (condition->is_string() && is_jsonata_expression(condition->as_string())))
                rule.condition = compile_jsonata(*condition, f.pointer_of("Condition"), &f.diags());
            else
                f.error("Condition", "Field 'Condition' must be a JSONata expression '{% ... %}' or a boolean");
        }
        f.finish();
        return rule;
    }

    f.language_gate("Condition", language, QueryLanguage::JSONata);
    std::vector<std::string_view> found;
    const Comparison* comparison = nullptr;
    for (std::string_view key : {"And", "Or", "Not"})
        if (f.has(key)) found.push_back(key);
    for (const Comparison& c : kComparisons)
        if (f.has(choice_op_name(c.op))) {
            found.push_back(choice_op_name(c.op));
            comparison = &c;
        }
    if (found.empty()) {
        f.error_here("A Choice rule needs one comparison operator (such as 'StringEquals' or 'IsPresent') or one of "
                     "'And', 'Or', 'Not'");
        f.take("Variable");
        f.finish();
        return rule;
    }
    if (found.size() > 1) {
        std::string list;
        for (std::string_view key : found) list += (list.empty() ? "" : ", ") + quoted_field(key);
        f.error_here("A Choice rule must have exactly one operator, not " + list);
        for (std::string_view key : found) f.take(key);
        f.take("Variable");
        f.finish();
        return rule;
    }

    std::string_view op_name = found.front();
    if (op_name == "And" || op_name == "Or") {
        rule.op = op_name == "And" ? Op::And : Op::Or;
        f.reject("Variable", "Field 'Variable' cannot be used with " + quoted_field(op_name));
        if (const json::Value* list = f.array(op_name)) {
            if (list->size() == 0)
                f.error(op_name, "Field " + quoted_field(op_name) + " must hold at least one Choice rule");
            std::string list_pointer = f.pointer_of(op_name);
            size_t i = 0;
            for (const json::Value& item : list->as_array()) {
                auto child = compile_choice_rule(item, json::pointer_child(list_pointer, i++), false, language, context);
                if (child) rule.children.push_back(std::move(*child));
            }
        }
    } else if (op_name == "Not") {
        rule.op = Op::Not;
        f.reject("Variable", "Field 'Variable' cannot be used with 'Not'");
        if (const json::Value* inner = f.object("Not")) {
            auto child = compile_choice_rule(*inner, f.pointer_of("Not"), false, language, context);
            if (child) rule.children.push_back(std::move(*child));
        }
    } else {
        rule.op = comparison->op;
        f.require({"Variable"});
        rule.variable = read_path(f, "Variable", PathKind::Any);
        read_operand(rule, comparison->operand, f);
    }
    f.finish();
    return rule;
}

}  // namespace stepwise::asl::detail
