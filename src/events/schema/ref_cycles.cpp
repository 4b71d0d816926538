#include "events/schema/ref_cycles.h"

#include <cstdlib>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "json/pointer.h"

namespace stepwise::events {

namespace {

bool holds_data(std::string_view keyword) {
    return keyword == "enum" || keyword == "const" || keyword == "default" || keyword == "examples";
}

// Keywords whose subschemas apply to the same value as their parent.
bool same_value_keyword(std::string_view keyword) {
    return keyword == "allOf" || keyword == "anyOf" || keyword == "oneOf" || keyword == "not" || keyword == "if" ||
           keyword == "then" || keyword == "else" || keyword == "extends" || keyword == "dependencies";
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The value a local ref ("#/definitions/a~1b", percent-encoded as a URI fragment) names.
const json::Value* resolve(const json::Value& root, std::string_view ref) {
    if (ref.empty() || ref[0] != '#') return nullptr;
    std::string fragment;
    for (size_t i = 1; i < ref.size(); ++i) {
        if (ref[i] == '%' && i + 2 < ref.size() && hex_digit(ref[i + 1]) >= 0 && hex_digit(ref[i + 2]) >= 0) {
            fragment += static_cast<char>(hex_digit(ref[i + 1]) * 16 + hex_digit(ref[i + 2]));
            i += 2;
        } else {
            fragment += ref[i];
        }
    }
    if (!fragment.empty() && fragment[0] != '/') return nullptr;  // a plain-name fragment ($id anchors)
    const json::Value* at = &root;
    size_t pos = 0;
    while (pos < fragment.size()) {
        size_t next = fragment.find('/', pos + 1);
        if (next == std::string::npos) next = fragment.size();
        std::string token;
        for (size_t i = pos + 1; i < next; ++i) {
            if (fragment[i] == '~' && i + 1 < next && (fragment[i + 1] == '0' || fragment[i + 1] == '1')) {
                token += fragment[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                token += fragment[i];
            }
        }
        if (at->is_object()) {
            at = at->find(token);
        } else if (at->is_array()) {
            char* end = nullptr;
            unsigned long index = std::strtoul(token.c_str(), &end, 10);
            if (token.empty() || *end != '\0' || index >= at->size()) return nullptr;
            at = &at->as_array()[index];
        } else {
            return nullptr;
        }
        if (at == nullptr) return nullptr;
        pos = next;
    }
    return at;
}

struct Graph {
    const json::Value& root;
    std::unordered_map<const json::Value*, std::string> place;
    std::unordered_map<const json::Value*, std::vector<const json::Value*>> edges;
    std::vector<const json::Value*> order;  // document order, so the loop reported is always the same

    // Every object of the document is a node; edges go to what checks the same value.
    void visit(const json::Value& node, const std::string& pointer, int depth) {
        if (depth > 1000) return;  // deeper than json::parse allows
        if (node.is_array()) {
            for (size_t i = 0; i < node.size(); ++i) visit(node.as_array()[i], json::pointer_child(pointer, i), depth + 1);
            return;
        }
        if (!node.is_object()) return;
        place.emplace(&node, "#" + pointer);
        order.push_back(&node);
        auto& out = edges[&node];
        for (const json::Member& member : node.as_object()) {
            const std::string_view key = member.name();
            if (holds_data(key)) continue;
            const std::string child = json::pointer_child(pointer, key);
            if (key == "$ref" && member.value.is_string()) {
                if (const json::Value* target = resolve(root, member.value.as_string())) out.push_back(target);
                continue;
            }
            if (same_value_keyword(key)) {
                if (member.value.is_object() && key != "dependencies") out.push_back(&member.value);
                if (member.value.is_array())
                    for (const json::Value& item : member.value.as_array()) out.push_back(&item);
                if (member.value.is_object() && key == "dependencies")
                    for (const json::Member& dependency : member.value.as_object())
                        if (dependency.value.is_object()) out.push_back(&dependency.value);
            }
            visit(member.value, child, depth + 1);
        }
    }
};

}  // namespace

std::optional<std::string> find_ref_cycle(const json::Value& document) {
    Graph graph{document, {}, {}, {}};
    graph.visit(document, "", 0);
    // Iterative depth-first search; a node met again while on the path closes a loop.
    enum class Color : uint8_t { White, Grey, Black };
    std::unordered_map<const json::Value*, Color> color;
    for (const json::Value* start : graph.order) {
        if (color[start] != Color::White) continue;
        std::vector<std::pair<const json::Value*, size_t>> path{{start, 0}};
        color[start] = Color::Grey;
        while (!path.empty()) {
            auto& [node, next_edge] = path.back();
            static const std::vector<const json::Value*> kNoEdges;
            auto found = graph.edges.find(node);
            const auto& out = found == graph.edges.end() ? kNoEdges : found->second;
            if (next_edge == out.size()) {
                color[node] = Color::Black;
                path.pop_back();
                continue;
            }
            const json::Value* target = out[next_edge++];
            Color& c = color[target];
            if (c == Color::Grey) {
                std::string loop;
                bool on = false;
                for (const auto& [step, unused_edge] : path) {
                    on = on || step == target;
                    if (on) loop += graph.place[step] + " -> ";
                }
                return loop + graph.place[target];
            }
            if (c == Color::White) {
                c = Color::Grey;
                path.push_back({target, 0});
            }
        }
    }
    return std::nullopt;
}

}  // namespace stepwise::events
