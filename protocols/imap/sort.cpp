// SORT keys and ordering (RFC 5256 BASE.6.4.SORT, 2.1, 2.2; RFC 5957 SORT=DISPLAY).
#include "protocols/imap/sort.h"

#include <algorithm>
#include <utility>

#include "protocols/imap/message_parts.h"

namespace mailscope::imap {

namespace {

// [SECTION] Base subject (RFC 5256 2.1)
// After step 1 the only white space left is single spaces, so WSP below is ' '.

char asciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool startsWithCi(std::string_view s, std::size_t at, std::string_view prefix) {
    if (s.size() - std::min(at, s.size()) < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (asciiUpper(s[at + i]) != asciiUpper(prefix[i])) return false;
    return true;
}

std::size_t skipSpaces(std::string_view s, std::size_t at) {
    while (at < s.size() && s[at] == ' ') ++at;
    return at;
}

/// subj-blob = "[" *BLOBCHAR "]" *WSP at `at`: where it ends, or npos.
std::size_t blobEnd(std::string_view s, std::size_t at) {
    if (at >= s.size() || s[at] != '[') return std::string_view::npos;
    const std::size_t close = s.find_first_of("[]", at + 1);
    if (close == std::string_view::npos || s[close] != ']') return std::string_view::npos;
    return skipSpaces(s, close + 1);
}

/// subj-refwd = ("re" / ("fw" ["d"])) *WSP [subj-blob] ":" at `at`: where it ends, or npos.
std::size_t refwdEnd(std::string_view s, std::size_t at) {
    std::size_t i = at;
    if (startsWithCi(s, i, "re")) {
        i += 2;
    } else if (startsWithCi(s, i, "fw")) {
        i += 2;
        if (startsWithCi(s, i, "d")) ++i;
    } else {
        return std::string_view::npos;
    }
    i = skipSpaces(s, i);
    if (const std::size_t blob = blobEnd(s, i); blob != std::string_view::npos) i = blob;
    return i < s.size() && s[i] == ':' ? i + 1 : std::string_view::npos;
}

/// Step 3, once: the length of the subj-leader = (*subj-blob subj-refwd) / WSP at the
/// start, 0 when there is none; `refwd` is set when it was a "Re:"/"Fwd:".
std::size_t leaderLength(std::string_view s, bool& refwd) {
    if (!s.empty() && s.front() == ' ') return 1;
    std::size_t i = 0;
    for (std::size_t blob; (blob = blobEnd(s, i)) != std::string_view::npos;) i = blob;
    const std::size_t end = refwdEnd(s, i);
    if (end == std::string_view::npos) return 0;
    refwd = true;
    return end;
}

/// Step 1: tabs and line breaks as spaces, runs of spaces as one.
std::string squeezeSpaces(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\t' || c == '\r' || c == '\n') c = ' ';
        if (c == ' ' && !out.empty() && out.back() == ' ') continue;
        out += c;
    }
    return out;
}

// [SECTION] Sorting

/// One criterion's key for every item: a number or a text, whichever the key is.
struct Column {
    bool numeric = true;
    bool reverse = false;
    std::vector<std::int64_t> numbers;
    std::vector<std::string> texts;

