#include "query/hash.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "aws/digest.h"

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
    return aws::to_hex(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string secure_random_bytes(size_t count) {
    std::string out(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1)
        throw std::runtime_error("the system's secure random generator failed (OpenSSL RAND_bytes)");
    return out;
}

}  // namespace stepwise::query
