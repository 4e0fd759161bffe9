// IMAP client engine against the real server session, in memory: every command the engine
// supports, bytes pumped both ways until quiet, typed events checked (RFC 3501 6, extensions).
#include <doctest/doctest.h>

#include <deque>
#include <sstream>

#include "protocols/core/time.h"
#include "protocols/imap/client_engine.h"
#include "server_test_support.h"

using namespace mailscope;
using mailscope::imap::ClientEngine;
using mailscope::imap::ServerConfig;
using mailscope::imap::ServerSession;
using mailscope::imap::client::CodeKind;
using mailscope::imap::client::Command;
using mailscope::imap::client::CommandKind;
using mailscope::imap::client::Condition;
using mailscope::imap::client::Event;
using mailscope::imap::client::SessionState;
using mailscope::imap::client::StoreMode;
namespace client = mailscope::imap::client;
namespace testing = mailscope::imap::testing;

namespace {

/// Events for failure messages.
std::string show(const std::vector<Event>& events) {
    std::ostringstream os;
    os << '[';
    for (std::size_t i = 0; i < events.size(); ++i) os << (i ? ", " : "") << events[i];
    os << ']';
    return os.str();
}

constexpr core::Time kNow = 1795770000;

/// A client engine connected to a server session in memory.
struct Link {
    /// readGreeting false: the greeting waits until the first run(), so that command is
    /// built without knowing the server's capabilities.
    explicit Link(testing::World& world, bool readGreeting = true, ServerConfig config = {})
        : server(world.store, std::move(config), world.store.newSessionId(), kNow) {
        m_toClient = server.start().toPeer;
        if (readGreeting) pump();
    }

    /// Sends a command and pumps until quiet; returns the events it all produced.
    std::vector<Event> run(const Command& command) {
        m_toServer += client.send(command);
        return pump();
    }
    /// Several commands at once (pipelined), then pump.
    std::vector<Event> runAll(const std::vector<Command>& commands) {
        for (const Command& c : commands) m_toServer += client.send(c);
        return pump();
    }
    /// Delivers what the server pushes by itself (IDLE updates).
    std::vector<Event> poll() {
        m_toClient += server.pollUpdates().toPeer;
        return pump();
    }

    /// Moves bytes both ways, in small pieces, until neither side has anything to say.
    std::vector<Event> pump() {
        std::vector<Event> events;
        while (!m_toServer.empty() || !m_toClient.empty()) {
            if (!m_toServer.empty()) {
                const std::string bytes = take(m_toServer);
                sent += bytes;
                m_toClient += server.receive(bytes).toPeer;
                continue;
            }
            const std::string bytes = take(m_toClient);
            for (Event& e : client.receive(bytes)) {
                if (const auto* released = std::get_if<client::BytesReleased>(&e)) m_toServer += released->bytes;
                events.push_back(std::move(e));
            }
        }
        return events;
    }

    /// The first 7 bytes (odd splits exercise both readers), or everything left.
    static std::string take(std::string& from) {
        const std::size_t n = std::min<std::size_t>(from.size(), 7);
        std::string out = from.substr(0, n);
        from.erase(0, n);
        return out;
    }

