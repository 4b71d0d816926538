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
