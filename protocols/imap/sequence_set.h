// IMAP sequence sets (RFC 3501 9 "sequence-set", 6.4.8 for UIDs): "1:*", "2,4:7,9", "*:5",
// as written, and resolved against the largest number in use.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mailscope::imap {

/// RFC 3501 nz-number: digits without a leading zero, 1 to 4294967295; nullopt otherwise.
std::optional<std::uint32_t> parseNzNumber(std::string_view s);

/// Numbers as a sequence-set text, in the order given, runs of consecutive ones as "a:b":
/// {4, 5, 6, 9} -> "4:6,9". Order is kept (COPYUID pairs source and destination UIDs).
std::string compactNumberList(const std::vector<std::uint32_t>& numbers);

/// An inclusive range of numbers, first <= last after resolution.
struct NumberRange {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    friend bool operator==(const NumberRange&, const NumberRange&) = default;
};

/// A resolved set: sorted, disjoint, non-adjacent ranges of numbers >= 1.
class ResolvedSet {
public:
    ResolvedSet() = default;
    explicit ResolvedSet(std::vector<NumberRange> ranges);  ///< normalizes (sorts, merges)

    bool contains(std::uint32_t n) const;  ///< O(log ranges)
    bool empty() const { return m_ranges.empty(); }
    std::uint64_t count() const;           ///< how many numbers are in the set
    const std::vector<NumberRange>& ranges() const& { return m_ranges; }
    /// On a temporary (`for (auto& r : set.resolve(n).ranges())`) the ranges are moved
    /// out, so the loop does not run over a destroyed set.
    std::vector<NumberRange> ranges() && { return std::move(m_ranges); }

    friend bool operator==(const ResolvedSet&, const ResolvedSet&) = default;

private:
    std::vector<NumberRange> m_ranges;
};

/// A sequence set as the client wrote it. "*" is kept as kStar until resolve().
class SequenceSet {
public:
    /// Stands for "*": the largest number in use (message count, or UIDNEXT-1 for UIDs).
    static constexpr std::uint32_t kStar = 0;

    SequenceSet() = default;
    explicit SequenceSet(std::vector<NumberRange> ranges) : m_ranges(std::move(ranges)) {}

    /// Parses RFC 3501 sequence-set; nullopt on bad syntax (including 0, empty items,
    /// numbers over 4294967295, anything else than digits ':' ',' '*').
    static std::optional<SequenceSet> parse(std::string_view text);

    /// The ranges as written (first may be greater than last; kStar for "*").
    const std::vector<NumberRange>& ranges() const& { return m_ranges; }
    std::vector<NumberRange> ranges() && { return std::move(m_ranges); }  ///< see ResolvedSet::ranges

    /// The numbers meant when the largest in use is max: "*" becomes max, n:m equals m:n,
    /// numbers above max are dropped (so "5:*" with max 3 is 3, RFC 3501 6.4.8). An empty
    /// mailbox (max 0) gives an empty set.
    ResolvedSet resolve(std::uint32_t max) const;

    /// True if no number written exceeds max ("*" counts as max). For message sequence
    /// numbers, false means the client named a message that does not exist (RFC 3501 7.1:
    /// the server answers BAD). An empty mailbox (max 0) has no valid message numbers.
    bool fitsWithin(std::uint32_t max) const;

    /// True if "*" appears anywhere in the set.
    bool hasStar() const;

    /// Canonical text, e.g. "1:*,4".
    std::string toString() const;

    friend bool operator==(const SequenceSet&, const SequenceSet&) = default;

private:
    std::vector<NumberRange> m_ranges;
};

std::ostream& operator<<(std::ostream& os, const SequenceSet& s);
std::ostream& operator<<(std::ostream& os, const ResolvedSet& s);

}  // namespace mailscope::imap
