// Every JSONPath and intrinsic call in the JSONPath-language definitions of the
// shared conformance corpus (recorded against real AWS, which accepted them)
// must compile.
#include <gtest/gtest.h>

#include <filesystem>

#include "helpers.h"

using namespace qtest;
namespace fs = std::filesystem;

namespace {
const char* kPathFields[] = {"InputPath", "OutputPath", "ResultPath", "ItemsPath", "Variable", "TimestampPath",
                             "SecondsPath", "ErrorPath", "CausePath"};

void collect(const stepwise::json::Value& v, std::vector<std::string>& paths, std::vector<std::string>& calls) {
    if (v.is_object()) {
        if (v.find("QueryLanguage") && v.find("QueryLanguage")->is_string() &&
            v.find("QueryLanguage")->as_string() == "JSONata")
            return;
        for (const auto& m : v.as_object()) {
            std::string_view k = m.name();
            bool dollar = k.size() >= 2 && k.substr(k.size() - 2) == ".$";
            bool path_field = false;
            for (auto f : kPathFields) path_field |= k == f;
            path_field |= k.size() > 4 && k.substr(k.size() - 4) == "Path" && m.value.is_string();
            if ((dollar || path_field) && m.value.is_string()) {
                std::string text(m.value.as_string());
                if (stepwise::query::looks_like_intrinsic(text)) calls.push_back(text);
                else if (!text.empty() && text[0] == '$') paths.push_back(text);
            }
            collect(m.value, paths, calls);
        }
    } else if (v.is_array()) {
        for (const auto& item : v.as_array()) collect(item, paths, calls);
    }
}
}  // namespace

TEST(Corpus, EveryPathAndIntrinsicCompiles) {
    fs::path dir = fs::path(STEPWISE_SHARED_DIR) / "conformance/asl";
    if (!fs::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
    size_t paths_checked = 0, calls_checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        auto c = stepwise::json::parse_file(entry.path().string());
        if (!c.is_object() || !c.find("definition") || !c.find("expected")) continue;
        const auto& def = *c.find("definition");
        if (def.find("QueryLanguage") && def.find("QueryLanguage")->as_string() == "JSONata") continue;
        // Definitions AWS rejected are not evidence.
        const auto* status = c.find("expected")->find("status");
        if (!status || (status->as_string() != "SUCCEEDED" && status->as_string() != "FAILED")) continue;
        std::vector<std::string> paths, calls;
        collect(def, paths, calls);
        for (const auto& p : paths) {
            EXPECT_FALSE(path_compile_fails(p)) << entry.path() << ": " << p;
            ++paths_checked;
        }
        for (const auto& t : calls) {
            EXPECT_FALSE(compile_fails(t)) << entry.path() << ": " << t;
            ++calls_checked;
        }
    }
    std::printf("compiled %zu paths and %zu intrinsic calls\n", paths_checked, calls_checked);
    EXPECT_GT(paths_checked, 100u);
    EXPECT_GT(calls_checked, 50u);
}
