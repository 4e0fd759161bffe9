// Text the app shows for the mail model: one message row, flag letters, sizes. Pure
// functions, shared by the Server panel and the headless `mailscope demo`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "protocols/mail/mailbox.h"

namespace mailscope::app {

/// What a message list shows for one message, every field ready to draw.
struct MessageRow {
    std::string flags;      ///< flag letters, see flagLetters()
    std::uint32_t uid = 0;  ///< the message's UID in its mailbox
    std::string from;       ///< decoded From, or "(no sender)"
    std::string fromName;   ///< displayName(from): what a narrow From column shows
    std::string subject;    ///< decoded Subject, or "(no subject)"
    std::string size;       ///< formatSize() of the exact byte count
};

/// One letter per flag that is set, in a fixed order: N \Recent (new), S \Seen,
/// A \Answered, F \Flagged, X \Deleted, D \Draft; then "+" if there are keywords.
/// "" when no flag is set.
std::string flagLetters(const mail::Flags& flags, bool recent);
/// The legend for flagLetters(), one "N  \Recent: ..." line per letter.
const char* flagLegend();
/// The name part of a decoded From ("Zofia Nowak <zofia@przyklad.pl>" -> "Zofia Nowak",
/// "\"Nowak, Zofia\" <z@p.pl>" -> "Nowak, Zofia"), the bare address when there is no
/// name ("<z@p.pl>" -> "z@p.pl"), else the text unchanged.
std::string displayName(const std::string& from);
/// "512 B", "1.5 KB", "2.0 MB" (1 KB = 1024 bytes; one decimal from KB upwards).
std::string formatSize(std::size_t bytes);
MessageRow messageRow(const mail::MailItem& item);
/// "3 messages, 1 unseen", "1 message", or "empty".
std::string mailboxSummary(const mail::Mailbox& mailbox);

}  // namespace mailscope::app
