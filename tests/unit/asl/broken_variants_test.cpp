// Broken variants of the vehicle order cancellation example, each with the
// located error asl::compile must report. data/broken_variants.json holds one
// case a variant: {name, description, docs (the AWS page behind the rule),
// patch (an RFC 6902 JSON Patch of examples/vehicle-order-cancellation/
// statemachine.asl.json), expected {pointer, code, message fragment}}.
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "asl_test_util.h"
#include "json/write.h"
#include "json_patch.h"

using namespace stepwise;
using namespace stepwise::asl;
using namespace stepwise::asl::testing;

namespace {

const std::string kExample = std::string(STEPWISE_SOURCE_DIR) + "/examples/vehicle-order-cancellation/statemachine.asl.json";
const std::string kCases = std::string(STEPWISE_SOURCE_DIR) + "/tests/unit/asl/data/broken_variants.json";

struct BrokenVariant {
    std::string name;
    json::Value spec;      // the case as the file gives it
    std::string unreadable;  // why the cases file could not be read, if it could not
};

std::string text(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    return v && v->is_string() ? std::string(v->as_string()) : "";
}

std::vector<BrokenVariant> load_variants() {
    std::vector<BrokenVariant> out;
    try {
        json::Value cases = json::parse_file(kCases);
        for (const json::Value& c : cases.as_array()) out.push_back({text(c, "name"), c, ""});
    } catch (const std::exception& e) {
        out = {{"cases_file_unreadable", json::Value(), kCases + ": " + e.what()}};
    }
    return out;
}

class AslBrokenVariant : public ::testing::TestWithParam<BrokenVariant> {};

TEST_P(AslBrokenVariant, GivesItsLocatedError) {
    const BrokenVariant& variant = GetParam();
    ASSERT_EQ(variant.unreadable, "");
    const json::Value& spec = variant.spec;
    SCOPED_TRACE(variant.name + ": " + text(spec, "description") + " (" + text(spec, "docs") + ")");
    json::Value definition = apply_patch(json::parse_file(kExample), *spec.find("patch"));
    const json::Value& expected = *spec.find("expected");

    CompileResult result = compile(definition);
    EXPECT_FALSE(result.ok());
    EXPECT_ASL_ERROR(result, text(expected, "pointer"), text(expected, "code"), text(expected, "message"));
    // Text compiles the same way.
    CompileResult from_text = compile(std::string_view(json::dump(definition)));
    EXPECT_ASL_ERROR(from_text, text(expected, "pointer"), text(expected, "code"), text(expected, "message"));
}

INSTANTIATE_TEST_SUITE_P(Example, AslBrokenVariant, ::testing::ValuesIn(load_variants()),
                         [](const ::testing::TestParamInfo<BrokenVariant>& info) { return info.param.name; });

// The example itself compiles, so each error above is the patch's doing.
TEST(AslBrokenVariants, TheUnpatchedExampleCompiles) {
    CompileResult result = compile(json::parse_file(kExample));
    EXPECT_COMPILES(result);
}

TEST(AslBrokenVariants, EveryCaseHasItsOwnName) {
    auto variants = load_variants();
    std::set<std::string> names;
    for (const auto& v : variants) names.insert(v.name);
    EXPECT_GE(variants.size(), 29u);
    EXPECT_EQ(names.size(), variants.size());
}

}  // namespace
