// One element of a pattern's leaf array, compiled: a literal or one operator.
// Every matcher tests a single event leaf value (string, number, boolean or
// null); `exists: false` is not a value test and lives on FieldCondition.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "events/pattern/anything_but.h"
#include "events/pattern/cidr.h"
#include "events/pattern/numeric_range.h"
#include "events/pattern/wildcard.h"
#include "json/value.h"

namespace stepwise::events {

struct ExactString { std::string text; };
struct ExactNumber { double value; };  // equal by numeric value (300 matches 300.0)
struct ExactBool { bool value; };
struct ExactNull {};
struct PrefixMatch { std::string text; bool ignore_case; };  // text is folded when ignore_case
struct SuffixMatch { std::string text; bool ignore_case; };
struct EqualsIgnoreCase { std::string folded; };
struct WildcardMatch { WildcardPattern pattern; };
struct NumericMatch { NumericRange range; };
struct CidrMatch { CidrBlock block; };
struct ExistsMatch {};  // `exists: true`: any leaf value
struct AnythingButMatch { AnythingBut rule; };

using ValueMatcher = std::variant<ExactString, ExactNumber, ExactBool, ExactNull, PrefixMatch, SuffixMatch,
                                  EqualsIgnoreCase, WildcardMatch, NumericMatch, CidrMatch, ExistsMatch,
                                  AnythingButMatch>;

// An event leaf value, read once: its kind, text or number, and (computed at
// most once, when a matcher asks) its case-folded text and IP address.
class LeafValue {
public:
    explicit LeafValue(const json::Value& value);
    json::Kind kind() const noexcept { return kind_; }
    bool is_string() const noexcept { return kind_ == json::Kind::String; }
    bool is_number() const noexcept { return kind_ == json::Kind::Number; }
    std::string_view text() const noexcept { return text_; }  // strings only
    double number() const noexcept { return number_; }       // numbers only
    bool boolean() const noexcept { return boolean_; }       // booleans only
    std::string_view folded() const;      // "" unless the value is a string
    const IpAddress* ip_address() const;  // nullptr unless an IP address string

private:
    json::Kind kind_;
    bool boolean_ = false;
    double number_ = 0;
    std::string_view text_;
    mutable std::optional<std::string> folded_;
    mutable std::optional<std::optional<IpAddress>> ip_address_;
};

bool value_matches(const ValueMatcher& matcher, const LeafValue& leaf);

}  // namespace stepwise::events
