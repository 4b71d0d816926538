#pragma once

#include <map>
#include <string>

#include "json/parse.h"
#include "json/write.h"
#include "query/errors.h"
#include "query/intrinsics.h"
#include "query/path.h"
#include "query/scope.h"
#include "query/template.h"

namespace qtest {

using namespace stepwise;

struct MapVariables : query::Variables {
    std::map<std::string, json::Value, std::less<>> values;
    const json::Value* lookup(std::string_view name) const override {
        auto it = values.find(name);
        return it == values.end() ? nullptr : &it->second;
    }
};

// Evaluates a path against `input` and returns compact JSON, or "<none>".
inline std::string sel(std::string_view path, std::string_view input, std::string_view context = "{}") {
    json::Value in = json::parse(input), ctx = json::parse(context);
    query::Scope scope{in, ctx};
    auto v = query::Path::compile(path).select(scope);
    return v ? json::dump(*v) : "<none>";
}

inline std::string call(std::string_view text, std::string_view input = "{}", std::string_view context = "{}",
                        query::Random* random = nullptr) {
    json::Value in = json::parse(input), ctx = json::parse(context);
    query::Scope scope{in, ctx, nullptr, random};
    return json::dump(query::IntrinsicCall::compile(text).evaluate(scope));
}

// The EvalError a call raises, as "error: cause", or "<no error>".
inline std::string call_error(std::string_view text, std::string_view input = "{}") {
    json::Value in = json::parse(input), ctx = json::parse("{}");
    query::Scope scope{in, ctx};
    try {
        query::IntrinsicCall::compile(text).evaluate(scope, "f.$");
    } catch (const query::EvalError& e) {
        return e.error() + ": " + e.cause();
    }
    return "<no error>";
}

inline bool compile_fails(std::string_view text) {
    try {
        query::IntrinsicCall::compile(text);
    } catch (const query::SyntaxError&) {
        return true;
    }
    return false;
}

inline bool path_compile_fails(std::string_view text) {
    try {
        query::Path::compile(text);
    } catch (const query::SyntaxError&) {
        return true;
    }
    return false;
}

}  // namespace qtest
