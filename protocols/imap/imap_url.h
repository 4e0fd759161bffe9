// IMAP URLs (RFC 5092) as CATENATE (RFC 4469 3) takes them: a message or a part of one on
// this server, for this user. Parsing only; the session looks the message up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailscope::imap {

/// What an IMAP URL names (RFC 5092 imessagepart), with its %-encoding undone.
struct ImapUrl {
    std::optional<std::string> mailbox;        ///< the mailbox name as on the wire; nullopt: the selected one
    std::optional<std::uint32_t> uidValidity;  ///< ;UIDVALIDITY=, when given
    std::uint32_t uid = 0;                     ///< ;UID= (required)
    std::string section;                       ///< ;SECTION= as a section-spec ("1.2", "HEADER"); empty: all
    std::optional<std::uint32_t> partialStart; ///< ;PARTIAL=start[.count]
    std::optional<std::uint32_t> partialCount;

    friend bool operator==(const ImapUrl&, const ImapUrl&) = default;
};

/// Reads a URL in one of the forms RFC 4469 3 allows for this server and `user`:
/// - relative to the server: "/INBOX;UIDVALIDITY=5/;UID=3/;SECTION=1.2/;PARTIAL=0.100";
/// - relative to the selected mailbox: ";UID=3/;SECTION=TEXT";
/// - absolute, "imap://user@host/...", only when its user is `user` and its host `host`
///   (another server's or user's message is not this server's to read).
/// Parameter names are case-insensitive; ";SECTION=" may follow ";UID=n" without the "/"
/// (as RFC 4469's own examples write it). nullopt for anything else, including URLAUTH.
std::optional<ImapUrl> parseImapUrl(std::string_view url, std::string_view user, std::string_view host);

/// The URL as "[BADURL url]" may echo it (RFC 4469 5 url-resp-text, errata 2002 and
/// 4046: bare, any TEXT-CHAR but "]"): "]" and control characters are left out.
std::string badUrlText(std::string_view url);

}  // namespace mailscope::imap
