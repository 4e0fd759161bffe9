// Tests for what FETCH and SEARCH read out of a message (RFC 3501 6.4.4, 6.4.5, 7.4.2):
// IMAP strings, ENVELOPE, BODY/BODYSTRUCTURE, BODY[section] and partials, SEARCH text.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/imap/message_parts.h"
#include "protocols/mail/message.h"

namespace core = mailscope::core;
namespace imap = mailscope::imap;
using mailscope::mail::Message;
using Kind = imap::SectionSpec::Kind;

namespace {

constexpr core::Time kInternalDate = 1'795'000'000;

std::shared_ptr<const Message> make(std::string_view raw) {
    auto message = Message::fromBytes(raw, kInternalDate);
    REQUIRE(message);
    return message;
}

imap::SectionSpec section(std::vector<std::uint32_t> part, Kind kind = Kind::Full,
                          std::vector<std::string> fields = {}) {
    imap::SectionSpec spec;
    spec.part = std::move(part);
    spec.kind = kind;
    spec.fields = std::move(fields);
    return spec;
}

imap::SectionSpec partial(std::uint32_t start, std::uint32_t count) {
    imap::SectionSpec spec;
    spec.partialStart = start;
    spec.partialCount = count;
    return spec;
}

/// The bytes of `text` strictly between the first `after` and the next `before`.
std::string between(std::string_view text, std::string_view after, std::string_view before) {
    const auto start = text.find(after);
    REQUIRE(start != std::string_view::npos);
    const auto from = start + after.size();
    const auto end = text.find(before, from);
    REQUIRE(end != std::string_view::npos);
    return std::string(text.substr(from, end - from));
}

// A plain RFC 5322 message without MIME headers.
constexpr std::string_view kSimple = R"MSG(Return-Path: <zofia@example.pl>
Received: from mx1.example.pl by mail.example.com; Fri, 27 Nov 2026 09:15:02 +0100
Received: from laptop by mx1.example.pl; Fri, 27 Nov 2026 09:15:01 +0100
From: Zofia Nowak <zofia@example.pl>
To: jan@example.com
Subject: Hello "world" \ again
Date: Fri, 27 Nov 2026 09:15:00 +0100
Message-ID: <1@example.pl>
X-Long: first part
 continued here

Hi Jan,
See you at 10.
)MSG";

// multipart/mixed: a quoted-printable text part and a base64 attachment with every field.
constexpr std::string_view kAttachment = R"MSG(From: a@example.com
Subject: report
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="=_b1"

This is a MIME message.
--=_b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Za=C5=BC=C3=B3=C5=82=C4=87 g=C4=99=C5=9Bl=C4=85 ja=C5=BA=C5=84
Second line.
--=_b1
Content-Type: application/pdf; name="report.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="report.pdf"
Content-ID: <att1@example.com>
Content-Description: Monthly report
Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
Content-Location: http://example.com/report.pdf
Content-Language: en, pl

JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURl
Y29kZT4+CnN0cmVhbQp4nDPQM1Qo5ypUMFAwALJMLU31jBQsTC31LBSKUrnCtQDGDAq9
--=_b1--
epilogue
)MSG";

// multipart/alternative inside multipart/mixed, plus a part without any header.
constexpr std::string_view kNested = R"MSG(From: a@example.com
Subject: nested
Content-Type: multipart/mixed; boundary=outer

--outer
Content-Type: multipart/alternative; boundary=inner

--inner
Content-Type: text/plain; charset=us-ascii

plain text
--inner
Content-Type: text/html; charset=us-ascii

<p>html text</p>
--inner--

--outer
Content-Type: image/png
Content-Transfer-Encoding: base64

iVBORw0KGgo=
--outer

no header part
--outer--
)MSG";

// A forwarded message as a message/rfc822 attachment.
constexpr std::string_view kForward = R"MSG(From: Jan <jan@example.com>
To: zofia@example.pl
Subject: Fwd: Inner
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain

See attached.
--b
Content-Type: message/rfc822
Content-Disposition: attachment

From: Ola <ola@example.org>
To: jan@example.com
Subject: Inner
Date: Thu, 26 Nov 2026 08:00:00 +0100
Message-ID: <inner@example.org>

Inner body line 1
Inner body line 2
--b--
)MSG";

// Polish text in encoded words and in text parts of two charsets and encodings.
constexpr std::string_view kPolish = R"MSG(From: =?ISO-8859-2?Q?Pawe=B3?= <pawel@example.pl>
To: jan@example.com
Subject: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87_g=C4=99=C5=9Bl=C4=85_ja=C5=BA=C5=84?=
X-Tag: =?ISO-8859-2?B?WmG/87Pm?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=s

--s
Content-Type: text/plain; charset=iso-8859-2
Content-Transfer-Encoding: base64

WmG/87PmIGfqtmyxIGphvPE=
--s
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Spotkanie w =C5=9Brod=C4=99 o 10:00.
--s
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

V2lkb2N6bnkgdGVrc3Q=
--s--
)MSG";

}  // namespace

