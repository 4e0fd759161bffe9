// UTF-8 validation (RFC 3629), for mailbox names and search strings.
#pragma once

#include <string_view>

namespace mailscope::core {

/// True if s is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
bool isValidUtf8(std::string_view s);

}  // namespace mailscope::core
