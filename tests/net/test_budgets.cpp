// The servers' budgets (protocols/core/limits.h) on sessions of a ServerHost: each is met
// exactly, then exceeded by one byte. Before login: IMAP line and literal caps, POP3 line
// cap; after login: the APPEND literal cap ([TOOBIG]) and the budget shared by every IMAP
// session ([LIMIT]); failed logins; the bounded transcript of a real client.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "protocols/core/limits.h"
#include "protocols/imap/server_session.h"
#include "protocols/pop3/server_session.h"
#include "sim/server_host.h"

using namespace mailscope;
namespace limits = core::limits;

namespace {

constexpr core::Time kNow = 1795770000;

/// A store with alice (one message in INBOX) and a host on it.
struct Host {
    explicit Host(sim::HostConfig config = {}) : host(store, config) {
        mail::Account& alice = store.addAccount("alice", "alice123");
        store.append(alice, alice.inbox(),
                     mail::Message::fromBytes("From: zofia@example.pl\r\nSubject: one\r\n\r\nHello.\r\n", kNow));
    }
    mail::MailStore store;
    sim::ServerHost host;
};

/// One client of the host: what it sends, and what came back since the last call.
struct Peer {
    Peer(Host& h, sim::Protocol protocol) {
        auto sink = [this](sim::SessionOutput o) {
            received += o.bytes;
            closed = closed || o.close;
            failedLogin = failedLogin || o.failedLogin;
        };
        session = protocol == sim::Protocol::Imap ? h.host.openImap("", sim::LinkSecurity::Plain, sink, kNow)
                                                  : h.host.openPop3("", sim::LinkSecurity::Plain, sink, kNow);
        session->start(kNow);
        received.clear();
    }
    std::string send(std::string_view bytes) {
        session->receive(bytes, kNow);
        return std::exchange(received, {});
    }
    std::unique_ptr<sim::HostedSession> session;
    std::string received;
    bool closed = false;
    bool failedLogin = false;
};

const std::string kTooBig = "a NO [TOOBIG] Literal too big\r\n";
const std::string kReady = "+ Ready for literal data\r\n";
const std::string kLoginFailed = "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n";

}  // namespace

