#include "events/schema/registry_refs.h"

#include <cctype>
#include <deque>
#include <map>

#include "aws/uri.h"
#include "events/schema/error.h"
#include "json/pointer.h"
#include "json/write.h"

namespace stepwise::events {

namespace {

bool holds_data(std::string_view keyword) {
    return keyword == "enum" || keyword == "const" || keyword == "default" || keyword == "examples";
}

// A URI with a scheme ("http://...", "urn:...") rather than a relative one.
bool has_scheme(std::string_view uri) {
    const size_t colon = uri.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (char c : uri.substr(0, colon))
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    return std::isalpha(static_cast<unsigned char>(uri[0]));
}

// Bound the work and memory one schema's compilation takes: at most this many
// schemas embedded, and at most kMaxEmbeddedCharacters of them in all (each is
// up to 100,000 characters; without a total, 64 of them made every dependant
// cost seconds and hundreds of megabytes to compile, again on each change).
constexpr size_t kMaxEmbeddedSchemas = 64;
constexpr size_t kMaxEmbeddedCharacters = 4 * 100000;

class Bundler {
public:
    Bundler(JsonSchemaDraft draft, std::string self_name, const RegistryDocuments& documents)
        : draft_(draft), self_(std::move(self_name)), documents_(documents) {}

    BundledDocument run(const json::Value& root) {
        BundledDocument out;
        out.root = rewrite(root, "", "", 0);
        json::Object embedded;
        // Embedding one schema may name more: the queue grows while it is walked.
        for (size_t index = 0; index < queue_.size(); ++index) {
            const std::string name = queue_[index];
            json::Value document = targets_.at(name).root;
            embedded_characters_ += json::dump(document).size();
            if (embedded_characters_ > kMaxEmbeddedCharacters)
                throw SchemaError("refers to other schemas (directly or through others) of more than " +
                                  std::to_string(kMaxEmbeddedCharacters) +
                                  " characters in all, more than the registry compiles into one (at " + name + ")");
            if (document.is_object()) {  // its own base URI would change how valijson resolves refs
                document.mutable_object().erase("id");
                document.mutable_object().erase("$id");
                document.mutable_object().erase("$schema");
            }
            embedded.set(std::to_string(index), rewrite(document, name, "", 0));
            out.references.insert(name);
            out.embedded.push_back(name);
        }
        if (!queue_.empty()) {
            if (!out.root.is_object()) throw SchemaError("a schema with $refs to other schemas must be an object");
            out.root.mutable_object().set(kRegistryRefsKey, json::Value(std::move(embedded)));
        }
        return out;
    }

private:
    // The pointer prefix under which `name`'s document sits in the bundle ("" for the root).
    std::string prefix_of(const std::string& name) {
        if (name.empty() || name == self_) return "";
        auto known = index_.find(name);
        if (known == index_.end()) {
            if (queue_.size() == kMaxEmbeddedSchemas)
                throw SchemaError("refers to more than " + std::to_string(kMaxEmbeddedSchemas) +
                                  " other schemas (directly or through others), more than the registry compiles into one");
            known = index_.emplace(name, queue_.size()).first;
            queue_.push_back(name);
        }
        return "/" + std::string(kRegistryRefsKey) + "/" + std::to_string(known->second);
    }

    std::string place(const std::string& owner, const std::string& pointer) const {
        return (owner.empty() ? self_ : owner) + "#" + pointer;
    }