namespace {

// [SECTION] reading ENVELOPE and BODYSTRUCTURE back (RFC 3501 9: envelope, body)

/// One item of an IMAP response: NIL, a number, a string (quoted or literal) or a list.
struct Item {
    enum class Kind { Nil, Number, String, List };
    Kind kind = Kind::Nil;
    std::string text;         ///< Number: the digits; String: the value, unescaped
    std::vector<Item> items;  ///< List
};

/// Parses the item at `pos` strictly (one space between list items, only \\ and \"
/// escaped, no CR, LF or NUL in a quoted string, a literal's size exact); nullopt if bad.
std::optional<Item> parseItem(std::string_view s, std::size_t& pos) {
    if (pos >= s.size()) return std::nullopt;
    Item item;
    if (s.substr(pos, 3) == "NIL") {
        pos += 3;
        return item;
    }
    if (s[pos] >= '0' && s[pos] <= '9') {
        item.kind = Item::Kind::Number;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') item.text += s[pos++];
        return item;
    }
    if (s[pos] == '"') {
        item.kind = Item::Kind::String;
        for (++pos; pos < s.size() && s[pos] != '"'; ++pos) {
            char c = s[pos];
            if (c == '\r' || c == '\n' || c == '\0') return std::nullopt;
            if (c == '\\') {
                if (++pos >= s.size() || (s[pos] != '\\' && s[pos] != '"')) return std::nullopt;
                c = s[pos];
            }
            item.text += c;
        }
        if (pos >= s.size()) return std::nullopt;
        ++pos;
        return item;
    }
    if (s[pos] == '{') {
        const std::size_t close = s.find("}\r\n", pos);
        if (close == std::string_view::npos || close == pos + 1) return std::nullopt;
        const std::string digits(s.substr(pos + 1, close - pos - 1));
        if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
        const std::size_t size = std::stoul(digits);
        pos = close + 3;
        if (pos + size > s.size()) return std::nullopt;
        item.kind = Item::Kind::String;
        item.text = std::string(s.substr(pos, size));
        pos += size;
        return item;
    }
    if (s[pos] == '(') {
        item.kind = Item::Kind::List;
        ++pos;
        while (pos < s.size() && s[pos] != ')') {
            // Items are separated by one space, except that lists may follow one another
            // directly (RFC 3501 9: "(" 1*address ")", 1*body SP media-subtype).
            if (!item.items.empty()) {
                if (s[pos] == ' ') ++pos;
                else if (item.items.back().kind != Item::Kind::List || s[pos] != '(') return std::nullopt;
            }
            auto inner = parseItem(s, pos);
            if (!inner) return std::nullopt;
            item.items.push_back(std::move(*inner));
        }
        if (pos >= s.size()) return std::nullopt;
        ++pos;
        return item;
    }
    return std::nullopt;
}

/// The whole text as one item, or the test stops.
Item parseAll(std::string_view text) {
    std::size_t pos = 0;
    auto item = parseItem(text, pos);
    INFO("text: " << text << "\nparsed up to byte " << pos);
    REQUIRE(item.has_value());
    REQUIRE(pos == text.size());
    return std::move(*item);
}

bool isNString(const Item& item) { return item.kind == Item::Kind::Nil || item.kind == Item::Kind::String; }

/// RFC 3501 7.4.2 ENVELOPE: date, subject, from, sender, reply-to, to, cc, bcc,
/// in-reply-to, message-id; each address list NIL or addresses of four nstrings.
void checkEnvelope(const Item& envelope) {
    REQUIRE(envelope.kind == Item::Kind::List);
    REQUIRE(envelope.items.size() == 10);
    for (std::size_t k : {0u, 1u, 8u, 9u}) CHECK(isNString(envelope.items[k]));
    for (std::size_t k = 2; k <= 7; ++k) {
        const Item& list = envelope.items[k];
        if (list.kind == Item::Kind::Nil) continue;
        REQUIRE(list.kind == Item::Kind::List);
        CHECK_FALSE(list.items.empty());
        for (const Item& address : list.items) {
            REQUIRE(address.kind == Item::Kind::List);
            REQUIRE(address.items.size() == 4);
            for (const Item& field : address.items) CHECK(isNString(field));
        }
    }
    // Sender and Reply-To default to From (RFC 3501 7.4.2).
    if (envelope.items[2].kind == Item::Kind::List) {
        CHECK(envelope.items[3].kind == Item::Kind::List);
        CHECK(envelope.items[4].kind == Item::Kind::List);
    }
}

/// RFC 3501 7.4.2 BODYSTRUCTURE, and each part's size is that of the bytes BODY[part]
/// returns. `prefix` is the part's section; `ownBody` for a message's own body (a
/// non-multipart one is part 1 of its message).
void checkBody(const Item& body, const Message& m, std::vector<std::uint32_t> prefix, bool ownBody) {
    REQUIRE(body.kind == Item::Kind::List);
    REQUIRE_FALSE(body.items.empty());
    if (body.items[0].kind == Item::Kind::List) {  // multipart: the parts, then the subtype
        std::uint32_t k = 0;
        while (k < body.items.size() && body.items[k].kind == Item::Kind::List) {
            std::vector<std::uint32_t> path = prefix;
            path.push_back(k + 1);
            checkBody(body.items[k], m, path, false);
            ++k;
        }
        REQUIRE(k < body.items.size());
        CHECK(body.items[k].kind == Item::Kind::String);
        return;
    }
    REQUIRE(body.items.size() >= 7);
    const std::vector<Item>& f = body.items;
    REQUIRE(f[0].kind == Item::Kind::String);  // type
    REQUIRE(f[1].kind == Item::Kind::String);  // subtype
    if (f[2].kind == Item::Kind::List) {       // parameters: name value pairs
        CHECK(f[2].items.size() % 2 == 0);
        for (const Item& p : f[2].items) CHECK(p.kind == Item::Kind::String);
    } else {
        CHECK(f[2].kind == Item::Kind::Nil);
    }
    CHECK(isNString(f[3]));                    // id
    CHECK(isNString(f[4]));                    // description
    CHECK(f[5].kind == Item::Kind::String);    // encoding
    REQUIRE(f[6].kind == Item::Kind::Number);  // size
    std::vector<std::uint32_t> path = prefix;
    if (ownBody) path.push_back(1);
    CAPTURE(path.size());
    CHECK(std::stoull(f[6].text) == imap::sectionBytes(m, section(path)).size());
    if (f[0].text == "TEXT") {
        REQUIRE(f.size() >= 8);
        CHECK(f[7].kind == Item::Kind::Number);  // lines
    } else if (f[0].text == "MESSAGE" && f[1].text == "RFC822") {
        REQUIRE(f.size() >= 10);
        checkEnvelope(f[7]);
        checkBody(f[8], m, path, true);
        CHECK(f[9].kind == Item::Kind::Number);
    }
}

}  // namespace

