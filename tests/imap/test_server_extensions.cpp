// The extensions behind ServerConfig switches, each advertised only when on: CONDSTORE
// and QRESYNC (RFC 7162), ESEARCH (RFC 4731), LIST-EXTENDED and LIST-STATUS (RFC 5258,
// 5819), MULTIAPPEND (RFC 3502). Expected bytes follow each RFC's grammar and examples.
#include <doctest/doctest.h>

#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

ServerConfig withCondstore() {
    ServerConfig config;
    config.condstore = true;
    return config;
}

}  // namespace

// The fixture's INBOX: UIDs 1-3 appended as mod-sequences 2-4; HIGHESTMODSEQ 4.
// After CONDSTORE is enabled every untagged FETCH carries UID and MODSEQ (RFC 7162 3.1.4:
// "MUST automatically include both UID and mod-sequence data"; the section 3.1.3 examples
// predate that rule).
TEST_SUITE("imap.server.condstore") {
    TEST_CASE("CONDSTORE is advertised only when configured") {
        World w(1);
        Client plain(w), cond(w, withCondstore());
        CHECK(plain.greeting.find("CONDSTORE") == std::string::npos);
        CHECK(cond.greeting.find(" CONDSTORE]") != std::string::npos);
        plain.select();
        CHECK(plain.send("a FETCH 1 (MODSEQ)").starts_with("a BAD"));
        CHECK(plain.send("b SELECT INBOX (CONDSTORE)").starts_with("b BAD"));
        CHECK(plain.send("c ENABLE CONDSTORE") == "* ENABLED\r\nc OK ENABLE completed\r\n");
    }

    TEST_CASE("SELECT (CONDSTORE) reports HIGHESTMODSEQ and FETCH MODSEQ the message's") {
        World w(3);
        Client c(w, withCondstore());
        c.login();
        const std::string r = c.send("s SELECT INBOX (CONDSTORE)");
        CHECK(hasLine(r, "* OK [HIGHESTMODSEQ 4] Highest"));
        CHECK(r.ends_with("s OK [READ-WRITE] SELECT completed\r\n"));
        CHECK(c.send("f FETCH 1:3 (MODSEQ)") ==
              "* 1 FETCH (MODSEQ (2))\r\n* 2 FETCH (MODSEQ (3))\r\n* 3 FETCH (MODSEQ (4))\r\nf OK FETCH completed\r\n");
        CHECK(c.send("g STATUS Sent (HIGHESTMODSEQ MESSAGES)") ==
              "* STATUS \"Sent\" (HIGHESTMODSEQ 1 MESSAGES 0)\r\ng OK STATUS completed\r\n");
    }

    TEST_CASE("a STORE takes the next mod-sequence and reports it, even with .SILENT") {
        World w(3);
        Client c(w, withCondstore());
        c.login();
        REQUIRE(c.send("s SELECT INBOX (CONDSTORE)").find("s OK") != std::string::npos);
        CHECK(c.send("a STORE 2 +FLAGS (\\Seen)") == "* 2 FETCH (FLAGS (\\Seen \\Recent) UID 2 MODSEQ (5))\r\na OK STORE completed\r\n");
        CHECK(c.send("b UID STORE 3 +FLAGS.SILENT (\\Flagged)") == "* 3 FETCH (UID 3 MODSEQ (6))\r\nb OK UID STORE completed\r\n");
        CHECK(c.send("c STORE 3 +FLAGS.SILENT (\\Flagged)") == "c OK STORE completed\r\n");  // nothing changed
        CHECK(w.alice->inbox().highestModseq() == 6);
        // A FETCH that sets \Seen as a side effect reports the change with UID and MODSEQ too;
        // one that changes nothing adds neither (RFC 7162 3.1.4).
        CHECK(c.send("d FETCH 1 (BODY[HEADER.FIELDS (X-NONE)])") ==
              "* 1 FETCH (BODY[HEADER.FIELDS (X-NONE)] {2}\r\n\r\n FLAGS (\\Seen \\Recent) UID 1 MODSEQ (7))\r\n"
              "d OK FETCH completed\r\n");
        CHECK(c.send("e FETCH 1 (FLAGS)") == "* 1 FETCH (FLAGS (\\Seen \\Recent))\r\ne OK FETCH completed\r\n");
    }

    TEST_CASE("FETCH (CHANGEDSINCE n) returns what changed after n, with MODSEQ") {
        World w(3);
        Client c(w, withCondstore());
        c.select();
        c.send("a STORE 1 +FLAGS.SILENT (\\Answered)");  // modseq 5
        // CHANGEDSINCE enables CONDSTORE while selected: told HIGHESTMODSEQ first (RFC 7162 3.1).
        CHECK(c.send("b FETCH 1:* (FLAGS) (CHANGEDSINCE 3)") ==
              "* OK [HIGHESTMODSEQ 5] Highest\r\n* 1 FETCH (FLAGS (\\Answered \\Recent) MODSEQ (5))\r\n* 3 FETCH (FLAGS (\\Recent) MODSEQ (4))\r\n"
              "b OK FETCH completed\r\n");
        CHECK(c.send("c UID FETCH 1:* (UID) (CHANGEDSINCE 5)") == "c OK UID FETCH completed\r\n");
        CHECK(c.send("d FETCH 1 FLAGS (CHANGEDSINCE 0)").starts_with("d BAD"));
        CHECK(c.send("e FETCH 1 FLAGS (CHANGEDSINCE 5 CHANGEDSINCE 6)").starts_with("e BAD"));
    }

    TEST_CASE("the first enabling command in the selected state is told HIGHESTMODSEQ") {
        World w(2);
        Client c(w, withCondstore());
        c.select();
        CHECK(c.send("a FETCH 2 (MODSEQ)") == "* OK [HIGHESTMODSEQ 3] Highest\r\n* 2 FETCH (MODSEQ (3))\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 2 (MODSEQ)") == "* 2 FETCH (MODSEQ (3))\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c ENABLE CONDSTORE") == "* ENABLED\r\nc OK ENABLE completed\r\n");  // already on
    }

    TEST_CASE("ENABLE CONDSTORE, then SELECT reports HIGHESTMODSEQ") {
        World w(1);
        Client c(w, withCondstore());
        c.login();
        CHECK(c.send("e ENABLE CONDSTORE") == "* ENABLED CONDSTORE\r\ne OK ENABLE completed\r\n");
        CHECK(hasLine(c.send("s EXAMINE INBOX"), "* OK [HIGHESTMODSEQ 2] Highest"));
    }

    TEST_CASE("STORE (UNCHANGEDSINCE n) leaves messages changed since then and names them in MODIFIED") {
        World w(3);
        Client a(w, withCondstore()), b(w, withCondstore());
        a.login();
        b.login();
        REQUIRE(a.send("s SELECT INBOX (CONDSTORE)").find("s OK") != std::string::npos);
        REQUIRE(b.send("s SELECT INBOX (CONDSTORE)").find("s OK") != std::string::npos);
        b.send("x STORE 2 +FLAGS.SILENT (\\Flagged)");  // message 2 is now at modseq 5
        // RFC 7162 3.1.3: 1 and 3 (modseq 2 and 4 <= 4) change; 2 (5 > 4) does not.
        CHECK(a.send("c STORE 1:3 (UNCHANGEDSINCE 4) +FLAGS.SILENT (\\Deleted)") ==
              "* 1 FETCH (UID 1 MODSEQ (6))\r\n* 3 FETCH (UID 3 MODSEQ (7))\r\n* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent) MODSEQ (5))\r\n"
              "c OK [MODIFIED 2] Conditional STORE failed\r\n");
        CHECK_FALSE(w.alice->inbox().findUid(2)->flags.has(mail::SystemFlag::Deleted));
        CHECK(a.send("d UID STORE 1:3 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Seen)") ==
              "d OK [MODIFIED 1:3] Conditional STORE failed\r\n");
        // The other session hears of the changes with their MODSEQ.
        CHECK(b.send("n NOOP") ==
              "* 1 FETCH (UID 1 FLAGS (\\Deleted) MODSEQ (6))\r\n* 3 FETCH (UID 3 FLAGS (\\Deleted) MODSEQ (7))\r\nn OK NOOP completed\r\n");
    }

    TEST_CASE("SEARCH MODSEQ finds messages changed since n and ends with the highest") {
        World w(3);
        Client c(w, withCondstore());
        c.select();
        c.send("a STORE 2 +FLAGS.SILENT (\\Seen)");  // 5
        CHECK(c.send("b SEARCH MODSEQ 4") == "* OK [HIGHESTMODSEQ 5] Highest\r\n* SEARCH 2 3 (MODSEQ 5)\r\nb OK SEARCH completed\r\n");
        CHECK(c.send("c UID SEARCH MODSEQ \"/flags/\\\\draft\" all 5") == "* SEARCH 2 (MODSEQ 5)\r\nc OK UID SEARCH completed\r\n");
        CHECK(c.send("d SEARCH MODSEQ 6") == "* SEARCH\r\nd OK SEARCH completed\r\n");
        CHECK(c.send("e SEARCH MODSEQ \"/flags/x\" other 6").starts_with("e BAD"));
    }
}

