// Tests for STARTTLS on simulated links (IMAP STARTTLS, RFC 3501 6.2.1; POP3 STLS, RFC 2595
// 4): the device starts in plain text, upgrades before logging in, the eavesdropper sees the
// greeting and the upgrade in clear and ciphertext after it; a server that offers no STARTTLS
// gets no login at all; rewinding replays the same events.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/device.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using sim::EntryKind;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

// An IMAP laptop and a POP3 phone, both set up for STARTTLS; `server` decides whether the
// server offers it ("[server]\nstarttls = true\n", or "" to leave it to the world: not offered).
std::string scenario(std::string_view server) {
    return R"(title_en = "STARTTLS"
title_pl = "STARTTLS"
start = 2026-11-27T09:00:00Z
)" + std::string(server) + R"(
[[accounts]]
user = "alice"
password = "alice123"
  [[accounts.inbox]]
  subject = "Your new PIN"
  from = "Bank <noreply@bank.example>"
  to = "alice@example.test"
  body = "Your new card PIN is 4711."

[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
security = "starttls"

[[devices]]
name = "Phone"
kind = "phone"
account = "alice"
protocol = "pop3"
leave_copy = true
security = "starttls"

[[actions]]
at = "00:05"
device = "Laptop"
do = "check_mail"

[[actions]]
at = "00:10"
device = "Phone"
do = "check_mail"

[[actions]]
at = "00:20"
device = "Laptop"
do = "open_message"
message = "PIN"
)";
}

const std::string kOffered = "[server]\nstarttls = true\n";

sim::Scenario offering() { return sim::parseScenario(scenario(kOffered), "starttls.toml", kAssets); }
sim::Scenario notOffering() { return sim::parseScenario(scenario(""), "starttls.toml", kAssets); }

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

/// What someone on the network sees of a line: the ciphertext, the real bytes of a masked
/// secret, or the line itself.
std::string_view onTheWire(const sim::TranscriptEntry& e) {
    if (!e.wire.empty()) return e.wire;
    if (!e.secret.empty()) return e.secret;
    return e.text;
}

/// The device's transcript as "C: line", "S: line" and "--- note", one per entry.
std::vector<std::string> lines(const sim::Device& device) {
    std::vector<std::string> out;
    for (const sim::TranscriptEntry& e : device.transcript().entries()) {
        if (e.kind == EntryKind::Note) out.push_back("--- " + e.text);
        else out.push_back((e.direction == core::Direction::ClientToServer ? "C: " : "S: ") + e.text);
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
}

/// The index of the first entry whose text starts with `prefix` at or after `from`, or npos.
std::size_t find(const sim::Device& device, std::string_view prefix, std::size_t from = 0) {
    const auto& entries = device.transcript().entries();
    for (std::size_t i = from; i < entries.size(); ++i)
        if (entries[i].text.starts_with(prefix)) return i;
    return std::string::npos;
}

/// The index in the event log of the first event of `kind` about `device` (a session name or
/// device), or npos.
template <class Kind>
std::size_t firstEvent(const sim::World& world, std::string_view device) {
    const auto& all = world.events().all();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto* e = sim::get_if<Kind>(&all[i].what);
        if (!e) continue;
        if constexpr (requires { e->session; }) {
            if (e->session.name == device) return i;
        } else if constexpr (requires { e->device; }) {
            if (e->device == device) return i;
        }
    }
    return std::string::npos;
}

std::size_t firstCompleted(const sim::World& world, std::string_view device, std::string_view command) {
    const auto& all = world.events().all();
    for (std::size_t i = 0; i < all.size(); ++i)
        if (const auto* e = sim::get_if<sim::CommandCompleted>(&all[i].what);
            e && e->session.name == device && e->command == command)
            return i;
    return std::string::npos;
}