    // `ref` (found in `owner`'s document at `pointer`) as a ref into the bundle.
    std::string rewritten_ref(std::string_view ref, const std::string& owner, const std::string& pointer) {
        const size_t hash = ref.find('#');
        const std::string_view uri = ref.substr(0, hash);
        const std::string fragment = hash == std::string_view::npos ? "" : std::string(ref.substr(hash + 1));
        if (uri.empty()) {
            if (owner.empty()) return std::string(ref);  // the root's own refs stay as written
            return "#" + prefix_of(owner) + fragment;
        }
        const std::string quoted = "$ref \"" + std::string(ref) + "\" at " + place(owner, pointer);
        if (has_scheme(uri))
            throw SchemaError(quoted + " names a remote document, which the registry does not fetch; "
                                       "refer to another schema of the registry by its name (\"Other#/definitions/X\")");
        std::string name = aws::uri_decode(uri.starts_with("./") ? uri.substr(2) : uri);
        if (name != self_ && !known_document(name) && name.ends_with(".json")) {
            const std::string stem = name.substr(0, name.size() - 5);
            if (stem == self_ || known_document(stem)) name = stem;
        }
        const json::Value* target_root = nullptr;
        if (name == self_) {
            target_root = &root_document_;
        } else {
            if (!known_document(name))
                throw SchemaError(quoted + " names schema " + name + ", which is not in the registry");
            const RegistryDocument& target = targets_.at(name);
            if (target.draft != draft_)
                throw SchemaError(quoted + " names schema " + name + ", which is of another JSON Schema draft");
            target_root = &target.root;
        }
        const std::string decoded = aws::uri_decode(fragment);
        if (!decoded.empty() && (decoded[0] != '/' || json::resolve_pointer(*target_root, decoded) == nullptr))
            throw SchemaError(quoted + ": schema " + name + " has nothing at #" + fragment);
        return "#" + prefix_of(name) + fragment;
    }

    bool known_document(const std::string& name) {
        if (targets_.count(name)) return true;
        if (name.empty() || name == self_) return false;
        auto document = documents_(name);
        if (!document) return false;
        targets_.emplace(name, std::move(*document));
        return true;
    }

    json::Value rewrite(const json::Value& node, const std::string& owner, const std::string& pointer, int depth) {
        if (owner.empty() && depth == 0) root_document_ = node;
        if (depth > 1000) return node;  // deeper than json::parse allows
        if (node.is_array()) {
            json::Array items;
            items.reserve(node.size());
            for (size_t i = 0; i < node.size(); ++i)
                items.push_back(rewrite(node.as_array()[i], owner, json::pointer_child(pointer, i), depth + 1));
            return json::Value(std::move(items));
        }
        if (!node.is_object()) return node;
        json::Object members;
        members.reserve(node.size());
        // append, not set: the names are already unique, and set's look-up made a big object quadratic
        for (const json::Member& member : node.as_object()) {
            const std::string child = json::pointer_child(pointer, member.name());
            if (member.name() == "$ref" && member.value.is_string())
                members.append(member.key, json::Value(rewritten_ref(member.value.as_string(), owner, child)));
            else if (holds_data(member.name()))
                members.append(member.key, member.value);
            else
                members.append(member.key, rewrite(member.value, owner, child, depth + 1));
        }
        return json::Value(std::move(members));
    }

    JsonSchemaDraft draft_;
    std::string self_;
    const RegistryDocuments& documents_;
    json::Value root_document_;
    std::map<std::string, RegistryDocument> targets_;
    std::map<std::string, size_t> index_;
    std::deque<std::string> queue_;
    size_t embedded_characters_ = 0;
};

}  // namespace

BundledDocument bundle_registry_refs(const json::Value& root, JsonSchemaDraft draft, const std::string& self_name,
                                     const RegistryDocuments& documents) {
    return Bundler(draft, self_name, documents).run(root);
}

std::string name_bundled_places(const std::string& text, const BundledDocument& bundled) {
    std::string out = text;
    for (size_t index = bundled.embedded.size(); index-- > 0;) {
        const std::string from = "#/" + std::string(kRegistryRefsKey) + "/" + std::to_string(index);
        for (size_t at = out.find(from); at != std::string::npos; at = out.find(from, at)) {
            const size_t end = at + from.size();
            if (end < out.size() && out[end] != '/' && out[end] != ' ') {  // "/1" inside "/12"
                at = end;
                continue;
            }
            const std::string to = bundled.embedded[index] + "#";
            out.replace(at, from.size(), to);
            at += to.size();
        }
    }
    return out;
}

}  // namespace stepwise::events
