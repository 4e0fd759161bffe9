// Message: exact bytes, header index and the decoded display summary (RFC 5322, RFC 2047).
#include <doctest/doctest.h>

#include "protocols/mail/message.h"
#include "sim/seed.h"

using namespace mailscope;
using mail::Message;

TEST_SUITE("mail.message") {
    TEST_CASE("line ends become CRLF and the size is the wire size") {
        auto m = Message::fromBytes("Subject: hi\nFrom: a@b\n\nline one\r\nline two\rline three", 100);
        CHECK(m->bytes() == "Subject: hi\r\nFrom: a@b\r\n\r\nline one\r\nline two\r\nline three");
        CHECK(m->size() == m->bytes().size());
        CHECK(m->internalDate() == 100);
        CHECK(m->header() == "Subject: hi\r\nFrom: a@b\r\n\r\n");
        CHECK(m->body() == "line one\r\nline two\r\nline three");
        CHECK(m->bodyLines() == 3);
    }

    TEST_CASE("header fields keep their exact bytes and unfold for values") {
        auto m = Message::fromBytes("Subject: a long\r\n  folded subject\r\nX-Empty:\r\nTo: x@y\r\n\r\nbody\r\n", 0);
        REQUIRE(m->headerFields().size() == 3);
        CHECK(m->headerFields()[0].name == "Subject");
        CHECK(m->headerFields()[0].raw == "Subject: a long\r\n  folded subject\r\n");
        CHECK(m->headerValue("subject") == "a long  folded subject");
        CHECK(m->headerValue("X-Empty") == "");
        CHECK_FALSE(m->headerValue("Cc").has_value());
    }

    TEST_CASE("a message without a blank line is all header") {
        auto m = Message::fromBytes("Subject: only header\r\n", 0);
        CHECK(m->header() == "Subject: only header\r\n");
        CHECK(m->body().empty());
        CHECK(m->bodyLines() == 0);
    }

    TEST_CASE("RFC 2047 encoded-words decode to UTF-8") {
        SUBCASE("UTF-8 Q encoding") {
            CHECK(mail::decodeHeaderText("=?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?=") == "Zażółć");
        }
        SUBCASE("ISO-8859-2 Q encoding") {
            CHECK(mail::decodeHeaderText("=?ISO-8859-2?Q?Spotkanie_w_=B6rod=EA?=") == "Spotkanie w środę");
        }
        SUBCASE("UTF-8 B encoding") {
            CHECK(mail::decodeHeaderText("=?UTF-8?B?V2lhZG9tb8WbY2kgeiBrYW1wdXN1?=") == "Wiadomości z kampusu");
        }
        SUBCASE("adjacent encoded-words join without the space between them") {
            CHECK(mail::decodeHeaderText("=?UTF-8?Q?Za=C5=BC?= =?UTF-8?Q?=C3=B3=C5=82=C4=87?=") == "Zażółć");
        }
        SUBCASE("plain text is left alone") {
            CHECK(mail::decodeHeaderText("Hello world") == "Hello world");
        }
        SUBCASE("addresses decode their display names") {
            CHECK(mail::decodeAddressList("=?ISO-8859-2?Q?Jerzy_=A3ukasiewicz?= <jerzy@uczelnia.edu.pl>") ==
                  "Jerzy Łukasiewicz <jerzy@uczelnia.edu.pl>");
        }
    }

    TEST_CASE("the summary comes from the headers") {
        auto m = Message::fromBytes(
            "From: =?UTF-8?Q?Zofia_Nowak?= <zofia@przyklad.pl>\r\n"
            "To: alice@mailscope.test\r\n"
            "Subject: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87_g=C4=99=C5=9Bl=C4=85_ja=C5=BA=C5=84?=\r\n"
            "Date: Tue, 24 Nov 2026 10:15:00 +0100\r\n"
            "Message-ID: <x@y>\r\n\r\nbody\r\n",
            5);
        const mail::Summary& s = m->summary();
        CHECK(s.subject == "Zażółć gęślą jaźń");
        CHECK(s.from == "Zofia Nowak <zofia@przyklad.pl>");
        CHECK(s.to == "alice@mailscope.test");
        CHECK(s.messageId == "<x@y>");
        CHECK(s.sentTime == 1795770000 - 3 * 86400 + 15 * 60);  // 2026-11-24 09:15 UTC
        CHECK(s.sentZoneMinutes == 60);
    }

    TEST_CASE("addresses and dates decode the same however often and in whatever order they are read") {
        // Decoded fields are remembered (every device reads the same messages); more fields
        // than are remembered, read twice, still decode each to its own value.
        const auto message = [](int i) {
            return Message::fromBytes("From: =?UTF-8?Q?Zofia_" + std::to_string(i) + "?= <z" + std::to_string(i) +
                                          "@przyklad.pl>\r\nDate: Tue, 24 Nov 2026 10:" +
                                          (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + ":00 +0" +
                                          std::to_string(i % 10) + "00\r\n\r\nbody\r\n",
                                      5);
        };
        for (int round = 0; round < 2; ++round)
            for (int i = 0; i < 5000; i += 7) {
                const auto m = message(i);
                CAPTURE(i);
                CHECK(m->summary().from == "Zofia " + std::to_string(i) + " <z" + std::to_string(i) + "@przyklad.pl>");
                CHECK(m->summary().sentTime == 1795770000 - 3 * 86400 + 60 * 60 + (i % 60) * 60 - (i % 10) * 3600);
                CHECK(m->summary().sentZoneMinutes == (i % 10) * 60);
            }
        auto bad = Message::fromBytes("From: \r\nDate: not a date\r\n\r\nx\r\n", 5);
        CHECK(bad->summary().sentTime == 5);
        bad = Message::fromBytes("From: \r\nDate: not a date\r\n\r\nx\r\n", 7);
        CHECK(bad->summary().sentTime == 7);  // an unreadable date still falls back to this message's own
    }

    TEST_CASE("a missing or broken Date falls back to the internal date") {
        auto m = Message::fromBytes("Date: not a date at all\r\n\r\n", 42);
        CHECK(m->summary().sentTime == 42);
        CHECK(Message::fromBytes("Subject: x\r\n\r\n", 43)->summary().sentTime == 43);
    }

    TEST_CASE("every sample message in assets/mail parses and has a subject") {
        const auto files = sim::loadMailDirectory(std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets" / "mail");
        REQUIRE(files.size() >= 6);
        bool sawPolish = false, sawDots = false, sawMultipart = false;
        for (const auto& f : files) {
            auto m = sim::messageFromFile(f, 0);
            CAPTURE(f.name);
            CHECK_FALSE(m->summary().subject.empty());
            CHECK(m->bytes().find("\n") == m->bytes().find("\r\n") + 1);
            sawPolish |= m->summary().subject == "Zażółć gęślą jaźń";
            sawDots |= m->body().find("\r\n.\r\n") != std::string_view::npos;
            sawMultipart |= m->headerValue("Content-Type").value_or("").starts_with("multipart/mixed");
        }
        CHECK(sawPolish);
        CHECK(sawDots);
        CHECK(sawMultipart);
    }

    TEST_CASE("loading a missing directory names it") {
        CHECK_THROWS_WITH_AS(sim::loadMailDirectory("/nonexistent/mailscope"),
                             doctest::Contains("/nonexistent/mailscope"), std::runtime_error);
    }
}
