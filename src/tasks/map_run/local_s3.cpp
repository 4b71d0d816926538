#include "tasks/map_run/local_s3.h"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <random>
#include <vector>

#include "aws/digest.h"

namespace stepwise::tasks::s3 {

namespace fs = std::filesystem;

namespace {

// Our writers' temporary files sit beside their objects until committed; listings skip them.
constexpr std::string_view kUploadPrefix = ".stepwise-upload-";

S3Error no_such_bucket() { return {"NoSuchBucket", "The specified bucket does not exist"}; }
S3Error no_such_key() { return {"NoSuchKey", "The specified key does not exist."}; }
S3Error access_denied() { return {"AccessDenied", "Access Denied"}; }
S3Error invalid_key() { return {"InvalidObjectName", "The specified key is not valid."}; }

// A bucket name is one folder name: no separators, not "." or "..".
bool valid_bucket(std::string_view bucket) {
    return !bucket.empty() && bucket != "." && bucket != ".." && bucket.find('/') == std::string_view::npos &&
           bucket.find('\0') == std::string_view::npos;
}

// A key must stay inside its bucket and name one file: no leading "/", no
// empty, "." or ".." segments (S3 would take "a//b" and "a/b" as two keys;
// one folder cannot).
bool valid_key(std::string_view key) {
    if (key.empty() || key.find('\0') != std::string_view::npos) return false;
    size_t start = 0;
    while (true) {
        size_t slash = key.find('/', start);
        std::string_view segment = key.substr(start, slash == std::string_view::npos ? key.size() - start : slash - start);
        if (segment.empty() || segment == "." || segment == "..") return false;
        if (segment.starts_with(kUploadPrefix)) return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

bool is_folder(const fs::path& path) {
    std::error_code ec;
    return fs::is_directory(path, ec);
}

std::string md5_etag(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1) return {};
    char buffer[64 * 1024];
    while (in) {
        in.read(buffer, sizeof buffer);
        if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer, static_cast<size_t>(in.gcount()));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &length);
    return "\"" + aws::to_hex(std::string_view(reinterpret_cast<const char*>(digest), length)) + "\"";
}

class FolderListing : public ObjectListing {
public:
    FolderListing(fs::path bucket_dir, std::vector<std::string> keys)
        : bucket_dir_(std::move(bucket_dir)), keys_(std::move(keys)) {}

    std::optional<ObjectInfo> next() override {
        while (next_ < keys_.size()) {
            const std::string& key = keys_[next_++];
            fs::path path = bucket_dir_ / key;
            struct stat st {};
            if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;  // removed since listed
            ObjectInfo info;
            info.key = key;
            info.size = st.st_size;
            info.last_modified_ms = int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
            info.etag = md5_etag(path);
            return info;
        }
        return std::nullopt;
    }

private:
    fs::path bucket_dir_;
    std::vector<std::string> keys_;
    size_t next_ = 0;
};

class FileWriter : public ObjectWriter {
public:
    FileWriter(fs::path temp, fs::path target) : temp_(std::move(temp)), target_(std::move(target)) {
        out_.open(temp_, std::ios::binary | std::ios::trunc);
    }
    ~FileWriter() override {
        if (!committed_) {
            out_.close();
            std::error_code ec;
            fs::remove(temp_, ec);
        }
    }
    bool opened() const { return out_.is_open(); }

    S3Error append(std::string_view bytes) override {
        if (committed_) return access_denied();
        out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out_) return access_denied();
        size_ += static_cast<int64_t>(bytes.size());
        return {};
    }
    S3Error commit() override {
        if (committed_) return {};
        out_.close();
        if (out_.fail()) return access_denied();
        std::error_code ec;
        fs::rename(temp_, target_, ec);
        if (ec) return access_denied();
        committed_ = true;
        return {};
    }
    int64_t size() const override { return size_; }

private:
    fs::path temp_, target_;
    std::ofstream out_;
    int64_t size_ = 0;
    bool committed_ = false;
};

std::string upload_suffix() {
    static std::atomic<uint64_t> counter{0};
    static const uint64_t seed = std::random_device{}();
    return std::to_string(seed) + "-" + std::to_string(counter.fetch_add(1));
}

}  // namespace

LocalS3::LocalS3(std::filesystem::path root) : root_(std::move(root)) {}

// Where an object of an existing bucket lives; nullopt with `error` set when the bucket or key is not usable.
std::optional<fs::path> LocalS3::object_path(std::string_view bucket, std::string_view key, S3Error& error) const {
    error = {};
    if (!valid_bucket(bucket) || !is_folder(root_ / bucket)) {
        error = no_such_bucket();
        return std::nullopt;
    }
    if (!valid_key(key)) {
        error = invalid_key();
        return std::nullopt;
    }
    return root_ / bucket / key;
}

std::unique_ptr<std::istream> LocalS3::open(std::string_view bucket, std::string_view key, S3Error& error) const {
    std::optional<fs::path> at = object_path(bucket, key, error);
    if (!at) return nullptr;
    const fs::path& path = *at;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        error = no_such_key();
        return nullptr;
    }
    auto in = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*in) {
        error = access_denied();
        return nullptr;
    }
    return in;
}

std::unique_ptr<ObjectListing> LocalS3::list(std::string_view bucket, std::string_view prefix, S3Error& error) const {
    error = {};
    fs::path bucket_dir = root_ / bucket;
    if (!valid_bucket(bucket) || !is_folder(bucket_dir)) {
        error = no_such_bucket();
        return nullptr;
    }
    // Sorting needs every key; only the key strings are held, the rest is read per object.
    std::vector<std::string> keys;
    std::error_code ec;
    fs::recursive_directory_iterator it(bucket_dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        error = access_denied();
        return nullptr;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            error = access_denied();
            return nullptr;
        }
        if (it->path().filename().string().starts_with(kUploadPrefix)) continue;
        std::error_code type_ec;
        if (!it->is_regular_file(type_ec)) continue;
        std::string key = it->path().lexically_relative(bucket_dir).generic_string();
        if (key.starts_with(prefix)) keys.push_back(std::move(key));
    }
    std::sort(keys.begin(), keys.end());  // char_traits<char> compares as unsigned bytes: S3's order
    return std::make_unique<FolderListing>(std::move(bucket_dir), std::move(keys));
}

std::unique_ptr<ObjectWriter> LocalS3::create(std::string_view bucket, std::string_view key, S3Error& error) const {
    std::optional<fs::path> at = object_path(bucket, key, error);
    if (!at) return nullptr;
    const fs::path& target = *at;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec || is_folder(target)) {
        error = access_denied();
        return nullptr;
    }
    fs::path temp = target.parent_path() / (std::string(kUploadPrefix) + upload_suffix() + "-" +
                                            target.filename().string());
    auto writer = std::make_unique<FileWriter>(std::move(temp), std::move(target));
    if (!writer->opened()) {
        error = access_denied();
        return nullptr;
    }
    return writer;
}

}  // namespace stepwise::tasks::s3
