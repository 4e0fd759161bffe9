// Real clients on the shown world: a NetServer on World::host() serves a TCP client whose
// session joins the world's ServerHost (DESIGN.md, sim/net), so its changes reach the
// simulated devices (an IDLE push, RFC 2177) and rewinding after closing is safe.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "sim/net/free_port.h"
#include "sim/net/net_server.h"
#include "sim/scenario.h"
#include "sim/world.h"
#include "tests/support/skip.h"

using namespace mailscope;

namespace {

sim::Scenario scenario() {
    const std::string text = R"(
title_en = "Real clients"
title_pl = "Prawdziwe programy"
start = 2026-11-27T09:00:00Z

[[accounts]]
user = "alice"
password = "alice123"
  [[accounts.inbox]]
  subject = "First"
  from = "Bob <bob@example.test>"
  to = "alice@example.test"
  body = "one"

[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
idle = true
)";
    return sim::parseScenario(text, "world-listeners.toml", MAILSCOPE_SOURCE_DIR "/assets");
}


/// A NetServer with only the plain IMAP port open, on a free loopback port; nullptr (and
/// the reason in `error`) when no port could be opened.
std::unique_ptr<sim::net::NetServer> listen(sim::ServerHost& host, std::uint16_t& port, std::string& error) {
    for (int attempt = 0; attempt < 5; ++attempt) {
        port = sim::net::freeLoopbackPort();
        if (port == 0) continue;
        sim::net::NetConfig config;
        config.ports = sim::net::Ports{0, port, 0, 0};
        auto net = std::make_unique<sim::net::NetServer>(host, config, nullptr);
        if (net->open(error)) return net;
    }
    return nullptr;
}

/// A blocking-free TCP client that polls the server while it waits.
class Client {
public:
    Client(sim::net::NetServer& net, std::uint16_t port) : m_net(net) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = htons(port);
        // The kernel completes the handshake from the listen backlog: no poll needed here.
        m_connected = m_fd >= 0 && ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~Client() { close(); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return m_connected; }
    void close() {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = -1;
    }
    void send(std::string_view line) {
        const std::string bytes = std::string(line) + "\r\n";
        REQUIRE(::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
    }
    /// Everything received until a line starting with `prefix` has arrived (or 5 s passed).
    std::string until(std::string_view prefix) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            m_net.poll();
            char buffer[4096];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n > 0) m_received.append(buffer, static_cast<std::size_t>(n));
            const std::size_t at = findLine(prefix);
            if (at != std::string::npos) {
                const std::size_t end = m_received.find("\r\n", at);
                if (end != std::string::npos) {
                    std::string out = m_received.substr(0, end + 2);
                    m_received.erase(0, end + 2);
                    return out;
                }
            }
            if (n <= 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return m_received;
    }

private:
    std::size_t findLine(std::string_view prefix) const {
        if (m_received.starts_with(prefix)) return 0;
        const std::size_t at = m_received.find("\r\n" + std::string(prefix));
        return at == std::string::npos ? at : at + 2;
    }

    sim::net::NetServer& m_net;
    int m_fd = -1;
    bool m_connected = false;
    std::string m_received;
};

bool hasLine(const sim::Transcript& transcript, std::string_view text) {
    for (const sim::TranscriptEntry& e : transcript.entries())
        if (e.text.find(text) != std::string::npos) return true;
    return false;
}

/// Polls the server until `done` or 5 s have passed.
template <typename Done>
bool pollUntil(sim::net::NetServer& net, Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        net.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
}

}  // namespace

