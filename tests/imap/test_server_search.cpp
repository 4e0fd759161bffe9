// IMAP SEARCH and UID SEARCH (RFC 3501 6.4.4, 6.4.8, 7.2.5): every key family, NOT / OR /
// groups, sequence and UID sets, CHARSET and BADCHARSET, UTF-8 literals, empty results,
// and messages expunged or changed by other sessions.
#include <doctest/doctest.h>

#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

mail::Flags flags(std::initializer_list<mail::SystemFlag> system, std::initializer_list<const char*> keywords = {}) {
    mail::Flags f;
    for (mail::SystemFlag s : system) f.set(s);
    for (const char* k : keywords) f.addKeyword(k);
    return f;
}

const std::string kPolish =
    "From: Zofia Nowak <zofia@example.pl>\r\n"
    "To: alice@example.com\r\n"
    "Cc: Carol <carol@example.com>\r\n"
    "Subject: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87_g=C4=99=C5=9Bl=C4=85_ja=C5=BA=C5=84?=\r\n"
    "Date: Mon, 2 Nov 2026 10:00:00 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Spotkanie w pi=C4=85tek.\r\n";

const std::string kInvoice =
    "From: Bob <bob@example.com>\r\n"
    "To: alice@example.com\r\n"
    "Bcc: dave@example.com\r\n"
    "Subject: Invoice 42\r\n"
    "Date: Tue, 10 Nov 2026 12:00:00 +0000\r\n"
    "\r\n"
    "Please pay the invoice.\r\n" +
    std::string(40, 'x') + "\r\n" + std::string(1000, 'y') + "\r\n";

const std::string kLunch =
    "From: carol@example.com\r\n"
    "To: alice@example.com\r\n"
    "Subject: Lunch?\r\n"
    "X-Priority: 1\r\n"
    "Date: Fri, 20 Nov 2026 23:30:00 -0500\r\n"
    "\r\n"
    "Pizza at noon.\r\n";

const std::string kWeekend =
    "From: Bob <bob@example.com>\r\n"
    "To: alice@example.com\r\n"
    "Subject: Weekend\r\n"
    "Date: Fri, 27 Nov 2026 08:00:00 +0000\r\n"
    "\r\n"
    "See you on Saturday.\r\n";

/// INBOX holds four messages with UIDs 2..5 (UID 1 was expunged), so UIDs and sequence
/// numbers differ by one:
///   seq 1, UID 2: Polish subject, from Zofia, Cc Carol, \Seen, 2 Nov 2026
///   seq 2, UID 3: Invoice 42 from Bob, Bcc Dave, \Flagged $Work, 10 Nov 2026, > 1000 bytes
///   seq 3, UID 4: Lunch? from carol, X-Priority, \Answered \Deleted, 20 Nov 2026 23:30 -0500
///   seq 4, UID 5: Weekend from Bob, no flags, 27 Nov 2026, the only \Recent one for the client
struct Fixture {
    World w{0};
    mail::Mailbox& inbox = w.alice->inbox();
    std::unique_ptr<Client> client;

    Fixture() {
        auto add = [&](const std::string& bytes, core::Time date, int zone, mail::Flags f) {
            return w.store.append(*w.alice, inbox, mail::Message::fromBytes(bytes, date, zone), std::move(f));
        };
        const std::uint32_t gone = add("Subject: gone\r\n\r\n", 1793000000, 0, {});
        w.store.expunge(*w.alice, inbox, gone);
        add(kPolish, 1793610000, 0, flags({mail::SystemFlag::Seen}));
        add(kInvoice, 1794312000, 0, flags({mail::SystemFlag::Flagged}, {"$Work"}));
        add(kLunch, 1795235400, -300, flags({mail::SystemFlag::Answered, mail::SystemFlag::Deleted}));
        {
            Client early(w);  // takes \Recent from the first three, then goes away
            early.select();
        }
        add(kWeekend, 1795766400, 0, {});
        client = std::make_unique<Client>(w);
        client->select();
    }

