#include "jsonata/matcher.h"

#include "jsonata/error.h"
#include "jsonata/function.h"
#include "jsonata/regex.h"
#include "jsonata/text.h"
#include "json/utf8.h"

namespace stepwise::jsonata {

namespace {

// `counted` holds how far (bytes, UTF-16 units) positions were counted: matches
// come in order, so each is counted on from the previous one.
MatchInfo from_regex(const RegexMatch& m, const std::string& subject, std::pair<size_t, size_t>& counted) {
    MatchInfo info;
    info.start = m.start;
    info.end = m.end;
    info.match = m.text;
    for (const auto& g : m.groups) info.groups.push_back(Val::string(g));
    counted.second += utf8::count_utf16_units(std::string_view(subject).substr(counted.first, m.start - counted.first));
    counted.first = m.start;
    info.index_units = counted.second;
    return info;
}

}  // namespace

std::vector<MatchInfo> find_matches(Context& ctx, const Val& matcher, const std::string& subject, long limit) {
    std::vector<MatchInfo> out;
    if (limit == 0) return out;
    FnNode* fn = matcher.fn();
    if (fn && fn->kind == FnNode::Kind::Regex) {
        auto search = [&](size_t from) {
            uint64_t work = 0;
            auto found = fn->regex->search(subject, from, work, ctx.remaining_steps());
            ctx.charge(work / Regex::kStepsPerEvalStep);
            return found;
        };
        auto m = search(0);
        std::pair<size_t, size_t> counted{0, 0};
        while (m) {
            out.push_back(from_regex(*m, subject, counted));
            // next()
            size_t from = m->end;
            if (from >= subject.size()) break;
            auto next = search(from);
            if (next && next->text.empty()) throw make_error("D1004", 0, "", fn->regex->pattern());
            if (limit >= 0 && static_cast<long>(out.size()) >= limit) break;
            m = next;
        }
        return out;
    }
    // a matcher function
    Val result = ctx.apply(matcher, {Val::string(subject)}, Val(), ctx.root);
    while (result.is_defined()) {
        Val start = result.get("start"), end = result.get("end"), groups = result.get("groups"), next = result.get("next");
        if (!start.is_number() && !end.is_number() && !groups.is_array() && !next.is_function())
            throw make_error("T1010");
        MatchInfo info;
        info.index_units = start.is_number() ? static_cast<size_t>(start.as_number()) : 0;
        info.start = text::byte_offset_of_unit(subject, info.index_units);
        info.end = end.is_number() ? text::byte_offset_of_unit(subject, static_cast<size_t>(end.as_number())) : info.start;
        Val match = result.get("match");
        info.match = match.is_string() ? std::string(match.as_string()) : std::string();
        if (groups.is_array()) info.groups = items_of(groups);
        out.push_back(std::move(info));
        if (!next.is_function()) break;
        result = ctx.apply(next, {}, Val(), ctx.root);
        if (limit >= 0 && static_cast<long>(out.size()) >= limit) break;
    }
    return out;
}

}  // namespace stepwise::jsonata
