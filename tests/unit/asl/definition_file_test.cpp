// A definition read from a file, JSON or YAML: the same machine, and every
// diagnostic placed at its line and column in the file as written.
//
// YAML definitions are what SAM's DefinitionUri and CloudFormation's
// DefinitionS3Location take ("The state machine definition must be a JSON or
// YAML file."):
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-stepfunctions-statemachine-s3location.html
#include "asl/definition_file.h"

#include <gtest/gtest.h>

#include "asl_test_util.h"
#include "json/write.h"

namespace stepwise::asl {
namespace {

constexpr const char* kYaml = R"(Comment: a small workflow
StartAt: Fan
States:
  Fan:
    Type: Parallel
    Branches:
      - StartAt: Left
        States:
          Left:
            Type: Pass
            End: true
    Next: Each
  Each:
    Type: Map
    ItemProcessor:
      StartAt: Item
      States:
        Item: {Type: Pass, End: true}
    End: true
)";

CompileResult compile_yaml(const std::string& text, json::SourceMap* positions = nullptr) {
    return compile_file(definition_text("m.asl.yaml", text), {}, positions);
}

json::SourcePosition at(const json::SourceMap& positions, const std::string& pointer) {
    auto found = positions.find(pointer);
    EXPECT_TRUE(found) << "no position for " << pointer;
    return found.value_or(json::SourcePosition{});
}

#define EXPECT_AT(positions, pointer, l, c)                     \
    do {                                                         \
        json::SourcePosition p_ = at(positions, pointer);        \
        EXPECT_EQ(p_.line, size_t(l)) << pointer;                \
        EXPECT_EQ(p_.column, size_t(c)) << pointer;              \
    } while (0)

TEST(DefinitionFile, YamlIsReadByItsExtension) {
    EXPECT_TRUE(definition_text("m.asl.yaml", "").yaml);
    EXPECT_TRUE(definition_text("m.asl.yml", "").yaml);
    EXPECT_FALSE(definition_text("m.asl.json", "").yaml);
    EXPECT_TRUE(is_definition_path("dir/m.asl.yaml"));
    EXPECT_TRUE(is_definition_path("m.asl.yml"));
    EXPECT_TRUE(is_definition_path("m.json"));
    EXPECT_FALSE(is_definition_path("template.yaml"));  // a template is not a definition
}

TEST(DefinitionFile, YamlCompilesToTheMachineItsJsonWould) {
    CompileResult from_yaml = compile_yaml(kYaml);
    EXPECT_COMPILES(from_yaml);
    CompileResult from_json = compile(json::dump(from_yaml.machine->definition));
    EXPECT_COMPILES(from_json);
    EXPECT_EQ(from_yaml.machine->all_states.size(), 4u);
    EXPECT_EQ(from_yaml.machine->definition, from_json.machine->definition);
}

TEST(DefinitionFile, NestedStatesArePlacedInTheYamlFile) {
    json::SourceMap positions;
    EXPECT_COMPILES(compile_yaml(kYaml, &positions));
    EXPECT_AT(positions, "", 1, 1);
    EXPECT_AT(positions, "/States/Fan", 4, 3);
    EXPECT_AT(positions, "/States/Fan/Branches/0", 7, 9);
    EXPECT_AT(positions, "/States/Fan/Branches/0/States/Left", 9, 11);
    EXPECT_AT(positions, "/States/Fan/Branches/0/States/Left/End", 11, 13);
    EXPECT_AT(positions, "/States/Each/ItemProcessor/States/Item", 18, 9);
    EXPECT_AT(positions, "/States/Each/ItemProcessor/States/Item/Type", 18, 16);
}

TEST(DefinitionFile, JsonTextIsValidYaml) {
    EXPECT_COMPILES(compile_yaml(R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}})"));
}

TEST(DefinitionFile, AnchorsAndAliasesAreRead) {
    CompileResult result = compile_yaml("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result: &r {x: 1}\n"
                                        "    Next: B\n  B:\n    Type: Pass\n    Result: *r\n    End: true\n");
    EXPECT_COMPILES(result);
    const json::Value& b = *result.machine->definition.as_object().find("States")->as_object().find("B");
    EXPECT_EQ(*b.as_object().find("Result"), json::parse(R"({"x":1})"));
}

TEST(DefinitionFile, YamlSyntaxErrorIsOneDiagnosticPlacedWhereTheParseStopped) {
    json::SourceMap positions;
    CompileResult result = compile_yaml("StartAt: A\nStates:\n  A:\n   Type: Pass\n    End: true\n", &positions);
    ASSERT_EQ(result.errors.size(), 1u) << testing::describe(result);
    EXPECT_ASL_ERROR(result, "", "INVALID_JSON_DESCRIPTION", "Invalid YAML: line 5, column 8: mapping values are not allowed");
    EXPECT_AT(positions, "", 5, 8);
    EXPECT_EQ(located_message("m.asl.yaml", positions, result.errors[0]).rfind("m.asl.yaml:5:8: INVALID_JSON_DESCRIPTION: ", 0), 0u);
}

