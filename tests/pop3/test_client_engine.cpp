// POP3 client engine: command bytes, response parsing in any split, pipelining,
// dot-stuffing undone exactly, malformed input, and a round trip against the server.
#include <doctest/doctest.h>

#include <algorithm>
#include <variant>

#include "protocols/pop3/wire.h"
#include "tests/pop3/pop3_test_support.h"

using namespace pop3test;

namespace {

std::vector<ClientEvent> feedBytewise(ClientEngine& c, std::string_view bytes) {
    std::vector<ClientEvent> all;
    for (char ch : bytes)
        for (auto& e : c.receive(std::string_view(&ch, 1))) all.push_back(std::move(e));
    return all;
}

ClientEngine greeted(std::string_view greeting = "+OK ready <7.42@example.test>\r\n") {
    ClientEngine c;
    c.receive(greeting);
    return c;
}

// The one event of type E among `events` (the test stops if there is not exactly one).
template <class E>
E only(const std::vector<ClientEvent>& events) {
    const auto found = eventsOf<E>(events);
    REQUIRE_MESSAGE(found.size() == 1, str(events));
    return found[0];
}

}  // namespace

TEST_SUITE("pop3.client") {

TEST_CASE("typed commands become the right bytes") {
    ClientEngine c = greeted();
    CHECK(c.awaiting() == 0);
    CHECK(c.send(Command::user("alice")) == "USER alice\r\n");
    CHECK(c.send(Command::pass("open sesame")) == "PASS open sesame\r\n");
    CHECK(c.send(Command::apop("alice", "secret")) == "APOP alice " + md5Hex("<7.42@example.test>secret") + "\r\n");
    CHECK(c.send(Command::authPlain("alice", "secret")) == "AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
    CHECK(c.send(Command::auth()) == "AUTH\r\n");
    CHECK(c.send(Command::auth("PLAIN")) == "AUTH PLAIN\r\n");
    CHECK(c.send(Command::stat()) == "STAT\r\n");
    CHECK(c.send(Command::list()) == "LIST\r\n");
    CHECK(c.send(Command::list(2)) == "LIST 2\r\n");
    CHECK(c.send(Command::retr(1)) == "RETR 1\r\n");
    CHECK(c.send(Command::dele(3)) == "DELE 3\r\n");
    CHECK(c.send(Command::noop()) == "NOOP\r\n");
    CHECK(c.send(Command::rset()) == "RSET\r\n");
    CHECK(c.send(Command::top(1, 0)) == "TOP 1 0\r\n");
    CHECK(c.send(Command::uidl()) == "UIDL\r\n");
    CHECK(c.send(Command::uidl(4)) == "UIDL 4\r\n");
    CHECK(c.send(Command::capa()) == "CAPA\r\n");
    CHECK(c.send(Command::stls()) == "STLS\r\n");
    CHECK(c.send(Command::quit()) == "QUIT\r\n");
    CHECK(c.awaiting() == 19);
    // SASL lines belong to the AUTH in progress: they wait for nothing of their own.
    CHECK(c.send(Command::saslResponse("AGFsaWNlAHNlY3JldA==")) == "AGFsaWNlAHNlY3JldA==\r\n");
    CHECK(c.send(Command::saslCancel()) == "*\r\n");
    CHECK(c.awaiting() == 19);
}

TEST_CASE("AUTH PLAIN message (RFC 4616 §4 example)") {
    CHECK(saslPlainResponse("tim", "tanstaaftanstaaf") == "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
    CHECK(saslPlainResponse("tim", "x", "admin") == base64Encode(std::string("admin\0tim\0x", 11)));
    CHECK(base64Decode("AHRpbQB0YW5zdGFhZnRhbnN0YWFm") == std::string("\0tim\0tanstaaftanstaaf", 21));
    CHECK_FALSE(base64Decode("abc"));
    CHECK_FALSE(base64Decode("ab=c"));
    CHECK_FALSE(base64Decode("a*bc"));
    CHECK(base64Decode("") == std::string());
    CHECK(base64Decode("YQ==") == std::string("a"));
}

TEST_CASE("greeting and the APOP timestamp") {
    SUBCASE("with a timestamp") {
        ClientEngine c;
        CHECK(c.awaiting() == 1);
        CHECK(c.send(Command::apop("alice", "secret")).empty());  // not greeted yet
        const auto events = c.receive("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n");
        const auto& g = only<Greeting>(events);
        CHECK(g.ok);
        CHECK(g.timestamp == "<1896.697170952@dbc.mtview.ca.us>");
        CHECK(c.greeted());
        CHECK(c.apopTimestamp() == g.timestamp);
        CHECK(c.send(Command::apop("mrose", "tanstaaf")) == "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n");
    }
    SUBCASE("without a timestamp APOP cannot be sent") {
        ClientEngine c = greeted("+OK hello\r\n");
        CHECK(c.greeted());
        CHECK(c.apopTimestamp().empty());
        CHECK(c.send(Command::apop("alice", "secret")).empty());
        CHECK(c.awaiting() == 0);
    }
    SUBCASE("a negative greeting") {
        ClientEngine c;
        const auto& g = only<Greeting>(c.receive("-ERR [SYS/TEMP] try later\r\n"));
        CHECK_FALSE(g.ok);
        CHECK_FALSE(c.greeted());
    }
}

TEST_CASE("status lines, response codes and single-line data") {
    ClientEngine c = greeted();
    c.send(Command::user("alice"));
    c.send(Command::pass("secret"));
    c.send(Command::stat());
    c.send(Command::list(2));
    c.send(Command::uidl(2));
    c.send(Command::noop());
    const auto events = c.receive(
        "+OK\r\n"
        "-ERR [IN-USE] maildrop is locked\r\n"
        "+OK 2 320\r\n"
        "+OK 2 200\r\n"
        "+OK 2 QhdPYR:00WBw1Ph7x7\r\n"
        "-ERR [SYS/TEMP]\r\n");
    const auto responses = eventsOf<Response>(events);
    REQUIRE(responses.size() == 6);
    CHECK(responses[0].command == CommandKind::User);
    CHECK(responses[0].ok);
    CHECK(responses[0].text.empty());
    CHECK(responses[1].command == CommandKind::Pass);
    CHECK_FALSE(responses[1].ok);
    CHECK(responses[1].code == "IN-USE");
    CHECK(responses[1].text == "maildrop is locked");
    CHECK(responses[5].code == "SYS/TEMP");
    CHECK(responses[5].text.empty());
    const auto& stat = only<StatResult>(events);
    CHECK(stat.count == 2);
    CHECK(stat.size == 320);
    CHECK(only<ListResult>(events).entries == std::vector<ListEntry>{{2, 200}});
    CHECK(only<UidlResult>(events).entries == std::vector<UidlEntry>{{2, "QhdPYR:00WBw1Ph7x7"}});
    CHECK(c.awaiting() == 0);
}

TEST_CASE("multi-line responses in any split, pipelined") {
    const std::string server =
        "+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n"
        "+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n"
        "+OK 14 octets\r\nSubject: x\r\n\r\n..\r\n.\r\n"
        "+OK\r\nTOP\r\nSASL PLAIN LOGIN\r\nIMPLEMENTATION test server\r\n.\r\n"
        "+OK\r\nPLAIN\r\nLOGIN\r\n.\r\n";
    auto script = [](ClientEngine& c) {
        c.send(Command::list());
        c.send(Command::uidl());
        c.send(Command::retr(1));
        c.send(Command::capa());
        c.send(Command::auth());
    };
    ClientEngine whole = greeted(), bytes = greeted();
    script(whole);
    script(bytes);
    const auto a = whole.receive(server);
    const auto b = feedBytewise(bytes, server);
    CHECK(str(a) == str(b));
    CHECK(whole.awaiting() == 0);

    CHECK(only<ListResult>(a).entries == std::vector<ListEntry>{{1, 120}, {2, 200}});
    CHECK(only<UidlResult>(a).entries ==
          std::vector<UidlEntry>{{1, "whqtswO00WBw418f9t5JxYwZ"}, {2, "QhdPYR:00WBw1Ph7x7"}});
    const auto& message = only<MessageData>(a);
    CHECK(message.msg == 1);
    CHECK_FALSE(message.top);
    CHECK(message.bytes == "Subject: x\r\n\r\n.\r\n");
    const auto& caps = only<Capabilities>(a);
    CHECK(caps.lines == std::vector<std::string>{"TOP", "SASL PLAIN LOGIN", "IMPLEMENTATION test server"});
    CHECK(caps.has("top"));
    CHECK_FALSE(caps.has("UIDL"));
    CHECK(caps.arguments("SASL") == std::vector<std::string>{"PLAIN", "LOGIN"});
    CHECK(only<MechanismList>(a).mechanisms == std::vector<std::string>{"PLAIN", "LOGIN"});
    // Each Response comes before its data.
    REQUIRE(a.size() == 10);
    CHECK(std::holds_alternative<Response>(a[0]));
    CHECK(std::holds_alternative<ListResult>(a[1]));
}

TEST_CASE("malformed server input becomes ClientError, never a crash") {
    ClientEngine c = greeted();

    SUBCASE("a line nobody asked for") {
        CHECK(only<ClientError>(c.receive("+OK surprise\r\n")).text.find("unexpected") != std::string::npos);
    }
    SUBCASE("neither +OK nor -ERR") {
        c.send(Command::noop());
        c.send(Command::noop());
        const auto events = c.receive("HELLO THERE\r\n+OKAY\r\n");
        CHECK(eventsOf<ClientError>(events).size() == 2);
        CHECK(c.awaiting() == 0);
    }
    SUBCASE("STAT, LIST n, UIDL n without their numbers") {
        c.send(Command::stat());
        c.send(Command::list(1));
        c.send(Command::uidl(1));
        const auto events = c.receive("+OK lots\r\n+OK 1\r\n+OK\r\n");
        CHECK(eventsOf<Response>(events).size() == 3);
        CHECK(eventsOf<ClientError>(events).size() == 3);
        CHECK(eventsOf<StatResult>(events).empty());
    }
    SUBCASE("garbage lines inside a listing are skipped") {
        c.send(Command::list());
        const auto events = c.receive("+OK\r\n1 100\r\nbanana\r\n0 5\r\n3 x\r\n4 400\r\n.\r\n");
        CHECK(eventsOf<ClientError>(events).size() == 3);
        CHECK(only<ListResult>(events).entries == std::vector<ListEntry>{{1, 100}, {4, 400}});
    }
    SUBCASE("a continuation outside AUTH") {
        c.send(Command::noop());
        const auto events = c.receive("+ \r\n+OK\r\n");
        CHECK(eventsOf<ClientError>(events).size() == 1);
        CHECK(eventsOf<Response>(events).size() == 1);
    }
    SUBCASE("binary junk and an endless line") {
        c.send(Command::noop());
        const std::string junk("\0\xff\r\x01\n", 5);
        CHECK_FALSE(eventsOf<ClientError>(c.receive(junk)).empty());
        c.send(Command::noop());
        CHECK(eventsOf<ClientError>(c.receive(std::string(2u << 20, 'a'))).size() == 1);
        CHECK(eventsOf<Response>(c.receive("aaa\r\n+OK\r\n")).size() == 1);
    }
    SUBCASE("data that never ends is simply not finished") {
        c.send(Command::retr(1));
        const auto events = c.receive("+OK\r\nline\r\n..\r\n");
        CHECK(eventsOf<MessageData>(events).empty());
        CHECK(c.awaiting() == 1);
    }
}

TEST_CASE("AUTH PLAIN exchanges") {
    World w;

    SUBCASE("with initial response") {
        Link link(w);
        const auto events = link.run(Command::authPlain("alice", "secret"));
        CHECK(only<Response>(events).ok);
        CHECK(link.server->state() == State::Transaction);
    }
    SUBCASE("without initial response: the Continuation carries the reply") {
        Link link(w);
        const auto events = link.run(Command::authPlain("alice", "secret", false));
        const auto& cont = only<Continuation>(events);
        CHECK(cont.challenge.empty());
        CHECK(cont.reply == saslPlainResponse("alice", "secret"));
        CHECK(link.client.awaiting() == 1);
        const auto done = link.run(Command::saslResponse(cont.reply));
        CHECK(only<Response>(done).command == CommandKind::Auth);
        CHECK(only<Response>(done).ok);
        CHECK(link.server->state() == State::Transaction);
    }
    SUBCASE("a caller-made response, and \"*\" cancels") {
        Link link(w);
        CHECK(eventsOf<Continuation>(link.run(Command::auth("PLAIN"))).size() == 1);
        const auto cancelled = link.run(Command::saslCancel());
        CHECK_FALSE(only<Response>(cancelled).ok);
        CHECK(link.client.awaiting() == 0);
        link.run(Command::auth("PLAIN"));
        CHECK(only<Response>(link.run(Command::saslResponse(saslPlainResponse("alice", "secret")))).ok);
    }
    SUBCASE("credentials too long for the AUTH line go after the prompt (RFC 5034 §4)") {
        const std::string longPassword(300, 'p');
        w.store.addAccount("long", longPassword);
        Link link(w);
        ClientEngine probe = greeted();
        CHECK(probe.send(Command::authPlain("long", longPassword)) == "AUTH PLAIN\r\n");
        const auto events = link.run(Command::authPlain("long", longPassword));
        const auto& cont = only<Continuation>(events);
        CHECK(only<Response>(link.run(Command::saslResponse(cont.reply))).ok);
        CHECK(link.server->state() == State::Transaction);
    }
    SUBCASE("wrong password: -ERR [AUTH]") {
        Link link(w);
        const auto& r = only<Response>(link.run(Command::authPlain("alice", "nope")));
        CHECK_FALSE(r.ok);
        CHECK(r.code == "AUTH");
    }
}

TEST_CASE("after STLS +OK the client drops what followed in the clear") {
    ClientEngine c = greeted();
    c.send(Command::stls());
    c.send(Command::noop());
    const auto events = c.receive("+OK Begin TLS negotiation\r\n+OK injected\r\n");
    REQUIRE(eventsOf<Response>(events).size() == 1);
    CHECK(eventsOf<Response>(events)[0].command == CommandKind::Stls);
    // The NOOP still waits for its real answer, over TLS.
    CHECK(c.awaiting() == 1);
    CHECK(only<Response>(c.receive("+OK\r\n")).command == CommandKind::Noop);
}

TEST_CASE("dot-stuffing round trip: RETR gives back the exact message bytes") {
    World w;
    Link link(w);
    link.run(Command::user("alice"));
    link.run(Command::pass("secret"));
    REQUIRE(link.server->state() == State::Transaction);

    const std::vector<std::string> originals{kDotty, kNoFinalCrlf, kPlain};
    for (std::uint32_t n = 1; n <= 3; ++n) {
        CAPTURE(n);
        const auto events = link.run(Command::retr(n));
        const auto& data = only<MessageData>(events);
        CHECK(data.msg == n);
        CHECK(data.bytes == originals[n - 1]);
    }
    SUBCASE("split one byte at a time as well") {
        const std::string wire = link.server->receive(link.client.send(Command::retr(2))).toPeer;
        CHECK(only<MessageData>(feedBytewise(link.client, wire)).bytes == kNoFinalCrlf);
    }
}

TEST_CASE("round trip of every command against the server, in memory") {
    World w;
    Link link(w);
    REQUIRE(only<Greeting>(link.greeting).timestamp == link.server->apopTimestamp());

    // AUTHORIZATION
    CHECK(only<Capabilities>(link.run(Command::capa())).has("SASL"));
    CHECK(only<MechanismList>(link.run(Command::auth())).mechanisms == std::vector<std::string>{"PLAIN"});
    CHECK(only<Response>(link.run(Command::stls())).ok == false);  // TLS not offered here
    CHECK(only<Response>(link.run(Command::user("alice"))).ok);
    CHECK(only<Response>(link.run(Command::pass("wrong"))).code == "AUTH");
    CHECK(only<Response>(link.run(Command::apop("alice", "secret"))).ok);
    REQUIRE(link.server->state() == State::Transaction);

    // TRANSACTION
    const auto& stat = only<StatResult>(link.run(Command::stat()));
    CHECK(stat.count == 3);
    CHECK(stat.size == kDotty.size() + kNoFinalCrlf.size() + kPlain.size());
    CHECK(only<ListResult>(link.run(Command::list())).entries ==
          std::vector<ListEntry>{{1, kDotty.size()}, {2, kNoFinalCrlf.size()}, {3, kPlain.size()}});
    CHECK(only<ListResult>(link.run(Command::list(3))).entries == std::vector<ListEntry>{{3, kPlain.size()}});
    CHECK(only<UidlResult>(link.run(Command::uidl())).entries ==
          std::vector<UidlEntry>{{1, w.uidl(0)}, {2, w.uidl(1)}, {3, w.uidl(2)}});
    CHECK(only<UidlResult>(link.run(Command::uidl(2))).entries == std::vector<UidlEntry>{{2, w.uidl(1)}});
    const auto& top = only<MessageData>(link.run(Command::top(3, 1)));
    CHECK(top.top);
    CHECK(top.bytes == "From: Dave <dave@example.com>\r\nSubject: Three lines\r\n\r\nline 1\r\n");
    CHECK(only<MessageData>(link.run(Command::retr(1))).bytes == kDotty);
    CHECK(only<Response>(link.run(Command::dele(1))).ok);
    const auto& gone = only<Response>(link.run(Command::retr(1)));
    CHECK_FALSE(gone.ok);
    CHECK(gone.text == "message 1 already deleted");
    CHECK(only<Response>(link.run(Command::noop())).ok);
    CHECK(only<Response>(link.run(Command::rset())).ok);
    CHECK(only<Response>(link.run(Command::dele(2))).ok);
    CHECK(only<Capabilities>(link.run(Command::capa())).has("UIDL"));
    const auto& quit = only<Response>(link.run(Command::quit()));
    CHECK(quit.ok);
    CHECK(quit.command == CommandKind::Quit);
    CHECK(link.server->state() == State::Closed);
    CHECK(link.client.awaiting() == 0);
    CHECK(w.inboxSize() == 2);
}

TEST_CASE("[IN-USE] reaches the client as a response code") {
    World w;
    Link first(w), second(w);
    first.run(Command::user("alice"));
    first.run(Command::pass("secret"));
    second.run(Command::user("alice"));
    const auto& r = only<Response>(second.run(Command::pass("secret")));
    CHECK_FALSE(r.ok);
    CHECK(r.code == "IN-USE");
}

TEST_CASE("random server bytes never crash the client") {
    const std::vector<std::string> vocabulary{"+OK", "-ERR", "+OK 1 2", "-ERR [IN-USE] x", "+ ", "+ AAAA", "+ !!",
                                              ".", "..", "1 100", "2 abc", "+OK 5 octets", "[", "-ERR [", "+OK [AUTH"};
    const std::vector<Command> commands{Command::stat(), Command::list(), Command::list(1), Command::retr(1),
                                        Command::top(1, 2), Command::uidl(), Command::uidl(3), Command::capa(),
                                        Command::auth(), Command::authPlain("a", "b", false), Command::stls(),
                                        Command::apop("a", "b"), Command::quit()};
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        CAPTURE(seed);
        Lcg rng{seed};
        ClientEngine c;     // gets the bytes in random chunks
        ClientEngine twin;  // gets the same bytes one at a time
        std::vector<CommandKind> sent{CommandKind::Greeting};  // what waits for an answer, in order
        std::size_t answered = 0;  // sent[answered..] may still get a Response
        const std::string input = rng.noise(vocabulary, 300);
        for (std::size_t pos = 0; pos < input.size();) {
            const std::size_t before = c.awaiting();
            std::size_t added = 0;
            if (rng.next(3) == 0) {
                const Command& command = commands[rng.next(static_cast<std::uint32_t>(commands.size()))];
                const std::string bytes = c.send(command);
                CHECK(twin.send(command) == bytes);
                if (!bytes.empty()) {
                    sent.push_back(command.kind);
                    ++added;
                }
            }
            const std::size_t n = 1 + rng.next(48);
            const std::string_view chunk = std::string_view(input).substr(pos, n);
            pos += n;
            const std::vector<ClientEvent> events = c.receive(chunk);
            const std::vector<ClientEvent> twinEvents = feedBytewise(twin, chunk);
            const bool tlsStarts = std::any_of(events.begin(), events.end(), [](const ClientEvent& e) {
                const auto* r = std::get_if<Response>(&e);
                return r && r->command == CommandKind::Stls && r->ok;
            });
            if (tlsStarts) {
                // RFC 2595 §4: what came after +OK to STLS in the same read is dropped, so
                // here the split matters by design; both go on from the same state.
                twin = c;
            } else {
                // However the bytes are split, the same events come, and the same commands wait.
                CHECK(str(events) == str(twinEvents));
                CHECK(c.awaiting() == twin.awaiting());
            }
            // A command stops waiting only with an event that says so, never silently, and
            // nothing waits that was not sent.
            CHECK(c.awaiting() <= before + added);
            CHECK(before + added - c.awaiting() <= events.size());
            CHECK(c.awaiting() <= sent.size());
            // Responses answer the commands in the order they were sent, each at most once.
            for (const ClientEvent& event : events) {
                const auto* response = std::get_if<Response>(&event);
                if (!response) continue;
                const auto it = std::find(sent.begin() + static_cast<std::ptrdiff_t>(answered), sent.end(), response->command);
                CHECK_MESSAGE(it != sent.end(), str(events));
                if (it != sent.end()) answered = static_cast<std::size_t>(it - sent.begin()) + 1;
            }
        }
    }
}

TEST_CASE("client events print readably") {
    std::ostringstream os;
    os << ClientEvent{Response{CommandKind::Pass, false, "IN-USE", "locked"}};
    CHECK(os.str() == "Response{PASS -ERR [IN-USE] \"locked\"}");
}

}  // TEST_SUITE
