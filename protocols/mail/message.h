// Message: the exact RFC 5322 bytes of one e-mail (CRLF line ends), its size and
// internal date, and a display summary decoded from RFC 2047 encoded-words (via GMime).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/time.h"

namespace mailscope::mail {

/// What a mail client shows in a message list: header values decoded to UTF-8.
struct Summary {
    std::string from;       ///< decoded From, e.g. "Zofia Nowak <zofia@example.pl>"
    std::string to;         ///< decoded To
    std::string subject;    ///< decoded Subject, e.g. "Zażółć gęślą jaźń"
    std::string date;       ///< the Date header as written (empty if absent)
    std::string messageId;  ///< Message-ID as written
    core::Time sentTime = 0;    ///< the Date header as a time (the internal date when absent or bad)
    int sentZoneMinutes = 0;    ///< the Date header's zone
};

/// One raw header field as it appears in the message.
struct HeaderField {
    std::string_view name;  ///< field name, without the colon
    std::string_view raw;   ///< the whole field: name, colon, value, folds and the final CRLF
    std::string_view value; ///< the value after the colon, folds kept, without the final CRLF
};

/// An immutable message. Shared between mailboxes (COPY) and devices by shared_ptr.
class Message {
public:
    /// Builds a message from raw bytes. Bare LF and bare CR line ends become CRLF so that
    /// size() is exactly what RETR / FETCH RFC822 send. A message without a header/body
    /// separator is treated as all header. With `exactBody` (an IMAP APPEND sent as
    /// literal8, RFC 3516 4.4) only the header's line ends are normalized: the body may hold
    /// binary content, whose bytes must come back unchanged.
    static std::shared_ptr<const Message> fromBytes(std::string_view raw, core::Time internalDate,
                                                    int internalZoneMinutes = 0, bool exactBody = false);

    const std::string& bytes() const { return m_bytes; }
    std::size_t size() const { return m_bytes.size(); }
    core::Time internalDate() const { return m_internalDate; }
    int internalZoneMinutes() const { return m_internalZone; }
    const Summary& summary() const { return m_summary; }

    /// The header section including the empty line that ends it (RFC 3501 BODY[HEADER]).
    std::string_view header() const { return std::string_view(m_bytes).substr(0, m_bodyOffset); }
    /// Everything after the header section (RFC 3501 BODY[TEXT]).
    std::string_view body() const { return std::string_view(m_bytes).substr(m_bodyOffset); }
    /// Byte offset where the body starts.
    std::size_t bodyOffset() const { return m_bodyOffset; }
    /// Number of lines in the body (for BODYSTRUCTURE / TOP).
    std::size_t bodyLines() const { return m_bodyLines; }

    /// All header fields in order.
    const std::vector<HeaderField>& headerFields() const { return m_fields; }
    /// The first field with this name (case-insensitive), value unfolded and trimmed.
    std::optional<std::string> headerValue(std::string_view name) const;

    Message(const Message&) = delete;
    Message& operator=(const Message&) = delete;

private:
    Message() = default;
    void indexHeaders();

    std::string m_bytes;
    core::Time m_internalDate = 0;
    int m_internalZone = 0;
    std::size_t m_bodyOffset = 0;
    std::size_t m_bodyLines = 0;
    std::vector<HeaderField> m_fields;  // views into m_bytes
    Summary m_summary;
};

/// Decodes RFC 2047 encoded-words in an unstructured header value into UTF-8
/// ("=?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?=" -> "Zażółć"); ISO-8859-2 and others via GMime.
std::string decodeHeaderText(std::string_view value);
/// Decodes an address list header (From, To, Cc) for display.
std::string decodeAddressList(std::string_view value);

/// Undoes a Content-Transfer-Encoding (RFC 2045 6): BASE64 and QUOTED-PRINTABLE are
/// decoded (GMime), 7BIT, 8BIT and BINARY are identities (any case); nullopt for any other
/// encoding, which the caller cannot read.
std::optional<std::string> decodeTransferEncoding(std::string_view bytes, std::string_view encoding);

/// Normalizes line ends to CRLF.
std::string toCrlf(std::string_view raw);

}  // namespace mailscope::mail
