// IP addresses and CIDR blocks for the `cidr` operator (IPv4 and IPv6).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace stepwise::events {

struct IpAddress {
    bool is_v6 = false;
    std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4

    int bit_count() const { return is_v6 ? 128 : 32; }
};

// Dotted-quad IPv4 or RFC 4291 text IPv6 (with `::` and an embedded IPv4 tail).
std::optional<IpAddress> parse_ip_address(std::string_view text);

class CidrBlock {
public:
    // Parses "address/bits"; throws PatternError with AWS's wording.
    static CidrBlock parse(std::string_view text);

    bool contains(const IpAddress& address) const;
    // True when `text` is an IP address inside the block.
    bool contains(std::string_view text) const;

private:
    IpAddress network_;
    int prefix_bits_ = 0;
};

}  // namespace stepwise::events
