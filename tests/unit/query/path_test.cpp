// JSONPath as AWS evaluates it (Jayway JsonPath).
// https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
#include <gtest/gtest.h>

#include "helpers.h"

using namespace qtest;
using stepwise::query::Path;
using stepwise::query::PathRoot;

namespace {
const char* kStore = R"({"store":{"book":[
  {"category":"reference","author":"Nigel Rees","title":"Sayings","price":8.95},
  {"category":"fiction","author":"Evelyn Waugh","title":"Sword","price":12.99},
  {"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553","price":8.99},
  {"category":"fiction","author":"J. R. R. Tolkien","title":"LOTR","isbn":"0-395","price":22.99}],
  "bicycle":{"color":"red","price":19.95}},"expensive":10})";
}

TEST(Path, RootAndDotNotation) {
    EXPECT_EQ(sel("$", R"({"a":1})"), R"({"a":1})");
    EXPECT_EQ(sel("$.a.b", R"({"a":{"b":[1,2]}})"), "[1,2]");
    EXPECT_EQ(sel("$.a.missing", R"({"a":{"b":1}})"), "<none>");
    EXPECT_EQ(sel("$.a.b", R"({"a":"text"})"), "<none>");
    EXPECT_EQ(sel("$.a", R"({"a":null})"), "null");
}