    ServerSession server;
    ClientEngine client;
    std::string sent;  ///< every byte the client wrote

private:
    std::string m_toServer;
    std::string m_toClient;
};

template <class T>
std::vector<T> only(const std::vector<Event>& events) {
    std::vector<T> out;
    for (const Event& e : events)
        if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    return out;
}

/// The one tagged response among the events (REQUIRE), which must be the last event.
client::Tagged tagged(const std::vector<Event>& events) {
    const auto all = only<client::Tagged>(events);
    REQUIRE_MESSAGE(all.size() == 1, show(events));
    REQUIRE(std::holds_alternative<client::Tagged>(events.back()));
    return all.front();
}

/// REQUIREs a tagged OK for `kind` as the last event, and no protocol error.
void requireOk(const std::vector<Event>& events, CommandKind kind) {
    const client::Tagged t = tagged(events);
    REQUIRE_MESSAGE(t.condition == Condition::Ok, show(events));
    CHECK(t.command == kind);
    CHECK_MESSAGE(only<client::ProtocolError>(events).empty(), show(events));
}

void login(Link& link) { requireOk(link.run(Command::login("alice", "secret")), CommandKind::Login); }

void select(Link& link, const std::string& mailbox = "INBOX") {
    login(link);
    requireOk(link.run(Command::select(mailbox)), CommandKind::Select);
}

std::vector<std::string> names(const std::vector<client::ListEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.mailbox);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_SUITE("imap.client.roundtrip") {
    TEST_CASE("greeting, CAPABILITY, NOOP and LOGOUT") {
        testing::World w;
        Link link(w, false);
        const auto greeting = link.pump();
        REQUIRE(greeting.size() == 1);
        const auto& g = std::get<client::Greeting>(greeting[0]);
        CHECK(g.condition == Condition::Ok);
        CHECK(g.code.kind == CodeKind::Capability);
        CHECK(link.client.state() == SessionState::NotAuthenticated);
        for (const char* cap : {"IMAP4rev1", "LITERAL+", "IDLE", "MOVE", "UIDPLUS", "SASL-IR", "AUTH=PLAIN"})
            CHECK_MESSAGE(link.client.hasCapability(cap), cap);

        auto events = link.run(Command::capability());
        requireOk(events, CommandKind::Capability);
        const auto caps = only<client::Capabilities>(events);
        REQUIRE(caps.size() == 1);
        CHECK(contains(caps[0].names, "NAMESPACE"));

        requireOk(link.run(Command::noop()), CommandKind::Noop);

        events = link.run(Command::logout());
        requireOk(events, CommandKind::Logout);
        REQUIRE(events.size() == 2);
        CHECK(std::get<client::UntaggedStatus>(events[0]).condition == Condition::Bye);
        CHECK(link.client.state() == SessionState::Logout);
    }

    TEST_CASE("LOGIN and AUTHENTICATE PLAIN") {
        testing::World w;
        SUBCASE("LOGIN; the capabilities change with the tagged OK") {
            Link link(w);
            auto events = link.run(Command::login("alice", "wrong"));
            client::Tagged t = tagged(events);
            CHECK(t.condition == Condition::No);
            CHECK(t.code.name == "AUTHENTICATIONFAILED");
            CHECK(link.client.state() == SessionState::NotAuthenticated);
            events = link.run(Command::login("alice", "secret"));
            requireOk(events, CommandKind::Login);
            CHECK(tagged(events).code.kind == CodeKind::Capability);
            CHECK(link.client.state() == SessionState::Authenticated);
            CHECK_FALSE(link.client.hasCapability("AUTH=PLAIN"));
            CHECK(link.client.hasCapability("IDLE"));
        }
        SUBCASE("AUTHENTICATE PLAIN with SASL-IR") {
            Link link(w);
            requireOk(link.run(Command::authenticatePlain("alice", "secret")), CommandKind::Authenticate);
            CHECK(link.client.state() == SessionState::Authenticated);
            CHECK(link.sent.find("AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n") != std::string::npos);
        }
        SUBCASE("AUTHENTICATE PLAIN after the server's challenge") {
            Link link(w);
            const auto events = link.run(Command::authenticatePlain("alice", "secret", false));
            requireOk(events, CommandKind::Authenticate);
            CHECK(only<client::Continuation>(events).size() == 1);
            CHECK(only<client::BytesReleased>(events) == std::vector<client::BytesReleased>{{"AGFsaWNlAHNlY3JldA==\r\n"}});
            CHECK(link.client.state() == SessionState::Authenticated);
        }
        SUBCASE("synchronizing literals wait for the server's +") {
            w.store.addAccount("łukasz", "hasło");
            Link link(w, false);  // the LOGIN is built before LITERAL+ is known
            const auto events = link.run(Command::login("łukasz", "hasło"));
            CHECK(link.sent.find("LOGIN {7}\r\n") != std::string::npos);
            CHECK(only<client::Continuation>(events).size() == 2);
            CHECK(only<client::BytesReleased>(events) ==
                  std::vector<client::BytesReleased>{{"łukasz {6}\r\n"}, {"hasło\r\n"}});
            requireOk(events, CommandKind::Login);
            CHECK(link.client.state() == SessionState::Authenticated);
        }
    }

    TEST_CASE("LIST, CREATE, RENAME, DELETE with a Polish name") {
        testing::World w;
        Link link(w);
        login(link);
        auto events = link.run(Command::list("", "*"));
        requireOk(events, CommandKind::List);
        auto entries = only<client::ListEntry>(events);
        REQUIRE_FALSE(entries.empty());
        CHECK(entries[0].mailbox == "INBOX");
        CHECK(entries[0].delimiter == '/');
        CHECK_FALSE(contains(names(entries), "Ważne"));

        events = link.run(Command::create("Ważne"));
        requireOk(events, CommandKind::Create);
        CHECK(link.sent.find("CREATE \"Wa&AXw-ne\"") != std::string::npos);
        events = link.run(Command::list("", "Wa*"));
        requireOk(events, CommandKind::List);
        entries = only<client::ListEntry>(events);
        REQUIRE(entries.size() == 1);
        CHECK(entries[0].mailbox == "Ważne");
        CHECK(entries[0].wireName == "Wa&AXw-ne");
        CHECK(contains(entries[0].attributes, "\\HasNoChildren"));

        // Creating it again fails with a code.
        const client::Tagged again = tagged(link.run(Command::create("Ważne")));
        CHECK(again.condition == Condition::No);
        CHECK(again.code.name == "ALREADYEXISTS");

        requireOk(link.run(Command::rename("Ważne", "Bardzo ważne")), CommandKind::Rename);
        entries = only<client::ListEntry>(link.run(Command::list("", "*")));
        CHECK(contains(names(entries), "Bardzo ważne"));
        CHECK_FALSE(contains(names(entries), "Ważne"));

        requireOk(link.run(Command::remove("Bardzo ważne")), CommandKind::Delete);
        entries = only<client::ListEntry>(link.run(Command::list("", "*")));
        CHECK_FALSE(contains(names(entries), "Bardzo ważne"));
        CHECK(tagged(link.run(Command::remove("Bardzo ważne"))).condition == Condition::No);
    }

    TEST_CASE("SUBSCRIBE, LSUB, UNSUBSCRIBE") {
        testing::World w;
        Link link(w);
        login(link);
        requireOk(link.run(Command::create("Wysłane")), CommandKind::Create);
        requireOk(link.run(Command::subscribe("Wysłane")), CommandKind::Subscribe);
        auto events = link.run(Command::lsub("", "*"));
        requireOk(events, CommandKind::Lsub);
        auto entries = only<client::ListEntry>(events);
        REQUIRE_FALSE(entries.empty());
        CHECK(entries[0].lsub);
        CHECK(contains(names(entries), "Wysłane"));
        requireOk(link.run(Command::unsubscribe("Wysłane")), CommandKind::Unsubscribe);
        CHECK_FALSE(contains(names(only<client::ListEntry>(link.run(Command::lsub("", "*")))), "Wysłane"));
    }

    TEST_CASE("SELECT and EXAMINE tell the client about the mailbox") {
        testing::World w;
        const mail::Mailbox& inbox = w.alice->inbox();
        Link link(w);
        login(link);
        auto events = link.run(Command::select("INBOX"));
        requireOk(events, CommandKind::Select);
        CHECK(only<client::Exists>(events) == std::vector<client::Exists>{{3}});
        CHECK(only<client::Recent>(events) == std::vector<client::Recent>{{3}});
        CHECK(only<client::Flags>(events).size() == 1);
        CHECK(tagged(events).code.kind == CodeKind::ReadWrite);
        CHECK(link.client.state() == SessionState::Selected);
        REQUIRE(link.client.selected());
        client::SelectedMailbox m = *link.client.selected();
        CHECK(m.name == "INBOX");
        CHECK_FALSE(m.readOnly);
        CHECK(m.exists == 3);
        CHECK(m.recent == 3);
        CHECK(m.uidValidity == inbox.uidValidity());
        CHECK(m.uidNext == inbox.uidNext());
        CHECK(m.firstUnseen == 1u);
        CHECK(contains(m.flags, "\\Seen"));
        CHECK(contains(m.permanentFlags, "\\*"));

        events = link.run(Command::examine("INBOX"));
        requireOk(events, CommandKind::Examine);
        CHECK(tagged(events).code.kind == CodeKind::ReadOnly);
        REQUIRE(link.client.selected());
        CHECK(link.client.selected()->readOnly);
        CHECK(link.client.selected()->exists == 3);
        CHECK(link.client.selected()->recent == 0);  // claimed by the SELECT before

        const client::Tagged missing = tagged(link.run(Command::select("Nie ma")));
        CHECK(missing.condition == Condition::No);
        CHECK_FALSE(link.client.selected());
        CHECK(link.client.state() == SessionState::Authenticated);
    }

    TEST_CASE("STATUS") {
        testing::World w;
        Link link(w);
        login(link);
        const auto events = link.run(Command::status("INBOX", {"MESSAGES", "UIDNEXT", "UNSEEN", "UIDVALIDITY"}));
        requireOk(events, CommandKind::Status);
        const auto status = only<client::MailboxStatus>(events);
        REQUIRE(status.size() == 1);
        CHECK(status[0].mailbox == "INBOX");
        CHECK(status[0].get("MESSAGES") == 3u);
        CHECK(status[0].get("UIDNEXT") == 4u);
        CHECK(status[0].get("UNSEEN") == 3u);
        CHECK(status[0].get("UIDVALIDITY") == w.alice->inbox().uidValidity());
    }

    TEST_CASE("APPEND gives APPENDUID, and the selected mailbox hears EXISTS") {
        testing::World w;
        Link link(w);
        select(link);
        const std::string message = "From: alice@example.com\r\nSubject: Szkic\r\n\r\nZażółć gęślą jaźń (draft)\r\n";
        const auto events = link.run(Command::append("INBOX", {"\\Seen", "\\Draft"}, kNow - 3600, message, 60));
        requireOk(events, CommandKind::Append);
        const client::Tagged t = tagged(events);
        CHECK(t.code.kind == CodeKind::AppendUid);
        CHECK(t.code.number == w.alice->inbox().uidValidity());
        CHECK(t.code.uids.toString() == "4");
        CHECK(only<client::Exists>(events) == std::vector<client::Exists>{{4}});
        CHECK(link.client.selected()->exists == 4);
        const mail::MailItem* item = w.alice->inbox().findUid(4);
        REQUIRE(item);
        CHECK(item->message->bytes() == message);
        CHECK(item->flags.has(mail::SystemFlag::Seen));
        CHECK(item->flags.has(mail::SystemFlag::Draft));
        CHECK(item->message->internalDate() == kNow - 3600);

        const client::Tagged missing = tagged(link.run(Command::append("Nie ma", {}, std::nullopt, message)));
        CHECK(missing.condition == Condition::No);
        CHECK(missing.code.kind == CodeKind::TryCreate);
    }

    TEST_CASE("FETCH flags, envelope, size, date and bodies") {
        testing::World w;
        Link link(w);
        select(link);
        const mail::Message& first = *w.alice->inbox().items()[0].message;
        auto events = link.run(Command::fetch("1", "(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY.PEEK[])"));
        requireOk(events, CommandKind::Fetch);
        auto fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 1);
        const client::FetchData& f = fetched[0];
        CHECK(f.seq == 1);
        CHECK(f.uid == 1u);
        REQUIRE(f.flags);
        CHECK(*f.flags == std::vector<std::string>{"\\Recent"});
        CHECK(f.internalDate == core::formatImapDateTime(first.internalDate(), first.internalZoneMinutes()));
        CHECK(f.size == first.size());
        REQUIRE(f.envelope);
        CHECK(f.envelope->starts_with("(\"Fri, 27 Nov 2026 09:00:00 +0000\" \"Message 1\" ((\"Bob\" NIL \"bob\" \"example.com\"))"));
        REQUIRE(f.sections.count("BODY[]") == 1);
        CHECK(f.sections.at("BODY[]") == first.bytes());

        // UID FETCH of a header field and the text; BODY[] without PEEK sets \Seen.
        events = link.run(Command::uidFetch("2:*", "(BODY[HEADER.FIELDS (Subject)] BODY[TEXT])"));
        requireOk(events, CommandKind::UidFetch);
        fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 2);
        CHECK(fetched[0].seq == 2);
        CHECK(fetched[0].uid == 2u);
        CHECK(fetched[0].sections.at("BODY[HEADER.FIELDS (Subject)]") == "Subject: Message 2\r\n\r\n");
        CHECK(fetched[0].sections.at("BODY[TEXT]") == "Hello from Message 2\r\n");
        REQUIRE(fetched[0].flags);
        CHECK(contains(*fetched[0].flags, "\\Seen"));
        CHECK(fetched[1].uid == 3u);

