// Base64 (RFC 4648 4) and the SASL PLAIN message (RFC 4616), shared by POP3 AUTH
// (RFC 5034) and IMAP AUTHENTICATE (RFC 3501 6.2.2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mailscope::core {

/// Standard base64, no line breaks.
std::string base64Encode(std::string_view data);
/// Strict base64 decoding: only the alphabet, length a multiple of 4, "=" only as padding
/// at the end. nullopt for anything else.
std::optional<std::string> base64Decode(std::string_view text);

/// The three parts of a SASL PLAIN message: authzid NUL authcid NUL passwd.
struct PlainCredentials {
    std::string authzid;   ///< who to act as; empty means "as authcid"
    std::string authcid;   ///< the user name
    std::string password;
};
/// Decodes a base64 SASL PLAIN response; nullopt if it is not base64 or not three parts.
std::optional<PlainCredentials> decodeSaslPlain(std::string_view base64);
/// Encodes credentials as a base64 SASL PLAIN response (for client engines).
std::string encodeSaslPlain(std::string_view authcid, std::string_view password, std::string_view authzid = {});

}  // namespace mailscope::core