    /// The untagged SEARCH line of a SEARCH command, REQUIRing the tagged OK after it.
    std::string search(const std::string& keys) {
        const std::string r = client->send("t " + keys);
        const auto l = lines(r);
        REQUIRE_MESSAGE(l.size() == 2, r);
        REQUIRE_MESSAGE(l[1].starts_with("t OK "), r);
        return l[0];
    }
};

}  // namespace

TEST_SUITE("imap.server.search") {
    TEST_CASE("the fixture is what the other tests assume") {
        Fixture f;
        CHECK(f.client->send("a UID FETCH 1:* (FLAGS)") ==
              "* 1 FETCH (UID 2 FLAGS (\\Seen))\r\n* 2 FETCH (UID 3 FLAGS (\\Flagged $Work))\r\n"
              "* 3 FETCH (UID 4 FLAGS (\\Answered \\Deleted))\r\n* 4 FETCH (UID 5 FLAGS (\\Recent))\r\n"
              "a OK UID FETCH completed\r\n");
        CHECK(f.client->send("b SEARCH ALL") == "* SEARCH 1 2 3 4\r\nb OK SEARCH completed\r\n");
        CHECK(f.client->send("c UID SEARCH ALL") == "* SEARCH 2 3 4 5\r\nc OK UID SEARCH completed\r\n");
    }

    TEST_CASE("flag keys") {
        Fixture f;
        CHECK(f.search("SEARCH SEEN") == "* SEARCH 1");
        CHECK(f.search("SEARCH UNSEEN") == "* SEARCH 2 3 4");
        CHECK(f.search("SEARCH FLAGGED") == "* SEARCH 2");
        CHECK(f.search("SEARCH UNFLAGGED") == "* SEARCH 1 3 4");
        CHECK(f.search("SEARCH ANSWERED") == "* SEARCH 3");
        CHECK(f.search("SEARCH UNANSWERED") == "* SEARCH 1 2 4");
        CHECK(f.search("SEARCH DELETED") == "* SEARCH 3");
        CHECK(f.search("SEARCH UNDELETED") == "* SEARCH 1 2 4");
        CHECK(f.search("SEARCH DRAFT") == "* SEARCH");
        CHECK(f.search("SEARCH UNDRAFT") == "* SEARCH 1 2 3 4");
        CHECK(f.search("search seen") == "* SEARCH 1");
    }

    TEST_CASE("keyword keys compare case-insensitively") {
        Fixture f;
        CHECK(f.search("SEARCH KEYWORD $Work") == "* SEARCH 2");
        CHECK(f.search("SEARCH KEYWORD $WORK") == "* SEARCH 2");
        CHECK(f.search("SEARCH UNKEYWORD $Work") == "* SEARCH 1 3 4");
        CHECK(f.search("SEARCH KEYWORD Other") == "* SEARCH");
        CHECK(f.search("SEARCH UNKEYWORD Other") == "* SEARCH 1 2 3 4");
    }

    TEST_CASE("RECENT, NEW and OLD use this session's \\Recent") {
        Fixture f;
        CHECK(f.search("SEARCH RECENT") == "* SEARCH 4");
        CHECK(f.search("SEARCH NEW") == "* SEARCH 4");
        CHECK(f.search("SEARCH OLD") == "* SEARCH 1 2 3");
        REQUIRE(f.client->send("s STORE 4 +FLAGS.SILENT (\\Seen)") == "s OK STORE completed\r\n");
        CHECK(f.search("SEARCH RECENT") == "* SEARCH 4");
        CHECK(f.search("SEARCH NEW") == "* SEARCH");  // recent but seen now
    }

    TEST_CASE("internal date keys compare days in the message's own zone") {
        Fixture f;
        CHECK(f.search("SEARCH BEFORE 10-Nov-2026") == "* SEARCH 1");
        CHECK(f.search("SEARCH ON 10-Nov-2026") == "* SEARCH 2");
        CHECK(f.search("SEARCH SINCE 10-Nov-2026") == "* SEARCH 2 3 4");
        CHECK(f.search("SEARCH ON 2-Nov-2026") == "* SEARCH 1");
        CHECK(f.search("SEARCH BEFORE 2-Nov-2026") == "* SEARCH");
        // Message 3 arrived 21 Nov 04:30 UTC, which is 20 Nov 23:30 in its zone.
        CHECK(f.search("SEARCH ON 20-Nov-2026") == "* SEARCH 3");
        CHECK(f.search("SEARCH ON 21-Nov-2026") == "* SEARCH");
        CHECK(f.search("SEARCH SINCE 21-Nov-2026") == "* SEARCH 4");
        CHECK(f.search("SEARCH SINCE \"01-Jan-2000\"") == "* SEARCH 1 2 3 4");
    }

    TEST_CASE("sent date keys use the Date header") {
        Fixture f;
        CHECK(f.search("SEARCH SENTON 2-Nov-2026") == "* SEARCH 1");
        CHECK(f.search("SEARCH SENTBEFORE 20-Nov-2026") == "* SEARCH 1 2");
        CHECK(f.search("SEARCH SENTSINCE 20-Nov-2026") == "* SEARCH 3 4");
        CHECK(f.search("SEARCH SENTON 20-Nov-2026") == "* SEARCH 3");
        CHECK(f.search("SEARCH SENTON 21-Nov-2026") == "* SEARCH");
    }

    TEST_CASE("size keys are strict") {
        Fixture f;
        const std::string size = std::to_string(kInvoice.size());
        const std::string oneLess = std::to_string(kInvoice.size() - 1);
        CHECK(f.search("SEARCH LARGER 1000") == "* SEARCH 2");
        CHECK(f.search("SEARCH SMALLER 1000") == "* SEARCH 1 3 4");
        CHECK(f.search("SEARCH LARGER " + size) == "* SEARCH");
        CHECK(f.search("SEARCH LARGER " + oneLess) == "* SEARCH 2");
        CHECK(f.search("SEARCH SMALLER " + size) == "* SEARCH 1 3 4");
        CHECK(f.search("SEARCH SMALLER 0") == "* SEARCH");
    }

    TEST_CASE("address and subject keys search decoded header values") {
        Fixture f;
        CHECK(f.search("SEARCH FROM zofia") == "* SEARCH 1");
        CHECK(f.search("SEARCH FROM \"Zofia Nowak\"") == "* SEARCH 1");
        CHECK(f.search("SEARCH FROM BOB") == "* SEARCH 2 4");
        CHECK(f.search("SEARCH TO alice@example.com") == "* SEARCH 1 2 3 4");
        CHECK(f.search("SEARCH CC carol") == "* SEARCH 1");
        CHECK(f.search("SEARCH BCC dave") == "* SEARCH 2");
        CHECK(f.search("SEARCH SUBJECT invoice") == "* SEARCH 2");
        CHECK(f.search("SEARCH SUBJECT \"lunch?\"") == "* SEARCH 3");
        CHECK(f.search("SEARCH SUBJECT nothing-like-this") == "* SEARCH");
        CHECK(f.search("SEARCH SUBJECT \"\"") == "* SEARCH 1 2 3 4");  // every message has a Subject
    }

    TEST_CASE("address keys match the parsed addresses, not the raw header text") {
        Fixture f;
        // Comments and odd spacing are gone once the address is parsed (RFC 5322 3.4, 3.2.2).
        f.w.store.append(*f.w.alice, f.inbox,
                         mail::Message::fromBytes("From: <user-from (comment)@ (comment) domain.org>\r\n"
                                                  "To: \"john doe\"@example.com, root\r\n"
                                                  "Cc: first@example.org\r\nCc: Second <second@example.org>\r\n"
                                                  "Subject: odd\r\n\r\nx\r\n",
                                                  1795766400, 0),
                         {});
        REQUIRE(f.client->send("n NOOP") == "* 5 EXISTS\r\n* 2 RECENT\r\nn OK NOOP completed\r\n");
        CHECK(f.search("SEARCH FROM user-from@domain.org") == "* SEARCH 5");
        CHECK(f.search("SEARCH FROM comment") == "* SEARCH");  // comments are not part of an address
        CHECK(f.search("SEARCH TO \"john doe@example.com\"") == "* SEARCH 5");  // the local part unquoted
        CHECK(f.search("SEARCH TO root") == "* SEARCH 5");
        CHECK(f.search("SEARCH CC second@example.org") == "* SEARCH 5");  // both Cc fields count
        CHECK(f.search("SEARCH CC first@example.org") == "* SEARCH 5");
        CHECK(f.search("SEARCH FROM \"Bob <bob@example.com>\"") == "* SEARCH 2 4");
    }

    TEST_CASE("HEADER matches a field's value, or its presence for an empty string") {
        Fixture f;
        CHECK(f.search("SEARCH HEADER X-Priority 1") == "* SEARCH 3");
        CHECK(f.search("SEARCH HEADER x-priority \"\"") == "* SEARCH 3");
        CHECK(f.search("SEARCH HEADER Subject 42") == "* SEARCH 2");
        CHECK(f.search("SEARCH HEADER Received \"\"") == "* SEARCH");
        CHECK(f.search("SEARCH HEADER Cc \"\"") == "* SEARCH 1");
    }

    TEST_CASE("BODY searches the decoded body, TEXT the header too") {
        Fixture f;
        CHECK(f.search("SEARCH BODY invoice") == "* SEARCH 2");
        CHECK(f.search("SEARCH BODY noon") == "* SEARCH 3");
        CHECK(f.search("SEARCH BODY bob") == "* SEARCH");  // only in the headers
        CHECK(f.search("SEARCH TEXT bob") == "* SEARCH 2 4");
        CHECK(f.search("SEARCH TEXT carol") == "* SEARCH 1 3");
        CHECK(f.search("SEARCH TEXT saturday") == "* SEARCH 4");
        CHECK(f.search("SEARCH TEXT \"pay the\"") == "* SEARCH 2");
    }

    TEST_CASE("a Polish subject and body are found with UTF-8 literals") {
        Fixture f;
        const std::string word = "g\xc4\x99\xc5\x9bl\xc4\x85";                          // gęślą
        const std::string upper = "ZA\xc5\xbb\xc3\x93\xc5\x81\xc4\x86";                // ZAŻÓŁĆ
        const std::string friday = "pi\xc4\x85tek";                                    // piątek
        CHECK(f.client->send("a SEARCH CHARSET UTF-8 SUBJECT {" + std::to_string(word.size()) + "}") ==
              "+ Ready for literal data\r\n");
        CHECK(f.client->send(word) == "* SEARCH 1\r\na OK SEARCH completed\r\n");
        CHECK(f.client->send("b SEARCH CHARSET utf-8 SUBJECT {" + std::to_string(upper.size()) + "+}\r\n" + upper) ==
              "* SEARCH 1\r\nb OK SEARCH completed\r\n");
        CHECK(f.client->send("c SEARCH CHARSET UTF-8 BODY {" + std::to_string(friday.size()) + "+}\r\n" + friday) ==
              "* SEARCH 1\r\nc OK SEARCH completed\r\n");
        CHECK(f.client->send("d UID SEARCH CHARSET UTF-8 TEXT {" + std::to_string(friday.size()) + "+}\r\n" + friday) ==
              "* SEARCH 2\r\nd OK UID SEARCH completed\r\n");
        // ASCII text of the encoded word is not what is searched: the decoded text is.
        CHECK(f.search("SEARCH SUBJECT Za=C5") == "* SEARCH");
    }

    TEST_CASE("CHARSET: US-ASCII and UTF-8 are accepted, anything else is BADCHARSET") {
        Fixture f;
        CHECK(f.search("SEARCH CHARSET UTF-8 SEEN") == "* SEARCH 1");
        CHECK(f.search("SEARCH CHARSET us-ascii SEEN") == "* SEARCH 1");
        CHECK(f.search("SEARCH CHARSET \"utf-8\" SEEN") == "* SEARCH 1");
        CHECK(f.client->send("a SEARCH CHARSET ISO-8859-2 SEEN") ==
              "a NO [BADCHARSET (US-ASCII UTF-8)] Unsupported charset ISO-8859-2\r\n");
        CHECK(f.client->send("b UID SEARCH CHARSET KOI8-R ALL").starts_with("b NO [BADCHARSET (US-ASCII UTF-8)] "));
        CHECK(f.search("SEARCH SEEN") == "* SEARCH 1");  // the session goes on
    }

    TEST_CASE("sequence sets as keys") {
        Fixture f;
        CHECK(f.search("SEARCH 2:3") == "* SEARCH 2 3");
        CHECK(f.search("SEARCH 2,4") == "* SEARCH 2 4");
        CHECK(f.search("SEARCH 3:*") == "* SEARCH 3 4");
        CHECK(f.search("SEARCH *:3") == "* SEARCH 3 4");
        CHECK(f.search("SEARCH *") == "* SEARCH 4");
        CHECK(f.search("SEARCH 10") == "* SEARCH");  // beyond the mailbox: matches nothing
        CHECK(f.search("SEARCH 1:2 UNSEEN") == "* SEARCH 2");
        CHECK(f.search("UID SEARCH 1:2") == "* SEARCH 2 3");  // sequence numbers in, UIDs out
    }

    TEST_CASE("UID sets as keys") {
        Fixture f;
        CHECK(f.search("SEARCH UID 3:4") == "* SEARCH 2 3");
        CHECK(f.search("SEARCH UID 1:2") == "* SEARCH 1");
        CHECK(f.search("SEARCH UID *") == "* SEARCH 4");
        CHECK(f.search("SEARCH UID 100:*") == "* SEARCH 4");  // "*" is the largest UID, 5
        CHECK(f.search("SEARCH UID 1") == "* SEARCH");
        CHECK(f.search("UID SEARCH UID 4:*") == "* SEARCH 4 5");
        CHECK(f.search("UID SEARCH UNSEEN") == "* SEARCH 3 4 5");
    }

    TEST_CASE("NOT, OR, groups and implicit AND") {
        Fixture f;
        CHECK(f.search("SEARCH NOT SEEN") == "* SEARCH 2 3 4");
        CHECK(f.search("SEARCH NOT NOT SEEN") == "* SEARCH 1");
        CHECK(f.search("SEARCH OR FLAGGED ANSWERED") == "* SEARCH 2 3");
        CHECK(f.search("SEARCH OR OR SEEN FLAGGED RECENT") == "* SEARCH 1 2 4");
        CHECK(f.search("SEARCH (FLAGGED KEYWORD $Work)") == "* SEARCH 2");
        CHECK(f.search("SEARCH OR (SEEN FROM zofia) DELETED") == "* SEARCH 1 3");
        CHECK(f.search("SEARCH NOT (OR SEEN FLAGGED)") == "* SEARCH 3 4");
        CHECK(f.search("SEARCH UNSEEN SINCE 15-Nov-2026") == "* SEARCH 3 4");
        CHECK(f.search("SEARCH UNDELETED (OR FROM bob CC carol)") == "* SEARCH 1 2 4");
        CHECK(f.search("SEARCH NOT 2:3") == "* SEARCH 1 4");
        CHECK(f.search("SEARCH OR BODY noon TEXT saturday") == "* SEARCH 3 4");
        CHECK(f.search("SEARCH SEEN UNSEEN") == "* SEARCH");
        CHECK(f.search("SEARCH ((((SEEN))))") == "* SEARCH 1");
    }

    TEST_CASE("malformed SEARCH commands get BAD") {
        Fixture f;
        CHECK(f.client->send("a SEARCH").starts_with("a BAD"));
        CHECK(f.client->send("b SEARCH FOO").starts_with("b BAD"));
        CHECK(f.client->send("c SEARCH BEFORE 31-Foo-2026").starts_with("c BAD"));
        CHECK(f.client->send("d SEARCH OR SEEN").starts_with("d BAD"));
        CHECK(f.client->send("e SEARCH NOT").starts_with("e BAD"));
        CHECK(f.client->send("f SEARCH LARGER many").starts_with("f BAD"));
        CHECK(f.client->send("g SEARCH 0").starts_with("g BAD"));
        CHECK(f.client->send("h SEARCH ()").starts_with("h BAD"));
        CHECK(f.client->send("i SEARCH HEADER Subject").starts_with("i BAD"));
        CHECK(f.search("SEARCH ALL") == "* SEARCH 1 2 3 4");
    }

    TEST_CASE("SEARCH in an empty mailbox") {
        World w(0);
        Client c(w);
        c.select();
        CHECK(c.send("a SEARCH ALL") == "* SEARCH\r\na OK SEARCH completed\r\n");
        CHECK(c.send("b SEARCH 1:*") == "* SEARCH\r\nb OK SEARCH completed\r\n");
        CHECK(c.send("c UID SEARCH UID 1:*") == "* SEARCH\r\nc OK UID SEARCH completed\r\n");
    }

    TEST_CASE("SEARCH after another session deleted the selected mailbox gets BYE") {
        World w(0);
        REQUIRE(w.store.createMailbox(*w.alice, "Work") == mail::MailboxError::None);
        w.store.append(*w.alice, *w.alice->findMailbox("Work"), mail::Message::fromBytes(kLunch, 1795235400),
                       flags({mail::SystemFlag::Seen}));
        Client c(w);
        c.select("Work");
        REQUIRE(w.store.deleteMailbox(*w.alice, "Work") == mail::MailboxError::None);
        CHECK(c.send("a SEARCH SEEN SUBJECT lunch") == "* BYE Selected mailbox was deleted, have to disconnect\r\n");
        CHECK(c.last.close);
    }

    TEST_CASE("flags changed by another session are searched as they are now") {
        Fixture f;
        Client other(f.w);
        other.select();
        REQUIRE(other.send("s STORE 1 +FLAGS.SILENT (\\Flagged)") == "s OK STORE completed\r\n");
        // The client hears of the change before the result that reflects it.
        CHECK(f.client->send("a SEARCH FLAGGED") ==
              "* 1 FETCH (FLAGS (\\Seen \\Flagged))\r\n* SEARCH 1 2\r\na OK SEARCH completed\r\n");
    }

    TEST_CASE("messages another session expunged are left out, without EXPUNGE during SEARCH") {
        Fixture f;
        Client other(f.w);
        other.select();
        REQUIRE(other.send("x EXPUNGE") == "* 3 EXPUNGE\r\nx OK EXPUNGE completed\r\n");  // message 3 was \Deleted
        // The client still numbers messages as before: message 4 keeps its number.
        CHECK(f.client->send("a SEARCH ALL") == "* SEARCH 1 2 4\r\na OK SEARCH completed\r\n");
        CHECK(f.client->send("b SEARCH DELETED") == "* SEARCH\r\nb OK SEARCH completed\r\n");
        // UID SEARCH may carry the EXPUNGE (RFC 3501 7.4.1), after its result.
        CHECK(f.client->send("c UID SEARCH ALL") == "* SEARCH 2 3 5\r\n* 3 EXPUNGE\r\nc OK UID SEARCH completed\r\n");
        CHECK(f.client->send("d SEARCH ALL") == "* SEARCH 1 2 3\r\nd OK SEARCH completed\r\n");
        CHECK(f.client->send("e SEARCH NOOP") .starts_with("e BAD"));
        CHECK(f.client->send("f NOOP") == "f OK NOOP completed\r\n");
    }

    TEST_CASE("new mail is announced before a SEARCH result names it") {
        Fixture f;
        const std::uint32_t uid = f.w.deliver("Fresh news");
        CHECK(uid == 6);
        CHECK(f.client->send("a SEARCH SUBJECT fresh") == "* 5 EXISTS\r\n* 2 RECENT\r\n* SEARCH 5\r\na OK SEARCH completed\r\n");
        CHECK(f.search("UID SEARCH RECENT") == "* SEARCH 5 6");
    }
}