TEST_SUITE("net.budgets") {
    TEST_CASE("IMAP before login: a LOGIN literal of the cap is read and one byte more is refused before it is sent") {
        Host h;
        Peer c(h, sim::Protocol::Imap);
        const std::string n = std::to_string(limits::kPreAuthLiteral);
        CHECK(c.send("a LOGIN alice {" + std::to_string(limits::kPreAuthLiteral + 1) + "}\r\n") == kTooBig);
        CHECK(c.send("a LOGIN alice {" + n + "}\r\n") == kReady);
        CHECK(c.send(std::string(limits::kPreAuthLiteral, 'x') + "\r\n") == kLoginFailed);
        CHECK_FALSE(c.closed);
    }

    TEST_CASE("IMAP before login: a non-synchronizing literal one byte over the cap closes the connection") {
        Host h;
        Peer c(h, sim::Protocol::Imap);
        const std::string n = std::to_string(limits::kPreAuthLiteral);
        CHECK(c.send("a LOGIN alice {" + n + "+}\r\n" + std::string(limits::kPreAuthLiteral, 'x') + "\r\n") ==
              kLoginFailed);
        CHECK_FALSE(c.closed);
        CHECK(c.send("b LOGIN alice {" + std::to_string(limits::kPreAuthLiteral + 1) + "+}\r\n") ==
              "b BAD Literal too big\r\n* BYE Input could not be followed\r\n");
        CHECK(c.closed);
    }

    TEST_CASE("IMAP before login: a command line of the cap is read and one byte longer is refused") {
        Host h;
        Peer c(h, sim::Protocol::Imap);
        const std::string head = "a LOGIN alice ";
        const std::string exact = head + std::string(limits::kPreAuthImapLine - head.size(), 'x');
        CHECK(c.send(exact + "\r\n") == kLoginFailed);
        CHECK(c.send(exact + "x\r\n") == "a BAD Line too long\r\n");
        CHECK_FALSE(c.closed);
        CHECK(c.send("b LOGIN alice alice123\r\n").starts_with("b OK [CAPABILITY "));
        // Logged in, the same line is within the larger cap.
        CHECK(c.send("c NOOP " + std::string(limits::kPreAuthImapLine, 'x') + "\r\n") ==
              "c BAD NOOP: Unexpected extra arguments\r\n");
    }

    TEST_CASE("IMAP after login: an APPEND literal of the cap is accepted and one byte more gets NO [TOOBIG]") {
        Host h;
        Peer c(h, sim::Protocol::Imap);
        REQUIRE(c.send("l LOGIN alice alice123\r\n").starts_with("l OK"));
        CHECK(c.send("a APPEND INBOX {" + std::to_string(limits::kImapLiteral + 1) + "}\r\n") == kTooBig);
        CHECK(c.send("a APPEND INBOX {" + std::to_string(limits::kImapLiteral) + "}\r\n") == kReady);
    }

    TEST_CASE("IMAP after login: literals beyond the budget shared by all sessions get NO [LIMIT] until one is done") {
        sim::HostConfig config;
        config.literalsInFlight = 100;
        Host h(config);
        Peer first(h, sim::Protocol::Imap);
        Peer second(h, sim::Protocol::Imap);
        REQUIRE(first.send("l LOGIN alice alice123\r\n").starts_with("l OK"));
        REQUIRE(second.send("l LOGIN alice alice123\r\n").starts_with("l OK"));
        CHECK(first.send("a APPEND INBOX {60}\r\n") == kReady);
        CHECK(second.send("b APPEND INBOX {41}\r\n") ==
              "b NO [LIMIT] Server busy receiving other messages, try again later\r\n");
        CHECK(second.send("b APPEND INBOX {40}\r\n") == kReady);
        CHECK(h.host.literalBudget()->used == 100);
        const std::string message = "Subject: sixty bytes of message, headers and all\r\n\r\nHi.\r\n";
        REQUIRE(message.size() == 57);
        CHECK(first.send(message + "123\r\n").find("a OK [APPENDUID ") != std::string::npos);
        CHECK(h.host.literalBudget()->used == 40);
        second.session->disconnect(kNow);
        CHECK(h.host.literalBudget()->used == 0);
    }

    TEST_CASE("IMAP after login: a non-synchronizing literal counts against the shared budget too, one byte over gets NO [LIMIT]") {
        sim::HostConfig config;
        config.literalsInFlight = 100;
        Host h(config);
        Peer first(h, sim::Protocol::Imap);
        Peer second(h, sim::Protocol::Imap);
        REQUIRE(first.send("l LOGIN alice alice123\r\n").starts_with("l OK"));
        REQUIRE(second.send("l LOGIN alice alice123\r\n").starts_with("l OK"));
        CHECK(first.send("a APPEND INBOX {60}\r\n") == kReady);
        // RFC 7888 4: the client sends a {n+} literal's bytes anyway; they are read and dropped.
        CHECK(second.send("b APPEND INBOX {41+}\r\n") ==
              "b NO [LIMIT] Server busy receiving other messages, try again later\r\n");
        CHECK(second.send(std::string(41, 'x') + "\r\n") == "");
        CHECK(h.host.literalBudget()->used == 60);
        CHECK(second.send("c APPEND INBOX {40+}\r\nSubject: x\r\n\r\n") == "");  // 40 reserved, 14 read
        CHECK(h.host.literalBudget()->used == 100);
        CHECK(second.send(std::string(24, 'y') + "\r\n\r\n").find("c OK [APPENDUID ") != std::string::npos);
        CHECK(h.host.literalBudget()->used == 60);
        CHECK(second.send("d NOOP\r\n").ends_with("d OK NOOP completed\r\n"));
        first.session->disconnect(kNow);
        CHECK(h.host.literalBudget()->used == 0);
    }

    TEST_CASE("POP3 before login: a line of 255 bytes with its CRLF is read and one byte longer is refused") {
        Host h;
        Peer c(h, sim::Protocol::Pop3);
        const std::string exact = "USER " + std::string(limits::kPop3Line - 2 - 5, 'u');
        CHECK(c.send(exact + "\r\n") == "+OK send PASS\r\n");
        CHECK(c.send(exact + "u\r\n") == "-ERR line too long\r\n");
        CHECK_FALSE(c.closed);
    }

    TEST_CASE("IMAP closes the connection after three failed logins and the answers are marked for the delay") {
        Host h;
        Peer c(h, sim::Protocol::Imap);
        CHECK(c.send("a LOGIN alice wrong\r\n") == kLoginFailed);
        CHECK(c.failedLogin);
        CHECK(c.send("a LOGIN alice alsowrong\r\n") == kLoginFailed);
        CHECK_FALSE(c.closed);
        CHECK(c.send("a LOGIN nobody x\r\n") == kLoginFailed + "* BYE Too many failed logins\r\n");
        CHECK(c.closed);
        const auto& entries = c.session->transcript().entries();
        REQUIRE_FALSE(entries.empty());
        CHECK(entries.back().text == "* BYE Too many failed logins");

        Peer again(h, sim::Protocol::Imap);
        CHECK(again.send("a LOGIN alice wrong\r\na LOGIN alice wrong\r\nb LOGIN alice alice123\r\n")
                  .find("b OK [CAPABILITY ") != std::string::npos);
        CHECK_FALSE(again.closed);
    }

    TEST_CASE("POP3 closes the connection after three failed logins") {
        Host h;
        Peer c(h, sim::Protocol::Pop3);
        CHECK(c.send("USER alice\r\nPASS wrong\r\n") == "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n");
        CHECK(c.failedLogin);
        CHECK(c.send("USER alice\r\nPASS wrong\r\n") == "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n");
        CHECK_FALSE(c.closed);
        CHECK(c.send("USER alice\r\nPASS wrong\r\n") ==
              "+OK send PASS\r\n-ERR [AUTH] too many failed logins, closing connection\r\n");
        CHECK(c.closed);
        CHECK(c.session->transcript().entries().back().text == "-ERR [AUTH] too many failed logins, closing connection");
    }

    TEST_CASE("a real client's transcript keeps its last lines and counts the earlier ones") {
        Host h;
        Peer c(h, sim::Protocol::Pop3);
        REQUIRE(c.send("USER alice\r\nPASS alice123\r\n") == "+OK send PASS\r\n+OK logged in, 1 messages (48 octets)\r\n");
        std::string noops;
        const std::size_t sent = limits::kTranscriptLines * 2;
        for (std::size_t i = 0; i < sent; ++i) noops += "NOOP\r\n";
        c.send(noops);
        const sim::Transcript& t = c.session->transcript();
        const std::size_t total = 5 + 2 * sent;  // greeting, USER, PASS, answers, then each NOOP and its +OK
        CHECK(t.size() >= limits::kTranscriptLines);
        CHECK(t.size() <= limits::kTranscriptLines + limits::kTranscriptLines / 8);
        CHECK(t.dropped() + t.size() == total);
        CHECK(t.entries().back().text == "+OK");
        CHECK(t.entries()[t.size() - 2].text == "NOOP");
    }

    TEST_CASE("a streamed FETCH comes in pieces that make the whole response and the commands behind it wait") {
        std::string big = "Subject: big\r\n\r\n";
        while (big.size() < 3 * limits::kOutputChunk) big += std::string(62, 'x') + "\r\n";
        Host h, h2;  // each client is the first to select its INBOX: the same \Recent
        for (Host* host : {&h, &h2})
            host->store.append(*host->store.findAccount("alice"), host->store.findAccount("alice")->inbox(),
                               mail::Message::fromBytes(big, kNow));
        const std::string command = "l LOGIN alice alice123\r\ns SELECT INBOX\r\nf UID FETCH 2 (BODY.PEEK[] BODY.PEEK[])\r\n";
        Peer whole(h, sim::Protocol::Imap);
        const std::string expected = whole.send(command + "n NOOP\r\n");
        REQUIRE(expected.ends_with("f OK UID FETCH completed\r\nn OK NOOP completed\r\n"));

        Peer streamed(h2, sim::Protocol::Imap);
        streamed.session->setStreaming(true);
        std::string got = streamed.send(command + "n NOOP\r\n");
        CHECK(streamed.session->hasMoreOutput());
        CHECK(got.find("n OK") == std::string::npos);
        std::size_t pieces = 0;
        while (streamed.session->hasMoreOutput()) {
            streamed.session->produceMore(kNow);
            CHECK(streamed.received.size() <= limits::kOutputChunk + 200);  // a piece, and the answers at the end
            got += std::exchange(streamed.received, {});
            ++pieces;
        }
        CHECK(pieces >= 2 * big.size() / limits::kOutputChunk);
        CHECK(got == expected);
        // The transcript joins the lines that pieces cut.
        std::vector<std::string> wholeLines, streamedLines;
        for (const auto& e : whole.session->transcript().entries()) wholeLines.push_back(e.text);
        for (const auto& e : streamed.session->transcript().entries()) streamedLines.push_back(e.text);
        CHECK(streamedLines == wholeLines);
    }

    TEST_CASE("on a real connection the input after a failed login waits until its held answer has gone") {
        Host h;
        Peer c(h, sim::Protocol::Imap);
        c.session->setStreaming(true);
        CHECK(c.send("a LOGIN alice wrong\r\nb NOOP\r\n") == kLoginFailed);
        CHECK(c.failedLogin);
        CHECK(c.send("") == "b OK NOOP completed\r\n");
        Peer p(h, sim::Protocol::Pop3);
        p.session->setStreaming(true);
        CHECK(p.send("USER alice\r\nPASS wrong\r\nUSER alice\r\n") == "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n");
        CHECK(p.send("") == "+OK send PASS\r\n");
    }
}
