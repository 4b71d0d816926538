// decompressed(): gzip objects read through zlib, a buffer at a time.
#include <zlib.h>

#include <array>

#include "tasks/map_run/item_readers.h"

namespace stepwise::tasks::map_run::detail {

namespace {

class GunzipBuffer : public std::streambuf {
public:
    GunzipBuffer(std::unique_ptr<std::istream> source, std::string where)
        : source_(std::move(source)), where_(std::move(where)) {
        // 16 + MAX_WBITS: a gzip header and trailer around the deflate data.
        if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) fail("zlib could not start");
        setg(out_.data(), out_.data(), out_.data());
    }
    ~GunzipBuffer() override { inflateEnd(&zs_); }

protected:
    int_type underflow() override {
        while (true) {
            if (zs_.avail_in == 0 && !source_done_) {
                source_->read(in_.data(), in_.size());
                zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
                zs_.avail_in = static_cast<uInt>(source_->gcount());
                if (zs_.avail_in == 0) source_done_ = true;
            }
            if (zs_.avail_in == 0 && source_done_) {
                if (!member_ended_) fail("the gzip data ends early");
                return traits_type::eof();
            }
            if (member_ended_) {
                // Another gzip member follows (concatenated files are one stream).
                inflateReset(&zs_);
                member_ended_ = false;
            }
            zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
            zs_.avail_out = static_cast<uInt>(out_.size());
            int rc = inflate(&zs_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                member_ended_ = true;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                fail(zs_.msg ? zs_.msg : "invalid gzip data");
            }
            size_t produced = out_.size() - zs_.avail_out;
            if (produced > 0) {
                setg(out_.data(), out_.data(), out_.data() + produced);
                return traits_type::to_int_type(out_[0]);
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& why) {
        throw ItemReaderError("Cannot decompress " + where_ + " (gzip): " + why);
    }

    std::unique_ptr<std::istream> source_;
    std::string where_;
    z_stream zs_{};
    std::array<char, 64 * 1024> in_{};
    std::array<char, 64 * 1024> out_{};
    bool source_done_ = false;
    bool member_ended_ = false;
};

class GunzipStream : public std::istream {
public:
    GunzipStream(std::unique_ptr<std::istream> source, std::string where)
        : std::istream(nullptr), buffer_(std::move(source), std::move(where)) {
        rdbuf(&buffer_);
        exceptions(std::ios::badbit);  // the buffer's ItemReaderError reaches the reader
    }

private:
    GunzipBuffer buffer_;
};

}  // namespace

std::unique_ptr<std::istream> decompressed(std::unique_ptr<std::istream> in, const std::string& where) {
    // The sources are files and strings, both seekable: read the magic bytes, then rewind.
    unsigned char magic[4] = {};
    auto start = in->tellg();
    in->read(reinterpret_cast<char*>(magic), 4);
    std::streamsize got = in->gcount();
    in->clear();
    in->seekg(start);
    if (!*in) throw ItemReaderError("Cannot read " + where);
    if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return std::make_unique<GunzipStream>(std::move(in), where);
    if (got >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        throw ItemReaderError("Cannot read " + where +
                              ": it is ZSTD-compressed, and stepwise reads only GZIP-compressed objects");
    return in;
}

}  // namespace stepwise::tasks::map_run::detail
