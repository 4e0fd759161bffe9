// BINARY (RFC 3516) and CATENATE (RFC 4469) on the server, each behind its ServerConfig
// switch. Expected bytes follow the RFCs' grammar: "BINARY" section-binary ["<" number ">"]
// SP (nstring / literal8), "BINARY.SIZE" section-binary SP number, literal8 = "~{" number
// "}" CRLF *OCTET (RFC 3516 4.3, 6); cat-part = "TEXT" SP literal / "URL" SP astring and
// "[BADURL" SP url-resp-text "]" with the URL bare (RFC 4469 5, errata 4046).
#include <doctest/doctest.h>

#include "protocols/imap/imap_url.h"
#include "protocols/imap/tokenizer.h"
#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

using namespace std::string_literals;

// Part 1 quoted-printable UTF-8 text, part 2 base64 bytes with NULs, part 3 an encoding the
// server does not know, part 4 base64 text.
const std::string kMixed =
    "From: Zofia <zofia@example.pl>\r\n"
    "Subject: binary\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Za=C5=BC=C3=B3=C5=82=C4=87 =\r\n"
    "g=C4=99=C5=9Bl=C4=85\r\n"
    "--b1\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAECA2hpAA==\r\n"
    "--b1\r\n"
    "Content-Type: application/x-thing\r\n"
    "Content-Transfer-Encoding: x-uuencode\r\n"
    "\r\n"
    "begin 644 x\r\n"
    "end\r\n"
    "--b1\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Transfer-Encoding: BASE64\r\n"
    "\r\n"
    "aGVsbG8gd29ybGQ=\r\n"
    "--b1--\r\n";

const std::string kPolish = "Za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 g\xC4\x99\xC5\x9Bl\xC4\x85";  // 19 octets
const std::string kBytes = "\0\1\2\3hi\0"s;                                                  // 7 octets

ServerConfig withBinary() {
    ServerConfig config;
    config.binary = true;
    return config;
}

ServerConfig withCatenate() {
    ServerConfig config;
    config.catenate = true;
    config.multiappend = true;
    config.binary = true;
    return config;
}

/// An INBOX holding kMixed only (UID 1).
struct MixedWorld : World {
    MixedWorld() : World(0) { store.append(*alice, alice->inbox(), mail::Message::fromBytes(kMixed, 1795770000)); }
};

}  // namespace

