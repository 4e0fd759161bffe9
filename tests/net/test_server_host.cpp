// ServerHost: sessions on a shared store, their transcripts (secrets masked, literals
// followed, RFC 3501 7.5), IDLE pushes across sessions (RFC 2177) and the STLS/STARTTLS
// hand-over to the link (RFC 2595, RFC 3501 6.2.1).
#include <doctest/doctest.h>

#include <ostream>

#include "protocols/imap/server_session.h"
#include "protocols/pop3/server_session.h"
#include "sim/server_host.h"

using namespace mailscope;

namespace mailscope::sim {
std::ostream& operator<<(std::ostream& os, const SessionOutput& o) {
    return os << "SessionOutput{bytes=\"" << o.bytes << "\", startTls=" << o.startTls << ", close=" << o.close << "}";
}
}  // namespace mailscope::sim

namespace {

constexpr core::Time kNow = 1795770000;

std::shared_ptr<const mail::Message> message(const std::string& subject) {
    return mail::Message::fromBytes("From: zofia@example.pl\r\nTo: alice@example.pl\r\nSubject: " + subject +
                                        "\r\n\r\nHello.\r\n",
                                    kNow);
}

/// A store with alice (two messages in INBOX) and a host on it.
struct World {
    explicit World(sim::HostConfig config = {}) : host(store, config) {
        mail::Account& alice = store.addAccount("alice", "alice123");
        store.append(alice, alice.inbox(), message("one"));
        store.append(alice, alice.inbox(), message("two"));
    }
    mail::MailStore store;
    sim::ServerHost host;
};

/// A link that keeps what the session sends.
struct Peer {
    std::vector<sim::SessionOutput> outputs;
    sim::SessionSink sink() {
        return [this](sim::SessionOutput o) { outputs.push_back(std::move(o)); };
    }
    /// Everything sent so far, then forgotten.
    std::string take() {
        std::string all;
        for (const auto& o : outputs) all += o.bytes;
        outputs.clear();
        return all;
    }
    bool closed() const {
        for (const auto& o : outputs)
            if (o.close) return true;
        return false;
    }
};

std::vector<std::string> clientLines(const sim::HostedSession& s) {
    std::vector<std::string> lines;
    for (const auto& e : s.transcript().entries())
        if (e.direction == core::Direction::ClientToServer) lines.push_back(e.text);
    return lines;
}

bool transcriptContains(const sim::HostedSession& s, std::string_view text) {
    for (const auto& e : s.transcript().entries())
        if (e.text.find(text) != std::string::npos) return true;
    return false;
}

/// Sends bytes in one piece, or one byte at a time.
void send(sim::HostedSession& s, std::string_view bytes, bool byteByByte) {
    if (!byteByByte) {
        s.receive(bytes, kNow);
        return;
    }
    for (char c : bytes) s.receive(std::string_view(&c, 1), kNow);
}

/// Each way of sending LOGIN: the transcript masks the password, the login works.
void loginVariants(sim::HostedSession& s, Peer& peer, bool byteByByte) {
    SUBCASE("atom") {
        send(s, "a LOGIN alice alice123\r\n", byteByByte);
        CHECK(clientLines(s) == std::vector<std::string>{"a LOGIN alice ********"});
    }
    SUBCASE("quoted") {
        send(s, "a LOGIN \"alice\" \"alice123\"\r\n", byteByByte);
        CHECK(clientLines(s) == std::vector<std::string>{"a LOGIN \"alice\" ********"});
    }
    SUBCASE("a wrong password, quoted with a space and an escaped quote, first") {
        send(s, "x LOGIN alice \"x \\\" y\"\r\na LOGIN alice alice123\r\n", byteByByte);
        CHECK(clientLines(s) == std::vector<std::string>{"x LOGIN alice ********", "a LOGIN alice ********"});
        CHECK(transcriptContains(s, "x NO"));
    }
    SUBCASE("synchronizing literal: sent after the server's +") {
        send(s, "a LOGIN alice {8}\r\n", byteByByte);
        REQUIRE(peer.take().starts_with("+"));
        send(s, "alice123\r\n", byteByByte);
        CHECK(clientLines(s) == std::vector<std::string>{"a LOGIN alice {8}", "********"});
    }
    SUBCASE("user name as a literal, password in the continuation") {
        send(s, "a LOGIN {5}\r\n", byteByByte);
        REQUIRE(peer.take().starts_with("+"));
        send(s, "alice alice123\r\n", byteByByte);
        CHECK(clientLines(s) == std::vector<std::string>{"a LOGIN {5}", "alice", " ********"});
    }
    CHECK(peer.take().find("a OK") != std::string::npos);
    REQUIRE(s.imap() != nullptr);
    CHECK(s.imap()->state() == imap::State::Authenticated);
    CHECK_FALSE(transcriptContains(s, "alice123"));
}

}  // namespace

