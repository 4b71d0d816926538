#include "events/pattern/cidr.h"

#include <string>

#include "events/pattern/error.h"

namespace stepwise::events {

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool parse_v4(std::string_view text, uint8_t* out) {
    int part = 0;
    size_t pos = 0;
    while (part < 4) {
        size_t start = pos;
        unsigned value = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3) {
            value = value * 10 + static_cast<unsigned>(text[pos] - '0');
            ++pos;
        }
        if (pos == start || value > 255) return false;
        out[part++] = static_cast<uint8_t>(value);
        if (part < 4) {
            if (pos >= text.size() || text[pos] != '.') return false;
            ++pos;
        }
    }
    return pos == text.size();
}

// Parses hex groups separated by ':' into `groups`; a trailing dotted IPv4
// counts as two groups. Returns the number of groups or -1.
int parse_v6_groups(std::string_view text, uint16_t* groups, int max_groups) {
    if (text.empty()) return 0;
    int count = 0;
    size_t pos = 0;
    while (true) {
        size_t end = text.find(':', pos);
        std::string_view piece = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        if (end == std::string_view::npos && piece.find('.') != std::string_view::npos) {
            uint8_t v4[4];
            if (count + 2 > max_groups || !parse_v4(piece, v4)) return -1;
            groups[count++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
            groups[count++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
            return count;
        }
        if (piece.empty() || piece.size() > 4 || count >= max_groups) return -1;
        unsigned value = 0;
        for (char c : piece) {
            int digit = hex_digit(c);
            if (digit < 0) return -1;
            value = value * 16 + static_cast<unsigned>(digit);
        }
        groups[count++] = static_cast<uint16_t>(value);
        if (end == std::string_view::npos) return count;
        pos = end + 1;
    }
}

bool parse_v6(std::string_view text, uint8_t* out) {
    uint16_t head[8], tail[8];
    int head_count, tail_count = 0;
    size_t gap = text.find("::");
    if (gap == std::string_view::npos) {
        head_count = parse_v6_groups(text, head, 8);
        if (head_count != 8) return false;
    } else {
        if (text.find("::", gap + 1) != std::string_view::npos) return false;
        head_count = parse_v6_groups(text.substr(0, gap), head, 7);
        if (head_count < 0) return false;
        tail_count = parse_v6_groups(text.substr(gap + 2), tail, 7 - head_count);
        if (tail_count < 0) return false;
    }
    uint16_t groups[8] = {};
    for (int i = 0; i < head_count; ++i) groups[i] = head[i];
    for (int i = 0; i < tail_count; ++i) groups[8 - tail_count + i] = tail[i];
    for (int i = 0; i < 8; ++i) {
        out[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
        out[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xFF);
    }
    return true;
}

}  // namespace

std::optional<IpAddress> parse_ip_address(std::string_view text) {
    IpAddress address;
    if (text.find(':') != std::string_view::npos) {
        address.is_v6 = true;
        if (!parse_v6(text, address.bytes.data())) return std::nullopt;
    } else if (!parse_v4(text, address.bytes.data())) {
        return std::nullopt;
    }
    return address;
}

CidrBlock CidrBlock::parse(std::string_view text) {
    size_t slash = text.find('/');
    if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos)
        throw PatternError("Malformed CIDR, one '/' required");
    std::string_view address_text = text.substr(0, slash);
    std::string_view bits_text = text.substr(slash + 1);
    bool negative = !bits_text.empty() && bits_text[0] == '-';
    std::string_view digits = negative ? bits_text.substr(1) : bits_text;
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos)
        throw PatternError("Malformed CIDR, mask bits must be an integer");
    if (negative) throw PatternError("Malformed CIDR, mask bits must not be negative");
    std::optional<IpAddress> address = parse_ip_address(address_text);
    if (!address) throw PatternError("Nonstandard IP address: " + std::string(address_text));
    int bits = std::stoi(std::string(digits));
    if (bits > address->bit_count())
        throw PatternError("Malformed CIDR, mask bits must not exceed " + std::to_string(address->bit_count()));

    CidrBlock block;
    block.network_ = *address;
    block.prefix_bits_ = bits;
    return block;
}

bool CidrBlock::contains(const IpAddress& address) const {
    if (address.is_v6 != network_.is_v6) return false;
    int full_bytes = prefix_bits_ / 8;
    for (int i = 0; i < full_bytes; ++i)
        if (address.bytes[i] != network_.bytes[i]) return false;
    int rest = prefix_bits_ % 8;
    if (rest == 0) return true;
    uint8_t mask = static_cast<uint8_t>(0xFF << (8 - rest));
    return (address.bytes[full_bytes] & mask) == (network_.bytes[full_bytes] & mask);
}

bool CidrBlock::contains(std::string_view text) const {
    std::optional<IpAddress> address = parse_ip_address(text);
    return address && contains(*address);
}

}  // namespace stepwise::events