namespace {

ServerConfig withQresync() {
    ServerConfig config;
    config.condstore = true;
    config.qresync = true;
    return config;
}

/// A device that was in INBOX at HIGHESTMODSEQ 6 (UIDs 1-5) went away; meanwhile another
/// one set \Seen on UID 2 (7), deleted and expunged UID 4 (8, 9), and UID 6 arrived (10)
/// while it was still selected there (so \Recent went to it).
struct Away {
    World w{5};
    Away() {
        Client other(w, withQresync());
        other.select();
        REQUIRE(other.send("a STORE 2 +FLAGS.SILENT (\\Seen)") == "a OK STORE completed\r\n");
        REQUIRE(other.send("b STORE 4 +FLAGS.SILENT (\\Deleted)") == "b OK STORE completed\r\n");
        REQUIRE(other.send("c EXPUNGE") == "* 4 EXPUNGE\r\nc OK EXPUNGE completed\r\n");
        w.deliver("while away");
        REQUIRE(w.alice->inbox().highestModseq() == 10);
        REQUIRE(w.alice->inbox().uidValidity() == 1);
    }
};

}  // namespace

TEST_SUITE("imap.server.qresync") {
    TEST_CASE("QRESYNC is advertised with CONDSTORE and ENABLE turns it on") {
        World w(1);
        Client both(w, withQresync()), cond(w, withCondstore());
        CHECK(both.greeting.find(" CONDSTORE QRESYNC]") != std::string::npos);
        CHECK(cond.greeting.find("QRESYNC") == std::string::npos);
        both.login();
        CHECK(both.send("a SELECT INBOX (QRESYNC (1 1))").starts_with("a BAD"));  // not enabled yet
        CHECK(both.send("b ENABLE QRESYNC") == "* ENABLED QRESYNC\r\nb OK ENABLE completed\r\n");
        cond.login();
        CHECK(cond.send("c ENABLE QRESYNC") == "* ENABLED\r\nc OK ENABLE completed\r\n");
    }

    TEST_CASE("SELECT (QRESYNC ...) after being away: VANISHED (EARLIER), then the changed flags") {
        // RFC 7162 3.2.5: the known UIDs limit what is reported; UID 6 is new (EXISTS).
        Away away;
        Client c(away.w, withQresync());
        c.login();
        REQUIRE(c.send("e ENABLE QRESYNC") == "* ENABLED QRESYNC\r\ne OK ENABLE completed\r\n");
        const std::string r = c.send("s SELECT INBOX (QRESYNC (1 6 1:5))");
        CHECK(hasLine(r, "* 5 EXISTS"));
        CHECK(r.ends_with("* OK [HIGHESTMODSEQ 10] Highest\r\n* VANISHED (EARLIER) 4\r\n"
                          "* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (7))\r\ns OK [READ-WRITE] SELECT completed\r\n"));
        SUBCASE("without known UIDs every change is reported, the new message too") {
            const std::string all = c.send("t EXAMINE INBOX (QRESYNC (1 6))");
            CHECK(all.starts_with("* OK [CLOSED] Previous mailbox closed\r\n"));
            CHECK(all.ends_with("* OK [HIGHESTMODSEQ 10] Highest\r\n* VANISHED (EARLIER) 4\r\n"
                                "* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (7))\r\n* 5 FETCH (UID 6 FLAGS () MODSEQ (10))\r\n"
                                "t OK [READ-ONLY] EXAMINE completed\r\n"));
        }
        SUBCASE("another UIDVALIDITY: nothing to resynchronize") {
            const std::string other = c.send("t SELECT INBOX (QRESYNC (99 6))");
            CHECK(other.find("VANISHED") == std::string::npos);
            CHECK(other.find("FETCH") == std::string::npos);
        }
        SUBCASE("malformed parameters are BAD") {
            CHECK(c.send("t SELECT INBOX (QRESYNC (1))").starts_with("t BAD"));
            CHECK(c.send("u SELECT INBOX (QRESYNC (1 0))").starts_with("u BAD"));
            CHECK(c.send("v SELECT INBOX (QRESYNC (1 6 1:5 (1:3)))").starts_with("v BAD"));
            CHECK(c.send("w SELECT INBOX (QRESYNC (1 6 1:5 (1:3 1:3)))").find("w OK") != std::string::npos);
        }
    }

    TEST_CASE("UID FETCH (CHANGEDSINCE n VANISHED) reports what went and what changed") {
        Away away;
        Client c(away.w, withQresync());
        c.login();
        c.send("e ENABLE QRESYNC");
        REQUIRE(c.send("s SELECT INBOX").find("s OK") != std::string::npos);
        CHECK(c.send("f UID FETCH 1:* (FLAGS) (CHANGEDSINCE 6 VANISHED)") ==
              "* VANISHED (EARLIER) 4\r\n* 2 FETCH (UID 2 FLAGS (\\Seen) MODSEQ (7))\r\n"
              "* 5 FETCH (UID 6 FLAGS () MODSEQ (10))\r\nf OK UID FETCH completed\r\n");
        CHECK(c.send("g UID FETCH 5:* (FLAGS) (CHANGEDSINCE 6 VANISHED)") ==
              "* 5 FETCH (UID 6 FLAGS () MODSEQ (10))\r\ng OK UID FETCH completed\r\n");
        CHECK(c.send("h FETCH 1:* (FLAGS) (CHANGEDSINCE 6 VANISHED)").starts_with("h BAD"));  // UID FETCH only
    }

    TEST_CASE("with QRESYNC on, expunges arrive as VANISHED") {
        World w(4);
        Client a(w, withQresync()), b(w, withQresync());
        a.login();
        a.send("e ENABLE QRESYNC");
        REQUIRE(a.send("s SELECT INBOX").find("s OK") != std::string::npos);
        b.select();
        b.send("1 STORE 2,4 +FLAGS.SILENT (\\Deleted)");
        b.send("2 EXPUNGE");
        // The flag changes of messages that are gone are not reported on their own.
        CHECK(a.send("n NOOP") == "* VANISHED 2,4\r\nn OK NOOP completed\r\n");
        CHECK(a.send("3 STORE 1 +FLAGS.SILENT (\\Deleted)") == "* 1 FETCH (UID 1 MODSEQ (10))\r\n3 OK STORE completed\r\n");
        CHECK(a.send("4 EXPUNGE") == "* VANISHED 1\r\n4 OK EXPUNGE completed\r\n");
    }
}