TEST(Path, BracketsAndQuotedNames) {
    EXPECT_EQ(sel("$['a b']", R"({"a b":1})"), "1");
    EXPECT_EQ(sel(R"($["x"])", R"({"x":2})"), "2");
    EXPECT_EQ(sel(R"($['it\'s'])", R"({"it's":3})"), "3");
    EXPECT_EQ(sel("$.a['b.c']", R"({"a":{"b.c":4}})"), "4");
    EXPECT_EQ(sel("$.with-dash", R"({"with-dash":5})"), "5");
}

TEST(Path, Indexes) {
    EXPECT_EQ(sel("$.a[0]", R"({"a":[10,20,30]})"), "10");
    EXPECT_EQ(sel("$.a[-1]", R"({"a":[10,20,30]})"), "30");
    EXPECT_EQ(sel("$.a[3]", R"({"a":[10,20,30]})"), "<none>");
    EXPECT_EQ(sel("$[1]", R"([1,2])"), "2");
    EXPECT_EQ(sel("$.a[0]", R"({"a":{"0":1}})"), "<none>");
}

TEST(Path, SlicesAreIndefinite) {
    const char* in = R"({"a":[0,1,2,3,4]})";
    EXPECT_EQ(sel("$.a[1:3]", in), "[1,2]");
    EXPECT_EQ(sel("$.a[:2]", in), "[0,1]");
    EXPECT_EQ(sel("$.a[-2:]", in), "[3,4]");
    EXPECT_EQ(sel("$.a[2:]", in), "[2,3,4]");
    EXPECT_EQ(sel("$.a[:-1]", in), "[0,1,2,3]");
    EXPECT_EQ(sel("$.a[3:10]", in), "[3,4]");
    EXPECT_EQ(sel("$.a[4:2]", in), "[]");
    EXPECT_FALSE(Path::compile("$.a[1:3]").is_definite());
}

TEST(Path, WildcardsAndUnions) {
    EXPECT_EQ(sel("$.a[*]", R"({"a":[1,2]})"), "[1,2]");
    EXPECT_EQ(sel("$.a.*", R"({"a":{"x":1,"y":2}})"), "[1,2]");
    EXPECT_EQ(sel("$.a[*].b", R"({"a":[{"b":1},{"c":2},{"b":3}]})"), "[1,3]");
    EXPECT_EQ(sel("$.a[0,2]", R"({"a":[1,2,3]})"), "[1,3]");
    EXPECT_EQ(sel("$.x[*]", R"({"x":5})"), "[]");
    EXPECT_EQ(sel("$.missing[*]", R"({})"), "[]");
    // Jayway merges a leaf multi-property selection into one object.
    EXPECT_EQ(sel("$['a','b']", R"({"a":1,"b":2,"c":3})"), R"({"a":1,"b":2})");
    EXPECT_EQ(sel("$[*]['a','b']", R"([{"a":1},{"b":2}])"), R"([{"a":1},{"b":2}])");
}

TEST(Path, RecursiveDescent) {
    EXPECT_EQ(sel("$..author", kStore), R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])");
    EXPECT_EQ(sel("$..price", kStore), "[8.95,12.99,8.99,22.99,19.95]");
    EXPECT_EQ(sel("$..book[2].title", kStore), R"(["Moby Dick"])");
    EXPECT_EQ(sel("$..*", R"({"a":{"b":1},"c":2})"), R"([{"b":1},2,1])");
    EXPECT_EQ(sel("$..[0]", R"({"a":[1,[2]]})"), "[1,2]");
}

TEST(Path, Filters) {
    EXPECT_EQ(sel("$.store.book[?(@.price < 10)].title", kStore), R"(["Sayings","Moby Dick"])");
    EXPECT_EQ(sel("$..book[?(@.isbn)].title", kStore), R"(["Moby Dick","LOTR"])");
    EXPECT_EQ(sel("$..book[?(@.price > $.expensive)].title", kStore), R"(["Sword","LOTR"])");
    EXPECT_EQ(sel("$..book[?(@.category == 'fiction' && @.price < 10)].author", kStore), R"(["Herman Melville"])");
    EXPECT_EQ(sel("$..book[?(@.price < 9 || @.price > 20)].price", kStore), "[8.95,8.99,22.99]");
    EXPECT_EQ(sel("$..book[?(@.author =~ /.*REES/i)].title", kStore), R"(["Sayings"])");
    EXPECT_EQ(sel("$..book[?(@.author =~ /Rees/)].title", kStore), "[]");  // =~ matches the whole text
    EXPECT_EQ(sel("$..book[?(!(@.price < 10))].price", kStore), "[12.99,22.99]");
    EXPECT_EQ(sel("$.a[?(@ != 2)]", R"({"a":[1,2,3]})"), "[1,3]");
    EXPECT_EQ(sel("$.a[?(@.x != 2)]", R"({"a":[{"x":2},{"y":1}]})"), R"([{"y":1}])");
    EXPECT_EQ(sel("$.a[?(@ >= 2)]", R"({"a":[1,2,3,"4"]})"), "[2,3]");
    EXPECT_EQ(sel("$.a[?(@ == '2')]", R"({"a":[1,2,"2"]})"), R"([2,"2"])");
    EXPECT_EQ(sel("$.a[?(@ in ['x','y'])]", R"({"a":["x","z","y"]})"), R"(["x","y"])");
    EXPECT_EQ(sel("$.a[?(@ nin [1])]", R"({"a":[1,2]})"), "[2]");
    EXPECT_EQ(sel("$.a[?(@.t size 2)]", R"({"a":[{"t":[1,2]},{"t":"ab"},{"t":[1]}]})"), R"([{"t":[1,2]},{"t":"ab"}])");
    EXPECT_EQ(sel("$.a[?(@.t empty true)]", R"({"a":[{"t":[]},{"t":[1]}]})"), R"([{"t":[]}])");
    EXPECT_EQ(sel("$.a[?(@.t anyof [1,5])]", R"({"a":[{"t":[1,2]},{"t":[3]}]})"), R"([{"t":[1,2]}])");
    EXPECT_EQ(sel("$.a[?(@.t subsetof [1,2,3])]", R"({"a":[{"t":[1,2]},{"t":[4]}]})"), R"([{"t":[1,2]}])");
    EXPECT_EQ(sel("$.a[?(@.t contains 'b')]", R"({"a":[{"t":"abc"},{"t":"x"}]})"), R"([{"t":"abc"}])");
    EXPECT_EQ(sel("$.a[?(@.b == true)].n", R"({"a":[{"b":true,"n":1},{"b":false,"n":2}]})"), "[1]");
    EXPECT_EQ(sel("$.a[?(@.b == null)].n", R"({"a":[{"b":null,"n":1},{"n":2}]})"), "[1]");
    // A filter on an object tests the object itself.
    EXPECT_EQ(sel("$.o[?(@.k == 1)]", R"({"o":{"k":1}})"), R"([{"k":1}])");
}

TEST(Path, Roots) {
    auto ctx = Path::compile("$$.Execution.Id");
    EXPECT_EQ(ctx.root(), PathRoot::Context);
    EXPECT_TRUE(ctx.uses_context());
    EXPECT_EQ(sel("$$.Execution.Id", "{}", R"({"Execution":{"Id":"arn"}})"), R"("arn")");
    EXPECT_EQ(sel("$$", "{}", R"({"x":1})"), R"({"x":1})");

    auto var = Path::compile("$order.items[0]");
    EXPECT_EQ(var.root(), PathRoot::Variable);
    EXPECT_EQ(var.variable(), "order");
    EXPECT_FALSE(var.is_reference_path());
    MapVariables vars;
    vars.values["order"] = stepwise::json::parse(R"({"items":["x"]})");
    stepwise::json::Value in, context;
    stepwise::query::Scope scope{in, context, &vars};
    EXPECT_EQ(stepwise::json::dump(*var.select(scope)), R"("x")");
    EXPECT_FALSE(Path::compile("$nothing").select(scope).has_value());
    EXPECT_EQ(Path::compile("$order.items[?(@ == $order.items[0])]").referenced_variables().size(), 2u);
}

TEST(Path, Definiteness) {
    EXPECT_TRUE(Path::compile("$.a.b[0]").is_definite());
    EXPECT_TRUE(Path::compile("$['a']").is_definite());
    for (auto p : {"$.a[*]", "$..a", "$.a[0,1]", "$.a[?(@.x)]", "$.*", "$.a[1:]"})
        EXPECT_FALSE(Path::compile(p).is_definite()) << p;
    EXPECT_TRUE(Path::compile("$.a.b[0]").is_reference_path());
    EXPECT_TRUE(Path::compile("$").is_reference_path());
    EXPECT_FALSE(Path::compile("$.a[-1]").is_reference_path());
    EXPECT_FALSE(Path::compile("$$.a").is_reference_path());
    EXPECT_FALSE(Path::compile("$.a[*]").is_reference_path());
}

TEST(Path, SyntaxErrors) {
    for (auto p : {"", "a.b", "$.", "$..", "$[", "$[1", "$['a]", "$.a[?(@.b <)]", "$.a[x]", "$ .a b", "$.a.foo()",
                   "@.a", "$.a[?(@.b == 1]", "$[1:2:3]"})
        EXPECT_TRUE(path_compile_fails(p)) << p;
}

TEST(Path, SegmentLimit) {
    std::string ok = "$", too_long = "$";
    for (int i = 0; i < 1000; ++i) ok += "[*]";
    too_long = ok + ".a";
    EXPECT_FALSE(path_compile_fails(ok));
    EXPECT_TRUE(path_compile_fails(too_long));
}

TEST(Path, ExplodingDescentIsBounded) {
    std::string doc;
    for (int i = 0; i < 80; ++i) doc += "[0,";
    doc += "0";
    for (int i = 0; i < 80; ++i) doc += "]";
    EXPECT_THROW(sel("$..*..*..*..*..*..*", doc), stepwise::query::EvalError);
}

TEST(Path, LengthFunction) {
    EXPECT_EQ(sel("$.a.length()", R"({"a":[1,2,3]})"), "3");
    EXPECT_EQ(sel("$.a[*].length()", R"({"a":[1,2]})"), "2");
    EXPECT_EQ(sel("$.a[?(@.t.length() > 1)].n", R"({"a":[{"t":[1,2],"n":1},{"t":[1],"n":2},{"n":3}]})"), "[1]");
}

TEST(Path, SelectSharesNodes) {
    auto in = stepwise::json::parse(R"({"a":{"b":{"big":[1,2,3]}}})");
    stepwise::json::Value ctx;
    stepwise::query::Scope scope{in, ctx};
    auto v = Path::compile("$.a.b").select(scope);
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->same_node(*in.find("a")->find("b")));
}

