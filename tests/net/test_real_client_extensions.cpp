// Real connections (sim/net) get the IMAP extensions a production server offers: CONDSTORE
// and QRESYNC (RFC 7162), ESEARCH (RFC 4731), LIST-EXTENDED and LIST-STATUS (RFC 5258,
// 5819), MULTIAPPEND (RFC 3502), SORT, THREAD (RFC 5256), SORT=DISPLAY (RFC 5957), ESORT,
// CONTEXT=SEARCH and CONTEXT=SORT (RFC 5267), BINARY (RFC 3516), CATENATE (RFC 4469) and APPENDLIMIT (RFC 7889); a
// simulated device's session on the same host does not
// (sim::SessionOrigin), so the world's transcripts stay as recorded.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>

#include "protocols/mail/mail_store.h"
#include "sim/net/net_server.h"
#include "sim/server_host.h"
#include "tests/support/loopback.h"
#include "tests/support/served_store.h"
#include "tests/support/skip.h"

using namespace mailscope;

namespace {

constexpr core::Time kNow = test::ServedStore::kNow;

// RFC 3501 7.2.1: before login with the AUTH= mechanisms, after it without them.
const std::string kCommon = "LITERAL+ ID ENABLE IDLE NAMESPACE UIDPLUS MOVE UNSELECT CHILDREN SPECIAL-USE";
const std::string kExtensions = " CONDSTORE QRESYNC ESEARCH LIST-EXTENDED LIST-STATUS MULTIAPPEND SORT SORT=DISPLAY "
                                "THREAD=ORDEREDSUBJECT THREAD=REFERENCES ESORT CONTEXT=SEARCH CONTEXT=SORT BINARY CATENATE "
                                "APPENDLIMIT=33554432";
const std::string kBaseCaps = "IMAP4rev1 AUTH=PLAIN SASL-IR " + kCommon;
const std::string kRealCaps = kBaseCaps + kExtensions;
const std::string kBaseLoggedIn = "IMAP4rev1 " + kCommon;
const std::string kRealLoggedIn = kBaseLoggedIn + kExtensions;
const std::string kPermanentFlags =
    "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n";

using Served = test::ServedStore;

/// A simulated device's session on the same host, fed directly (as a Link does).
struct Device {
    explicit Device(sim::ServerHost& host) {
        session = host.openImap("Phone", sim::LinkSecurity::Plain,
                                [this](sim::SessionOutput o) { received += o.bytes; }, kNow);
        session->start(kNow);
    }
    std::string send(std::string_view line) {
        received.clear();
        session->receive(line, kNow);
        return std::exchange(received, {});
    }
    std::unique_ptr<sim::HostedSession> session;
    std::string received;
};

}  // namespace

