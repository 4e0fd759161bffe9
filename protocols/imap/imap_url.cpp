// IMAP URLs for CATENATE (RFC 5092 3, 4; RFC 4469 3): the relative and same-server forms.
#include "protocols/imap/imap_url.h"

#include "protocols/core/catalogue.h"
#include "protocols/imap/sequence_set.h"

namespace mailscope::imap {
namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Undoes %XX (RFC 5092 bchar); nullopt for a malformed escape.
std::optional<std::string> percentDecode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int high = hexValue(s[i + 1]);
        const int low = hexValue(s[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && core::equalsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

/// Where `needle` first occurs in s, any case.
std::size_t findIgnoreCase(std::string_view s, std::string_view needle) {
    for (std::size_t i = 0; i + needle.size() <= s.size(); ++i)
        if (core::equalsIgnoreCase(s.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

/// partial-range = number ["." nz-number] (RFC 5092 ipartial).
bool readPartial(std::string_view text, ImapUrl& url) {
    const std::size_t dot = text.find('.');
    const std::string_view start = text.substr(0, dot);
    if (start.empty() || start.find_first_not_of("0123456789") != std::string_view::npos || start.size() > 10)
        return false;
    const std::uint64_t value = std::stoull(std::string(start));
    if (value > UINT32_MAX) return false;
    url.partialStart = static_cast<std::uint32_t>(value);
    if (dot == std::string_view::npos) return true;
    url.partialCount = parseNzNumber(text.substr(dot + 1));
    return url.partialCount.has_value();
}

/// The ";NAME=value" parameters after the mailbox reference, each after an optional "/".
bool readParameters(std::string_view rest, ImapUrl& url) {
    bool uid = false;
    while (!rest.empty()) {
        if (rest.front() == '/') rest.remove_prefix(1);
        if (rest.empty() || rest.front() != ';') return false;
        rest.remove_prefix(1);
        const std::size_t equals = rest.find('=');
        if (equals == std::string_view::npos) return false;
        const std::string_view name = rest.substr(0, equals);
        const std::size_t end = rest.find_first_of("/;", equals + 1);
        const auto value = percentDecode(rest.substr(equals + 1, end == std::string_view::npos ? end : end - equals - 1));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        if (!value) return false;
        if (core::equalsIgnoreCase(name, "UID") && !uid) {
            const auto n = parseNzNumber(*value);
            if (!n) return false;
            url.uid = *n;
            uid = true;
        } else if (core::equalsIgnoreCase(name, "SECTION") && uid && url.section.empty() && !value->empty()) {
            url.section = *value;
        } else if (core::equalsIgnoreCase(name, "PARTIAL") && uid && !url.partialStart) {
            if (!readPartial(*value, url)) return false;
        } else {
            return false;  // URLAUTH, EXPIRE and the like: not for CATENATE here
        }
    }
    return uid;
}

}  // namespace

std::optional<ImapUrl> parseImapUrl(std::string_view text, std::string_view user, std::string_view host) {
    if (startsWithIgnoreCase(text, "imap://")) {
        text.remove_prefix(7);
        const std::size_t slash = text.find('/');
        if (slash == std::string_view::npos) return std::nullopt;
        const std::string_view authority = text.substr(0, slash);
        const std::size_t at = authority.rfind('@');
        if (at == std::string_view::npos) return std::nullopt;  // anonymous: not this user
        const auto urlUser = percentDecode(authority.substr(0, at));  // no ";AUTH=": any mechanism
        std::string_view urlHost = authority.substr(at + 1);
        urlHost = urlHost.substr(0, urlHost.find(':'));  // the port does not change whose mail it is
        if (!urlUser || *urlUser != user || !core::equalsIgnoreCase(urlHost, host)) return std::nullopt;
        text.remove_prefix(slash);
    }
    ImapUrl url;
    if (text.starts_with('/')) {
        const std::size_t uidAt = findIgnoreCase(text, "/;UID=");
        if (uidAt == std::string_view::npos) return std::nullopt;
        std::string_view reference = text.substr(1, uidAt - 1);
        if (const std::size_t validity = findIgnoreCase(reference, ";UIDVALIDITY="); validity != std::string_view::npos) {
            url.uidValidity = parseNzNumber(reference.substr(validity + 13));
            if (!url.uidValidity) return std::nullopt;
            reference = reference.substr(0, validity);
        }
        url.mailbox = percentDecode(reference);
        if (!url.mailbox || url.mailbox->empty()) return std::nullopt;
        text.remove_prefix(uidAt);
    } else if (!text.starts_with(';')) {
        return std::nullopt;
    }
    if (!readParameters(text, url)) return std::nullopt;
    return url;
}

std::string badUrlText(std::string_view url) {
    std::string out;
    for (char c : url)
        if (c != ']' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out += c;
    return out.empty() ? std::string("URL") : out;
}

}  // namespace mailscope::imap