    int compare(std::size_t a, std::size_t b) const {
        const int c = numeric ? (numbers[a] < numbers[b] ? -1 : numbers[a] > numbers[b] ? 1 : 0)
                              : compareAsciiCasemap(texts[a], texts[b]);
        return reverse ? -c : c;
    }
};

Column columnOf(std::span<const SortItem> items, const SortCriterion& criterion) {
    Column column;
    column.reverse = criterion.reverse;
    const auto numbers = [&](auto keyOf) {
        for (const SortItem& item : items) column.numbers.push_back(static_cast<std::int64_t>(keyOf(*item.message)));
    };
    const auto texts = [&](auto keyOf) {
        column.numeric = false;
        for (const SortItem& item : items) column.texts.push_back(keyOf(*item.message));
    };
    switch (criterion.key) {
        case SortKey::Arrival: numbers([](const mail::Message& m) { return m.internalDate(); }); break;
        case SortKey::Date: numbers([](const mail::Message& m) { return sentDate(m); }); break;
        case SortKey::Size: numbers([](const mail::Message& m) { return m.size(); }); break;
        case SortKey::Subject: texts([](const mail::Message& m) { return baseSubject(m).text; }); break;
        case SortKey::Cc: texts([](const mail::Message& m) { return addressSortKey(m, "Cc"); }); break;
        case SortKey::From: texts([](const mail::Message& m) { return addressSortKey(m, "From"); }); break;
        case SortKey::To: texts([](const mail::Message& m) { return addressSortKey(m, "To"); }); break;
        case SortKey::DisplayFrom: texts([](const mail::Message& m) { return displaySortKey(m, "From"); }); break;
        case SortKey::DisplayTo: texts([](const mail::Message& m) { return displaySortKey(m, "To"); }); break;
    }
    return column;
}

constexpr std::pair<std::string_view, SortKey> kKeyNames[] = {
    {"ARRIVAL", SortKey::Arrival}, {"CC", SortKey::Cc},           {"DATE", SortKey::Date},
    {"FROM", SortKey::From},       {"SIZE", SortKey::Size},       {"SUBJECT", SortKey::Subject},
    {"TO", SortKey::To},           {"DISPLAYFROM", SortKey::DisplayFrom}, {"DISPLAYTO", SortKey::DisplayTo},
};

}  // namespace

std::string_view sortKeyName(SortKey key) {
    for (const auto& [name, k] : kKeyNames)
        if (k == key) return name;
    return "?";
}

std::optional<SortKey> sortKeyFromName(std::string_view name) {
    for (const auto& [known, key] : kKeyNames)
        if (compareAsciiCasemap(known, name) == 0) return key;
    return std::nullopt;
}

BaseSubject baseSubject(std::string_view subjectValue) {
    BaseSubject out;
    // (1) RFC 2047 words to UTF-8; tabs and continuations to spaces; multiple spaces to one.
    std::string s = squeezeSpaces(mail::decodeHeaderText(subjectValue));
    for (;;) {
        // (2) Trailing "(fwd)" and white space, repeatedly.
        for (;;) {
            if (!s.empty() && s.back() == ' ') {
                s.pop_back();
            } else if (s.size() >= 5 && startsWithCi(s, s.size() - 5, "(fwd)")) {
                s.resize(s.size() - 5);
                out.replyOrForward = true;
            } else {
                break;
            }
        }
        // (5) Steps (3) and (4) until neither removes anything.
        for (bool changed = true; changed;) {
            changed = false;
            // (3) Leading "Re:", "Fwd:" (each perhaps after blobs) and white space.
            for (std::size_t n; (n = leaderLength(s, out.replyOrForward)) > 0;) {
                s.erase(0, n);
                changed = true;
            }
            // (4) A leading [blob], unless nothing would be left of the subject.
            if (const std::size_t end = blobEnd(s, 0); end != std::string_view::npos && end < s.size()) {
                s.erase(0, end);
                changed = true;
            }
        }
        // (6) "[fwd: subject]" is unwrapped and the whole extraction runs again on the inside.
        if (startsWithCi(s, 0, "[fwd:") && s.ends_with(']')) {
            s = s.substr(5, s.size() - 6);
            out.replyOrForward = true;
            continue;
        }
        break;
    }
    out.text = std::move(s);
    return out;
}

BaseSubject baseSubject(const mail::Message& message) {
    const auto subject = message.headerValue("Subject");
    return subject ? baseSubject(*subject) : BaseSubject{};
}

core::Time sentDate(const mail::Message& message) {
    // The message model parsed the Date header and fell back to the internal date already.
    return message.summary().sentTime;
}

std::string addressSortKey(const mail::Message& message, std::string_view field) {
    auto address = firstAddress(message, field);
    return address ? std::move(address->mailbox) : std::string();
}

std::string displaySortKey(const mail::Message& message, std::string_view field) {
    const auto address = firstAddress(message, field);
    if (!address) return {};
    if (address->name) {
        std::string name = mail::decodeHeaderText(*address->name);
        if (name.find_first_not_of(" \t") != std::string::npos) return name;
    }
    // RFC 5957 3: the addr-spec; a group's start has only its name, an address without a
    // domain only its local part.
    if (!address->host || *address->host == "MISSING_DOMAIN") return address->mailbox;
    return address->mailbox + '@' + *address->host;
}

int compareAsciiCasemap(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(asciiUpper(a[i]));
        const auto y = static_cast<unsigned char>(asciiUpper(b[i]));
        if (x != y) return x < y ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

std::vector<std::size_t> sortOrder(std::span<const SortItem> items, std::span<const SortCriterion> criteria) {
    std::vector<Column> columns;
    columns.reserve(criteria.size());
    for (const SortCriterion& criterion : criteria) columns.push_back(columnOf(items, criterion));
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        for (const Column& column : columns)
            if (const int c = column.compare(a, b); c != 0) return c < 0;
        return items[a].seq < items[b].seq;  // RFC 5256: sequence order breaks every tie, even under REVERSE
    });
    return order;
}

}  // namespace mailscope::imap
