// Calendar arithmetic and the RFC 5322 / RFC 3501 date formats.
#include <doctest/doctest.h>

#include "protocols/core/time.h"

using namespace mailscope::core;

TEST_SUITE("core.time") {
    TEST_CASE("civil dates round-trip through time") {
        CHECK(daysFromCivil(1970, 1, 1) == 0);
        CHECK(daysFromCivil(2000, 3, 1) == 11017);
        const CivilTime c = civilFromTime(1795770000);  // 2026-11-27 09:00:00 UTC
        CHECK(c.year == 2026);
        CHECK(c.month == 11);
        CHECK(c.day == 27);
        CHECK(c.hour == 9);
        CHECK(timeFromCivil(c) == 1795770000);
        CHECK(civilFromTime(-1).year == 1969);
    }

    TEST_CASE("formats follow the RFCs") {
        const Time t = 1795770000;
        CHECK(formatRfc5322(t) == "Fri, 27 Nov 2026 09:00:00 +0000");
        CHECK(formatRfc5322(t, 60) == "Fri, 27 Nov 2026 10:00:00 +0100");
        CHECK(formatImapDateTime(t, -300) == "27-Nov-2026 04:00:00 -0500");
        CHECK(formatImapDate(t) == "27-Nov-2026");
        CHECK(formatImapDate(t - 20 * 86400) == "7-Nov-2026");
    }

    TEST_CASE("IMAP date-time parsing accepts the grammar and rejects the rest") {
        auto dt = parseImapDateTime("27-Nov-2026 10:00:00 +0100");
        REQUIRE(dt);
        CHECK(timeFromCivil(*dt) == 1795770000);
        auto padded = parseImapDateTime(" 7-Nov-2026 10:00:00 -0000");
        REQUIRE(padded);
        CHECK(padded->day == 7);
        CHECK(parseImapDate("7-nov-2026").has_value());
        CHECK_FALSE(parseImapDate("31-Feb-2026"));
        CHECK_FALSE(parseImapDate("29-Feb-2026"));
        CHECK(parseImapDate("29-Feb-2024"));
        CHECK_FALSE(parseImapDate("27-Foo-2026"));
        CHECK_FALSE(parseImapDate("27-Nov-26"));
        CHECK_FALSE(parseImapDateTime("27-Nov-2026 25:00:00 +0100"));
        CHECK_FALSE(parseImapDateTime("27-Nov-2026 10:00:00 0100"));
        CHECK_FALSE(parseImapDateTime("27-Nov-2026"));
    }
}