TEST(DefinitionFile, JsonSyntaxErrorIsPlacedWhereTheParseStopped) {
    json::SourceMap positions;
    CompileResult result = compile_file(definition_text("m.asl.json", "{\"StartAt\": \"A\",\n \"States\": {,}}"), {}, &positions);
    ASSERT_EQ(result.errors.size(), 1u) << testing::describe(result);
    EXPECT_ASL_ERROR(result, "", "INVALID_JSON_DESCRIPTION", "Invalid JSON: line 2, column 13");
    EXPECT_AT(positions, "", 2, 13);
}

// State names are unique (https://states-language.net/spec.html#states-fields);
// in YAML a key given twice in one mapping is an error of the document
// (https://yaml.org/spec/1.2.2/#mapping: "keys are unique").
TEST(DefinitionFile, DuplicateStateNameIsRefusedAsInJsonAtTheSecondKey) {
    json::SourceMap positions;
    CompileResult result = compile_yaml("StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n  A: {Type: Succeed}\n", &positions);
    ASSERT_EQ(result.errors.size(), 1u) << testing::describe(result);
    EXPECT_ASL_ERROR(result, "/States/A", "DUPLICATE_STATE_NAME", "Duplicate State name: A");
    EXPECT_AT(positions, "/States/A", 4, 3);
    CompileResult from_json = compile(R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"A":{"Type":"Succeed"}}})");
    EXPECT_ASL_ERROR(from_json, "/States/A", "DUPLICATE_STATE_NAME", "Duplicate State name: A");
}

TEST(DefinitionFile, AnyOtherDuplicateKeyIsRefusedWithItsPlace) {
    json::SourceMap positions;
    CompileResult result = compile_yaml("StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n    Next: C\n", &positions);
    ASSERT_EQ(result.errors.size(), 1u) << testing::describe(result);
    EXPECT_ASL_ERROR(result, "/States/A/Next", "INVALID_JSON_DESCRIPTION", "the key \"Next\" is given twice");
    EXPECT_AT(positions, "/States/A/Next", 6, 5);
}

// A definition is the state machine's JSON written as YAML: CloudFormation's
// short forms (!Sub, !Ref) are a template's, not a definition file's, whose
// placeholders are ${Name} with DefinitionSubstitutions.
TEST(DefinitionFile, TagsAreRefusedWithTheirPlace) {
    json::SourceMap positions;
    CompileResult result = compile_yaml("StartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: !Sub '${Fn}'\n    End: true\n",
                                        &positions);
    ASSERT_EQ(result.errors.size(), 1u) << testing::describe(result);
    EXPECT_ASL_ERROR(result, "/States/A/Resource", "INVALID_JSON_DESCRIPTION", "a YAML tag (!Sub)");
    EXPECT_AT(positions, "/States/A/Resource", 5, 15);
}

TEST(DefinitionFile, MergeKeysAndASecondDocumentAreRefused) {
    CompileResult merge = compile_yaml("base: &b {Type: Pass}\nStartAt: A\nStates:\n  A:\n    <<: *b\n    End: true\n");
    EXPECT_ASL_ERROR(merge, "/States/A/<<", "INVALID_JSON_DESCRIPTION", "merge key");
    json::SourceMap positions;
    CompileResult two = compile_yaml("StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n---\nStartAt: B\n", &positions);
    EXPECT_ASL_ERROR(two, "", "INVALID_JSON_DESCRIPTION", "a second document");
    EXPECT_AT(positions, "", 4, 1);
}

TEST(DefinitionFile, ATopLevelThatIsNotAMappingIsRefusedAtTheTop) {
    json::SourceMap positions;
    CompileResult list = compile_yaml("- StartAt: A\n", &positions);
    EXPECT_ASL_ERROR(list, "", "SCHEMA_VALIDATION_FAILED", "must be an object, not an array");
    EXPECT_AT(positions, "", 1, 1);
    EXPECT_ASL_ERROR(compile_yaml("just words\n"), "", "SCHEMA_VALIDATION_FAILED", "must be an object, not a string");
}

TEST(DefinitionFile, AnEmptyYamlFileIsAMissingDefinition) {
    EXPECT_ASL_ERROR(compile_yaml("# nothing yet\n"), "", "MISSING_DESCRIPTION", "empty");
}

TEST(DefinitionFile, LocatedMessageNamesTheNearestWrittenPlace) {
    json::SourceMap positions;
    CompileResult result = compile_yaml("StartAt: A\nStates:\n  A:\n    Type: Pass\n", &positions);
    ASSERT_FALSE(result.ok());
    // A missing End/Next is about a field not written: placed at the state that lacks it.
    Diagnostic missing{"/States/A/End", "SCHEMA_VALIDATION_FAILED", "m"};
    EXPECT_EQ(located_message("m.asl.yaml", positions, missing), "m.asl.yaml:3:3: SCHEMA_VALIDATION_FAILED: m at /States/A/End");
    EXPECT_EQ(located_message("m.asl.yaml", json::SourceMap(), missing), "m.asl.yaml: SCHEMA_VALIDATION_FAILED: m at /States/A/End");
}

}  // namespace
}  // namespace stepwise::asl
