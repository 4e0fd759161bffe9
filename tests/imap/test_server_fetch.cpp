// IMAP FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8, 7.4.2): every data item and macro,
// body sections and partials, the \Seen side effect, UID FETCH, bad message numbers,
// read-only mailboxes, and fetching a message another session expunged.
#include <doctest/doctest.h>

#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

// The parts of message 1 that World delivers ("Message 1").
const std::string kHeader1 =
    "From: Bob <bob@example.com>\r\nTo: alice@example.com\r\nSubject: Message 1\r\n"
    "Date: Fri, 27 Nov 2026 09:00:00 +0000\r\n\r\n";
const std::string kBody1 = "Hello from Message 1\r\n";
const std::string kEnvelope1 =
    "(\"Fri, 27 Nov 2026 09:00:00 +0000\" \"Message 1\" ((\"Bob\" NIL \"bob\" \"example.com\")) "
    "((\"Bob\" NIL \"bob\" \"example.com\")) ((\"Bob\" NIL \"bob\" \"example.com\")) "
    "((NIL NIL \"alice\" \"example.com\")) NIL NIL NIL NIL)";
const std::string kBody1Structure = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 22 1)";

std::string literal(std::string_view bytes) { return "{" + std::to_string(bytes.size()) + "}\r\n" + std::string(bytes); }

/// The flags the store holds for the message with this UID in INBOX.
mail::Flags storeFlags(World& w, std::uint32_t uid) {
    const mail::MailItem* item = w.alice->inbox().findUid(uid);
    REQUIRE(item != nullptr);
    return item->flags;
}

// A multipart message: a text part and an attached message/rfc822.
const std::string kMultipart =
    "From: Ala <ala@example.pl>\r\n"
    "Subject: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87?=\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "Cze\xc5\x9b\xc4\x87!\r\n"
    "--b1\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "From: Jan <jan@example.pl>\r\n"
    "Subject: inner\r\n"
    "\r\n"
    "Inner text\r\n"
    "--b1--\r\n";

}  // namespace

