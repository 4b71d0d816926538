#include "api/sfn/page_token.h"

#include "api/sfn/error.h"

namespace stepwise::api {

namespace {

constexpr std::string_view kDigits = "0123456789abcdef";

std::string to_hex(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

bool from_hex(std::string_view hex, std::string& out) {
    if (hex.size() % 2) return false;
    for (size_t i = 0; i < hex.size(); i += 2) {
        auto hi = kDigits.find(hex[i]), lo = kDigits.find(hex[i + 1]);
        if (hi == std::string_view::npos || lo == std::string_view::npos) return false;
        out += static_cast<char>(hi * 16 + lo);
    }
    return true;
}

}  // namespace

std::string make_page_token(std::string_view kind, std::string_view cursor) {
    return to_hex(std::string(kind) + "\n" + std::string(cursor));
}

std::string read_page_token(std::string_view kind, std::string_view token) {
    std::string plain;
    std::string prefix = std::string(kind) + "\n";
    if (!from_hex(token, plain) || plain.compare(0, prefix.size(), prefix) != 0)
        throw SfnError("InvalidToken", "Invalid Token: '" + std::string(token) + "'");
    return plain.substr(prefix.size());
}

}  // namespace stepwise::api
