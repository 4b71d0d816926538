// A zip archive (PKWARE APPNOTE 6.3.x) of STORED (uncompressed) entries, each
// with its CRC-32: what GetCodeBindingSource hands out. No ZIP64: an archive
// is refused past 64 KiB entries or 4 GiB, far beyond a code binding.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace stepwise::events {

struct ZipEntry {
    std::string path;  // "/"-separated, relative ("schema/a/AWSEvent.py")
    std::string data;
};

// The archive's bytes; every entry is dated `modified_epoch_seconds` (UTC,
// stored in MS-DOS form, so from 1980 on). Throws std::length_error past the
// limits above.
std::string write_zip(const std::vector<ZipEntry>& entries, int64_t modified_epoch_seconds);

}  // namespace stepwise::events
