#include "api/schemas/route.h"

#include <vector>

#include "aws/uri.h"

namespace stepwise::api {

namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
    std::vector<std::string_view> segments;
    if (path.starts_with('/')) path.remove_prefix(1);
    if (path.ends_with('/')) path.remove_suffix(1);
    while (true) {
        auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

}  // namespace

std::optional<UriLabels> match_request_uri(std::string_view pattern, std::string_view raw_path) {
    auto wanted = split_segments(pattern);
    auto given = split_segments(raw_path);
    if (wanted.size() != given.size()) return std::nullopt;
    UriLabels labels;
    for (size_t i = 0; i < wanted.size(); ++i) {
        std::string_view part = wanted[i];
        if (part.starts_with('{') && part.ends_with('}')) {
            std::string value = aws::uri_decode(given[i]);
            if (value.empty()) return std::nullopt;
            labels.emplace(std::string(part.substr(1, part.size() - 2)), std::move(value));
        } else if (part != given[i]) {
            return std::nullopt;
        }
    }
    return labels;
}

std::multimap<std::string, std::string> parse_query_string(std::string_view raw_query) {
    std::multimap<std::string, std::string> query;
    while (!raw_query.empty()) {
        auto amp = raw_query.find('&');
        std::string_view pair = raw_query.substr(0, amp);
        raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
        if (pair.empty()) continue;
        auto equals = pair.find('=');
        std::string key = aws::uri_decode(pair.substr(0, equals), true);
        std::string value = equals == std::string_view::npos ? "" : aws::uri_decode(pair.substr(equals + 1), true);
        query.emplace(std::move(key), std::move(value));
    }
    return query;
}

}  // namespace stepwise::api
