// Tests for modified UTF-7 mailbox names (RFC 3501 5.1.3).
#include <doctest/doctest.h>

#include <string>

#include "protocols/imap/mutf7.h"

using mailscope::imap::decodeMailboxName;
using mailscope::imap::encodeMailboxName;

TEST_SUITE("imap.mutf7") {

TEST_CASE("names round-trip between UTF-8 and modified UTF-7") {
    struct Case {
        std::string utf8;
        std::string wire;
    };
    const Case cases[] = {
        {"INBOX", "INBOX"},
        {"Wysłane", "Wys&AUI-ane"},
        {"Ważne", "Wa&AXw-ne"},
        {"a&b", "a&-b"},
        {"&", "&-"},
        {"łą", "&AUIBBQ-"},                                   // one run for adjacent characters
        {"~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"},  // RFC 3501 5.1.3 example
        {"tab\there", "tab&AAk-here"},                        // a control character is encoded
        {"smile 😀", "smile &2D3eAA-"},                       // outside the BMP: a surrogate pair
        {"Kosz & Śmieci", "Kosz &- &AVo-mieci"},
        {"", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.utf8);
        CHECK(encodeMailboxName(c.utf8) == c.wire);
        const auto decoded = decodeMailboxName(c.wire);
        REQUIRE(decoded.has_value());
        CHECK(*decoded == c.utf8);
    }
}

TEST_CASE("only printable ASCII goes as itself: control characters and DEL are encoded") {
    // RFC 3501 5.1.3: 0x20-0x7E represent themselves ("&" as "&-"); everything else,
    // DEL (0x7F) included, goes in modified BASE64.
    CHECK(encodeMailboxName("a\x7fz") == "a&AH8-z");
    CHECK(encodeMailboxName("\x7f") == "&AH8-");
    CHECK(encodeMailboxName("\x01\x7f") == "&AAEAfw-");
    for (int c = 0; c < 0x80; ++c) {
        CAPTURE(c);
        const std::string name = "x" + std::string(1, static_cast<char>(c)) + "y";
        const std::string wire = encodeMailboxName(name);
        for (const char w : wire) CHECK((w >= 0x20 && w <= 0x7E));  // the wire form is printable ASCII
        if (c >= 0x20 && c <= 0x7E) CHECK(wire == (c == '&' ? "x&-y" : name));
        else CHECK((wire.starts_with("x&") && wire.ends_with("-y") && wire.size() == 7));
        const auto decoded = decodeMailboxName(wire);
        REQUIRE(decoded.has_value());
        CHECK(*decoded == name);
    }
}

TEST_CASE("invalid UTF-8 is encoded as U+FFFD") {
    CHECK(encodeMailboxName("a\xff" "b") == "a&,,0-b");
    CHECK(encodeMailboxName("\xc5") == "&,,0-");  // truncated sequence
}

TEST_CASE("a run of BASE64 followed by an ampersand is fine") {
    const auto decoded = decodeMailboxName("&AUI-&-");
    REQUIRE(decoded.has_value());
    CHECK(*decoded == "ł&");
}

TEST_CASE("malformed modified UTF-7 is rejected") {
    const char* const malformed[] = {
        "&",             // unterminated
        "Wys&AUIane",    // unterminated run
        "&AUI/-",        // "/" is not in the modified alphabet
        "&AUI=-",        // no padding in modified BASE64
        "&AUJ-",         // non-zero leftover bits
        "&AUIA-",        // leftover bits make a whole BASE64 character
        "&A-",           // six bits: no UTF-16 unit at all
        "&AGE-",         // "a" must represent itself
        "&ACY-",         // "&" must be written "&-"
        "&AUI-&AQU-",    // two runs back to back must be one ("&AUIBBQ-")
        "&2D0-",         // lone high surrogate
        "&3gA-",         // lone low surrogate
        "&3gDYPQ-",      // low surrogate before high
        "Wysłane",       // raw 8-bit bytes
        "a\x01z",        // raw control character
        "a\x7fz",        // raw DEL
    };
    for (const char* name : malformed) {
        CAPTURE(name);
        CHECK_FALSE(decodeMailboxName(name).has_value());
    }
}

}  // TEST_SUITE
