// IMAP selected-state commands that change the mailbox: STORE, EXPUNGE, UID EXPUNGE,
// CLOSE, UNSELECT, CHECK, COPY, MOVE (RFC 3501 6.4, RFC 4315, RFC 6851, RFC 3691).
#include <doctest/doctest.h>

#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {
const mail::Flags& storeFlags(World& w, std::uint32_t uid) { return w.alice->inbox().findUid(uid)->flags; }
}  // namespace

TEST_SUITE("imap.server.selected") {
    TEST_CASE("STORE FLAGS, +FLAGS, -FLAGS and .SILENT") {
        World w;
        Client c(w);
        c.select();
        CHECK(c.send("a STORE 1 +FLAGS (\\Seen)") == "* 1 FETCH (FLAGS (\\Seen \\Recent))\r\na OK STORE completed\r\n");
        CHECK(storeFlags(w, 1).has(mail::SystemFlag::Seen));
        CHECK(c.send("b STORE 1:2 +FLAGS (\\Flagged Work)") ==
              "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft Work)\r\n"
              "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft Work \\*)] Flags permitted.\r\n"
              "* 1 FETCH (FLAGS (\\Seen \\Flagged Work \\Recent))\r\n* 2 FETCH (FLAGS (\\Flagged Work \\Recent))\r\n"
              "b OK STORE completed\r\n");
        CHECK(c.send("c STORE 1 -FLAGS (\\Seen work)") == "* 1 FETCH (FLAGS (\\Flagged \\Recent))\r\nc OK STORE completed\r\n");
        CHECK(c.send("d STORE 2 FLAGS.SILENT (\\Answered)") == "d OK STORE completed\r\n");
        CHECK(storeFlags(w, 2).toString() == "\\Answered");
        CHECK(c.send("e UID STORE 3 +FLAGS (\\Draft)") == "* 3 FETCH (FLAGS (\\Draft \\Recent) UID 3)\r\ne OK UID STORE completed\r\n");
    }

    TEST_CASE("STORE errors: bad message numbers, bad flags, read-only") {
        World w;
        Client c(w);
        c.select();
        CHECK(c.send("a STORE 9 +FLAGS (\\Seen)").starts_with("a BAD"));
        CHECK(c.send("b STORE 1 +FLAGS (\\Bogus)").starts_with("b BAD"));
        CHECK(c.send("c UID STORE 99 +FLAGS (\\Seen)") == "c OK UID STORE completed\r\n");  // absent UIDs: nothing to do
        CHECK(c.send("d STORE 1 +FLAGS (\\Recent)") == "* 1 FETCH (FLAGS (\\Recent))\r\nd OK STORE completed\r\n");
        Client r(w);
        r.login();
        REQUIRE(r.send("e EXAMINE INBOX").find("e OK [READ-ONLY]") != std::string::npos);
        CHECK(r.send("f STORE 1 +FLAGS (\\Seen)").starts_with("f NO [READ-ONLY]"));
        CHECK_FALSE(storeFlags(w, 1).has(mail::SystemFlag::Seen));
    }

    TEST_CASE("EXPUNGE removes \\Deleted messages and reports renumbered sequence numbers") {
        World w(5);
        Client c(w);
        c.select();
        c.send("a STORE 2,4 +FLAGS.SILENT (\\Deleted)");
        CHECK(c.send("b EXPUNGE") == "* 2 EXPUNGE\r\n* 3 EXPUNGE\r\nb OK EXPUNGE completed\r\n");
        CHECK(w.alice->inbox().size() == 3);
        CHECK(c.session.selected()->exists() == 3);
        CHECK(c.send("c EXPUNGE") == "c OK EXPUNGE completed\r\n");
    }

    TEST_CASE("UID EXPUNGE removes only the named \\Deleted messages") {
        World w(4);
        Client c(w);
        c.select();
        c.send("a STORE 1:4 +FLAGS.SILENT (\\Deleted)");
        CHECK(c.send("b UID EXPUNGE 2:3") == "* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nb OK UID EXPUNGE completed\r\n");
        CHECK(w.alice->inbox().size() == 2);
        CHECK(w.alice->inbox().findUid(1));
        CHECK(w.alice->inbox().findUid(4));
    }

    TEST_CASE("CLOSE expunges silently, UNSELECT does not expunge") {
        World w(3);
        SUBCASE("CLOSE") {
            Client c(w);
            c.select();
            c.send("a STORE 1 +FLAGS.SILENT (\\Deleted)");
            CHECK(c.send("b CLOSE") == "b OK CLOSE completed\r\n");
            CHECK(c.session.state() == State::Authenticated);
            CHECK(w.alice->inbox().size() == 2);
            CHECK(c.send("c FETCH 1 FLAGS").starts_with("c BAD No mailbox selected"));
        }
        SUBCASE("UNSELECT") {
            Client c(w);
            c.select();
            c.send("a STORE 1 +FLAGS.SILENT (\\Deleted)");
            CHECK(c.send("b UNSELECT") == "b OK UNSELECT completed\r\n");
            CHECK(c.session.state() == State::Authenticated);
            CHECK(w.alice->inbox().size() == 3);
        }
        SUBCASE("CLOSE after EXAMINE expunges nothing") {
            Client c(w);
            c.select();
            c.send("a STORE 1 +FLAGS.SILENT (\\Deleted)");
            c.send("b EXAMINE INBOX");
            CHECK(c.send("c CLOSE") == "c OK CLOSE completed\r\n");
            CHECK(w.alice->inbox().size() == 3);
        }
        SUBCASE("CHECK") {
            Client c(w);
            c.select();
            CHECK(c.send("a CHECK") == "a OK CHECK completed\r\n");
        }
    }

    TEST_CASE("COPY keeps the source and answers COPYUID") {
        World w(3);
        Client c(w);
        c.select();
        c.send("a STORE 2 +FLAGS.SILENT (\\Flagged)");
        const auto validity = w.alice->findMailbox("Archive")->uidValidity();
        CHECK(c.send("b COPY 2:3 Archive") ==
              "b OK [COPYUID " + std::to_string(validity) + " 2:3 1:2] COPY completed\r\n");
        CHECK(w.alice->inbox().size() == 3);
        REQUIRE(w.alice->findMailbox("Archive")->size() == 2);
        CHECK(w.alice->findMailbox("Archive")->findUid(1)->flags.has(mail::SystemFlag::Flagged));
        CHECK(c.send("c COPY 1 Nowhere") == "c NO [TRYCREATE] Mailbox does not exist: Nowhere\r\n");
        CHECK(c.send("d COPY 7 Archive").starts_with("d BAD"));
        CHECK(c.send("e UID COPY 50:60 Archive") == "e OK No messages copied\r\n");
    }

    TEST_CASE("MOVE copies, expunges and reports both") {
        World w(3);
        Client c(w);
        c.select();
        const auto validity = w.alice->findMailbox("Trash")->uidValidity();
        CHECK(c.send("a MOVE 2 Trash") == "* OK [COPYUID " + std::to_string(validity) +
                                              " 2 1] Moved\r\n* 2 EXPUNGE\r\na OK MOVE completed\r\n");
        CHECK(w.alice->inbox().size() == 2);
        CHECK(w.alice->findMailbox("Trash")->size() == 1);
        CHECK(c.send("b UID MOVE 3 Trash") == "* OK [COPYUID " + std::to_string(validity) +
                                                  " 3 2] Moved\r\n* 2 EXPUNGE\r\nb OK UID MOVE completed\r\n");
        CHECK(c.send("c MOVE 1 Nowhere").starts_with("c NO [TRYCREATE]"));
        CHECK(w.alice->inbox().size() == 1);
    }
}