TEST_SUITE("imap.server.binary") {
    TEST_CASE("BINARY is advertised only when configured, and its items are BAD without it") {
        MixedWorld w;
        Client plain(w), binary(w, withBinary());
        CHECK(plain.greeting.find("BINARY") == std::string::npos);
        CHECK(binary.greeting.find(" BINARY]") != std::string::npos);
        plain.select();
        CHECK(plain.send("a FETCH 1 (BINARY.PEEK[1])").starts_with("a BAD"));
        CHECK(plain.send("b APPEND INBOX ~{1+}\r\nx").starts_with("b BAD"));
        CHECK(w.alice->inbox().size() == 1);
    }

    TEST_CASE("quoted-printable and base64 parts come back decoded, and NUL makes a literal8") {
        MixedWorld w;
        Client c(w, withBinary());
        c.select();
        CHECK(c.send("a FETCH 1 (BINARY.PEEK[1])") == "* 1 FETCH (BINARY[1] {19}\r\n" + kPolish + ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 1 (BINARY.PEEK[2])") == "* 1 FETCH (BINARY[2] ~{7}\r\n" + kBytes + ")\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 1 (BINARY.PEEK[4])") == "* 1 FETCH (BINARY[4] {11}\r\nhello world)\r\nc OK FETCH completed\r\n");
        // RFC 3516 4.2: the partial counts octets of the decoded data; the response names its origin.
        CHECK(c.send("d FETCH 1 (BINARY.PEEK[4]<6.5>)") == "* 1 FETCH (BINARY[4]<6> {5}\r\nworld)\r\nd OK FETCH completed\r\n");
        CHECK(c.send("e FETCH 1 (BINARY.PEEK[2]<6.10>)") == "* 1 FETCH (BINARY[2]<6> ~{1}\r\n\0)\r\ne OK FETCH completed\r\n"s);
        CHECK(c.send("f FETCH 1 (BINARY.SIZE[1] BINARY.SIZE[2] BINARY.SIZE[4])") ==
              "* 1 FETCH (BINARY.SIZE[1] 19 BINARY.SIZE[2] 7 BINARY.SIZE[4] 11)\r\nf OK FETCH completed\r\n");
        CHECK(w.alice->inbox().items()[0].flags.toString().find("\\Seen") == std::string::npos);
    }

    TEST_CASE("BINARY without PEEK sets \\Seen, as BODY[] does") {
        MixedWorld w;
        Client c(w, withBinary());
        c.select();
        CHECK(c.send("a UID FETCH 1 (BINARY[4])") ==
              "* 1 FETCH (UID 1 BINARY[4] {11}\r\nhello world FLAGS (\\Seen \\Recent))\r\na OK UID FETCH completed\r\n");
    }

    TEST_CASE("a part of unknown encoding: NO [UNKNOWN-CTE], that message left out and not seen") {
        MixedWorld w;
        w.deliver("plain");  // UID 2: one text/plain part, no encoding
        Client c(w, withBinary());
        c.select();
        CHECK(c.send("a FETCH 1:2 (BINARY[3])") ==
              "* 2 FETCH (BINARY[3] {0}\r\n FLAGS (\\Seen \\Recent))\r\n"
              "a NO [UNKNOWN-CTE] A part's Content-Transfer-Encoding cannot be decoded; its message was left out\r\n");
        CHECK(w.alice->inbox().items()[0].flags.toString().find("\\Seen") == std::string::npos);
        CHECK(c.send("b FETCH 1 (BINARY.SIZE[3])").starts_with("b NO [UNKNOWN-CTE] "));
        CHECK(c.send("c FETCH 2 (BINARY.PEEK[1])") == "* 2 FETCH (BINARY[1] {18}\r\nHello from plain\r\n)\r\nc OK FETCH completed\r\n");
    }

    TEST_CASE("BINARY[] decodes every part and says so in each decoded part's header") {
        // RFC 3516 4.2: the section after its Content-Transfer-Encoding is undone; a decoded
        // part's header then says "binary" (the old field dropped, the new one last), so a
        // MIME reader of the result does not decode it twice. A part in an encoding the
        // server does not know (part 3) stays as it is.
        World w(0);
        const std::string single = "Subject: b\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n";
        w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes(single, 1795770000));
        w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes(kMixed, 1795770000));
        Client c(w, withBinary());
        c.select();
        CHECK(c.send("a FETCH 1 (BINARY.PEEK[] BINARY.PEEK[1])") ==
              "* 1 FETCH (BINARY[] {54}\r\nSubject: b\r\nContent-Transfer-Encoding: binary\r\n\r\nhello BINARY[1] {5}\r\nhello)\r\n"
              "a OK FETCH completed\r\n");
        const std::string decoded =
            "From: Zofia <zofia@example.pl>\r\n"
            "Subject: binary\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
            "\r\n"
            "--b1\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: binary\r\n"
            "\r\n" +
            kPolish +
            "\r\n--b1\r\n"
            "Content-Type: application/octet-stream\r\n"
            "Content-Transfer-Encoding: binary\r\n"
            "\r\n" +
            kBytes +
            "\r\n--b1\r\n"
            "Content-Type: application/x-thing\r\n"
            "Content-Transfer-Encoding: x-uuencode\r\n"
            "\r\n"
            "begin 644 x\r\n"
            "end\r\n"
            "--b1\r\n"
            "Content-Type: text/plain\r\n"
            "Content-Transfer-Encoding: binary\r\n"
            "\r\n"
            "hello world\r\n"
            "--b1--\r\n";
        CHECK(c.send("b FETCH 2 (BINARY.SIZE[])") ==
              "* 2 FETCH (BINARY.SIZE[] " + std::to_string(decoded.size()) + ")\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 2 (BINARY.PEEK[])") ==
              "* 2 FETCH (BINARY[] ~{" + std::to_string(decoded.size()) + "}\r\n" + decoded + ")\r\nc OK FETCH completed\r\n");
    }

    TEST_CASE("BINARY of a HEADER, TEXT or MIME section gives its bytes as they are, and BINARY.SIZE takes no partial") {
        // RFC 3516's grammar has part numbers only; production servers answer the other
        // sections too, with the bytes BODY[section] gives (nothing is decoded).
        MixedWorld w;
        Client c(w, withBinary());
        c.select();
        const std::string mime1 = "Content-Type: text/plain; charset=utf-8\r\n"
                                  "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
        CHECK(c.send("a FETCH 1 (BINARY.PEEK[1.MIME] BINARY.SIZE[1.MIME])") ==
              "* 1 FETCH (BINARY[1.MIME] {" + std::to_string(mime1.size()) + "}\r\n" + mime1 +
                  " BINARY.SIZE[1.MIME] " + std::to_string(mime1.size()) + ")\r\na OK FETCH completed\r\n");
        const std::string text = kMixed.substr(kMixed.find("\r\n\r\n") + 4);
        CHECK(c.send("b FETCH 1 (BINARY.SIZE[TEXT] BINARY.PEEK[TEXT]<0.6>)") ==
              "* 1 FETCH (BINARY.SIZE[TEXT] " + std::to_string(text.size()) +
                  " BINARY[TEXT]<0> {6}\r\n--b1\r\n)\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 1 (BINARY.PEEK[HEADER.FIELDS (SUBJECT)])") ==
              "* 1 FETCH (BINARY[HEADER.FIELDS (SUBJECT)] {19}\r\nSubject: binary\r\n\r\n)\r\n"
              "c OK FETCH completed\r\n");
        CHECK(c.send("d FETCH 1 (BINARY.SIZE[1]<0.5>)").starts_with("d BAD "));
        CHECK(c.send("e FETCH 1 (BINARY.SIZE[1.TEXT]<0.5>)").starts_with("e BAD "));
    }

    TEST_CASE("APPEND takes a literal8 and keeps binary content as sent, and NUL in a plain literal is BAD") {
        World w(0);
        Client c(w, withBinary());
        c.select();
        const std::string message = "Subject: bin\r\nContent-Transfer-Encoding: binary\r\n\r\n\0a\nb\r\x80\r\n"s;
        CHECK(c.send("a APPEND INBOX ~{" + std::to_string(message.size()) + "}") == "+ Ready for literal data\r\n");
        CHECK(c.raw(message + "\r\n") == "* 1 EXISTS\r\n* 1 RECENT\r\na OK [APPENDUID 1 1] APPEND completed\r\n");
        REQUIRE(w.alice->inbox().size() == 1);
        CHECK(w.alice->inbox().items()[0].message->bytes() == message);
        CHECK(c.send("b FETCH 1 (BINARY.PEEK[1])") == "* 1 FETCH (BINARY[1] ~{8}\r\n\0a\nb\r\x80\r\n)\r\nb OK FETCH completed\r\n"s);
        // RFC 3501 9: a literal is CHAR8, never NUL; RFC 3516 4.4 sends such data as literal8.
        CHECK(c.raw("c APPEND INBOX {3+}\r\na\0b\r\n"s).starts_with("c BAD APPEND: The message holds NUL"));
        CHECK(w.alice->inbox().size() == 1);
    }

    TEST_CASE("transcript: a client reads an attachment with BINARY") {
        MixedWorld w;
        Client c(w, withBinary());
        std::string t = c.greeting;
        t += c.send("a1 LOGIN alice secret");
        t += c.send("a2 SELECT INBOX");
        t += c.send("a3 UID FETCH 1 (BINARY.SIZE[2] BODYSTRUCTURE)").substr(0, 0);  // structure: elsewhere
        t += c.send("a4 UID FETCH 1 (BINARY.SIZE[2])");
        t += c.send("a5 UID FETCH 1 (BINARY.PEEK[2]<0.4>)");
        t += c.send("a6 UID FETCH 1 (BINARY.PEEK[2]<4.4>)");
        t += c.send("a7 LOGOUT");
        const std::string caps = "IMAP4rev1 AUTH=PLAIN SASL-IR LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT "
                                 "CHILDREN SPECIAL-USE BINARY";
        CHECK(t ==
              "* OK [CAPABILITY " + caps + "] mailscope IMAP4rev1 server ready\r\n"
              "a1 OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN SPECIAL-USE "
              "BINARY] Logged in\r\n"
              "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
              "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n"
              "* 1 EXISTS\r\n* 1 RECENT\r\n"
              "* OK [UNSEEN 1] Message 1 is first unseen\r\n"
              "* OK [UIDVALIDITY 1] UIDs valid\r\n* OK [UIDNEXT 2] Predicted next UID\r\n"
              "a2 OK [READ-WRITE] SELECT completed\r\n"
              "* 1 FETCH (UID 1 BINARY.SIZE[2] 7)\r\na4 OK UID FETCH completed\r\n"
              "* 1 FETCH (UID 1 BINARY[2]<0> ~{4}\r\n\0\1\2\3)\r\na5 OK UID FETCH completed\r\n"
              "* 1 FETCH (UID 1 BINARY[2]<4> ~{3}\r\nhi\0)\r\na6 OK UID FETCH completed\r\n"
              "* BYE mailscope logging out\r\na7 OK LOGOUT completed\r\n"s);
    }
}

