#include "jsonata/regex.h"

#include "jsonata/error.h"

namespace stepwise::jsonata {

std::shared_ptr<Regex> Regex::compile(const std::string& pattern, const std::string& flags) {
    regex::Flags f;
    f.icase = flags.find('i') != std::string::npos;
    f.multiline = flags.find('m') != std::string::npos;
    auto r = std::make_shared<Regex>();
    try {
        r->re_ = regex::Regex::compile(pattern, regex::Dialect::JavaScript, f);
    } catch (const regex::CompileError& e) {
        throw Error("S0303", e.what());
    }
    return r;
}

std::optional<RegexMatch> Regex::search(std::string_view subject, size_t from, uint64_t& work,
                                        uint64_t eval_steps_left) const {
    std::optional<regex::Match> m;
    const uint64_t left = eval_steps_left > kSearchBudget / kStepsPerEvalStep ? kSearchBudget
                                                                               : eval_steps_left * kStepsPerEvalStep;
    try {
        m = re_.search(subject, from, &work, left);
    } catch (const regex::WorkLimitExceeded& e) {
        throw Error("U1001", e.what());
    }
    if (!m) return std::nullopt;
    auto text_of = [&](const regex::Span& s) { return std::string(subject.substr(s.start, s.end - s.start)); };
    RegexMatch out;
    out.start = m->whole.start;
    out.end = m->whole.end;
    out.text = text_of(m->whole);
    for (const auto& g : m->groups) out.groups.push_back(g.matched() ? text_of(g) : std::string());
    return out;
}

}  // namespace stepwise::jsonata