TEST_SUITE("imap.server.fetch") {
    TEST_CASE("simple data items come back in the order asked") {
        World w(3);
        Client c(w);
        c.select();
        REQUIRE(kHeader1 + kBody1 == w.alice->inbox().findUid(1)->message->bytes());
        const std::string size = std::to_string(kHeader1.size() + kBody1.size());

        CHECK(c.send("a FETCH 1 (FLAGS UID INTERNALDATE RFC822.SIZE)") ==
              "* 1 FETCH (FLAGS (\\Recent) UID 1 INTERNALDATE \"27-Nov-2026 09:00:00 +0000\" RFC822.SIZE " + size +
                  ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 1 (RFC822.SIZE UID)") == "* 1 FETCH (RFC822.SIZE " + size + " UID 1)\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 2 UID") == "* 2 FETCH (UID 2)\r\nc OK FETCH completed\r\n");
        CHECK(c.send("d FETCH 1 ENVELOPE") == "* 1 FETCH (ENVELOPE " + kEnvelope1 + ")\r\nd OK FETCH completed\r\n");
        CHECK(c.send("e FETCH 1 BODY") == "* 1 FETCH (BODY " + kBody1Structure + ")\r\ne OK FETCH completed\r\n");
        CHECK(c.send("f FETCH 1 BODYSTRUCTURE") ==
              "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 22 1 NIL NIL NIL "
              "NIL))\r\nf OK FETCH completed\r\n");
    }

    TEST_CASE("INTERNALDATE is given in the message's own zone") {
        World w(0);
        w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes("Subject: x\r\n\r\nx\r\n", 1793610000, -300));
        Client c(w);
        c.select();
        CHECK(c.send("a FETCH 1 INTERNALDATE") ==
              "* 1 FETCH (INTERNALDATE \"02-Nov-2026 04:00:00 -0500\")\r\na OK FETCH completed\r\n");
    }

    TEST_CASE("ALL, FAST and FULL expand to their items") {
        World w(3);
        Client c(w);
        c.select();
        const std::string fast = "FLAGS (\\Recent) INTERNALDATE \"27-Nov-2026 09:00:00 +0000\" RFC822.SIZE " +
                                 std::to_string(kHeader1.size() + kBody1.size());
        CHECK(c.send("a FETCH 1 FAST") == "* 1 FETCH (" + fast + ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 1 ALL") == "* 1 FETCH (" + fast + " ENVELOPE " + kEnvelope1 + ")\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 1 full") ==
              "* 1 FETCH (" + fast + " ENVELOPE " + kEnvelope1 + " BODY " + kBody1Structure + ")\r\nc OK FETCH completed\r\n");
    }

    TEST_CASE("one response per message of a set, in sequence order") {
        World w(3);
        Client c(w);
        c.select();
        CHECK(c.send("a FETCH 3,1:2 UID") ==
              "* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH * UID") == "* 3 FETCH (UID 3)\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 2:* UID") == "* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\nc OK FETCH completed\r\n");
    }

    TEST_CASE("RFC822, RFC822.HEADER and RFC822.TEXT are literals named as asked") {
        World w(3);
        Client c(w);
        c.select();
        CHECK(c.send("a FETCH 1 RFC822.HEADER") == "* 1 FETCH (RFC822.HEADER " + literal(kHeader1) + ")\r\na OK FETCH completed\r\n");
        CHECK(storeFlags(w, 1) == mail::Flags{});  // RFC822.HEADER is a peek
        CHECK(c.send("b FETCH 1 RFC822") ==
              "* 1 FETCH (RFC822 " + literal(kHeader1 + kBody1) + " FLAGS (\\Seen \\Recent))\r\nb OK FETCH completed\r\n");
        CHECK(storeFlags(w, 1).has(mail::SystemFlag::Seen));
        CHECK(c.send("c FETCH 2 RFC822.TEXT") ==
              "* 2 FETCH (RFC822.TEXT " + literal("Hello from Message 2\r\n") + " FLAGS (\\Seen \\Recent))\r\nc OK FETCH completed\r\n");
        CHECK(storeFlags(w, 2).has(mail::SystemFlag::Seen));
    }

    TEST_CASE("BODY[] sets \\Seen and reports FLAGS, BODY.PEEK[] does not") {
        World w(3);
        Client c(w);
        c.select();
        SUBCASE("PEEK leaves the message unseen") {
            CHECK(c.send("a FETCH 1 BODY.PEEK[]") == "* 1 FETCH (BODY[] " + literal(kHeader1 + kBody1) + ")\r\na OK FETCH completed\r\n");
            CHECK(storeFlags(w, 1) == mail::Flags{});
            CHECK(c.send("b FETCH 1 FLAGS") == "* 1 FETCH (FLAGS (\\Recent))\r\nb OK FETCH completed\r\n");
        }
        SUBCASE("BODY[] sets \\Seen once and says so once") {
            CHECK(c.send("a FETCH 1 BODY[]") ==
                  "* 1 FETCH (BODY[] " + literal(kHeader1 + kBody1) + " FLAGS (\\Seen \\Recent))\r\na OK FETCH completed\r\n");
            CHECK(storeFlags(w, 1).has(mail::SystemFlag::Seen));
            CHECK(c.send("b FETCH 1 BODY[]") == "* 1 FETCH (BODY[] " + literal(kHeader1 + kBody1) + ")\r\nb OK FETCH completed\r\n");
            CHECK(c.send("c NOOP") == "c OK NOOP completed\r\n");  // nothing else owed
        }
        SUBCASE("FLAGS asked for shows the new \\Seen where it was asked, once") {
            CHECK(c.send("a FETCH 2 (FLAGS BODY[TEXT])") ==
                  "* 2 FETCH (FLAGS (\\Seen \\Recent) BODY[TEXT] " + literal("Hello from Message 2\r\n") +
                      ")\r\na OK FETCH completed\r\n");
        }
        SUBCASE("keywords and other flags are kept") {
            REQUIRE(c.send("s STORE 3 +FLAGS (\\Flagged Work)").find("s OK") != std::string::npos);
            CHECK(c.send("a FETCH 3 BODY[HEADER]") ==
                  "* 3 FETCH (BODY[HEADER] " + literal(w.alice->inbox().findUid(3)->message->header()) +
                      " FLAGS (\\Seen \\Flagged Work \\Recent))\r\na OK FETCH completed\r\n");
        }
        SUBCASE("other sessions hear of the new \\Seen") {
            Client other(w);
            other.select();
            c.send("a FETCH 1 BODY[]");
            CHECK(other.send("n NOOP") == "* 1 FETCH (FLAGS (\\Seen))\r\nn OK NOOP completed\r\n");
        }
    }

    TEST_CASE("FETCH in a mailbox opened with EXAMINE never sets \\Seen") {
        World w(3);
        Client c(w);
        c.login();
        REQUIRE(c.send("e EXAMINE INBOX").find("e OK [READ-ONLY]") != std::string::npos);
        CHECK(c.send("a FETCH 1 (BODY[] RFC822.TEXT)") ==
              "* 1 FETCH (BODY[] " + literal(kHeader1 + kBody1) + " RFC822.TEXT " + literal(kBody1) +
                  ")\r\na OK FETCH completed\r\n");
        CHECK(storeFlags(w, 1) == mail::Flags{});
        // EXAMINE shows \Recent (no session has claimed it) but does not claim it.
        CHECK(c.send("b FETCH 1 FLAGS") == "* 1 FETCH (FLAGS (\\Recent))\r\nb OK FETCH completed\r\n");
        CHECK(w.alice->inbox().recentCount() == 3);
    }

    TEST_CASE("partial fetches give the start only in the response name") {
        World w(3);
        Client c(w);
        c.select();
        CHECK(c.send("a FETCH 1 BODY.PEEK[]<0.10>") == "* 1 FETCH (BODY[]<0> " + literal("From: Bob ") + ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 1 BODY.PEEK[TEXT]<6.100>") ==
              "* 1 FETCH (BODY[TEXT]<6> " + literal("from Message 1\r\n") + ")\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 1 BODY.PEEK[]<1000.5>") == "* 1 FETCH (BODY[]<1000> {0}\r\n)\r\nc OK FETCH completed\r\n");
        CHECK(c.send("d FETCH 1 BODY.PEEK[HEADER]<6.3>") == "* 1 FETCH (BODY[HEADER]<6> " + literal("Bob") + ")\r\nd OK FETCH completed\r\n");
        // A partial of a non-PEEK fetch still sets \Seen.
        CHECK(c.send("e FETCH 2 BODY[]<0.4>") ==
              "* 2 FETCH (BODY[]<0> " + literal("From") + " FLAGS (\\Seen \\Recent))\r\ne OK FETCH completed\r\n");
        CHECK(c.send("f FETCH 1 BODY.PEEK[]<0.0>").starts_with("f BAD"));  // count is nz-number
    }

    TEST_CASE("HEADER.FIELDS and HEADER.FIELDS.NOT keep the field list as given") {
        World w(3);
        Client c(w);
        c.select();
        const std::string fields = "From: Bob <bob@example.com>\r\nSubject: Message 1\r\n\r\n";
        CHECK(c.send("a FETCH 1 BODY.PEEK[HEADER.FIELDS (Subject From)]") ==
              "* 1 FETCH (BODY[HEADER.FIELDS (Subject From)] " + literal(fields) + ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 1 body.peek[header.fields.not (to DATE)]") ==
              "* 1 FETCH (BODY[HEADER.FIELDS.NOT (to DATE)] " + literal(fields) + ")\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 1 BODY.PEEK[HEADER.FIELDS (X-Missing)]") ==
              "* 1 FETCH (BODY[HEADER.FIELDS (X-Missing)] " + literal("\r\n") + ")\r\nc OK FETCH completed\r\n");
        CHECK(c.send("d FETCH 1 BODY.PEEK[HEADER.FIELDS (\"Subject\")]<0.7>") ==
              "* 1 FETCH (BODY[HEADER.FIELDS (Subject)]<0> " + literal("Subject") + ")\r\nd OK FETCH completed\r\n");
        CHECK(storeFlags(w, 1) == mail::Flags{});
        CHECK(c.send("e FETCH 1 BODY.PEEK[HEADER.FIELDS ()]").starts_with("e BAD"));
    }

    TEST_CASE("body parts of a multipart message") {
        World w(0);
        w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes(kMultipart, 1795770000));
        Client c(w);
        c.select();
        CHECK(c.send("a FETCH 1 BODY.PEEK[1]") == "* 1 FETCH (BODY[1] " + literal("Cze\xc5\x9b\xc4\x87!") + ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 1 BODY.PEEK[1.MIME]") ==
              "* 1 FETCH (BODY[1.MIME] " + literal("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n") +
                  ")\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c FETCH 1 BODY.PEEK[2.HEADER.FIELDS (SUBJECT)]") ==
              "* 1 FETCH (BODY[2.HEADER.FIELDS (SUBJECT)] " + literal("Subject: inner\r\n\r\n") + ")\r\nc OK FETCH completed\r\n");
        CHECK(c.send("d FETCH 1 BODY.PEEK[2.TEXT]") == "* 1 FETCH (BODY[2.TEXT] " + literal("Inner text") + ")\r\nd OK FETCH completed\r\n");
        CHECK(c.send("e FETCH 1 BODY.PEEK[7]") == "* 1 FETCH (BODY[7] {0}\r\n)\r\ne OK FETCH completed\r\n");
        // Part 1 is not a multipart: BODY[1.1] is part 1 itself, leniently, as clients expect.
        CHECK(c.send("g FETCH 1 BODY.PEEK[1.1]") ==
              "* 1 FETCH (BODY[1.1] " + literal("Cze\xc5\x9b\xc4\x87!") + ")\r\ng OK FETCH completed\r\n");
        const std::string structure = c.send("f FETCH 1 BODYSTRUCTURE");
        CHECK(structure.starts_with("* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"8BIT\" 8 0"));
        CHECK(structure.find("(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" ") != std::string::npos);
        CHECK(structure.find(" \"MIXED\" (\"BOUNDARY\" \"b1\") NIL NIL NIL))\r\nf OK FETCH completed\r\n") != std::string::npos);
    }

    TEST_CASE("UID FETCH names messages by UID and always reports UID") {
        World w(4);
        Client c(w);
        c.select();
        // Make UIDs differ from sequence numbers: expunge message 1.
        REQUIRE(c.send("s STORE 1 +FLAGS.SILENT (\\Deleted)") == "s OK STORE completed\r\n");
        REQUIRE(c.send("x EXPUNGE") == "* 1 EXPUNGE\r\nx OK EXPUNGE completed\r\n");
        CHECK(c.send("a UID FETCH 3 FLAGS") == "* 2 FETCH (UID 3 FLAGS (\\Recent))\r\na OK UID FETCH completed\r\n");
        CHECK(c.send("b UID FETCH 3 (FLAGS UID)") == "* 2 FETCH (FLAGS (\\Recent) UID 3)\r\nb OK UID FETCH completed\r\n");
        CHECK(c.send("c UID FETCH 1:3 UID") == "* 1 FETCH (UID 2)\r\n* 2 FETCH (UID 3)\r\nc OK UID FETCH completed\r\n");
        CHECK(c.send("d UID FETCH 4:* RFC822.SIZE").starts_with("* 3 FETCH (UID 4 RFC822.SIZE "));
        // Absent UIDs are ignored, not an error (RFC 3501 6.4.8).
        CHECK(c.send("e UID FETCH 1,99 FLAGS") == "e OK UID FETCH completed\r\n");
        // "*" is the largest UID, so 99:* is 4.
        CHECK(c.send("f UID FETCH 99:* UID") == "* 3 FETCH (UID 4)\r\nf OK UID FETCH completed\r\n");
        CHECK(c.send("g UID FETCH 2 BODY[]<0.4>") ==
              "* 1 FETCH (UID 2 BODY[]<0> " + literal("From") + " FLAGS (\\Seen \\Recent))\r\ng OK UID FETCH completed\r\n");
    }

    TEST_CASE("bad message numbers and bad requests give BAD") {
        World w(3);
        Client c(w);
        c.select();
        CHECK(c.send("a FETCH 0 FLAGS").starts_with("a BAD"));
        CHECK(c.send("b FETCH 4 FLAGS").starts_with("b BAD"));
        CHECK(c.send("c FETCH 2:4 FLAGS").starts_with("c BAD"));
        CHECK(c.send("d FETCH 1 (FLAGS BOGUS)").starts_with("d BAD"));
        CHECK(c.send("e FETCH 1 ()").starts_with("e BAD"));
        CHECK(c.send("f FETCH 1").starts_with("f BAD"));
        CHECK(c.send("g FETCH 1 BODY[FOO]").starts_with("g BAD"));
        CHECK(c.send("h FETCH 1 RFC822.PEEK").starts_with("h BAD"));
        // None of them changed anything, and the session goes on.
        CHECK(storeFlags(w, 2) == mail::Flags{});
        CHECK(c.send("i FETCH 1 UID") == "* 1 FETCH (UID 1)\r\ni OK FETCH completed\r\n");
    }

    TEST_CASE("FETCH of a message with no messages at all") {
        World w(0);
        Client c(w);
        c.select();
        CHECK(c.send("a FETCH 1 FLAGS").starts_with("a BAD"));
        CHECK(c.send("b FETCH * FLAGS").starts_with("b BAD"));
        CHECK(c.send("c UID FETCH 1:* FLAGS") == "c OK UID FETCH completed\r\n");
    }

    TEST_CASE("FETCH FLAGS carries a pending flag change, which is not repeated") {
        World w(3);
        Client c(w), other(w);
        c.select();
        other.select();
        REQUIRE(other.send("s STORE 2 +FLAGS.SILENT (\\Answered)") == "s OK STORE completed\r\n");
        CHECK(c.send("a FETCH 2 FLAGS") == "* 2 FETCH (FLAGS (\\Answered \\Recent))\r\na OK FETCH completed\r\n");
        CHECK(c.send("b NOOP") == "b OK NOOP completed\r\n");
        // Otherwise the change comes first, as its own untagged FETCH.
        REQUIRE(other.send("t STORE 3 +FLAGS.SILENT (\\Flagged)") == "t OK STORE completed\r\n");
        CHECK(c.send("c FETCH 1 FLAGS") == "* 3 FETCH (FLAGS (\\Flagged \\Recent))\r\n* 1 FETCH (FLAGS (\\Recent))\r\nc OK FETCH completed\r\n");
        REQUIRE(other.send("u STORE 1 +FLAGS.SILENT (\\Draft)") == "u OK STORE completed\r\n");
        CHECK(c.send("d UID FETCH 1 UID") == "* 1 FETCH (UID 1 FLAGS (\\Draft \\Recent))\r\n* 1 FETCH (UID 1)\r\nd OK UID FETCH completed\r\n");
    }

    TEST_CASE("a message another session expunged can still be fetched until EXPUNGE is sent") {
        World w(3);
        Client c(w), other(w);
        c.select();
        other.select();
        REQUIRE(other.send("s STORE 2 +FLAGS.SILENT (\\Deleted)") == "s OK STORE completed\r\n");
        REQUIRE(other.send("x EXPUNGE") == "* 2 EXPUNGE\r\nx OK EXPUNGE completed\r\n");
        REQUIRE(w.alice->inbox().findUid(2) == nullptr);

        // No EXPUNGE during FETCH (RFC 3501 7.4.1); the data comes from the cached message.
        CHECK(c.send("a FETCH 2 (UID BODY[TEXT])") ==
              "* 2 FETCH (UID 2 BODY[TEXT] " + literal("Hello from Message 2\r\n") + ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b FETCH 2:3 UID") == "* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\nb OK FETCH completed\r\n");
        CHECK(c.send("c UID FETCH 2 RFC822.SIZE").starts_with("* 2 FETCH (UID 2 RFC822.SIZE "));
        // The EXPUNGE comes at the next command that may carry it, after UID FETCH's data.
        CHECK(c.last.toPeer.find("* 2 EXPUNGE\r\nc OK UID FETCH completed\r\n") != std::string::npos);
        CHECK(c.send("d FETCH 2 UID") == "* 2 FETCH (UID 3)\r\nd OK FETCH completed\r\n");
    }

    TEST_CASE("the EXPUNGE of a fetched message waits for NOOP") {
        World w(3);
        Client c(w), other(w);
        c.select();
        other.select();
        other.send("s STORE 1 +FLAGS.SILENT (\\Deleted)");
        other.send("x EXPUNGE");
        CHECK(c.send("a FETCH 1 BODY[]") == "* 1 FETCH (BODY[] " + literal(kHeader1 + kBody1) + ")\r\na OK FETCH completed\r\n");
        CHECK(c.send("b NOOP") == "* 1 EXPUNGE\r\nb OK NOOP completed\r\n");
        CHECK(c.send("c FETCH 3 UID").starts_with("c BAD"));  // only 2 messages now
    }

    TEST_CASE("FETCH after another session deleted the selected mailbox gets BYE") {
        World w(0);
        REQUIRE(w.store.createMailbox(*w.alice, "Work") == mail::MailboxError::None);
        const auto message = mail::Message::fromBytes(kHeader1 + kBody1, 1795770000);
        w.store.append(*w.alice, *w.alice->findMailbox("Work"), message);
        Client c(w);
        c.select("Work");
        REQUIRE(w.store.deleteMailbox(*w.alice, "Work") == mail::MailboxError::None);
        CHECK(c.send("a FETCH 1 BODY[]") == "* BYE Selected mailbox was deleted, have to disconnect\r\n");
        CHECK(c.last.close);
    }

    TEST_CASE("new mail is announced before a FETCH names it") {
        World w(2);
        Client c(w);
        c.select();
        w.deliver("Fresh");
        CHECK(c.send("a FETCH 3 UID") == "* 3 EXISTS\r\n* 3 RECENT\r\n* 3 FETCH (UID 3)\r\na OK FETCH completed\r\n");
        w.deliver("Fresher");
        CHECK(c.send("b UID FETCH 1:* UID") ==
              "* 4 EXISTS\r\n* 4 RECENT\r\n* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\n"
              "* 4 FETCH (UID 4)\r\nb OK UID FETCH completed\r\n");
    }

    TEST_CASE("pipelined FETCH commands and one byte at a time give the same answer") {
        const std::string input = "a FETCH 1 (UID FLAGS)\r\nb FETCH 2 BODY[TEXT]\r\nc UID FETCH 3 RFC822.SIZE\r\n";
        World w1(3), w2(3);
        Client all(w1), bytes(w2);
        all.select();
        bytes.select();
        const std::string together = all.raw(input);
        std::string oneByOne;
        for (char ch : input) oneByOne += bytes.raw(std::string_view(&ch, 1));
        CHECK(together == oneByOne);
        CHECK(together.starts_with("* 1 FETCH (UID 1 FLAGS (\\Recent))\r\na OK FETCH completed\r\n"));
        CHECK(together.find("b OK FETCH completed\r\n* 3 FETCH (UID 3 RFC822.SIZE ") != std::string::npos);
        CHECK(together.ends_with("c OK UID FETCH completed\r\n"));
    }
}
