#include "jsonata/regex.h"

#include "jsonata/error.h"

namespace stepwise::jsonata {

std::shared_ptr<Regex> Regex::compile(const std::string& pattern, const std::string& flags) {
    auto r = std::make_shared<Regex>();
    r->pattern_ = pattern;
    auto options = std::regex::ECMAScript;
    if (flags.find('i') != std::string::npos) options |= std::regex::icase;
    if (flags.find('m') != std::string::npos) options |= std::regex::multiline;
    try {
        r->re_ = std::regex(pattern, options);
    } catch (const std::regex_error& e) {
        throw Error("S0303", "Invalid regular expression: /" + pattern + "/ (" + e.what() + ")");
    }
    return r;
}

std::optional<RegexMatch> Regex::search(std::string_view subject, size_t from) const {
    if (from > subject.size()) return std::nullopt;
    std::match_results<std::string_view::const_iterator> m;
    auto flags = std::regex_constants::match_default;
    if (from > 0) flags |= std::regex_constants::match_prev_avail;
    if (!std::regex_search(subject.begin() + from, subject.end(), m, re_, flags)) return std::nullopt;
    RegexMatch out;
    out.start = static_cast<size_t>(m[0].first - subject.begin());
    out.end = static_cast<size_t>(m[0].second - subject.begin());
    out.text = m[0].str();
    for (size_t i = 1; i < m.size(); ++i) out.groups.push_back(m[i].matched ? m[i].str() : std::string());
    return out;
}

}  // namespace stepwise::jsonata
