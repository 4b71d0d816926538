// Replays the intrinsic-function cases of the shared conformance corpus
// (recorded against real AWS) that are a single Pass state with Parameters:
// the template's result must equal the recorded output.
#include <gtest/gtest.h>

#include <filesystem>

#include "helpers.h"

using namespace qtest;
namespace fs = std::filesystem;

TEST(Corpus, SinglePassStateParameters) {
    fs::path dir = fs::path(STEPWISE_SHARED_DIR) / "conformance/asl";
    if (!fs::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
    int checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.path().extension() != ".json") continue;
        auto c = stepwise::json::parse_file(entry.path().string());
        if (!c.is_object() || !c.find("definition") || !c.find("expected")) continue;
        const auto* states = c.find("definition")->find("States");
        if (c.find("definition")->find("QueryLanguage")) continue;
        if (!states || states->size() != 1) continue;
        const auto& state = states->as_object().at(0).value;
        if (!state.find("Type") || state.find("Type")->as_string() != "Pass" || !state.find("Parameters")) continue;
        if (state.find("ResultPath") || state.find("OutputPath") || state.find("InputPath") || state.find("ResultSelector"))
            continue;
        const auto& expected = *c.find("expected");
        if (expected.find("status")->as_string() != "SUCCEEDED" || !expected.find("output")) continue;
        std::string want = stepwise::json::dump(*expected.find("output"));
        if (want.find('<') != std::string::npos || want.find("RandomNumberGenerated") != std::string::npos) continue;

        std::vector<stepwise::query::TemplateProblem> problems;
        auto t = stepwise::query::Template::compile(*state.find("Parameters"), problems);
        ASSERT_TRUE(problems.empty()) << entry.path();
        const auto& input = *c.find("input");
        auto context = stepwise::json::parse("{}");
        context.mutable_object().set("Execution", stepwise::json::Value(stepwise::json::Object{{"Input", input}}));
        stepwise::query::Scope scope{input, context};
        std::string got;
        try {
            got = stepwise::json::dump(t.evaluate(scope, "Parameters"));
        } catch (const stepwise::query::EvalError& e) {
            got = e.what();
        }
        EXPECT_EQ(got, want) << entry.path() << "\n got  " << got << "\n want " << want;
        ++checked;
    }
    EXPECT_GT(checked, 60);
    std::printf("checked %d corpus cases\n", checked);
}
