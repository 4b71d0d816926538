#include "testing/service_shapes.h"

#include <algorithm>
#include <charconv>

namespace stepwise::testing {

namespace detail {
// Generated (service_shapes_data.cpp), each table sorted by its first field.
extern const std::string_view kServiceShapesSource;
extern const ServiceShapesText kServiceShapes[];
extern const size_t kServiceShapesCount;
extern const ServiceAlias kServiceAliases[];
extern const size_t kServiceAliasesCount;
}  // namespace detail

namespace {

template <class Entry, class Key>
const Entry* find_sorted(const Entry* begin, size_t count, Key key, std::string_view name) {
    const Entry* end = begin + count;
    const Entry* it =
        std::lower_bound(begin, end, name, [&](const Entry& e, std::string_view n) { return e.*key < n; });
    return it != end && it->*key == name ? it : nullptr;
}

// The lines of `text` that start with `prefix` ("O ", "T "), without it.
std::vector<std::string_view> lines_starting(std::string_view text, std::string_view prefix) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (line.starts_with(prefix)) lines.push_back(line.substr(prefix.size()));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return lines;
}

}  // namespace

std::optional<ServiceShapes> ServiceShapes::find(std::string_view service) {
    const detail::ServiceShapesText* found = find_sorted(detail::kServiceShapes, detail::kServiceShapesCount,
                                                         &detail::ServiceShapesText::service, service);
    if (!found) {
        const detail::ServiceAlias* alias = find_sorted(detail::kServiceAliases, detail::kServiceAliasesCount,
                                                        &detail::ServiceAlias::alias, service);
        if (!alias) return std::nullopt;
        found = find_sorted(detail::kServiceShapes, detail::kServiceShapesCount, &detail::ServiceShapesText::service,
                            alias->service);
        if (!found) return std::nullopt;
    }
    ServiceShapes shapes;
    shapes.service_ = found->service;
    shapes.text_ = found->text;
    shapes.structures_ = lines_starting(found->text, "T ");
    return shapes;
}

std::string_view ServiceShapes::source() { return detail::kServiceShapesSource; }

std::optional<std::string_view> ServiceShapes::output(std::string_view operation) const {
    for (std::string_view line : lines_starting(text_, "O ")) {
        size_t space = line.find(' ');
        if (line.substr(0, space) == operation) return line.substr(space + 1);
    }
    return std::nullopt;
}

std::vector<ShapeMember> ServiceShapes::structure(std::string_view type) const {
    size_t index = 0;
    auto parsed = std::from_chars(type.data(), type.data() + type.size(), index);
    if (type.empty() || parsed.ec != std::errc() || parsed.ptr != type.data() + type.size() ||
        index >= structures_.size())
        return {};
    std::vector<ShapeMember> members;
    std::string_view rest = structures_[index];
    while (!rest.empty()) {
        size_t end = rest.find(' ');
        std::string_view member = rest.substr(0, end);
        size_t colon = member.find(':');
        members.push_back({member.substr(0, colon), member.substr(colon + 1)});
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
    return members;
}

}  // namespace stepwise::testing
