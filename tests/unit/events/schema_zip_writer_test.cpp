// The zip writer of code bindings: STORED entries, CRC-32, the central
// directory and its end record, as PKWARE's APPNOTE 6.3.x (sections 4.3.7,
// 4.3.12, 4.3.16) lays them out.
// https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "events/schema/zip_writer.h"

namespace stepwise::events {
namespace {

uint32_t read32(const std::string& data, size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(data[at])) |
           static_cast<uint32_t>(static_cast<unsigned char>(data[at + 1])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(data[at + 2])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(data[at + 3])) << 24;
}

uint16_t read16(const std::string& data, size_t at) {
    return static_cast<uint16_t>(static_cast<unsigned char>(data[at]) |
                                 static_cast<unsigned char>(data[at + 1]) << 8);
}

TEST(SchemaZipWriter, StoredEntriesWithTheirCrcAndADirectory) {
    const std::string zip = write_zip({{"a/b.py", "123456789"}, {"c.ts", ""}}, 1767225600);  // 2026-01-01
    // The first local header: signature, method 0 (stored), the CRC-32 check value of "123456789".
    ASSERT_GE(zip.size(), 30u);
    EXPECT_EQ(read32(zip, 0), 0x04034b50u);
    EXPECT_EQ(read16(zip, 8), 0u);
    EXPECT_EQ(read32(zip, 14), 0xCBF43926u);
    EXPECT_EQ(read32(zip, 18), 9u);
    EXPECT_EQ(read32(zip, 22), 9u);
    EXPECT_EQ(read16(zip, 26), 6u);
    EXPECT_EQ(zip.substr(30, 6), "a/b.py");
    EXPECT_EQ(zip.substr(36, 9), "123456789");
    // MS-DOS date: (2026 - 1980) << 9 | 1 << 5 | 1.
    EXPECT_EQ(read16(zip, 12), (46 << 9) | (1 << 5) | 1);

    // The end of central directory record: two entries, the directory where it says.
    const size_t end = zip.size() - 22;
    EXPECT_EQ(read32(zip, end), 0x06054b50u);
    EXPECT_EQ(read16(zip, end + 10), 2u);
    const uint32_t directory_size = read32(zip, end + 12);
    const uint32_t directory_offset = read32(zip, end + 16);
    EXPECT_EQ(directory_offset + directory_size, end);
    EXPECT_EQ(read32(zip, directory_offset), 0x02014b50u);
    EXPECT_EQ(read32(zip, directory_offset + 42), 0u);  // the first entry's local header offset
    const size_t second = directory_offset + 46 + 6;
    EXPECT_EQ(read32(zip, second), 0x02014b50u);
    EXPECT_EQ(read32(zip, second + 16), 0u);  // the CRC-32 of nothing
    EXPECT_EQ(zip.substr(second + 46, 4), "c.ts");
}

TEST(SchemaZipWriter, AnEmptyArchiveIsJustTheEndRecord) {
    const std::string zip = write_zip({}, 0);
    ASSERT_EQ(zip.size(), 22u);
    EXPECT_EQ(read32(zip, 0), 0x06054b50u);
}

}  // namespace
}  // namespace stepwise::events
