// Any bytes as "flags NUL pattern NUL subject" for the linear-time regex
// engine, in both dialects. Compiling either succeeds or throws CompileError;
// searching either answers (with spans inside the subject, in order) or throws
// WorkLimitExceeded. It must not crash, overflow the stack or hang: the
// subject may be long, the pattern pathological ((a*)*b, (a|aa)+$, ...).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "regex/regex.h"

namespace {

void check_span(const stepwise::regex::Span& span, size_t size) {
    if (!span.matched()) return;
    if (span.start > span.end || span.end > size) std::abort();
}

void run(std::string_view pattern, std::string_view subject, stepwise::regex::Dialect dialect,
         stepwise::regex::Flags flags) {
    using namespace stepwise::regex;
    Regex re;
    try {
        re = Regex::compile(pattern, dialect, flags);
    } catch (const CompileError&) {
        return;
    }
    try {
        (void)re.full_match(subject, 300'000);
        size_t from = 0;
        for (int i = 0; i < 16 && from <= subject.size(); ++i) {
            auto m = re.search(subject, from, nullptr, 300'000);
            if (!m) break;
            check_span(m->whole, subject.size());
            if (m->whole.start < from || m->groups.size() != re.group_count()) std::abort();
            for (const auto& g : m->groups) check_span(g, subject.size());
            from = m->whole.end > m->whole.start ? m->whole.end : m->whole.end + 1;
        }
    } catch (const WorkLimitExceeded&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    size_t first = input.find('\0');
    if (first == std::string_view::npos) return 0;
    size_t second = input.find('\0', first + 1);
    if (second == std::string_view::npos) return 0;
    std::string_view flag_text = input.substr(0, first);
    std::string_view pattern = input.substr(first + 1, second - first - 1);
    std::string_view subject = input.substr(second + 1);
    stepwise::regex::Flags flags;
    for (char f : flag_text) {
        if (f == 'i') flags.icase = true;
        if (f == 'm') flags.multiline = true;
        if (f == 's') flags.dotall = true;
    }
    run(pattern, subject, stepwise::regex::Dialect::JavaScript, flags);
    run(pattern, subject, stepwise::regex::Dialect::Java, flags);
    return 0;
}
