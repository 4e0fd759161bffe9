// IMAP client engine: the exact bytes of each command (tags, quoting, modified UTF-7,
// literals, RFC 3501 9; LITERAL+ RFC 7888) and typed events from exact server lines (RFC 3501 7).
#include <doctest/doctest.h>

#include <sstream>

#include "protocols/core/sasl.h"
#include "protocols/imap/client_engine.h"

using namespace mailscope;
using namespace mailscope::imap;
using client::Command;
using client::Condition;
using client::Event;
using client::StoreMode;

namespace doctest {
template <>
struct StringMaker<std::vector<Event>> {
    static String convert(const std::vector<Event>& events) {
        std::ostringstream os;
        os << '[';
        for (std::size_t i = 0; i < events.size(); ++i) os << (i ? ", " : "") << events[i];
        os << ']';
        return String(os.str().c_str());
    }
};
}  // namespace doctest

namespace {

/// An engine that has read a greeting with these capabilities.
ClientEngine greeted(const std::string& capabilities = "IMAP4rev1") {
    ClientEngine engine;
    const auto events = engine.receive("* OK [CAPABILITY " + capabilities + "] ready\r\n");
    REQUIRE(events.size() == 1);
    REQUIRE(std::holds_alternative<client::Greeting>(events[0]));
    return engine;
}

/// The events of bytes fed all at once, one byte at a time and in two halves at every
/// split point; REQUIREs that they are all the same and returns them.
std::vector<Event> readEverySplit(const ClientEngine& start, std::string_view bytes) {
    ClientEngine whole = start;
    const std::vector<Event> expected = whole.receive(bytes);
    ClientEngine single = start;
    std::vector<Event> bytewise;
    for (char c : bytes)
        for (Event& e : single.receive(std::string_view(&c, 1))) bytewise.push_back(std::move(e));
    REQUIRE(bytewise == expected);
    for (std::size_t split = 1; split < bytes.size(); ++split) {
        ClientEngine two = start;
        std::vector<Event> events = two.receive(bytes.substr(0, split));
        for (Event& e : two.receive(bytes.substr(split))) events.push_back(std::move(e));
        REQUIRE_MESSAGE(events == expected, "split at " << split);
    }
    return expected;
}

client::ResponseCode code(std::string_view text) {
    // Reads a code the way the engine does, from an untagged OK.
    ClientEngine engine = greeted();
    const auto events = engine.receive("* OK [" + std::string(text) + "] x\r\n");
    for (const Event& e : events)
        if (const auto* s = std::get_if<client::UntaggedStatus>(&e)) return s->code;
    FAIL("no status");
    return {};
}

template <class T>
std::vector<T> only(const std::vector<Event>& events) {
    std::vector<T> out;
    for (const Event& e : events)
        if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
}

}  // namespace