// Jayway's wording, as AWS prints it after "Invalid path '<path>' : ": a property
// missing on the way (conformance case error_handling/catch_states_runtime), a
// definite path ending on nothing ("No results for path: $['Payload']", quoted
// from a real execution: see tests/unit/engine/runtime_error_texts_test.cpp).
TEST(Path, ExplainMissing) {
    auto in = stepwise::json::parse("{}");
    EXPECT_EQ(Path::compile("$.no.such.result.path").explain_missing(in), "Missing property in path $['no']");
    EXPECT_EQ(Path::compile("$.Payload").explain_missing(in), "No results for path: $['Payload']");
    auto arr = stepwise::json::parse(R"({"a":[{"b":1}],"n":null})");
    EXPECT_EQ(Path::compile("$.a[0].c").explain_missing(arr), "No results for path: $['a'][0]['c']");
    EXPECT_EQ(Path::compile("$.a[3].b").explain_missing(arr), "No results for path: $['a'][3]['b']");
    EXPECT_EQ(Path::compile("$.n[0]").explain_missing(arr), "The path $['n'] is null");
    stepwise::json::Value ctx;
    stepwise::query::Scope scope{in, ctx};
    try {
        Path::compile("$.no.such").select_or_throw(scope);
        FAIL();
    } catch (const stepwise::query::EvalError& e) {
        EXPECT_EQ(e.error(), "States.Runtime");
        EXPECT_EQ(e.cause(), "Invalid path '$.no.such' : Missing property in path $['no']");
    }
}

