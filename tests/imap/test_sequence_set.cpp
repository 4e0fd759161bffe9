// Tests for IMAP sequence sets (RFC 3501 9 sequence-set, 6.4.8): parsing, "*", n:m == m:n,
// resolution against the message count or UIDNEXT-1.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "protocols/imap/sequence_set.h"

namespace imap = mailscope::imap;
using imap::NumberRange;
using imap::SequenceSet;

namespace {

constexpr std::uint32_t kStar = SequenceSet::kStar;

SequenceSet parsed(std::string_view text) {
    auto set = SequenceSet::parse(text);
    REQUIRE_MESSAGE(set.has_value(), "does not parse: ", std::string(text));
    return *set;
}

/// Ranges as "first:last" pairs ("*" for kStar), so failures print readably.
std::string ranges(const std::vector<NumberRange>& rs) {
    const auto number = [](std::uint32_t n) { return n == kStar ? std::string("*") : std::to_string(n); };
    std::string out;
    for (const NumberRange& r : rs) out += (out.empty() ? "" : " ") + number(r.first) + ':' + number(r.last);
    return out;
}

std::string written(std::string_view text) { return ranges(parsed(text).ranges()); }

std::string resolved(std::string_view text, std::uint32_t max) { return ranges(parsed(text).resolve(max).ranges()); }

}  // namespace

TEST_SUITE("imap.parser") {

TEST_CASE("sequence sets parse as written, with * kept") {
    CHECK(written("1:*") == "1:*");
    CHECK(written("2,4:7,9") == "2:2 4:7 9:9");
    CHECK(written("*:5") == "*:5");
    CHECK(written("*") == "*:*");
    CHECK(written("4294967295") == "4294967295:4294967295");
    CHECK(written("7:4") == "7:4");
    CHECK(parsed("1:*").hasStar());
    CHECK_FALSE(parsed("1:5,7").hasStar());
}

TEST_CASE("sequence sets print back in canonical form") {
    for (std::string_view text : {"1:*", "2,4:7,9", "*:5", "*", "7:4", "1,1:1"}) {
        CAPTURE(text);
        CHECK(SequenceSet::parse(parsed(text).toString()) == parsed(text));
    }
    CHECK(parsed("2,4:7,9").toString() == "2,4:7,9");
    CHECK(parsed("*:5").toString() == "*:5");
}

TEST_CASE("bad sequence sets are refused, 0 included") {
    for (std::string_view text : {"0", "1:0", "0:*", "", ",", "1,", ",1", "a", "1::2", "1:*:3", "4294967296",
                                  "99999999999", "01", " 1", "1 ", "-1", "1.5", "$", "**"}) {
        CAPTURE(text);
        CHECK_FALSE(SequenceSet::parse(text).has_value());
    }
}

TEST_CASE("resolving: * is the largest number, n:m equals m:n, numbers above the maximum drop out") {
    CHECK(resolved("1:*", 10) == "1:10");
    CHECK(resolved("*:5", 10) == "5:10");
    CHECK(resolved("*:5", 3) == "3:3");  // RFC 3501 6.4.8: 5:* includes the last
    CHECK(resolved("*", 7) == "7:7");
    CHECK(resolved("7:4", 10) == resolved("4:7", 10));
    CHECK(resolved("2,4:7,9", 100) == "2:2 4:7 9:9");
    CHECK(resolved("3,1,2,5:6", 100) == "1:3 5:6");  // sorted and merged
    CHECK(resolved("1:4,2:8", 100) == "1:8");
    CHECK(resolved("20:30", 10).empty());
    CHECK(resolved("1:*", 0).empty());  // an empty mailbox
    CHECK(resolved("4294967295:1", 4294967295u) == "1:4294967295");
}

TEST_CASE("a resolved set answers membership and counts") {
    const auto set = parsed("2,4:7,9:*").resolve(12);
    CHECK(set.count() == 1 + 4 + 4);
    for (std::uint32_t n : {2u, 4u, 5u, 7u, 9u, 12u}) CHECK_MESSAGE(set.contains(n), n);
    for (std::uint32_t n : {0u, 1u, 3u, 8u, 13u, 4294967295u}) CHECK_MESSAGE(!set.contains(n), n);
    CHECK(parsed("1:*").resolve(4294967295u).count() == 4294967295ull);
}

TEST_CASE("looping over the ranges of a temporary set is safe") {
    std::uint64_t total = 0;
    for (const NumberRange& r : parsed("2:4,9").resolve(20).ranges()) total += r.last - r.first + 1;
    CHECK(total == 4);
    for (const NumberRange& r : SequenceSet(parsed("5:*")).ranges()) CHECK(r.last == kStar);
}

TEST_CASE("fitsWithin tells whether message numbers exist") {
    CHECK(parsed("1:5").fitsWithin(5));
    CHECK_FALSE(parsed("1:5").fitsWithin(4));
    CHECK_FALSE(parsed("6,1").fitsWithin(5));
    CHECK(parsed("1:*").fitsWithin(1));
    CHECK(parsed("*:3").fitsWithin(3));
    CHECK_FALSE(parsed("*").fitsWithin(0));  // no messages: even * names none
}

}  // TEST_SUITE
