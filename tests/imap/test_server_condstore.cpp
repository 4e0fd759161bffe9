// CONDSTORE (RFC 7162 3.1): mod-sequences per message and mailbox, SELECT (CONDSTORE)
// and HIGHESTMODSEQ, FETCH MODSEQ and CHANGEDSINCE, STORE UNCHANGEDSINCE and MODIFIED,
// SEARCH MODSEQ, STATUS HIGHESTMODSEQ, ENABLE, and MODSEQ in other sessions' updates.
// Expected bytes follow the RFC's grammar (section 7) and examples.
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
        CHECK(c.send("a STORE 2 +FLAGS (\\Seen)") == "* 2 FETCH (FLAGS (\\Seen \\Recent) MODSEQ (5))\r\na OK STORE completed\r\n");
        CHECK(c.send("b UID STORE 3 +FLAGS.SILENT (\\Flagged)") == "* 3 FETCH (UID 3 MODSEQ (6))\r\nb OK UID STORE completed\r\n");
        CHECK(c.send("c STORE 3 +FLAGS.SILENT (\\Flagged)") == "c OK STORE completed\r\n");  // nothing changed
        CHECK(w.alice->inbox().highestModseq() == 6);
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
              "* 1 FETCH (MODSEQ (6))\r\n* 3 FETCH (MODSEQ (7))\r\n* 2 FETCH (FLAGS (\\Flagged \\Recent) MODSEQ (5))\r\n"
              "c OK [MODIFIED 2] Conditional STORE failed\r\n");
        CHECK_FALSE(w.alice->inbox().findUid(2)->flags.has(mail::SystemFlag::Deleted));
        CHECK(a.send("d UID STORE 1:3 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Seen)") ==
              "d OK [MODIFIED 1:3] Conditional STORE failed\r\n");
        // The other session hears of the changes with their MODSEQ.
        CHECK(b.send("n NOOP") ==
              "* 1 FETCH (FLAGS (\\Deleted) MODSEQ (6))\r\n* 3 FETCH (FLAGS (\\Deleted) MODSEQ (7))\r\nn OK NOOP completed\r\n");
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
