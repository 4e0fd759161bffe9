// Search contexts (RFC 5267 4: CONTEXT=SEARCH, CONTEXT=SORT): SEARCH / SORT RETURN (UPDATE)
// kept up to date with ADDTO / REMOVEFROM as another session stores flags, appends and
// expunges, CANCELUPDATE, NOUPDATE at the bound, and PARTIAL results. Every expected line
// is worked out by hand from the RFC's grammar (section 5) and rules (the reasoning is in
// the comments), not read back from the server.
#include <doctest/doctest.h>

#include "protocols/core/limits.h"
#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

ServerConfig contextConfig(bool sort = true) {
    ServerConfig config;
    config.esearch = true;
    config.sort = sort;
    config.context = true;
    return config;
}

/// The other session `b` selects first, so it takes \Recent and `a`'s FETCH FLAGS lines
/// show only the flags stored.
void selectBoth(Client& b, Client& a) {
    b.select();
    a.select();
}

}  // namespace

TEST_SUITE("imap.server.context") {

TEST_CASE("CONTEXT=SEARCH and CONTEXT=SORT are offered only when switched on") {
    World w(1);
    Client plain(w);
    CHECK(plain.send("c CAPABILITY").find("CONTEXT=") == std::string::npos);
    Client searchOnly(w, contextConfig(false));
    const std::string s = searchOnly.send("c CAPABILITY");
    CHECK(s.find(" CONTEXT=SEARCH") != std::string::npos);
    CHECK(s.find("CONTEXT=SORT") == std::string::npos);  // needs SORT (RFC 5267 4.1)
    Client both(w, contextConfig());
    CHECK(both.send("c CAPABILITY").find(" ESORT CONTEXT=SEARCH CONTEXT=SORT") != std::string::npos);

    // Off, the return options and the command are refused as unknown to this server.
    ServerConfig esearchOnly;
    esearchOnly.esearch = true;
    esearchOnly.sort = true;
    Client old(w, esearchOnly);
    old.select();
    CHECK(old.send("a1 SEARCH RETURN (UPDATE) ALL").starts_with("a1 BAD "));
    CHECK(old.send("a2 SEARCH RETURN (PARTIAL 1:5) ALL").starts_with("a2 BAD "));
    CHECK(old.send("a3 SEARCH RETURN (CONTEXT COUNT) ALL").starts_with("a3 BAD "));
    CHECK(old.send("a4 SORT RETURN (UPDATE) (DATE) UTF-8 ALL").starts_with("a4 BAD "));
    CHECK(old.send("a5 CANCELUPDATE \"a1\"").starts_with("a5 BAD "));
    searchOnly.select();
    CHECK(searchOnly.send("a6 SORT RETURN (UPDATE) (DATE) UTF-8 ALL").starts_with("a6 BAD "));
    CHECK(searchOnly.send("a7 SEARCH RETURN (CONTEXT COUNT) ALL") == "* ESEARCH (TAG \"a7\") COUNT 1\r\na7 OK SEARCH completed\r\n");
}

TEST_CASE("UID SEARCH RETURN (UPDATE): another session's STOREs, new mail and EXPUNGE reach the result") {
    World w(5);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    // RFC 5267 4.3: UPDATE adds no data of its own; ALL is the result now (RFC 4731).
    CHECK(a.send("A1 UID SEARCH RETURN (UPDATE ALL) UNSEEN") ==
          "* ESEARCH (TAG \"A1\") UID ALL 1:5\r\nA1 OK UID SEARCH completed\r\n");
    CHECK(a.send("A2 NOOP") == "A2 OK NOOP completed\r\n");  // nothing changed

    // Read elsewhere: 2 and 4 leave the result. A SEARCH context's position is 0 and its
    // update set is in mailbox order (4.3.4); the FLAGS come first, as they happen.
    b.send("B1 STORE 2,4 +FLAGS (\\Seen)");
    CHECK(a.send("A3 NOOP") ==
          "* 2 FETCH (FLAGS (\\Seen))\r\n* 4 FETCH (FLAGS (\\Seen))\r\n"
          "* ESEARCH (TAG \"A1\") UID REMOVEFROM (0 2,4)\r\nA3 OK NOOP completed\r\n");
    // Unread again: 2 joins (4.3.3).
    b.send("B2 STORE 2 -FLAGS (\\Seen)");
    CHECK(a.send("A4 NOOP") == "* 2 FETCH (FLAGS ())\r\n* ESEARCH (TAG \"A1\") UID ADDTO (0 2)\r\nA4 OK NOOP completed\r\n");

    // New mail: ADDTO after the EXISTS that announced it (4.3.3). b took \Recent.
    w.deliver("fresh");
    CHECK(a.send("A5 NOOP") == "* 6 EXISTS\r\n* 0 RECENT\r\n* ESEARCH (TAG \"A1\") UID ADDTO (0 6)\r\nA5 OK NOOP completed\r\n");

    // An expunge: REMOVEFROM before the EXPUNGE (4.3.4).
    b.send("B3 STORE 1 +FLAGS.SILENT (\\Deleted)");
    b.send("B4 EXPUNGE");
    CHECK(a.send("A6 NOOP") == "* ESEARCH (TAG \"A1\") UID REMOVEFROM (0 1)\r\n* 1 EXPUNGE\r\nA6 OK NOOP completed\r\n");

    // A change that does not touch the result sends no ESEARCH: b's message 4 is UID 5,
    // a's message 4, still unseen.
    b.send("B5 STORE 4 +FLAGS (\\Flagged)");
    CHECK(a.send("A7 NOOP") == "* 4 FETCH (FLAGS (\\Flagged))\r\nA7 OK NOOP completed\r\n");
}

TEST_CASE("SEARCH RETURN (UPDATE) by number: message numbers valid when each update is sent") {
    World w(4);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    CHECK(a.send("A1 SEARCH RETURN (UPDATE COUNT) UNSEEN") == "* ESEARCH (TAG \"A1\") COUNT 4\r\nA1 OK SEARCH completed\r\n");

    // Message 3 is expunged: REMOVEFROM names it by its number before the EXPUNGE that
    // renumbers 4 to 3. No UID indicator: the context was made by SEARCH (4.3.2).
    b.send("B1 STORE 3 +FLAGS.SILENT (\\Deleted)");
    b.send("B2 EXPUNGE");
    CHECK(a.send("A2 NOOP") == "* ESEARCH (TAG \"A1\") REMOVEFROM (0 3)\r\n* 3 EXPUNGE\r\nA2 OK NOOP completed\r\n");
    // A new message is number 4 now.
    w.deliver("fresh");
    CHECK(a.send("A3 NOOP") == "* 4 EXISTS\r\n* 0 RECENT\r\n* ESEARCH (TAG \"A1\") ADDTO (0 4)\r\nA3 OK NOOP completed\r\n");

    SUBCASE("an expunge waits through FETCH, STORE and SEARCH, and its REMOVEFROM with it") {
        b.send("B3 STORE 1 +FLAGS.SILENT (\\Deleted)");
        b.send("B4 EXPUNGE");
        // RFC 3501 7.4.1: no EXPUNGE during FETCH; message 1 stays in the result until then.
        CHECK(a.send("A4 FETCH 2 (FLAGS)") == "* 2 FETCH (FLAGS ())\r\nA4 OK FETCH completed\r\n");
        CHECK(a.send("A5 SEARCH RETURN (COUNT) UNSEEN") == "* ESEARCH (TAG \"A5\") COUNT 3\r\nA5 OK SEARCH completed\r\n");
        CHECK(a.send("A6 NOOP") == "* ESEARCH (TAG \"A1\") REMOVEFROM (0 1)\r\n* 1 EXPUNGE\r\nA6 OK NOOP completed\r\n");
    }
    SUBCASE("a flag change comes with its FETCH even during FETCH (RFC 5267 4.3.2: ESEARCH may come at any time)") {
        b.send("B3 STORE 2 +FLAGS.SILENT (\\Seen)");
        CHECK(a.send("A4 FETCH 1 (FLAGS)") ==
              "* 2 FETCH (FLAGS (\\Seen))\r\n* ESEARCH (TAG \"A1\") REMOVEFROM (0 2)\r\n* 1 FETCH (FLAGS ())\r\n"
              "A4 OK FETCH completed\r\n");
    }
    SUBCASE("this session's own STORE, and a FETCH that sets \\Seen") {
        CHECK(a.send("A4 STORE 1 +FLAGS (\\Seen)") ==
              "* 1 FETCH (FLAGS (\\Seen))\r\n* ESEARCH (TAG \"A1\") REMOVEFROM (0 1)\r\nA4 OK STORE completed\r\n");
        const std::string r = a.send("A5 FETCH 2 (BODY[TEXT])");
        CHECK(r.ends_with("* ESEARCH (TAG \"A1\") REMOVEFROM (0 2)\r\nA5 OK FETCH completed\r\n"));
    }
    SUBCASE("a MOVE from this session: REMOVEFROM before its EXPUNGE") {
        REQUIRE(a.send("A4 CREATE Stash") == "A4 OK CREATE completed\r\n");
        const std::string r = a.send("A5 MOVE 2 Stash");
        CHECK(r.find("* ESEARCH (TAG \"A1\") REMOVEFROM (0 2)\r\n* 2 EXPUNGE\r\nA5 OK MOVE completed\r\n") !=
              std::string::npos);
    }
}

TEST_CASE("a program naming messages by number or UID is run again as written") {
    World w(4);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    CHECK(a.send("A1 SEARCH RETURN (UPDATE ALL) 2:3") == "* ESEARCH (TAG \"A1\") ALL 2:3\r\nA1 OK SEARCH completed\r\n");
    CHECK(a.send("A2 UID SEARCH RETURN (UPDATE ALL) UID 3:*") ==
          "* ESEARCH (TAG \"A2\") UID ALL 3:4\r\nA2 OK UID SEARCH completed\r\n");
    // Message 1 (UID 1) goes: it was in neither result, so nothing before the EXPUNGE. After
    // it, 2:3 are UIDs 3 and 4: UID 2, now message 1, leaves and UID 4, now message 3, joins,
    // in the numbers the EXPUNGE left.
    b.send("B1 STORE 1 +FLAGS.SILENT (\\Deleted)");
    b.send("B2 EXPUNGE");
    CHECK(a.send("A3 NOOP") ==
          "* 1 EXPUNGE\r\n* ESEARCH (TAG \"A1\") REMOVEFROM (0 1) ADDTO (0 3)\r\nA3 OK NOOP completed\r\n");
    // "*" is the last UID: new mail joins 3:*.
    w.deliver("fresh");
    CHECK(a.send("A4 NOOP") == "* 4 EXISTS\r\n* 0 RECENT\r\n* ESEARCH (TAG \"A2\") UID ADDTO (0 5)\r\nA4 OK NOOP completed\r\n");
}

TEST_CASE("IDLE pushes ADDTO and REMOVEFROM as they happen") {
    World w(3);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    REQUIRE(a.send("A1 UID SEARCH RETURN (UPDATE) UNSEEN") == "* ESEARCH (TAG \"A1\") UID\r\nA1 OK UID SEARCH completed\r\n");
    REQUIRE(a.send("A2 IDLE") == "+ idling\r\n");
    b.send("B1 STORE 2 +FLAGS (\\Seen)");
    REQUIRE(a.session.hasPushableUpdates());
    CHECK(a.session.pollUpdates().toPeer == "* 2 FETCH (FLAGS (\\Seen))\r\n* ESEARCH (TAG \"A1\") UID REMOVEFROM (0 2)\r\n");
    w.deliver("during idle");
    CHECK(a.session.pollUpdates().toPeer == "* 4 EXISTS\r\n* 0 RECENT\r\n* ESEARCH (TAG \"A1\") UID ADDTO (0 4)\r\n");
    b.send("B2 STORE 3 +FLAGS.SILENT (\\Deleted)");
    b.send("B3 EXPUNGE");
    CHECK(a.session.pollUpdates().toPeer == "* ESEARCH (TAG \"A1\") UID REMOVEFROM (0 3)\r\n* 3 EXPUNGE\r\n");
    CHECK(a.send("DONE") == "A2 OK IDLE terminated\r\n");
}

TEST_CASE("UID SORT RETURN (UPDATE): positions in the sorted list") {
    // UIDs 1..4 with subjects delta, alpha, charlie, bravo; by SUBJECT the order is
    // alpha(2) bravo(4) charlie(3) delta(1).
    World w(0);
    for (const char* subject : {"delta", "alpha", "charlie", "bravo"}) w.deliver(subject);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    // RFC 5267 3.2: a range only where the sort order is ascending, so no "3:4" here.
    CHECK(a.send("S1 UID SORT RETURN (UPDATE ALL) (SUBJECT) UTF-8 UNSEEN") ==
          "* ESEARCH (TAG \"S1\") UID ALL 2,4,3,1\r\nS1 OK UID SORT completed\r\n");

    // bravo(4) leaves from position 2.
    b.send("B1 STORE 4 +FLAGS.SILENT (\\Seen)");
    CHECK(hasLine(a.send("A1 NOOP"), "* ESEARCH (TAG \"S1\") UID REMOVEFROM (2 4)"));
    // The list is alpha(2) charlie(3) delta(1). Removing alpha at 1 leaves charlie(3)
    // delta(1), so delta is then at 2: pairs are applied in order (4.3.2, 4.3.4).
    b.send("B2 STORE 1:2 +FLAGS.SILENT (\\Seen)");
    CHECK(hasLine(a.send("A2 NOOP"), "* ESEARCH (TAG \"S1\") UID REMOVEFROM (1 2 2 1)"));
    // New mail "bravo two"(5) and "echo"(6) around charlie(3): inserted at 1 and, with
    // bravo two in place, at 3 (4.3.3: the first of the set takes the position).
    w.deliver("bravo two");
    w.deliver("echo");
    const std::string news = a.send("A3 NOOP");
    CHECK(news == "* 6 EXISTS\r\n* 0 RECENT\r\n* ESEARCH (TAG \"S1\") UID ADDTO (1 5 3 6)\r\nA3 OK NOOP completed\r\n");
    // bravo(4) back before bravo two(5); then alpha(2) at 1 and delta(1) at 5 of
    // alpha bravo "bravo two" charlie delta echo.
    b.send("B3 STORE 4 -FLAGS.SILENT (\\Seen)");
    CHECK(hasLine(a.send("A4 NOOP"), "* ESEARCH (TAG \"S1\") UID ADDTO (1 4)"));
    b.send("B4 STORE 1:2 -FLAGS.SILENT (\\Seen)");
    CHECK(hasLine(a.send("A5 NOOP"), "* ESEARCH (TAG \"S1\") UID ADDTO (1 2 5 1)"));
    // bravo(4) and bravo two(5) are expunged: one run of two at position 2, before the
    // EXPUNGEs (UIDs 4 and 5 are messages 4 and 5; the second is 4 once the first is gone).
    b.send("B5 STORE 4:5 +FLAGS.SILENT (\\Deleted)");
    b.send("B6 EXPUNGE");
    CHECK(a.send("A6 NOOP") ==
          "* ESEARCH (TAG \"S1\") UID REMOVEFROM (2 4:5)\r\n* 4 EXPUNGE\r\n* 4 EXPUNGE\r\nA6 OK NOOP completed\r\n");
}

TEST_CASE("SORT RETURN (UPDATE) by number, with REVERSE") {
    World w(0);
    for (const char* subject : {"delta", "alpha", "charlie", "bravo"}) w.deliver(subject);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    // REVERSE SUBJECT: delta(1) charlie(3) bravo(4) alpha(2).
    CHECK(a.send("S1 SORT RETURN (UPDATE MIN MAX) (REVERSE SUBJECT) UTF-8 UNDELETED") ==
          "* ESEARCH (TAG \"S1\") MIN 1 MAX 2\r\nS1 OK SORT completed\r\n");
    // charlie (message 3) leaves from position 2 and is expunged: its number is still 3 when
    // the REMOVEFROM is sent, before the EXPUNGE.
    b.send("B1 STORE 3 +FLAGS.SILENT (\\Deleted)");
    b.send("B2 EXPUNGE");
    CHECK(a.send("A1 NOOP") == "* ESEARCH (TAG \"S1\") REMOVEFROM (2 3)\r\n* 3 EXPUNGE\r\nA1 OK NOOP completed\r\n");
}

TEST_CASE("PARTIAL: a slice of the result by position (RFC 5267 4.4)") {
    World w(5);
    Client a(w, contextConfig());
    a.select();
    CHECK(a.send("P1 SEARCH RETURN (PARTIAL 2:4) ALL") == "* ESEARCH (TAG \"P1\") PARTIAL (2:4 2:4)\r\nP1 OK SEARCH completed\r\n");
    // "A range 500:400 is the same as 400:500."
    CHECK(a.send("P2 UID SEARCH RETURN (PARTIAL 4:2) ALL") ==
          "* ESEARCH (TAG \"P2\") UID PARTIAL (2:4 2:4)\r\nP2 OK UID SEARCH completed\r\n");
    // Beyond the end: what is there, then NIL when nothing is.
    CHECK(a.send("P3 SEARCH RETURN (PARTIAL 4:10) ALL") == "* ESEARCH (TAG \"P3\") PARTIAL (4:10 4:5)\r\nP3 OK SEARCH completed\r\n");
    CHECK(a.send("P4 SEARCH RETURN (PARTIAL 6:10) ALL") == "* ESEARCH (TAG \"P4\") PARTIAL (6:10 NIL)\r\nP4 OK SEARCH completed\r\n");
    CHECK(a.send("P5 SEARCH RETURN (PARTIAL 4294967295:4294967295) ALL") ==
          "* ESEARCH (TAG \"P5\") PARTIAL (4294967295:4294967295 NIL)\r\nP5 OK SEARCH completed\r\n");
    // Positions in the result, not message numbers: the unseen ones are 2, 4, 5.
    REQUIRE(a.send("x STORE 1,3 +FLAGS.SILENT (\\Seen)") == "x OK STORE completed\r\n");
    CHECK(a.send("P6 UID SEARCH RETURN (PARTIAL 1:2) UNSEEN") ==
          "* ESEARCH (TAG \"P6\") UID PARTIAL (1:2 2,4)\r\nP6 OK UID SEARCH completed\r\n");
    // With MIN, MAX and COUNT, which still describe the whole result.
    CHECK(a.send("P7 SEARCH RETURN (MIN MAX COUNT PARTIAL 2:3) UNSEEN") ==
          "* ESEARCH (TAG \"P7\") MIN 2 MAX 5 COUNT 3 PARTIAL (2:3 4:5)\r\nP7 OK SEARCH completed\r\n");
    // SORT: positions in sort order, REVERSE SUBJECT is 5 4 3 2 1.
    CHECK(a.send("P8 UID SORT RETURN (PARTIAL 2:3) (REVERSE SUBJECT) UTF-8 ALL") ==
          "* ESEARCH (TAG \"P8\") UID PARTIAL (2:3 4,3)\r\nP8 OK UID SORT completed\r\n");
    CHECK(a.send("P9 SORT RETURN (PARTIAL 5:9) (SUBJECT) UTF-8 ALL") ==
          "* ESEARCH (TAG \"P9\") PARTIAL (5:9 5)\r\nP9 OK SORT completed\r\n");
    // RETURN where the search keys begin, as production servers also take it; once only.
    CHECK(a.send("P9b UID SORT (REVERSE SUBJECT) UTF-8 RETURN (PARTIAL 2:3) ALL") ==
          "* ESEARCH (TAG \"P9b\") UID PARTIAL (2:3 4,3)\r\nP9b OK UID SORT completed\r\n");
    CHECK(a.send("P9c SORT RETURN (COUNT) (SUBJECT) UTF-8 RETURN (MIN) ALL").starts_with("P9c BAD "));
    // With UPDATE: the context still follows every result, not just the slice (4.4).
    CHECK(a.send("P10 UID SEARCH RETURN (UPDATE PARTIAL 1:1) UNSEEN") ==
          "* ESEARCH (TAG \"P10\") UID PARTIAL (1:1 2)\r\nP10 OK UID SEARCH completed\r\n");
    CHECK(a.send("x2 STORE 5 +FLAGS.SILENT (\\Seen)") ==
          "* ESEARCH (TAG \"P10\") UID REMOVEFROM (0 5)\r\nx2 OK STORE completed\r\n");

    SUBCASE("bad ranges and combinations are BAD") {
        for (const char* line : {"b1 SEARCH RETURN (PARTIAL 1) ALL", "b2 SEARCH RETURN (PARTIAL 1:*) ALL",
                                 "b3 SEARCH RETURN (PARTIAL *:1) ALL", "b4 SEARCH RETURN (PARTIAL 0:3) ALL",
                                 "b5 SEARCH RETURN (PARTIAL -1:-5) ALL", "b6 SEARCH RETURN (ALL PARTIAL 1:5) ALL",
                                 "b7 SEARCH RETURN (PARTIAL 1:5 ALL) ALL", "b8 SEARCH RETURN (PARTIAL 1:2 PARTIAL 3:4) ALL",
                                 "b9 SORT RETURN (PARTIAL) (DATE) UTF-8 ALL", "b10 SEARCH RETURN (PARTIAL 1:4294967296) ALL"}) {
            CAPTURE(line);
            const std::string tag = std::string(line).substr(0, std::string(line).find(' '));
            const std::string r = a.send(line);
            CHECK(r.starts_with(tag + " BAD "));
            CHECK(r.find("ESEARCH") == std::string::npos);
        }
    }
}

TEST_CASE("CANCELUPDATE stops updates, and its tags must be known and a new UPDATE's tag new") {
    World w(3);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    REQUIRE(a.send("A1 UID SEARCH RETURN (UPDATE) UNSEEN").ends_with("A1 OK UID SEARCH completed\r\n"));
    REQUIRE(a.send("A2 SEARCH RETURN (UPDATE) SEEN").ends_with("A2 OK SEARCH completed\r\n"));

    SUBCASE("a tag that already has a context: BAD (RFC 5267 4.3), the first goes on") {
        CHECK(a.send("A1 SEARCH RETURN (UPDATE COUNT) ALL").starts_with("A1 BAD "));
        // A search without UPDATE under that tag is just a search.
        CHECK(a.send("A1 SEARCH RETURN (COUNT) ALL") == "* ESEARCH (TAG \"A1\") COUNT 3\r\nA1 OK SEARCH completed\r\n");
        b.send("B1 STORE 1 +FLAGS.SILENT (\\Seen)");
        CHECK(a.send("A3 NOOP") ==
              "* 1 FETCH (FLAGS (\\Seen))\r\n* ESEARCH (TAG \"A1\") UID REMOVEFROM (0 1)\r\n"
              "* ESEARCH (TAG \"A2\") ADDTO (0 1)\r\nA3 OK NOOP completed\r\n");
    }
    SUBCASE("cancelled: no more updates, and the tag may be used again") {
        CHECK(a.send("C1 CANCELUPDATE \"A1\"") == "C1 OK CANCELUPDATE completed\r\n");
        b.send("B1 STORE 1 +FLAGS.SILENT (\\Seen)");
        CHECK(a.send("A3 NOOP") ==
              "* 1 FETCH (FLAGS (\\Seen))\r\n* ESEARCH (TAG \"A2\") ADDTO (0 1)\r\nA3 OK NOOP completed\r\n");
        CHECK(a.send("C2 CANCELUPDATE \"A1\"") == "C2 NO No search tagged A1 is sending updates\r\n");
        CHECK(a.send("A1 SEARCH RETURN (UPDATE COUNT) ALL") == "* ESEARCH (TAG \"A1\") COUNT 3\r\nA1 OK SEARCH completed\r\n");
    }
    SUBCASE("several tags at once") {
        CHECK(a.send("C1 CANCELUPDATE \"A1\" \"A2\"") == "C1 OK CANCELUPDATE completed\r\n");
        b.send("B1 STORE 1 +FLAGS.SILENT (\\Seen)");
        CHECK(a.send("A3 NOOP") == "* 1 FETCH (FLAGS (\\Seen))\r\nA3 OK NOOP completed\r\n");
    }
    SUBCASE("an unknown tag: NO, and nothing is cancelled") {
        CHECK(a.send("C1 CANCELUPDATE \"A2\" \"zz\"") == "C1 NO No search tagged zz is sending updates\r\n");
        b.send("B1 STORE 1 +FLAGS.SILENT (\\Seen)");
        CHECK(a.send("A3 NOOP") ==
              "* 1 FETCH (FLAGS (\\Seen))\r\n* ESEARCH (TAG \"A1\") UID REMOVEFROM (0 1)\r\n"
              "* ESEARCH (TAG \"A2\") ADDTO (0 1)\r\nA3 OK NOOP completed\r\n");
    }
    SUBCASE("bad syntax") {
        CHECK(a.send("C1 CANCELUPDATE").starts_with("C1 BAD "));
        CHECK(a.send("C2 CANCELUPDATE A1").starts_with("C2 BAD "));  // quoted only (RFC 5267 5)
        CHECK(a.send("C3 CANCELUPDATE (\"A1\")").starts_with("C3 BAD "));
        CHECK(a.send("C4 SEARCH RETURN (UPDATE FOO) ALL").starts_with("C4 BAD "));
        CHECK(a.send("C5 SEARCH RETURN UPDATE ALL").starts_with("C5 BAD "));
    }
    SUBCASE("leaving the mailbox ends every context") {
        std::string leave;
        SUBCASE("UNSELECT") { leave = "L1 UNSELECT"; }
        SUBCASE("CLOSE") { leave = "L1 CLOSE"; }
        SUBCASE("SELECT of another mailbox") {
            REQUIRE(a.send("L0 CREATE Other") == "L0 OK CREATE completed\r\n");
            leave = "L1 SELECT Other";
        }
        SUBCASE("EXAMINE of the same mailbox") { leave = "L1 EXAMINE INBOX"; }
        REQUIRE(a.send(leave).find("L1 OK") != std::string::npos);
        REQUIRE(a.send("L2 SELECT INBOX").find("L2 OK") != std::string::npos);
        b.send("B1 STORE 1 +FLAGS.SILENT (\\Seen)");
        CHECK(a.send("A3 NOOP") == "* 1 FETCH (FLAGS (\\Seen))\r\nA3 OK NOOP completed\r\n");
        CHECK(a.send("C1 CANCELUPDATE \"A1\"") == "C1 NO No search tagged A1 is sending updates\r\n");
    }
}

TEST_CASE("UPDATE and CANCELUPDATE need a selected mailbox") {
    World w(1);
    Client a(w, contextConfig());
    a.login();
    CHECK(a.send("A1 SEARCH RETURN (UPDATE) ALL").starts_with("A1 BAD "));
    CHECK(a.send("A2 UID SORT RETURN (UPDATE) (DATE) UTF-8 ALL").starts_with("A2 BAD "));
    CHECK(a.send("A3 CANCELUPDATE \"A1\"").starts_with("A3 BAD "));
}

TEST_CASE("at the bound: NOUPDATE, and the search is still answered (RFC 5267 4.3.1)") {
    World w(3);
    Client b(w, contextConfig()), a(w, contextConfig());
    selectBoth(b, a);
    const std::size_t bound = core::limits::kImapSearchContexts;
    for (std::size_t i = 0; i < bound; ++i) {
        const std::string tag = "U" + std::to_string(i);
        CHECK(a.send(tag + " UID SEARCH RETURN (UPDATE) ALL") ==
              "* ESEARCH (TAG \"" + tag + "\") UID\r\n" + tag + " OK UID SEARCH completed\r\n");
    }
    // The untagged NO comes while the command runs, before its result; other return
    // options are still honoured.
    const std::string refused = a.send("X1 UID SORT RETURN (UPDATE COUNT) (DATE) UTF-8 ALL");
    const auto l = lines(refused);
    REQUIRE(l.size() == 3);
    CHECK(l[0].starts_with("* NO [NOUPDATE \"X1\"] "));
    CHECK(l[1] == "* ESEARCH (TAG \"X1\") UID COUNT 3");
    CHECK(l[2] == "X1 OK UID SORT completed");

    // Every kept context hears of new mail; X1 does not.
    w.deliver("fresh");
    const std::string news = a.send("A1 NOOP");
    std::size_t updates = 0;
    for (const std::string& line : lines(news))
        if (line.starts_with("* ESEARCH (TAG \"U") && line.ends_with("\") UID ADDTO (0 4)")) ++updates;
    CHECK(updates == bound);
    CHECK(news.find("X1") == std::string::npos);

    // One cancelled makes room for another.
    CHECK(a.send("C1 CANCELUPDATE \"U0\"") == "C1 OK CANCELUPDATE completed\r\n");
    CHECK(a.send("X2 SEARCH RETURN (UPDATE COUNT) ALL") == "* ESEARCH (TAG \"X2\") COUNT 4\r\nX2 OK SEARCH completed\r\n");
    CHECK(a.send("X3 SEARCH RETURN (UPDATE) ALL").starts_with("* NO [NOUPDATE \"X3\"] "));
}

}  // TEST_SUITE