/// A connection as a client behaviour sees it, with the server's side played by the test:
/// what the client sends and notes is recorded.
class ScriptedPort final : public sim::ClientPort {
public:
    core::Time now() const override { return 0; }
    bool online() const override { return true; }
    bool connected() const override { return m_connected; }
    void connect() override { m_connected = true; }
    void send(std::string bytes) override { sent += bytes; }
    void hangUp() override { m_connected = false; }
    void note(sim::Note note) override { notes.push_back(sim::noteText(note)); }

    std::string sent;                ///< every byte the client sent
    std::vector<std::string> notes;  ///< its notes, in English
    /// What was sent since the last call.
    std::string fresh() { return sent.substr(std::exchange(m_read, sent.size())); }

private:
    bool m_connected = false;
    std::size_t m_read = 0;
};

/// A device's client set up for STARTTLS, driven line by line.
struct Scripted {
    explicit Scripted(sim::Protocol protocol) {
        settings.name = "Laptop";
        settings.account = "alice";
        settings.protocol = protocol;
        settings.tls = sim::TlsMode::StartTls;
        client = protocol == sim::Protocol::Imap ? sim::makeImapClient(settings, password, local, 0)
                                                 : sim::makePop3Client(settings, password, local, 0);
        sim::Action check;
        check.device = "Laptop";
        check.kind = sim::ActionKind::CheckMail;
        client->intent(check, port);
    }
    /// Server lines, one unit (line) at a time as the world carries them.
    void server(std::string_view lines) {
        while (!lines.empty()) {
            const std::size_t end = lines.find('\n') + 1;
            client->received(lines.substr(0, end), port);
            lines.remove_prefix(end);
        }
    }
    sim::DeviceSettings settings;
    std::string password = "alice123";
    sim::LocalStore local;
    ScriptedPort port;
    std::unique_ptr<sim::ClientBehaviour> client;
};

}  // namespace

