#include "events/pattern/value_matcher.h"

#include "events/pattern/case_fold.h"

namespace stepwise::events {

LeafValue::LeafValue(const json::Value& value) : kind_(value.kind()) {
    switch (kind_) {
        case json::Kind::String: text_ = value.as_string(); break;
        case json::Kind::Number: number_ = value.as_double(); break;
        case json::Kind::Bool: boolean_ = value.as_bool(); break;
        default: break;
    }
}

std::string_view LeafValue::folded() const {
    if (!is_string()) return {};
    if (!folded_) folded_ = fold_case(text_);
    return *folded_;
}

const IpAddress* LeafValue::ip_address() const {
    if (!is_string()) return nullptr;
    if (!ip_address_) ip_address_ = parse_ip_address(text_);
    return *ip_address_ ? &**ip_address_ : nullptr;
}

namespace {

struct Tester {
    const LeafValue& v;

    bool operator()(const ExactString& m) const { return v.is_string() && v.text() == m.text; }
    bool operator()(const ExactNumber& m) const { return v.is_number() && v.number() == m.value; }
    bool operator()(const ExactBool& m) const { return v.kind() == json::Kind::Bool && v.boolean() == m.value; }
    bool operator()(const ExactNull&) const { return v.kind() == json::Kind::Null; }
    bool operator()(const PrefixMatch& m) const {
        return v.is_string() && (m.ignore_case ? v.folded() : v.text()).starts_with(m.text);
    }
    bool operator()(const SuffixMatch& m) const {
        return v.is_string() && (m.ignore_case ? v.folded() : v.text()).ends_with(m.text);
    }
    bool operator()(const EqualsIgnoreCase& m) const { return v.is_string() && v.folded() == m.folded; }
    bool operator()(const WildcardMatch& m) const { return v.is_string() && m.pattern.matches(v.text()); }
    bool operator()(const NumericMatch& m) const { return v.is_number() && m.range.contains(v.number()); }
    bool operator()(const CidrMatch& m) const {
        const IpAddress* address = v.ip_address();
        return address && m.block.contains(*address);
    }
    bool operator()(const ExistsMatch&) const { return true; }
    bool operator()(const AnythingButMatch& m) const { return !m.rule.excludes(v); }
};

}  // namespace

bool value_matches(const ValueMatcher& matcher, const LeafValue& leaf) {
    return std::visit(Tester{leaf}, matcher);
}

}  // namespace stepwise::events
