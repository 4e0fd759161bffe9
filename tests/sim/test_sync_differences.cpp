// Tests for sim::syncDifferences (sim/world.h), the oracle of the IMAP client and world
// property tests: each way a device's copy can differ from the server (folders, UIDs,
// flags set on either side) gives its own line, and a finished sync gives none.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using sim::ActionKind;

namespace {

/// alice with two messages (the second already read); a phone and a laptop on IMAP that
/// check only when asked, so what one does reaches the other at its next check.
sim::Scenario scenario() {
    const std::string text = R"(
title_en = "Sync differences"
title_pl = "Różnice synchronizacji"
start = 2026-11-27T09:00:00Z

[[accounts]]
user = "alice"
password = "alice123"
  [[accounts.inbox]]
  subject = "First"
  from = "Bob <bob@example.test>"
  to = "alice@example.test"
  body = "one"
  [[accounts.inbox]]
  subject = "Second"
  from = "Carol <carol@example.test>"
  to = "alice@example.test"
  body = "two"
  flags = ["\\Seen"]

[[devices]]
name = "Phone"
kind = "phone"
account = "alice"
protocol = "imap"
idle = false

[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
idle = false
)";
    return sim::parseScenario(text, "sync-differences.toml", MAILSCOPE_SOURCE_DIR "/assets");
}

sim::Action action(ActionKind kind, std::string device) {
    sim::Action a;
    a.kind = kind;
    a.device = std::move(device);
    a.origin = sim::ActionOrigin::User;
    return a;
}

sim::Action onMessage(ActionKind kind, std::string device, std::string subject, std::string folder = {}) {
    sim::Action a = action(kind, std::move(device));
    a.message = sim::MessageRef{std::nullopt, std::move(subject)};
    a.folder = std::move(folder);
    return a;
}

sim::Action onFolder(ActionKind kind, std::string device, std::string folder) {
    sim::Action a = action(kind, std::move(device));
    a.folder = std::move(folder);
    return a;
}

/// Gives a person's action and carries every line it causes.
void run(sim::World& world, sim::Action a) {
    world.submit(std::move(a));
    world.stepAction();
}

/// The differences as text, one line each, so a failure shows them.
std::string differences(const sim::World& world, const char* name) {
    const sim::Device* device = world.findDevice(name);
    REQUIRE(device != nullptr);
    std::string text;
    for (const std::string& line : sim::syncDifferences(world, *device)) text += line + "\n";
    return text;
}

std::string lines(std::initializer_list<const char*> expected) {
    std::string text;
    for (const char* line : expected) text += std::string(line) + "\n";
    return text;
}

/// Both devices check mail: afterwards neither differs from the server.
void syncBoth(sim::World& world) {
    run(world, action(ActionKind::CheckMail, "Phone"));
    run(world, action(ActionKind::CheckMail, "Laptop"));
    REQUIRE(differences(world, "Phone") == "");
    REQUIRE(differences(world, "Laptop") == "");
}

}  // namespace

TEST_SUITE("sim.sync_differences") {

TEST_CASE("a device that never checked has an empty INBOX and misses every other folder") {
    sim::World world(scenario());
    CHECK(differences(world, "Phone") ==
          lines({"INBOX: UID 1 missing on the device", "INBOX: UID 2 missing on the device", "Archive: missing on the device", "Drafts: missing on the device",
                "Junk: missing on the device", "Sent: missing on the device", "Trash: missing on the device"}));
}

TEST_CASE("a flag set on the server and not yet seen by the device is a difference") {
    sim::World world(scenario());
    syncBoth(world);
    run(world, onMessage(ActionKind::Flag, "Laptop", "First"));
    CHECK(differences(world, "Laptop") == "");
    CHECK(differences(world, "Phone") == lines({"INBOX: UID 1 has flags () on the device, (\\Flagged) on the server"}));
    run(world, action(ActionKind::CheckMail, "Phone"));
    CHECK(differences(world, "Phone") == "");
}

TEST_CASE("a flag cleared on the server is a difference too") {
    sim::World world(scenario());
    syncBoth(world);
    run(world, onMessage(ActionKind::MarkUnread, "Laptop", "Second"));
    CHECK(differences(world, "Phone") == lines({"INBOX: UID 2 has flags (\\Seen) on the device, () on the server"}));
}

TEST_CASE("a flag set on an offline device is a difference until it is replayed") {
    sim::World world(scenario());
    syncBoth(world);
    run(world, action(ActionKind::GoOffline, "Phone"));
    run(world, onMessage(ActionKind::Flag, "Phone", "Second"));
    CHECK(differences(world, "Phone") ==
          lines({"INBOX: UID 2 has flags (\\Seen \\Flagged) on the device, (\\Seen) on the server"}));
    CHECK(differences(world, "Laptop") == "");
    run(world, action(ActionKind::GoOnline, "Phone"));
    run(world, action(ActionKind::CheckMail, "Phone"));
    CHECK(differences(world, "Phone") == "");
}

TEST_CASE("a message moved on the server: gone from one folder, missing in the other") {
    sim::World world(scenario());
    syncBoth(world);
    run(world, onMessage(ActionKind::MoveToFolder, "Laptop", "Second", "Archive"));
    CHECK(differences(world, "Laptop") == "");
    CHECK(differences(world, "Phone") ==
          lines({"INBOX: UID 2 is on the device only", "Archive: UID 1 missing on the device"}));
}

TEST_CASE("folders created or deleted on the server") {
    sim::World world(scenario());
    syncBoth(world);
    SUBCASE("created") {
        run(world, onFolder(ActionKind::CreateFolder, "Laptop", "Projects"));
        CHECK(differences(world, "Phone") == lines({"Projects: missing on the device"}));
    }
    SUBCASE("deleted") {
        run(world, onFolder(ActionKind::DeleteFolder, "Laptop", "Junk"));
        CHECK(differences(world, "Phone") == lines({"Junk: on the device only"}));
    }
    CHECK(differences(world, "Laptop") == "");
    run(world, action(ActionKind::CheckMail, "Phone"));
    CHECK(differences(world, "Phone") == "");
}

}  // TEST_SUITE