TEST_SUITE("imap.parts") {

// [SECTION] IMAP strings

TEST_CASE("imapString quotes 7-bit text and falls back to a literal") {
    CHECK(imap::imapString("hello") == "\"hello\"");
    CHECK(imap::imapString("") == "\"\"");
    CHECK(imap::imapString("say \"hi\" \\o/") == "\"say \\\"hi\\\" \\\\o/\"");
    CHECK(imap::imapString("two\r\nlines") == "{10}\r\ntwo\r\nlines");
    CHECK(imap::imapString("bare\nLF") == "{7}\r\nbare\nLF");
    CHECK(imap::imapString(std::string_view("a\0b", 3)) == std::string("{3}\r\na\0b", 8));
    CHECK(imap::imapString("Zażółć") == "{10}\r\nZażółć");
    CHECK(imap::imapNString(std::nullopt) == "NIL");
    CHECK(imap::imapNString("NIL") == "\"NIL\"");
}

// [SECTION] ENVELOPE

TEST_CASE("ENVELOPE of a simple message, with escapes and defaulted sender and reply-to") {
    const auto m = make(kSimple);
    CHECK(imap::envelope(*m) ==
          "(\"Fri, 27 Nov 2026 09:15:00 +0100\" \"Hello \\\"world\\\" \\\\ again\" "
          "((\"Zofia Nowak\" NIL \"zofia\" \"example.pl\")) ((\"Zofia Nowak\" NIL \"zofia\" \"example.pl\")) "
          "((\"Zofia Nowak\" NIL \"zofia\" \"example.pl\")) ((NIL NIL \"jan\" \"example.com\")) NIL NIL NIL "
          "\"<1@example.pl>\")");
}

TEST_CASE("ENVELOPE of a message with many addresses, a route and encoded words left as written") {
    const auto m = make(
        "From: \"Nowak, Zofia\" <zofia@example.pl>\r\n"
        "Sender: secretary@example.pl\r\n"
        "Reply-To: replies@example.pl (Reply Desk)\r\n"
        "To: jan@example.com (Jan Kowalski), <@relay.example,@r2.example:ola@example.org>,\r\n"
        " =?UTF-8?Q?Pawe=C5=82?= <pawel@example.pl>\r\n"
        "Cc: \"Anna \\\"Ania\\\" W.\" <anna@example.pl>\r\n"
        "Bcc: hidden@example.net\r\n"
        "Subject: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?=\r\n"
        "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
        "In-Reply-To: <1@example.pl>\r\n"
        "Message-ID: <2@example.pl>\r\n"
        "\r\n"
        "body\r\n");
    CHECK(imap::envelope(*m) ==
          "(\"Sat, 28 Nov 2026 10:00:00 +0000\" \"=?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?=\" "
          "((\"Nowak, Zofia\" NIL \"zofia\" \"example.pl\")) "
          "((NIL NIL \"secretary\" \"example.pl\")) "
          "((\"Reply Desk\" NIL \"replies\" \"example.pl\")) "
          "((\"Jan Kowalski\" NIL \"jan\" \"example.com\")"
          "(NIL \"@relay.example,@r2.example\" \"ola\" \"example.org\")"
          "(\"=?UTF-8?Q?Pawe=C5=82?=\" NIL \"pawel\" \"example.pl\")) "
          "((\"Anna \\\"Ania\\\" W.\" NIL \"anna\" \"example.pl\")) "
          "((NIL NIL \"hidden\" \"example.net\")) "
          "\"<1@example.pl>\" \"<2@example.pl>\")");
}

TEST_CASE("ENVELOPE groups: start marker with the group name, end marker all NIL") {
    const auto m = make(
        "From: Zofia <zofia@example.pl>\r\n"
        "To: Friends: a@example.com, \"B\" <b@example.com>;, undisclosed-recipients:;\r\n"
        "Cc: root\r\n"
        "Subject: groups\r\n"
        "\r\n");
    const std::string from = "((\"Zofia\" NIL \"zofia\" \"example.pl\"))";
    CHECK(imap::envelope(*m) ==
          "(NIL \"groups\" " + from + ' ' + from + ' ' + from +
              " ((NIL NIL \"Friends\" NIL)(NIL NIL \"a\" \"example.com\")(\"B\" NIL \"b\" \"example.com\")"
              "(NIL NIL NIL NIL)(NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL)) "
              "((NIL NIL \"root\" \"MISSING_DOMAIN\")) NIL NIL NIL)");
}

TEST_CASE("ENVELOPE of an address without a local part says MISSING_MAILBOX") {
    // RFC 3501 7.4.2: a NIL host means group syntax, so an address that has a host but no
    // local part, or neither ("<>", the null reverse path of a bounce), gets placeholders,
    // as for a missing domain.
    const auto m = make("From: <>\r\nTo: @example.com, ok@example.net\r\nCc: Name <>\r\nSubject: s\r\n\r\n");
    const std::string nobody = "((NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\"))";
    CHECK(imap::envelope(*m) ==
          "(NIL \"s\" " + nobody + ' ' + nobody + ' ' + nobody +
              " ((NIL NIL \"MISSING_MAILBOX\" \"example.com\")(NIL NIL \"ok\" \"example.net\")) "
              "((\"Name\" NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\")) NIL NIL NIL)");
    CHECK_FALSE(imap::addressContains(*m, "To", "missing"));  // placeholders are not text to search
    CHECK(imap::addressContains(*m, "To", "<@example.com>"));
}

TEST_CASE("ENVELOPE of missing and empty fields") {
    SUBCASE("empty Subject is an empty string, empty From is NIL and so are Sender and Reply-To") {
        const auto m = make("Subject: \r\nFrom:\r\nX-Other: 1\r\n\r\ntext\r\n");
        CHECK(imap::envelope(*m) == "(NIL \"\" NIL NIL NIL NIL NIL NIL NIL NIL)");
    }
    SUBCASE("no header at all") {
        const auto m = make("\r\njust a body\r\n");
        CHECK(imap::envelope(*m) == "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
    }
}

TEST_CASE("ENVELOPE sends 8-bit header text as literals") {
    const auto m = make("Subject: Zażółć\r\nFrom: Zofia Żak <z@example.pl>\r\n\r\nx\r\n");
    const std::string from = "(({10}\r\nZofia Żak NIL \"z\" \"example.pl\"))";
    CHECK(imap::envelope(*m) ==
          "(NIL {10}\r\nZażółć " + from + ' ' + from + ' ' + from + " NIL NIL NIL NIL NIL)");
}

// [SECTION] BODY and BODYSTRUCTURE

TEST_CASE("BODYSTRUCTURE of a plain message without MIME headers") {
    const auto m = make(kSimple);
    REQUIRE(m->body() == "Hi Jan,\r\nSee you at 10.\r\n");
    CHECK(imap::bodyStructure(*m, false) == "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 25 2)");
    CHECK(imap::bodyStructure(*m, true) ==
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 25 2 NIL NIL NIL NIL)");
}

TEST_CASE("BODYSTRUCTURE of multipart/mixed with a text part and a base64 attachment") {
    const auto m = make(kAttachment);
    const std::string& bytes = m->bytes();
    const std::string text = between(bytes, "quoted-printable\r\n\r\n", "\r\n--=_b1\r\nContent-Type: application/pdf");
    const std::string pdf = between(bytes, "Content-Language: en, pl\r\n\r\n", "\r\n--=_b1--");
    REQUIRE(text == "Za=C5=BC=C3=B3=C5=82=C4=87 g=C4=99=C5=9Bl=C4=85 ja=C5=BA=C5=84\r\nSecond line.");
    REQUIRE(pdf.ends_with("DGDAq9"));
    CHECK(imap::sectionBytes(*m, section({1})) == text);
    CHECK(imap::sectionBytes(*m, section({2})) == pdf);

    CHECK(imap::bodyStructure(*m, false) ==
          "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" " + std::to_string(text.size()) +
              " 1)(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") \"<att1@example.com>\" \"Monthly report\" "
              "\"BASE64\" " + std::to_string(pdf.size()) + ") \"MIXED\")");
    CHECK(imap::bodyStructure(*m, true) ==
          "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" " + std::to_string(text.size()) +
              " 1 NIL NIL NIL NIL)(\"APPLICATION\" \"PDF\" (\"NAME\" \"report.pdf\") \"<att1@example.com>\" "
              "\"Monthly report\" \"BASE64\" " + std::to_string(pdf.size()) +
              " \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"ATTACHMENT\" (\"FILENAME\" \"report.pdf\")) (\"en\" \"pl\") "
              "\"http://example.com/report.pdf\") \"MIXED\" (\"BOUNDARY\" \"=_b1\") NIL NIL NIL)");
}

TEST_CASE("BODYSTRUCTURE of multipart/alternative inside multipart/mixed") {
    const auto m = make(kNested);
    CHECK(imap::bodyStructure(*m, false) ==
          "(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 0)"
          "(\"TEXT\" \"HTML\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 16 0) \"ALTERNATIVE\")"
          "(\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 12)"
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 14 0) \"MIXED\")");
    CHECK(imap::bodyStructure(*m, true) ==
          "(((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 10 0 NIL NIL NIL NIL)"
          "(\"TEXT\" \"HTML\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 16 0 NIL NIL NIL NIL) \"ALTERNATIVE\" "
          "(\"BOUNDARY\" \"inner\") NIL NIL NIL)"
          "(\"IMAGE\" \"PNG\" NIL NIL NIL \"BASE64\" 12 NIL NIL NIL NIL)"
          "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 14 0 NIL NIL NIL NIL) \"MIXED\" "
          "(\"BOUNDARY\" \"outer\") NIL NIL NIL)");
    // The sizes above are those of the bytes BODY[n] returns.
    CHECK(imap::sectionBytes(*m, section({1, 1})).size() == 10);
    CHECK(imap::sectionBytes(*m, section({1, 2})).size() == 16);
    CHECK(imap::sectionBytes(*m, section({2})).size() == 12);
    CHECK(imap::sectionBytes(*m, section({3})).size() == 14);
}

