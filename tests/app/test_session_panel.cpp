// Real client columns (app/panels/session_panel): a TCP client on the live world's host is
// drawn as its own column after the devices, with its lines; an ended one stays as
// "closed"; the ports line says where to connect. Headless ImGui, loopback sockets.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "app/panels/session_panel.h"
#include "app/ui/i18n.h"
#include "app/ui/panels.h"
#include "sim/net/free_port.h"
#include "sim/net/net_server.h"
#include "sim/scenario.h"
#include "tests/support/skip.h"
#include "tests/app/headless_ui.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";


int connectTo(std::uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0)
        return fd;
    if (fd >= 0)
        ::close(fd);
    return -1;
}

template <typename Done>
bool pollUntil(sim::net::NetServer& net, Done done)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        net.poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return done();
}

bool hasRegion(const app::ExplorerUi& ui, const std::string& prefix)
{
    return std::any_of(ui.regions.begin(), ui.regions.end(),
                       [&](const std::string& r) { return r.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST_SUITE("app.session_panel")
{

TEST_CASE("a real session's column says how many earlier lines its bounded transcript dropped")
{
    app::setLanguage(app::Language::English);
    app::ClosedSession closed;
    closed.protocol = sim::Protocol::Pop3;
    closed.id = 7;
    closed.transcript.setCapacity(8);
    for (int i = 0; i < 20; ++i)
        closed.transcript.add(sim::Protocol::Pop3, 0, "pop3 7", 7, core::Direction::ClientToServer, "NOOP");
    REQUIRE(closed.transcript.dropped() > 0);
    test::ImGuiHeadless ui;
    const std::string text = ui.captureText([&] {
        ImGui::Begin("column");
        app::drawClosedSessionColumn(closed);
        ImGui::End();
    });
    INFO(text);
    CHECK(text.find(std::to_string(closed.transcript.dropped()) + " earlier lines are not kept") != std::string::npos);
}

TEST_CASE("describePorts names the first address once")
{
    using sim::net::Service;
    CHECK(app::describePorts({{Service::Imap, "127.0.0.1", 1143}, {Service::Imaps, "127.0.0.1", 1993},
                              {Service::Pop3, "127.0.0.1", 1110}}) ==
          "IMAP 127.0.0.1:1143, IMAPS :1993, POP3 :1110");
    CHECK(app::describePorts({}).empty());
}

TEST_CASE("a real client becomes a column of the live world, and stays as closed after it leaves")
{
    app::setLanguage(app::Language::English);
    app::Explorer explorer(sim::loadScenario(kAssets / "scenarios" / "where-messages-are-stored.toml", kAssets));
    app::Settings settings;
    app::ExplorerUi ui;
    test::ImGuiHeadless headless;
    const auto draw = [&] { app::drawExplorer(explorer, settings, ui); };

    const std::uint16_t port = sim::net::freeLoopbackPort();
    if (port == 0) return test::skip("no loopback port could be bound");
    sim::net::NetConfig config;
    config.ports = sim::net::Ports{0, port, 0, 0};
    sim::net::NetServer net(explorer.liveWorld().host(), config, nullptr);
    std::string error;
    if (!net.open(error)) return test::skip("cannot listen on loopback port " + std::to_string(port) + ": " + error);
    net.setLog([&](const std::string&) { ui.realClients.keepClosed(explorer.liveWorld()); });
    ui.realClients.on = true;
    ui.realClients.ports = app::describePorts(net.listening());

    const std::string before = headless.captureText(draw, 2);
    CHECK(before.find("Real clients: IMAP 127.0.0.1:" + std::to_string(port)) != std::string::npos);
    CHECK_FALSE(hasRegion(ui, "Real client: "));

    const int fd = connectTo(port);
    REQUIRE(fd >= 0);
    REQUIRE(pollUntil(net, [&] { return explorer.liveWorld().externalSessions().size() == 1; }));
    const sim::HostedSession& session = *explorer.liveWorld().externalSessions().front();
    const std::string line = "a1 CAPABILITY\r\n";
    REQUIRE(::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size()));
    REQUIRE(pollUntil(net, [&] { return session.transcript().size() >= 3; }));

    std::string text = headless.captureText(draw, 1);
    CHECK(text.find("Real client · IMAP · session " + std::to_string(session.id()) + " · plain") !=
          std::string::npos);
    CHECK(text.find("a1 CAPABILITY") != std::string::npos);
    CHECK(hasRegion(ui, "Real client: " + session.name()));
    CHECK(hasRegion(ui, "Device: Phone"));  // the devices stay

    const mail::SessionId id = session.id();
    ::close(fd);  // the client goes: the host forgets its session, the column stays, closed
    REQUIRE(pollUntil(net, [&] { return explorer.liveWorld().externalSessions().empty(); }));
    REQUIRE(ui.realClients.closed.size() == 1);
    CHECK(ui.realClients.closed.front().id == id);
    text = headless.captureText(draw, 1);
    CHECK(text.find("session " + std::to_string(id)) != std::string::npos);
    CHECK(text.find("closed") != std::string::npos);
    CHECK(text.find("a1 CAPABILITY") != std::string::npos);

    SUBCASE("in Polish")
    {
        settings.language = app::Language::Polish;
        text = headless.captureText(draw, 1);
        CHECK(text.find("Prawdziwy klient · IMAP · sesja") != std::string::npos);
        CHECK(text.find("zamknięta") != std::string::npos);
    }
}

}  // TEST_SUITE
