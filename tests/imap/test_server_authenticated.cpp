// IMAP server, authenticated state (RFC 3501 6.3): SELECT, EXAMINE, CREATE, DELETE, RENAME,
// SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, APPEND; RFC 4315 APPENDUID, RFC 5258 LIST
// options, RFC 3348 CHILDREN, RFC 6154 SPECIAL-USE, RFC 2342 NAMESPACE, RFC 5161 ENABLE.
#include <doctest/doctest.h>

#include <initializer_list>

#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

namespace {

/// The response lines joined back into what the server should send.
std::string response(std::initializer_list<std::string> lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\r\n";
    return out;
}

template <typename T>
bool hasEvent(const Output& out) {
    for (const Event& e : out.events)
        if (std::holds_alternative<T>(e)) return true;
    return false;
}

std::string uidValidity(const World& w, std::string_view mailbox) {
    return std::to_string(w.alice->findMailbox(mailbox)->uidValidity());
}

/// A small message as a client would APPEND it.
const std::string kDraft = "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: Draft\r\n\r\nNot sent yet\r\n";

std::string literalOf(const std::string& bytes, bool nonSynchronizing) {
    return "{" + std::to_string(bytes.size()) + (nonSynchronizing ? "+}" : "}");
}

}  // namespace

TEST_SUITE("imap.server.authenticated") {
    // [SECTION] SELECT and EXAMINE

    TEST_CASE("SELECT sends FLAGS, PERMANENTFLAGS, EXISTS, RECENT, UNSEEN, UIDVALIDITY, UIDNEXT in order") {
        World w;
        Client c(w);
        c.login();
        SUBCASE("all messages new") {
            const std::string r = c.send("a SELECT INBOX");
            CHECK(r == response({"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                                 "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.",
                                 "* 3 EXISTS",
                                 "* 3 RECENT",
                                 "* OK [UNSEEN 1] Message 1 is first unseen",
                                 "* OK [UIDVALIDITY " + uidValidity(w, "INBOX") + "] UIDs valid",
                                 "* OK [UIDNEXT 4] Predicted next UID",
                                 "a OK [READ-WRITE] SELECT completed"}));
            CHECK(c.session.state() == State::Selected);
            REQUIRE(c.session.selected() != nullptr);
            CHECK_FALSE(c.session.selected()->readOnly());
            REQUIRE(hasEvent<MailboxSelected>(c.last));
            for (const Event& e : c.last.events)
                if (const auto* s = std::get_if<MailboxSelected>(&e)) {
                    CHECK(s->mailbox == "INBOX");
                    CHECK_FALSE(s->readOnly);
                }
        }
        SUBCASE("keywords in use are listed, UNSEEN names the first unseen message") {
            mail::Mailbox& inbox = w.alice->inbox();
            mail::Flags seen;
            seen.set(mail::SystemFlag::Seen);
            seen.addKeyword("$Forwarded");
            REQUIRE(w.store.setFlags(*w.alice, inbox, 1, seen));
            const std::string r = c.send("a select inbox");
            const auto l = lines(r);
            REQUIRE(l.size() == 8);
            CHECK(l[0] == "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)");
            CHECK(l[1] == "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded \\*)] Flags permitted.");
            CHECK(l[4] == "* OK [UNSEEN 2] Message 2 is first unseen");
            CHECK(l[7] == "a OK [READ-WRITE] SELECT completed");
        }
        SUBCASE("no UNSEEN line when every message is seen") {
            mail::Mailbox& inbox = w.alice->inbox();
            mail::Flags seen;
            seen.set(mail::SystemFlag::Seen);
            for (std::uint32_t uid = 1; uid <= 3; ++uid) REQUIRE(w.store.setFlags(*w.alice, inbox, uid, seen));
            const std::string r = c.send("a SELECT INBOX");
            CHECK(r.find("UNSEEN") == std::string::npos);
            CHECK(lines(r).size() == 7);
            CHECK(hasLine(r, "* 3 EXISTS"));
        }
        SUBCASE("an empty mailbox") {
            const std::string r = c.send("a SELECT Sent");
            CHECK(r == response({"* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                                 "* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.",
                                 "* 0 EXISTS",
                                 "* 0 RECENT",
                                 "* OK [UIDVALIDITY " + uidValidity(w, "Sent") + "] UIDs valid",
                                 "* OK [UIDNEXT 1] Predicted next UID",
                                 "a OK [READ-WRITE] SELECT completed"}));
        }
    }

    TEST_CASE("EXAMINE is read-only: PERMANENTFLAGS () and [READ-ONLY], \\Recent is not taken") {
        World w;
        Client c(w);
        c.login();
        const auto l = lines(c.send("a EXAMINE INBOX"));
        REQUIRE(l.size() == 8);
        CHECK(l[0] == "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)");
        CHECK(l[1] == "* OK [PERMANENTFLAGS ()] Read-only mailbox.");
        CHECK(l[2] == "* 3 EXISTS");
        CHECK(l[4] == "* OK [UNSEEN 1] Message 1 is first unseen");
        CHECK(l[7] == "a OK [READ-ONLY] EXAMINE completed");
        REQUIRE(c.session.selected() != nullptr);
        CHECK(c.session.selected()->readOnly());
        // Another session that selects read-write still finds every message \Recent.
        Client other(w);
        other.login();
        CHECK(hasLine(other.send("b SELECT INBOX"), "* 3 RECENT"));
        CHECK(w.alice->inbox().recentCount() == 0);
    }

    TEST_CASE("\\Recent goes to the first session that selects, a second one sees 0") {
        World w;
        Client first(w), second(w);
        first.login();
        second.login();
        CHECK(hasLine(first.send("a SELECT INBOX"), "* 3 RECENT"));
        const std::string r = second.send("b SELECT INBOX");
        CHECK(hasLine(r, "* 0 RECENT"));
        CHECK(hasLine(r, "* 3 EXISTS"));
        // A message delivered now is \Recent for whichever selected session hears first.
        w.deliver("Late");
        CHECK(first.send("c NOOP") == response({"* 4 EXISTS", "* 4 RECENT", "c OK NOOP completed"}));
        CHECK(second.send("d NOOP") == response({"* 4 EXISTS", "* 0 RECENT", "d OK NOOP completed"}));
    }

    TEST_CASE("a failed SELECT leaves the session unselected") {
        World w;
        Client c(w);
        c.select();
        const std::string r = c.send("b SELECT Nowhere");
        CHECK(r == "b NO [NONEXISTENT] Mailbox does not exist: Nowhere\r\n");
        CHECK(c.session.state() == State::Authenticated);
        CHECK(c.session.selected() == nullptr);
        CHECK(hasEvent<MailboxDeselected>(c.last));
        CHECK(c.send("c FETCH 1 FLAGS").starts_with("c BAD No mailbox selected"));
    }

    TEST_CASE("SELECT of another mailbox switches, and EXAMINE after SELECT is read-only") {
        World w;
        Client c(w);
        c.select("Drafts");
        const std::string r = c.send("b EXAMINE INBOX");
        CHECK(hasLine(r, "b OK [READ-ONLY] EXAMINE completed"));
        CHECK(hasLine(r, "* 3 EXISTS"));
        CHECK(hasEvent<MailboxDeselected>(c.last));
        CHECK(hasEvent<MailboxSelected>(c.last));
        REQUIRE(c.session.selected() != nullptr);
        CHECK(c.session.selected()->mailboxId() == w.alice->inbox().id());
        CHECK(c.send("c STORE 1 +FLAGS \\Seen").starts_with("c NO [READ-ONLY]"));
        CHECK_FALSE(w.alice->inbox().items()[0].flags.has(mail::SystemFlag::Seen));
    }

    TEST_CASE("SELECT with unsupported parameters is BAD and changes nothing") {
        World w;
        Client c(w);
        c.select();
        CHECK(c.send("b SELECT INBOX (CONDSTORE)").starts_with("b BAD"));
        CHECK(c.session.state() == State::Selected);
    }

    TEST_CASE("a mailbox name that is not modified UTF-7 is NO, not BAD, and SELECT of it leaves the mailbox") {
        // RFC 3501 5.1.3 names; BAD is for syntax (7.1.3), and a failed SELECT closes the
        // selected mailbox (6.3.1).
        World w;
        Client c(w);
        c.select();
        CHECK(c.send("c SELECT \"Bad&name\"") == "c NO [NONEXISTENT] Mailbox name is not valid modified UTF-7\r\n");
        CHECK(c.session.state() == State::Authenticated);
        CHECK(c.send("d EXAMINE \"&Jjo\"") == "d NO [NONEXISTENT] Mailbox name is not valid modified UTF-7\r\n");
        CHECK(c.send("e STATUS \"&\" (MESSAGES)") == "e NO [NONEXISTENT] Mailbox name is not valid modified UTF-7\r\n");
        CHECK(c.send("f DELETE \"a&AAA\"") == "f NO [NONEXISTENT] Mailbox name is not valid modified UTF-7\r\n");
        REQUIRE(c.send("h SELECT INBOX").find("h OK") != std::string::npos);
        CHECK(c.send("g COPY 1 \"&-&\"") == "g NO [NONEXISTENT] Mailbox name is not valid modified UTF-7\r\n");
    }

    // [SECTION] CREATE, DELETE, RENAME

    TEST_CASE("CREATE: new names, hierarchy, trailing delimiter, INBOX and existing names") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a CREATE Projects") == "a OK CREATE completed\r\n");
        CHECK(w.alice->findMailbox("Projects") != nullptr);
        CHECK(c.send("b CREATE Projects") == "b NO [ALREADYEXISTS] Mailbox already exists: Projects\r\n");
        CHECK(c.send("c CREATE INBOX") == "c NO [ALREADYEXISTS] Mailbox already exists: INBOX\r\n");
        CHECK(c.send("d CREATE inbox").starts_with("d NO [ALREADYEXISTS]"));
        // RFC 3501 6.3.3: a trailing delimiter says inferiors will follow; the name has none.
        CHECK(c.send("e CREATE Projects/2026/") == "e OK CREATE completed\r\n");
        CHECK(w.alice->findMailbox("Projects/2026") != nullptr);
        CHECK(w.alice->findMailbox("Projects/2026/") == nullptr);
        // Missing superiors are created along the way.
        CHECK(c.send("f CREATE Deep/er/level") == "f OK CREATE completed\r\n");
        CHECK(w.alice->findMailbox("Deep") != nullptr);
        CHECK(w.alice->findMailbox("Deep/er") != nullptr);
        // Names under INBOX keep INBOX's spelling whatever case the client used.
        CHECK(c.send("g CREATE inbox/Work") == "g OK CREATE completed\r\n");
        CHECK(w.alice->findMailbox("INBOX/Work") != nullptr);
    }

    TEST_CASE("CREATE refuses invalid names") {
        World w;
        Client c(w);
        c.login();
        const std::size_t before = w.alice->mailboxes().size();
        CHECK(c.send("a CREATE a//b") == "a NO [CANNOT] Invalid mailbox name: a//b\r\n");
        CHECK(c.send("b CREATE /top").starts_with("b NO [CANNOT]"));
        CHECK(c.send("c CREATE \"half&AXw\"") == "c NO [CANNOT] Mailbox name is not valid modified UTF-7\r\n");
        CHECK(c.send("d CREATE \"star*\"").starts_with("d NO [CANNOT]"));
        CHECK(c.send("e CREATE \"pct%\"").starts_with("e NO [CANNOT]"));
        CHECK(w.alice->mailboxes().size() == before);
    }

    TEST_CASE("CREATE in modified UTF-7 stores the UTF-8 name and lists it in modified UTF-7") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a CREATE \"Wa&AXw-ne\"") == "a OK CREATE completed\r\n");
        CHECK(w.alice->findMailbox("Ważne") != nullptr);
        CHECK(c.send("b LIST \"\" \"Wa*\"") == response({"* LIST (\\HasNoChildren) \"/\" \"Wa&AXw-ne\"", "b OK LIST completed"}));
        CHECK(c.send("c CREATE Wys&AUI-ane") == "c OK CREATE completed\r\n");
        CHECK(w.alice->findMailbox("Wysłane") != nullptr);
        CHECK(c.send("d LIST \"\" Wys&AUI-ane") ==
              response({"* LIST (\\HasNoChildren) \"/\" \"Wys&AUI-ane\"", "d OK LIST completed"}));
        // Raw UTF-8, which some clients send, names the same mailbox.
        CHECK(c.send("e CREATE " + literalOf("Wysłane", true) + "\r\nWysłane").starts_with("e NO [ALREADYEXISTS]"));
        CHECK(c.send("f CREATE " + literalOf("Żółw", true) + "\r\nŻółw") == "f OK CREATE completed\r\n");
        CHECK(w.alice->findMailbox("Żółw") != nullptr);
    }

    TEST_CASE("DELETE: INBOX, missing mailboxes, mailboxes with inferiors") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a DELETE INBOX") == "a NO [CANNOT] INBOX cannot be deleted\r\n");
        CHECK(c.send("b DELETE inbox").starts_with("b NO [CANNOT]"));
        CHECK(c.send("c DELETE Nowhere") == "c NO [NONEXISTENT] Mailbox does not exist: Nowhere\r\n");
        REQUIRE(c.send("d CREATE Projects/Alpha").starts_with("d OK"));
        CHECK(c.send("e DELETE Projects") ==
              "e NO [INUSE] Mailbox has inferior hierarchical names; delete those first: Projects\r\n");
        CHECK(w.alice->findMailbox("Projects") != nullptr);
        CHECK(c.send("f DELETE Projects/Alpha") == "f OK DELETE completed\r\n");
        CHECK(c.send("g DELETE Projects") == "g OK DELETE completed\r\n");
        CHECK(w.alice->findMailbox("Projects") == nullptr);
        CHECK(w.alice->inbox().size() == 3);
    }

    TEST_CASE("DELETE of the session's own selected mailbox leaves it, without BYE") {
        World w;
        Client c(w);
        c.select("Trash");
        const std::string r = c.send("b DELETE Trash");
        CHECK(r == "b OK DELETE completed\r\n");
        CHECK_FALSE(c.last.close);
        CHECK(c.session.state() == State::Authenticated);
        CHECK(c.session.selected() == nullptr);
        CHECK(w.alice->findMailbox("Trash") == nullptr);
        CHECK(c.send("c NOOP") == "c OK NOOP completed\r\n");
    }

    TEST_CASE("DELETE of a mailbox another session has selected: that session is told BYE") {
        World w;
        Client deleter(w), reader(w);
        deleter.login();
        reader.select("Junk");
        CHECK(deleter.send("a DELETE Junk") == "a OK DELETE completed\r\n");
        CHECK(deleter.session.state() == State::Authenticated);
        const std::string r = reader.send("b NOOP");
        CHECK(r.starts_with("* BYE"));
        CHECK(reader.last.close);
    }

    TEST_CASE("RENAME moves inferiors along and maps store errors to response codes") {
        World w;
        Client c(w);
        c.login();
        REQUIRE(c.send("a CREATE Projects/Alpha").starts_with("a OK"));
        const auto projectsId = w.alice->findMailbox("Projects")->id();
        CHECK(c.send("b RENAME Projects Work") == "b OK RENAME completed\r\n");
        REQUIRE(w.alice->findMailbox("Work") != nullptr);
        CHECK(w.alice->findMailbox("Work")->id() == projectsId);
        CHECK(w.alice->findMailbox("Work/Alpha") != nullptr);
        CHECK(w.alice->findMailbox("Projects") == nullptr);
        CHECK(w.alice->findMailbox("Projects/Alpha") == nullptr);
        CHECK(c.send("c RENAME Nowhere Else") == "c NO [NONEXISTENT] Mailbox does not exist: Nowhere\r\n");
        CHECK(c.send("d RENAME Sent Drafts") == "d NO [ALREADYEXISTS] Mailbox already exists: Drafts\r\n");
        CHECK(c.send("e RENAME Work Work/Inside").starts_with("e NO [CANNOT]"));
        CHECK(c.send("f RENAME Work \"a*\"").starts_with("f NO [CANNOT]"));
        CHECK(c.send("g RENAME Work \"Bad&\"") == "g NO [CANNOT] Mailbox name is not valid modified UTF-7\r\n");
        CHECK(w.alice->findMailbox("Work") != nullptr);
    }

    TEST_CASE("RENAME INBOX moves its messages to the new mailbox and leaves INBOX empty") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a RENAME INBOX Old") == "a OK RENAME completed\r\n");
        REQUIRE(w.alice->findMailbox("Old") != nullptr);
        CHECK(w.alice->findMailbox("Old")->size() == 3);
        CHECK(w.alice->inbox().empty());
        CHECK(c.send("b RENAME inbox Older").starts_with("b OK"));  // INBOX still exists, just empty
        CHECK(w.alice->findMailbox("Older")->empty());
    }

    TEST_CASE("RENAME through modified UTF-7 names") {
        World w;
        Client c(w);
        c.login();
        REQUIRE(c.send("a CREATE Wys&AUI-ane").starts_with("a OK"));
        CHECK(c.send("b RENAME Wys&AUI-ane Wa&AXw-ne") == "b OK RENAME completed\r\n");
        CHECK(w.alice->findMailbox("Wysłane") == nullptr);
        CHECK(w.alice->findMailbox("Ważne") != nullptr);
        CHECK(c.send("c LIST \"\" W*") == response({"* LIST (\\HasNoChildren) \"/\" \"Wa&AXw-ne\"", "c OK LIST completed"}));
    }

    // [SECTION] SUBSCRIBE, UNSUBSCRIBE, LSUB

    TEST_CASE("SUBSCRIBE and UNSUBSCRIBE change what LSUB shows") {
        World w;
        Client c(w);
        c.login();
        REQUIRE(c.send("a CREATE Projects").starts_with("a OK"));
        CHECK(c.send("b LSUB \"\" Projects") == "b OK LSUB completed\r\n");
        CHECK(c.send("c SUBSCRIBE Projects") == "c OK SUBSCRIBE completed\r\n");
        CHECK(w.alice->subscriptions().contains("Projects"));
        CHECK(c.send("d LSUB \"\" Projects") == response({"* LSUB () \"/\" \"Projects\"", "d OK LSUB completed"}));
        CHECK(c.send("e UNSUBSCRIBE Projects") == "e OK UNSUBSCRIBE completed\r\n");
        CHECK_FALSE(w.alice->subscriptions().contains("Projects"));
        CHECK(c.send("f UNSUBSCRIBE Projects") == "f NO [NONEXISTENT] Not subscribed: Projects\r\n");
        CHECK(c.send("g SUBSCRIBE Nowhere") == "g NO [NONEXISTENT] Mailbox does not exist: Nowhere\r\n");
        CHECK_FALSE(w.alice->subscriptions().contains("Nowhere"));
        CHECK(c.send("h SUBSCRIBE \"&\"") == "h NO [NONEXISTENT] Mailbox name is not valid modified UTF-7\r\n");
    }

    TEST_CASE("LSUB with * and %, \\Noselect for levels and for deleted mailboxes") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a LSUB \"\" *") == response({"* LSUB () \"/\" \"INBOX\"", "* LSUB () \"/\" \"Archive\"",
                                                   "* LSUB () \"/\" \"Drafts\"", "* LSUB () \"/\" \"Junk\"",
                                                   "* LSUB () \"/\" \"Sent\"", "* LSUB () \"/\" \"Trash\"",
                                                   "a OK LSUB completed"}));
        REQUIRE(c.send("b CREATE Projects/Alpha").starts_with("b OK"));
        REQUIRE(c.send("c SUBSCRIBE Projects/Alpha").starts_with("c OK"));
        // "%" stops at Projects, which is not subscribed: it is shown with \Noselect.
        CHECK(c.send("d LSUB \"\" P%") == response({"* LSUB (\\Noselect) \"/\" \"Projects\"", "d OK LSUB completed"}));
        CHECK(c.send("e LSUB \"\" P*") == response({"* LSUB () \"/\" \"Projects/Alpha\"", "e OK LSUB completed"}));
        CHECK(c.send("f LSUB Projects/ %") == response({"* LSUB () \"/\" \"Projects/Alpha\"", "f OK LSUB completed"}));
        // A subscription outlives its mailbox (RFC 3501 6.3.6).
        REQUIRE(c.send("g DELETE Trash").starts_with("g OK"));
        CHECK(c.send("h LSUB \"\" Trash") == response({"* LSUB (\\Noselect) \"/\" \"Trash\"", "h OK LSUB completed"}));
        CHECK(c.send("i LSUB \"\" \"\"") == response({"* LSUB (\\Noselect) \"/\" \"\"", "i OK LSUB completed"}));
    }

    // [SECTION] LIST

    TEST_CASE("LIST with *, %, a hierarchy, a reference and the empty pattern") {
        World w;
        Client c(w);
        c.login();
        REQUIRE(c.send("a CREATE Projects/Alpha").starts_with("a OK"));
        REQUIRE(c.send("b CREATE Projects/Beta").starts_with("b OK"));
        REQUIRE(c.send("c CREATE Wa&AXw-ne").starts_with("c OK"));
        SUBCASE("*") {
            CHECK(c.send("l LIST \"\" *") == response({"* LIST (\\HasNoChildren) \"/\" \"INBOX\"",
                                                      "* LIST (\\HasNoChildren \\Archive) \"/\" \"Archive\"",
                                                      "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                                                      "* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"",
                                                      "* LIST (\\HasChildren) \"/\" \"Projects\"",
                                                      "* LIST (\\HasNoChildren) \"/\" \"Projects/Alpha\"",
                                                      "* LIST (\\HasNoChildren) \"/\" \"Projects/Beta\"",
                                                      "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                                                      "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"",
                                                      "* LIST (\\HasNoChildren) \"/\" \"Wa&AXw-ne\"",
                                                      "l OK LIST completed"}));
        }
        SUBCASE("% does not cross the delimiter") {
            const std::string r = c.send("l LIST \"\" %");
            CHECK(lines(r).size() == 9);
            CHECK(hasLine(r, "* LIST (\\HasChildren) \"/\" \"Projects\""));
            CHECK(r.find("Projects/") == std::string::npos);
            CHECK(hasLine(r, "l OK LIST completed"));
        }
        SUBCASE("Projects/%") {
            CHECK(c.send("l LIST \"\" Projects/%") == response({"* LIST (\\HasNoChildren) \"/\" \"Projects/Alpha\"",
                                                               "* LIST (\\HasNoChildren) \"/\" \"Projects/Beta\"",
                                                               "l OK LIST completed"}));
        }
        SUBCASE("reference Projects/ with %") {
            CHECK(c.send("l LIST Projects/ %") == response({"* LIST (\\HasNoChildren) \"/\" \"Projects/Alpha\"",
                                                           "* LIST (\\HasNoChildren) \"/\" \"Projects/Beta\"",
                                                           "l OK LIST completed"}));
        }
        SUBCASE("* crosses the delimiter in the middle of a pattern, % does not") {
            CHECK(c.send("l LIST \"\" P*a") == response({"* LIST (\\HasNoChildren) \"/\" \"Projects/Alpha\"",
                                                        "* LIST (\\HasNoChildren) \"/\" \"Projects/Beta\"",
                                                        "l OK LIST completed"}));
            CHECK(c.send("m LIST \"\" P%a") == "m OK LIST completed\r\n");
            CHECK(c.send("n LIST \"\" %/%a") == response({"* LIST (\\HasNoChildren) \"/\" \"Projects/Alpha\"",
                                                         "* LIST (\\HasNoChildren) \"/\" \"Projects/Beta\"",
                                                         "n OK LIST completed"}));
        }
        SUBCASE("the empty pattern gives the delimiter") {
            CHECK(c.send("l LIST \"\" \"\"") == response({"* LIST (\\Noselect) \"/\" \"\"", "l OK LIST completed"}));
        }
        SUBCASE("INBOX matches in any case, other names do not") {
            CHECK(c.send("l LIST \"\" inbox") == response({"* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "l OK LIST completed"}));
            CHECK(c.send("m LIST \"\" In%") == response({"* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "m OK LIST completed"}));
            CHECK(c.send("n LIST \"\" projects") == "n OK LIST completed\r\n");
        }
        SUBCASE("a pattern that matches nothing") {
            CHECK(c.send("l LIST \"\" Nothing*") == "l OK LIST completed\r\n");
        }
        SUBCASE("raw UTF-8 in the pattern matches the modified UTF-7 name") {
            CHECK(c.send("l LIST \"\" " + literalOf("Ważne", true) + "\r\nWażne") ==
                  response({"* LIST (\\HasNoChildren) \"/\" \"Wa&AXw-ne\"", "l OK LIST completed"}));
        }
    }

    TEST_CASE("LIST with a long run of wildcards still answers") {
        World w;
        Client c(w);
        c.login();
        std::string pattern;
        for (int i = 0; i < 2000; ++i) pattern += "*%";
        const std::string r = c.send("l LIST \"\" \"" + pattern + "q\"");
        CHECK(r == "l OK LIST completed\r\n");
        CHECK(c.send("m LIST \"\" \"" + pattern + "\"").find("\"Archive\"") != std::string::npos);
    }

    TEST_CASE("LIST extended options: SPECIAL-USE, SUBSCRIBED, RECURSIVEMATCH, RETURN") {
        World w;
        Client c(w);
        c.login();
        REQUIRE(c.send("a CREATE Projects/Alpha").starts_with("a OK"));
        SUBCASE("selection SPECIAL-USE lists only special-use mailboxes") {
            CHECK(c.send("l LIST (SPECIAL-USE) \"\" *") == response({"* LIST (\\HasNoChildren \\Archive) \"/\" \"Archive\"",
                                                                    "* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"",
                                                                    "* LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"",
                                                                    "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"",
                                                                    "* LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"",
                                                                    "l OK LIST completed"}));
        }
        SUBCASE("RETURN (SPECIAL-USE) and RETURN (CHILDREN) give the usual list") {
            const std::string plain = c.send("l LIST \"\" %");
            std::string expected = plain;
            expected.replace(expected.rfind("l OK"), 1, "m");
            CHECK(c.send("m LIST \"\" % RETURN (SPECIAL-USE)") == expected);
            expected.replace(expected.rfind("m OK"), 1, "n");
            CHECK(c.send("n LIST \"\" % RETURN (CHILDREN)") == expected);
            CHECK(hasLine(plain, "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\""));
        }
        SUBCASE("RETURN (SUBSCRIBED) marks subscribed mailboxes") {
            const std::string r = c.send("l LIST \"\" % RETURN (SUBSCRIBED)");
            CHECK(hasLine(r, "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\""));
            CHECK(hasLine(r, "* LIST (\\HasNoChildren \\Sent \\Subscribed) \"/\" \"Sent\""));
            CHECK(hasLine(r, "* LIST (\\HasChildren) \"/\" \"Projects\""));
        }
        SUBCASE("selection SUBSCRIBED lists subscriptions, gone ones as \\NonExistent") {
            REQUIRE(c.send("b SUBSCRIBE Projects/Alpha").starts_with("b OK"));
            REQUIRE(c.send("c DELETE Junk").starts_with("c OK"));
            CHECK(c.send("l LIST (SUBSCRIBED) \"\" *") ==
                  response({"* LIST (\\HasNoChildren \\Subscribed) \"/\" \"INBOX\"",
                            "* LIST (\\HasNoChildren \\Archive \\Subscribed) \"/\" \"Archive\"",
                            "* LIST (\\HasNoChildren \\Drafts \\Subscribed) \"/\" \"Drafts\"",
                            "* LIST (\\NonExistent \\Subscribed) \"/\" \"Junk\"",
                            "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Projects/Alpha\"",
                            "* LIST (\\HasNoChildren \\Sent \\Subscribed) \"/\" \"Sent\"",
                            "* LIST (\\HasNoChildren \\Trash \\Subscribed) \"/\" \"Trash\"",
                            "l OK LIST completed"}));
        }
        SUBCASE("RECURSIVEMATCH with SUBSCRIBED returns parents with CHILDINFO") {
            REQUIRE(c.send("b SUBSCRIBE Projects/Alpha").starts_with("b OK"));
            CHECK(c.send("l LIST (SUBSCRIBED RECURSIVEMATCH) \"\" P%") ==
                  response({"* LIST (\\HasChildren) \"/\" \"Projects\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                            "l OK LIST completed"}));
            CHECK(c.send("m LIST (SUBSCRIBED) \"\" P%") == "m OK LIST completed\r\n");
        }
        SUBCASE("RECURSIVEMATCH lists a parent only for a qualifying child that is not listed itself") {
            // The shape of RFC 5258 5 example 9 with other names: "Lab2" has one subscribed
            // child, and it matches "*2" too; "Desk2" has one that does not; "Box2" is subscribed
            // itself and so keeps CHILDINFO for its subscribed child (RFC 5258 3.1 note 2).
            for (const char* name : {"Lab2/Notes2", "Desk2/Old", "Desk2/Plan2", "Box2/Sub"})
                REQUIRE(c.send(std::string("b CREATE ") + name).starts_with("b OK"));
            for (const char* name : {"Lab2/Notes2", "Desk2/Old", "Desk2/Plan2", "Box2", "Box2/Sub"})
                REQUIRE(c.send(std::string("s SUBSCRIBE ") + name).starts_with("s OK"));
            CHECK(c.send("l LIST (SUBSCRIBED RECURSIVEMATCH) \"\" *2") ==
                  response({"* LIST (\\HasChildren \\Subscribed) \"/\" \"Box2\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                            "* LIST (\\HasChildren) \"/\" \"Desk2\" (\"CHILDINFO\" (\"SUBSCRIBED\"))",
                            "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Desk2/Plan2\"",
                            "* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Lab2/Notes2\"",
                            "l OK LIST completed"}));
            // With several patterns, a child matched by any of them is listed, so its parent is not.
            ServerConfig extended;
            extended.listExtended = true;
            Client e(w, extended);
            e.login();
            CHECK(e.send("m LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (Lab2 Lab2/Notes2)") ==
                  response({"* LIST (\\HasNoChildren \\Subscribed) \"/\" \"Lab2/Notes2\"", "m OK LIST completed"}));
            CHECK(e.send("n LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (Lab2)") ==
                  response({"* LIST (\\HasChildren) \"/\" \"Lab2\" (\"CHILDINFO\" (\"SUBSCRIBED\"))", "n OK LIST completed"}));
        }
        SUBCASE("RECURSIVEMATCH alone and unknown options are BAD") {
            CHECK(c.send("l LIST (RECURSIVEMATCH) \"\" *").starts_with("l BAD"));
            CHECK(c.send("m LIST (REMOTE RECURSIVEMATCH) \"\" *").starts_with("m BAD"));
            CHECK(c.send("n LIST (FROBNICATE) \"\" *").starts_with("n BAD"));
            CHECK(c.send("o LIST \"\" * RETURN (FROBNICATE)").starts_with("o BAD"));
            CHECK(c.send("p LIST (REMOTE) \"\" INBOX") ==
                  response({"* LIST (\\HasNoChildren) \"/\" \"INBOX\"", "p OK LIST completed"}));
        }
    }

    // [SECTION] STATUS

    TEST_CASE("STATUS reports the items asked for, in the order asked") {
        World w;
        Client c(w);
        c.login();
        const std::string uv = uidValidity(w, "INBOX");
        CHECK(c.send("a STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)") ==
              response({"* STATUS \"INBOX\" (MESSAGES 3 RECENT 3 UIDNEXT 4 UIDVALIDITY " + uv + " UNSEEN 3)",
                        "a OK STATUS completed"}));
        mail::Flags seen;
        seen.set(mail::SystemFlag::Seen);
        REQUIRE(w.store.setFlags(*w.alice, w.alice->inbox(), 2, seen));
        CHECK(c.send("b STATUS inbox (UNSEEN MESSAGES)") ==
              response({"* STATUS \"INBOX\" (UNSEEN 2 MESSAGES 3)", "b OK STATUS completed"}));
        CHECK(c.send("c STATUS Drafts (UIDNEXT MESSAGES)") ==
              response({"* STATUS \"Drafts\" (UIDNEXT 1 MESSAGES 0)", "c OK STATUS completed"}));
        CHECK(c.send("d STATUS Nowhere (MESSAGES)") == "d NO [NONEXISTENT] Mailbox does not exist: Nowhere\r\n");
        CHECK(c.send("e STATUS INBOX (BOGUS)").starts_with("e BAD"));
        REQUIRE(c.send("f CREATE Wa&AXw-ne").starts_with("f OK"));
        CHECK(c.send("g STATUS Wa&AXw-ne (MESSAGES)") ==
              response({"* STATUS \"Wa&AXw-ne\" (MESSAGES 0)", "g OK STATUS completed"}));
    }

    TEST_CASE("STATUS RECENT follows who holds \\Recent") {
        World w;
        Client c(w), other(w);
        c.login();
        SUBCASE("this session selected the mailbox") {
            c.send("s SELECT INBOX");
            CHECK(hasLine(c.send("a STATUS INBOX (RECENT)"), "* STATUS \"INBOX\" (RECENT 3)"));
        }
        SUBCASE("another session took it") {
            other.select();
            CHECK(hasLine(c.send("a STATUS INBOX (RECENT)"), "* STATUS \"INBOX\" (RECENT 0)"));
        }
    }

    // [SECTION] APPEND

    TEST_CASE("APPEND with flags, a date and a synchronizing literal") {
        World w;
        Client c(w);
        c.login();
        const std::string start = "a APPEND Drafts (\\Seen \\Draft) \"27-Nov-2026 09:15:00 +0100\" " + literalOf(kDraft, false);
        CHECK(c.send(start) == "+ Ready for literal data\r\n");
        CHECK(c.send(kDraft) == "a OK [APPENDUID " + uidValidity(w, "Drafts") + " 1] APPEND completed\r\n");
        const mail::Mailbox& drafts = *w.alice->findMailbox("Drafts");
        REQUIRE(drafts.size() == 1);
        const mail::MailItem& item = drafts.items()[0];
        CHECK(item.uid == 1);
        CHECK(item.flags.has(mail::SystemFlag::Seen));
        CHECK(item.flags.has(mail::SystemFlag::Draft));
        CHECK_FALSE(item.flags.has(mail::SystemFlag::Flagged));
        CHECK(item.message->bytes() == kDraft);
        CHECK(core::formatImapDateTime(item.message->internalDate(), item.message->internalZoneMinutes()) ==
              "27-Nov-2026 09:15:00 +0100");
    }

    TEST_CASE("APPEND with a non-synchronizing literal, no flags, no date") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a APPEND Sent " + literalOf(kDraft, true) + "\r\n" + kDraft) ==
              "a OK [APPENDUID " + uidValidity(w, "Sent") + " 1] APPEND completed\r\n");
        CHECK(c.send("b APPEND Sent (\\Recent $Forwarded) {5+}\r\nHello") ==
              "b OK [APPENDUID " + uidValidity(w, "Sent") + " 2] APPEND completed\r\n");
        const mail::Mailbox& sent = *w.alice->findMailbox("Sent");
        REQUIRE(sent.size() == 2);
        CHECK(sent.items()[0].flags == mail::Flags{});
        CHECK(sent.items()[0].message->internalDate() == 1795770000);  // the session's "now"
        CHECK(sent.items()[1].flags.hasKeyword("$Forwarded"));
        CHECK(sent.items()[1].flags.system == 0);  // \Recent is the server's, not stored
    }

    TEST_CASE("APPEND whose literal arrives in pieces") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a APPEND Drafts {12}") == "+ Ready for literal data\r\n");
        CHECK(c.raw("Subject").empty());
        CHECK(c.raw(": x\r").empty());
        CHECK(c.raw("\n").empty());
        CHECK(c.raw("\r\n").starts_with("a OK [APPENDUID"));
        REQUIRE(w.alice->findMailbox("Drafts")->size() == 1);
        CHECK(w.alice->findMailbox("Drafts")->items()[0].message->bytes() == "Subject: x\r\n");
    }

    TEST_CASE("APPEND failures: missing target, bad flag, empty message, bad name") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a APPEND Nowhere {5+}\r\nHello") == "a NO [TRYCREATE] Mailbox does not exist: Nowhere\r\n");
        CHECK(c.send("b APPEND Drafts (\\Bogus) {5+}\r\nHello") == "b BAD Invalid flag \\Bogus\r\n");
        CHECK(c.send("c APPEND Drafts {0+}\r\n").starts_with("c NO"));
        CHECK(c.send("d APPEND \"Bad&\" {5+}\r\nHello") == "d NO [NONEXISTENT] Mailbox name is not valid modified UTF-7\r\n");
        CHECK(c.send("e APPEND Drafts \"31-Foo-2026 09:15:00 +0100\" {5+}\r\nHello").starts_with("e BAD"));
        CHECK(w.alice->findMailbox("Drafts")->empty());
        CHECK(c.send("f NOOP") == "f OK NOOP completed\r\n");
    }

    TEST_CASE("APPEND to the selected mailbox gives that session EXISTS before the tagged OK") {
        World w;
        Client c(w), other(w);
        c.select();
        other.select();
        const std::string r = c.send("a APPEND INBOX {5+}\r\nHello");
        CHECK(r == response({"* 4 EXISTS", "* 4 RECENT", "a OK [APPENDUID " + uidValidity(w, "INBOX") + " 4] APPEND completed"}));
        CHECK(c.session.selected()->exists() == 4);
        CHECK(other.send("b NOOP") == response({"* 4 EXISTS", "* 0 RECENT", "b OK NOOP completed"}));
    }

    // [SECTION] NAMESPACE, ENABLE, state

    TEST_CASE("NAMESPACE: one personal namespace") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a NAMESPACE") == response({"* NAMESPACE ((\"\" \"/\")) NIL NIL", "a OK NAMESPACE completed"}));
    }

    TEST_CASE("ENABLE: nothing can be enabled, so ENABLED lists nothing") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.send("a ENABLE CONDSTORE") == response({"* ENABLED", "a OK ENABLE completed"}));
        CHECK(c.send("b ENABLE UTF8=ACCEPT QRESYNC") == response({"* ENABLED", "b OK ENABLE completed"}));
    }

    TEST_CASE("authenticated-state commands are refused before login and work when selected") {
        World w;
        Client c(w);
        for (const char* line : {"a SELECT INBOX", "b CREATE X", "c LIST \"\" *", "d STATUS INBOX (MESSAGES)",
                                 "e APPEND INBOX {1+}\r\nx", "f NAMESPACE", "g ENABLE CONDSTORE"}) {
            const std::string r = c.send(line);
            CHECK_MESSAGE(r.find(" BAD Log in first") != std::string::npos, line);
        }
        CHECK(w.alice->findMailbox("X") == nullptr);
        CHECK(w.alice->inbox().size() == 3);
        c.select();
        CHECK(c.send("h CREATE X") == "h OK CREATE completed\r\n");
        CHECK(c.send("i LIST \"\" X") == response({"* LIST (\\HasNoChildren) \"/\" \"X\"", "i OK LIST completed"}));
        CHECK(c.session.state() == State::Selected);
    }
}
