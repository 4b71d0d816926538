// libFuzzer: JSONPath text -> compile -> select / assign against a fixed document.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "json/parse.h"
#include "query/path.h"

using namespace stepwise;

namespace {
struct Vars : query::Variables {
    json::Value v = json::parse(R"({"a":[1,{"b":"x"}],"n":5})");
    const json::Value* lookup(std::string_view name) const override { return name == "v" ? &v : nullptr; }
};
const json::Value& doc() {
    static const json::Value d = json::parse(R"({"store":{"book":[
      {"category":"reference","author":"Nigel Rees","title":"Sayings","price":8.95,"tags":["a","b"]},
      {"category":"fiction","author":"Evelyn Waugh","title":"Sword","price":12.99,"isbn":"0-1"},
      {"category":"fiction","price":"cheap","nested":{"deep":[[1,2],[3,{"k":null}]]}}],
      "bicycle":{"color":"red","price":19.95}},"a b":true,"arr":[0,1,2,3,4,5],"s":"text","e":{},"z":[]})");
    return d;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    query::Path path;
    try {
        path = query::Path::compile(text);
    } catch (const query::SyntaxError&) {
        return 0;
    }
    static const Vars vars;
    static const json::Value context = json::parse(R"({"Execution":{"Id":"arn","Input":{"k":[1,2]}},"Map":{"Item":{"Index":0}}})");
    query::Scope scope{doc(), context, &vars};
    (void)path.is_definite();
    (void)path.uses_context();
    auto v = path.select(scope);
    if (path.is_definite() && !v) (void)path.explain_missing(doc());
    if (path.is_reference_path()) {
        json::Value target = doc();
        try {
            path.assign(target, json::Value(1));
        } catch (const query::EvalError&) {
        }
    }
    return 0;
}
