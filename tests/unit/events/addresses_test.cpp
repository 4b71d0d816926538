// IP address text forms accepted by the cidr operator, and case folding.
#include <gtest/gtest.h>

#include "events/pattern/case_fold.h"
#include "events/pattern/cidr.h"
#include "events/pattern/error.h"

namespace stepwise::events {
namespace {

TEST(IpAddress, Ipv4DottedQuadOnly) {
    EXPECT_TRUE(parse_ip_address("0.0.0.0"));
    EXPECT_TRUE(parse_ip_address("255.255.255.255"));
    EXPECT_FALSE(parse_ip_address("256.0.0.1"));
    EXPECT_FALSE(parse_ip_address("1.2.3"));
    EXPECT_FALSE(parse_ip_address("1.2.3.4.5"));
    EXPECT_FALSE(parse_ip_address("1.2.3.4 "));
    EXPECT_FALSE(parse_ip_address(""));
}

TEST(IpAddress, Ipv6Forms) {
    for (const char* ok : {"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:10.0.0.1",
                           "2001:0DB8:0000:0000:0000:0000:0000:0001"})
        EXPECT_TRUE(parse_ip_address(ok)) << ok;
    for (const char* bad : {":1", "1:", "1:2:3:4:5:6:7:8:9", "1::2::3", "::1:2:3:4:5:6:7:8", "12345::", "g::"})
        EXPECT_FALSE(parse_ip_address(bad)) << bad;
    auto full = parse_ip_address("2001:db8::1");
    auto spelled = parse_ip_address("2001:0db8:0:0:0:0:0:0001");
    ASSERT_TRUE(full && spelled);
    EXPECT_EQ(full->bytes, spelled->bytes);
}

TEST(CidrBlock, PrefixBitsInsideAByte) {
    CidrBlock block = CidrBlock::parse("192.168.0.0/23");
    EXPECT_TRUE(block.contains(std::string_view("192.168.1.200")));
    EXPECT_FALSE(block.contains(std::string_view("192.168.2.0")));
    EXPECT_TRUE(CidrBlock::parse("10.1.2.3/32").contains(std::string_view("10.1.2.3")));
    EXPECT_FALSE(CidrBlock::parse("10.1.2.3/32").contains(std::string_view("10.1.2.4")));
    EXPECT_THROW(CidrBlock::parse("10.0.0.0/33"), PatternError);
}

TEST(CaseFold, AsciiLatinGreekCyrillic) {
    EXPECT_EQ(fold_case("HeLLo-123"), "hello-123");
    EXPECT_EQ(fold_case("ÀÉÎÕÜ"), "àéîõü");
    EXPECT_EQ(fold_case("ΑΒΓ"), "αβγ");
    EXPECT_EQ(fold_case("ПРИВЕТ"), "привет");
    EXPECT_EQ(fold_case("\xff"), "\xff");  // not UTF-8: kept as is
}

}  // namespace
}  // namespace stepwise::events
