// libFuzzer: intrinsic call text -> compile -> evaluate against a fixed
// document; also as a payload template member.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json/parse.h"
#include "query/intrinsics.h"
#include "query/template.h"

using namespace stepwise;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    static const json::Value input = json::parse(R"({"s":"a,b,,c","n":3,"f":1.5,"neg":-2,"big":1e300,
      "arr":[1,"x",{"k":[1,2]},null,true,1],"obj":{"a":1,"b":{"c":2}},"o2":{"b":3},"json":"{\"q\":[1,2]}",
      "b64":"RGF0YQ==","t":"{} and {}","e":"","u":"é€😀"})");
    static const json::Value context = json::parse(R"({"Execution":{"Name":"exec-1","Input":{"v":1}},"StateMachine":{"Name":"a-b-c"}})");
    query::SeededRandom random(1);
    query::Scope scope{input, context, nullptr, &random};
    try {
        auto call = query::IntrinsicCall::compile(text);
        try {
            (void)call.evaluate(scope);
        } catch (const query::EvalError&) {
        }
    } catch (const query::SyntaxError&) {
    }
    json::Object def;
    def.set("x.$", json::Value(text));
    std::vector<query::TemplateProblem> problems;
    auto t = query::Template::compile(json::Value(std::move(def)), problems);
    if (problems.empty()) {
        try {
            (void)t.evaluate(scope, "Parameters");
        } catch (const query::EvalError&) {
        }
    }
    return 0;
}
