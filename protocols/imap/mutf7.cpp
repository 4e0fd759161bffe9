// Modified UTF-7 mailbox names (RFC 3501 5.1.3; the BASE64 of RFC 2152 with "," for "/").
#include "protocols/imap/mutf7.h"

#include <cstdint>

namespace mailscope::imap {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
constexpr char32_t kReplacement = 0xFFFD;

bool isPrintableAscii(char32_t c) { return c >= 0x20 && c <= 0x7E; }

int alphabetIndex(char c) {
    const auto pos = kAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

/// Decodes one code point at `i` and advances past it; an invalid sequence (overlong,
/// surrogate, above U+10FFFF, truncated) consumes one byte and gives U+FFFD.
char32_t nextCodePoint(std::string_view s, std::size_t& i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if (lead < 0x80) {
        ++i;
        return lead;
    } else if ((lead & 0xE0) == 0xC0) {
        length = 2, cp = lead & 0x1F, minimum = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, cp = lead & 0x0F, minimum = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, cp = lead & 0x07, minimum = 0x10000;
    } else {
        ++i;
        return kReplacement;
    }
    if (i + length > s.size()) {
        ++i;
        return kReplacement;
    }
    for (std::size_t k = 1; k < length; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) {
            ++i;
            return kReplacement;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return kReplacement;
    }
    i += length;
    return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// "&" + modified BASE64 of the UTF-16BE units + "-".
void appendShifted(std::string& out, const std::u16string& units) {
    out += '&';
    std::uint32_t bits = 0;
    int count = 0;
    for (char16_t unit : units) {
        bits = (bits << 16) | unit;
        count += 16;
        while (count >= 6) {
            count -= 6;
            out += kAlphabet[(bits >> count) & 0x3F];
        }
        bits &= (1u << count) - 1;
    }
    if (count > 0) out += kAlphabet[(bits << (6 - count)) & 0x3F];
    out += '-';
}

/// Decodes the BASE64 between "&" and "-" into code points appended to out as UTF-8.
bool decodeShifted(std::string_view base64, std::string& out) {
    std::u16string units;
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : base64) {
        const int value = alphabetIndex(c);
        if (value < 0) return false;
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 16) {
            count -= 16;
            units += static_cast<char16_t>((bits >> count) & 0xFFFF);
            bits &= (1u << count) - 1;
        }
    }
    // Leftover bits must be padding: fewer than one BASE64 character, all zero.
    if (count >= 6 || bits != 0) return false;
    for (std::size_t k = 0; k < units.size(); ++k) {
        char32_t cp = units[k];
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // low surrogate without a high one
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (k + 1 >= units.size() || units[k + 1] < 0xDC00 || units[k + 1] > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (units[k + 1] - 0xDC00);
            ++k;
        }
        if (isPrintableAscii(cp)) return false;  // must have been written as itself
        appendUtf8(out, cp);
    }
    return true;
}

}  // namespace

std::string encodeMailboxName(std::string_view utf8) {
    std::string out;
    std::u16string pending;  // a run of characters that need BASE64
    std::size_t i = 0;
    while (i < utf8.size()) {
        const char32_t cp = nextCodePoint(utf8, i);
        if (isPrintableAscii(cp)) {
            if (!pending.empty()) appendShifted(out, pending), pending.clear();
            if (cp == U'&') out += "&-";
            else out += static_cast<char>(cp);
        } else if (cp >= 0x10000) {
            pending += static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
            pending += static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            pending += static_cast<char16_t>(cp);
        }
    }
    if (!pending.empty()) appendShifted(out, pending);
    return out;
}

std::optional<std::string> decodeMailboxName(std::string_view mutf7) {
    std::string out;
    bool afterShifted = false;  // the previous item was a BASE64 run
    std::size_t i = 0;
    while (i < mutf7.size()) {
        const char c = mutf7[i];
        if (c == '&') {
            const auto end = mutf7.find('-', i + 1);
            if (end == std::string_view::npos) return std::nullopt;
            if (end == i + 1) {
                out += '&';
                afterShifted = false;
            } else {
                if (afterShifted) return std::nullopt;  // "&AAA-&BBB-" must be one run
                if (!decodeShifted(mutf7.substr(i + 1, end - i - 1), out)) return std::nullopt;
                afterShifted = true;
            }
            i = end + 1;
        } else if (!isPrintableAscii(static_cast<unsigned char>(c))) {
            return std::nullopt;
        } else {
            out += c;
            afterShifted = false;
            ++i;
        }
    }
    return out;
}

}  // namespace mailscope::imap
