// Payload templates. Compilation turns the definition into a tree whose
// constant subtrees are kept as the original (shared) JSON nodes; evaluation
// builds only the objects and arrays that contain a `.$` member.
#include "query/template.h"

#include <algorithm>
#include <unordered_map>

#include "json/pointer.h"
#include "json/write.h"
#include "query/intrinsics.h"
#include "query/path.h"

namespace stepwise::query {

namespace {

struct Node {
    enum class Kind : uint8_t { Constant, Path, Intrinsic, Object, Array } kind = Kind::Constant;
    json::Value constant;
    Path path;
    IntrinsicCall call;
    std::string field;  // the original key, "name.$"
    std::vector<json::Value> keys;  // Object: output keys, parallel to items
    std::vector<Node> items;        // Object members or Array items
    bool duplicate_keys = false;
};

struct Compiler {
    std::vector<TemplateProblem>& problems;
    bool uses_context = false;
    std::vector<std::string> variables;

    void note_variables(const std::vector<std::string>& vars) {
        for (const auto& v : vars)
            if (std::find(variables.begin(), variables.end(), v) == variables.end()) variables.push_back(v);
    }

    Node compile(const json::Value& def, const std::string& pointer) {
        Node node;
        if (def.is_object()) {
            bool dynamic = false;
            std::unordered_map<std::string_view, bool> seen;  // output key -> written with .$ (a hash: objects may be large)
            for (const auto& m : def.as_object()) {
                std::string_view key = m.name();
                std::string child_pointer = pointer + "/" + json::pointer_escape(key);
                if (key.size() >= 2 && key.substr(key.size() - 2) == ".$") {
                    dynamic = true;
                    node.items.push_back(dynamic_member(key, m.value, child_pointer));
                    node.keys.emplace_back(key.substr(0, key.size() - 2));
                } else {
                    node.items.push_back(compile(m.value, child_pointer));
                    if (node.items.back().kind != Node::Kind::Constant) dynamic = true;
                    node.keys.push_back(m.key);
                }
                // A view into the definition (stable), not into node.keys (which reallocates).
                std::string_view out_key = key;
                bool dollar = key.size() >= 2 && key.substr(key.size() - 2) == ".$";
                if (dollar) out_key.remove_suffix(2);
                auto [earlier, first_time] = seen.emplace(out_key, dollar);
                if (!first_time) {
                    node.duplicate_keys = true;
                    // `"a"` beside `"a.$"` names one output field twice: AWS refuses it.
                    if (dollar != earlier->second)
                        problems.push_back({child_pointer, "The field '" + std::string(out_key) +
                                                               "' is given twice: as '" + std::string(out_key) +
                                                               "' and as '" + std::string(out_key) + ".$'"});
                }
            }
            if (!dynamic) {
                node.keys.clear();
                node.items.clear();
                node.constant = def;
                return node;
            }
            node.kind = Node::Kind::Object;
            return node;
        }
        if (def.is_array()) {
            bool dynamic = false;
            size_t i = 0;
            for (const auto& item : def.as_array()) {
                node.items.push_back(compile(item, pointer + "/" + std::to_string(i++)));
                if (node.items.back().kind != Node::Kind::Constant) dynamic = true;
            }
            if (!dynamic) {
                node.items.clear();
                node.constant = def;
                return node;
            }
            node.kind = Node::Kind::Array;
            return node;
        }
        node.constant = def;
        return node;
    }

    Node dynamic_member(std::string_view key, const json::Value& value, const std::string& pointer) {
        Node node;
        node.field = std::string(key);
        if (!value.is_string()) {
            problems.push_back({pointer, "The value for the field '" + node.field +
                                             "' must be a valid JSONPath or a valid intrinsic function call, not " +
                                             std::string(json::kind_name(value.kind()))});
            return node;
        }
        std::string_view text = value.as_string();
        try {
            if (looks_like_intrinsic(text)) {
                node.kind = Node::Kind::Intrinsic;
                node.call = IntrinsicCall::compile(text);
                uses_context |= node.call.uses_context();
                note_variables(node.call.referenced_variables());
            } else if (!text.empty() && text.front() == '$') {
                node.kind = Node::Kind::Path;
                node.path = Path::compile(text);
                uses_context |= node.path.uses_context();
                note_variables(node.path.referenced_variables());
            } else {
                problems.push_back({pointer, "The value for the field '" + node.field +
                                                 "' must be a valid JSONPath or a valid intrinsic function call, not " +
                                                 json::quoted(text)});
            }
        } catch (const SyntaxError& e) {
            node.kind = Node::Kind::Constant;
            problems.push_back({pointer, "The value for the field '" + node.field +
                                             "' must be a valid JSONPath or a valid intrinsic function call: " +
                                             e.what()});
        }
        return node;
    }
};

json::Value evaluate_node(const Node& node, const Scope& scope) {
    switch (node.kind) {
        case Node::Kind::Constant: return node.constant;
        case Node::Kind::Path: {
            auto v = node.path.select(scope);
            if (v) return std::move(*v);
            throw EvalError("States.Runtime", "The JSONPath '" + node.path.text() + "' specified for the field '" +
                                                  node.field + "' could not be found in the input '" +
                                                  json::dump(scope.input) + "'");
        }
        case Node::Kind::Intrinsic: return node.call.evaluate(scope, node.field);
        case Node::Kind::Object: {
            json::Object obj;
            obj.reserve(node.items.size());
            for (size_t i = 0; i < node.items.size(); ++i) {
                if (node.duplicate_keys) obj.set_member(node.keys[i], evaluate_node(node.items[i], scope));
                else obj.append(node.keys[i], evaluate_node(node.items[i], scope));
            }
            return json::Value(std::move(obj));
        }
        case Node::Kind::Array: {
            json::Array arr;
            arr.reserve(node.items.size());
            for (const auto& item : node.items) arr.push_back(evaluate_node(item, scope));
            return json::Value(std::move(arr));
        }
    }
    return {};
}

}  // namespace

struct Template::Impl {
    Node root;
    bool uses_context = false;
    std::vector<std::string> variables;
};

Template Template::compile(const json::Value& definition, std::vector<TemplateProblem>& problems) {
    Compiler compiler{problems, false, {}};
    auto impl = std::make_shared<Impl>();
    impl->root = compiler.compile(definition, "");
    impl->uses_context = compiler.uses_context;
    impl->variables = std::move(compiler.variables);
    Template t;
    t.impl_ = std::move(impl);
    return t;
}

json::Value Template::evaluate(const Scope& scope, std::string_view) const {
    if (!impl_) return {};
    return evaluate_node(impl_->root, scope);
}

bool Template::is_constant() const { return !impl_ || impl_->root.kind == Node::Kind::Constant; }
bool Template::uses_context() const { return impl_ && impl_->uses_context; }

const std::vector<std::string>& Template::referenced_variables() const {
    static const std::vector<std::string> none;
    return impl_ ? impl_->variables : none;
}

}  // namespace stepwise::query
