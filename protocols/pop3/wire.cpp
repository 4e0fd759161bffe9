// POP3 wire-format helpers: line reader, dot-stuffing (RFC 1939 §3), base64, MD5.
#include "protocols/pop3/wire.h"

#include <openssl/evp.h>

#include <array>
#include <memory>

namespace mailscope::pop3 {

// [SECTION] LineReader

void LineReader::append(std::string_view bytes) {
    // Compact now and then so a long session does not keep every byte it ever received.
    if (m_pos > 4096 && m_pos * 2 > m_buffer.size()) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

std::optional<LineReader::Line> LineReader::next() {
    if (m_skipping) {
        const std::size_t lf = m_buffer.find('\n', m_pos);
        if (lf == std::string::npos) {
            clear();
            m_skipping = true;
            return std::nullopt;
        }
        m_pos = lf + 1;
        m_skipping = false;
    }

    const std::size_t lf = m_buffer.find('\n', m_pos);
    if (lf != std::string::npos) {
        std::size_t end = lf;
        if (end > m_pos && m_buffer[end - 1] == '\r') --end;
        Line line{m_buffer.substr(m_pos, end - m_pos), false};
        m_pos = lf + 1;
        // The content plus CRLF must fit, whichever terminator the peer used.
        if (m_maxLine != 0 && line.text.size() + 2 > m_maxLine) {
            line.tooLong = true;
            line.text.resize(reportedPrefix());
        }
        return line;
    }

    // No LF yet. If even the shortest possible ending cannot make it fit, say so now:
    // the outcome is the same as when the whole line arrives at once.
    const std::size_t pending = m_buffer.size() - m_pos;
    if (m_maxLine != 0 && pending >= m_maxLine) {
        Line line{m_buffer.substr(m_pos, reportedPrefix()), true};
        clear();
        m_skipping = true;
        return line;
    }
    return std::nullopt;
}

void LineReader::clear() {
    m_buffer.clear();
    m_pos = 0;
    m_skipping = false;
}

// [SECTION] dot-stuffing

void appendDotStuffed(std::string& out, std::string_view data) {
    out.reserve(out.size() + data.size() + data.size() / 64 + 5);
    bool lineStart = true;
    for (char c : data) {
        if (lineStart && c == '.') out += '.';
        out += c;
        lineStart = c == '\n';
    }
    const bool endsWithCrlf = data.size() >= 2 && data.substr(data.size() - 2) == "\r\n";
    if (!data.empty() && !endsWithCrlf) {
        if (data.back() == '\r') out += '\n';
        else out += "\r\n";
    }
    out += ".\r\n";
}

std::string_view unstuffLine(std::string_view line) {
    if (!line.empty() && line.front() == '.') line.remove_prefix(1);
    return line;
}

// [SECTION] MD5 (OpenSSL)

std::string md5Hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1)
        return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

// [SECTION] small parsing helpers

std::optional<std::uint64_t> parseNumber(std::string_view text, std::uint64_t limit) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    bool over = false;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        if (!over) {
            value = value * 10 + static_cast<std::uint64_t>(c - '0');
            if (value > limit) over = true;
        }
    }
    return over ? limit + 1 : value;
}

std::string toUpperAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace mailscope::pop3
