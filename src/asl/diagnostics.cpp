// Diagnostic text and the collector the compiler reports into.
#include "asl/compile.h"
#include "asl/compiler.h"

namespace stepwise::asl {

std::string Diagnostic::to_string() const {
    std::string out = code;
    out += ": ";
    out += message;
    out += " at ";
    out += pointer.empty() ? "/" : pointer;
    return out;
}

namespace detail {

void Diagnostics::add(std::string pointer, std::string_view code, std::string message) {
    list_.push_back(Diagnostic{std::move(pointer), std::string(code), std::move(message)});
}

std::string quoted_field(std::string_view name) {
    std::string out = "'";
    out += name;
    out += "'";
    return out;
}

std::string_view language_name(QueryLanguage language) {
    return language == QueryLanguage::JSONata ? "JSONata" : "JSONPath";
}

std::string kind_with_article(const json::Value& value) {
    switch (value.kind()) {
        case json::Kind::Null: return "null";
        case json::Kind::Bool: return "a boolean";
        case json::Kind::Number: return "a number";
        case json::Kind::String: return "a string";
        case json::Kind::Array: return "an array";
        case json::Kind::Object: return "an object";
    }
    return "a value";
}

}  // namespace detail
}  // namespace stepwise::asl
