#include "events/pattern/case_fold.h"

#include "json/utf8.h"

namespace stepwise::events {

namespace {

uint32_t fold_code_point(uint32_t cp) {
    if (cp >= 'A' && cp <= 'Z') return cp + 32;
    if (cp < 0xC0) return cp;
    if (cp <= 0xDE && cp != 0xD7) return cp + 32;            // Latin-1 capitals
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;  // Greek
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;          // Cyrillic А-Я
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;          // Cyrillic Ѐ-Џ
    return cp;
}

}  // namespace

std::string fold_case(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        unsigned char byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x80) {  // fast path for ASCII
            out += (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte + 32) : static_cast<char>(byte);
            ++pos;
            continue;
        }
        size_t length = utf8::sequence_length(text.substr(pos));
        if (length == 0) {  // not UTF-8: keep the byte as it is
            out += text[pos++];
            continue;
        }
        size_t at = pos;
        uint32_t cp = utf8::decode(text, at);
        utf8::append(out, fold_code_point(cp));
        pos += length;
    }
    return out;
}

}  // namespace stepwise::events
