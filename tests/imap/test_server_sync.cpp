// Many sessions on one account (RFC 3501 5.2, 7.4.1; RFC 2177): what one session changes
// reaches the others as untagged EXISTS / RECENT / FETCH FLAGS / EXPUNGE, at the right
// moments and never while sequence numbers are in use. The heart of "IMAP keeps
// devices in sync".
#include <doctest/doctest.h>

#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

TEST_SUITE("imap.server.sync") {
    TEST_CASE("a flag set in one session appears in the others at NOOP") {
        World w(3);
        Client phone(w), laptop(w), tablet(w);
        phone.select();
        laptop.select();
        tablet.select();
        phone.send("a STORE 2 +FLAGS (\\Seen)");
        CHECK(laptop.send("b NOOP") == "* 2 FETCH (FLAGS (\\Seen))\r\nb OK NOOP completed\r\n");
        CHECK(tablet.send("c NOOP") == "* 2 FETCH (FLAGS (\\Seen))\r\nc OK NOOP completed\r\n");
        CHECK(laptop.send("d NOOP") == "d OK NOOP completed\r\n");  // told once
    }

    TEST_CASE("a new keyword is announced in FLAGS to every session before a FETCH shows it") {
        // RFC 3501 7.2.6 FLAGS, 7.1 PERMANENTFLAGS.
        World w(2);
        Client a(w), b(w), c(w);
        a.select();
        b.select();
        c.login();
        const std::string flagsLine = "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)\r\n";
        const std::string permanent =
            "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work \\*)] Flags permitted.\r\n";
        CHECK(a.send("1 STORE 1 +FLAGS ($Work)") ==
              flagsLine + permanent + "* 1 FETCH (FLAGS ($Work \\Recent))\r\n1 OK STORE completed\r\n");
        CHECK(b.send("2 NOOP") == flagsLine + permanent + "* 1 FETCH (FLAGS ($Work))\r\n2 OK NOOP completed\r\n");
        CHECK(a.send("3 STORE 2 +FLAGS ($Work)") == "* 2 FETCH (FLAGS ($Work \\Recent))\r\n3 OK STORE completed\r\n");  // known now
        SUBCASE("a read-only session gets FLAGS alone") {
            REQUIRE(c.send("e EXAMINE INBOX").find("$Work") != std::string::npos);
            c.send("f NOOP");
            a.send("4 STORE 1 +FLAGS.SILENT (Later)");
            CHECK(c.send("g NOOP") ==
                  "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work Later)\r\n"
                  "* 1 FETCH (FLAGS ($Work Later))\r\ng OK NOOP completed\r\n");
        }
        SUBCASE("an APPEND with a keyword: FLAGS before EXISTS") {
            const std::string own = a.send("5 APPEND INBOX (Urgent) {9+}\r\nSubject: \r\n");
            CHECK(own.starts_with("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work Urgent)\r\n"));
            CHECK(own.find("* 3 EXISTS\r\n") != std::string::npos);
            CHECK(own.find("5 OK [APPENDUID ") != std::string::npos);
            const std::string r = b.send("6 NOOP");
            CHECK(r.starts_with("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work Urgent)\r\n"
                                "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work Urgent \\*)] "
                                "Flags permitted.\r\n* 3 EXISTS\r\n"));
        }
        SUBCASE("IDLE pushes it") {
            REQUIRE(b.send("7 NOOP").ends_with("7 OK NOOP completed\r\n"));
            REQUIRE(b.send("8 IDLE") == "+ idling\r\n");
            a.send("9 STORE 2 +FLAGS.SILENT (Later)");
            REQUIRE(b.session.hasPushableUpdates());
            CHECK(b.session.pollUpdates().toPeer.starts_with("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work Later)\r\n"));
        }
    }

    TEST_CASE("changes from several sessions never drop each other") {
        World w(1);
        Client a(w), b(w);
        a.select();
        b.select();
        a.send("1 STORE 1 +FLAGS.SILENT (\\Seen)");
        b.send("2 STORE 1 +FLAGS.SILENT (\\Flagged)");  // b has not heard of \Seen yet
        CHECK(w.alice->inbox().findUid(1)->flags.toString() == "\\Seen \\Flagged");
        CHECK(a.send("3 NOOP").find("FLAGS (\\Seen \\Flagged") != std::string::npos);
    }

    TEST_CASE("new mail: EXISTS and RECENT, with \\Recent in exactly one session") {
        World w(2);
        Client a(w), b(w), c(w);
        a.select();
        b.select();
        c.select();
        w.deliver("fresh");
        const std::string ra = a.send("1 NOOP");
        const std::string rb = b.send("2 NOOP");
        const std::string rc = c.send("3 NOOP");
        CHECK(hasLine(ra, "* 3 EXISTS"));
        CHECK(hasLine(rb, "* 3 EXISTS"));
        CHECK(hasLine(rc, "* 3 EXISTS"));
        // The first SELECT took \Recent for the two old messages; the new one goes to
        // exactly one session, which FETCH FLAGS shows.
        int holders = 0;
        for (Client* client : {&a, &b, &c})
            holders += client->send("f FETCH 3 (FLAGS)").find("\\Recent") != std::string::npos ? 1 : 0;
        CHECK(holders == 1);
        CHECK(int(hasLine(rb, "* 0 RECENT")) + int(hasLine(rc, "* 0 RECENT")) == 2);
        CHECK(hasLine(ra, "* 3 RECENT"));
    }

    TEST_CASE("an expunge in one session reaches the other at NOOP, not during FETCH, STORE or SEARCH") {
        World w(3);
        Client a(w), b(w);
        a.select();
        b.select();
        a.send("1 STORE 2 +FLAGS.SILENT (\\Deleted)");
        a.send("2 EXPUNGE");
        SUBCASE("not during STORE, then at NOOP") {
            const std::string r = b.send("3 STORE 3 +FLAGS.SILENT (\\Seen)");
            CHECK(r.find("EXPUNGE") == std::string::npos);
            CHECK(b.session.selected()->exists() == 3);  // numbers unchanged until told
            CHECK(b.send("4 NOOP").starts_with("* 2 EXPUNGE\r\n"));
            CHECK(b.session.selected()->exists() == 2);
        }
        SUBCASE("UID commands may carry it") {
            CHECK(b.send("3 UID STORE 3 +FLAGS.SILENT (\\Seen)").find("* 2 EXPUNGE") != std::string::npos);
        }
        SUBCASE("a STORE by number on the expunged message skips it with OK, others still work") {
            // RFC 2180 4.2.1: no spurious NO under concurrency.
            const std::string r = b.send("3 STORE 2:3 +FLAGS.SILENT (\\Seen)");
            CHECK(r == "3 OK [EXPUNGEISSUED] STORE completed, expunged messages skipped\r\n");
            CHECK(w.alice->inbox().findUid(3)->flags.has(mail::SystemFlag::Seen));
        }
    }

    TEST_CASE("IDLE pushes updates as they happen and DONE ends it") {
        World w(2);
        Client a(w), b(w);
        a.select();
        b.select();
        CHECK(b.send("i IDLE") == "+ idling\r\n");
        CHECK(b.session.idling());
        CHECK_FALSE(b.session.hasPushableUpdates());
        a.send("1 STORE 1 +FLAGS.SILENT (\\Flagged)");
        REQUIRE(b.session.hasPushableUpdates());
        CHECK(b.session.pollUpdates().toPeer == "* 1 FETCH (FLAGS (\\Flagged))\r\n");
        a.send("2 STORE 2 +FLAGS.SILENT (\\Deleted)");
        a.send("3 EXPUNGE");
        CHECK(b.session.pollUpdates().toPeer == "* 2 EXPUNGE\r\n");
        w.deliver("during idle");
        CHECK(b.session.pollUpdates().toPeer == "* 2 EXISTS\r\n* 0 RECENT\r\n");
        CHECK(b.send("DONE") == "i OK IDLE terminated\r\n");
        CHECK_FALSE(b.session.idling());
        CHECK(b.send("j NOOP") == "j OK NOOP completed\r\n");
    }

    TEST_CASE("IDLE ended by something other than DONE gets BAD") {
        World w(1);
        Client a(w);
        a.select();
        a.send("i IDLE");
        CHECK(a.send("k NOOP") == "i BAD Expected DONE to end IDLE\r\n");
        CHECK_FALSE(a.session.idling());
    }

    TEST_CASE("a message added and expunged before a session heard of it leaves no trace") {
        World w(1);
        Client a(w), b(w);
        a.select();
        b.select();
        const auto uid = w.deliver("short-lived");
        w.store.expunge(*w.alice, w.alice->inbox(), uid);
        CHECK(b.send("1 NOOP") == "1 OK NOOP completed\r\n");
    }

    TEST_CASE("deleting the selected mailbox from another session ends this one") {
        World w(1);
        REQUIRE(w.store.createMailbox(*w.alice, "Projects") == mail::MailboxError::None);
        Client a(w), b(w);
        a.select("Projects");
        b.login();
        REQUIRE(b.send("d DELETE Projects").starts_with("d OK"));
        SUBCASE("at NOOP") {
            CHECK(a.send("n NOOP").starts_with("* BYE"));
            CHECK(a.last.close);
        }
        SUBCASE("at a command that would change the mailbox") {
            CHECK(a.send("s STORE 1 +FLAGS (\\Seen)").starts_with("* BYE"));
            CHECK(a.last.close);
        }
    }

    TEST_CASE("UIDVALIDITY changes when a mailbox is deleted and recreated") {
        World w(0);
        Client a(w);
        a.login();
        a.send("1 CREATE Temp");
        const std::string first = a.send("2 SELECT Temp");
        a.send("3 UNSELECT");
        a.send("4 DELETE Temp");
        a.send("5 CREATE Temp");
        const std::string second = a.send("6 SELECT Temp");
        auto validity = [](const std::string& r) {
            const auto p = r.find("[UIDVALIDITY ");
            return r.substr(p, r.find(']', p) - p);
        };
        CHECK(validity(first) != validity(second));
    }
}