TEST_SUITE("imap.client") {
    // [SECTION] command bytes

    TEST_CASE("each command's bytes, with tags a1, a2, ...") {
        ClientEngine engine = greeted("IMAP4rev1 LITERAL+");
        struct Case {
            Command command;
            std::string bytes;  // after the tag and a space
        };
        const std::vector<Case> cases = {
            {Command::capability(), "CAPABILITY"},
            {Command::noop(), "NOOP"},
            {Command::login("alice", "secret"), "LOGIN \"alice\" \"secret\""},
            {Command::login("bob \"the\" user", "back\\slash"), "LOGIN \"bob \\\"the\\\" user\" \"back\\\\slash\""},
            {Command::login("", ""), "LOGIN \"\" \"\""},
            {Command::select("INBOX"), "SELECT \"INBOX\""},
            {Command::select("Wysłane"), "SELECT \"Wys&AUI-ane\""},
            {Command::examine("Kosz & śmieci"), "EXAMINE \"Kosz &- &AVs-mieci\""},
            {Command::create("Ważne"), "CREATE \"Wa&AXw-ne\""},
            {Command::remove("Ważne"), "DELETE \"Wa&AXw-ne\""},
            {Command::rename("Ważne", "Archiwum/Ważne"), "RENAME \"Wa&AXw-ne\" \"Archiwum/Wa&AXw-ne\""},
            {Command::subscribe("Wysłane"), "SUBSCRIBE \"Wys&AUI-ane\""},
            {Command::unsubscribe("Wysłane"), "UNSUBSCRIBE \"Wys&AUI-ane\""},
            {Command::list("", "*"), "LIST \"\" \"*\""},
            {Command::list("Archiwum/", "%"), "LIST \"Archiwum/\" \"%\""},
            {Command::lsub("", "Wysłane*"), "LSUB \"\" \"Wys&AUI-ane*\""},
            {Command::status("INBOX", {"MESSAGES", "UIDNEXT", "UNSEEN"}), "STATUS \"INBOX\" (MESSAGES UIDNEXT UNSEEN)"},
            {Command::check(), "CHECK"},
            {Command::close(), "CLOSE"},
            {Command::unselect(), "UNSELECT"},
            {Command::expunge(), "EXPUNGE"},
            {Command::uidExpunge("3:5,9"), "UID EXPUNGE 3:5,9"},
            {Command::search("UNSEEN"), "SEARCH UNSEEN"},
            {Command::uidSearch("UID 5:*"), "UID SEARCH UID 5:*"},
            {Command::search("OR FROM \"Bob Smith\" (SUBJECT x)"), "SEARCH OR FROM \"Bob Smith\" (SUBJECT x)"},
            {Command::fetch("1:*", "FLAGS"), "FETCH 1:* FLAGS"},
            {Command::uidFetch("4:*", "(UID FLAGS ENVELOPE RFC822.SIZE BODY.PEEK[])"),
             "UID FETCH 4:* (UID FLAGS ENVELOPE RFC822.SIZE BODY.PEEK[])"},
            {Command::store("2", StoreMode::Add, {"\\Seen"}), "STORE 2 +FLAGS (\\Seen)"},
            {Command::store("2:3", StoreMode::Remove, {"\\Seen", "\\Flagged"}, true), "STORE 2:3 -FLAGS.SILENT (\\Seen \\Flagged)"},
            {Command::uidStore("7", StoreMode::Replace, {}), "UID STORE 7 FLAGS ()"},
            {Command::uidStore("7", StoreMode::Add, {"$Forwarded"}, true), "UID STORE 7 +FLAGS.SILENT ($Forwarded)"},
            {Command::copy("1:2", "Wysłane"), "COPY 1:2 \"Wys&AUI-ane\""},
            {Command::uidCopy("10", "Archiwum"), "UID COPY 10 \"Archiwum\""},
            {Command::move("3", "Kosz"), "MOVE 3 \"Kosz\""},
            {Command::uidMove("11:12", "Ważne"), "UID MOVE 11:12 \"Wa&AXw-ne\""},
            {Command::namespaces(), "NAMESPACE"},
            {Command::id(std::nullopt), "ID NIL"},
            {Command::id(std::vector<std::pair<std::string, std::string>>{{"name", "mailscope phone"}, {"version", "1.0"}}),
             "ID (\"name\" \"mailscope phone\" \"version\" \"1.0\")"},
            {Command::enable({"CONDSTORE", "UTF8=ACCEPT"}), "ENABLE CONDSTORE UTF8=ACCEPT"},
            {Command::logout(), "LOGOUT"},
            {Command::startTls(), "STARTTLS"},  // last: nothing may follow it before its answer
        };
        int n = 0;
        for (const Case& c : cases) {
            ++n;
            const std::string tag = "a" + std::to_string(n);
            CHECK(engine.send(c.command) == tag + " " + c.bytes + "\r\n");
            CHECK(engine.lastTag() == tag);
        }
        CHECK(engine.awaiting() == cases.size());
        CHECK(engine.holdingBytes());  // STARTTLS holds what comes next
    }

    TEST_CASE("APPEND sends flags, the date and the message as a literal") {
        const std::string message = "Subject: hi\r\n\r\nBody (with parens)\r\n";
        const std::string size = std::to_string(message.size());
        // 1795770000 is 2026-11-27 09:00:00 UTC.
        SUBCASE("with LITERAL+ everything goes at once") {
            ClientEngine engine = greeted("IMAP4rev1 LITERAL+");
            CHECK(engine.send(Command::append("Wysłane", {"\\Seen", "\\Draft"}, 1795770000, message, 60)) ==
                  "a1 APPEND \"Wys&AUI-ane\" (\\Seen \\Draft) \"27-Nov-2026 10:00:00 +0100\" {" + size + "+}\r\n" +
                      message + "\r\n");
            CHECK_FALSE(engine.holdingBytes());
        }
        SUBCASE("without flags or date") {
            ClientEngine engine = greeted("IMAP4rev1 LITERAL+");
            CHECK(engine.send(Command::append("INBOX", {}, std::nullopt, message)) ==
                  "a1 APPEND \"INBOX\" {" + size + "+}\r\n" + message + "\r\n");
        }
        SUBCASE("without LITERAL+ the message waits for the server's +") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::append("INBOX", {}, std::nullopt, message)) ==
                  "a1 APPEND \"INBOX\" {" + size + "}\r\n");
            CHECK(engine.holdingBytes());
            const auto events = engine.receive("+ Ready for literal data\r\n");
            CHECK(events == std::vector<Event>{client::Continuation{"Ready for literal data"},
                                               client::BytesReleased{message + "\r\n"}});
            CHECK_FALSE(engine.holdingBytes());
        }
    }

    TEST_CASE("strings that cannot be quoted become literals") {
        const std::string password = "pässwörd";  // 10 bytes of UTF-8
        REQUIRE(password.size() == 10);
        SUBCASE("synchronizing: held until +, and later commands queue behind") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::login("alice", password)) == "a1 LOGIN \"alice\" {10}\r\n");
            CHECK(engine.holdingBytes());
            CHECK(engine.send(Command::noop()).empty());  // must not be taken as literal data
            CHECK(engine.lastTag() == "a2");
            CHECK(engine.receive("+ go on\r\n") ==
                  std::vector<Event>{client::Continuation{"go on"}, client::BytesReleased{password + "\r\na2 NOOP\r\n"}});
            CHECK_FALSE(engine.holdingBytes());
            CHECK(engine.send(Command::noop()) == "a3 NOOP\r\n");
        }
        SUBCASE("two literals in one command need two continuations") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::login("łukasz", password)) == "a1 LOGIN {7}\r\n");
            CHECK(engine.receive("+ \r\n") == std::vector<Event>{client::Continuation{""}, client::BytesReleased{"łukasz {10}\r\n"}});
            CHECK(engine.holdingBytes());
            CHECK(engine.receive("+\r\n") == std::vector<Event>{client::Continuation{""}, client::BytesReleased{password + "\r\n"}});
            CHECK_FALSE(engine.holdingBytes());
        }
        SUBCASE("a refused literal is never sent; queued commands go") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::login("alice", password)) == "a1 LOGIN \"alice\" {10}\r\n");
            CHECK(engine.send(Command::capability()).empty());
            const auto events = engine.receive("a1 NO [TOOBIG] literal too big\r\n");
            REQUIRE(events.size() == 2);
            const auto& tagged = std::get<client::Tagged>(events[0]);
            CHECK(tagged.command == client::CommandKind::Login);
            CHECK(tagged.condition == Condition::No);
            CHECK(tagged.code.name == "TOOBIG");
            CHECK(events[1] == Event{client::BytesReleased{"a2 CAPABILITY\r\n"}});
            CHECK_FALSE(engine.holdingBytes());
        }
        SUBCASE("LITERAL+: non-synchronizing, all at once") {
            ClientEngine engine = greeted("IMAP4rev1 LITERAL+");
            CHECK(engine.send(Command::login("alice", password)) == "a1 LOGIN \"alice\" {10+}\r\n" + password + "\r\n");
            CHECK_FALSE(engine.holdingBytes());
        }
        SUBCASE("LITERAL-: non-synchronizing up to 4096 bytes only") {
            ClientEngine engine = greeted("IMAP4rev1 LITERAL-");
            CHECK(engine.send(Command::login("alice", password)) == "a1 LOGIN \"alice\" {10+}\r\n" + password + "\r\n");
            const std::string big(4097, 'x');
            CHECK(engine.send(Command::append("INBOX", {}, std::nullopt, big)) == "a2 APPEND \"INBOX\" {4097}\r\n");
        }
        SUBCASE("CR, LF and NUL also need a literal") {
            ClientEngine engine = greeted("IMAP4rev1 LITERAL+");
            CHECK(engine.send(Command::login("alice", std::string("a\r\nb\0c", 6))) ==
                  "a1 LOGIN \"alice\" {6+}\r\n" + std::string("a\r\nb\0c", 6) + "\r\n");
        }
    }

    TEST_CASE("SEARCH with non-ASCII text sends CHARSET UTF-8 and literals") {
        SUBCASE("LITERAL+") {
            ClientEngine engine = greeted("IMAP4rev1 LITERAL+");
            CHECK(engine.send(Command::search("SUBJECT \"zażółć\" UNSEEN")) ==
                  "a1 SEARCH CHARSET UTF-8 SUBJECT {10+}\r\nzażółć UNSEEN\r\n");
            CHECK(engine.send(Command::uidSearch("OR FROM Łukasz (TO \"Ewa \\\"Ż\\\"\")")) ==
                  "a2 UID SEARCH CHARSET UTF-8 OR FROM {7+}\r\nŁukasz (TO {8+}\r\nEwa \"Ż\")\r\n");
            CHECK(engine.send(Command::search("CHARSET UTF-8 BODY ą")) == "a3 SEARCH CHARSET UTF-8 BODY {2+}\r\ną\r\n");
        }
        SUBCASE("synchronizing") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::search("SUBJECT zażółć")) == "a1 SEARCH CHARSET UTF-8 SUBJECT {10}\r\n");
            CHECK(engine.receive("+ OK\r\n") ==
                  std::vector<Event>{client::Continuation{"OK"}, client::BytesReleased{"zażółć\r\n"}});
        }
    }

    TEST_CASE("AUTHENTICATE PLAIN with and without SASL-IR") {
        const std::string response = core::encodeSaslPlain("alice", "secret");
        SUBCASE("the server has SASL-IR") {
            ClientEngine engine = greeted("IMAP4rev1 AUTH=PLAIN SASL-IR");
            CHECK(engine.send(Command::authenticatePlain("alice", "secret")) == "a1 AUTHENTICATE PLAIN " + response + "\r\n");
            CHECK(engine.send(Command::authenticatePlain("alice", "secret", false)) == "a2 AUTHENTICATE PLAIN\r\n");
            CHECK(engine.holdingBytes());
        }
        SUBCASE("without SASL-IR the response waits for the empty challenge") {
            ClientEngine engine = greeted("IMAP4rev1 AUTH=PLAIN");
            CHECK(engine.send(Command::authenticatePlain("alice", "secret")) == "a1 AUTHENTICATE PLAIN\r\n");
            CHECK(engine.receive("+ \r\n") ==
                  std::vector<Event>{client::Continuation{""}, client::BytesReleased{response + "\r\n"}});
            const auto events = engine.receive("a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
            REQUIRE(events.size() == 1);
            CHECK(std::get<client::Tagged>(events[0]).command == client::CommandKind::Authenticate);
            CHECK(engine.state() == client::SessionState::Authenticated);
            CHECK(engine.hasCapability("IDLE"));
            CHECK_FALSE(engine.hasCapability("AUTH=PLAIN"));
        }
    }

    TEST_CASE("IDLE and DONE") {
        SUBCASE("DONE after the server's +") {
            ClientEngine engine = greeted("IMAP4rev1 IDLE");
            CHECK(engine.send(Command::idle()) == "a1 IDLE\r\n");
            CHECK_FALSE(engine.idling());
            CHECK(engine.receive("+ idling\r\n") == std::vector<Event>{client::Continuation{"idling"}});
            CHECK(engine.idling());
            CHECK(engine.receive("* 4 EXISTS\r\n") == std::vector<Event>{client::Exists{4}});
            CHECK(engine.send(Command::noop()).empty());  // not while idling
            CHECK(engine.send(Command::done()) == "DONE\r\na2 NOOP\r\n");
            CHECK_FALSE(engine.idling());
            const auto events = engine.receive("a1 OK IDLE terminated\r\na2 OK NOOP completed\r\n");
            REQUIRE(events.size() == 2);
            CHECK(std::get<client::Tagged>(events[0]).command == client::CommandKind::Idle);
            CHECK(std::get<client::Tagged>(events[1]).command == client::CommandKind::Noop);
            CHECK(engine.awaiting() == 0);
        }
        SUBCASE("DONE asked for before the + goes after it") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::idle()) == "a1 IDLE\r\n");
            CHECK(engine.send(Command::done()).empty());
            CHECK(engine.receive("+ idling\r\n") ==
                  std::vector<Event>{client::Continuation{"idling"}, client::BytesReleased{"DONE\r\n"}});
            CHECK_FALSE(engine.idling());
        }
        SUBCASE("a refused IDLE sends no DONE") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::idle()) == "a1 IDLE\r\n");
            CHECK(engine.send(Command::done()).empty());
            const auto events = engine.receive("a1 BAD IDLE not supported\r\n");
            REQUIRE(events.size() == 1);
            CHECK(std::get<client::Tagged>(events[0]).condition == Condition::Bad);
            CHECK_FALSE(engine.holdingBytes());
            CHECK(engine.send(Command::noop()) == "a2 NOOP\r\n");
        }
        SUBCASE("DONE without IDLE sends nothing") {
            ClientEngine engine = greeted();
            CHECK(engine.send(Command::done()).empty());
            CHECK(engine.lastTag().empty());
        }
    }

    // [SECTION] greeting and capabilities

    TEST_CASE("greetings") {
        SUBCASE("OK with capabilities") {
            ClientEngine engine;
            CHECK(engine.state() == client::SessionState::AwaitingGreeting);
            const auto events = engine.receive("* OK [CAPABILITY IMAP4rev1 LITERAL+ idle AUTH=PLAIN] mailscope ready\r\n");
            REQUIRE(events.size() == 1);
            const auto& g = std::get<client::Greeting>(events[0]);
            CHECK(g.condition == Condition::Ok);
            CHECK(g.code.kind == client::CodeKind::Capability);
            CHECK(g.code.list == std::vector<std::string>{"IMAP4rev1", "LITERAL+", "idle", "AUTH=PLAIN"});
            CHECK(g.text == "mailscope ready");
            CHECK(engine.state() == client::SessionState::NotAuthenticated);
            CHECK(engine.hasCapability("IDLE"));
            CHECK(engine.hasCapability("auth=plain"));
            CHECK_FALSE(engine.hasCapability("MOVE"));
        }
        SUBCASE("PREAUTH") {
            ClientEngine engine;
            CHECK(engine.receive("* PREAUTH welcome back\r\n") ==
                  std::vector<Event>{client::Greeting{Condition::PreAuth, {}, "welcome back"}});
            CHECK(engine.state() == client::SessionState::Authenticated);
        }
        SUBCASE("BYE") {
            ClientEngine engine;
            CHECK(engine.receive("* BYE too busy\r\n") == std::vector<Event>{client::Greeting{Condition::Bye, {}, "too busy"}});
            CHECK(engine.state() == client::SessionState::Logout);
        }
        SUBCASE("anything else is an error, and the greeting can still come") {
            ClientEngine engine;
            const auto events = engine.receive("* 3 EXISTS\r\n+OK POP3 ready\r\n* OK\r\n");
            REQUIRE(events.size() == 3);
            CHECK(std::holds_alternative<client::ProtocolError>(events[0]));
            CHECK(std::holds_alternative<client::ProtocolError>(events[1]));
            CHECK(events[2] == Event{client::Greeting{Condition::Ok, {}, ""}});
        }
    }

    TEST_CASE("CAPABILITY responses and codes replace the known capabilities") {
        ClientEngine engine = greeted("IMAP4rev1 AUTH=PLAIN");
        engine.send(Command::capability());
        CHECK(engine.receive("* CAPABILITY IMAP4rev1 MOVE UIDPLUS\r\na1 OK done\r\n") ==
              std::vector<Event>{client::Capabilities{{"IMAP4rev1", "MOVE", "UIDPLUS"}},
                                 client::Tagged{"a1", client::CommandKind::Capability, Condition::Ok, {}, "done"}});
        CHECK(engine.hasCapability("MOVE"));
        CHECK_FALSE(engine.hasCapability("AUTH=PLAIN"));
        engine.send(Command::login("alice", "secret"));
        (void)engine.receive("a2 OK [CAPABILITY IMAP4rev1 IDLE NAMESPACE] Logged in\r\n");
        CHECK(engine.capabilities() == std::set<std::string>{"IMAP4REV1", "IDLE", "NAMESPACE"});
        CHECK(engine.state() == client::SessionState::Authenticated);
    }

    TEST_CASE("STARTTLS forgets capabilities and what followed in the clear") {
        ClientEngine engine = greeted("IMAP4rev1 STARTTLS LOGINDISABLED");
        CHECK(engine.send(Command::startTls()) == "a1 STARTTLS\r\n");
        CHECK(engine.send(Command::capability()).empty());  // nothing follows STARTTLS before its answer
        CHECK(engine.holdingBytes());
        const auto events = engine.receive("a1 OK Begin TLS negotiation now\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n");
        REQUIRE(events.size() == 2);
        CHECK(std::get<client::Tagged>(events[0]).command == client::CommandKind::StartTls);
        CHECK(events[1] == Event{client::BytesReleased{"a2 CAPABILITY\r\n"}});
        CHECK(engine.capabilities().empty());
        // After the handshake the stream starts afresh.
        CHECK(engine.receive("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n").size() == 1);
        CHECK(engine.hasCapability("AUTH=PLAIN"));
    }

    // [SECTION] mailbox responses

    TEST_CASE("SELECT responses fill the selected mailbox (RFC 3501 6.3.1 example)") {
        ClientEngine engine = greeted();
        engine.send(Command::login("alice", "secret"));
        (void)engine.receive("a1 OK logged in\r\n");
        engine.send(Command::select("INBOX"));
        const std::string response =
            "* 172 EXISTS\r\n"
            "* 1 RECENT\r\n"
            "* OK [UNSEEN 12] Message 12 is first unseen\r\n"
            "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
            "* OK [UIDNEXT 4392] Predicted next UID\r\n"
            "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
            "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n"
            "a2 OK [READ-WRITE] SELECT completed\r\n";
        const auto events = readEverySplit(engine, response);
        REQUIRE(events.size() == 8);
        CHECK(events[0] == Event{client::Exists{172}});
        CHECK(events[1] == Event{client::Recent{1}});
        const auto statuses = only<client::UntaggedStatus>(events);
        REQUIRE(statuses.size() == 4);
        CHECK(statuses[0].code.kind == client::CodeKind::Unseen);
        CHECK(statuses[0].code.number == 12);
        CHECK(statuses[0].text == "Message 12 is first unseen");
        CHECK(statuses[1].code.kind == client::CodeKind::UidValidity);
        CHECK(statuses[1].code.number == 3857529045u);
        CHECK(statuses[2].code.kind == client::CodeKind::UidNext);
        CHECK(statuses[2].code.number == 4392);
        CHECK(statuses[3].code.kind == client::CodeKind::PermanentFlags);
        CHECK(statuses[3].code.list == std::vector<std::string>{"\\Deleted", "\\Seen", "\\*"});
        CHECK(events[5] == Event{client::Flags{{"\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"}}});
        const auto& tagged = std::get<client::Tagged>(events[7]);
        CHECK(tagged.command == client::CommandKind::Select);
        CHECK(tagged.code.kind == client::CodeKind::ReadWrite);

        (void)engine.receive(response);
        CHECK(engine.state() == client::SessionState::Selected);
        REQUIRE(engine.selected());
        const client::SelectedMailbox& m = *engine.selected();
        CHECK(m.name == "INBOX");
        CHECK_FALSE(m.readOnly);
        CHECK(m.exists == 172);
        CHECK(m.recent == 1);
        CHECK(m.uidValidity == 3857529045u);
        CHECK(m.uidNext == 4392);
        CHECK(m.firstUnseen == 12u);
        CHECK(m.flags.size() == 5);
        CHECK(m.permanentFlags.size() == 3);

        // Later updates change it; EXPUNGE counts down.
        CHECK(engine.receive("* 173 EXISTS\r\n* 5 EXPUNGE\r\n* 3 EXPUNGE\r\n") ==
              std::vector<Event>{client::Exists{173}, client::Expunge{5}, client::Expunge{3}});
        CHECK(engine.selected()->exists == 171);

        // EXAMINE of another mailbox replaces it; [READ-ONLY] marks it.
        engine.send(Command::examine("Wysłane"));
        (void)engine.receive("* 2 EXISTS\r\n* OK [UIDVALIDITY 7] x\r\na3 OK [READ-ONLY] EXAMINE completed\r\n");
        REQUIRE(engine.selected());
        CHECK(engine.selected()->name == "Wysłane");
        CHECK(engine.selected()->readOnly);
        CHECK(engine.selected()->exists == 2);
        CHECK(engine.selected()->uidValidity == 7);
        CHECK(engine.selected()->uidNext == 0);

        // A failed SELECT leaves no mailbox selected; CLOSE does the same.
        engine.send(Command::select("Nope"));
        (void)engine.receive("a4 NO [NONEXISTENT] no such mailbox\r\n");
        CHECK_FALSE(engine.selected());
        CHECK(engine.state() == client::SessionState::Authenticated);
    }

    TEST_CASE("CLOSE and UNSELECT leave the mailbox") {
        for (const Command& leave : {Command::close(), Command::unselect()}) {
            ClientEngine engine = greeted();
            engine.send(Command::select("INBOX"));
            (void)engine.receive("* 1 EXISTS\r\na1 OK [READ-WRITE] done\r\n");
            REQUIRE(engine.selected());
            engine.send(leave);
            (void)engine.receive("a2 OK done\r\n");
            CHECK_FALSE(engine.selected());
            CHECK(engine.state() == client::SessionState::Authenticated);
        }
    }

    TEST_CASE("response codes") {
        client::ResponseCode c = code("COPYUID 38505 304,319:320 3956:3958");
        CHECK(c.kind == client::CodeKind::CopyUid);
        CHECK(c.number == 38505);
        CHECK(c.sourceUids == *SequenceSet::parse("304,319:320"));
        CHECK(c.uids == *SequenceSet::parse("3956:3958"));
        c = code("APPENDUID 38505 3955");
        CHECK(c.kind == client::CodeKind::AppendUid);
        CHECK(c.number == 38505);
        CHECK(c.uids == *SequenceSet::parse("3955"));
        CHECK(code("ALERT").kind == client::CodeKind::Alert);
        CHECK(code("TRYCREATE").kind == client::CodeKind::TryCreate);
        CHECK(code("read-only").kind == client::CodeKind::ReadOnly);
        c = code("BADCHARSET (UTF-8 US-ASCII)");
        CHECK(c.kind == client::CodeKind::Other);
        CHECK(c.name == "BADCHARSET");
        CHECK(c.arguments == "(UTF-8 US-ASCII)");

        ClientEngine engine = greeted();
        engine.send(Command::append("INBOX", {}, std::nullopt, "x"));
        const auto events = engine.receive("a1 OK [APPENDUID 7 12] APPEND completed\r\n");
        REQUIRE(events.size() == 1);
        const auto& tagged = std::get<client::Tagged>(events[0]);
        CHECK(tagged.command == client::CommandKind::Append);
        CHECK(tagged.code.kind == client::CodeKind::AppendUid);
        CHECK(tagged.code.number == 7);
        CHECK(tagged.code.uids.toString() == "12");
        CHECK(tagged.text == "APPEND completed");
    }

    TEST_CASE("LIST and LSUB entries") {
        ClientEngine engine = greeted();
        const auto events = readEverySplit(engine,
                                           "* LIST (\\HasNoChildren \\Sent) \"/\" \"Wys&AUI-ane\"\r\n"
                                           "* LIST (\\Noselect) NIL \"\"\r\n"
                                           "* LIST () \"/\" inbox\r\n"
                                           "* LIST (\\HasChildren) \".\" {8}\r\nA \"b\" (c\r\n"
                                           "* LSUB () \"/\" \"Wa&AXw-ne\"\r\n");
        REQUIRE(events.size() == 5);
        CHECK(events[0] == Event{client::ListEntry{false, {"\\HasNoChildren", "\\Sent"}, '/', "Wysłane", "Wys&AUI-ane"}});
        CHECK(events[1] == Event{client::ListEntry{false, {"\\Noselect"}, std::nullopt, "", ""}});
        CHECK(events[2] == Event{client::ListEntry{false, {}, '/', "INBOX", "inbox"}});
        CHECK(events[3] == Event{client::ListEntry{false, {"\\HasChildren"}, '.', "A \"b\" (c", "A \"b\" (c"}});
        CHECK(events[4] == Event{client::ListEntry{true, {}, '/', "Ważne", "Wa&AXw-ne"}});
    }

    TEST_CASE("STATUS, SEARCH, NAMESPACE, ID, ENABLED") {
        ClientEngine engine = greeted();
        const auto events = readEverySplit(engine,
                                           "* STATUS \"Wys&AUI-ane\" (MESSAGES 231 UIDNEXT 44292 unseen 0)\r\n"
                                           "* SEARCH 2 84 882\r\n"
                                           "* SEARCH\r\n"
                                           "* NAMESPACE ((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))\r\n"
                                           "* ID (\"name\" \"mailscope\" \"support-url\" NIL)\r\n"
                                           "* ID NIL\r\n"
                                           "* ENABLED CONDSTORE\r\n"
                                           "* ENABLED\r\n");
        REQUIRE(events.size() == 8);
        const auto& status = std::get<client::MailboxStatus>(events[0]);
        CHECK(status.mailbox == "Wysłane");
        CHECK(status.items ==
              std::vector<std::pair<std::string, std::uint64_t>>{{"MESSAGES", 231}, {"UIDNEXT", 44292}, {"UNSEEN", 0}});
        CHECK(status.get("uidnext") == 44292u);
        CHECK_FALSE(status.get("RECENT"));
        CHECK(events[1] == Event{client::SearchResult{{2, 84, 882}}});
        CHECK(events[2] == Event{client::SearchResult{}});
        CHECK(events[3] == Event{client::NamespaceData{"((\"\" \"/\")) NIL ((\"Shared/\" \"/\"))"}});
        CHECK(events[4] == Event{client::IdData{"(\"name\" \"mailscope\" \"support-url\" NIL)"}});
        CHECK(events[5] == Event{client::IdData{"NIL"}});
        CHECK(events[6] == Event{client::Enabled{{"CONDSTORE"}}});
        CHECK(events[7] == Event{client::Enabled{}});
    }

    // [SECTION] CONDSTORE and QRESYNC (RFC 7162)

    TEST_CASE("SELECT with QRESYNC and UID FETCH with CHANGEDSINCE are written as RFC 7162 3.2.5 and 3.1.4.1 say") {
        ClientEngine engine = greeted("IMAP4rev1 CONDSTORE QRESYNC");
        CHECK(engine.send(Command::enable({"QRESYNC"})) == "a1 ENABLE QRESYNC\r\n");
        // RFC 7162 3.2.5.2 example: uidvalidity, the mod-sequence known, the UIDs held.
        CHECK(engine.send(Command::selectQresync("INBOX", {67890007, 20050715194045000ull, "41,43:211,214:541"})) ==
              "a2 SELECT \"INBOX\" (QRESYNC (67890007 20050715194045000 41,43:211,214:541))\r\n");
        // known-uids is optional.
        CHECK(engine.send(Command::selectQresync("Wysłane", {7, 1, ""})) ==
              "a3 SELECT \"Wys&AUI-ane\" (QRESYNC (7 1))\r\n");
        CHECK(engine.send(Command::uidFetchChangedSince("1:*", "(FLAGS)", 12345)) ==
              "a4 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n");
        CHECK(engine.send(Command::uidFetch("1:*", "(FLAGS)")) == "a5 UID FETCH 1:* (FLAGS)\r\n");
    }

    TEST_CASE("ENABLED, HIGHESTMODSEQ, NOMODSEQ, CLOSED, MODSEQ and VANISHED are read (RFC 7162 3.2.5.2 example)") {
        ClientEngine engine = greeted("IMAP4rev1 CONDSTORE QRESYNC");
        engine.send(Command::login("alice", "secret"));
        (void)engine.receive("a1 OK logged in\r\n");
        engine.send(Command::enable({"QRESYNC"}));
        CHECK(engine.receive("* ENABLED QRESYNC\r\na2 OK enabled\r\n").size() == 2);
        CHECK(engine.isEnabled("qresync"));
        CHECK_FALSE(engine.isEnabled("CONDSTORE"));

        engine.send(Command::selectQresync("INBOX", {67890007, 20050715194045000ull, "41,43:211,214:541"}));
        const std::string response =
            "* OK [CLOSED]\r\n"
            "* 314 EXISTS\r\n"
            "* OK [UIDVALIDITY 67890007] UIDVALIDITY\r\n"
            "* OK [HIGHESTMODSEQ 20050715194045000] Highest\r\n"
            "* VANISHED (EARLIER) 41,43:116,118,120:211,214:540\r\n"
            "* 49 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))\r\n"
            "* 50 FETCH (UID 119 FLAGS (\\Draft $MDNSent) MODSEQ (90060115194045308))\r\n"
            "a3 OK [READ-WRITE] mailbox selected\r\n";
        const auto events = readEverySplit(engine, response);
        REQUIRE(events.size() == 8);
        const auto statuses = only<client::UntaggedStatus>(events);
        REQUIRE(statuses.size() == 3);
        CHECK(statuses[0].code.kind == client::CodeKind::Closed);
        CHECK(statuses[2].code.kind == client::CodeKind::HighestModSeq);
        CHECK(statuses[2].code.modSeq == 20050715194045000ull);
        const auto& vanished = std::get<client::Vanished>(events[4]);
        CHECK(vanished.earlier);
        CHECK(vanished.uids == *SequenceSet::parse("41,43:116,118,120:211,214:540"));
        const auto& fetch = std::get<client::FetchData>(events[5]);
        CHECK(fetch.seq == 49);
        CHECK(fetch.uid == 117u);
        CHECK(fetch.modSeq == 90060115194045001ull);
        CHECK(fetch.others.at("MODSEQ") == "(90060115194045001)");

        (void)engine.receive(response);
        REQUIRE(engine.selected());
        CHECK(engine.selected()->highestModSeq == 20050715194045000ull);
        CHECK_FALSE(engine.selected()->noModSeq);
        // EARLIER named messages long gone: EXISTS stays as the server said.
        CHECK(engine.selected()->exists == 314);

        // A VANISHED without EARLIER replaces EXPUNGE once QRESYNC is on (RFC 7162 3.2.10):
        // each UID is one message fewer.
        CHECK(engine.receive("* VANISHED 405,407:409\r\n") ==
              std::vector<Event>{client::Vanished{false, *SequenceSet::parse("405,407:409")}});
        CHECK(engine.selected()->exists == 310);

        // [NOMODSEQ]: the mailbox keeps no mod-sequences.
        engine.send(Command::select("Archive"));
        const auto archive = engine.receive("* 2 EXISTS\r\n* OK [NOMODSEQ] Sorry, this mailbox format doesn't support modsequences\r\n"
                                            "a4 OK [READ-WRITE] done\r\n");
        CHECK(only<client::UntaggedStatus>(archive).at(0).code.kind == client::CodeKind::NoModSeq);
        REQUIRE(engine.selected());
        CHECK(engine.selected()->noModSeq);
        CHECK_FALSE(engine.selected()->highestModSeq);
    }

    TEST_CASE("malformed CONDSTORE and QRESYNC responses give ProtocolError") {
        ClientEngine engine = greeted();
        for (const std::string line : {"* VANISHED\r\n", "* VANISHED (LATER) 1:2\r\n", "* VANISHED 1:*\r\n",
                                       "* VANISHED 0\r\n", "* VANISHED 1 2\r\n", "* 1 FETCH (MODSEQ 5)\r\n",
                                       "* 1 FETCH (MODSEQ (0))\r\n", "* 1 FETCH (MODSEQ (1 2))\r\n"}) {
            const auto events = engine.receive(line);
            REQUIRE_MESSAGE(events.size() == 1, line);
            CHECK_MESSAGE(std::holds_alternative<client::ProtocolError>(events[0]), line);
        }
        // A bad HIGHESTMODSEQ is reported; the status still counts.
        const auto events = engine.receive("* OK [HIGHESTMODSEQ x] hmm\r\n");
        REQUIRE(events.size() == 2);
        CHECK(std::holds_alternative<client::ProtocolError>(events[0]));
        CHECK(std::holds_alternative<client::UntaggedStatus>(events[1]));
        std::ostringstream os;
        os << Event{client::Vanished{true, *SequenceSet::parse("3:5")}};
        CHECK(os.str() == "Vanished{(EARLIER) 3:5}");
    }

    TEST_CASE("untagged status responses and BYE") {
        ClientEngine engine = greeted();
        const auto events = readEverySplit(engine,
                                           "* OK [ALERT] System shutdown in 10 minutes\r\n"
                                           "* NO Disk is 98% full, please delete unnecessary data\r\n"
                                           "* BAD Command line too long\r\n"
                                           "* OK [COPYUID 9 1:2 5:6] Moved\r\n"
                                           "* BYE Autologout; idle for too long\r\n");
        REQUIRE(events.size() == 5);
        CHECK(events[0] == Event{client::UntaggedStatus{Condition::Ok,
                                                        client::ResponseCode{client::CodeKind::Alert, "ALERT", "", 0, {}, {}, {}},
                                                        "System shutdown in 10 minutes"}});
        CHECK(events[1] == Event{client::UntaggedStatus{Condition::No, {}, "Disk is 98% full, please delete unnecessary data"}});
        CHECK(events[2] == Event{client::UntaggedStatus{Condition::Bad, {}, "Command line too long"}});
        CHECK(std::get<client::UntaggedStatus>(events[3]).code.kind == client::CodeKind::CopyUid);
        CHECK(events[4] == Event{client::UntaggedStatus{Condition::Bye, {}, "Autologout; idle for too long"}});
        (void)engine.receive("* BYE bye\r\n");
        CHECK(engine.state() == client::SessionState::Logout);
    }

    // [SECTION] FETCH

    TEST_CASE("FETCH with a BODY[] literal holding CRLF and ')' bytes, any split") {
        ClientEngine engine = greeted();
        const std::string body = "Subject: (test)\r\n\r\n)) ) {5}\r\n* 9 EXISTS\r\na1 OK fake\r\n";
        const std::string response =
            "* 12 FETCH (UID 7 FLAGS (\\Seen $Forwarded) INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" RFC822.SIZE " +
            std::to_string(body.size()) +
            " ENVELOPE (\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary\" "
            "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL NIL NIL NIL NIL NIL \"<B27397-0100000@cac.washington.edu>\") "
            "BODY[] {" +
            std::to_string(body.size()) + "}\r\n" + body +
            " BODY[HEADER.FIELDS (Subject From)] {17}\r\nSubject: (test)\r\n"
            " BODY[]<0> NIL"
            " BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92))\r\n"
            "* 13 FETCH (FLAGS ())\r\n";
        const auto events = readEverySplit(engine, response);
        REQUIRE(events.size() == 2);
        const auto& f = std::get<client::FetchData>(events[0]);
        CHECK(f.seq == 12);
        CHECK(f.uid == 7u);
        CHECK(f.flags == std::vector<std::string>{"\\Seen", "$Forwarded"});
        CHECK(f.internalDate == "17-Jul-1996 02:44:25 -0700");
        CHECK(f.size == body.size());
        CHECK(f.envelope ==
              "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev1 WG mtg summary\" "
              "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL NIL NIL NIL NIL NIL \"<B27397-0100000@cac.washington.edu>\")");
        CHECK(f.sections == std::map<std::string, std::string>{{"BODY[]", body},
                                                               {"BODY[HEADER.FIELDS (Subject From)]", "Subject: (test)\r\n"},
                                                               {"BODY[]<0>", ""}});
        CHECK(f.others ==
              std::map<std::string, std::string>{
                  {"BODYSTRUCTURE", "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 3028 92)"}});
        CHECK(events[1] == Event{client::FetchData{13, std::nullopt, std::vector<std::string>{}, {}, {}, {}, {}, {}, {}, {}, {}, {}}});
    }

    TEST_CASE("FETCH RFC822 items and a FLAGS update") {
        ClientEngine engine = greeted();
        const auto events = engine.receive(
            "* 1 FETCH (RFC822.HEADER {4}\r\nA\r\n\r RFC822.TEXT \"hi\" RFC822 NIL)\r\n* 2 FETCH (FLAGS (\\Deleted) UID 9)\r\n");
        REQUIRE(events.size() == 2);
        const auto& f = std::get<client::FetchData>(events[0]);
        CHECK(f.sections == std::map<std::string, std::string>{{"RFC822.HEADER", "A\r\n\r"}, {"RFC822.TEXT", "hi"}, {"RFC822", ""}});
        const auto& g = std::get<client::FetchData>(events[1]);
        CHECK(g.seq == 2);
        CHECK(g.uid == 9u);
        CHECK(g.flags == std::vector<std::string>{"\\Deleted"});
    }

    // [SECTION] FETCH structures (RFC 3501 7.4.2, 9)

    TEST_CASE("BODYSTRUCTURE of a multipart written as the grammar says, parts without a space between them") {
        ClientEngine engine = greeted();
        const std::string response =
            "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"UTF-8\") NIL NIL \"8BIT\" 5 1 NIL NIL NIL NIL)"
            "(\"APPLICATION\" \"OCTET-STREAM\" (\"NAME\" {5}\r\na.bin) \"<id@x>\" \"a file\" \"BASE64\" 0 \"md5\" "
            "(\"ATTACHMENT\" (\"FILENAME\" \"a.bin\")) (\"en\" \"pl\") \"http://x/a\")"
            "(\"MESSAGE\" \"RFC822\" NIL NIL NIL \"7BIT\" 30 (NIL \"Hi\" NIL NIL NIL NIL NIL NIL NIL NIL) "
            "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0) 2 NIL NIL \"en\" NIL)"
            " \"MIXED\" (\"BOUNDARY\" \"b1\") NIL NIL NIL)"
            " BODY ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1)(\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 7 1) \"ALTERNATIVE\"))\r\n";
        const auto events = readEverySplit(engine, response);
        REQUIRE(events.size() == 1);
        const auto& f = std::get<client::FetchData>(events[0]);

        client::BodyStructure text;
        text.type = "TEXT";
        text.subtype = "PLAIN";
        text.params = {{"CHARSET", "UTF-8"}};
        text.encoding = "8BIT";
        text.size = 5;
        text.lines = 1;
        text.extended = true;
        client::BodyStructure file;
        file.type = "APPLICATION";
        file.subtype = "OCTET-STREAM";
        file.params = {{"NAME", "a.bin"}};
        file.id = "<id@x>";
        file.description = "a file";
        file.encoding = "BASE64";
        file.extended = true;
        file.md5 = "md5";
        file.disposition = client::BodyDisposition{"ATTACHMENT", {{"FILENAME", "a.bin"}}};
        file.languages = {"en", "pl"};
        file.location = "http://x/a";
        client::BodyStructure inner;
        inner.type = "TEXT";
        inner.subtype = "PLAIN";
        inner.encoding = "7BIT";
        inner.lines = 0;
        client::BodyStructure attached;
        attached.type = "MESSAGE";
        attached.subtype = "RFC822";
        attached.encoding = "7BIT";
        attached.size = 30;
        attached.lines = 2;
        attached.envelope = client::Envelope{};
        attached.envelope->subject = "Hi";
        attached.parts = {inner};
        attached.extended = true;
        attached.languages = {"en"};
        client::BodyStructure mixed;
        mixed.type = "MULTIPART";
        mixed.subtype = "MIXED";
        mixed.params = {{"BOUNDARY", "b1"}};
        mixed.parts = {text, file, attached};
        mixed.extended = true;
        REQUIRE(f.bodyStructure);
        CHECK(*f.bodyStructure == mixed);

        client::BodyStructure plain;
        plain.type = "TEXT";
        plain.subtype = "PLAIN";
        plain.encoding = "7BIT";
        plain.size = 5;
        plain.lines = 1;
        client::BodyStructure html = plain;
        html.subtype = "HTML";
        html.size = 7;
        client::BodyStructure alternative;
        alternative.type = "MULTIPART";
        alternative.subtype = "ALTERNATIVE";
        alternative.parts = {plain, html};
        REQUIRE(f.body);
        CHECK(*f.body == alternative);
        // The text stays as it was written, for display.
        CHECK(f.others.at("BODY") ==
              "((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1) (\"TEXT\" \"HTML\" NIL NIL NIL \"7BIT\" 7 1) \"ALTERNATIVE\")");
    }

    TEST_CASE("ENVELOPE with groups, a source route, NIL fields and literals") {
        ClientEngine engine = greeted();
        // To: g: <@a,@b:c@d>, ;, :;  as the server sends it: the group g with one member
        // (source route @a,@b), then an empty group without a name.
        const std::string response =
            "* 2 FETCH (ENVELOPE (NIL {5}\r\nSu\r\nb (({3}\r\nA B NIL \"a\" \"x.org\")) NIL NIL "
            "((NIL NIL \"g\" NIL)(NIL \"@a,@b\" \"c\" \"d\")(NIL NIL NIL NIL)(NIL NIL \"\" NIL)(NIL NIL NIL NIL)) "
            "NIL NIL NIL \"<id@x>\"))\r\n";
        const auto events = readEverySplit(engine, response);
        REQUIRE(events.size() == 1);
        const auto& f = std::get<client::FetchData>(events[0]);
        REQUIRE(f.envelopeFields);
        client::Envelope expected;
        expected.subject = "Su\r\nb";
        expected.from = {client::Address{"A B", std::nullopt, "a", "x.org"}};
        expected.to = {client::Address{std::nullopt, std::nullopt, "g", std::nullopt},
                       client::Address{std::nullopt, "@a,@b", "c", "d"},
                       client::Address{},
                       client::Address{std::nullopt, std::nullopt, "", std::nullopt},
                       client::Address{}};
        expected.inReplyTo = std::nullopt;
        expected.messageId = "<id@x>";
        CHECK(*f.envelopeFields == expected);
        CHECK(f.envelopeFields->to[0].isGroupStart());
        CHECK(f.envelopeFields->to[2].isGroupEnd());
        CHECK_FALSE(f.envelopeFields->to[1].isGroupStart());
    }

    TEST_CASE("a malformed BODYSTRUCTURE or ENVELOPE is a ProtocolError") {
        for (const char* line : {
                 "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\"))",          // no size
                 "* 1 FETCH (BODYSTRUCTURE (\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5))",        // TEXT without lines
                 "* 1 FETCH (BODYSTRUCTURE (\"MIXED\"))",                                        // no part
                 "* 1 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 5 1)))",   // no subtype
                 "* 1 FETCH (BODY NIL)",                                                         // not a list
                 "* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL))",                 // 9 fields
                 "* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL \"a\")) NIL NIL NIL NIL NIL NIL NIL))",  // 3-field address
                 "* 1 FETCH (ENVELOPE (NIL NIL () NIL NIL NIL NIL NIL NIL NIL))",              // empty address list
             }) {
            CAPTURE(line);
            ClientEngine engine = greeted();
            const auto events = engine.receive(std::string(line) + "\r\n");
            REQUIRE(events.size() == 1);
            CHECK(std::holds_alternative<client::ProtocolError>(events[0]));
        }
    }

    TEST_CASE("a BODYSTRUCTURE nested as deep as the server writes it") {
        // The server reads 64 levels of multipart (message_parts.cpp kMaxDepth); with the
        // FETCH list and the message/rfc822 envelopes that is more than 64 parentheses.
        std::string structure = "(\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 0 0)";
        for (int i = 0; i < 70; ++i) structure = "(" + structure + " \"MIXED\")";
        ClientEngine engine = greeted();
        const auto events = engine.receive("* 1 FETCH (BODY " + structure + ")\r\n");
        REQUIRE(events.size() == 1);
        const auto& f = std::get<client::FetchData>(events[0]);
        REQUIRE(f.body);
        int depth = 0;
        for (const client::BodyStructure* b = &*f.body; b->isMultipart(); b = &b->parts.at(0)) ++depth;
        CHECK(depth == 70);
    }

    // [SECTION] malformed input

    TEST_CASE("malformed responses give ProtocolError and the engine goes on") {
        const std::vector<std::string> bad = {
            "* FOO bar",                           // unknown response
            "* 0 EXPUNGE",                         // sequence numbers start at 1
            "* 4294967296 EXISTS",                 // over 32 bits
            "* x EXISTS",                          // not a number
            "* 3 FETCH UID 5",                     // no list
            "* 3 FETCH (UID)",                     // item without value
            "* 3 FETCH (UID abc)",                 // bad UID
            "* 3 FETCH (FLAGS \\Seen)",            // flags not a list
            "* 3 FETCH (BODY[] (a))",              // body not a string
            "* 1 FETCH (FLAGS (\\Seen)",           // unbalanced
            "* SEARCH 1 x",                        // not a number
            "* SEARCH 0",                          // not nz-number
            "* LIST (\\Noselect) \"/\" \"&Jjo\"",  // bad modified UTF-7
            "* LIST (\\Noselect) \"//\" INBOX",    // delimiter of two characters
            "* LIST \"/\" INBOX",                  // no attributes
            "* STATUS INBOX (MESSAGES)",           // item without value
            "* STATUS INBOX MESSAGES 2",           // no list
            "* FLAGS \\Seen",                      // no list
            "* CAPABILITY (IMAP4rev1)",            // not atoms
            "* ENABLED \"x\"",
            "* ID",
            "* NAMESPACE NIL",
            "* 5",
            "*",
            "a99 OK no such command",              // unknown tag
            "a1 HELLO",                            // not a status
            "a1 BYE now",                          // BYE is never tagged
            "+OK",                                 // not "+ "
            "",                                    // empty line
        };
        for (const std::string& line : bad) {
            CAPTURE(line);
            ClientEngine engine = greeted();
            engine.send(Command::noop());
            const auto events = engine.receive(line + "\r\n");
            REQUIRE(events.size() == 1);
            CHECK(std::holds_alternative<client::ProtocolError>(events[0]));
            CHECK_FALSE(std::get<client::ProtocolError>(events[0]).fatal);
            // The next line is read normally.
            CHECK(engine.receive("a1 OK NOOP completed\r\n") ==
                  std::vector<Event>{client::Tagged{"a1", client::CommandKind::Noop, Condition::Ok, {}, "NOOP completed"}});
        }
    }

    TEST_CASE("a malformed response code is reported but the status still counts") {
        ClientEngine engine = greeted();
        engine.send(Command::select("INBOX"));
        auto events = engine.receive("* OK [UIDVALIDITY abc] x\r\n* OK [UIDNEXT 5 unterminated\r\na1 OK [PERMANENTFLAGS x] done\r\n");
        REQUIRE(events.size() == 6);
        CHECK(std::holds_alternative<client::ProtocolError>(events[0]));
        CHECK(std::get<client::UntaggedStatus>(events[1]).code.kind == client::CodeKind::Other);
        CHECK(std::holds_alternative<client::ProtocolError>(events[2]));
        CHECK(std::get<client::UntaggedStatus>(events[3]).text == "[UIDNEXT 5 unterminated");
        CHECK(std::holds_alternative<client::ProtocolError>(events[4]));
        CHECK(std::get<client::Tagged>(events[5]).command == client::CommandKind::Select);
        CHECK(engine.awaiting() == 0);
        CHECK(engine.selected()->uidValidity == 0);
    }

    TEST_CASE("a continuation nobody asked for") {
        ClientEngine engine = greeted();
        const auto events = engine.receive("+ what?\r\n");
        REQUIRE(events.size() == 2);
        CHECK(events[0] == Event{client::Continuation{"what?"}});
        CHECK(std::holds_alternative<client::ProtocolError>(events[1]));
    }

    TEST_CASE("oversized lines and literals") {
        TokenizerLimits limits = ClientEngine::defaultLimits();
        limits.maxLineLength = 64;
        limits.maxLiteralSize = 16;
        SUBCASE("a line too long is skipped") {
            ClientEngine engine(limits);
            (void)engine.receive("* OK hi\r\n");
            const auto events = engine.receive("* SEARCH " + std::string(100, '1') + "\r\n* 2 EXISTS\r\n");
            REQUIRE(events.size() == 2);
            CHECK(std::holds_alternative<client::ProtocolError>(events[0]));
            CHECK(events[1] == Event{client::Exists{2}});
        }
        SUBCASE("a literal too big cannot be followed") {
            ClientEngine engine(limits);
            (void)engine.receive("* OK hi\r\n");
            const auto events = engine.receive("* 1 FETCH (BODY[] {100}\r\n" + std::string(100, 'x') + ")\r\n* 2 EXISTS\r\n");
            REQUIRE(events.size() == 1);
            CHECK(std::get<client::ProtocolError>(events[0]).fatal);
            CHECK(engine.receive("* 3 EXISTS\r\n").empty());
        }
    }

    TEST_CASE("responses to pipelined commands are matched by tag") {
        ClientEngine engine = greeted();
        engine.send(Command::noop());
        engine.send(Command::capability());
        engine.send(Command::check());
        const auto events = engine.receive("a2 OK c\r\na3 NO k\r\na1 BAD n\r\n");
        REQUIRE(events.size() == 3);
        CHECK(std::get<client::Tagged>(events[0]).command == client::CommandKind::Capability);
        CHECK(std::get<client::Tagged>(events[1]).command == client::CommandKind::Check);
        CHECK(std::get<client::Tagged>(events[1]).condition == Condition::No);
        CHECK(std::get<client::Tagged>(events[2]).command == client::CommandKind::Noop);
        CHECK(std::get<client::Tagged>(events[2]).condition == Condition::Bad);
        CHECK(engine.awaiting() == 0);
        // A tag is answered once.
        CHECK(std::holds_alternative<client::ProtocolError>(engine.receive("a1 OK again\r\n").at(0)));
    }

    TEST_CASE("damaged server bytes give the same events however they are split") {
        const std::string transcript =
            "* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n"
            "* LIST (\\HasNoChildren) \"/\" \"Wys&AUI-ane\"\r\n"
            "* 2 FETCH (UID 7 FLAGS (\\Seen) BODY[] {12}\r\nab)\r\n\r\n)cd\r\n RFC822.SIZE 12)\r\n"
            "* STATUS INBOX (MESSAGES 2)\r\n* SEARCH 1 2\r\n* OK [COPYUID 1 2:3 4:5] x\r\n"
            "a1 OK [APPENDUID 1 9] done\r\n+ go\r\n* BYE bye\r\n";
        std::uint32_t seed = 12345;
        const auto random = [&seed](std::uint32_t n) {
            seed = seed * 1103515245u + 12345u;
            return (seed >> 8) % n;
        };
        const std::string alphabet = "(){}[]\"\\ *+\r\n0123456789aZ\x80";
        for (int round = 0; round < 200; ++round) {
            std::string damaged = transcript;
            for (int i = 0; i < 4; ++i) damaged[random(static_cast<std::uint32_t>(damaged.size()))] =
                alphabet[random(static_cast<std::uint32_t>(alphabet.size()))];
            CAPTURE(damaged);
            ClientEngine start;
            start.send(Command::append("INBOX", {}, std::nullopt, "x"));
            ClientEngine whole = start;
            const auto expected = whole.receive(damaged);
            ClientEngine pieces = start;
            std::vector<Event> events;
            for (std::size_t pos = 0; pos < damaged.size();) {
                const std::size_t n = std::min<std::size_t>(1 + random(9), damaged.size() - pos);
                for (Event& e : pieces.receive(std::string_view(damaged).substr(pos, n))) events.push_back(std::move(e));
                pos += n;
            }
            CHECK(events == expected);
        }
    }

    TEST_CASE("events print readably") {
        std::ostringstream os;
        os << Event{client::Tagged{"a1", client::CommandKind::UidFetch, Condition::No, {}, "x"}} << ' '
           << Event{client::FetchData{3, 5u, std::vector<std::string>{"\\Seen"}, {}, {}, {}, {{"BODY[]", "a\r\n"}}, {}, {}, {}, {}, {}}};
        CHECK(os.str() == "Tagged{a1 UID FETCH NO \"x\"} FetchData{seq=3 uid=5 flags=(\\Seen) BODY[]=LITERAL(\"a\\r\\n\")}");
    }
}
