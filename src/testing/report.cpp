#include "testing/report.h"

#include <cstdio>

#include "testing/xml_text.h"

namespace stepwise::testing {
namespace {

std::string seconds(int64_t micros) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(micros) / 1e6);
    return buffer;
}

std::string failure_text(const Failure& f) {
    std::string text = f.what + (f.where.empty() ? "" : " (" + f.where + ")") + ": " + f.message;
    if (!f.state.empty()) text += "\nat state " + f.state;
    return text;
}

}  // namespace

RunTotals totals_of(const std::vector<SuiteResult>& suites) {
    RunTotals t;
    for (const SuiteResult& s : suites) {
        if (!s.error.empty()) ++t.broken_files;
        for (const CaseResult& c : s.cases) (c.passed ? t.passed : t.failed)++;
    }
    return t;
}

void write_junit(std::ostream& out, const std::vector<SuiteResult>& suites, int64_t real_micros) {
    RunTotals t = totals_of(suites);
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"stepwise test\" tests=\"" << t.passed + t.failed + t.broken_files << "\" failures=\"" << t.failed
        << "\" errors=\"" << t.broken_files << "\" time=\"" << seconds(real_micros) << "\">\n";
    for (const SuiteResult& s : suites) {
        size_t failed = 0;
        int64_t micros = 0;
        for (const CaseResult& c : s.cases) {
            failed += c.passed ? 0 : 1;
            micros += c.real_micros;
        }
        bool broken = !s.error.empty();
        out << "  <testsuite name=\"" << xml_escape(s.file) << "\" tests=\"" << s.cases.size() + (broken ? 1 : 0)
            << "\" failures=\"" << failed << "\" errors=\"" << (broken ? 1 : 0) << "\" time=\"" << seconds(micros) << "\">\n";
        if (broken) {
            out << "    <testcase name=\"(the test file)\" classname=\"" << xml_escape(s.file) << "\" file=\"" << xml_escape(s.file) << "\">\n";
            out << "      <error message=\"" << xml_escape(s.error.substr(0, s.error.find('\n'))) << "\">" << xml_escape(s.error)
                << "</error>\n    </testcase>\n";
        }
        for (const CaseResult& c : s.cases) {
            out << "    <testcase name=\"" << xml_escape(c.name) << "\" classname=\"" << xml_escape(s.file) << "\" file=\""
                << xml_escape(s.file) << "\" time=\"" << seconds(c.real_micros) << "\"";
            if (c.passed && c.warnings.empty()) {
                out << "/>\n";
                continue;
            }
            out << ">\n";
            for (const Failure& f : c.failures)
                out << "      <failure type=\"" << xml_escape(f.what) << "\" message=\""
                    << xml_escape(f.message.substr(0, f.message.find('\n'))) << "\">" << xml_escape(failure_text(f)) << "</failure>\n";
            if (!c.warnings.empty()) {
                std::string text;
                for (const std::string& w : c.warnings) text += "warning: " + w + "\n";
                out << "      <system-out>" << xml_escape(text) << "</system-out>\n";
            }
            out << "    </testcase>\n";
        }
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
}

json::Value json_report(const std::vector<SuiteResult>& suites, int64_t real_micros) {
    RunTotals t = totals_of(suites);
    json::Array files;
    for (const SuiteResult& s : suites) {
        json::Array cases;
        for (const CaseResult& c : s.cases) {
            json::Array failures;
            for (const Failure& f : c.failures) {
                json::Object o{{"what", f.what}, {"where", f.where}, {"message", f.message}};
                if (!f.state.empty()) o.set("state", f.state);
                failures.push_back(json::Value(std::move(o)));
            }
            json::Array warnings;
            for (const std::string& w : c.warnings) warnings.push_back(w);
            json::Object o{{"name", c.name}, {"passed", c.passed}, {"status", c.status}, {"virtualMs", c.virtual_ms},
                           {"realMicros", c.real_micros}, {"failures", json::Value(std::move(failures))}};
            if (!warnings.empty()) o.set("warnings", json::Value(std::move(warnings)));
            cases.push_back(json::Value(std::move(o)));
        }
        json::Object file{{"file", s.file}, {"cases", json::Value(std::move(cases))}};
        if (!s.error.empty()) file.set("error", s.error);
        files.push_back(json::Value(std::move(file)));
    }
    return json::Object{{"totals", json::Object{{"passed", static_cast<int64_t>(t.passed)}, {"failed", static_cast<int64_t>(t.failed)},
                                                {"brokenFiles", static_cast<int64_t>(t.broken_files)}, {"realMicros", real_micros}}},
                        {"files", json::Value(std::move(files))}};
}

}  // namespace stepwise::testing
