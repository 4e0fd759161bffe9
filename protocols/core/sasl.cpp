// Base64 through OpenSSL's EVP encoder, and the SASL PLAIN message (RFC 4616 2).
#include "protocols/core/sasl.h"

#include <openssl/evp.h>

#include <vector>

namespace mailscope::core {

std::string base64Encode(std::string_view data) {
    if (data.empty()) return {};
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> base64Decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '=') {
            if (i + 2 < text.size()) return std::nullopt;  // "=" only in the last two places
            ++padding;
        } else if (!alpha || padding > 0) {
            return std::nullopt;
        }
    }
    if (text.empty()) return std::string();
    std::string out(text.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return std::nullopt;
    out.resize(static_cast<std::size_t>(n) - padding);  // EVP_DecodeBlock counts padding as zero bytes
    return out;
}

std::optional<PlainCredentials> decodeSaslPlain(std::string_view base64) {
    const auto raw = base64Decode(base64);
    if (!raw) return std::nullopt;
    const auto first = raw->find('\0');
    if (first == std::string::npos) return std::nullopt;
    const auto second = raw->find('\0', first + 1);
    if (second == std::string::npos || raw->find('\0', second + 1) != std::string::npos) return std::nullopt;
    PlainCredentials c;
    c.authzid = raw->substr(0, first);
    c.authcid = raw->substr(first + 1, second - first - 1);
    c.password = raw->substr(second + 1);
    if (c.authcid.empty()) return std::nullopt;
    return c;
}

std::string encodeSaslPlain(std::string_view authcid, std::string_view password, std::string_view authzid) {
    std::string raw;
    raw.append(authzid).append(1, '\0').append(authcid).append(1, '\0').append(password);
    return base64Encode(raw);
}

}  // namespace mailscope::core