TEST_SUITE("imap.url") {
    TEST_CASE("the forms CATENATE takes: server-relative, mailbox-relative, absolute for this user and host") {
        const auto url = parseImapUrl("/INBOX;UIDVALIDITY=785799047/;UID=113330/;SECTION=1.5.9", "alice", "mail.test");
        REQUIRE(url);
        CHECK(url->mailbox == "INBOX");
        CHECK(url->uidValidity == 785799047u);
        CHECK(url->uid == 113330u);
        CHECK(url->section == "1.5.9");
        CHECK(parseImapUrl("/Drafts;UIDVALIDITY=385759045/;UID=20;section=HEADER", "alice", "mail.test")->section == "HEADER");
        const auto relative = parseImapUrl(";UID=3/;SECTION=HEADER.FIELDS%20(From)/;PARTIAL=0.10", "alice", "mail.test");
        REQUIRE(relative);
        CHECK(!relative->mailbox);
        CHECK(relative->section == "HEADER.FIELDS (From)");
        CHECK(relative->partialStart == 0u);
        CHECK(relative->partialCount == 10u);
        CHECK(parseImapUrl("/Lists/Polska%20grupa/;UID=1", "alice", "mail.test")->mailbox == "Lists/Polska grupa");
        CHECK(parseImapUrl("imap://alice@MAIL.test:143/INBOX/;UID=1", "alice", "mail.test")->uid == 1u);
    }

    TEST_CASE("other servers, other users, URLAUTH and malformed URLs are refused") {
        CHECK(!parseImapUrl("imap://bob@mail.test/INBOX/;UID=1", "alice", "mail.test"));
        CHECK(!parseImapUrl("imap://alice@elsewhere.test/INBOX/;UID=1", "alice", "mail.test"));
        CHECK(!parseImapUrl("imap://mail.test/INBOX/;UID=1", "alice", "mail.test"));
        CHECK(!parseImapUrl("/INBOX/;UID=1;URLAUTH=anonymous:internal:91354a", "alice", "mail.test"));
        CHECK(!parseImapUrl("/INBOX/;UID=0", "alice", "mail.test"));
        CHECK(!parseImapUrl("/INBOX", "alice", "mail.test"));
        CHECK(!parseImapUrl("/INBOX;UIDVALIDITY=x/;UID=1", "alice", "mail.test"));
        CHECK(!parseImapUrl("/IN%2/;UID=1", "alice", "mail.test"));
        CHECK(!parseImapUrl("INBOX/;UID=1", "alice", "mail.test"));
        CHECK(badUrlText("/a]b\r\n") == "/ab");
    }
}

