// The `anything-but` operator in all its forms: a string or number, a list of
// strings or of numbers, or {prefix | suffix | equals-ignore-case | wildcard:
// one string or a list}. It excludes values; everything else present matches,
// including null and values of a type the exclusions cannot name.
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
#pragma once

#include <string>
#include <vector>

#include "events/pattern/wildcard.h"
#include "json/value.h"

namespace stepwise::events {

class LeafValue;

class AnythingBut {
public:
    enum class Form { Values, Prefix, Suffix, EqualsIgnoreCase, Wildcard };

    // Parses the operand of `anything-but`; throws PatternError with AWS's wording.
    static AnythingBut parse(const json::Value& operand);

    bool excludes(const LeafValue& value) const;
    Form form() const noexcept { return form_; }

private:
    Form form_ = Form::Values;
    std::vector<std::string> strings_;  // folded for EqualsIgnoreCase
    std::vector<double> numbers_;
    std::vector<WildcardPattern> wildcards_;
};

}  // namespace stepwise::events