TEST_SUITE("net.world_listeners") {

TEST_CASE("a real IMAP client is a session on the world's host and its STORE reaches an IDLE device") {
    sim::World world(scenario());
    sim::Action check;
    check.kind = sim::ActionKind::CheckMail;
    check.device = "Laptop";
    world.submit(check);
    world.stepAction();
    REQUIRE(world.findDevice("Laptop") != nullptr);
    REQUIRE(world.findDevice("Laptop")->status() == "waiting in IDLE");
    REQUIRE(world.host().sessions().size() == 1);  // the laptop's link
    CHECK(world.externalSessions().empty());

    std::uint16_t port = 0;
    std::string error;
    std::unique_ptr<sim::net::NetServer> net = listen(world.host(), port, error);
    if (!net) return test::skip("no free loopback port: " + error);
    auto client = std::make_unique<Client>(*net, port);
    REQUIRE(client->connected());
    CHECK(client->until("* OK").starts_with("* OK"));
    client->send("a1 LOGIN alice alice123");
    CHECK(client->until("a1 ").find("a1 OK") != std::string::npos);
    client->send("a2 SELECT INBOX");
    CHECK(client->until("a2 ").find("a2 OK") != std::string::npos);
    client->send("a3 STORE 1 +FLAGS (\\Flagged)");
    CHECK(client->until("a3 ").find("a3 OK") != std::string::npos);

    SUBCASE("the session is the world's external one, with its lines") {
        const auto external = world.externalSessions();
        REQUIRE(external.size() == 1);
        const sim::HostedSession& session = *external.front();
        CHECK(session.protocol() == sim::Protocol::Imap);
        CHECK_FALSE(session.closed());
        CHECK(hasLine(session.transcript(), "a2 SELECT INBOX"));
        CHECK(hasLine(session.transcript(), "a3 STORE 1 +FLAGS (\\Flagged)"));
        CHECK_FALSE(hasLine(session.transcript(), "alice123"));  // the password is masked
        // The laptop's own session is not external.
        CHECK(world.host().sessions().size() == 2);
    }
    SUBCASE("the world's store has the flag, and the IDLE laptop is told after stepping") {
        const mail::Mailbox* inbox = world.store().findAccount("alice")->findMailbox("INBOX");
        REQUIRE(inbox != nullptr);
        REQUIRE(inbox->items().size() == 1);
        CHECK(inbox->items().front().flags.has(mail::SystemFlag::Flagged));
        const sim::Device& laptop = *world.findDevice("Laptop");
        CHECK_FALSE(world.quiet());  // the push waits on the laptop's link
        world.stepAction();
        CHECK(hasLine(laptop.transcript(), "* 1 FETCH (FLAGS ("));
        const sim::LocalFolder* local = laptop.local().find("INBOX");
        REQUIRE(local != nullptr);
        REQUIRE(local->messages.size() == 1);
        CHECK(local->messages.front().flags.has(mail::SystemFlag::Flagged));
    }
    SUBCASE("the client logs out: its session closes and leaves the host") {
        client->send("a4 LOGOUT");
        CHECK(client->until("a4 ").find("a4 OK") != std::string::npos);
        CHECK(pollUntil(*net, [&] { return world.externalSessions().empty(); }));
        CHECK(world.host().sessions().size() == 1);
    }
    SUBCASE("closing the listeners, then rewinding the world, is safe") {
        net.reset();  // the connection's session disconnects and leaves the host
        CHECK(world.externalSessions().empty());
        world.rewindTo(0);
        CHECK(world.stepCount() == 0);
        CHECK(world.externalSessions().empty());
        // The real client's flag was not in the timeline: rewinding forgets it.
        const mail::Mailbox* inbox = world.store().findAccount("alice")->findMailbox("INBOX");
        REQUIRE(inbox != nullptr);
        CHECK_FALSE(inbox->items().front().flags.has(mail::SystemFlag::Flagged));
        // New listeners on the rebuilt host take a new client.
        std::unique_ptr<sim::net::NetServer> again = listen(world.host(), port, error);
        REQUIRE(again != nullptr);
        Client second(*again, port);
        REQUIRE(second.connected());
        CHECK(second.until("* OK").starts_with("* OK"));
        CHECK(pollUntil(*again, [&] { return world.externalSessions().size() == 1; }));
        again.reset();
        world.rewindTo(0);
        CHECK(world.externalSessions().empty());
    }
    client.reset();
    if (net) net->poll();
}

}  // TEST_SUITE