TEST_SUITE("imap.server.catenate") {
    TEST_CASE("CATENATE joins TEXT literals and the parts URLs name, in order") {
        World w(1);
        Client c(w, withCatenate());
        CHECK(c.greeting.find(" CATENATE]") != std::string::npos);
        c.login();
        const std::string validity = std::to_string(w.alice->inbox().uidValidity());
        const std::string header = "Subject: Fwd\r\n\r\n";
        CHECK(c.send("a APPEND Drafts (\\Draft) CATENATE (TEXT {16+}\r\n" + header +
                     " URL \"/INBOX;UIDVALIDITY=" + validity + "/;UID=1/;SECTION=TEXT\" TEXT {6}") ==
              "+ Ready for literal data\r\n");
        CHECK(c.raw("--end\n)\r\n") == "a OK [APPENDUID 3 1] APPEND completed\r\n");
        const mail::Mailbox& drafts = *w.alice->findMailbox("Drafts");
        REQUIRE(drafts.size() == 1);
        CHECK(drafts.items()[0].message->bytes() == header + "Hello from Message 1\r\n--end\r\n");
        CHECK(drafts.items()[0].flags.toString() == "\\Draft");
    }

    TEST_CASE("a URL relative to the selected mailbox, and a partial") {
        World w(1);
        Client c(w, withCatenate());
        c.select();
        CHECK(c.send("a APPEND INBOX CATENATE (URL \";UID=1/;SECTION=HEADER.FIELDS%20(Subject)\" URL \";UID=1/;PARTIAL=0.4\")") ==
              "* 2 EXISTS\r\n* 2 RECENT\r\na OK [APPENDUID 1 2] APPEND completed\r\n");
        CHECK(w.alice->inbox().items()[1].message->bytes() == "Subject: Message 1\r\n\r\nFrom");
    }

    TEST_CASE("a URL that names nothing readable: NO [BADURL url], nothing appended") {
        World w(1);
        Client c(w, withCatenate());
        c.login();
        const std::string validity = std::to_string(w.alice->inbox().uidValidity());
        CHECK(c.send("a APPEND Drafts CATENATE (TEXT {2+}\r\nx\n URL \"/INBOX;UIDVALIDITY=" + validity + "/;UID=9\")") ==
              "a NO [BADURL /INBOX;UIDVALIDITY=" + validity + "/;UID=9] CATENATE failed: no message with that UID\r\n");
        CHECK(c.send("b APPEND Drafts CATENATE (URL \"/INBOX;UIDVALIDITY=99/;UID=1\")") ==
              "b NO [BADURL /INBOX;UIDVALIDITY=99/;UID=1] CATENATE failed: UIDVALIDITY has changed\r\n");
        CHECK(c.send("c APPEND Drafts CATENATE (URL \"imap://bob@mailscope.test/INBOX/;UID=1\")") ==
              "c NO [BADURL imap://bob@mailscope.test/INBOX/;UID=1] CATENATE failed: not a URL of this server and "
              "user naming a message\r\n");
        CHECK(c.send("d APPEND Drafts CATENATE (URL \";UID=1\")") ==
              "d NO [BADURL ;UID=1] CATENATE failed: a relative URL needs a selected mailbox\r\n");
        CHECK(c.send("e APPEND Drafts CATENATE (URL \"/Nowhere/;UID=1\")").starts_with("e NO [BADURL /Nowhere/;UID=1] "));
        CHECK(c.send("f APPEND Drafts CATENATE (URL \"/INBOX/;UID=1/;SECTION=1.HEADER.X\")").starts_with("f NO [BADURL "));
        CHECK(c.send("f2 APPEND Drafts CATENATE (URL \"/INBOX/;UID=1/;SECTION=2\")") ==
              "f2 NO [BADURL /INBOX/;UID=1/;SECTION=2] CATENATE failed: the message has no such part\r\n");
        CHECK(c.send("f3 APPEND Drafts CATENATE (URL \"/INBOX/;UID=1/;SECTION=1.TEXT\")").starts_with("f3 NO [BADURL "));
        CHECK(c.send("g APPEND Drafts CATENATE (URL \"imap://alice@mailscope.test/INBOX/;UID=1\")") ==
              "g OK [APPENDUID 3 1] APPEND completed\r\n");
        CHECK(w.alice->findMailbox("Drafts")->size() == 1);
        CHECK(c.send("h APPEND Drafts CATENATE ()").starts_with("h BAD "));
        CHECK(c.send("i APPEND Drafts CATENATE (TEXT \"x\")").starts_with("i BAD "));
    }

    TEST_CASE("a message over the literal budget: NO [TOOBIG], whether its bytes come from TEXT or URL") {
        World w(1);
        ServerConfig config = withCatenate();
        config.limits.maxLiteralSize = w.alice->inbox().items()[0].message->size() + 9;
        Client c(w, config);
        c.login();
        CHECK(c.send("a APPEND Drafts CATENATE (URL \"/INBOX/;UID=1\" TEXT {9+}\r\n123456789)") ==
              "a OK [APPENDUID 3 1] APPEND completed\r\n");
        CHECK(c.send("b APPEND Drafts CATENATE (URL \"/INBOX/;UID=1\" TEXT {10+}\r\n1234567890)") ==
              "b NO [TOOBIG] The message would be larger than the server accepts\r\n");
        CHECK(c.send("c APPEND Drafts CATENATE (URL \"/INBOX/;UID=1\" URL \"/INBOX/;UID=1\")").starts_with("c NO [TOOBIG] "));
        // MULTIAPPEND: the messages of one command together.
        CHECK(c.send("d APPEND Drafts CATENATE (URL \"/INBOX/;UID=1\") {10+}\r\n1234567890").starts_with("d NO [TOOBIG] "));
        CHECK(w.alice->findMailbox("Drafts")->size() == 1);
    }

    TEST_CASE("with MULTIAPPEND: literals and CATENATEs in one APPEND, all or none") {
        World w(1);
        Client c(w, withCatenate());
        c.login();
        CHECK(c.send("a APPEND Drafts {5+}\r\nx\r\n\r\n (\\Seen) CATENATE (TEXT {3+}\r\ny\r\n URL \"/INBOX/;UID=1/;SECTION=1\")") ==
              "a OK [APPENDUID 3 1:2] APPEND completed\r\n");
        const mail::Mailbox& drafts = *w.alice->findMailbox("Drafts");
        REQUIRE(drafts.size() == 2);
        CHECK(drafts.items()[1].message->bytes() == "y\r\nHello from Message 1\r\n");
        CHECK(drafts.items()[1].flags.toString() == "\\Seen");
        CHECK(c.send("b APPEND Drafts {5+}\r\nz\r\n\r\n CATENATE (URL \"/INBOX/;UID=7\")").starts_with("b NO [BADURL /INBOX/;UID=7] "));
        CHECK(drafts.size() == 2);
    }

    TEST_CASE("without CATENATE it is BAD") {
        World w(1);
        Client c(w);
        CHECK(c.greeting.find("CATENATE") == std::string::npos);
        c.login();
        CHECK(c.send("a APPEND Drafts CATENATE (URL \"/INBOX/;UID=1\")").starts_with("a BAD"));
    }

    TEST_CASE("transcript: a client forwards a message's text with CATENATE") {
        World w(1);
        Client c(w, withCatenate());
        std::string t = c.send("a1 LOGIN alice secret").substr(0, 0);
        t += c.send("a2 APPEND Drafts (\\Draft) CATENATE (TEXT {33}");
        t += c.raw("Subject: Fwd: Message 1\r\n\r\nFYI:\r\n URL \"/INBOX;UIDVALIDITY=1/;UID=1/;SECTION=TEXT\")\r\n");
        t += c.send("a3 STATUS Drafts (MESSAGES UIDNEXT)");
        t += c.send("a4 APPEND Drafts CATENATE (URL \"/INBOX;UIDVALIDITY=2/;UID=1/;SECTION=TEXT\")");
        t += c.send("a5 LOGOUT");
        CHECK(t ==
              "+ Ready for literal data\r\n"
              "a2 OK [APPENDUID 3 1] APPEND completed\r\n"
              "* STATUS \"Drafts\" (MESSAGES 1 UIDNEXT 2)\r\na3 OK STATUS completed\r\n"
              "a4 NO [BADURL /INBOX;UIDVALIDITY=2/;UID=1/;SECTION=TEXT] CATENATE failed: UIDVALIDITY has changed\r\n"
              "* BYE mailscope logging out\r\na5 OK LOGOUT completed\r\n");
        CHECK(w.alice->findMailbox("Drafts")->items()[0].message->bytes() ==
              "Subject: Fwd: Message 1\r\n\r\nFYI:\r\nHello from Message 1\r\n");
    }
}