TEST_SUITE("sim.server_host") {
    TEST_CASE("IMAP transcripts mask the LOGIN password as atom or quoted string or literal in any split") {
        World w;
        Peer peer;
        auto s = w.host.openImap("", sim::LinkSecurity::Plain, peer.sink(), kNow);
        s->start(kNow);
        REQUIRE(peer.take().starts_with("* OK"));
        CHECK(s->name() == "imap " + std::to_string(s->id()));
        SUBCASE("whole") { loginVariants(*s, peer, false); }
        SUBCASE("byte by byte") { loginVariants(*s, peer, true); }
    }

    TEST_CASE("a refused literal is not taken for data: the next line is a command again") {
        World w;
        Peer peer;
        auto s = w.host.openImap("", sim::LinkSecurity::Plain, peer.sink(), kNow);
        s->start(kNow);
        peer.take();
        s->receive("a LOGIN alice {4294967295}\r\n", kNow);
        const std::string refusal = peer.take();
        CHECK_FALSE(refusal.starts_with("+"));
        s->receive("b LOGIN alice alice123\r\n", kNow);
        CHECK(peer.take().find("b OK") != std::string::npos);
        CHECK(clientLines(*s).back() == "b LOGIN alice ********");
    }

    TEST_CASE("AUTHENTICATE PLAIN: the initial response and the SASL response line are masked") {
        World w;
        Peer peer;
        auto s = w.host.openImap("", sim::LinkSecurity::Plain, peer.sink(), kNow);
        s->start(kNow);
        peer.take();
        const std::string plain = "AGFsaWNlAGFsaWNlMTIz";  // "\0alice\0alice123"
        SUBCASE("SASL-IR") {
            s->receive("a AUTHENTICATE PLAIN " + plain + "\r\n", kNow);
            CHECK(clientLines(*s) == std::vector<std::string>{"a AUTHENTICATE PLAIN ********"});
        }
        SUBCASE("challenge and response") {
            s->receive("a AUTHENTICATE PLAIN\r\n", kNow);
            REQUIRE(peer.take().starts_with("+"));
            s->receive(plain + "\r\n", kNow);
            CHECK(clientLines(*s) == std::vector<std::string>{"a AUTHENTICATE PLAIN", "********"});
            s->receive("b NOOP\r\n", kNow);  // after the exchange, lines are commands again
            CHECK(clientLines(*s).back() == "b NOOP");
        }
        CHECK(s->imap()->state() == imap::State::Authenticated);
        CHECK_FALSE(transcriptContains(*s, plain));
    }

    TEST_CASE("show-secrets keeps the password in the transcript") {
        World w(sim::HostConfig{false, true, true});
        Peer peer;
        auto s = w.host.openImap("", sim::LinkSecurity::Plain, peer.sink(), kNow);
        s->start(kNow);
        s->receive("a LOGIN alice alice123\r\n", kNow);
        CHECK(clientLines(*s) == std::vector<std::string>{"a LOGIN alice alice123"});
    }

    TEST_CASE("APPEND's literal shows as lines and the message arrives") {
        World w;
        Peer peer;
        auto s = w.host.openImap("Laptop", sim::LinkSecurity::Plain, peer.sink(), kNow);
        s->start(kNow);
        s->receive("a LOGIN alice alice123\r\n", kNow);
        const std::string msg = "Subject: three\r\n\r\nbody\r\n";
        s->receive("b APPEND INBOX {" + std::to_string(msg.size()) + "}\r\n", kNow);
        REQUIRE(peer.take().find("+") != std::string::npos);
        s->receive(msg + "\r\n", kNow);
        CHECK(peer.take().find("b OK") != std::string::npos);
        const auto lines = clientLines(*s);
        REQUIRE(lines.size() == 5);
        CHECK(lines[2] == "Subject: three");
        CHECK(lines[3] == "");
        CHECK(lines[4] == "body");
        CHECK(w.store.findAccount("alice")->inbox().size() == 3);
        CHECK(s->transcript().entries().front().device == "Laptop");
    }

    TEST_CASE("POP3 transcripts come from the session with the password masked and each answer after its command") {
        World w;
        Peer peer;
        auto s = w.host.openPop3("", sim::LinkSecurity::Plain, peer.sink(), kNow);
        s->start(kNow);
        s->receive("USER alice\r\nPASS alice123\r\nSTAT\r\n", kNow);
        std::vector<std::string> texts;
        for (const auto& e : s->transcript().entries()) texts.push_back(e.text.substr(0, 6));
        CHECK(texts == std::vector<std::string>{"+OK ma", "USER a", "+OK se", "PASS *", "+OK lo", "STAT", "+OK 2 "});
        CHECK(clientLines(*s)[1] == "PASS ********");
    }

    TEST_CASE("a change by one session reaches another session in IDLE at once") {
        World w;
        Peer watcher, actor;
        auto idle = w.host.openImap("", sim::LinkSecurity::Plain, watcher.sink(), kNow);
        idle->start(kNow);
        idle->receive("a LOGIN alice alice123\r\nb SELECT INBOX\r\nc IDLE\r\n", kNow);
        REQUIRE(watcher.take().find("+ ") != std::string::npos);

        SUBCASE("an IMAP flag change") {
            auto imapActor = w.host.openImap("", sim::LinkSecurity::Plain, actor.sink(), kNow);
            imapActor->start(kNow);
            imapActor->receive("a LOGIN alice alice123\r\nb SELECT INBOX\r\nc STORE 2 +FLAGS (\\Flagged)\r\n", kNow);
            const std::string pushed = watcher.take();
            CHECK(pushed.find("* 2 FETCH (FLAGS (") != std::string::npos);
            CHECK(pushed.find("\\Flagged") != std::string::npos);
        }
        SUBCASE("a POP3 DELE and QUIT") {
            auto pop = w.host.openPop3("", sim::LinkSecurity::Plain, actor.sink(), kNow);
            pop->start(kNow);
            pop->receive("USER alice\r\nPASS alice123\r\nDELE 1\r\n", kNow);
            CHECK(watcher.take().empty());  // DELE only marks
            pop->receive("QUIT\r\n", kNow);
            CHECK(watcher.take() == "* 1 EXPUNGE\r\n");
            CHECK(transcriptContains(*idle, "* 1 EXPUNGE"));
        }
        SUBCASE("a change from outside any session, pushed by the owner") {
            mail::Account& alice = *w.store.findAccount("alice");
            w.store.append(alice, alice.inbox(), message("three"));
            CHECK(watcher.take().empty());
            w.host.pushUpdates(kNow);
            CHECK(watcher.take().find("* 3 EXISTS") != std::string::npos);
        }
    }

    TEST_CASE("STARTTLS and STLS: the OK goes out in plaintext before TLS starts and injected commands die") {
        World w(sim::HostConfig{true, false, false});
        Peer peer;
        SUBCASE("IMAP") {
            auto s = w.host.openImap("", sim::LinkSecurity::Plain, peer.sink(), kNow);
            s->start(kNow);
            CHECK(peer.take().find("LOGINDISABLED") != std::string::npos);
            s->receive("a STARTTLS\r\nb LOGIN alice alice123\r\n", kNow);
            REQUIRE(peer.outputs.size() == 1);
            CHECK(peer.outputs[0].startTls);
            CHECK(peer.outputs[0].bytes.starts_with("a OK"));
            peer.take();
            CHECK(s->imap()->state() == imap::State::NotAuthenticated);
            s->tlsEstablished(kNow);
            CHECK(s->tlsActive());
            s->receive("c LOGIN alice alice123\r\n", kNow);
            CHECK(peer.take().find("c OK") != std::string::npos);
            CHECK(clientLines(*s) == std::vector<std::string>{"a STARTTLS", "c LOGIN alice ********"});
        }
        SUBCASE("POP3") {
            auto s = w.host.openPop3("", sim::LinkSecurity::Plain, peer.sink(), kNow);
            s->start(kNow);
            peer.take();
            s->receive("STLS\r\nUSER alice\r\n", kNow);
            REQUIRE(peer.outputs.size() == 1);
            CHECK(peer.outputs[0].startTls);
            CHECK(peer.outputs[0].bytes.starts_with("+OK"));
            peer.take();
            s->tlsEstablished(kNow);
            s->receive("USER alice\r\nPASS alice123\r\n", kNow);
            CHECK(s->pop3()->state() == pop3::State::Transaction);
        }
    }

    TEST_CASE("implicit TLS: logins are allowed even when plaintext is refused and no STARTTLS is offered") {
        World w(sim::HostConfig{true, false, false});
        Peer peer;
        auto s = w.host.openImap("", sim::LinkSecurity::ImplicitTls, peer.sink(), kNow);
        s->start(kNow);
        const std::string greeting = peer.take();
        CHECK(greeting.find("STARTTLS") == std::string::npos);
        CHECK(greeting.find("LOGINDISABLED") == std::string::npos);
        s->receive("a LOGIN alice alice123\r\n", kNow);
        CHECK(peer.take().find("a OK") != std::string::npos);
        auto p = w.host.openPop3("", sim::LinkSecurity::ImplicitTls, peer.sink(), kNow);
        p->start(kNow);
        p->receive("CAPA\r\nUSER alice\r\nPASS alice123\r\n", kNow);
        const std::string answer = peer.take();
        CHECK(answer.find("STLS") == std::string::npos);
        CHECK(p->pop3()->state() == pop3::State::Transaction);
    }

    TEST_CASE("shutdown says goodbye and closes and the line observer sees every line") {
        World w;
        Peer peer;
        std::size_t observed = 0;
        w.host.setLineObserver([&](const sim::HostedSession&, const sim::TranscriptEntry&) { ++observed; });
        auto s = w.host.openImap("", sim::LinkSecurity::Plain, peer.sink(), kNow);
        REQUIRE(w.host.sessions().size() == 1);
        s->start(kNow);
        s->receive("a LOGIN alice alice123\r\n", kNow);
        peer.take();
        s->shutdown(kNow);
        CHECK(peer.closed());
        CHECK(peer.take() == "* BYE mailscope is shutting down\r\n");
        CHECK(s->closed());
        CHECK(observed == s->transcript().size());
        s->receive("b NOOP\r\n", kNow);  // nothing is read after the end
        CHECK(peer.outputs.empty());
        s.reset();
        CHECK(w.host.sessions().empty());
    }

    TEST_CASE("POP3 disconnect deletes nothing and frees the maildrop") {
        World w;
        Peer peer;
        auto s = w.host.openPop3("", sim::LinkSecurity::Plain, peer.sink(), kNow);
        s->start(kNow);
        s->receive("USER alice\r\nPASS alice123\r\nDELE 1\r\n", kNow);
        s->disconnect(kNow);
        CHECK(s->closed());
        CHECK(w.store.findAccount("alice")->inbox().size() == 2);
        CHECK(w.store.findAccount("alice")->maildropLockHolder() == 0);
    }
}
