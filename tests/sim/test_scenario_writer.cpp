// Tests for writing scenarios back (File > Save world): what is written reads back as the
// same scenario, and a saved world reopens to the same transcripts, also when people acted
// in the middle of a conversation, after a rewind, and in compare mode.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/scenario_writer.h"
#include "sim/world.h"
#include "tests/support/error_text.h"

using namespace mailscope;
using namespace mailscope::sim;

namespace {

const std::filesystem::path kAssets = std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets";

Scenario shipped(const std::string& name) { return loadScenario(kAssets / "scenarios" / (name + ".toml"), kAssets); }

/// `scenario` written and read back.
Scenario roundTrip(const Scenario& scenario) {
    const std::string text = writeScenario(scenario, "a test");
    INFO("written:\n" << text);
    Scenario back;
    REQUIRE_NOTHROW(back = parseScenario(text, "saved.toml", kAssets));
    return back;
}

/// Every device's transcript, the server's notes and the events, as text to compare.
std::string everything(const World& world) {
    std::string out = formatPlain(world);
    out += "\nevents: " + std::to_string(world.events().size()) + "\nstep: " + std::to_string(world.stepCount());
    return out;
}

/// A world reopened from `saved` as the window does: built, then rewound to the saved step.
std::unique_ptr<World> reopen(const Scenario& saved, WorldOptions options = {}) {
    auto world = std::make_unique<World>(saved, options);
    REQUIRE(saved.saved.has_value());
    world->rewindTo(saved.saved->step);
    return world;
}

Action person(std::string device, ActionKind kind) {
    Action a;
    a.device = std::move(device);
    a.kind = kind;
    return a;
}

}  // namespace

