#include "json/yaml.h"

#include <gtest/gtest.h>

#include "json/parse.h"

using namespace stepwise;

TEST(Yaml, ScalarsAsYamlReadsThem) {
    json::Value v = json::parse_yaml("a: 1\nb: '1'\nc: 0012\nd: true\ne: ~\nf: text\ng: [1, x]\n", "t.yaml");
    EXPECT_EQ(v, json::parse(R"({"a":1,"b":"1","c":"0012","d":true,"e":null,"f":"text","g":[1,"x"]})"));
}

TEST(Yaml, KeepsWhereEachValueStarts) {
    json::SourceMap positions;
    json::YamlOptions options;
    options.positions = &positions;
    json::parse_yaml("cases:\n  - name: one\n    expect:\n      status: FAILED\n", "t.yaml", options);
    EXPECT_EQ(positions.find("/cases")->line, 1u);
    EXPECT_EQ(positions.find("/cases/0")->line, 2u);
    EXPECT_EQ(positions.find("/cases/0/name")->line, 2u);
    EXPECT_EQ(positions.find("/cases/0/name")->column, 5u);
    EXPECT_EQ(positions.find("/cases/0/expect/status")->line, 4u);
    EXPECT_EQ(positions.find("/cases/0/expect/status")->column, 7u);
}

TEST(Yaml, SyntaxErrorsNameLineAndColumn) {
    try {
        json::parse_yaml("a: 1\n b: 2\n", "bad.yaml");
        FAIL() << "accepted";
    } catch (const json::YamlError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("bad.yaml:2:", 0), 0u) << e.what();
    }
}

TEST(Yaml, LocalTagsGoToTheCallback) {
    json::YamlOptions options;
    options.on_tag = [](std::string_view tag, json::Value v) { return json::Value(json::Object{{std::string(tag), v}}); };
    EXPECT_EQ(json::parse_yaml("a: !Ref X\n", "t.yaml", options), json::parse(R"({"a":{"Ref":"X"}})"));
}

TEST(Yaml, ErrorsKeepTheirPartsApart) {
    json::YamlOptions options;
    options.reject_duplicate_keys = true;
    try {
        json::parse_yaml("a:\n  b: 1\n  b: 2\n", "t.yaml", options);
        FAIL() << "accepted";
    } catch (const json::YamlError& e) {
        EXPECT_EQ(e.kind(), json::YamlError::Kind::DuplicateKey);
        EXPECT_EQ(e.position().line, 3u);
        EXPECT_EQ(e.position().column, 3u);
        EXPECT_EQ(e.pointer(), "/a/b");
        EXPECT_EQ(e.reason(), "the key \"b\" is given twice in one mapping");
        EXPECT_STREQ(e.what(), "t.yaml:3:3: /a/b: the key \"b\" is given twice in one mapping");
    }
}

TEST(Yaml, TagsMergeKeysAndMoreDocumentsAreRefusedOnlyWhenAsked) {
    EXPECT_EQ(json::parse_yaml("a: !Ref X\n", "t.yaml"), json::parse(R"({"a":"X"})"));
    EXPECT_EQ(json::parse_yaml("a: 1\n---\nb: 2\n", "t.yaml"), json::parse(R"({"a":1})"));
    json::YamlOptions strict;
    strict.reject_local_tags = true;
    strict.reject_merge_keys = true;
    strict.single_document = true;
    auto refusal = [&](const std::string& text) -> std::string {
        try {
            json::parse_yaml(text, "t.yaml", strict);
        } catch (const json::YamlError& e) {
            EXPECT_EQ(e.kind(), json::YamlError::Kind::Refused) << e.what();
            return e.what();
        }
        return "accepted";
    };
    EXPECT_EQ(refusal("a: !Ref X\n").rfind("t.yaml:1:4: /a: a YAML tag (!Ref)", 0), 0u) << refusal("a: !Ref X\n");
    EXPECT_EQ(refusal("d: &d {x: 1}\na:\n  <<: *d\n").rfind("t.yaml:3:3: /a/<<: a merge key", 0), 0u);
    EXPECT_EQ(refusal("a: 1\n---\nb: 2\n").rfind("t.yaml:2:1: a second document", 0), 0u) << refusal("a: 1\n---\nb: 2\n");
    EXPECT_EQ(json::parse_yaml("---\na: '<<'\nb: !!str x\n", "t.yaml", strict), json::parse(R"({"a":"<<","b":"x"})"));
}