TEST_SUITE("imap.server.appendlimit") {
    // RFC 7889 3: APPENDLIMIT=n is the largest message APPEND accepts; past it, TOOBIG.
    TEST_CASE("APPENDLIMIT advertises the literal budget, and a message of the limit is taken and one byte more is not") {
        World w(0);
        ServerConfig config;
        config.appendLimit = true;
        config.limits.maxLiteralSize = 100;
        Client c(w, config);
        CHECK(c.greeting.find(" APPENDLIMIT=100]") != std::string::npos);
        c.login();
        CHECK(c.send("a APPEND INBOX {101}") == "a NO [TOOBIG] Literal too big\r\n");
        CHECK(c.send("b APPEND INBOX {100}") == "+ Ready for literal data\r\n");
        CHECK(c.raw("Subject: x\r\n\r\n" + std::string(84, 'y') + "\r\n\r\n").starts_with("b OK [APPENDUID "));
        Client plain(w);
        CHECK(plain.greeting.find("APPENDLIMIT") == std::string::npos);
    }
}

TEST_SUITE("imap.tokenizer") {
    TEST_CASE("literal8: ~{n} and ~{n+} are literals that may hold NUL (RFC 3516 4.1)") {
        Tokenizer t(TokenizerMode::Command);
        t.feed("a APPEND INBOX ~{3}\r\n");
        CHECK(std::holds_alternative<Tokenizer::LiteralAnnounced>(t.next()));
        t.feed("x\0y (TEXT ~{1+}\r\nz)\r\n"s);
        const Tokenizer::Result r = t.next();
        const auto* line = std::get_if<Tokenizer::Line>(&r);
        REQUIRE(line);
        REQUIRE(line->values.size() == 5);
        CHECK(line->values[3] == Value::literal("x\0y"s, false, true));
        CHECK(line->values[4] == Value::list({Value::atom("TEXT"), Value::literal("z", true, true)}));
    }

    TEST_CASE("announced {n+} literals: a discarded line's bytes are read past, split anywhere") {
        const std::string input = "a APPEND INBOX {3+}\r\nxyz CATENATE (TEXT {2+}\r\nab)\r\nb NOOP\r\n";
        for (std::size_t step : {input.size(), std::size_t{1}}) {
            CAPTURE(step);
            Tokenizer t(TokenizerMode::Command);
            t.announceNonSynchronizing(true);
            std::vector<std::string> seen;
            for (std::size_t at = 0; at < input.size(); at += step) {
                t.feed(std::string_view(input).substr(at, step));
                for (;;) {
                    Tokenizer::Result r = t.next();
                    if (std::holds_alternative<Tokenizer::NeedMore>(r)) break;
                    if (const auto* literal = std::get_if<Tokenizer::LiteralAnnounced>(&r)) {
                        seen.push_back("{" + std::to_string(literal->size) + (literal->nonSynchronizing ? "+}" : "}"));
                        t.discardLine();
                    } else if (const auto* line = std::get_if<Tokenizer::Line>(&r)) {
                        seen.push_back(line->text);
                    }
                }
            }
            CHECK(seen == std::vector<std::string>{"{3+}", "b NOOP"});
        }
    }
}
