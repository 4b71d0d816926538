#include "engine/limits.h"

#include "json/write.h"

namespace stepwise::engine {

namespace {

// Extra output bytes per input byte: 1 for \" \\ \b \f \n \r \t, 5 for other control characters.
struct EscapeTable {
    uint8_t extra[256];
    constexpr EscapeTable() : extra() {
        for (int c = 0; c < 0x20; ++c) extra[c] = 5;
        extra[static_cast<unsigned char>('"')] = 1;
        extra[static_cast<unsigned char>('\\')] = 1;
        extra[static_cast<unsigned char>('\b')] = 1;
        extra[static_cast<unsigned char>('\f')] = 1;
        extra[static_cast<unsigned char>('\n')] = 1;
        extra[static_cast<unsigned char>('\r')] = 1;
        extra[static_cast<unsigned char>('\t')] = 1;
    }
};
constexpr EscapeTable kEscapes;

size_t string_size(std::string_view s) {
    size_t n = 2 + s.size();
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
    for (size_t i = 0, e = s.size(); i < e; ++i) n += kEscapes.extra[p[i]];
    return n;
}

size_t number_size(const json::Value& v) {
    if (v.is_exact_int()) {
        int64_t i = v.as_int();
        size_t n = i < 0 ? 1 : 0;
        uint64_t u = i < 0 ? static_cast<uint64_t>(-(i + 1)) + 1 : static_cast<uint64_t>(i);
        do {
            ++n;
            u /= 10;
        } while (u);
        return n;
    }
    return v.number_text().size();
}

struct Known {
    const KnownSize* items = nullptr;
    size_t count = 0;
};

void walk(const json::Value& v, size_t& total, size_t stop, const Known& known) {
    if (stop && total > stop) return;
    if (known.count && (v.is_object() || v.is_array())) {
        for (size_t i = 0; i < known.count; ++i)
            if (v.same_node(*known.items[i].value)) {
                total += known.items[i].size;
                return;
            }
    }
    switch (v.kind()) {
        case json::Kind::Null: total += 4; break;
        case json::Kind::Bool: total += v.as_bool() ? 4 : 5; break;
        case json::Kind::Number: total += number_size(v); break;
        case json::Kind::String: total += string_size(v.as_string()); break;
        case json::Kind::Array: {
            const auto& a = v.as_array();
            total += 2 + (a.size() ? a.size() - 1 : 0);
            for (const auto& item : a) {
                walk(item, total, stop, known);
                if (stop && total > stop) return;
            }
            break;
        }
        case json::Kind::Object: {
            const auto& o = v.as_object();
            total += 2 + (o.size() ? o.size() - 1 : 0);
            for (const auto& m : o) {
                total += string_size(m.name()) + 1;
                walk(m.value, total, stop, known);
                if (stop && total > stop) return;
            }
            break;
        }
    }
}

}  // namespace

size_t json_size(const json::Value& v, size_t stop_after) {
    size_t total = 0;
    walk(v, total, stop_after, Known{});
    return total;
}

size_t json_size(const json::Value& v, size_t stop_after, const KnownSize* known, size_t known_count) {
    size_t total = 0;
    walk(v, total, stop_after, Known{known, known_count});
    return total;
}

size_t json_size_memo(const json::Value& v, size_t stop_after) {
    if (!v.is_object() && !v.is_array()) return json_size(v, stop_after);
    struct Entry {
        json::Value value;
        size_t size = 0;
        size_t stop = 0;
    };
    constexpr size_t kEntries = 16;
    static thread_local Entry entries[kEntries];
    static thread_local size_t next = 0;
    for (auto& e : entries)
        if (e.stop == stop_after && e.value.same_node(v) && (e.value.is_object() || e.value.is_array())) return e.size;
    size_t size = json_size(v, stop_after);
    Entry& slot = entries[next++ % kEntries];
    slot.value = v;
    slot.size = size;
    slot.stop = stop_after;
    return size;
}

}  // namespace stepwise::engine