TEST_SUITE("sim.world_starttls") {

TEST_CASE("the IMAP client against a scripted server: CAPABILITY when the greeting has none, a refused STARTTLS") {
    Scripted s(sim::Protocol::Imap);
    REQUIRE(s.port.connected());
    SUBCASE("no capabilities in the greeting: CAPABILITY first, then STARTTLS, CAPABILITY again, LOGIN") {
        s.server("* OK hello\r\n");
        CHECK(s.port.fresh() == "a1 CAPABILITY\r\n");
        s.server("* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK done\r\n");
        CHECK(s.port.fresh() == "a2 STARTTLS\r\n");
        CHECK(s.client->status().key == "status.starting_tls");
        s.server("a2 OK Begin TLS negotiation now\r\n");
        CHECK(s.port.fresh() == "a3 CAPABILITY\r\n");  // what was said in clear is forgotten
        s.server("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na3 OK done\r\n");
        CHECK(s.port.fresh() == "a4 LOGIN \"alice\" \"alice123\"\r\n");
    }
    SUBCASE("STARTTLS refused: no login, LOGOUT, and the status says why") {
        s.server("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] hello\r\n");
        CHECK(s.port.fresh() == "a1 STARTTLS\r\n");
        s.server("a1 NO [UNAVAILABLE] not today\r\n");
        CHECK(s.port.fresh() == "a2 LOGOUT\r\n");
        REQUIRE_FALSE(s.port.notes.empty());
        CHECK(s.port.notes.back() == "the server refused STARTTLS (not today): no login without encryption");
        s.server("* BYE\r\na2 OK bye\r\n");
        s.port.hangUp();
        s.client->closed(s.port);
        CHECK(s.port.sent.find("LOGIN \"") == std::string::npos);
        CHECK(s.client->status().key == "status.no_starttls");
        CHECK_FALSE(s.port.connected());  // and it does not reconnect by itself
    }
    SUBCASE("CAPABILITY refused before STARTTLS: no login either") {
        s.server("* OK hello\r\n");
        s.port.fresh();
        s.server("a1 BAD what\r\n");
        CHECK(s.port.fresh() == "a2 LOGOUT\r\n");
        CHECK(s.port.notes.back() == "the server does not offer STARTTLS: no login without encryption");
    }
}

TEST_CASE("the POP3 client against a scripted server: no CAPA, a refused STLS") {
    Scripted s(sim::Protocol::Pop3);
    REQUIRE(s.port.connected());
    s.server("+OK hello\r\n");
    CHECK(s.port.fresh() == "CAPA\r\n");
    CHECK(s.client->status().key == "status.asking_capabilities");
    SUBCASE("CAPA refused: the server knows no STLS either, so QUIT without USER") {
        s.server("-ERR unknown command\r\n");
        CHECK(s.port.fresh() == "QUIT\r\n");
        CHECK(s.port.notes.back() == "the server does not offer STLS: no login without encryption");
    }
    SUBCASE("STLS refused: QUIT without USER") {
        s.server("+OK list\r\nUSER\r\nSTLS\r\n.\r\n");
        CHECK(s.port.fresh() == "STLS\r\n");
        CHECK(s.client->status().key == "status.starting_tls");
        s.server("-ERR [SYS/TEMP] not now\r\n");
        CHECK(s.port.fresh() == "QUIT\r\n");
        CHECK(s.port.notes.back() == "the server refused STLS ([SYS/TEMP] not now): no login without encryption");
        s.server("+OK bye\r\n");
        s.client->closed(s.port);
        CHECK(s.client->status().key == "status.no_starttls");
    }
    SUBCASE("STLS accepted: CAPA again, then USER and PASS") {
        s.server("+OK list\r\nSTLS\r\n.\r\n");
        CHECK(s.port.fresh() == "STLS\r\n");
        s.server("+OK Begin TLS negotiation\r\n");
        CHECK(s.port.fresh() == "CAPA\r\n");
        s.server("+OK list\r\nUSER\r\n.\r\n");
        CHECK(s.port.fresh() == "USER alice\r\n");
        s.server("+OK\r\n");
        CHECK(s.port.fresh() == "PASS alice123\r\n");
    }
}


TEST_CASE("tls modes have names for files") {
    CHECK(sim::tlsModeName(sim::TlsMode::Off) == "off");
    CHECK(sim::tlsModeName(sim::TlsMode::StartTls) == "starttls");
    CHECK(sim::tlsModeName(sim::TlsMode::Implicit) == "implicit");
    for (sim::TlsMode mode : {sim::TlsMode::Off, sim::TlsMode::StartTls, sim::TlsMode::Implicit})
        CHECK(sim::tlsModeFromName(sim::tlsModeName(mode)) == mode);
    CHECK_FALSE(sim::tlsModeFromName("STARTTLS").has_value());
    sim::Action a;
    a.device = "Phone";
    a.kind = sim::ActionKind::SetTls;
    a.tls = sim::TlsMode::StartTls;
    CHECK(sim::describeAction(a) == "Phone: set tls starttls");
}

TEST_CASE("IMAP STARTTLS: greeting and STARTTLS in clear, then TLS, CAPABILITY again and LOGIN encrypted") {
    sim::World world(offering());
    world.runToEnd();
    REQUIRE(world.finished());
    const sim::Device& laptop = *world.findDevice("Laptop");
    const auto& entries = laptop.transcript().entries();
    INFO(joined(lines(laptop)));

    const std::size_t greeting = find(laptop, "* OK [CAPABILITY ");
    const std::size_t starttls = find(laptop, "a1 STARTTLS");
    const std::size_t ok = find(laptop, "a1 OK Begin TLS negotiation now");
    const std::size_t handshake = find(laptop, "TLS 1.3 handshake: ");
    const std::size_t capability = find(laptop, "a2 CAPABILITY");
    const std::size_t login = find(laptop, "a3 LOGIN \"alice\" ********");
    REQUIRE(greeting != std::string::npos);
    REQUIRE(starttls != std::string::npos);
    REQUIRE(ok != std::string::npos);
    REQUIRE(handshake != std::string::npos);
    REQUIRE(capability != std::string::npos);
    REQUIRE(login != std::string::npos);
    // The order RFC 3501 6.2.1 asks for: the greeting lists STARTTLS, the client asks for it,
    // the server agrees, the handshake, then the capabilities again, then the login.
    CHECK(contains(entries[greeting].text, " STARTTLS"));
    CHECK(greeting < starttls);
    CHECK(starttls + 1 == ok);
    CHECK(ok + 1 == handshake);
    CHECK(handshake + 1 == capability);
    CHECK(capability < login);
    // After TLS the server no longer offers STARTTLS.
    const std::size_t caps = find(laptop, "* CAPABILITY ", handshake);
    REQUIRE(caps != std::string::npos);
    CHECK_FALSE(contains(entries[caps].text, "STARTTLS"));

    SUBCASE("the eavesdropper reads the greeting and the upgrade, then only ciphertext") {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].kind == EntryKind::Note) continue;
            CAPTURE(entries[i].text);
            if (i <= ok) CHECK(entries[i].wire.empty());
            else CHECK_FALSE(entries[i].wire.empty());
            CHECK_FALSE(contains(onTheWire(entries[i]), "alice123"));
            CHECK_FALSE(contains(onTheWire(entries[i]), "4711"));
        }
        CHECK(onTheWire(entries[starttls]) == "a1 STARTTLS");
        CHECK(contains(onTheWire(entries[ok]), "OK Begin TLS negotiation now"));
    }
    SUBCASE("the event stream: TLS established on the plain session before LOGIN completed") {
        const std::size_t opened = firstEvent<sim::SessionOpened>(world, "Laptop");
        const std::size_t tls = firstEvent<sim::TlsEstablished>(world, "Laptop");
        const std::size_t started = firstCompleted(world, "Laptop", "STARTTLS");
        const std::size_t loggedIn = firstCompleted(world, "Laptop", "LOGIN");
        REQUIRE(opened != std::string::npos);
        REQUIRE(tls != std::string::npos);
        REQUIRE(started != std::string::npos);
        REQUIRE(loggedIn != std::string::npos);
        CHECK_FALSE(sim::get<sim::SessionOpened>(world.events().all()[opened].what).tls);  // plain at first
        CHECK(started < tls);
        CHECK(tls < loggedIn);
        CHECK(contains(sim::get<sim::TlsEstablished>(world.events().all()[tls].what).description, "TLS 1.3 handshake"));
    }
    SUBCASE("the mail arrives intact") {
        CHECK(sim::syncDifferences(world, laptop).empty());
        const sim::LocalFolder* inbox = laptop.local().find("INBOX");
        REQUIRE(inbox != nullptr);
        REQUIRE(inbox->messages.size() == 1);
        CHECK(inbox->messages[0].hasBody);
    }
}