TEST_CASE("BODYSTRUCTURE of a message/rfc822 attachment") {
    const auto m = make(kForward);
    const std::string inner = between(m->bytes(), "Content-Disposition: attachment\r\n\r\n", "\r\n--b--");
    REQUIRE(inner.starts_with("From: Ola"));
    REQUIRE(inner.ends_with("Inner body line 2"));
    const std::string innerBody = "Inner body line 1\r\nInner body line 2";
    const std::string ola = "((\"Ola\" NIL \"ola\" \"example.org\"))";
    const std::string envelope = "(\"Thu, 26 Nov 2026 08:00:00 +0100\" \"Inner\" " + ola + ' ' + ola + ' ' + ola +
                                 " ((NIL NIL \"jan\" \"example.com\")) NIL NIL NIL \"<inner@example.org>\")";
    CHECK(imap::bodyStructure(*m, false) ==
          "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 13 0)(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" " +
              std::to_string(inner.size()) + ' ' + envelope +
              " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" " + std::to_string(innerBody.size()) +
              " 1) 7) \"MIXED\")");
    CHECK(imap::bodyStructure(*m, true) ==
          "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 13 0 NIL NIL NIL NIL)(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" " +
              std::to_string(inner.size()) + ' ' + envelope +
              " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" " + std::to_string(innerBody.size()) +
              " 1 NIL NIL NIL NIL) 7 NIL (\"ATTACHMENT\" NIL) NIL NIL) \"MIXED\" (\"BOUNDARY\" \"b\") NIL NIL NIL)");
}

