// Mailbox names on the wire: modified UTF-7 (RFC 3501 5.1.3), converted to and from UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mailscope::imap {

/// UTF-8 -> modified UTF-7: printable ASCII stands for itself, "&" becomes "&-", every run
/// of other characters becomes "&" + modified BASE64 of UTF-16BE ("," for "/") + "-".
/// Invalid UTF-8 bytes are encoded as U+FFFD.
std::string encodeMailboxName(std::string_view utf8);

/// Modified UTF-7 -> UTF-8, or nullopt when the name is not valid modified UTF-7: a raw
/// byte outside 0x20..0x7E, an unterminated "&", a character outside the modified BASE64
/// alphabet, leftover bits that are non-zero or make up a whole BASE64 character, a
/// printable ASCII character written in BASE64, two BASE64 runs back to back (they must be
/// one), or a lone UTF-16 surrogate.
std::optional<std::string> decodeMailboxName(std::string_view mutf7);

}  // namespace mailscope::imap
