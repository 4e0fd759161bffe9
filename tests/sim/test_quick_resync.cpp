// Quick resync of simulated IMAP devices (sim/imap_client.cpp, RFC 7162 CONDSTORE / QRESYNC):
// a device set to it comes back after being offline with SELECT ... (QRESYNC ...), applies
// VANISHED (EARLIER) and FETCH ... MODSEQ, polls with CHANGEDSINCE, and ends in agreement
// with the server; without the setting, or when the server does not offer it, the
// conversation is the plain one, byte for byte.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using sim::ActionKind;

namespace {

/// alice with five messages, a phone and a laptop; `phoneKey` is written into the phone's
/// table as is ("quick_resync = true", "" for nothing).
sim::Scenario scenario(std::string_view phoneKey) {
    std::string text = R"(
title_en = "Quick resync"
title_pl = "Szybka synchronizacja"
start = 2026-11-27T09:00:00Z

[[accounts]]
user = "alice"
password = "alice123"
)";
    for (const char* subject : {"First", "Second", "Third", "Fourth", "Fifth"})
        text += std::string("  [[accounts.inbox]]\n  subject = \"") + subject +
                "\"\n  from = \"Bob <bob@example.test>\"\n  to = \"alice@example.test\"\n  body = \"text\"\n";
    text += R"(
[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"

[[devices]]
name = "Phone"
kind = "phone"
account = "alice"
protocol = "imap"
)";
    text += std::string(phoneKey) + "\n";
    return sim::parseScenario(text, "quick-resync.toml", MAILSCOPE_SOURCE_DIR "/assets");
}

sim::Action action(ActionKind kind, std::string device, std::string subject = {}) {
    sim::Action a;
    a.kind = kind;
    a.device = std::move(device);
    if (!subject.empty()) a.message = sim::MessageRef{std::nullopt, std::move(subject)};
    return a;
}

void run(sim::World& world, sim::Action a) {
    world.submit(std::move(a));
    world.stepAction();
}

const sim::Device& device(const sim::World& world, std::string_view name) {
    const sim::Device* d = world.findDevice(name);
    REQUIRE(d != nullptr);
    return *d;
}

/// The lines of a device's transcript in one direction, as one text.
std::string lines(const sim::World& world, std::string_view name, core::Direction direction) {
    std::string out;
    for (const sim::TranscriptEntry& e : device(world, name).transcript().entries())
        if (e.kind == sim::EntryKind::Line && e.direction == direction) out += e.text + "\n";
    return out;
}
std::string sent(const sim::World& world, std::string_view name) {
    return lines(world, name, core::Direction::ClientToServer);
}
std::string received(const sim::World& world, std::string_view name) {
    return lines(world, name, core::Direction::ServerToClient);
}

void checkInSync(const sim::World& world) {
    for (const sim::Device* d : world.devices()) {
        CAPTURE(d->name());
        std::string differences;
        for (const std::string& line : sim::syncDifferences(world, *d)) differences += line + "\n";
        CHECK(differences == "");
        CHECK_FALSE(d->busy());
    }
}

/// Both sync; the phone goes offline and flags a message; the laptop deletes two messages
/// and flags and reads others; the phone comes back online (and checks once more, to poll).
void offlineStory(sim::World& world) {
    run(world, action(ActionKind::CheckMail, "Laptop"));
    run(world, action(ActionKind::CheckMail, "Phone"));
    run(world, action(ActionKind::GoOffline, "Phone"));
    run(world, action(ActionKind::Flag, "Phone", "Fifth"));  // waits, sent when back
    run(world, action(ActionKind::Delete, "Laptop", "Second"));
    run(world, action(ActionKind::Delete, "Laptop", "Fourth"));
    run(world, action(ActionKind::Flag, "Laptop", "First"));
    run(world, action(ActionKind::OpenMessage, "Laptop", "Fifth"));
    run(world, action(ActionKind::GoOnline, "Phone"));
    run(world, action(ActionKind::Flag, "Laptop", "Third"));
    run(world, action(ActionKind::CheckMail, "Phone"));
}

std::string everything(const sim::World& world) { return sim::formatPlain(world) + sim::formatState(world); }

}  // namespace

