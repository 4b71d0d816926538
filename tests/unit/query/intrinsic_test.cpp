// Every intrinsic function: success and each failure.
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
#include <gtest/gtest.h>

#include <regex>

#include "helpers.h"

using namespace qtest;
using stepwise::query::looks_like_intrinsic;

#define EXPECT_FAILURE(text, input) EXPECT_EQ(call_error(text, input).rfind("States.IntrinsicFailure: ", 0), 0u) << call_error(text, input)

TEST(Intrinsic, LooksLikeIntrinsic) {
    EXPECT_TRUE(looks_like_intrinsic("States.Array(1)"));
    EXPECT_FALSE(looks_like_intrinsic("$.States"));
    EXPECT_FALSE(looks_like_intrinsic("States"));
}

TEST(Intrinsic, Literals) {
    EXPECT_EQ(call("States.Array(1, -2.5, 'a', true, false, null)"), R"([1,-2.5,"a",true,false,null])");
    EXPECT_EQ(call("States.Array()"), "[]");
    EXPECT_EQ(call(R"(States.Array('it\'s', 'a\\b', '\{\}'))"), R"(["it's","a\\b","{}"])");
    EXPECT_EQ(call("States.Array( 1 ,2 )"), "[1,2]");
    EXPECT_EQ(call(R"(States.Array('a\nb'))"), R"(["a\\nb"])");  // other escapes stay as written
}

TEST(Intrinsic, PathArguments) {
    const char* in = R"({"a":{"b":[1,2]},"c d":3})";
    EXPECT_EQ(call("States.Array($.a.b[1], $['c d'], $.a.b[*])", in), "[2,3,[1,2]]");
    EXPECT_EQ(call("States.Array($$.Execution.Name)", "{}", R"({"Execution":{"Name":"run"}})"), R"(["run"])");
    EXPECT_EQ(call_error("States.Array($.missing)", "{\"a\":1}"),
              "States.Runtime: The JSONPath '$.missing' specified for the field 'f.$' could not be found in the input "
              "'{\"a\":1}'");
}

TEST(Intrinsic, SyntaxErrors) {
    for (auto t : {"States.Nope()", "States.Array(", "States.Array(1", "States.Array(1,)", "States.Array('x)",
                   "States.Array(x)", "States.Array(1) extra", "States.UUID(1)", "States.ArrayLength()",
                   "States.MathAdd(1)", "States.MathAdd('a', 1)", "States.ArrayGetItem($.a, 'x')",
                   "States.JsonMerge($.a, $.b)", "States.Array($.[)", "Foo.Bar()"})
        EXPECT_TRUE(compile_fails(t)) << t;
}

TEST(Intrinsic, NestingLimit) {
    // "You can nest up to 10 intrinsic functions within a field."
    std::string ten = "States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array("
                      "States.Array(States.Array(States.Array(1))))))))))";
    EXPECT_FALSE(compile_fails(ten));
    EXPECT_TRUE(compile_fails("States.Array(" + ten + ")"));
}

TEST(Intrinsic, Format) {
    EXPECT_EQ(call("States.Format('Hello, my name is {}.', $.name)", R"({"name":"Ann"})"),
              R"("Hello, my name is Ann.")");
    // Values print as Java prints them (recorded on AWS: objects as {k=v}).
    EXPECT_EQ(call("States.Format('{} {} {} {} {}', $.o, $.a, $.n, $.f, $.b)",
                   R"({"o":{"Arg1":1,"Arg2":[]},"a":[1,"x",{"k":null}],"n":null,"f":1.1,"b":true})"),
              R"("{Arg1=1, Arg2=[]} [1, x, {k=null}] null 1.1 true")");
    EXPECT_EQ(call(R"(States.Format('\{\} {} \'q\' \\', 1))"), R"("{} 1 'q' \\")");
    EXPECT_EQ(call("States.Format($.t, 1, 2)", R"({"t":"{}+{}"})"), R"("1+2")");
    EXPECT_EQ(call("States.Format('no placeholders')"), R"("no placeholders")");
    // Numbers with a fraction or exponent print as Java's Double.toString.
    EXPECT_EQ(call("States.Format('{} {} {} {} {} {} {} {}', $.a, $.b, $.c, $.d, $.e, $.f, $.g, $.h)",
                   R"({"a":1.50,"b":100.0,"c":1e7,"d":1.5e-7,"e":0.001,"f":12345678.9,"g":-2.5E2,"h":123456789012345678901234})"),
              R"("1.5 100.0 1.0E7 1.5E-7 0.001 1.23456789E7 -250.0 123456789012345678901234")");
    EXPECT_FAILURE("States.Format('{} {}', 1)", "{}");
    EXPECT_FAILURE("States.Format('{}', 1, 2)", "{}");
    EXPECT_FAILURE("States.Format($.t)", R"({"t":1})");
}

TEST(Intrinsic, StringToJson) {
    EXPECT_EQ(call("States.StringToJson($.s)", R"({"s":"{\"a\":[1,2]}"})"), R"({"a":[1,2]})");
    EXPECT_EQ(call("States.StringToJson($.s)", R"({"s":""})"), "null");
    EXPECT_EQ(call("States.StringToJson($.s)", R"({"s":"  "})"), "null");
    EXPECT_EQ(call("States.StringToJson($.s)", R"({"s":"-0"})"), "0");
    EXPECT_EQ(call("States.StringToJson($.s)", R"({"s":"1.50"})"), "1.50");
    EXPECT_FAILURE("States.StringToJson($.s)", R"({"s":"{bad"})");
    EXPECT_FAILURE("States.StringToJson($.s)", R"({"s":1})");
}

TEST(Intrinsic, JsonToString) {
    EXPECT_EQ(call("States.JsonToString($.o)", R"({"o":{"a":[1,"x"],"b":null}})"), R"("{\"a\":[1,\"x\"],\"b\":null}")");
    EXPECT_EQ(call("States.JsonToString($.o)", R"({"o":"s"})"), R"("\"s\"")");
    EXPECT_EQ(call("States.JsonToString($.o)", R"({"o":1.1})"), R"("1.1")");
}

TEST(Intrinsic, JsonMerge) {
    EXPECT_EQ(call("States.JsonMerge($.a, $.b, false)", R"({"a":{"x":{"p":1},"y":2},"b":{"x":{"q":2}}})"),
              R"({"x":{"q":2},"y":2})");
    // Key order is java.util.HashMap's (recorded on AWS).
    EXPECT_EQ(call("States.JsonMerge($.a, $.b, false)", R"({"a":{"constant_in_literal":"false"},"b":{"constant_input_field":"v"}})"),
              R"({"constant_input_field":"v","constant_in_literal":"false"})");
    // Order checked against the JDK: HashMap.keySet() after putting these keys in this order.
    EXPECT_EQ(call("States.JsonMerge($.a, $.b, false)",
                   R"({"a":{"zeta":1,"alpha":1,"mid":1,"b":1},"b":{"é":1,"key10":1,"key2":1}})"),
              R"({"zeta":1,"key2":1,"b":1,"alpha":1,"mid":1,"é":1,"key10":1})");
    EXPECT_TRUE(compile_fails("States.JsonMerge($.a, $.b, 'false')"));
    EXPECT_FAILURE("States.JsonMerge($.a, $.b, true)", R"({"a":{},"b":{}})");
    EXPECT_FAILURE("States.JsonMerge($.a, $.b, $.d)", R"({"a":{},"b":{},"d":true})");
    EXPECT_FAILURE("States.JsonMerge($.a, $.b, false)", R"({"a":[],"b":{}})");
}

TEST(Intrinsic, Array) {
    EXPECT_EQ(call("States.Array($.a, $.b)", R"({"a":{"k":1},"b":[null]})"), R"([{"k":1},[null]])");
}

TEST(Intrinsic, ArrayPartition) {
    EXPECT_EQ(call("States.ArrayPartition($.a, 2)", R"({"a":[1,2,3,4,5]})"), "[[1,2],[3,4],[5]]");
    EXPECT_EQ(call("States.ArrayPartition($.a, 9)", R"({"a":[1,2]})"), "[[1,2]]");
    EXPECT_EQ(call("States.ArrayPartition($.a, 1)", R"({"a":[]})"), "[]");
    EXPECT_FAILURE("States.ArrayPartition($.a, 0)", R"({"a":[1]})");
    EXPECT_FAILURE("States.ArrayPartition($.a, -1)", R"({"a":[1]})");
    EXPECT_FAILURE("States.ArrayPartition($.a, $.n)", R"({"a":[1],"n":1.5})");
    EXPECT_TRUE(compile_fails("States.ArrayPartition($.a, 1.5)"));
    EXPECT_FAILURE("States.ArrayPartition($.a, 1)", R"({"a":"x"})");
}

TEST(Intrinsic, ArrayContains) {
    EXPECT_EQ(call("States.ArrayContains($.a, $.v)", R"({"a":[1,{"k":[2]}],"v":{"k":[2]}})"), "true");
    EXPECT_EQ(call("States.ArrayContains($.a, 3)", R"({"a":[1,2]})"), "false");
    EXPECT_EQ(call("States.ArrayContains($.a, 1.0)", R"({"a":[1]})"), "true");
    EXPECT_FAILURE("States.ArrayContains($.a, 1)", R"({"a":{}})");
}

TEST(Intrinsic, ArrayRange) {
    EXPECT_EQ(call("States.ArrayRange(1, 9, 2)"), "[1,3,5,7,9]");
    EXPECT_EQ(call("States.ArrayRange(0, 10, 3)"), "[0,3,6,9]");
    EXPECT_EQ(call("States.ArrayRange(5, 1, -2)"), "[5,3,1]");
    EXPECT_EQ(call("States.ArrayRange(1, 0, 1)"), "[]");
    EXPECT_EQ(stepwise::json::parse(call("States.ArrayRange(1, 1000, 1)")).size(), 1000u);  // the maximum
    EXPECT_FAILURE("States.ArrayRange(0, 1000, 1)", "{}");
    EXPECT_FAILURE("States.ArrayRange(0, 5, 0)", "{}");
    EXPECT_FAILURE("States.ArrayRange($.a, 5, 1)", R"({"a":"0"})");
    EXPECT_TRUE(compile_fails("States.ArrayRange(0, 5, 0.5)"));
}

TEST(Intrinsic, ArrayGetItem) {
    EXPECT_EQ(call("States.ArrayGetItem($.a, 1)", R"({"a":["x","y"]})"), R"("y")");
    EXPECT_EQ(call("States.ArrayGetItem($.a, $.i)", R"({"a":["x","y"],"i":0})"), R"("x")");
    EXPECT_FAILURE("States.ArrayGetItem($.a, 2)", R"({"a":["x","y"]})");
    EXPECT_FAILURE("States.ArrayGetItem($.a, -1)", R"({"a":["x","y"]})");
    EXPECT_FAILURE("States.ArrayGetItem($.a, 0)", R"({"a":"xy"})");
}

TEST(Intrinsic, ArrayLength) {
    EXPECT_EQ(call("States.ArrayLength($.a)", R"({"a":[1,2,3]})"), "3");
    EXPECT_EQ(call("States.ArrayLength($.a)", R"({"a":[]})"), "0");
    EXPECT_FAILURE("States.ArrayLength($.a)", R"({"a":{"x":1}})");
}

TEST(Intrinsic, ArrayUnique) {
    EXPECT_EQ(call("States.ArrayUnique($.a)", R"({"a":[1,2,1,"1",null,null,{"a":1},{"a":1},[1],[1],1.0]})"),
              R"([1,2,"1",null,{"a":1},[1]])");
    EXPECT_FAILURE("States.ArrayUnique($.a)", R"({"a":"x"})");
}

TEST(Intrinsic, Base64) {
    EXPECT_EQ(call("States.Base64Encode('Data to encode')"), R"("RGF0YSB0byBlbmNvZGU=")");
    EXPECT_EQ(call("States.Base64Encode('ab')"), R"("YWI=")");
    EXPECT_EQ(call("States.Base64Encode('')"), R"("")");
    EXPECT_EQ(call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')"), R"("Data to encode")");
    EXPECT_EQ(call("States.Base64Decode('YWI')"), R"("ab")");
    EXPECT_EQ(call("States.Base64Decode($.s)", R"({"s":"w6k="})"), R"("é")");
    EXPECT_FAILURE("States.Base64Decode('***')", "{}");
    EXPECT_FAILURE("States.Base64Decode('Y')", "{}");
    EXPECT_FAILURE("States.Base64Encode($.s)", R"({"s":5})");
    std::string big = "{\"s\":\"" + std::string(10001, 'a') + "\"}";
    EXPECT_FAILURE("States.Base64Encode($.s)", big);
    EXPECT_FAILURE("States.Base64Decode($.s)", big);
}

TEST(Intrinsic, Hash) {
    // Digests recorded on AWS for "input data".
    EXPECT_EQ(call("States.Hash('input data', 'MD5')"), R"("812f45842bc6d66ee14572ce20db8e86")");
    EXPECT_EQ(call("States.Hash('input data', 'SHA-1')"), R"("aaff4a450a104cd177d28d18d74485e8cae074b7")");
    EXPECT_EQ(call("States.Hash('input data', 'SHA-256')"),
              R"("b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")");
    EXPECT_EQ(call("States.Hash('input data', 'SHA-384')").size(), 98u);
    EXPECT_EQ(call("States.Hash('input data', 'SHA-512')").size(), 130u);
    EXPECT_FAILURE("States.Hash('x', 'SHA-3')", "{}");
    EXPECT_FAILURE("States.Hash('x', 'md5')", "{}");
    EXPECT_TRUE(compile_fails("States.Hash('x', 5)"));
}

TEST(Intrinsic, MathAdd) {
    EXPECT_EQ(call("States.MathAdd(1, 2)"), "3");
    EXPECT_EQ(call("States.MathAdd($.v, -1)", R"({"v":111})"), "110");
    // Each operand is rounded as Java's Math.round does first (recorded on AWS).
    EXPECT_EQ(call("States.MathAdd(1.5, 1.51)"), "4");
    EXPECT_EQ(call("States.MathAdd(-1.5, 0)"), "-1");
    EXPECT_EQ(call("States.MathAdd(-0.5, 0.5)"), "1");
    EXPECT_FAILURE("States.MathAdd($.v, 1)", R"({"v":"1"})");
}

TEST(Intrinsic, MathRandom) {
    for (int i = 0; i < 50; ++i) {
        auto v = std::stoll(call("States.MathRandom(1, 5)"));
        EXPECT_GE(v, 1);
        EXPECT_LT(v, 5);
    }
    // A seed makes the result reproducible (java.util.Random).
    EXPECT_EQ(call("States.MathRandom(0, 999, 3)"), call("States.MathRandom(0, 999, 3)"));
    // Values checked against the JDK: new java.util.Random(seed).nextInt(end - start).
    EXPECT_EQ(call("States.MathRandom(0, 100, 42)"), "30");
    EXPECT_EQ(call("States.MathRandom(0, 999, 3)"), "239");
    EXPECT_EQ(call("States.MathRandom(10, 26, -7)"), "14");
    // An injected source makes unseeded calls reproducible too.
    stepwise::query::SeededRandom r1(7), r2(7);
    EXPECT_EQ(call("States.MathRandom(0, 1000000)", "{}", "{}", &r1), call("States.MathRandom(0, 1000000)", "{}", "{}", &r2));
    EXPECT_FAILURE("States.MathRandom(5, 5)", "{}");
    EXPECT_FAILURE("States.MathRandom($.a, 5)", R"({"a":1.5})");
    EXPECT_TRUE(compile_fails("States.MathRandom('a', 5)"));
}

TEST(Intrinsic, StringSplit) {
    EXPECT_EQ(call("States.StringSplit('1,2,3', ',')"), R"(["1","2","3"])");
    // Every character of the second argument separates; empty pieces are dropped (recorded on AWS).
    EXPECT_EQ(call("States.StringSplit('This.is+a,test=string', '.+,=')"), R"(["This","is","a","test","string"])");
    EXPECT_EQ(call("States.StringSplit(',,,,', ',')"), "[]");
    EXPECT_EQ(call("States.StringSplit(' , ', ',')"), R"([" "," "])");
    EXPECT_EQ(call("States.StringSplit('aéb', 'é')"), R"(["a","b"])");
    EXPECT_FAILURE("States.StringSplit($.s, ',')", R"({"s":1})");
}

TEST(Intrinsic, UUID) {
    std::string u = call("States.UUID()");
    EXPECT_TRUE(std::regex_match(u, std::regex(R"("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")"))) << u;
    EXPECT_NE(u, call("States.UUID()"));
    stepwise::query::SeededRandom r1(1), r2(1);
    EXPECT_EQ(call("States.UUID()", "{}", "{}", &r1), call("States.UUID()", "{}", "{}", &r2));
}

TEST(Intrinsic, NestedCalls) {
    const char* ctx = R"({"StateMachine":{"Name":"alpha-beta-gamma"}})";
    EXPECT_EQ(call("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), "
                   "States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
                   "{}", ctx),
              R"("gamma")");
    EXPECT_EQ(call("States.JsonMerge(States.StringToJson('{\"a\": 1}'), $.b, false)", R"({"b":{"c":2}})"),
              R"({"a":1,"c":2})");
    EXPECT_TRUE(stepwise::query::IntrinsicCall::compile("States.Array(States.Array($$.x))").uses_context());
}
