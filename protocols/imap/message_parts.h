// The parts of a message that IMAP FETCH and SEARCH reach into (RFC 3501 6.4.4, 6.4.5,
// 7.4.2): body sections, ENVELOPE, BODYSTRUCTURE, and text matching for SEARCH.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mail/message.h"

namespace mailscope::imap {

/// A body section specifier: BODY[<part>.<kind> (<fields>)]<<partial>> (RFC 3501 6.4.5).
struct SectionSpec {
    /// Which text of the (sub)part the section names.
    enum class Kind {
        Full,             ///< BODY[] or BODY[1.2]: the whole (sub)part
        Header,           ///< BODY[HEADER]
        HeaderFields,     ///< BODY[HEADER.FIELDS (From To)]
        HeaderFieldsNot,  ///< BODY[HEADER.FIELDS.NOT (From To)]
        Text,             ///< BODY[TEXT]
        Mime,             ///< BODY[1.MIME]: the MIME header of a body part
    };
    std::vector<std::uint32_t> part;  ///< part path, e.g. {1, 2} for "1.2"; empty = top level
    Kind kind = Kind::Full;
    std::vector<std::string> fields;  ///< field names for HeaderFields / HeaderFieldsNot, as given
    std::optional<std::uint32_t> partialStart;  ///< <start.count>
    std::optional<std::uint32_t> partialCount;

    friend bool operator==(const SectionSpec&, const SectionSpec&) = default;
};

// [SECTION] IMAP strings (RFC 3501 4.3, 4.5)

/// One IMAP string: quoted ("a \"b\"", with \ and " escaped) when every byte is 7-bit
/// and none is CR, LF or NUL; otherwise a literal "{n}\r\n" followed by the n bytes.
std::string imapString(std::string_view s);
/// An nstring: NIL for nullopt, otherwise imapString().
std::string imapNString(std::optional<std::string_view> s);

// [SECTION] FETCH (RFC 3501 6.4.5, 7.4.2)

/// The ENVELOPE parenthesized list: (date subject from sender reply-to to cc bcc
/// in-reply-to message-id). Header values are sent as written (RFC 2047 words undecoded),
/// unfolded with TABs as spaces; repeated address fields are merged; a quoted local part is
/// unquoted; an address without a domain has the host MISSING_DOMAIN, one without a local
/// part ("<>") the mailbox MISSING_MAILBOX; Sender and Reply-To default to From; absent
/// fields are NIL.
std::string envelope(const mail::Message& message);
/// BODY (extensible == false) or BODYSTRUCTURE (extensible == true). Sizes and line counts
/// are those of the exact bytes that sectionBytes() returns for each part.
std::string bodyStructure(const mail::Message& message, bool extensible);
/// The octets of BODY[section], before any <partial>. A part that is not a multipart is its
/// own part 1 (BODY[2.1] of a leaf part 2 is part 2). A part that does not exist, or a
/// HEADER/TEXT/MIME specifier that does not apply to the part, gives "" (RFC 3501 6.4.5).
std::string sectionBytes(const mail::Message& message, const SectionSpec& section);
/// Whether the section names something in the message: an existing part, and for
/// HEADER/TEXT (and .FIELDS) after a part number, a message/rfc822 part; where
/// sectionBytes() gives "" because nothing is there, this says false.
bool sectionExists(const mail::Message& message, const SectionSpec& section);
/// The octets of BINARY[part] (RFC 3516 4.2): the part's content with its
/// Content-Transfer-Encoding undone (base64, quoted-printable; 7bit, 8bit and binary as
/// they are). A multipart or message/rfc822 part has only an identity encoding (RFC 2045
/// 6.4): its bytes, with every part inside decoded and that part's header saying
/// "Content-Transfer-Encoding: binary" instead (the field moved last), as production
/// servers give it; a part inside in an encoding the server does not know stays as it is.
/// An empty path is the whole message, its header included (rewritten the same way when
/// the message is a single decoded part). A part that does not exist gives "". nullopt
/// when the section's own encoding is one the server does not know ("NO [UNKNOWN-CTE]").
std::optional<std::string> binarySectionBytes(const mail::Message& message, const std::vector<std::uint32_t>& part);
/// Whether binarySectionBytes() can decode the part (without decoding it).
bool binaryDecodable(const mail::Message& message, const std::vector<std::uint32_t>& part);
/// Applies <start.count>: the bytes from start (at most count of them); "" when start is
/// past the end; the text unchanged when the section has no partial.
std::string_view applyPartial(std::string_view text, const SectionSpec& section);

// [SECTION] SEARCH (RFC 3501 6.4.4)
// Matching is a case-insensitive substring test on UTF-8 text: both sides are Unicode
// case-folded and NFKC-normalized (GLib), so "ZAŻÓŁĆ" finds "zażółć".

/// HEADER field needle: some field with this name (case-insensitive) whose value, unfolded
/// and RFC 2047-decoded, contains needle. An empty needle matches any message with the field.
bool headerContains(const mail::Message& message, std::string_view field, std::string_view needle);
/// FROM / TO / CC / BCC needle: the addresses of every such field, parsed as ENVELOPE
/// parses them (comments and odd spacing gone, names RFC 2047-decoded) and written as
/// "Name <@route:mailbox@host>, ..." (the source route only when there is one) contain
/// needle. `<a (x)@ (y) b.org>` matches "a@b.org"; `<@relay.org:a@b.org>` matches "relay".
/// An empty needle matches any message with the field.
bool addressContains(const mail::Message& message, std::string_view field, std::string_view needle);
/// BODY needle: the text parts (transfer-decoded, converted to UTF-8 from their charset)
/// and leaf message/* parts other than message/rfc822 (delivery-status, global, partial),
/// including the headers and text of attached messages. An empty needle always matches.
bool bodyContains(const mail::Message& message, std::string_view needle);
/// TEXT needle: the header (each field as "Name: decoded value") or the body as BODY reads
/// it, plus the MIME header of every body part (RFC 3501 6.4.4: header or body).
bool textContains(const mail::Message& message, std::string_view needle);
/// Case-insensitive substring test used by the three above (UTF-8 both sides).
bool containsFolded(std::string_view haystack, std::string_view needle);

/// Days since 1970-01-01 of the internal date in its own zone (BEFORE, ON, SINCE compare
/// dates "disregarding time and timezone").
std::int64_t internalDateDay(const mail::Message& message);
/// Days since 1970-01-01 of the Date: header in its own zone (SENTBEFORE, SENTON,
/// SENTSINCE); the internal date when the header is absent or unreadable.
std::int64_t sentDateDay(const mail::Message& message);
/// Days since 1970-01-01 of a SEARCH date argument ("1-Feb-1994"); nullopt if malformed.
std::optional<std::int64_t> searchDateDay(std::string_view imapDate);

// [SECTION] SORT (RFC 5256 BASE.6.4.SORT, RFC 5957)

/// One address structure of an ENVELOPE address list (RFC 3501 7.4.2).
struct EnvelopeAddress {
    std::optional<std::string> name;  ///< display name as written (RFC 2047 words undecoded), if any
    std::string mailbox;              ///< addr-mailbox: local part, or a group's name at a group's start
    std::optional<std::string> host;  ///< addr-host; none at a group's start
};
/// The first address structure of the field's ENVELOPE list (repeated fields merged, as
/// envelope() does), or nullopt when the field is absent or holds no address.
std::optional<EnvelopeAddress> firstAddress(const mail::Message& message, std::string_view field);

}  // namespace mailscope::imap
