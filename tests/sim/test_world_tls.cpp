// Tests for TLS on simulated links (implicit TLS, RFC 8314): a secure device's lines cross
// the link as ciphertext an eavesdropper cannot read, the plaintext arrives intact, and
// transcripts stay deterministic across rewinds.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using sim::EntryKind;
using sim::Protocol;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

sim::Scenario eavesdropper() { return sim::loadScenario(kAssets / "scenarios" / "eavesdropper.toml", kAssets); }

// One POP3 device ("Phone", plain to begin with) and one IMAP device ("Laptop") waiting in IDLE.
const char* kScenario = R"(
title_en = "TLS"
title_pl = "TLS"
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
name = "Phone"
kind = "phone"
account = "alice"
protocol = "pop3"
leave_copy = true

[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
idle = true

[[actions]]
at = "00:10"
device = "Laptop"
do = "check_mail"
)";

sim::Action action(sim::ActionKind kind, std::string device, bool on = false) {
    sim::Action a;
    a.kind = kind;
    a.device = std::move(device);
    if (kind == sim::ActionKind::SetTls) a.tls = on ? sim::TlsMode::Implicit : sim::TlsMode::Off;
    else a.on = on;
    return a;
}

/// The entries that crossed the link (lines and literals), not notes.
std::vector<const sim::TranscriptEntry*> carried(const sim::Device& device) {
    std::vector<const sim::TranscriptEntry*> out;
    for (const auto& e : device.transcript().entries())
        if (e.kind != EntryKind::Note) out.push_back(&e);
    return out;
}

std::vector<std::string> notesStartingWith(const sim::Device& device, std::string_view prefix) {
    std::vector<std::string> out;
    for (const auto& e : device.transcript().entries())
        if (e.kind == EntryKind::Note && e.text.starts_with(prefix)) out.push_back(e.text);
    return out;
}

/// What a device shows of its mail: folders, and per message its UID, flags, size and
/// whether the body was downloaded.
std::string mailboxView(const sim::Device& device) {
    std::string out;
    for (const sim::LocalFolder& folder : device.local().folders()) {
        out += folder.name + ":";
        for (const sim::LocalMessage& m : folder.messages)
            out += " " + std::to_string(m.id) + "(" + m.flags.toString() + ")" + std::to_string(m.size) +
                   (m.hasBody ? "+body" : "");
        out += "\n";
    }
    return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

/// A TLS application-data record (RFC 8446 5.1: type 23, legacy version 3.3) carrying at
/// least `plainSize` bytes, plus its 5-byte header and 16-byte AEAD tag.
void checkLooksLikeCiphertext(const sim::TranscriptEntry& e) {
    CAPTURE(e.text);
    REQUIRE(e.wire.size() >= 5);
    CHECK(static_cast<unsigned char>(e.wire[0]) == 0x17);
    CHECK(static_cast<unsigned char>(e.wire[1]) == 0x03);
    CHECK(static_cast<unsigned char>(e.wire[2]) == 0x03);
    const std::size_t plainSize = e.text.size() + (e.kind == EntryKind::Line ? 2 : 0);
    CHECK(e.wire.size() >= plainSize + 5 + 16);
}

}  // namespace

