#include "query/hash.h"

#include <openssl/evp.h>

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
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

}  // namespace stepwise::query
