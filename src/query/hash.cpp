#include "query/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace stepwise::query {

std::optional<std::string> hex_digest(std::string_view text, std::string_view algorithm) {
    const EVP_MD* md = nullptr;
    if (algorithm == "MD5") md = EVP_md5();
    else if (algorithm == "SHA-1") md = EVP_sha1();
    else if (algorithm == "SHA-256") md = EVP_sha256();
    else if (algorithm == "SHA-384") md = EVP_sha384();
    else if (algorithm == "SHA-512") md = EVP_sha512();
    else return std::nullopt;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &size, md, nullptr) != 1) return std::nullopt;
    return to_hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string to_hex(std::string_view bytes) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

std::string sha256(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &size))
        throw std::runtime_error("HMAC-SHA256 failed");
    return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string secure_random_bytes(size_t count) {
    std::string out(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
        throw std::runtime_error("the system's secure random generator failed (OpenSSL RAND_bytes)");
    return out;
}

}  // namespace stepwise::query
