// The IMAP catalogue: every command, response and response code in plain words (English
// and Polish) with its RFC section (RFC 3501 §6-§7, RFC 2177, 2342, 2971, 3691, 4315, 4469,
// 4731, 4959, 5161, 5256, 5267, 5530, 6851, 7162).
#pragma once

#include <span>
#include <string_view>

#include "protocols/core/catalogue.h"

namespace mailscope::imap {

/// Explains one transcript line (with or without its CRLF).
/// From the client: "tag COMMAND ..." by the command name, in any case ("UID FETCH" and the
/// other UID forms have entries of their own), the IDLE terminator "DONE", and a line
/// without tag and command during AUTHENTICATE: a base64 SASL response (also in its masked
/// form "********") or "*" to cancel.
/// From the server: a continuation "+ ..." (literal, SASL challenge or IDLE), a tagged or
/// untagged status response by its response code in brackets when the catalogue knows it,
/// else by its status, and untagged data ("* LIST", "* 3 EXISTS", "* 1 FETCH (...)"); a
/// FETCH holding only FLAGS (and UID) has its own entry, since that is how another
/// device's flag change reaches this one, and so has an ESEARCH carrying ADDTO, REMOVEFROM
/// or PARTIAL (RFC 5267), and a SEARCH or SORT asking RETURN (UPDATE).
/// nullptr when there is nothing to say: an unknown command or response, literal data.
const core::Explanation* explain(std::string_view line, core::Direction dir);

/// Every entry, for listing: client lines first (commands, then DONE and the SASL lines),
/// then server responses, then response codes (keys in brackets, e.g. "[UIDVALIDITY]").
std::span<const core::Explanation> entries();

}  // namespace mailscope::imap