TEST_CASE("BODYSTRUCTURE of malformed multiparts stays well-formed") {
    SUBCASE("multipart without a boundary is read as plain text") {
        const auto m = make("Content-Type: multipart/mixed\r\n\r\n--x\r\nhello\r\n");
        CHECK(imap::bodyStructure(*m, false) == "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 12 2)");
    }
    SUBCASE("a boundary that never appears gives one empty part") {
        const auto m = make("Content-Type: multipart/mixed; boundary=zz\r\n\r\nno parts here\r\n");
        CHECK(imap::bodyStructure(*m, false) ==
              "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0) \"MIXED\")");
        CHECK(imap::sectionBytes(*m, section({1})).empty());
    }
    SUBCASE("without the close delimiter the last part runs to the end") {
        const auto m = make("Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n\r\nabc\r\ndef\r\n");
        CHECK(imap::sectionBytes(*m, section({1})) == "abc\r\ndef\r\n");
        CHECK(imap::bodyStructure(*m, false) ==
              "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 10 2) \"MIXED\")");
    }
    SUBCASE("a line that only starts like the boundary is content") {
        const auto m = make("Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n\r\n--zzz\r\n--zz--\r\n");
        CHECK(imap::sectionBytes(*m, section({1})) == "--zzz");
    }
    SUBCASE("an invalid Content-Type falls back to text/plain") {
        const auto m = make("Content-Type: garbage\r\n\r\nx");
        CHECK(imap::bodyStructure(*m, false) == "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 1 1)");
    }
    SUBCASE("parts of a multipart/digest default to message/rfc822") {
        const auto m = make("Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: s\r\n\r\nhi\r\n--d--\r\n");
        CHECK(imap::bodyStructure(*m, false) ==
              "((\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 16 (NIL \"s\" NIL NIL NIL NIL NIL NIL NIL NIL) "
              "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 2 0) 2) \"DIGEST\")");
    }
    SUBCASE("very deep nesting is cut off without exhausting the stack") {
        std::string raw;
        for (int i = 0; i < 500; ++i) raw += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" + std::to_string(i) + "\r\n";
        raw += "\r\nleaf\r\n";
        const auto m = make(raw);
        const std::string structure = imap::bodyStructure(*m, true);
        CHECK(structure.find("\"MIXED\"") != std::string::npos);
        CHECK(std::count(structure.begin(), structure.end(), '(') == std::count(structure.begin(), structure.end(), ')'));
    }
}

// [SECTION] Body sections

TEST_CASE("sections of a single-part message") {
    const auto m = make(kSimple);
    const std::string header(m->header());
    const std::string body(m->body());
    CHECK(imap::sectionBytes(*m, section({})) == m->bytes());
    CHECK(imap::sectionBytes(*m, section({}, Kind::Header)) == header);
    CHECK(header.ends_with("continued here\r\n\r\n"));
    CHECK(imap::sectionBytes(*m, section({}, Kind::Text)) == body);

    SUBCASE("HEADER.FIELDS keeps message order, duplicates and folds, and ends with the blank line") {
        CHECK(imap::sectionBytes(*m, section({}, Kind::HeaderFields, {"subject", "FROM", "Received"})) ==
              "Received: from mx1.example.pl by mail.example.com; Fri, 27 Nov 2026 09:15:02 +0100\r\n"
              "Received: from laptop by mx1.example.pl; Fri, 27 Nov 2026 09:15:01 +0100\r\n"
              "From: Zofia Nowak <zofia@example.pl>\r\n"
              "Subject: Hello \"world\" \\ again\r\n"
              "\r\n");
        CHECK(imap::sectionBytes(*m, section({}, Kind::HeaderFields, {"x-long"})) ==
              "X-Long: first part\r\n continued here\r\n\r\n");
        CHECK(imap::sectionBytes(*m, section({}, Kind::HeaderFields, {"X-Absent"})) == "\r\n");
    }
    SUBCASE("HEADER.FIELDS.NOT") {
        CHECK(imap::sectionBytes(*m, section({}, Kind::HeaderFieldsNot, {"received", "X-LONG", "Return-Path"})) ==
              "From: Zofia Nowak <zofia@example.pl>\r\n"
              "To: jan@example.com\r\n"
              "Subject: Hello \"world\" \\ again\r\n"
              "Date: Fri, 27 Nov 2026 09:15:00 +0100\r\n"
              "Message-ID: <1@example.pl>\r\n"
              "\r\n");
    }
    SUBCASE("part 1 of a non-multipart message is its body") {
        CHECK(imap::sectionBytes(*m, section({1})) == body);
        CHECK(imap::sectionBytes(*m, section({1}, Kind::Mime)) == header);
        CHECK(imap::sectionBytes(*m, section({1, 1})) == body);  // leniently, as production servers
    }
    SUBCASE("sections that do not exist are empty") {
        CHECK(imap::sectionBytes(*m, section({2})).empty());
        CHECK(imap::sectionBytes(*m, section({0})).empty());
        CHECK(imap::sectionBytes(*m, section({1}, Kind::Text)).empty());    // part 1 is not message/rfc822
        CHECK(imap::sectionBytes(*m, section({1}, Kind::Header)).empty());
        CHECK(imap::sectionBytes(*m, section({}, Kind::Mime)).empty());     // MIME needs a part number
    }
}

TEST_CASE("sections of a message without a blank line") {
    const auto m = make("Subject: only header\r\nFrom: a@example.com\r\n");
    CHECK(imap::sectionBytes(*m, section({}, Kind::Header)) == m->bytes());
    CHECK(imap::sectionBytes(*m, section({}, Kind::Text)).empty());
    CHECK(imap::sectionBytes(*m, section({}, Kind::HeaderFields, {"Subject"})) == "Subject: only header\r\n");
    CHECK(imap::bodyStructure(*m, false) == "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0)");
}

