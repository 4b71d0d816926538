// How AWS (a Java service) prints a JSON value inside States.Format: Java's
// String.valueOf on the parsed value. Strings come out raw, objects as
// {key=value, ...} and arrays as [a, b], recursively.
#include "query/intrinsic_ast.h"

namespace stepwise::query::detail {

void append_java_string(std::string& out, const json::Value& v) {
    switch (v.kind()) {
        case json::Kind::Null: out += "null"; break;
        case json::Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
        case json::Kind::Number: out += v.number_text(); break;
        case json::Kind::String: out += v.as_string(); break;
        case json::Kind::Array: {
            out += '[';
            bool first = true;
            for (const auto& item : v.as_array()) {
                if (!first) out += ", ";
                first = false;
                append_java_string(out, item);
            }
            out += ']';
            break;
        }
        case json::Kind::Object: {
            out += '{';
            bool first = true;
            for (const auto& m : v.as_object()) {
                if (!first) out += ", ";
                first = false;
                out += m.name();
                out += '=';
                append_java_string(out, m.value);
            }
            out += '}';
            break;
        }
    }
}

}  // namespace stepwise::query::detail
