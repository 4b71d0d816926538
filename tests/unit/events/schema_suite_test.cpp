// The official JSON Schema test suite (Debian's json-schema-test-suite) run
// through SchemaJsonAdapter: schemas and data both parsed by stepwise, compiled
// as the registry compiles them (compile_schema) and validated by valijson. A wrong adapter (kinds, integer vs number, member
// order or lookup, array iteration, equality for enum/const/uniqueItems)
// shows up here as a case with the wrong verdict.
#include <gtest/gtest.h>

#include "events/schema/compiler.h"

#include <valijson/validator.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "json/parse.h"
#include "json/write.h"

namespace stepwise::events {
namespace {

const std::filesystem::path kSuite = "/usr/share/json-schema-test-suite/tests";

struct SuiteFile {
    const char* draft;  // "draft4" or "draft7"
    const char* name;   // file stem
};

// Groups (by the suite's description) that cannot pass, and why.
struct Skipped {
    const char* draft;
    const char* file;
    const char* group;
    const char* reason;
};

constexpr Skipped kSkipped[] = {
    {"draft4", "ref", "remote ref, containing refs itself",
     "needs the draft-04 meta-schema fetched over http; the registry fetches no remote documents"},
    {"draft7", "ref", "remote ref, containing refs itself",
     "needs the draft-07 meta-schema fetched over http; the registry fetches no remote documents"},
    {"draft4", "ref", "Recursive references between schemas",
     "`$ref: \"tree\"` resolves against `id` as another document, which is never fetched"},
    {"draft7", "ref", "Recursive references between schemas",
     "`$ref: \"tree\"` resolves against `$id` as another document, which is never fetched"},
    // Not listed below at all: refRemote.json (needs an http server) and
    // definitions.json (every group $refs the meta-schema over http).
};

const char* skip_reason(const SuiteFile& file, const std::string& group) {
    for (const Skipped& skipped : kSkipped) {
        if (file.draft == std::string_view(skipped.draft) && file.name == std::string_view(skipped.file) &&
            group == skipped.group)
            return skipped.reason;
    }
    return nullptr;
}

class JsonSchemaSuite : public ::testing::TestWithParam<SuiteFile> {};

TEST_P(JsonSchemaSuite, VerdictsMatch) {
    const SuiteFile file = GetParam();
    const auto path = kSuite / file.draft / (std::string(file.name) + ".json");
    // scripts/setup.sh test installs the suite: without it these checks would pass silently.
    ASSERT_TRUE(std::filesystem::exists(path)) << "json-schema-test-suite not installed (scripts/setup.sh test): " << path;

    const json::Value groups = json::parse_file(path.string());
    const auto draft = std::string_view(file.draft) == "draft4" ? JsonSchemaDraft::Draft4 : JsonSchemaDraft::Draft7;
    int cases = 0;
    for (const json::Value& group : groups.as_array()) {
        const std::string description(group.find("description")->as_string());
        if (const char* reason = skip_reason(file, description)) {
            std::cout << "  skipped " << file.draft << "/" << file.name << ": " << description << " (" << reason
                      << ")\n";
            continue;
        }
        const json::Value& schema_document = *group.find("schema");
        valijson::Schema schema;
        try {
            compile_schema(schema_document, draft, schema);
        } catch (const std::exception& e) {
            ADD_FAILURE() << description << ": schema does not compile: " << e.what();
            continue;
        }
        for (const json::Value& test : group.find("tests")->as_array()) {
            const json::Value& data = *test.find("data");
            const bool expected = test.find("valid")->as_bool();
            valijson::Validator validator;
            const bool actual = validator.validate(schema, SchemaJsonAdapter(data, integer_reading(draft)), nullptr);
            EXPECT_EQ(actual, expected) << file.draft << "/" << file.name << ": " << description << " / "
                                        << test.find("description")->as_string() << "\n  schema " << json::dump(schema_document)
                                        << "\n  data   " << json::dump(data);
            ++cases;
        }
    }
    RecordProperty("cases", cases);
    EXPECT_GT(cases, 0);
}

std::string suite_name(const ::testing::TestParamInfo<SuiteFile>& info) {
    std::string name = std::string(info.param.draft) + "_" + info.param.name;
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(
    Draft4, JsonSchemaSuite,
    ::testing::Values(SuiteFile{"draft4", "required"}, SuiteFile{"draft4", "type"}, SuiteFile{"draft4", "properties"},
                      SuiteFile{"draft4", "enum"}, SuiteFile{"draft4", "items"}, SuiteFile{"draft4", "anyOf"},
                      SuiteFile{"draft4", "allOf"}, SuiteFile{"draft4", "oneOf"}, SuiteFile{"draft4", "not"},
                      SuiteFile{"draft4", "ref"},
                      SuiteFile{"draft4", "additionalProperties"}, SuiteFile{"draft4", "additionalItems"},
                      SuiteFile{"draft4", "patternProperties"}, SuiteFile{"draft4", "dependencies"},
                      SuiteFile{"draft4", "minimum"}, SuiteFile{"draft4", "maximum"},
                      SuiteFile{"draft4", "multipleOf"}, SuiteFile{"draft4", "minLength"},
                      SuiteFile{"draft4", "maxLength"}, SuiteFile{"draft4", "minItems"},
                      SuiteFile{"draft4", "maxItems"}, SuiteFile{"draft4", "minProperties"},
                      SuiteFile{"draft4", "maxProperties"}, SuiteFile{"draft4", "pattern"},
                      SuiteFile{"draft4", "uniqueItems"}, SuiteFile{"draft4", "default"}),
    suite_name);

INSTANTIATE_TEST_SUITE_P(
    Draft7, JsonSchemaSuite,
    ::testing::Values(SuiteFile{"draft7", "required"}, SuiteFile{"draft7", "type"}, SuiteFile{"draft7", "properties"},
                      SuiteFile{"draft7", "enum"}, SuiteFile{"draft7", "const"}, SuiteFile{"draft7", "items"},
                      SuiteFile{"draft7", "anyOf"}, SuiteFile{"draft7", "allOf"}, SuiteFile{"draft7", "oneOf"},
                      SuiteFile{"draft7", "not"}, SuiteFile{"draft7", "ref"},
                      SuiteFile{"draft7", "boolean_schema"}, SuiteFile{"draft7", "contains"},
                      SuiteFile{"draft7", "if-then-else"}, SuiteFile{"draft7", "propertyNames"},
                      SuiteFile{"draft7", "exclusiveMinimum"}, SuiteFile{"draft7", "exclusiveMaximum"},
                      SuiteFile{"draft7", "additionalProperties"}, SuiteFile{"draft7", "additionalItems"},
                      SuiteFile{"draft7", "patternProperties"}, SuiteFile{"draft7", "dependencies"},
                      SuiteFile{"draft7", "minimum"}, SuiteFile{"draft7", "maximum"},
                      SuiteFile{"draft7", "multipleOf"}, SuiteFile{"draft7", "uniqueItems"},
                      SuiteFile{"draft7", "minLength"}, SuiteFile{"draft7", "maxLength"},
                      SuiteFile{"draft7", "minItems"}, SuiteFile{"draft7", "maxItems"},
                      SuiteFile{"draft7", "pattern"}, SuiteFile{"draft7", "default"},
                      SuiteFile{"draft7", "optional/format/date-time"},
                      SuiteFile{"draft7", "optional/format/date"}, SuiteFile{"draft7", "optional/format/time"}),
    suite_name);

}  // namespace
}  // namespace stepwise::events
