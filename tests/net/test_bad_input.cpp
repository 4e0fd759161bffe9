// Hostile and careless clients over loopback sockets (issue 13): each case checks that the
// server is still up afterwards, that a new client is served normally, and that no message
// was lost. Bounded: every wait has a deadline, nothing is sent beyond a few megabytes.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "protocols/core/limits.h"
#include "sim/server_host.h"
#include "tests/support/loopback.h"
#include "tests/support/served_store.h"
#include "tests/support/skip.h"

using namespace mailscope;
namespace limits = core::limits;
using Clock = std::chrono::steady_clock;

namespace {

constexpr core::Time kNow = test::ServedStore::kNow;

/// The served store (alice with three messages, bob), and a check that it still serves.
struct Server : test::ServedStore {
    /// A new IMAP client logs in, sees alice's messages and the subject of the second.
    void checkServed(std::size_t messages = 3) {
        test::LoopbackClient c(*net, ports.imap);
        REQUIRE(c.connected());
        CHECK(c.until("* OK").starts_with("* OK [CAPABILITY IMAP4rev1"));
        REQUIRE(c.send("a LOGIN alice alice123\r\nb SELECT INBOX\r\n"));
        CHECK(c.until("a ").starts_with("a OK"));
        CHECK(c.until("b ").find("* " + std::to_string(messages) + " EXISTS\r\n") != std::string::npos);
        REQUIRE(c.send("c FETCH 2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n"));
        CHECK(c.until("c ") ==
              "* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: two\r\n\r\n)\r\nc OK FETCH completed\r\n");
        test::LoopbackClient p(*net, ports.pop3);
        CHECK(p.until("+OK").starts_with("+OK mailscope POP3 server ready"));
        REQUIRE(p.send("USER alice\r\nPASS alice123\r\nSTAT\r\nQUIT\r\n"));
        p.until("+OK send PASS");
        p.until("+OK");
        std::size_t octets = 0;
        for (const mail::MailItem& item : store.findAccount("alice")->inbox().items()) octets += item.message->size();
        CHECK(p.until("+OK") == "+OK " + std::to_string(messages) + " " + std::to_string(octets) + "\r\n");
    }
};

/// This process's resident memory in bytes (VmRSS of /proc/self/status).
std::size_t residentBytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
    return 0;
}

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

