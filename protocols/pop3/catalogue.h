// The POP3 catalogue: every command, status, terminator, continuation and response code
// in plain words (English and Polish) with its RFC section (RFC 1939, 2449, 3206, 5034, 2595).
#pragma once

#include <span>
#include <string_view>

#include "protocols/core/catalogue.h"

namespace mailscope::pop3 {

/// Explains one transcript line: a command (by its keyword), a SASL response or "*"
/// from the client; a greeting, +OK, -ERR (by its response code when it has one), a
/// continuation, the "." terminator or a data line from the server. nullptr when there
/// is nothing to say (an unknown command).
const core::Explanation* explain(std::string_view line, core::Direction dir);

/// Every entry, for listing (commands first, then responses, then response codes).
std::span<const core::Explanation> entries();

}  // namespace mailscope::pop3