TEST_CASE("POP3 STLS: greeting, CAPA and STLS in clear, then TLS, CAPA again and USER/PASS encrypted") {
    sim::World world(offering());
    world.runToEnd();
    REQUIRE(world.finished());
    const sim::Device& phone = *world.findDevice("Phone");
    const auto& entries = phone.transcript().entries();
    INFO(joined(lines(phone)));

    const std::size_t greeting = find(phone, "+OK ");
    const std::size_t capa = find(phone, "CAPA");
    const std::size_t offered = find(phone, "STLS", capa + 1);  // the capability line
    const std::size_t stls = find(phone, "STLS", offered + 1);  // the command
    const std::size_t handshake = find(phone, "TLS 1.3 handshake: ");
    const std::size_t capaAgain = find(phone, "CAPA", handshake);
    const std::size_t user = find(phone, "USER alice");
    const std::size_t pass = find(phone, "PASS ********");
    for (std::size_t at : {greeting, capa, offered, stls, handshake, capaAgain, user, pass})
        REQUIRE(at != std::string::npos);
    CHECK(greeting < capa);
    CHECK(capa < offered);
    CHECK(offered < stls);
    CHECK(entries[stls].direction == core::Direction::ClientToServer);
    CHECK(entries[stls + 1].text.starts_with("+OK"));  // the server agrees, in clear
    CHECK(stls + 2 == handshake);
    CHECK(handshake + 1 == capaAgain);
    CHECK(capaAgain < user);
    CHECK(user < pass);
    // After TLS the server no longer lists STLS.
    for (std::size_t i = capaAgain; i < user; ++i) CHECK(entries[i].text != "STLS");

    SUBCASE("the eavesdropper reads the greeting, CAPA and STLS, then only ciphertext") {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].kind == EntryKind::Note) continue;
            CAPTURE(entries[i].text);
            if (i < handshake) CHECK(entries[i].wire.empty());
            else CHECK_FALSE(entries[i].wire.empty());
            CHECK_FALSE(contains(onTheWire(entries[i]), "alice123"));
            CHECK_FALSE(contains(onTheWire(entries[i]), "4711"));
        }
    }
    SUBCASE("TLS before the login, and the message downloaded") {
        const std::size_t tls = firstEvent<sim::TlsEstablished>(world, "Phone");
        const std::size_t userDone = firstCompleted(world, "Phone", "USER");
        REQUIRE(tls != std::string::npos);
        REQUIRE(userDone != std::string::npos);
        CHECK(firstCompleted(world, "Phone", "STLS") < tls);
        CHECK(tls < userDone);
        const sim::LocalFolder* inbox = phone.local().find("INBOX");
        REQUIRE(inbox != nullptr);
        REQUIRE(inbox->messages.size() == 1);
        CHECK(contains(std::string(inbox->messages[0].message->bytes()), "4711"));
    }
}