TEST_CASE("sections of nested multiparts") {
    const auto m = make(kNested);
    const std::string& bytes = m->bytes();
    CHECK(imap::sectionBytes(*m, section({1})) ==
          between(bytes, "boundary=inner\r\n\r\n", "\r\n--outer\r\nContent-Type: image/png"));
    CHECK(imap::sectionBytes(*m, section({1})).ends_with("--inner--\r\n"));
    CHECK(imap::sectionBytes(*m, section({1}, Kind::Mime)) == "Content-Type: multipart/alternative; boundary=inner\r\n\r\n");
    CHECK(imap::sectionBytes(*m, section({1, 1})) == "plain text");
    CHECK(imap::sectionBytes(*m, section({1, 1}, Kind::Mime)) == "Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    CHECK(imap::sectionBytes(*m, section({1, 2})) == "<p>html text</p>");
    CHECK(imap::sectionBytes(*m, section({2})) == "iVBORw0KGgo=");
    CHECK(imap::sectionBytes(*m, section({3})) == "no header part");
    CHECK(imap::sectionBytes(*m, section({3}, Kind::Mime)) == "\r\n");
    CHECK(imap::sectionBytes(*m, section({}, Kind::Text)) == std::string(m->body()));
    CHECK(imap::sectionBytes(*m, section({4})).empty());
    CHECK(imap::sectionBytes(*m, section({1, 3})).empty());
    CHECK(imap::sectionBytes(*m, section({2, 1})) == "iVBORw0KGgo=");  // part 2 is not a multipart
    CHECK(imap::sectionBytes(*m, section({1}, Kind::Header)).empty());
}

TEST_CASE("sections of a message/rfc822 part") {
    const auto m = make(kForward);
    const std::string inner = between(m->bytes(), "Content-Disposition: attachment\r\n\r\n", "\r\n--b--");
    const std::string innerHeader = inner.substr(0, inner.find("\r\n\r\n") + 4);
    CHECK(imap::sectionBytes(*m, section({1})) == "See attached.");
    CHECK(imap::sectionBytes(*m, section({2})) == inner);
    CHECK(imap::sectionBytes(*m, section({2}, Kind::Mime)) ==
          "Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n");
    CHECK(imap::sectionBytes(*m, section({2}, Kind::Header)) == innerHeader);
    CHECK(imap::sectionBytes(*m, section({2}, Kind::Text)) == "Inner body line 1\r\nInner body line 2");
    CHECK(imap::sectionBytes(*m, section({2}, Kind::HeaderFields, {"SUBJECT", "to"})) ==
          "To: jan@example.com\r\nSubject: Inner\r\n\r\n");
    CHECK(imap::sectionBytes(*m, section({2}, Kind::HeaderFieldsNot, {"From", "To", "Date", "Message-ID"})) ==
          "Subject: Inner\r\n\r\n");
    CHECK(imap::sectionBytes(*m, section({2, 1})) == "Inner body line 1\r\nInner body line 2");
    CHECK(imap::sectionBytes(*m, section({2, 1}, Kind::Mime)) == innerHeader);
    CHECK(imap::sectionBytes(*m, section({2, 2})).empty());
    CHECK(imap::sectionBytes(*m, section({1}, Kind::Header)).empty());
}

TEST_CASE("BINARY of a multipart or an attached message decodes every part inside") {
    // RFC 3516 4.2 and RFC 2045 6.4: the parts inside are decoded and their headers then say
    // "Content-Transfer-Encoding: binary" (the old field dropped, the new one last); the
    // delimiter lines, the preamble and 7bit parts are as they are.
    const auto m = make(
        "From: jan@example.pl\r\n"
        "Subject: report\r\n"
        "Content-Type: multipart/mixed; boundary=\"o\"\r\n"
        "\r\n"
        "This is a multi-part message in MIME format.\r\n"
        "--o\r\n"
        "Content-Type: multipart/related; boundary=\"r\"\r\n"
        "\r\n"
        "--r\r\n"
        "Content-Type: text/html; charset=iso-8859-2\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Description: body\r\n"
        "\r\n"
        "<p>Dzie=F1 dobry</p>\r\n"
        "--r\r\n"
        "Content-Type: image/gif\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n"
        "\r\n"
        "--r--\r\n"
        "--o\r\n"
        "Content-Type: message/rfc822\r\n"
        "\r\n"
        "Subject: inner\r\n"
        "Content-Type: text/plain\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n"
        "aGk=\r\n"
        "--o--\r\n");
    const std::string related =
        "--r\r\n"
        "Content-Type: text/html; charset=iso-8859-2\r\n"
        "Content-Description: body\r\n"
        "Content-Transfer-Encoding: binary\r\n"
        "\r\n"
        "<p>Dzie\xF1 dobry</p>\r\n"
        "--r\r\n"
        "Content-Type: image/gif\r\n"
        "Content-Transfer-Encoding: binary\r\n"
        "\r\n"
        "\r\n"
        "--r--";
    const std::string attached =
        "Subject: inner\r\n"
        "Content-Type: text/plain\r\n"
        "Content-Transfer-Encoding: binary\r\n"
        "\r\n"
        "hi";
    CHECK(imap::binarySectionBytes(*m, {1}) == related);
    CHECK(imap::binarySectionBytes(*m, {1, 1}) == "<p>Dzie\xF1 dobry</p>");
    CHECK(imap::binarySectionBytes(*m, {1, 2}) == "");
    CHECK(imap::binarySectionBytes(*m, {2}) == attached);
    CHECK(imap::binarySectionBytes(*m, {2, 1}) == "hi");
    CHECK(imap::binarySectionBytes(*m, {}) ==
          "From: jan@example.pl\r\n"
          "Subject: report\r\n"
          "Content-Type: multipart/mixed; boundary=\"o\"\r\n"
          "\r\n"
          "This is a multi-part message in MIME format.\r\n"
          "--o\r\n"
          "Content-Type: multipart/related; boundary=\"r\"\r\n"
          "\r\n" +
              related +
              "\r\n--o\r\n"
              "Content-Type: message/rfc822\r\n"
              "\r\n" +
              attached + "\r\n--o--\r\n");

    SUBCASE("a single-part message: its header says binary, an empty body's blank line stays") {
        const auto single = make("Subject: s\r\nContent-Transfer-Encoding: Quoted-Printable\r\nX-After: 1\r\n\r\ncaf=E9=\r\n!\r\n");
        CHECK(imap::binarySectionBytes(*single, {}) ==
              "Subject: s\r\nX-After: 1\r\nContent-Transfer-Encoding: binary\r\n\r\ncaf\xE9!\r\n");
        const auto seven = make("Subject: s\r\nContent-Transfer-Encoding: 7bit\r\n\r\nplain\r\n");
        CHECK(imap::binarySectionBytes(*seven, {}) == seven->bytes());
        const auto part = make(
            "Subject: p\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n--b--\r\n");
        CHECK(imap::binarySectionBytes(*part, {}) ==
              "Subject: p\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
              "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: binary\r\n\r\n--b--\r\n");
    }
}

TEST_CASE("partials at the edges") {
    const std::string_view text = "0123456789";
    CHECK(imap::applyPartial(text, imap::SectionSpec{}) == text);
    CHECK(imap::applyPartial(text, partial(0, 4)) == "0123");
    CHECK(imap::applyPartial(text, partial(8, 5)) == "89");
    CHECK(imap::applyPartial(text, partial(0, 10)) == text);
    CHECK(imap::applyPartial(text, partial(9, 1)) == "9");
    CHECK(imap::applyPartial(text, partial(10, 1)).empty());
    CHECK(imap::applyPartial(text, partial(4294967295u, 4294967295u)).empty());
    CHECK(imap::applyPartial(text, partial(3, 0)).empty());
    CHECK(imap::applyPartial("", partial(0, 5)).empty());

    const auto m = make(kSimple);
    const std::string header = imap::sectionBytes(*m, section({}, Kind::Header));
    CHECK(imap::applyPartial(header, partial(0, 11)) == "Return-Path");
}

// [SECTION] SEARCH

TEST_CASE("SEARCH HEADER matches decoded encoded words, folding Unicode case") {
    const auto m = make(kPolish);
    CHECK(imap::headerContains(*m, "subject", "żółć"));
    CHECK(imap::headerContains(*m, "SUBJECT", "ZAŻÓŁĆ"));  // full Unicode folding (GLib)
    CHECK(imap::headerContains(*m, "Subject", "GĘŚLĄ JAŹŃ"));
    CHECK(imap::headerContains(*m, "Subject", "zaż"));
    CHECK_FALSE(imap::headerContains(*m, "Subject", "zazolc"));
    CHECK(imap::headerContains(*m, "X-Tag", "żółć"));     // ISO-8859-2, B encoding
    CHECK(imap::headerContains(*m, "From", "PAWEŁ"));     // ISO-8859-2, Q encoding
    CHECK(imap::headerContains(*m, "from", "pawel@example.pl"));
    CHECK_FALSE(imap::headerContains(*m, "To", "żółć"));
    SUBCASE("an empty needle matches when the field is there") {
        CHECK(imap::headerContains(*m, "x-tag", ""));
        CHECK_FALSE(imap::headerContains(*m, "Cc", ""));
        CHECK_FALSE(imap::headerContains(*m, "Cc", "jan"));
    }
}

TEST_CASE("SEARCH BODY decodes text parts and skips attachments and the header") {
    const auto m = make(kPolish);
    CHECK(imap::bodyContains(*m, "jaźń"));          // base64, ISO-8859-2
    CHECK(imap::bodyContains(*m, "ZAŻÓŁĆ GĘŚLĄ"));
    CHECK(imap::bodyContains(*m, "w ŚRODĘ o 10"));  // quoted-printable, UTF-8
    CHECK(imap::bodyContains(*m, "spotkanie"));
    CHECK_FALSE(imap::bodyContains(*m, "Widoczny"));     // inside an application/octet-stream part
    CHECK_FALSE(imap::bodyContains(*m, "jan@example.com"));  // header only
    CHECK(imap::bodyContains(*m, ""));

    const auto plain = make(kSimple);
    CHECK(imap::bodyContains(*plain, "SEE YOU"));
    CHECK_FALSE(imap::bodyContains(*plain, "Zofia"));

    const auto forward = make(kForward);
    CHECK(imap::bodyContains(*forward, "inner body LINE 2"));
    CHECK(imap::bodyContains(*forward, "ola@example.org"));  // the attached message's header is body
    CHECK_FALSE(imap::headerContains(*forward, "From", "Ola"));
}

TEST_CASE("SEARCH TEXT looks at the header and the body") {
    const auto m = make(kPolish);
    CHECK(imap::textContains(*m, "jan@example.com"));
    CHECK(imap::textContains(*m, "x-tag: ZAŻÓŁ"));
    CHECK(imap::textContains(*m, "środę"));
    CHECK_FALSE(imap::textContains(*m, "nothing like this"));
    CHECK(imap::containsFolded("a\xff" "b", "B"));  // invalid UTF-8 does not stop matching
    CHECK_FALSE(imap::containsFolded("abc", "abcd"));
}

TEST_CASE("SEARCH TEXT reads the MIME header of every body part, SEARCH BODY does not") {
    // RFC 3501 6.4.4: TEXT is "in the header or body of the message", and a part's MIME
    // header is part of the message body; BODY is the body's text content.
    const auto m = make(
        "From: a@example.com\r\n"
        "Subject: figures\r\n"
        "Content-Type: multipart/mixed; boundary=p\r\n"
        "\r\n"
        "--p\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "See the attachment.\r\n"
        "--p\r\n"
        "Content-Type: application/pdf; name=\"quarterly.pdf\"\r\n"
        "Content-Disposition: attachment; filename=\"=?UTF-8?Q?kwarta=C5=82?=.pdf\"\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n"
        "JVBERi0=\r\n"
        "--p--\r\n");
    CHECK(imap::textContains(*m, "quarterly.pdf"));
    CHECK(imap::textContains(*m, "application/PDF"));
    CHECK(imap::textContains(*m, "kwartał"));  // encoded words decoded, as in the top header
    CHECK(imap::textContains(*m, "charset=us-ascii"));
    CHECK(imap::textContains(*m, "the attachment"));
    CHECK_FALSE(imap::textContains(*m, "JVBERi"));  // an attachment's content is not text
    CHECK_FALSE(imap::bodyContains(*m, "quarterly"));
    CHECK_FALSE(imap::bodyContains(*m, "application/pdf"));
    CHECK(imap::bodyContains(*m, "the attachment"));
}

TEST_CASE("SEARCH TEXT reads header lines that are not fields") {
    // No blank line: the whole message is header (RFC 3501 6.4.5), and its lines without a
    // colon are still text of the message.
    const auto m = make("From: a@example.com\r\nSubject: no blank line\r\nThis line is not a field\r\nnor this one\r\n");
    CHECK(imap::textContains(*m, "is not a field"));
    CHECK(imap::textContains(*m, "NOR THIS"));
    CHECK(imap::textContains(*m, "subject: no blank"));
}

TEST_CASE("SEARCH BODY reads a bounce's delivery status and other leaf message parts") {
    // RFC 3464 2: message/delivery-status is lines of text (fields), and what a user looks
    // for in a bounce ("User unknown", the recipient) is there.
    const auto m = make(
        "From: MAILER-DAEMON@mx.example.com\r\n"
        "Subject: Undelivered Mail\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=r\r\n"
        "\r\n"
        "--r\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "Your message could not be delivered.\r\n"
        "--r\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.example.com\r\n"
        "\r\n"
        "Final-Recipient: rfc822; nobody@example.org\r\n"
        "Action: failed\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "--r\r\n"
        "Content-Type: message/global\r\n"
        "\r\n"
        "From: inner@example.org\r\n"
        "Subject: hello\r\n"
        "\r\n"
        "global body\r\n"
        "--r\r\n"
        "Content-Type: application/octet-stream\r\n"
        "\r\n"
        "opaque bytes\r\n"
        "--r--\r\n");
    CHECK(imap::bodyContains(*m, "nobody@example.org"));
    CHECK(imap::bodyContains(*m, "user unknown"));
    CHECK(imap::bodyContains(*m, "global body"));
    CHECK(imap::textContains(*m, "5.1.1"));
    CHECK(imap::bodyContains(*m, "could not be delivered"));
    CHECK_FALSE(imap::bodyContains(*m, "opaque"));
}

TEST_CASE("SEARCH FROM sees an address's source route, as the ENVELOPE gives it") {
    // RFC 3501 6.4.4: FROM looks in the envelope structure's FROM field, whose addresses
    // carry the source route (addr-adl, RFC 3501 9).
    const auto m = make("From: Old Relay <@relay.example.net:user@example.org>\r\nTo: b@example.org\r\n\r\nbody\r\n");
    CHECK(imap::envelope(*m).find("((\"Old Relay\" \"@relay.example.net\" \"user\" \"example.org\"))") !=
          std::string::npos);
    CHECK(imap::addressContains(*m, "From", "relay.example"));
    CHECK(imap::addressContains(*m, "From", "<@relay.example.net:user@example.org>"));
    CHECK(imap::addressContains(*m, "From", "Old Relay <@relay.example.net:user@"));
    CHECK(imap::addressContains(*m, "From", "user@example.org"));
    CHECK_FALSE(imap::addressContains(*m, "To", "relay"));
}

TEST_CASE("SEARCH dates compare days in the message's own zone") {
    const core::Time lateEvening = core::timeFromCivil({2026, 11, 27, 23, 30, 0, 0});
    SUBCASE("internal date") {
        const auto utc = Message::fromBytes("Subject: x\r\n\r\n", lateEvening, 0);
        const auto warsaw = Message::fromBytes("Subject: x\r\n\r\n", lateEvening, 120);
        CHECK(imap::internalDateDay(*utc) == core::daysFromCivil(2026, 11, 27));
        CHECK(imap::internalDateDay(*warsaw) == core::daysFromCivil(2026, 11, 28));
    }
    SUBCASE("Date header, and the internal date without one") {
        const auto sent = Message::fromBytes("Date: Fri, 27 Nov 2026 23:30:00 -0500\r\n\r\n", lateEvening, 0);
        CHECK(imap::sentDateDay(*sent) == core::daysFromCivil(2026, 11, 27));
        const auto undated = Message::fromBytes("Subject: x\r\n\r\n", lateEvening, 120);
        CHECK(imap::sentDateDay(*undated) == core::daysFromCivil(2026, 11, 28));
    }
    SUBCASE("search date arguments") {
        CHECK(imap::searchDateDay("27-Nov-2026") == core::daysFromCivil(2026, 11, 27));
        CHECK(imap::searchDateDay("1-Feb-1994") == core::daysFromCivil(1994, 2, 1));
        CHECK_FALSE(imap::searchDateDay("2026-11-27").has_value());
    }
}

TEST_CASE("ENVELOPE and BODYSTRUCTURE of every sample read back, with each part's size") {
    for (const std::string_view raw : {kSimple, kAttachment, kNested, kForward, kPolish}) {
        CAPTURE(raw);
        const auto m = make(raw);
        checkBody(parseAll(imap::bodyStructure(*m, true)), *m, {}, true);
        checkEnvelope(parseAll(imap::envelope(*m)));
    }
    // The checker itself refuses what is not one well-formed item.
    for (const std::string_view bad : {"(", "(NIL", "(NIL  NIL)", "\"a", "\"a\\b\"", "{3}\r\nab", "(NIL)x", "X"}) {
        CAPTURE(bad);
        std::size_t pos = 0;
        const auto item = parseItem(bad, pos);
        CHECK((!item || pos != bad.size()));
    }
}

TEST_CASE("arbitrary bytes never break any of the functions") {
    const std::string_view pieces[] = {
        "Content-Type: multipart/mixed; boundary=q\r\n", "Content-Type: message/rfc822\r\n", "\r\n", "--q\r\n",
        "--q--\r\n", "From: \"unterminated <a@\r\n", "To: (comment (nested\r\n", "Subject: \xff\xfe\r\n",
        "Content-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64\r\n", "=?utf-8?q?=\r\n",
        " folded\r\n", "To: g: <@a,@b:c@d>, ;, :;\r\n", "abc", std::string_view("\0", 1),
    };
    std::uint32_t seed = 12345;
    for (int round = 0; round < 300; ++round) {
        std::string raw;
        const int count = 1 + round % 30;
        for (int k = 0; k < count; ++k) {
            seed = seed * 1103515245u + 12345u;
            raw += pieces[(seed >> 16) % std::size(pieces)];
        }
        const auto m = make(raw);
        CAPTURE(raw);
        // Both are well-formed IMAP, with every field where RFC 3501 puts it, and every
        // size in BODYSTRUCTURE is that of the part's bytes.
        checkBody(parseAll(imap::bodyStructure(*m, true)), *m, {}, true);
        checkBody(parseAll(imap::bodyStructure(*m, false)), *m, {}, true);
        checkEnvelope(parseAll(imap::envelope(*m)));
        for (const auto& path : std::vector<std::vector<std::uint32_t>>{{}, {1}, {1, 1}, {2, 1, 1}}) {
            for (Kind kind : {Kind::Full, Kind::Header, Kind::HeaderFields, Kind::Text, Kind::Mime}) {
                const std::string bytes = imap::sectionBytes(*m, section(path, kind, {"To"}));
                CHECK(bytes.size() <= m->size() + 2);
            }
            // Decoding never grows a part; only the "Content-Transfer-Encoding: binary"
            // fields written into decoded parts' headers can add bytes.
            if (const auto binary = imap::binarySectionBytes(*m, path))
                CHECK(binary->size() <= m->size() + 40 * (1 + m->size() / 4));
        }
        (void)imap::textContains(*m, "zażółć");
    }
}

}  // TEST_SUITE
