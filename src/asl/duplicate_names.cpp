// Duplicate state names inside one `States` object. The JSON value keeps
// only the last of two equal keys, so this looks at the definition text.
#include <set>

#include "asl/compiler.h"
#include "json/pointer.h"

namespace stepwise::asl::detail {

namespace {

struct Frame {
    bool object = false;
    bool states = false;  // the value of a "States" member
    std::string pointer;
    std::set<std::string> keys;
    std::string key;
    size_t index = 0;
};

// Reads the JSON string starting at text[i] == '"'; returns its (simply
// unescaped) content and leaves i after the closing quote.
std::string read_string(std::string_view text, size_t& i) {
    std::string out;
    ++i;
    while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) {
            char c = text[i + 1];
            switch (c) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': out += "\\u"; break;  // kept as written; good enough to compare names
                default: out += c; break;
            }
            i += 2;
        } else {
            out += text[i++];
        }
    }
    ++i;
    return out;
}

}  // namespace

void find_duplicate_state_names(std::string_view text, Diagnostics& diags) {
    std::vector<Frame> stack;
    bool expect_key = false;
    auto value_pointer = [&]() -> std::string {
        if (stack.empty()) return "";
        const Frame& top = stack.back();
        return top.object ? json::pointer_child(top.pointer, top.key) : json::pointer_child(top.pointer, top.index);
    };
    for (size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '{' || c == '[') {
            Frame frame;
            frame.object = c == '{';
            frame.states = frame.object && !stack.empty() && stack.back().object && !stack.back().states &&
                           stack.back().key == "States";
            frame.pointer = value_pointer();
            stack.push_back(std::move(frame));
            expect_key = c == '{';
            ++i;
        } else if (c == '}' || c == ']') {
            if (!stack.empty()) stack.pop_back();
            expect_key = false;
            ++i;
        } else if (c == ',') {
            if (!stack.empty()) {
                if (stack.back().object)
                    expect_key = true;
                else
                    ++stack.back().index;
            }
            ++i;
        } else if (c == '"') {
            std::string s = read_string(text, i);
            if (expect_key && !stack.empty()) {
                Frame& top = stack.back();
                top.key = s;
                if (!top.keys.insert(s).second && top.states)
                    diags.add(json::pointer_child(top.pointer, s), code::kDuplicateStateName,
                              "Duplicate State name: " + s);
                expect_key = false;
            }
        } else {
            ++i;  // ':', whitespace, numbers, literals
        }
    }
}

}  // namespace stepwise::asl::detail
