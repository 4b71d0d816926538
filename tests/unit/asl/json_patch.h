// A JSON Patch (RFC 6902) for test data: add, remove, replace and move, on
// paths written as JSON Pointers (RFC 6901). Throws std::runtime_error naming
// the operation that does not apply.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "json/value.h"

namespace stepwise::asl::testing {

namespace patch_detail {

inline std::vector<std::string> tokens(std::string_view pointer) {
    if (!pointer.empty() && pointer[0] != '/') throw std::runtime_error("not a JSON Pointer: " + std::string(pointer));
    std::vector<std::string> out;
    size_t at = 0;
    while (at < pointer.size()) {
        size_t end = pointer.find('/', at + 1);
        std::string_view raw = pointer.substr(at + 1, end == std::string_view::npos ? std::string_view::npos : end - at - 1);
        std::string token;
        for (size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1'))
                token += raw[++i] == '0' ? '~' : '/';
            else
                token += raw[i];
        }
        out.push_back(std::move(token));
        at = end == std::string_view::npos ? pointer.size() : end;
    }
    return out;
}

inline size_t index_of(const std::string& token, size_t size, bool may_be_end) {
    if (token == "-" && may_be_end) return size;
    size_t index = 0;
    for (char c : token) {
        if (c < '0' || c > '9') throw std::runtime_error("not an array index: " + token);
        index = index * 10 + static_cast<size_t>(c - '0');
    }
    if (token.empty() || index > size || (index == size && !may_be_end))
        throw std::runtime_error("array index out of range: " + token);
    return index;
}

inline json::Value& child(json::Value& v, const std::string& token) {
    if (v.is_object()) {
        json::Value* member = v.mutable_object().find(token);
        if (!member) throw std::runtime_error("no member " + token);
        return *member;
    }
    if (v.is_array()) return v.mutable_array()[index_of(token, v.size(), false)];
    throw std::runtime_error("no child " + token + " in a " + std::string(json::kind_name(v.kind())));
}

// The value holding the pointer's last token, and that token.
inline json::Value& parent_of(json::Value& doc, const std::vector<std::string>& path) {
    if (path.empty()) throw std::runtime_error("the whole document cannot be patched");
    json::Value* v = &doc;
    for (size_t i = 0; i + 1 < path.size(); ++i) v = &child(*v, path[i]);
    return *v;
}

inline json::Value take(json::Value& doc, const std::string& pointer) {
    auto path = tokens(pointer);
    json::Value& parent = parent_of(doc, path);
    json::Value taken = child(parent, path.back());
    if (parent.is_object()) {
        parent.mutable_object().erase(path.back());
    } else {
        auto& items = parent.mutable_array().items();
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(index_of(path.back(), items.size(), false)));
    }
    return taken;
}

inline void put(json::Value& doc, const std::string& pointer, json::Value value, bool replace) {
    auto path = tokens(pointer);
    json::Value& parent = parent_of(doc, path);
    if (replace) {
        child(parent, path.back()) = std::move(value);
    } else if (parent.is_object()) {
        parent.mutable_object().set(path.back(), std::move(value));
    } else if (parent.is_array()) {
        auto& items = parent.mutable_array().items();
        items.insert(items.begin() + static_cast<std::ptrdiff_t>(index_of(path.back(), items.size(), true)),
                     std::move(value));
    } else {
        throw std::runtime_error("cannot add to a " + std::string(json::kind_name(parent.kind())));
    }
}

}  // namespace patch_detail

// `doc` with `patch` (an array of operations) applied in order.
inline json::Value apply_patch(json::Value doc, const json::Value& patch) {
    using namespace patch_detail;
    for (const json::Value& op : patch.as_array()) {
        const json::Value* name = op.find("op");
        const json::Value* path = op.find("path");
        if (!name || !path) throw std::runtime_error("a patch operation needs op and path");
        std::string kind(name->as_string()), where(path->as_string());
        try {
            if (kind == "remove") {
                take(doc, where);
            } else if (kind == "add" || kind == "replace") {
                const json::Value* value = op.find("value");
                if (!value) throw std::runtime_error("no value");
                put(doc, where, *value, kind == "replace");
            } else if (kind == "move") {
                const json::Value* from = op.find("from");
                if (!from) throw std::runtime_error("no from");
                put(doc, where, take(doc, std::string(from->as_string())), false);
            } else {
                throw std::runtime_error("unsupported operation");
            }
        } catch (const std::runtime_error& e) {
            throw std::runtime_error("patch " + kind + " " + where + ": " + e.what());
        }
    }
    return doc;
}

}  // namespace stepwise::asl::testing