TEST_CASE("a server that offers no STARTTLS gets no login in clear text") {
    sim::World world(notOffering());
    world.runToEnd();
    REQUIRE(world.finished());

    SUBCASE("IMAP: the greeting lacks STARTTLS, so the laptop logs out without LOGIN") {
        const sim::Device& laptop = *world.findDevice("Laptop");
        INFO(joined(lines(laptop)));
        const std::size_t greeting = find(laptop, "* OK [CAPABILITY ");
        REQUIRE(greeting != std::string::npos);
        CHECK_FALSE(contains(laptop.transcript().entries()[greeting].text, "STARTTLS"));
        CHECK(find(laptop, "the server does not offer STARTTLS: no login without encryption") != std::string::npos);
        CHECK(find(laptop, "a1 LOGOUT") != std::string::npos);
        CHECK(find(laptop, "a1 LOGIN") == std::string::npos);
        CHECK(find(laptop, "a2 LOGIN") == std::string::npos);
        CHECK(firstEvent<sim::TlsEstablished>(world, "Laptop") == std::string::npos);
        for (const sim::TranscriptEntry& e : laptop.transcript().entries())
            CHECK_FALSE(contains(onTheWire(e), "alice123"));
        CHECK(laptop.statusNote().key == "status.no_starttls");
        CHECK(laptop.status() == "stopped: no STARTTLS, so no login in clear text");
        CHECK_FALSE(laptop.connected());
        CHECK(laptop.local().messageCount() == 0);
    }
    SUBCASE("POP3: CAPA lacks STLS, so the phone quits without USER or PASS") {
        const sim::Device& phone = *world.findDevice("Phone");
        INFO(joined(lines(phone)));
        CHECK(find(phone, "CAPA") != std::string::npos);
        CHECK(find(phone, "the server does not offer STLS: no login without encryption") != std::string::npos);
        CHECK(find(phone, "QUIT") != std::string::npos);
        CHECK(find(phone, "USER alice") == std::string::npos);
        CHECK(find(phone, "PASS ") == std::string::npos);
        for (const sim::TranscriptEntry& e : phone.transcript().entries())
            CHECK_FALSE(contains(onTheWire(e), "alice123"));
        CHECK(phone.status() == "stopped: no STLS, so no login in clear text");
        CHECK(phone.local().messageCount() == 0);
    }
    SUBCASE("the server still has the mail") {
        CHECK(world.store().findAccount("alice")->inbox().size() == 1);
    }
}