TEST(PathRegex, JavaSubsetFullMatch) {
    const char* in = R"({"a":["abc","ABC","a1","a_b","x\ny","","aaaa","foo.bar","Zürich"]})";
    EXPECT_EQ(sel("$.a[?(@ =~ /abc/)]", in), R"(["abc"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /abc/i)]", in), R"(["abc","ABC"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /a\\d/)]", in), R"(["a1"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /\\w+/)]", in), R"(["abc","ABC","a1","a_b","aaaa"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /[a-c]{3}|a{2,}/)]", in), R"(["abc","aaaa"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /x.y/)]", in), "[]");  // . stops at line ends
    EXPECT_EQ(sel("$.a[?(@ =~ /x.y/s)]", in), R"(["x\ny"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /^$/)]", in), R"([""])");
    EXPECT_EQ(sel("$.a[?(@ =~ /foo\\.bar/)]", in), R"(["foo.bar"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /[^a-z]+/)]", in), R"(["ABC"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /Z.rich/)]", in), R"(["Zürich"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /(?:a|b)*c?/)]", in), R"(["abc","","aaaa"])");
    EXPECT_EQ(sel("$.a[?(@ =~ /.*\\bbar/)]", in), R"(["foo.bar"])");
    // Nested quantifiers stay linear (std::regex would backtrack for ages).
    std::string many(5000, 'a');
    EXPECT_EQ(sel("$.a[?(@ =~ /(a*)*b/)]", R"({"a":[")" + many + R"("]})"), "[]");
    for (auto bad : {"$.a[?(@ =~ /(a/)]", "$.a[?(@ =~ /a)/)]", "$.a[?(@ =~ /(?=a)/)]", "$.a[?(@ =~ /(a)\\1/)]",
                     "$.a[?(@ =~ /*/)]", "$.a[?(@ =~ /[b-a]/)]"})
        EXPECT_TRUE(path_compile_fails(bad)) << bad;
}

// AWS evaluates JSONPath with Jayway JsonPath, whose PathCompiler reads the
// token after a single '.' afresh: a bracket may follow it.
// https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
// (Jayway: json-path/JsonPath, PathCompiler.readDotToken)
TEST(Path, ADotBeforeABracketIsTheBracket) {
    const char* in = R"({"items":[{"a":1},{"a":3}],"x":{"y z":2}})";
    EXPECT_EQ(sel("$.items.[0]", in), sel("$.items[0]", in));
    EXPECT_EQ(sel("$.items.[0]", in), R"({"a":1})");
    EXPECT_EQ(sel("$.items.[?(@.a > 1)]", in), R"([{"a":3}])");
    EXPECT_EQ(sel("$.x.['y z']", in), "2");
    EXPECT_EQ(sel("$.[?(@.a > 1)]", R"([{"a":1},{"a":2}])"), R"([{"a":2}])");
    EXPECT_EQ(sel("$.[1]", R"([5,6])"), "6");
    EXPECT_TRUE(Path::compile("$.items.[0]").is_definite());
    EXPECT_TRUE(Path::compile("$.items.[0].a").is_reference_path());
    // Still refused: a dot or a bracket with nothing after it.
    EXPECT_THROW(Path::compile("$.items.["), stepwise::query::SyntaxError);
    EXPECT_THROW(Path::compile("$.items."), stepwise::query::SyntaxError);
}

// A bare word in a filter comparison (`@.status == active`) is in real-world
// definitions AWS accepts (issue 18); Jayway reads it as a number literal and
// cannot compile the path (FilterCompiler.readLiteral -> readNumberLiteral), so
// the state fails when it runs: States.Runtime naming the word.
TEST(Path, ABareWordInAFilterCompilesAndFailsWhenEvaluated) {
    try {
        sel("$.items[?(@.status == active)]", R"({"items":[{"status":"active"}]})");
        ADD_FAILURE() << "a bare word was evaluated";
    } catch (const stepwise::query::EvalError& e) {
        EXPECT_EQ(e.error(), "States.Runtime");
        EXPECT_NE(e.cause().find("'active', which is not a value (quote a string: 'active')"), std::string::npos) << e.cause();
    }
    EXPECT_NO_THROW(Path::compile("$.items[?(@.status==subject_completed)]"));
    // The quoted word, and true/false/null, are values.
    EXPECT_EQ(sel("$.items[?(@.status == 'active')].id", R"({"items":[{"status":"active","id":1},{"status":"x","id":2}]})"),
              "[1]");
    EXPECT_EQ(sel("$.items[?(@.on == true)].id", R"({"items":[{"on":true,"id":1},{"on":false,"id":2}]})"), "[1]");
}