TEST_SUITE("imap.server.esearch") {
    // RFC 4731 3.1 and its examples; with CONDSTORE, RFC 7162 3.1.5.
    TEST_CASE("SEARCH RETURN answers with one ESEARCH line") {
        World w(5);
        ServerConfig config;
        config.esearch = true;
        config.condstore = true;
        Client c(w, config);
        CHECK(c.greeting.find(" ESEARCH]") != std::string::npos);
        c.select();
        c.send("a STORE 2,4:5 +FLAGS.SILENT (\\Seen)");
        CHECK(c.send("A282 SEARCH RETURN (MIN COUNT) SEEN") ==
              "* ESEARCH (TAG \"A282\") MIN 2 COUNT 3\r\nA282 OK SEARCH completed\r\n");
        CHECK(c.send("A283 SEARCH RETURN () SEEN") == "* ESEARCH (TAG \"A283\") ALL 2,4:5\r\nA283 OK SEARCH completed\r\n");
        CHECK(c.send("A284 UID SEARCH RETURN (MAX MIN ALL COUNT) UNSEEN") ==
              "* ESEARCH (TAG \"A284\") UID MIN 1 MAX 3 ALL 1,3 COUNT 2\r\nA284 OK UID SEARCH completed\r\n");
        CHECK(c.send("A285 SEARCH RETURN (MIN MAX ALL) DRAFT") == "* ESEARCH (TAG \"A285\")\r\nA285 OK SEARCH completed\r\n");
        CHECK(c.send("A286 SEARCH RETURN (COUNT) DRAFT") == "* ESEARCH (TAG \"A286\") COUNT 0\r\nA286 OK SEARCH completed\r\n");
        CHECK(c.send("A287 SEARCH RETURN (ALL) MODSEQ 8") ==
              "* OK [HIGHESTMODSEQ 9] Highest\r\n* ESEARCH (TAG \"A287\") ALL 4:5 MODSEQ 9\r\nA287 OK SEARCH completed\r\n");
        CHECK(c.send("A288 SEARCH SEEN") == "* SEARCH 2 4 5\r\nA288 OK SEARCH completed\r\n");  // no RETURN: SEARCH
    }

    TEST_CASE("with MIN, MAX or PARTIAL alone, the ESEARCH MODSEQ is that of the messages they name") {
        // RFC 4731 3.2: a single MIN or MAX reports the mod-sequence of the message found;
        // MIN and MAX together the higher of the two; with ALL or COUNT, the highest of all.
        World w(5);  // appended as mod-sequences 2-6
        ServerConfig config;
        config.esearch = true;
        config.condstore = true;
        config.context = true;
        Client c(w, config);
        c.login();
        c.send("a ENABLE CONDSTORE");
        c.send("b SELECT INBOX");
        // Changed in the order 1, 3, 2: mod-sequences 7, 8, 9.
        c.send("c STORE 1 +FLAGS.SILENT (\\Seen)");
        c.send("d STORE 3 +FLAGS.SILENT (\\Seen)");
        c.send("e STORE 2 +FLAGS.SILENT (\\Seen)");
        CHECK(c.send("f SEARCH RETURN (MIN) 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"f\") MIN 1 MODSEQ 7\r\nf OK SEARCH completed\r\n");
        CHECK(c.send("g SEARCH RETURN (MAX) 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"g\") MAX 3 MODSEQ 8\r\ng OK SEARCH completed\r\n");
        CHECK(c.send("h SEARCH RETURN (MIN MAX) 1,3 MODSEQ 7") ==
              "* ESEARCH (TAG \"h\") MIN 1 MAX 3 MODSEQ 8\r\nh OK SEARCH completed\r\n");
        CHECK(c.send("i UID SEARCH RETURN (MIN COUNT) 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"i\") UID MIN 1 COUNT 3 MODSEQ 9\r\ni OK UID SEARCH completed\r\n");
        CHECK(c.send("j SEARCH RETURN () 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"j\") ALL 1:3 MODSEQ 9\r\nj OK SEARCH completed\r\n");
        // PARTIAL (RFC 5267 4.4) returns the messages of its slice: their highest.
        CHECK(c.send("k SEARCH RETURN (PARTIAL 1:1) 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"k\") PARTIAL (1:1 1) MODSEQ 7\r\nk OK SEARCH completed\r\n");
        CHECK(c.send("l SEARCH RETURN (PARTIAL 2:3) 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"l\") PARTIAL (2:3 2:3) MODSEQ 9\r\nl OK SEARCH completed\r\n");
        CHECK(c.send("m SEARCH RETURN (MIN PARTIAL 3:3) 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"m\") MIN 1 PARTIAL (3:3 3) MODSEQ 8\r\nm OK SEARCH completed\r\n");
        CHECK(c.send("n SEARCH RETURN (PARTIAL 5:9) 1:3 MODSEQ 7") ==
              "* ESEARCH (TAG \"n\") PARTIAL (5:9 NIL)\r\nn OK SEARCH completed\r\n");
    }

    TEST_CASE("without ESEARCH, SEARCH RETURN is BAD and nothing is advertised") {
        World w(1);
        Client c(w);
        CHECK(c.greeting.find("ESEARCH") == std::string::npos);
        c.select();
        CHECK(c.send("a SEARCH RETURN (COUNT) ALL").starts_with("a BAD"));
    }
}

TEST_SUITE("imap.server.list_status") {
    // RFC 5258 3 (several patterns) and RFC 5819 (LIST ... RETURN (STATUS (...))).
    TEST_CASE("LIST with several patterns and RETURN (STATUS ...)") {
        World w(3);
        ServerConfig config;
        config.listExtended = true;
        Client c(w, config);
        CHECK(c.greeting.find(" LIST-EXTENDED LIST-STATUS]") != std::string::npos);
        c.login();
        CHECK(c.send("a CREATE Work/Old") == "a OK CREATE completed\r\n");
        CHECK(c.send("b LIST \"\" (INBOX \"Work/%\" Sent) RETURN (STATUS (MESSAGES UNSEEN))") ==
              "* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n* STATUS \"INBOX\" (MESSAGES 3 UNSEEN 3)\r\n"
              "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"\r\n* STATUS \"Sent\" (MESSAGES 0 UNSEEN 0)\r\n"
              "* LIST (\\HasNoChildren) \"/\" \"Work/Old\"\r\n* STATUS \"Work/Old\" (MESSAGES 0 UNSEEN 0)\r\n"
              "b OK LIST completed\r\n");
        CHECK(c.send("c LIST \"\" (Work) RETURN (CHILDREN STATUS (UIDNEXT))") ==
              "* LIST (\\HasChildren) \"/\" \"Work\"\r\n* STATUS \"Work\" (UIDNEXT 1)\r\nc OK LIST completed\r\n");
        CHECK(c.send("d LIST \"\" % RETURN (STATUS)").starts_with("d BAD"));
        CHECK(c.send("e LIST \"\" % RETURN (STATUS (BOGUS))").starts_with("e BAD"));
        CHECK(c.send("f LIST \"\" ()").starts_with("f BAD"));
    }

    TEST_CASE("without LIST-EXTENDED, several patterns and RETURN (STATUS) are BAD") {
        World w(1);
        Client c(w);
        CHECK(c.greeting.find("LIST-STATUS") == std::string::npos);
        c.login();
        CHECK(c.send("a LIST \"\" (INBOX Sent)").starts_with("a BAD"));
        CHECK(c.send("b LIST \"\" INBOX RETURN (STATUS (MESSAGES))").starts_with("b BAD"));
    }
}

TEST_SUITE("imap.server.multiappend") {
    // RFC 3502 3 and its example: several messages in one APPEND, all or none.
    TEST_CASE("APPEND of several messages appends all of them, or none") {
        World w(1);
        ServerConfig config;
        config.multiappend = true;
        Client c(w, config);
        CHECK(c.greeting.find(" MULTIAPPEND]") != std::string::npos);
        c.login();
        CHECK(c.send("A003 APPEND Drafts (\\Seen) {11+}\r\nSubject: \r\n (\\Flagged) \" 7-Feb-1994 22:43:04 -0800\" {5+}\r\nx\r\n\r\n") ==
              "A003 OK [APPENDUID 3 1:2] APPEND completed\r\n");
        const mail::Mailbox& drafts = *w.alice->findMailbox("Drafts");
        REQUIRE(drafts.size() == 2);
        CHECK(drafts.items()[0].flags.toString() == "\\Seen");
        CHECK(drafts.items()[1].flags.toString() == "\\Flagged");
        CHECK(drafts.items()[1].message->bytes() == "x\r\n\r\n");
        // An empty second message: NO, and the first is not appended either.
        CHECK(c.send("A004 APPEND Drafts {11+}\r\nSubject: \r\n {0+}\r\n").starts_with("A004 NO"));
        CHECK(drafts.size() == 2);
        CHECK(c.send("A005 APPEND Drafts {11+}\r\nSubject: \r\n (\\Bogus) {1+}\r\nx").starts_with("A005 BAD"));
        CHECK(drafts.size() == 2);
    }

    TEST_CASE("without MULTIAPPEND, a second message is BAD") {
        World w(1);
        Client c(w);
        CHECK(c.greeting.find("MULTIAPPEND") == std::string::npos);
        c.login();
        CHECK(c.send("a APPEND INBOX {1+}\r\nx {1+}\r\ny").starts_with("a BAD"));
        CHECK(w.alice->inbox().size() == 1);
    }
}