TEST_SUITE("sim.world_tls") {

TEST_CASE("set_tls is an action name the app uses") {
    CHECK(sim::actionKindName(sim::ActionKind::SetTls) == "set_tls");
    CHECK(sim::actionKindFromName("set_tls") == sim::ActionKind::SetTls);
    CHECK(sim::describeAction(action(sim::ActionKind::SetTls, "Phone", true)) == "Phone: set tls on");
}

TEST_CASE("an eavesdropper sees the plain device's bytes and only ciphertext of the TLS device") {
    sim::World world(eavesdropper());
    const sim::Device* laptop = world.findDevice("Café laptop");
    const sim::Device* phone = world.findDevice("Phone");
    REQUIRE(laptop != nullptr);
    REQUIRE(phone != nullptr);
    REQUIRE(laptop->settings().tls == sim::TlsMode::Off);
    REQUIRE(phone->settings().tls == sim::TlsMode::Implicit);
    world.runToEnd();
    REQUIRE(world.finished());

    SUBCASE("the plain device's lines have no wire bytes, and the secret text is readable") {
        const auto lines = carried(*laptop);
        REQUIRE(lines.size() > 10);
        bool pinVisible = false;
        for (const sim::TranscriptEntry* e : lines) {
            CHECK(e->wire.empty());
            pinVisible = pinVisible || contains(e->text, "4711");
        }
        CHECK(pinVisible);
        CHECK(notesStartingWith(*laptop, "TLS").empty());
    }

    SUBCASE("the TLS device's lines travel as ciphertext that hides what they say") {
        const auto lines = carried(*phone);
        REQUIRE(lines.size() > 10);
        bool sawLogin = false;
        bool sawFetch = false;
        bool sawPin = false;
        for (const sim::TranscriptEntry* e : lines) {
            checkLooksLikeCiphertext(*e);
            sawLogin = sawLogin || contains(e->text, "LOGIN \"alice\"");
            sawFetch = sawFetch || contains(e->text, "FETCH");
            sawPin = sawPin || contains(e->text, "4711");
            CHECK_FALSE(contains(e->wire, "alice"));
            CHECK_FALSE(contains(e->wire, "FETCH"));
            CHECK_FALSE(contains(e->wire, "4711"));
            CHECK_FALSE(contains(e->wire, "INBOX"));
        }
        // The transcript itself still shows the plaintext the server and client exchanged.
        CHECK(sawLogin);
        CHECK(sawFetch);
        CHECK(sawPin);
    }

    SUBCASE("each TLS connection starts with one handshake note, and nothing broke") {
        const auto handshakes = notesStartingWith(*phone, "TLS 1.3 handshake: ");
        const auto connects = notesStartingWith(*phone, "connected to the IMAP server");
        REQUIRE_FALSE(connects.empty());
        CHECK(handshakes.size() == connects.size());
        CHECK(contains(handshakes.front(), "TLS_"));
        CHECK(contains(handshakes.front(), "server certificate"));
        CHECK(notesStartingWith(*phone, "TLS error").empty());
        CHECK(notesStartingWith(*phone, "TLS handshake failed").empty());
        // The handshake note comes right after "connected", before the greeting.
        const auto& entries = phone->transcript().entries();
        for (std::size_t i = 0; i + 2 < entries.size(); ++i) {
            if (!entries[i].text.starts_with("connected to the IMAP server")) continue;
            CHECK(entries[i + 1].text.starts_with("TLS 1.3 handshake: "));
            CHECK(entries[i + 2].kind == EntryKind::Line);
            CHECK(entries[i + 2].text.starts_with("* OK"));
        }
    }

    SUBCASE("the plaintext arrives intact: both devices end with the server's mailbox") {
        CHECK(sim::syncDifferences(world, *laptop).empty());
        CHECK(sim::syncDifferences(world, *phone).empty());
        CHECK(mailboxView(*laptop) == mailboxView(*phone));
        CHECK(contains(mailboxView(*phone), "2(\\Seen)330+body"));
        const sim::LocalFolder* inbox = phone->local().find("INBOX");
        REQUIRE(inbox != nullptr);
        CHECK(inbox->messages.size() == 2);
    }
}

TEST_CASE("a world with a TLS device replays the same transcript text") {
    sim::World world(eavesdropper());
    world.runToEnd();
    REQUIRE(world.finished());
    const std::string plain = sim::formatPlain(world);
    const std::size_t steps = world.stepCount();
    REQUIRE(steps > 20);

    SUBCASE("a second world") {
        sim::World again(eavesdropper());
        again.runToEnd();
        CHECK(sim::formatPlain(again) == plain);
    }
    SUBCASE("rewinding to the middle, then running on") {
        world.rewindTo(steps / 2);
        CHECK(world.stepCount() == steps / 2);
        world.runToEnd();
        CHECK(sim::formatPlain(world) == plain);
    }
    SUBCASE("rewinding to the start and back to the end") {
        world.rewindTo(0);
        CHECK(world.stepCount() == 0);
        world.rewindTo(steps);
        CHECK(sim::formatPlain(world) == plain);
        for (const sim::TranscriptEntry* e : carried(*world.findDevice("Phone"))) CHECK_FALSE(e->wire.empty());
    }
}

TEST_CASE("set_tls switches a device to TLS from its next connection") {
    sim::World world(sim::parseScenario(kScenario, "tls.toml", kAssets));
    const sim::Device& phone = *world.findDevice("Phone");
    const sim::Device& laptop = *world.findDevice("Laptop");
    REQUIRE(phone.settings().tls == sim::TlsMode::Off);

    SUBCASE("POP3: on, check mail over TLS, off, check mail in plain text") {
        world.submit(action(sim::ActionKind::SetTls, "Phone", true));
        world.stepAction();
        CHECK(phone.settings().tls == sim::TlsMode::Implicit);
        CHECK(notesStartingWith(phone, "secure connection (TLS): on").size() == 1);

        std::size_t before = carried(phone).size();
        world.submit(action(sim::ActionKind::CheckMail, "Phone"));
        world.stepAction();
        auto lines = carried(phone);
        REQUIRE(lines.size() > before + 5);
        CHECK(notesStartingWith(phone, "TLS 1.3 handshake: ").size() == 1);
        bool sawPass = false;
        for (std::size_t i = before; i < lines.size(); ++i) {
            checkLooksLikeCiphertext(*lines[i]);
            CHECK_FALSE(contains(lines[i]->wire, "PASS"));
            CHECK_FALSE(contains(lines[i]->wire, "alice123"));
            sawPass = sawPass || lines[i]->text.starts_with("PASS ");
        }
        CHECK(sawPass);
        CHECK(phone.local().find("INBOX") != nullptr);
        CHECK(phone.local().find("INBOX")->messages.size() == 1);

        world.submit(action(sim::ActionKind::SetTls, "Phone", false));
        world.stepAction();
        CHECK(phone.settings().tls == sim::TlsMode::Off);
        before = carried(phone).size();
        world.submit(action(sim::ActionKind::CheckMail, "Phone"));
        world.stepAction();
        lines = carried(phone);
        REQUIRE(lines.size() > before);
        for (std::size_t i = before; i < lines.size(); ++i) CHECK(lines[i]->wire.empty());
        CHECK(notesStartingWith(phone, "TLS 1.3 handshake: ").size() == 1);
    }

    SUBCASE("IMAP: a device already connected stays plain until it reconnects") {
        world.stepAction();  // the scenario's check_mail; the laptop then waits in IDLE
        REQUIRE(laptop.connected());
        world.submit(action(sim::ActionKind::SetTls, "Laptop", true));
        world.stepAction();
        CHECK(notesStartingWith(laptop, "secure connection (TLS): on, from the next connection").size() == 1);
        CHECK(laptop.connected());
        CHECK(notesStartingWith(laptop, "TLS 1.3 handshake: ").empty());

        world.submit(action(sim::ActionKind::GoOffline, "Laptop"));
        world.stepAction();
        REQUIRE_FALSE(laptop.connected());
        const std::size_t before = carried(laptop).size();
        world.submit(action(sim::ActionKind::GoOnline, "Laptop"));
        world.stepAction();
        const auto lines = carried(laptop);
        REQUIRE(lines.size() > before);
        CHECK(notesStartingWith(laptop, "TLS 1.3 handshake: ").size() == 1);
        for (std::size_t i = before; i < lines.size(); ++i) checkLooksLikeCiphertext(*lines[i]);
    }

    SUBCASE("for an unknown device it is a note, not a crash") {
        world.submit(action(sim::ActionKind::SetTls, "Fridge", true));
        CHECK(world.stepAction() == 1);
        const auto& log = world.serverLog().entries();
        REQUIRE_FALSE(log.empty());
        CHECK(contains(log.back().text, "no device named \"Fridge\""));
    }
}

}  // TEST_SUITE
