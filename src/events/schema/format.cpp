#include "events/schema/format.h"

#include "events/schema/pattern.h"

#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/validation_results.hpp>

#include <new>
#include <string>

namespace stepwise::events {

namespace {

// --- the keyword rename ---

bool holds_data(std::string_view keyword) {
    return keyword == "enum" || keyword == "const" || keyword == "default" || keyword == "examples";
}

json::Value renamed(const json::Value& node) {
    if (node.is_array()) {
        json::Array items;
        items.reserve(node.size());
        for (const json::Value& item : node.as_array()) items.push_back(renamed(item));
        return json::Value(std::move(items));
    }
    if (!node.is_object()) return node;
    json::Object members;
    members.reserve(node.size());
    // A parsed object's names are unique: only a member already named like a
    // renamed keyword can clash, and only then is each one set (a look-up per
    // member, which made an object of thousands of properties quadratic).
    const bool may_clash =
        node.find(kStepwiseFormatKeyword) != nullptr || node.find(kStepwisePatternKeyword) != nullptr;
    auto add = [&](json::Value key, json::Value value) {
        if (may_clash)
            members.set_member(std::move(key), std::move(value));  // a duplicate key stays one
        else
            members.append(std::move(key), std::move(value));
    };
    for (const json::Member& member : node.as_object()) {
        if (member.name() == "format" && member.value.is_string())
            add(json::Value(kStepwiseFormatKeyword), member.value);
        else if (member.name() == "pattern" && member.value.is_string())
            add(json::Value(kStepwisePatternKeyword), member.value);
        else
            add(member.key, holds_data(member.name()) ? member.value : renamed(member.value));
    }
    return json::Value(std::move(members));
}

// --- the constraint ---

class FormatConstraint : public valijson::constraints::PolyConstraint {
public:
    FormatConstraint(FormatKind format, std::string name) : format_(format), name_(std::move(name)) {}

    bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        bool valid = true;
        if (target.isString()) {
            valid = string_has_format(format_, target.getString());
        } else if (target.isNumber() && is_numeric_format(format_)) {
            const bool integral = target.isInteger();
            valid = number_has_format(format_, integral, integral ? target.getInteger() : 0, target.getNumber());
        }
        // The wording valijson uses, which describe_violations reads as rule "format".
        if (!valid && results != nullptr) results->pushError(context, "String should be a valid " + name_);
        return valid;
    }

private:
    valijson::constraints::Constraint* cloneInto(void* memory) const override {
        return new (memory) FormatConstraint(*this);
    }
    size_t sizeOf() const override { return sizeof(FormatConstraint); }

    FormatKind format_;
    std::string name_;
};

}  // namespace

json::Value with_stepwise_keywords(const json::Value& schema_document) { return renamed(schema_document); }

valijson::constraints::Constraint* SchemaFormatBuilder::make(const valijson::adapters::Adapter& value) const {
    const std::string name = value.asString();
    const std::optional<FormatKind> kind = defined_format(vocabulary_, name);
    if (!kind) return new FormatConstraint(FormatKind::AnyString, name);  // an annotation: nothing to check
    return new FormatConstraint(*kind, name);
}

}  // namespace stepwise::events