TEST_SUITE("sim.quick_resync") {

TEST_CASE("back online, a device set to quick resync asks only for what changed") {
    sim::World world(scenario("quick_resync = true"));
    offlineStory(world);
    const std::string out = sent(world, "Phone");
    const std::string in = received(world, "Phone");
    CAPTURE(out);
    CAPTURE(in);
    CHECK(out.find("ENABLE QRESYNC") != std::string::npos);
    CHECK(in.find("* ENABLED QRESYNC") != std::string::npos);
    // The UIDs it holds (1:5), the UIDVALIDITY and the HIGHESTMODSEQ of its first sync.
    CHECK(out.find("SELECT \"INBOX\" (QRESYNC (1000 ") != std::string::npos);
    CHECK(out.find(" 1:5))") != std::string::npos);
    CHECK(in.find("* VANISHED (EARLIER) 2,4") != std::string::npos);
    CHECK(in.find("FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (") != std::string::npos);
    CHECK(in.find("FETCH (UID 5 FLAGS (\\Seen) MODSEQ (") != std::string::npos);
    // While INBOX stays selected, the next check polls with CHANGEDSINCE.
    CHECK(out.find("UID FETCH 1:* (FLAGS) (CHANGEDSINCE ") != std::string::npos);
    // No flags of every message: the first sync fetched the headers (and flags) of all,
    // later ones only what changed.
    CHECK(out.find("UID FETCH 1:* (FLAGS)\n") == std::string::npos);
    // The laptop, without the setting, is offered nothing new.
    CHECK(received(world, "Laptop").find("QRESYNC") == std::string::npos);
    checkInSync(world);
    const sim::LocalFolder* inbox = device(world, "Phone").local().find("INBOX");
    REQUIRE(inbox != nullptr);
    CHECK(inbox->messages.size() == 3);
}

TEST_CASE("new mail while offline: its header is fetched after the quick resync") {
    sim::World world(scenario("quick_resync = true"));
    run(world, action(ActionKind::CheckMail, "Laptop"));
    run(world, action(ActionKind::CheckMail, "Phone"));
    run(world, action(ActionKind::GoOffline, "Phone"));
    // The laptop moves a message into a new folder and back: INBOX gets a new UID.
    sim::Action create = action(ActionKind::CreateFolder, "Laptop");
    create.folder = "Later";
    run(world, create);
    sim::Action away = action(ActionKind::MoveToFolder, "Laptop", "Third");
    away.folder = "Later";
    run(world, away);
    run(world, action(ActionKind::CheckMail, "Laptop"));
    sim::Action back = action(ActionKind::MoveToFolder, "Laptop", "Third");
    back.folder = "INBOX";
    run(world, back);
    run(world, action(ActionKind::GoOnline, "Phone"));
    const std::string out = sent(world, "Phone");
    CAPTURE(out);
    CHECK(out.find("SELECT \"INBOX\" (QRESYNC (") != std::string::npos);
    CHECK(received(world, "Phone").find("* VANISHED (EARLIER) 3") != std::string::npos);
    CHECK(out.find("UID FETCH 6:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER])") != std::string::npos);
    checkInSync(world);
}

TEST_CASE("without the setting the conversation is the plain one, byte for byte") {
    sim::World plain(scenario(""));
    offlineStory(plain);
    sim::World off(scenario("quick_resync = false"));
    offlineStory(off);
    CHECK(everything(off) == everything(plain));
    CHECK(sim::formatPlain(plain).find("QRESYNC") == std::string::npos);
    CHECK(sim::formatPlain(plain).find("CONDSTORE") == std::string::npos);
    checkInSync(plain);
}

TEST_CASE("a server that does not offer QRESYNC gets the plain sync") {
    sim::WorldOptions options;
    options.host.quickResyncForDevices = false;
    sim::World world(scenario("quick_resync = true"), options);
    offlineStory(world);
    const std::string phone = sent(world, "Phone");
    CHECK(phone.find("ENABLE") == std::string::npos);
    CHECK(phone.find("QRESYNC") == std::string::npos);
    CHECK(phone.find("CHANGEDSINCE") == std::string::npos);
    bool noted = false;
    for (const sim::TranscriptEntry& e : device(world, "Phone").transcript().entries())
        noted = noted || (e.kind == sim::EntryKind::Note && e.text.find("does not offer QRESYNC") != std::string::npos);
    CHECK(noted);
    checkInSync(world);

    // Its lines are those of a device without the setting (only the notes differ).
    sim::World plain(scenario(""), options);
    offlineStory(plain);
    CHECK(phone == sent(plain, "Phone"));
    CHECK(received(world, "Phone") == received(plain, "Phone"));
}

TEST_CASE("quick resync is deterministic: the same run twice, and a rewind replays it") {
    sim::World a(scenario("quick_resync = true"));
    offlineStory(a);
    sim::World b(scenario("quick_resync = true"));
    offlineStory(b);
    const std::string full = everything(a);
    CHECK(full == everything(b));
    const std::size_t total = a.stepCount();
    for (std::size_t k : {std::size_t{0}, total / 3, total / 2, total - 1}) {
        CAPTURE(k);
        a.rewindTo(k);
        a.runToEnd();
        CHECK(everything(a) == full);
    }
}

}  // TEST_SUITE
