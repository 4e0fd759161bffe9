// Message parsing: CRLF normalisation, the header index, and the RFC 2047 / RFC 5322
// decoding of the display summary, which GMime 3 does for us.
#include "protocols/mail/message.h"

#include <gmime/gmime.h>

#include <mutex>
#include <optional>
#include <utility>
#include <string>
#include <unordered_map>

#include "protocols/core/catalogue.h"

namespace mailscope::mail {
namespace {

void ensureGMime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

/// Takes ownership of a g_malloc'ed C string.
std::string takeGString(char* s) {
    if (!s) return {};
    std::string out(s);
    g_free(s);
    return out;
}

/// What `decode()` gives for `field`, remembered in `known` (one map per thread and kind
/// of field; forgotten all at once past 4,096 fields). GMime's address parsing, with IDN
/// conversion in libidn2, was over half of a simulated world's work: every device reads
/// the same few From, To and Date fields of every message again.
template <class Value, class Decode>
Value remembered(std::unordered_map<std::string, Value>& known, std::string_view field, Decode decode) {
    constexpr std::size_t kRemembered = 4096;
    std::string key(field);
    if (auto found = known.find(key); found != known.end()) return found->second;
    if (known.size() >= kRemembered) known.clear();
    Value value = decode();
    known.emplace(std::move(key), value);
    return value;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return std::string(s);
}

/// Unfolds a header value: CRLF followed by white space becomes that white space.
std::string unfold(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\r' || v[i] == '\n') continue;
        out += v[i];
    }
    return trim(out);
}

}  // namespace

std::string toCrlf(std::string_view raw) {
    std::string out;
    out.reserve(raw.size() + raw.size() / 32);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::string decodeHeaderText(std::string_view value) {
    ensureGMime();
    const std::string unfolded = unfold(value);
    return trim(takeGString(g_mime_utils_header_decode_text(nullptr, unfolded.c_str())));
}

std::string decodeAddressList(std::string_view value) {
    thread_local std::unordered_map<std::string, std::string> known;
    return remembered(known, value, [&] {
        ensureGMime();
        const std::string unfolded = unfold(value);
        std::string out;
        if (InternetAddressList* list = internet_address_list_parse(nullptr, unfolded.c_str())) {
            out = takeGString(internet_address_list_to_string(list, nullptr, FALSE));
            g_object_unref(list);
        }
        return out.empty() ? decodeHeaderText(value) : out;
    });
}

namespace {

/// A Date field as a time and its zone in minutes; nullopt when GMime cannot read it.
std::optional<std::pair<core::Time, int>> decodeDate(std::string_view value) {
    thread_local std::unordered_map<std::string, std::optional<std::pair<core::Time, int>>> known;
    return remembered(known, value, [&] {
        ensureGMime();
        std::optional<std::pair<core::Time, int>> when;
        const std::string text(value);
        if (GDateTime* dt = g_mime_utils_header_decode_date(text.c_str())) {
            when.emplace(g_date_time_to_unix(dt), static_cast<int>(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE));
            g_date_time_unref(dt);
        }
        return when;
    });
}

}  // namespace

std::optional<std::string> decodeTransferEncoding(std::string_view bytes, std::string_view encoding) {
    GMimeContentEncoding kind = GMIME_CONTENT_ENCODING_DEFAULT;
    if (core::equalsIgnoreCase(encoding, "BASE64")) kind = GMIME_CONTENT_ENCODING_BASE64;
    else if (core::equalsIgnoreCase(encoding, "QUOTED-PRINTABLE")) kind = GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
    else if (core::equalsIgnoreCase(encoding, "7BIT") || core::equalsIgnoreCase(encoding, "8BIT") ||
             core::equalsIgnoreCase(encoding, "BINARY"))
        return std::string(bytes);
    else
        return std::nullopt;
    ensureGMime();
    GMimeEncoding state;
    g_mime_encoding_init_decode(&state, kind);
    std::string decoded(g_mime_encoding_outlen(&state, bytes.size()) + 16, '\0');
    decoded.resize(g_mime_encoding_flush(&state, bytes.data(), bytes.size(), decoded.data()));
    return decoded;
}

std::shared_ptr<const Message> Message::fromBytes(std::string_view raw, core::Time internalDate,
                                                  int internalZoneMinutes, bool exactBody) {
    std::shared_ptr<Message> m(new Message());
    if (exactBody) {
        // The header ends with its first empty line, whatever its line ends are.
        std::size_t end = raw.size();
        for (std::size_t pos = 0; pos < raw.size();) {
            const std::size_t eol = raw.find_first_of("\r\n", pos);
            if (eol == std::string_view::npos) break;
            const std::size_t next = raw[eol] == '\r' && eol + 1 < raw.size() && raw[eol + 1] == '\n' ? eol + 2 : eol + 1;
            if (eol == pos) {
                end = next;
                break;
            }
            pos = next;
        }
        m->m_bytes = toCrlf(raw.substr(0, end));
        m->m_bytes.append(raw.substr(end));
    } else {
        m->m_bytes = toCrlf(raw);
    }
    m->m_internalDate = internalDate;
    m->m_internalZone = internalZoneMinutes;
    m->indexHeaders();

    Summary& s = m->m_summary;
    if (auto v = m->headerValue("From")) s.from = decodeAddressList(*v);
    if (auto v = m->headerValue("To")) s.to = decodeAddressList(*v);
    if (auto v = m->headerValue("Subject")) s.subject = decodeHeaderText(*v);
    if (auto v = m->headerValue("Message-ID")) s.messageId = *v;
    s.sentTime = internalDate;
    s.sentZoneMinutes = internalZoneMinutes;
    if (auto v = m->headerValue("Date")) {
        s.date = *v;
        if (const auto when = decodeDate(*v)) {
            s.sentTime = when->first;
            s.sentZoneMinutes = when->second;
        }
    }
    return m;
}

void Message::indexHeaders() {
    const std::string_view all(m_bytes);
    std::size_t pos = 0;
    m_bodyOffset = all.size();
    while (pos < all.size()) {
        // The empty line ends the header section.
        if (all.compare(pos, 2, "\r\n") == 0) {
            m_bodyOffset = pos + 2;
            break;
        }
        // One field: up to a CRLF not followed by white space.
        std::size_t end = pos;
        for (;;) {
            const std::size_t crlf = all.find("\r\n", end);
            if (crlf == std::string_view::npos) {
                end = all.size();
                break;
            }
            end = crlf + 2;
            if (end >= all.size() || (all[end] != ' ' && all[end] != '\t')) break;
        }
        const std::string_view raw = all.substr(pos, end - pos);
        const std::size_t colon = raw.find(':');
        if (colon != std::string_view::npos && colon > 0) {
            std::string_view name = raw.substr(0, colon);
            while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
            std::string_view value = raw.substr(colon + 1);
            if (value.size() >= 2 && value.substr(value.size() - 2) == "\r\n") value.remove_suffix(2);
            m_fields.push_back(HeaderField{name, raw, value});
        }
        pos = end;
    }
    const std::string_view b = body();
    m_bodyLines = 0;
    for (char c : b)
        if (c == '\n') ++m_bodyLines;
    if (!b.empty() && b.back() != '\n') ++m_bodyLines;
}

std::optional<std::string> Message::headerValue(std::string_view name) const {
    for (const HeaderField& f : m_fields)
        if (core::equalsIgnoreCase(f.name, name)) return unfold(f.value);
    return std::nullopt;
}

}  // namespace mailscope::mail
