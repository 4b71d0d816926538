#include "events/schema/lookup.h"

#include <charconv>
#include <optional>
#include <string_view>

namespace stepwise::events {

namespace {

constexpr int kMaxRefHops = 32;  // a ref cycle ("#/a" -> "#/b" -> "#/a") stops here

std::optional<size_t> array_index(std::string_view token) {
    size_t index = 0;
    auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (error != std::errc() || end != token.data() + token.size() || token.empty()) return std::nullopt;
    return index;
}

std::string unescape_pointer_token(std::string_view token) {
    std::string out;
    for (size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            out += token[i + 1] == '0' ? '~' : '/';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

const json::Value* child(const json::Value& node, std::string_view token) {
    if (node.is_object()) return node.find(token);
    if (node.is_array()) {
        auto index = array_index(token);
        if (index && *index < node.size()) return &node.as_array()[*index];
    }
    return nullptr;
}

// "#/definitions/Detail" within the root document; nullptr for other documents.
const json::Value* resolve_local_ref(const json::Value& root, std::string_view ref) {
    if (ref.empty() || ref[0] != '#') return nullptr;
    ref.remove_prefix(1);
    const json::Value* node = &root;
    while (node != nullptr && !ref.empty()) {
        if (ref[0] != '/') return nullptr;
        ref.remove_prefix(1);
        const size_t slash = ref.find('/');
        node = child(*node, unescape_pointer_token(ref.substr(0, slash)));
        ref = slash == std::string_view::npos ? std::string_view() : ref.substr(slash);
    }
    return node;
}

const json::Value* follow_refs(const json::Value& root, const json::Value* node) {
    for (int hop = 0; node != nullptr && hop < kMaxRefHops; ++hop) {
        const json::Value* ref = node->is_object() ? node->find("$ref") : nullptr;
        if (ref == nullptr || !ref->is_string()) return node;
        node = resolve_local_ref(root, ref->as_string());
    }
    return nullptr;
}

const json::Value* step(const json::Value& schema, const std::string& token) {
    if (!schema.is_object()) return nullptr;
    if (const json::Value* properties = schema.find("properties")) {
        if (const json::Value* property = properties->find(token)) return property;
    }
    if (const json::Value* items = schema.find("items")) {
        if (items->is_object()) return items;
        if (items->is_array()) {
            auto index = array_index(token);
            return index && *index < items->size() ? &items->as_array()[*index] : nullptr;
        }
    }
    const json::Value* additional = schema.find("additionalProperties");
    return additional != nullptr && additional->is_object() ? additional : nullptr;
}

}  // namespace

const json::Value* subschema_at(const json::Value& schema_root, const std::vector<std::string>& tokens) {
    const json::Value* node = follow_refs(schema_root, &schema_root);
    for (const std::string& token : tokens) {
        if (node == nullptr) return nullptr;
        node = follow_refs(schema_root, step(*node, token));
    }
    return node;
}

const json::Value* instance_at(const json::Value& instance, const std::vector<std::string>& tokens) {
    const json::Value* node = &instance;
    for (const std::string& token : tokens) {
        if (node == nullptr) return nullptr;
        node = child(*node, token);
    }
    return node;
}

}  // namespace stepwise::events
