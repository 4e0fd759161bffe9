// POP3 wire-format helpers shared by the server session and the client engine: the
// incremental line reader, dot-stuffing (RFC 1939 §3) and MD5 (OpenSSL EVP); base64 is core/sasl.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/core/sasl.h"

namespace mailscope::pop3 {

using core::base64Decode;
using core::base64Encode;

/// Splits a byte stream into lines, whatever the chunking. A line ends with LF; a CR
/// right before the LF is dropped too (bare LF is accepted: be lenient in what you
/// accept). A line longer than the limit is reported once, as soon as that is certain,
/// and the rest of it is skipped up to and including its LF.
class LineReader {
public:
    /// One line without its terminator.
    struct Line {
        std::string text;      ///< the line, or for a too-long line its first maxLine - 2 bytes
        bool tooLong = false;  ///< the line exceeded the limit; its rest is being discarded
    };

    /// maxLine counts the line with its CRLF (RFC 2449 §4: 255 octets); 0 means no limit.
    explicit LineReader(std::size_t maxLine) : m_maxLine(maxLine) {}

    void setMaxLine(std::size_t maxLine) { m_maxLine = maxLine; }
    void append(std::string_view bytes);
    /// The next complete line (or too-long report), or nullopt when more bytes are needed.
    std::optional<Line> next();
    /// Drops everything buffered, including a partly skipped line (STLS, RFC 2595 §4).
    void clear();
    /// Bytes waiting for the end of their line.
    std::size_t buffered() const { return m_buffer.size() - m_pos; }

private:
    // How much of a too-long line is reported: the longest content that would have fit.
    // Those bytes are the same whether the line arrived whole or byte by byte.
    std::size_t reportedPrefix() const { return m_maxLine >= 2 ? m_maxLine - 2 : 0; }

    std::string m_buffer;
    std::size_t m_pos = 0;  // first byte not yet returned
    std::size_t m_maxLine;
    bool m_skipping = false;  // inside the rest of a too-long line
};

/// Appends `data` as the body of a multi-line response: every line that starts with "."
/// gets another "." in front, the data is made to end with CRLF, and ".\r\n" follows.
void appendDotStuffed(std::string& out, std::string_view data);

/// Undoes dot-stuffing for one received line of a multi-line response (without its
/// terminator): drops a leading "." ("..x" -> ".x"). The lone "." terminator is not a
/// data line; callers check for it first.
std::string_view unstuffLine(std::string_view line);


/// MD5 of data as 32 lowercase hex digits (APOP digest, RFC 1939 §7).
std::string md5Hex(std::string_view data);

/// A decimal number made of ASCII digits only (no sign, no spaces); nullopt for anything
/// else. Values beyond `limit` come back as limit + 1 so callers can say "no such message".
std::optional<std::uint64_t> parseNumber(std::string_view text, std::uint64_t limit = 0xFFFFFFFFu);

/// ASCII upper-casing for command keywords.
std::string toUpperAscii(std::string_view text);

}  // namespace mailscope::pop3
