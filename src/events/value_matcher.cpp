#include "events/value_matcher.h"

#include "events/case_fold.h"

namespace stepwise::events {

std::string_view LeafValue::folded() const {
    if (!value_.is_string()) return {};
    if (!folded_) folded_ = fold_case(value_.as_string());
    return *folded_;
}

const IpAddress* LeafValue::ip_address() const {
    if (!value_.is_string()) return nullptr;
    if (!ip_address_) ip_address_ = parse_ip_address(value_.as_string());
    return *ip_address_ ? &**ip_address_ : nullptr;
}

namespace {

struct Tester {
    const LeafValue& leaf;
    const json::Value& v = leaf.value();

    bool operator()(const ExactString& m) const { return v.is_string() && v.as_string() == m.text; }
    bool operator()(const ExactNumber& m) const { return v.is_number() && v.as_double() == m.value; }
    bool operator()(const ExactBool& m) const { return v.is_bool() && v.as_bool() == m.value; }
    bool operator()(const ExactNull&) const { return v.is_null(); }
    bool operator()(const PrefixMatch& m) const {
        if (!v.is_string()) return false;
        return (m.ignore_case ? leaf.folded() : v.as_string()).starts_with(m.text);
    }
    bool operator()(const SuffixMatch& m) const {
        if (!v.is_string()) return false;
        return (m.ignore_case ? leaf.folded() : v.as_string()).ends_with(m.text);
    }
    bool operator()(const EqualsIgnoreCase& m) const { return v.is_string() && leaf.folded() == m.folded; }
    bool operator()(const WildcardMatch& m) const { return v.is_string() && m.pattern.matches(v.as_string()); }
    bool operator()(const NumericMatch& m) const { return v.is_number() && m.range.contains(v.as_double()); }
    bool operator()(const CidrMatch& m) const {
        const IpAddress* address = leaf.ip_address();
        return address && m.block.contains(*address);
    }
    bool operator()(const ExistsMatch&) const { return true; }
    bool operator()(const AnythingButMatch& m) const {
        bool needs_fold = m.rule.form() == AnythingBut::Form::EqualsIgnoreCase;
        return !m.rule.excludes(v, needs_fold ? leaf.folded() : std::string_view{});
    }
};

}  // namespace

bool value_matches(const ValueMatcher& matcher, const LeafValue& leaf) {
    return std::visit(Tester{leaf}, matcher);
}

}  // namespace stepwise::events
