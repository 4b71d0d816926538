// The local S3: a folder where s3://bucket/key is DIR/bucket/key. A Distributed
// Map's ItemReader reads it and its ResultWriter writes it (--s3-dir DIR for
// run and test, DATA_DIR/s3 under serve, the project file's "s3Dir").
// Errors are S3's: NoSuchBucket when DIR/bucket is not a folder, NoSuchKey when
// the object is not a regular file, AccessDenied when it cannot be read or
// written, InvalidObjectName for a key that would leave the bucket ("..",
// a leading "/").
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace stepwise::tasks::s3 {

struct S3Error {
    std::string code;     // "" = none; NoSuchBucket, NoSuchKey, AccessDenied, InvalidObjectName
    std::string message;  // as S3 words it ("The specified key does not exist.")
    explicit operator bool() const { return !code.empty(); }
};

// listObjectsV2's Contents entry.
struct ObjectInfo {
    std::string key;
    std::string etag;              // "\"<md5 hex>\"" as S3 quotes it
    int64_t size = 0;
    int64_t last_modified_ms = 0;
    std::string storage_class = "STANDARD";
};

// Objects under a prefix, in key order (UTF-8 byte order, as S3), one at a time.
class ObjectListing {
public:
    virtual ~ObjectListing() = default;
    virtual std::optional<ObjectInfo> next() = 0;
};

// An object being written: appended to, then committed (renamed into place).
class ObjectWriter {
public:
    virtual ~ObjectWriter() = default;
    virtual S3Error append(std::string_view bytes) = 0;
    virtual S3Error commit() = 0;    // the object appears whole, or not at all
    virtual int64_t size() const = 0;
};

class LocalS3 {
public:
    explicit LocalS3(std::filesystem::path root);
    const std::filesystem::path& root() const { return root_; }

    // Reads an object as a stream (nullptr with `error` set when it cannot).
    std::unique_ptr<std::istream> open(std::string_view bucket, std::string_view key, S3Error& error) const;
    // Lists the bucket's objects whose keys start with `prefix`.
    std::unique_ptr<ObjectListing> list(std::string_view bucket, std::string_view prefix, S3Error& error) const;
    // Whether an object could be written at (bucket, key): the bucket exists and the key stays in it.
    S3Error check_writable(std::string_view bucket, std::string_view key) const {
        S3Error error;
        object_path(bucket, key, error);
        return error;
    }
    // Starts writing an object (its bucket must exist).
    std::unique_ptr<ObjectWriter> create(std::string_view bucket, std::string_view key, S3Error& error) const;

private:
    std::optional<std::filesystem::path> object_path(std::string_view bucket, std::string_view key,
                                                     S3Error& error) const;

    std::filesystem::path root_;
};

}  // namespace stepwise::tasks::s3