TEST_SUITE("net.real_client_extensions") {
    TEST_CASE("a real connection's CAPABILITY lists CONDSTORE ... MULTIAPPEND SORT THREAD ESORT BINARY CATENATE APPENDLIMIT and a simulated device's does not") {
        Served s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient c(*s.net, s.ports.imap);
        REQUIRE(c.connected());
        CHECK(c.until("* OK") == "* OK [CAPABILITY " + kRealCaps + "] mailscope IMAP4rev1 server ready\r\n");
        REQUIRE(c.send("a CAPABILITY\r\n"));
        CHECK(c.until("a ") == "* CAPABILITY " + kRealCaps + "\r\na OK CAPABILITY completed\r\n");

        Device phone(s.host);
        CHECK(phone.received == "* OK [CAPABILITY " + kBaseCaps + "] mailscope IMAP4rev1 server ready\r\n");
        CHECK(phone.send("a CAPABILITY\r\n") == "* CAPABILITY " + kBaseCaps + "\r\na OK CAPABILITY completed\r\n");
    }

    TEST_CASE("a real client APPENDs a literal8, reads it back with BINARY and saves a draft with CATENATE, and a device cannot") {
        using namespace std::string_literals;
        Served s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        const std::string validity = std::to_string(s.inbox->uidValidity());
        test::LoopbackClient c(*s.net, s.ports.imap);
        REQUIRE(c.connected());
        c.until("* OK");
        REQUIRE(c.send("a LOGIN alice alice123\r\nb SELECT INBOX\r\n"));
        c.until("a ");
        REQUIRE(c.until("b ").ends_with("b OK [READ-WRITE] SELECT completed\r\n"));
        // RFC 3516 4.4 with LITERAL+: ~{n+}, binary content kept as sent.
        const std::string message = "Subject: bin\r\nContent-Transfer-Encoding: binary\r\n\r\n\0\1\2\r\n"s;
        REQUIRE(c.send("c APPEND INBOX ~{" + std::to_string(message.size()) + "+}\r\n" + message + "\r\n"));
        CHECK(c.until("c ").ends_with("c OK [APPENDUID " + validity + " 4] APPEND completed\r\n"));
        REQUIRE(c.send("d UID FETCH 4 (BINARY.PEEK[1] BINARY.SIZE[1])\r\n"));
        CHECK(c.until("d ") == "* 4 FETCH (UID 4 BINARY[1] ~{5}\r\n\0\1\2\r\n BINARY.SIZE[1] 5)\r\nd OK UID FETCH completed\r\n"s);
        // RFC 4469: a draft made of new text and message 1's body, by a URL relative to INBOX.
        REQUIRE(c.send("e APPEND Drafts CATENATE (TEXT {16+}\r\nSubject: fwd\r\n\r\n URL \";UID=1/;SECTION=TEXT\")\r\n"));
        const std::string appended = c.until("e ");
        CHECK(appended.starts_with("e OK [APPENDUID "));
        CHECK(appended.ends_with(" 1] APPEND completed\r\n"));
        const mail::Mailbox* drafts = s.store.findAccount("alice")->findMailbox("Drafts");
        REQUIRE(drafts);
        REQUIRE(drafts->size() == 1);
        CHECK(drafts->items()[0].message->bytes() == "Subject: fwd\r\n\r\nHello.\r\n");

        Device phone(s.host);
        REQUIRE(phone.send("a LOGIN alice alice123\r\n") == "a OK [CAPABILITY " + kBaseLoggedIn + "] Logged in\r\n");
        REQUIRE(phone.send("b SELECT INBOX\r\n").ends_with("b OK [READ-WRITE] SELECT completed\r\n"));
        CHECK(phone.send("c FETCH 1 (BINARY.PEEK[1])\r\n").starts_with("c BAD "));
        CHECK(phone.send("d APPEND Drafts CATENATE (URL \";UID=1\")\r\n").starts_with("d BAD "));
    }

    TEST_CASE("a real client away while a device changes a flag and expunges resyncs with SELECT (QRESYNC) as RFC 7162 3.2.5 says") {
        Served s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        const std::string validity = std::to_string(s.inbox->uidValidity());
        {
            test::LoopbackClient c(*s.net, s.ports.imap);
            REQUIRE(c.connected());
            c.until("* OK");
            REQUIRE(c.send("a LOGIN alice alice123\r\n"));
            REQUIRE(c.until("a ").ends_with("a OK [CAPABILITY " + kRealLoggedIn + "] Logged in\r\n"));
            REQUIRE(c.send("b ENABLE QRESYNC\r\n"));
            CHECK(c.until("b ") == "* ENABLED QRESYNC\r\nb OK ENABLE completed\r\n");
            REQUIRE(c.send("c SELECT INBOX\r\n"));
            CHECK(c.until("c ") == "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                                   + kPermanentFlags +
                                   "* 3 EXISTS\r\n* 3 RECENT\r\n"
                                   "* OK [UNSEEN 1] Message 1 is first unseen\r\n"
                                   "* OK [UIDVALIDITY " + validity + "] UIDs valid\r\n"
                                   "* OK [UIDNEXT 4] Predicted next UID\r\n"
                                   "* OK [HIGHESTMODSEQ 4] Highest\r\n"
                                   "c OK [READ-WRITE] SELECT completed\r\n");
            REQUIRE(c.send("d LOGOUT\r\n"));
            c.until("d ");
        }
        // While it is away, the phone flags UID 2 and deletes and expunges UID 3.
        Device phone(s.host);
        REQUIRE(phone.send("a LOGIN alice alice123\r\n") == "a OK [CAPABILITY " + kBaseLoggedIn + "] Logged in\r\n");
        REQUIRE(phone.send("b SELECT INBOX\r\n").ends_with("b OK [READ-WRITE] SELECT completed\r\n"));
        CHECK(phone.send("c STORE 2 +FLAGS.SILENT (\\Flagged)\r\n") == "c OK STORE completed\r\n");
        CHECK(phone.send("d STORE 3 +FLAGS.SILENT (\\Deleted)\r\n") == "d OK STORE completed\r\n");
        CHECK(phone.send("e EXPUNGE\r\n") == "* 3 EXPUNGE\r\ne OK EXPUNGE completed\r\n");
        REQUIRE(s.inbox->highestModseq() == 7);  // 5: \Flagged, 6: \Deleted, 7: the expunge

        test::LoopbackClient c(*s.net, s.ports.imap);
        REQUIRE(c.connected());
        c.until("* OK");
        REQUIRE(c.send("a LOGIN alice alice123\r\nb ENABLE QRESYNC\r\n"));
        c.until("a ");
        CHECK(c.until("b ") == "* ENABLED QRESYNC\r\nb OK ENABLE completed\r\n");
        // RFC 7162 3.2.5: UIDVALIDITY and the last known mod-sequence, then the known UIDs.
        REQUIRE(c.send("c SELECT INBOX (QRESYNC (" + validity + " 4 1:3))\r\n"));
        CHECK(c.until("c ") == "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                               + kPermanentFlags +
                               "* 2 EXISTS\r\n* 0 RECENT\r\n"
                               "* OK [UNSEEN 1] Message 1 is first unseen\r\n"
                               "* OK [UIDVALIDITY " + validity + "] UIDs valid\r\n"
                               "* OK [UIDNEXT 4] Predicted next UID\r\n"
                               "* OK [HIGHESTMODSEQ 7] Highest\r\n"
                               "* VANISHED (EARLIER) 3\r\n"
                               "* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (5))\r\n"
                               "c OK [READ-WRITE] SELECT completed\r\n");
        // Nothing changed since 7: CHANGEDSINCE returns nothing.
        REQUIRE(c.send("d UID FETCH 1:* (FLAGS) (CHANGEDSINCE 7 VANISHED)\r\n"));
        CHECK(c.until("d ") == "d OK UID FETCH completed\r\n");
    }

    TEST_CASE("a real client sorts and threads on the server, a simulated device is told SORT is not offered") {
        Served s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient c(*s.net, s.ports.imap);
        REQUIRE(c.connected());
        c.until("* OK");
        REQUIRE(c.send("a LOGIN alice alice123\r\nb EXAMINE INBOX\r\n"));
        c.until("a ");
        c.until("b ");
        // Subjects one, two, three: by SUBJECT 1 3 2; no Date and one arrival time, so by
        // DATE the sequence numbers break the tie.
        REQUIRE(c.send("c SORT (SUBJECT) UTF-8 ALL\r\nd UID SORT RETURN (MIN MAX) (REVERSE SUBJECT) UTF-8 ALL\r\n"));
        CHECK(c.until("c ") == "* SORT 1 3 2\r\nc OK SORT completed\r\n");
        CHECK(c.until("d ") == "* ESEARCH (TAG \"d\") UID MIN 2 MAX 1\r\nd OK UID SORT completed\r\n");
        REQUIRE(c.send("e THREAD REFERENCES UTF-8 ALL\r\n"));
        CHECK(c.until("e ") == "* THREAD (1)(2)(3)\r\ne OK THREAD completed\r\n");

        Device phone(s.host);
        REQUIRE(phone.send("a LOGIN alice alice123\r\n") == "a OK [CAPABILITY " + kBaseLoggedIn + "] Logged in\r\n");
        REQUIRE(phone.send("b EXAMINE INBOX\r\n").ends_with("b OK [READ-ONLY] EXAMINE completed\r\n"));
        CHECK(phone.send("c SORT (SUBJECT) UTF-8 ALL\r\n") == "c BAD SORT is not offered on this connection\r\n");
    }
}
