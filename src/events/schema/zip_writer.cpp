#include "events/schema/zip_writer.h"

#include <zlib.h>

#include <algorithm>
#include <ctime>
#include <limits>
#include <stdexcept>

namespace stepwise::events {

namespace {

void put16(std::string& out, uint32_t value) {
    out += static_cast<char>(value & 0xff);
    out += static_cast<char>((value >> 8) & 0xff);
}

void put32(std::string& out, uint32_t value) {
    put16(out, value & 0xffff);
    put16(out, value >> 16);
}

struct DosStamp {
    uint16_t time = 0;
    uint16_t date = (1 << 5) | 1;  // 1980-01-01
};

DosStamp dos_stamp(int64_t epoch_seconds) {
    std::time_t seconds = static_cast<std::time_t>(epoch_seconds);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    DosStamp stamp;
    if (utc.tm_year < 80) return stamp;
    stamp.time = static_cast<uint16_t>((utc.tm_hour << 11) | (utc.tm_min << 5) | (utc.tm_sec / 2));
    stamp.date = static_cast<uint16_t>(((utc.tm_year - 80) << 9) | ((utc.tm_mon + 1) << 5) | utc.tm_mday);
    return stamp;
}

uint32_t crc32_of(const std::string& data) {
    uLong crc = crc32(0L, Z_NULL, 0);
    size_t offset = 0;
    while (offset < data.size()) {  // zlib takes uInt lengths
        const uInt chunk = static_cast<uInt>(std::min<size_t>(data.size() - offset, 1u << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data() + offset), chunk);
        offset += chunk;
    }
    return static_cast<uint32_t>(crc);
}

// The fields a local header and its central directory record share, from "version needed" on.
void common_fields(std::string& out, const DosStamp& stamp, uint32_t crc, const ZipEntry& entry) {
    put16(out, 10);      // version needed to extract: 1.0, stored
    put16(out, 0x0800);  // flags: names are UTF-8
    put16(out, 0);       // method: stored
    put16(out, stamp.time);
    put16(out, stamp.date);
    put32(out, crc);
    put32(out, static_cast<uint32_t>(entry.data.size()));  // compressed size
    put32(out, static_cast<uint32_t>(entry.data.size()));  // uncompressed size
    put16(out, static_cast<uint32_t>(entry.path.size()));
    put16(out, 0);  // extra field length
}

}  // namespace

std::string write_zip(const std::vector<ZipEntry>& entries, int64_t modified_epoch_seconds) {
    constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
    if (entries.size() > 0xffff) throw std::length_error("zip: more than 65535 entries");
    const DosStamp stamp = dos_stamp(modified_epoch_seconds);
    std::string archive;
    std::string directory;
    for (const ZipEntry& entry : entries) {
        if (entry.path.size() > 0xffff) throw std::length_error("zip: an entry name longer than 65535 bytes");
        if (entry.data.size() > kMax32 || archive.size() > kMax32)
            throw std::length_error("zip: more than 4 GiB");
        const uint32_t crc = crc32_of(entry.data);
        const uint32_t offset = static_cast<uint32_t>(archive.size());

        put32(archive, 0x04034b50);  // local file header
        common_fields(archive, stamp, crc, entry);
        archive += entry.path;
        archive += entry.data;

        put32(directory, 0x02014b50);  // central directory file header
        put16(directory, (3 << 8) | 10);  // made by: Unix, 1.0
        common_fields(directory, stamp, crc, entry);
        put16(directory, 0);  // comment length
        put16(directory, 0);  // disk number
        put16(directory, 0);  // internal attributes
        put32(directory, 0100644u << 16);  // external attributes: a regular file, rw-r--r--
        put32(directory, offset);
        directory += entry.path;
    }
    if (archive.size() + directory.size() > kMax32) throw std::length_error("zip: more than 4 GiB");
    const uint32_t directory_offset = static_cast<uint32_t>(archive.size());
    archive += directory;
    put32(archive, 0x06054b50);  // end of central directory
    put16(archive, 0);           // this disk
    put16(archive, 0);           // disk with the directory
    put16(archive, static_cast<uint32_t>(entries.size()));
    put16(archive, static_cast<uint32_t>(entries.size()));
    put32(archive, static_cast<uint32_t>(directory.size()));
    put32(archive, directory_offset);
    put16(archive, 0);  // comment length
    return archive;
}

}  // namespace stepwise::events
