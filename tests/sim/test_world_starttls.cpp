// Tests for STARTTLS on simulated links (IMAP STARTTLS, RFC 3501 6.2.1; POP3 STLS, RFC 2595
// 4): the device starts in plain text, upgrades before logging in, the eavesdropper sees the
// greeting and the upgrade in clear and ciphertext after it; a server that offers no STARTTLS
// gets no login at all; rewinding replays the same events.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

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
        const auto* e = std::get_if<Kind>(&all[i].what);
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
        if (const auto* e = std::get_if<sim::CommandCompleted>(&all[i].what);
            e && e->session.name == device && e->command == command)
            return i;
    return std::string::npos;
}

}  // namespace

TEST_SUITE("sim.world_starttls") {

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
        CHECK_FALSE(std::get<sim::SessionOpened>(world.events().all()[opened].what).tls);  // plain at first
        CHECK(started < tls);
        CHECK(tls < loggedIn);
        CHECK(contains(std::get<sim::TlsEstablished>(world.events().all()[tls].what).description, "TLS 1.3 handshake"));
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

TEST_CASE("the world's options decide when the scenario says nothing; the scenario wins when it does") {
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
    const std::size_t events = world.events().all().size();
    REQUIRE(steps > 20);
    // The ciphertext differs between runs (fresh keys); what the transcripts say does not.
    SUBCASE("a second world") {
        sim::World again(offering());
        again.runToEnd();
        CHECK(sim::formatPlain(again) == plain);
        CHECK(again.events().all().size() == events);
    }
    SUBCASE("rewinding to just after the handshake and running on") {
        const std::size_t tls = firstEvent<sim::TlsEstablished>(world, "Laptop");
        REQUIRE(tls != std::string::npos);
        const std::size_t step = world.events().all()[tls].step;
        world.rewindTo(step);
        CHECK(firstEvent<sim::TlsEstablished>(world, "Laptop") == tls);
        world.runToEnd();
        CHECK(sim::formatPlain(world) == plain);
        CHECK(world.events().all().size() == events);
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
