// One connection running out of memory closes that connection only (issue 13): the other
// clients stay connected and are answered, a new client is served, and no message is
// lost. Memory is made to run out on purpose: this executable replaces operator new, and
// while a test arms it every allocation above a threshold throws std::bad_alloc, as a
// real allocation does when the machine has no more to give. Its own executable, because
// the replacement applies to the whole program.
#include <doctest/doctest.h>

#include <cstdlib>
#include <limits>
#include <new>
#include <string>

#include "protocols/mail/mail_store.h"
#include "sim/net/net_server.h"
#include "sim/server_host.h"
#include "tests/support/loopback.h"
#include "tests/support/served_store.h"
#include "tests/support/skip.h"

using namespace mailscope;

// [SECTION] Allocation failure on demand

namespace {
std::size_t g_failAbove = std::numeric_limits<std::size_t>::max();
std::size_t g_failures = 0;
}  // namespace

void* operator new(std::size_t size) {
    if (size > g_failAbove) {
        ++g_failures;
        throw std::bad_alloc();
    }
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

/// While alive, any allocation larger than `bytes` fails.
struct AllocationLimit {
    explicit AllocationLimit(std::size_t bytes) { g_failAbove = bytes; }
    ~AllocationLimit() { g_failAbove = std::numeric_limits<std::size_t>::max(); }
    AllocationLimit(const AllocationLimit&) = delete;
    AllocationLimit& operator=(const AllocationLimit&) = delete;
};

struct Server : test::ServedStore {
    std::size_t inboxCount() const { return inbox->items().size(); }
};

void logIn(test::LoopbackClient& c) {
    REQUIRE(c.connected());
    c.until("* OK");
    REQUIRE(c.send("a LOGIN alice alice123\r\nb SELECT INBOX\r\n"));
    CHECK(c.until("a ").starts_with("a OK"));
    CHECK(c.until("b ").find("* 3 EXISTS\r\n") != std::string::npos);
}

}  // namespace

TEST_SUITE("net.out_of_memory") {
    TEST_CASE("an APPEND that runs out of memory closes its own connection and no other") {
        Server s;
        if (!s.net) return test::skip("no loopback port: " + s.error);
        test::LoopbackClient victim(*s.net, s.ports.imap);
        test::LoopbackClient bystander(*s.net, s.ports.imap);
        logIn(victim);
        logIn(bystander);
        test::LoopbackClient pop3(*s.net, s.ports.pop3);
        CHECK(pop3.until("+OK").starts_with("+OK"));

        // 4 MB is within the literal budget (32 MB per command), so the server takes it in,
        // and somewhere on the way it needs a buffer larger than 1 MB.
        const std::string message =
            "From: zofia@example.pl\r\nSubject: big\r\n\r\n" + std::string(4 * 1024 * 1024, 'x') + "\r\n";
        const std::string literal = "c APPEND INBOX {" + std::to_string(message.size()) + "}\r\n";
        const std::string payload = message + "\r\n";  // made before the limit: the test's own buffers
        std::string answer;
        {
            const AllocationLimit limit(1024 * 1024);
            REQUIRE(victim.send(literal));
            CHECK(victim.until("+ ").starts_with("+ "));
            victim.send(payload);  // the server may close before it has read it all
            answer = victim.until("* BYE");
            CHECK(victim.closedByServer());
        }
        CHECK(g_failures > 0);
        CHECK(answer.find("* BYE [ALERT] Server out of memory, closing connection\r\n") != std::string::npos);
        CHECK(answer.find("c OK") == std::string::npos);

        // The other IMAP session and the POP3 one were not touched and are answered.
        REQUIRE(bystander.send("d NOOP\r\ne FETCH 2 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])\r\n"));
        CHECK(bystander.until("d ") == "d OK NOOP completed\r\n");
        CHECK(bystander.until("e ") ==
              "* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: two\r\n\r\n)\r\ne OK FETCH completed\r\n");
        REQUIRE(pop3.send("USER alice\r\n"));
        CHECK(pop3.until("+OK").starts_with("+OK"));

        // Nothing was lost or half stored, and a new client can APPEND the same message now.
        CHECK(s.inboxCount() == 3);
        test::LoopbackClient again(*s.net, s.ports.imap);
        logIn(again);
        REQUIRE(again.send(literal));
        CHECK(again.until("+ ").starts_with("+ "));
        REQUIRE(again.send(payload));
        CHECK(again.until("c ").find("c OK [APPENDUID ") != std::string::npos);
        CHECK(s.inboxCount() == 4);
    }
}