TEST_SUITE("net.bad_input") {
    TEST_CASE("pipelined POP3 USER and PASS are answered in one write") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient c(*s.net, s.ports.pop3);
        REQUIRE(c.connected());
        c.until("+OK");
        const std::size_t before = c.reads();
        REQUIRE(c.send("USER alice\r\nPASS alice123\r\n"));
        CHECK(c.until("+OK send PASS") == "+OK send PASS\r\n");
        CHECK(c.until("+OK") == "+OK logged in, 3 messages (146 octets)\r\n");
        CHECK(c.reads() == before + 1);
    }

    TEST_CASE("a failed login is answered after the delay while another client is served at once") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient guesser(*s.net, s.ports.imap);
        test::LoopbackClient other(*s.net, s.ports.imap);
        guesser.until("* OK");
        other.until("* OK");
        const auto start = Clock::now();
        REQUIRE(guesser.send("a LOGIN alice wrong\r\n"));
        REQUIRE(other.send("n NOOP\r\n"));
        CHECK(other.until("n ") == "n OK NOOP completed\r\n");
        CHECK(millisecondsSince(start) < 500);
        CHECK(guesser.until("a ") == "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n");
        CHECK(millisecondsSince(start) >= limits::kFailedLoginDelayMs);
    }

    TEST_CASE("many wrong passwords end the connection and the server goes on") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        for (std::uint16_t port : {s.ports.imap, s.ports.pop3}) {
            test::LoopbackClient c(*s.net, port);
            c.until(port == s.ports.imap ? "* OK" : "+OK");
            std::string guesses;
            for (int i = 0; i < 1000; ++i)
                guesses += port == s.ports.imap ? "a LOGIN alice wrong" + std::to_string(i) + "\r\n"
                                                : "USER alice\r\nPASS wrong" + std::to_string(i) + "\r\n";
            const auto start = Clock::now();
            c.send(guesses);  // the server may close before it has read them all
            const std::string got = c.until(port == s.ports.imap ? "* BYE" : "-ERR [AUTH] too many", 15);
            CHECK(millisecondsSince(start) >= 3 * limits::kFailedLoginDelayMs);  // each answer held
            if (port == s.ports.imap) {
                CHECK(got == "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n"
                             "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n"
                             "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n"
                             "* BYE Too many failed logins\r\n");
            } else {
                CHECK(got == "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n"
                             "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n"
                             "+OK send PASS\r\n-ERR [AUTH] too many failed logins, closing connection\r\n");
            }
            CHECK(c.closedByServer());
        }
        s.checkServed();
    }

    TEST_CASE("an oversized literal before login is refused before it is sent and the server goes on") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient c(*s.net, s.ports.imap);
        c.until("* OK");
        REQUIRE(c.send("a LOGIN alice {50000000}\r\n"));
        CHECK(c.until("a ") == "a NO [TOOBIG] Literal too big\r\n");
        REQUIRE(c.send("b LOGIN alice {50000000+}\r\n" + std::string(1024 * 1024, 'x')));
        CHECK(c.until("* BYE") == "b BAD Literal too big\r\n* BYE Input could not be followed\r\n");
        CHECK(c.closedByServer());
        s.checkServed();
    }

    TEST_CASE("a literal of empty lines is bounded before login and its transcript after login") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        std::string emptyLines;
        for (int i = 0; i < 1000 * 1000; ++i) emptyLines += "\r\n";
        {
            test::LoopbackClient c(*s.net, s.ports.imap);
            c.until("* OK");
            c.send("a LOGIN alice {2000000+}\r\n" + emptyLines);  // the server may close before it has read it all
            CHECK(c.until("* BYE") == "a BAD Literal too big\r\n* BYE Input could not be followed\r\n");
            CHECK(c.closedByServer());
        }
        test::LoopbackClient c(*s.net, s.ports.imap);
        c.until("* OK");
        REQUIRE(c.send("l LOGIN alice alice123\r\n"));
        REQUIRE(c.until("l ").starts_with("l OK"));
        REQUIRE(c.send("a APPEND INBOX {2000000+}\r\n" + emptyLines + "\r\n"));
        CHECK(c.until("a ").starts_with("a OK [APPENDUID "));
        const std::vector<sim::HostedSession*>& sessions = s.host.sessions();
        REQUIRE(sessions.size() == 1);
        const sim::Transcript& t = sessions.front()->transcript();
        CHECK(t.size() <= limits::kTranscriptLines + limits::kTranscriptLines / 8);
        CHECK(t.dropped() + t.size() == 1 + 2 + 1 + 1000 * 1000 + 1);  // greeting, LOGIN and OK, APPEND, lines, OK
        REQUIRE(s.store.findAccount("alice")->inbox().size() == 4);
        CHECK(s.store.findAccount("alice")->inbox().items().back().message->size() == 2000000);
        c.close();
        s.checkServed(4);
    }

    TEST_CASE("two hundred thousand POP3 NOOPs are all answered and the session's transcript stays bounded") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient c(*s.net, s.ports.pop3);
        c.until("+OK");
        REQUIRE(c.send("USER bob\r\nPASS bob123\r\n"));
        c.until("+OK send PASS");
        CHECK(c.until("+OK") == "+OK logged in, 0 messages (0 octets)\r\n");
        constexpr int kNoops = 200000;
        std::string noops;
        for (int i = 0; i < kNoops; ++i) noops += "NOOP\r\n";
        REQUIRE(c.send(noops + "STAT\r\n"));
        const std::string answers = c.until("+OK 0 0", 30);
        std::string expected;
        for (int i = 0; i < kNoops; ++i) expected += "+OK\r\n";
        CHECK(answers == expected + "+OK 0 0\r\n");
        const std::vector<sim::HostedSession*>& sessions = s.host.sessions();
        REQUIRE(sessions.size() == 1);
        const sim::Transcript& t = sessions.front()->transcript();
        CHECK(t.size() <= limits::kTranscriptLines + limits::kTranscriptLines / 8);
        CHECK(t.dropped() + t.size() == 5 + 2 * kNoops + 2);
        c.close();
        s.checkServed();
    }

    TEST_CASE("an over-long line is answered without being echoed and the server goes on") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient c(*s.net, s.ports.imap);
        c.until("* OK");
        REQUIRE(c.send("a" + std::string(100 * 1024, 'x') + " NOOP\r\nb NOOP\r\n"));
        CHECK(c.until("b ") == "* BAD Line too long\r\nb OK NOOP completed\r\n");
        test::LoopbackClient p(*s.net, s.ports.pop3);
        p.until("+OK");
        REQUIRE(p.send(std::string(100 * 1024, 'x') + "\r\nNOOP\r\n"));
        CHECK(p.until("-ERR", 10) == "-ERR line too long\r\n");
        s.checkServed();
    }

    TEST_CASE("a huge FETCH streams: memory stays bounded and another client is answered at once") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        std::string big = "From: zofia@example.pl\r\nSubject: big\r\n\r\n";
        while (big.size() < 1024 * 1024) big += std::string(76, 'b') + "\r\n";
        mail::Account& alice = *s.store.findAccount("alice");
        s.store.append(alice, alice.inbox(), mail::Message::fromBytes(big, kNow));
        test::LoopbackClient fetcher(*s.net, s.ports.imap);
        test::LoopbackClient other(*s.net, s.ports.imap);
        fetcher.until("* OK");
        other.until("* OK");
        REQUIRE(fetcher.send("l LOGIN alice alice123\r\ns SELECT INBOX\r\n"));
        fetcher.until("s OK");
        REQUIRE(other.send("l LOGIN alice alice123\r\n"));
        other.until("l OK");

        constexpr int kItems = 40;  // a 40 MB reply from one short line
        std::string command = "f UID FETCH 4 (BODY.PEEK[]";
        for (int i = 1; i < kItems; ++i) command += " BODY.PEEK[]";
        const std::size_t before = residentBytes();
        REQUIRE(fetcher.send(command + ")\r\n"));
        // The fetcher reads nothing for a while: the server makes no more than fits.
        for (int i = 0; i < 200; ++i) {
            s.net->poll();
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
#if defined(__SANITIZE_ADDRESS__)
        (void)before;  // AddressSanitizer keeps freed memory resident (its quarantine): RSS says nothing here
#else
        CHECK(residentBytes() < before + 16 * 1024 * 1024);
#endif
        const auto start = Clock::now();
        REQUIRE(other.send("n NOOP\r\n"));
        CHECK(other.until("n ") == "n OK NOOP completed\r\n");
        CHECK(millisecondsSince(start) < 100);

        std::string expected = "* 4 FETCH (UID 4";
        for (int i = 0; i < kItems; ++i) expected += " BODY[] {" + std::to_string(big.size()) + "}\r\n" + big;
        expected += ")\r\nf OK UID FETCH completed\r\n";
        const std::string got = fetcher.until("f OK", 30);
        CHECK(got.size() == expected.size());
        CHECK(got == expected);
        s.checkServed(4);
    }
}