TEST_CASE("the world's options decide when the scenario says nothing, and the scenario wins when it does") {
    sim::WorldOptions offered;
    offered.host.tlsAvailable = true;  // as the window sets it up
    SUBCASE("offered by the options") {
        sim::World world(notOffering(), offered);
        world.runToEnd();
        CHECK(firstEvent<sim::TlsEstablished>(world, "Laptop") != std::string::npos);
        CHECK(firstEvent<sim::TlsEstablished>(world, "Phone") != std::string::npos);
    }
    SUBCASE("refused by the scenario") {
        sim::World world(sim::parseScenario(scenario("[server]\nstarttls = false\n"), "s.toml", kAssets), offered);
        world.runToEnd();
        CHECK(firstEvent<sim::TlsEstablished>(world, "Laptop") == std::string::npos);
        CHECK(world.findDevice("Laptop")->status() == "stopped: no STARTTLS, so no login in clear text");
    }
}

TEST_CASE("set_tls with STARTTLS takes effect at the next connection, and back to plain") {
    sim::World world(offering());
    world.runToEnd();
    const sim::Device& phone = *world.findDevice("Phone");
    sim::Action set;
    set.device = "Phone";
    set.kind = sim::ActionKind::SetTls;
    set.tls = sim::TlsMode::Off;
    world.submit(set);
    world.stepAction();
    CHECK(phone.settings().tls == sim::TlsMode::Off);
    CHECK(find(phone, "secure connection (TLS): off") != std::string::npos);
    const std::size_t before = phone.transcript().size();
    sim::Action check;
    check.device = "Phone";
    check.kind = sim::ActionKind::CheckMail;
    world.submit(check);
    world.stepAction();
    INFO(joined(lines(phone)));
    CHECK(find(phone, "CAPA", before) == std::string::npos);
    CHECK(find(phone, "USER alice", before) != std::string::npos);
    CHECK(find(phone, "alice123", before) == std::string::npos);  // masked in the transcript...
    bool secretOnWire = false;
    for (std::size_t i = before; i < phone.transcript().size(); ++i)
        secretOnWire = secretOnWire || contains(onTheWire(phone.transcript().entries()[i]), "alice123");
    CHECK(secretOnWire);  // ...but in clear on the wire

    set.tls = sim::TlsMode::StartTls;
    world.submit(set);
    world.stepAction();
    CHECK(phone.settings().tls == sim::TlsMode::StartTls);
    CHECK(phone.transcript().entries().back().text ==
          "secure connection: STARTTLS (plain text first, encrypted before the login)");
}

TEST_CASE("STARTTLS worlds replay the same transcripts and events over runs and rewinds") {
    sim::World world(offering());
    world.runToEnd();
    REQUIRE(world.finished());
    const std::string plain = sim::formatPlain(world);
    const std::size_t steps = world.stepCount();
    const std::string events = sim::formatEvents(world.events().all());
    REQUIRE(steps > 20);
    // The ciphertext differs between runs (fresh keys); what the transcripts say does not.
    SUBCASE("a second world") {
        sim::World again(offering());
        again.runToEnd();
        CHECK(sim::formatPlain(again) == plain);
        CHECK(sim::formatEvents(again.events().all()) == events);
    }
    SUBCASE("rewinding to just after the handshake and running on") {
        const std::size_t tls = firstEvent<sim::TlsEstablished>(world, "Laptop");
        REQUIRE(tls != std::string::npos);
        const std::size_t step = world.events().all()[tls].step;
        world.rewindTo(step);
        CHECK(firstEvent<sim::TlsEstablished>(world, "Laptop") == tls);
        world.runToEnd();
        CHECK(sim::formatPlain(world) == plain);
        CHECK(sim::formatEvents(world.events().all()) == events);
    }
    SUBCASE("rewinding to the start and back to the end") {
        world.rewindTo(0);
        world.rewindTo(steps);
        CHECK(sim::formatPlain(world) == plain);
        for (const sim::TranscriptEntry& e : world.findDevice("Laptop")->transcript().entries())
            if (e.kind != EntryKind::Note && e.text.starts_with("a3 LOGIN")) CHECK_FALSE(e.wire.empty());
    }
}

}  // TEST_SUITE
