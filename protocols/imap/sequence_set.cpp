// IMAP sequence sets (RFC 3501 9 "sequence-set", 6.4.8): parsing, resolving, printing.
#include "protocols/imap/sequence_set.h"

#include <algorithm>
#include <ostream>

namespace mailscope::imap {

std::optional<std::uint32_t> parseNzNumber(std::string_view s) {
    if (s.empty() || s.size() > 10 || s.front() == '0') return std::nullopt;
    std::uint64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (n > UINT32_MAX) return std::nullopt;
    return static_cast<std::uint32_t>(n);
}

namespace {

/// seq-number = nz-number / "*"
std::optional<std::uint32_t> parseSeqNumber(std::string_view s) {
    if (s == "*") return SequenceSet::kStar;
    return parseNzNumber(s);
}

void appendNumber(std::string& out, std::uint32_t n) {
    if (n == SequenceSet::kStar) out += '*';
    else out += std::to_string(n);
}

}  // namespace

// [SECTION] ResolvedSet

ResolvedSet::ResolvedSet(std::vector<NumberRange> ranges) {
    std::sort(ranges.begin(), ranges.end(),
              [](const NumberRange& a, const NumberRange& b) { return a.first < b.first; });
    for (const NumberRange& r : ranges) {
        if (!m_ranges.empty() && static_cast<std::uint64_t>(m_ranges.back().last) + 1 >= r.first)
            m_ranges.back().last = std::max(m_ranges.back().last, r.last);
        else
            m_ranges.push_back(r);
    }
}

bool ResolvedSet::contains(std::uint32_t n) const {
    auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), n,
                               [](std::uint32_t v, const NumberRange& r) { return v < r.first; });
    if (it == m_ranges.begin()) return false;
    --it;
    return n <= it->last;
}

std::uint64_t ResolvedSet::count() const {
    std::uint64_t total = 0;
    for (const NumberRange& r : m_ranges) total += static_cast<std::uint64_t>(r.last) - r.first + 1;
    return total;
}

// [SECTION] SequenceSet

std::optional<SequenceSet> SequenceSet::parse(std::string_view text) {
    std::vector<NumberRange> ranges;
    while (true) {
        const std::size_t comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        const std::size_t colon = item.find(':');
        const auto first = parseSeqNumber(item.substr(0, colon));
        if (!first) return std::nullopt;
        NumberRange r{*first, *first};
        if (colon != std::string_view::npos) {
            const auto last = parseSeqNumber(item.substr(colon + 1));
            if (!last) return std::nullopt;
            r.last = *last;
        }
        ranges.push_back(r);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return SequenceSet(std::move(ranges));
}

ResolvedSet SequenceSet::resolve(std::uint32_t max) const {
    std::vector<NumberRange> out;
    if (max == 0) return ResolvedSet();
    for (const NumberRange& r : m_ranges) {
        std::uint32_t a = r.first == kStar ? max : r.first;
        std::uint32_t b = r.last == kStar ? max : r.last;
        if (a > b) std::swap(a, b);
        if (a > max) continue;
        out.push_back({a, std::min(b, max)});
    }
    return ResolvedSet(std::move(out));
}

bool SequenceSet::fitsWithin(std::uint32_t max) const {
    if (max == 0) return false;
    return std::all_of(m_ranges.begin(), m_ranges.end(), [max](const NumberRange& r) {
        return (r.first == kStar || r.first <= max) && (r.last == kStar || r.last <= max);
    });
}

bool SequenceSet::hasStar() const {
    return std::any_of(m_ranges.begin(), m_ranges.end(),
                       [](const NumberRange& r) { return r.first == kStar || r.last == kStar; });
}

std::string compactNumberList(const std::vector<std::uint32_t>& numbers) {
    std::string out;
    for (std::size_t i = 0; i < numbers.size();) {
        std::size_t j = i;
        while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
        if (!out.empty()) out += ',';
        out += std::to_string(numbers[i]);
        if (j > i) out += ':' + std::to_string(numbers[j]);
        i = j + 1;
    }
    return out;
}

std::string SequenceSet::toString() const {
    std::string out;
    for (const NumberRange& r : m_ranges) {
        if (!out.empty()) out += ',';
        appendNumber(out, r.first);
        if (r.last != r.first) {
            out += ':';
            appendNumber(out, r.last);
        }
    }
    return out;
}

std::ostream& operator<<(std::ostream& os, const SequenceSet& s) { return os << s.toString(); }

std::ostream& operator<<(std::ostream& os, const ResolvedSet& s) {
    os << '{';
    bool first = true;
    for (const NumberRange& r : s.ranges()) {
        os << (first ? "" : ",") << r.first;
        if (r.last != r.first) os << ':' << r.last;
        first = false;
    }
    return os << '}';
}

}  // namespace mailscope::imap