TEST_SUITE("sim.scenario_writer") {

TEST_CASE("every shipped scenario reads back the same and plays the same transcripts") {
    for (const auto& entry : std::filesystem::directory_iterator(kAssets / "scenarios")) {
        if (entry.path().extension() != ".toml") continue;
        CAPTURE(entry.path().string());
        const Scenario original = loadScenario(entry.path(), kAssets);
        const Scenario back = roundTrip(original);
        CHECK(back.title_en == original.title_en);
        CHECK(back.title_pl == original.title_pl);
        CHECK(back.start == original.start);
        CHECK(back.zoneMinutes == original.zoneMinutes);
        REQUIRE(back.accounts.size() == original.accounts.size());
        for (std::size_t i = 0; i < back.accounts.size(); ++i) {
            REQUIRE(back.accounts[i].inbox.size() == original.accounts[i].inbox.size());
            for (std::size_t m = 0; m < back.accounts[i].inbox.size(); ++m)
                CHECK(back.accounts[i].inbox[m].bytes == original.accounts[i].inbox[m].bytes);
        }
        CHECK(back.devices.size() == original.devices.size());
        CHECK(back.actions.size() == original.actions.size());
        // Writing what was read back gives the same text: nothing drifts on a second save.
        CHECK(writeScenario(back) == writeScenario(original));

        World a(original);
        World b(back);
        a.runToEnd(20'000);
        b.runToEnd(20'000);
        CHECK(everything(a) == everything(b));
    }
}

TEST_CASE("inline messages, odd strings and every device setting survive") {
    const std::string text = R"(title_en = "Quotes \" and \\ backslashes"
title_pl = "Zażółć gęślą jaźń"
start = 2026-11-27T09:00:00-03:30
[server]
starttls = true
[[accounts]]
user = "alice"
password = "p\"w\\d"
  [[accounts.inbox]]
  from = "Zofia Żak <zofia@example.pl>"
  to = "alice@mailscope.test"
  subject = "Tab\there"
  body = "line one\nline two\u0001\n"
  flags = ["\\Seen", "$Work"]
[[devices]]
name = "Old phone"
kind = "phone"
account = "alice"
protocol = "pop3"
leave_copy = true
delete_after_days = 7
poll_seconds = 300
security = "starttls"
[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
idle = true
quick_resync = true
[[actions]]
at = "1:02:03"
account = "alice"
do = "deliver_mail"
mail = { from = "bob@example.org", to = "alice@mailscope.test", subject = "Later", body = "Hi" }
[[actions]]
at = 5
device = "Laptop"
do = "flag"
message = "Tab"
flag = "$Later"
[[actions]]
at = 6
device = "Laptop"
do = "rename_folder"
folder = "A"
new_name = "B"
)";
    const Scenario original = parseScenario(text, "t.toml", kAssets);
    const Scenario back = roundTrip(original);
    CHECK(back.title_en == original.title_en);
    CHECK(back.title_pl == original.title_pl);
    CHECK(back.zoneMinutes == -210);
    CHECK(back.accounts[0].password == "p\"w\\d");
    CHECK(back.accounts[0].inbox[0].bytes == original.accounts[0].inbox[0].bytes);
    CHECK(back.accounts[0].inbox[0].flags == original.accounts[0].inbox[0].flags);
    const ScenarioDevice& phone = back.devices[0];
    CHECK(phone.protocol == Protocol::Pop3);
    CHECK(phone.leaveCopy);
    CHECK(phone.deleteAfterDays == 7);
    CHECK(phone.pollSeconds == 300);
    CHECK(phone.tls == TlsMode::StartTls);
    CHECK(back.server.starttls == true);
    CHECK(phone.kind == DeviceKind::Phone);
    CHECK(back.devices[1].idle);
    CHECK(back.devices[1].quickResync);
    CHECK_FALSE(phone.quickResync);
    REQUIRE(back.actions.size() == 3);
    CHECK(back.actions[0].at == 5);
    CHECK(back.actions[0].flag == "$Later");
    CHECK(back.actions[1].newName == "B");
    CHECK(back.actions[2].at == 3723);
    REQUIRE(back.actions[2].mail.has_value());
    CHECK(back.actions[2].mail->bytes == original.actions[2].mail->bytes);
}

TEST_CASE("a saved world reopens to the same transcripts, with people's actions given mid-conversation") {
    World world(shipped("several-devices"));
    world.stepAction();   // the phone's check_mail, carried to its end
    world.step();
    world.step();         // the laptop's check starts; lines are in flight
    Action open = person("Laptop", ActionKind::OpenMessage);
    open.message = MessageRef{std::nullopt, "Welcome"};
    world.submit(open);   // a click while the laptop is talking
    for (int i = 0; i < 7; ++i) world.step();
    Action folder = person("Phone", ActionKind::CreateFolder);
    folder.folder = "Receipts";
    world.submit(folder);
    Action off = person("Tablet", ActionKind::SetIdle);
    off.on = true;
    world.submit(off);
    Action resync = person("Laptop", ActionKind::SetQuickResync);
    resync.on = true;
    world.submit(resync);
    Action secure = person("Phone", ActionKind::SetTls);
    secure.tls = TlsMode::StartTls;
    world.submit(secure);
    DeviceSettings extra = devicePreset(3, "alice", Protocol::Pop3);
    Action add;
    add.kind = ActionKind::AddDevice;
    add.settings = extra;
    world.submit(add);
    for (int i = 0; i < 40; ++i) world.step();

    const Scenario saved = roundTrip(savedScenario(world));
    REQUIRE(saved.recorded.size() == 6);
    CHECK(saved.recorded[3].action.kind == ActionKind::SetQuickResync);
    CHECK(saved.recorded[3].action.on);
    CHECK(saved.recorded[4].action.tls == TlsMode::StartTls);
    CHECK(saved.recorded[0].action.kind == ActionKind::OpenMessage);
    REQUIRE(saved.saved.has_value());
    CHECK(saved.saved->step == world.stepCount());
    CHECK_FALSE(saved.saved->compare);

    const auto reopened = reopen(saved);
    CHECK(everything(*reopened) == everything(world));
    REQUIRE(reopened->findDevice(extra.name) != nullptr);
    // And they go on the same way.
    world.runToEnd(20'000);
    reopened->runToEnd(20'000);
    CHECK(everything(*reopened) == everything(world));
}

TEST_CASE("saved while rewound: it opens at the step shown, and the later actions are still ahead") {
    World world(shipped("where-messages-are-stored"));
    world.stepAction();
    Action check = person("Phone", ActionKind::CheckMail);
    world.submit(check);
    world.runToEnd(20'000);
    const std::size_t end = world.stepCount();
    world.rewindTo(end / 2);

    const Scenario saved = roundTrip(savedScenario(world));
    CHECK(saved.saved->step == end / 2);
    const auto reopened = reopen(saved);
    CHECK(everything(*reopened) == everything(world));
    world.runToEnd(20'000);
    reopened->runToEnd(20'000);
    CHECK(reopened->stepCount() == end);
    CHECK(everything(*reopened) == everything(world));
}

TEST_CASE("saved in compare mode: both worlds reopen at their own steps with the same transcripts") {
    Comparison comparison(shipped("where-messages-are-stored"));
    comparison.stepAction();
    comparison.stepAction();
    Action flag = person("Laptop", ActionKind::Flag);
    flag.message = MessageRef{1u, {}};
    flag.flag = "\\Flagged";
    comparison.submit(flag);
    comparison.stepAction();

    const Scenario saved = roundTrip(savedScenario(comparison));
    REQUIRE(saved.saved.has_value());
    CHECK(saved.saved->compare);
    REQUIRE(saved.saved->imapStep.has_value());
    REQUIRE(saved.recorded.size() == 1);
    CHECK(saved.recorded[0].imapStep.has_value());

    Comparison again(saved);
    again.pop3().rewindTo(saved.saved->step);
    again.imap().rewindTo(*saved.saved->imapStep);
    CHECK(everything(again.pop3()) == everything(comparison.pop3()));
    CHECK(everything(again.imap()) == everything(comparison.imap()));
}

TEST_CASE("a saved world keeps its UIDVALIDITY, so UIDs read the same after reopening") {
    WorldOptions options;
    options.firstUidValidity = 1765000123;
    World world(shipped("several-devices"), options);
    world.stepAction();
    const Scenario saved = roundTrip(savedScenario(world));
    REQUIRE(saved.saved->uidValidity == 1765000123u);
    const auto reopened = reopen(saved);  // default options: the file's UIDVALIDITY wins
    CHECK(everything(*reopened) == everything(world));
}

TEST_CASE("broken [[recorded]] and [saved] entries name their line and column") {
    const std::string head = R"(title_en = "T"
title_pl = "T"
start = 2026-11-27T09:00:00Z
[[accounts]]
user = "alice"
password = "pw"
[[devices]]
name = "Phone"
account = "alice"
protocol = "imap"
)";
    const auto errorOf = [&](const std::string& tail) {
        return test::errorText<ScenarioError>([&] { parseScenario(head + tail, "t.toml", kAssets); });
    };
    CHECK(errorOf("[[recorded]]\ndevice = \"Phone\"\ndo = \"check_mail\"\n") ==
          "t.toml:11:1: missing key 'step' in a recorded action");
    CHECK(errorOf("[[recorded]]\nstep = -1\ndevice = \"Phone\"\ndo = \"check_mail\"\n") ==
          "t.toml:12:8: 'step' must be 0 or more");
    CHECK(errorOf("[[recorded]]\nstep = 3\ndevice = \"Tablet\"\ndo = \"check_mail\"\n") ==
          "t.toml:13:10: unknown device 'Tablet'");
    CHECK(errorOf("[[recorded]]\nstep = 3\ndevice = \"Phone\"\ndo = \"set_idle\"\non = \"yes\"\n") ==
          "t.toml:15:6: 'on' must be true or false, not a string");
    CHECK(errorOf("[[recorded]]\nstep = 3\ndevice = \"Phone\"\ndo = \"set_quick_resync\"\non = 1\n") ==
          "t.toml:15:6: 'on' must be true or false, not an integer");
    CHECK(errorOf("[[recorded]]\nstep = 3\ndevice = \"Phone\"\ndo = \"fly\"\n").starts_with(
        "t.toml:14:6: unknown action 'fly'; the actions are check_mail"));
    CHECK(errorOf("[saved]\nstep = 2\nuid_validity = 0\n") ==
          "t.toml:13:16: 'uid_validity' must be 1..4294967295 (RFC 3501 2.3.1.1)");
    CHECK(errorOf("[saved]\nwhere = 2\n") == "t.toml:12:1: unknown key 'where' in [saved]");
    // A device added by a recorded action may be named by the ones after it.
    CHECK(errorOf("[[recorded]]\nstep = 1\ndo = \"add_device\"\nsettings = { name = \"Tablet\", account = \"alice\", "
                  "protocol = \"pop3\" }\n[[recorded]]\nstep = 9\ndevice = \"Tablet\"\ndo = \"check_mail\"\n") == "");
    // A scenario's own [[actions]] still take only what files have always taken.
    CHECK(errorOf("[[actions]]\nat = 1\ndevice = \"Phone\"\ndo = \"set_idle\"\n").starts_with(
        "t.toml:14:6: unknown action 'set_idle'; the actions are check_mail"));
}

}