        // BODYSTRUCTURE comes as text among the others.
        events = link.run(Command::fetch("3", "BODYSTRUCTURE"));
        requireOk(events, CommandKind::Fetch);
        fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 1);
        REQUIRE(fetched[0].others.count("BODYSTRUCTURE") == 1);
        CHECK(fetched[0].others.at("BODYSTRUCTURE").starts_with("(\"TEXT\" \"PLAIN\""));

        CHECK(tagged(link.run(Command::fetch("9", "FLAGS"))).condition == Condition::Bad);
    }

    TEST_CASE("FETCH ENVELOPE, BODY and BODYSTRUCTURE of a multipart with groups in To") {
        // The message of issue 13: what the server writes for it, the client must read.
        testing::World w(0);
        const std::string message =
            "From: A <a@x.org>\r\nTo: g: <@a,@b:c@d>, ;, :;\r\nSubject: s\r\n"
            "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
            "--b\r\n\r\none\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>\r\n--b--\r\n";
        w.store.append(*w.alice, w.alice->inbox(), mail::Message::fromBytes(message, kNow));
        Link link(w);
        select(link);
        const auto events = link.run(Command::fetch("1", "(ENVELOPE BODY BODYSTRUCTURE)"));
        requireOk(events, CommandKind::Fetch);
        const auto fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 1);
        const client::FetchData& f = fetched[0];

        REQUIRE(f.envelopeFields);
        const client::Address a{"A", std::nullopt, "a", "x.org"};
        CHECK(f.envelopeFields->from == std::vector<client::Address>{a});
        CHECK(f.envelopeFields->sender == std::vector<client::Address>{a});
        CHECK(f.envelopeFields->to == std::vector<client::Address>{
                                          {std::nullopt, std::nullopt, "g", std::nullopt},
                                          {std::nullopt, "@a,@b", "c", "d"},
                                          {},
                                          {std::nullopt, std::nullopt, "", std::nullopt},
                                          {}});
        CHECK(f.envelopeFields->subject == "s");
        CHECK_FALSE(f.envelopeFields->date);

        client::BodyStructure one;
        one.type = "TEXT";
        one.subtype = "PLAIN";
        one.params = {{"CHARSET", "US-ASCII"}};
        one.encoding = "7BIT";
        one.size = 3;
        one.lines = 0;  // "one" has no CRLF of its own: the one after it belongs to the delimiter
        client::BodyStructure html = one;
        html.subtype = "HTML";
        client::BodyStructure mixed;
        mixed.type = "MULTIPART";
        mixed.subtype = "MIXED";
        mixed.parts = {one, html};
        REQUIRE(f.body);
        CHECK(*f.body == mixed);

        for (auto* part : {&one, &html}) part->extended = true;
        mixed.parts = {one, html};
        mixed.params = {{"BOUNDARY", "b"}};
        mixed.extended = true;
        REQUIRE(f.bodyStructure);
        CHECK(*f.bodyStructure == mixed);
    }

    TEST_CASE("STORE and UID STORE") {
        testing::World w;
        Link link(w);
        select(link);
        auto events = link.run(Command::store("1:2", StoreMode::Add, {"\\Seen", "\\Flagged"}));
        requireOk(events, CommandKind::Store);
        auto fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 2);
        CHECK(fetched[0].seq == 1);
        REQUIRE(fetched[0].flags);
        CHECK(contains(*fetched[0].flags, "\\Seen"));
        CHECK(contains(*fetched[0].flags, "\\Flagged"));
        CHECK(w.alice->inbox().items()[1].flags.has(mail::SystemFlag::Flagged));

        events = link.run(Command::store("1", StoreMode::Remove, {"\\Flagged"}, true));
        requireOk(events, CommandKind::Store);
        CHECK(only<client::FetchData>(events).empty());
        CHECK_FALSE(w.alice->inbox().items()[0].flags.has(mail::SystemFlag::Flagged));

        events = link.run(Command::uidStore("3", StoreMode::Replace, {"$Forwarded"}));
        requireOk(events, CommandKind::UidStore);
        fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 1);
        CHECK(fetched[0].uid == 3u);
        CHECK(contains(*fetched[0].flags, "$Forwarded"));
        CHECK(w.alice->inbox().items()[2].flags.hasKeyword("$Forwarded"));
    }

    TEST_CASE("SEARCH and UID SEARCH, with a UTF-8 literal") {
        testing::World w;
        w.deliver("Zażółć gęślą jaźń");
        Link link(w);
        select(link);
        requireOk(link.run(Command::store("1", StoreMode::Add, {"\\Seen"}, true)), CommandKind::Store);
        auto events = link.run(Command::search("UNSEEN"));
        requireOk(events, CommandKind::Search);
        CHECK(only<client::SearchResult>(events) == std::vector<client::SearchResult>{{{2, 3, 4}}});

        events = link.run(Command::uidSearch("UID 3:*"));
        requireOk(events, CommandKind::UidSearch);
        CHECK(only<client::SearchResult>(events) == std::vector<client::SearchResult>{{{3, 4}}});

        events = link.run(Command::search("SUBJECT \"GĘŚLĄ\""));
        requireOk(events, CommandKind::Search);
        CHECK(link.sent.find("SEARCH CHARSET UTF-8 SUBJECT {8+}") != std::string::npos);
        CHECK(only<client::SearchResult>(events) == std::vector<client::SearchResult>{{{4}}});

        events = link.run(Command::search("SUBJECT nothing-like-this"));
        requireOk(events, CommandKind::Search);
        CHECK(only<client::SearchResult>(events) == std::vector<client::SearchResult>{{}});
    }

    TEST_CASE("COPY and UID COPY give COPYUID") {
        testing::World w;
        Link link(w);
        select(link);
        requireOk(link.run(Command::create("Archiwum")), CommandKind::Create);
        const std::uint32_t validity = w.alice->findMailbox("Archiwum")->uidValidity();
        auto events = link.run(Command::copy("1:2", "Archiwum"));
        requireOk(events, CommandKind::Copy);
        client::Tagged t = tagged(events);
        CHECK(t.code.kind == CodeKind::CopyUid);
        CHECK(t.code.number == validity);
        CHECK(t.code.sourceUids.toString() == "1:2");
        CHECK(t.code.uids.toString() == "1:2");

        events = link.run(Command::uidCopy("3", "Archiwum"));
        requireOk(events, CommandKind::UidCopy);
        t = tagged(events);
        CHECK(t.code.sourceUids.toString() == "3");
        CHECK(t.code.uids.toString() == "3");
        CHECK(w.alice->findMailbox("Archiwum")->size() == 3);
        CHECK(w.alice->inbox().size() == 3);

        t = tagged(link.run(Command::copy("1", "Nie ma")));
        CHECK(t.condition == Condition::No);
        CHECK(t.code.kind == CodeKind::TryCreate);
    }

    TEST_CASE("MOVE and UID MOVE: COPYUID, then EXPUNGE") {
        testing::World w;
        Link link(w);
        select(link);
        requireOk(link.run(Command::create("Kosz")), CommandKind::Create);
        auto events = link.run(Command::move("1", "Kosz"));
        requireOk(events, CommandKind::Move);
        const auto statuses = only<client::UntaggedStatus>(events);
        REQUIRE(statuses.size() == 1);
        CHECK(statuses[0].code.kind == CodeKind::CopyUid);
        CHECK(statuses[0].code.sourceUids.toString() == "1");
        CHECK(only<client::Expunge>(events) == std::vector<client::Expunge>{{1}});
        CHECK(link.client.selected()->exists == 2);

        events = link.run(Command::uidMove("3", "Kosz"));
        requireOk(events, CommandKind::UidMove);
        CHECK(only<client::Expunge>(events) == std::vector<client::Expunge>{{2}});
        CHECK(link.client.selected()->exists == 1);
        CHECK(w.alice->findMailbox("Kosz")->size() == 2);
        CHECK(w.alice->inbox().size() == 1);
    }

    TEST_CASE("EXPUNGE and UID EXPUNGE") {
        testing::World w;
        Link link(w);
        select(link);
        requireOk(link.run(Command::store("1,3", StoreMode::Add, {"\\Deleted"}, true)), CommandKind::Store);
        auto events = link.run(Command::uidExpunge("3"));
        requireOk(events, CommandKind::UidExpunge);
        CHECK(only<client::Expunge>(events) == std::vector<client::Expunge>{{3}});
        CHECK(w.alice->inbox().size() == 2);

        events = link.run(Command::expunge());
        requireOk(events, CommandKind::Expunge);
        CHECK(only<client::Expunge>(events) == std::vector<client::Expunge>{{1}});
        CHECK(link.client.selected()->exists == 1);
        CHECK(w.alice->inbox().size() == 1);
        requireOk(link.run(Command::check()), CommandKind::Check);
    }

    TEST_CASE("IDLE sees what another session does, DONE ends it") {
        testing::World w;
        Link link(w);
        select(link);
        auto events = link.run(Command::idle());
        REQUIRE(events.size() == 1);
        CHECK(std::holds_alternative<client::Continuation>(events[0]));
        CHECK(link.client.idling());

        // Another device marks message 2 as read and a new message arrives.
        testing::Client other(w);
        other.select();
        REQUIRE(testing::hasLine(other.send("x STORE 2 +FLAGS (\\Seen)"), "x OK STORE completed"));
        w.deliver("New one");
        events = link.poll();
        CHECK_MESSAGE(only<client::Exists>(events) == std::vector<client::Exists>{{4}}, show(events));
        const auto fetched = only<client::FetchData>(events);
        REQUIRE(fetched.size() == 1);
        CHECK(fetched[0].seq == 2);
        CHECK(contains(*fetched[0].flags, "\\Seen"));
        CHECK(link.client.selected()->exists == 4);
        CHECK(only<client::Tagged>(events).empty());

        // The other device expunges message 1.
        REQUIRE(testing::hasLine(other.send("y STORE 1 +FLAGS (\\Deleted)"), "y OK STORE completed"));
        other.send("z EXPUNGE");
        events = link.poll();
        CHECK(only<client::Expunge>(events) == std::vector<client::Expunge>{{1}});
        CHECK(link.client.selected()->exists == 3);

        events = link.run(Command::done());
        requireOk(events, CommandKind::Idle);
        CHECK_FALSE(link.client.idling());
        CHECK(link.sent.find("DONE\r\n") != std::string::npos);
        requireOk(link.run(Command::noop()), CommandKind::Noop);
    }

    TEST_CASE("CLOSE expunges silently, UNSELECT does not") {
        testing::World w;
        SUBCASE("CLOSE") {
            Link link(w);
            select(link);
            requireOk(link.run(Command::store("2", StoreMode::Add, {"\\Deleted"}, true)), CommandKind::Store);
            const auto events = link.run(Command::close());
            requireOk(events, CommandKind::Close);
            CHECK(only<client::Expunge>(events).empty());
            CHECK_FALSE(link.client.selected());
            CHECK(link.client.state() == SessionState::Authenticated);
            CHECK(w.alice->inbox().size() == 2);
            CHECK(tagged(link.run(Command::fetch("1", "FLAGS"))).condition == Condition::Bad);
        }
        SUBCASE("UNSELECT") {
            Link link(w);
            select(link);
            requireOk(link.run(Command::store("2", StoreMode::Add, {"\\Deleted"}, true)), CommandKind::Store);
            requireOk(link.run(Command::unselect()), CommandKind::Unselect);
            CHECK_FALSE(link.client.selected());
            CHECK(w.alice->inbox().size() == 3);
        }
    }

    TEST_CASE("NAMESPACE, ID, ENABLE") {
        testing::World w;
        Link link(w);
        auto events = link.run(Command::id(std::vector<std::pair<std::string, std::string>>{{"name", "mailscope phone"}}));
        requireOk(events, CommandKind::Id);
        const auto id = only<client::IdData>(events);
        REQUIRE(id.size() == 1);
        CHECK(id[0].text.starts_with("(\"name\" \"mailscope\""));
        requireOk(link.run(Command::id(std::nullopt)), CommandKind::Id);

        login(link);
        events = link.run(Command::namespaces());
        requireOk(events, CommandKind::Namespace);
        CHECK(only<client::NamespaceData>(events) == std::vector<client::NamespaceData>{{"((\"\" \"/\")) NIL NIL"}});

        events = link.run(Command::enable({"CONDSTORE"}));
        requireOk(events, CommandKind::Enable);
        CHECK(only<client::Enabled>(events) == std::vector<client::Enabled>{{}});
    }

    TEST_CASE("QRESYNC and CHANGEDSINCE against the server: a client away hears what changed (RFC 7162)") {
        testing::World w;
        ServerConfig resync;
        resync.condstore = true;
        resync.qresync = true;
        const auto enable = [](Link& link) {
            login(link);
            const auto events = link.run(Command::enable({"QRESYNC"}));
            requireOk(events, CommandKind::Enable);
            CHECK(only<client::Enabled>(events) == std::vector<client::Enabled>{{{"QRESYNC"}}});
            CHECK(link.client.isEnabled("QRESYNC"));
        };
        std::uint32_t validity = 0;
        std::uint64_t modSeq = 0;
        {
            Link away(w, true, resync);
            CHECK(away.client.hasCapability("QRESYNC"));
            enable(away);
            requireOk(away.run(Command::select("INBOX")), CommandKind::Select);
            REQUIRE(away.client.selected());
            REQUIRE(away.client.selected()->highestModSeq);
            validity = away.client.selected()->uidValidity;
            modSeq = *away.client.selected()->highestModSeq;
        }
        // Another session flags message 1 and expunges message 2 meanwhile.
        Link other(w, true, resync);
        select(other);
        requireOk(other.run(Command::uidStore("1", StoreMode::Add, {"\\Flagged"})), CommandKind::UidStore);
        requireOk(other.run(Command::uidStore("2", StoreMode::Add, {"\\Deleted"}, true)), CommandKind::UidStore);
        requireOk(other.run(Command::expunge()), CommandKind::Expunge);

        Link back(w, true, resync);
        enable(back);
        auto events = back.run(Command::selectQresync("INBOX", {validity, modSeq, "1:3"}));
        requireOk(events, CommandKind::Select);
        CHECK(only<client::Vanished>(events) == std::vector<client::Vanished>{{true, *imap::SequenceSet::parse("2")}});
        const auto changed = only<client::FetchData>(events);
        REQUIRE(changed.size() == 1);
        CHECK(changed[0].uid == 1u);
        CHECK(changed[0].flags == std::vector<std::string>{"\\Flagged"});
        REQUIRE(changed[0].modSeq);
        CHECK(*changed[0].modSeq > modSeq);
        REQUIRE(back.client.selected());
        CHECK(back.client.selected()->exists == 2);
        const std::uint64_t now = back.client.selected()->highestModSeq.value_or(0);
        CHECK(now >= *changed[0].modSeq);

        // Nothing changed since: CHANGEDSINCE answers nothing.
        events = back.run(Command::uidFetchChangedSince("1:*", "(FLAGS)", now));
        requireOk(events, CommandKind::UidFetch);
        CHECK(only<client::FetchData>(events).empty());
        // One change: only that message, with its MODSEQ.
        requireOk(other.run(Command::uidStore("3", StoreMode::Add, {"\\Seen"})), CommandKind::UidStore);
        events = back.run(Command::uidFetchChangedSince("1:*", "(FLAGS)", now));
        requireOk(events, CommandKind::UidFetch);
        const auto since = only<client::FetchData>(events);
        REQUIRE(since.size() == 1);
        CHECK(since[0].uid == 3u);
        CHECK(since[0].modSeq > now);
        // An expunge while selected comes as VANISHED, not EXPUNGE, and counts down EXISTS.
        requireOk(other.run(Command::uidStore("3", StoreMode::Add, {"\\Deleted"}, true)), CommandKind::UidStore);
        requireOk(other.run(Command::uidExpunge("3")), CommandKind::UidExpunge);
        events = back.run(Command::noop());
        requireOk(events, CommandKind::Noop);
        CHECK(only<client::Expunge>(events).empty());
        CHECK(only<client::Vanished>(events) == std::vector<client::Vanished>{{false, *imap::SequenceSet::parse("3")}});
        CHECK(back.client.selected()->exists == 1);
    }

    TEST_CASE("pipelined commands are answered in order") {
        testing::World w;
        Link link(w);
        const auto events = link.runAll({Command::login("alice", "secret"), Command::select("INBOX"),
                                         Command::fetch("1:*", "UID"), Command::logout()});
        const auto t = only<client::Tagged>(events);
        REQUIRE(t.size() == 4);
        CHECK(t[0].command == CommandKind::Login);
        CHECK(t[1].command == CommandKind::Select);
        CHECK(t[2].command == CommandKind::Fetch);
        CHECK(t[3].command == CommandKind::Logout);
        for (const auto& r : t) CHECK(r.condition == Condition::Ok);
        CHECK(only<client::FetchData>(events).size() == 3);
        CHECK(link.client.state() == SessionState::Logout);
        CHECK(only<client::ProtocolError>(events).empty());
    }
}
