#include "events/schema/pattern.h"

#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/validation_results.hpp>

#include <new>
#include <stdexcept>
#include <string>

#include "regex/regex.h"

namespace stepwise::events {

namespace {

// Matcher steps one `pattern` check may take (a fraction of a second): a
// PutEvents request checks many strings.
constexpr uint64_t kPatternWorkBudget = 10'000'000;

class PatternConstraint : public valijson::constraints::PolyConstraint {
public:
    explicit PatternConstraint(regex::Regex re) : re_(std::move(re)) {}

    bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        if (!target.isString()) return true;  // `pattern` says nothing about other values
        const std::string text = target.getString();
        bool valid = false;
        try {
            valid = re_.search(text, 0, nullptr, kPatternWorkBudget).has_value();
        } catch (const regex::WorkLimitExceeded& e) {
            if (results != nullptr) results->pushError(context, std::string("String could not be checked: ") + e.what());
            return false;
        }
        // The wording valijson uses, which describe_violations reads as rule "pattern".
        if (!valid && results != nullptr)
            results->pushError(context, "Failed to match regex specified by 'pattern' constraint.");
        return valid;
    }

private:
    valijson::constraints::Constraint* cloneInto(void* memory) const override {
        return new (memory) PatternConstraint(*this);
    }
    size_t sizeOf() const override { return sizeof(PatternConstraint); }

    regex::Regex re_;
};

}  // namespace

valijson::constraints::Constraint* SchemaPatternBuilder::make(const valijson::adapters::Adapter& value) const {
    const std::string pattern = value.asString();
    try {
        return new PatternConstraint(regex::Regex::compile(pattern, regex::Dialect::JavaScript));
    } catch (const regex::CompileError& e) {
        throw std::runtime_error(std::string("'pattern': ") + e.what());
    }
}

}  // namespace stepwise::events
