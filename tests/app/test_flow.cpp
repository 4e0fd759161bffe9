// Headless tests of the flow animation (app/ui/flow.h, app/panels/flow_view.h): which
// events start which flights (POP3 RETR, DELE, QUIT, a dropped connection; IMAP a flag
// changed on one device and told to another session), that they are drawn between the
// server card and the device, follow the playback speed and the View menu's switch, and
// that nothing of them is left after a rewind. Also compare mode's summary strip.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/panels/compare_summary.h"
#include "app/panels/flow_view.h"
#include "app/ui/explorer.h"
#include "app/ui/flow.h"
#include "app/ui/i18n.h"
#include "app/ui/panels.h"
#include "app/ui/settings.h"
#include "headless_ui.h"
#include "sim/scenario.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

/// Alice has two messages; `devices` are the [[devices]] tables.
sim::Scenario flowScenario(const std::string& devices)
{
    const std::string toml = R"(
title_en = "flow test"
title_pl = "test przepływu"
start = 2026-11-27T09:00:00+01:00

[[accounts]]
user = "alice"
password = "alice123"

  [[accounts.inbox]]
  from = "Bob <bob@example.test>"
  to = "alice@example.test"
  subject = "Hello from Bob"
  body = "Hi Alice"

  [[accounts.inbox]]
  from = "Carol <carol@example.test>"
  to = "alice@example.test"
  subject = "Lunch on Friday"
  body = "Noon?"
)" + devices;
    return sim::parseScenario(toml, "flow.toml", kAssets);
}

std::string device(const char* name, const char* protocol)
{
    return std::string("\n[[devices]]\nname = \"") + name + "\"\naccount = \"alice\"\nprotocol = \"" + protocol +
           "\"\n";
}

void userAction(app::Explorer& explorer, const char* name, sim::ActionKind kind, std::optional<std::uint32_t> uid = {})
{
    sim::Action a;
    a.device = name;
    a.kind = kind;
    a.origin = sim::ActionOrigin::User;
    if (uid)
        a.message = sim::MessageRef{*uid, {}};
    explorer.apply(app::DoAction{a});
}

/// Steps one line at a time, a second apart on the window's clock (as a person clicking
/// Step line), until `done` holds; returns whether it did.
bool stepUntil(app::Explorer& explorer, const std::function<bool()>& done)
{
    for (int i = 0; i < 5000; ++i) {
        if (done())
            return true;
        if (explorer.world().next().kind == sim::NextStep::Kind::None)
            return done();
        explorer.update(1.0);
        explorer.apply(app::StepLine{});
    }
    return false;
}

void runToQuiet(app::Explorer& explorer)
{
    for (int i = 0; i < 5000 && explorer.world().next().kind != sim::NextStep::Kind::None; ++i)
        explorer.apply(app::StepLine{});
}

/// Whether the last step recorded an event of kind T.
template <typename T>
bool lastStepHad(const app::Explorer& explorer)
{
    const sim::World& w = explorer.world();
    for (const sim::WorldEvent& e : w.eventsSince(w.stepCount() - 1))
        if (sim::holds_alternative<T>(e.what))
            return true;
    return false;
}

/// The flights of world 0, one describeFlight() line each.
std::string flights(const app::Explorer& explorer, std::size_t world = 0)
{
    std::string out;
    if (const app::StreamMemory* memory = explorer.view().stream(world))
        for (const app::Flight& f : memory->flights)
            out += app::describeFlight(f) + "\n";
    return out;
}

/// The flights drawn in the last frame, one line each.
std::string drawn(const app::Explorer& explorer, std::size_t world = 0)
{
    std::string out;
    if (const app::StreamMemory* memory = explorer.view().stream(world))
        for (const std::string& line : memory->drawn)
            out += line + "\n";
    return out;
}

std::string lines(const std::vector<std::string>& each)
{
    std::string out;
    for (const std::string& line : each)
        out += line + "\n";
    return out;
}

std::string step(const app::Explorer& explorer)
{
    return " step " + std::to_string(explorer.world().stepCount());
}

/// The whole explorer window, one frame.
struct Window {
    test::ImGuiHeadless ui;
    app::Settings settings;
    app::ExplorerUi layout;

    void frame(app::Explorer& explorer)
    {
        ui.frame([&] { app::drawExplorer(explorer, settings, layout); });
    }
    /// Vertices drawn over everything (the flights) in the last frame.
    int overlayVertices() const
    {
        const ImDrawData* data = ImGui::GetDrawData();
        int n = 0;
        for (int i = 0; data && i < data->CmdListsCount; ++i)
            if (data->CmdLists[i] == ImGui::GetForegroundDrawList())
                n += data->CmdLists[i]->VtxBuffer.Size;
        return n;
    }
};

}  // namespace

TEST_SUITE("app.flow") {

TEST_CASE("POP3 RETR sends an envelope from the server card down to the device")
{
    app::setLanguage(app::Language::English);
    Window window;
    app::Explorer explorer(flowScenario(device("Phone", "pop3")));
    userAction(explorer, "Phone", sim::ActionKind::CheckMail);
    window.frame(explorer);
    CHECK(flights(explorer).empty());
    CHECK(window.overlayVertices() == 0);

    REQUIRE(stepUntil(explorer, [&] { return lastStepHad<sim::MessageDownloaded>(explorer); }));
    const std::string downloaded = "Download alice/INBOX UID 1 -> Phone #1" + step(explorer);
    CHECK(flights(explorer) == lines({downloaded}));
    window.frame(explorer);
    // Drawn between the server's card of UID 1 and the phone's column.
    CHECK(drawn(explorer) == lines({downloaded}));
    CHECK(window.overlayVertices() > 0);
    // The phone's copy carries the server's UID 1 (from its UIDL): the same colour tag.
    const sim::Device* phone = explorer.world().findDevice("Phone");
    REQUIRE(phone->local().find("INBOX")->messages.size() == 1);
    CHECK(phone->local().find("INBOX")->messages[0].uidl.ends_with(".1"));
    CHECK(app::serverUidOf(*phone, phone->local().find("INBOX")->messages[0]) == 1);
    // The phone's copy fills in as the envelope lands: faint as it leaves, half way at half time.
    CHECK(app::arrivingAlpha(explorer, 0, "Phone", "INBOX", 1) == doctest::Approx(0.3));
    explorer.update(0.25);
    CHECK(app::arrivingAlpha(explorer, 0, "Phone", "INBOX", 1) == doctest::Approx(0.65));
    CHECK(app::arrivingAlpha(explorer, 0, "Laptop", "INBOX", 1) == doctest::Approx(1.0));

    SUBCASE("it lasts one step at the playback speed, then is gone")
    {
        REQUIRE(!std::as_const(explorer).view().stream(0)->flights.empty());
        const app::Flight& f = std::as_const(explorer).view().stream(0)->flights.front();
        CHECK(f.duration == doctest::Approx(0.5));  // 2 lines per second
        for (int i = 0; i < 31; ++i) {
            explorer.update(1.0 / 60.0);
            window.frame(explorer);
        }
        CHECK(flights(explorer).empty());
        CHECK(drawn(explorer).empty());
        CHECK(window.overlayVertices() == 0);
    }
    SUBCASE("View > Animate mail flow off: nothing is drawn")
    {
        window.settings.animateFlow = false;
        window.frame(explorer);
        CHECK(drawn(explorer).empty());
        CHECK(window.overlayVertices() == 0);
        CHECK(app::arrivingAlpha(explorer, 0, "Phone", "INBOX", 1) == doctest::Approx(1.0));
        window.settings.animateFlow = true;
        window.frame(explorer);
        CHECK(drawn(explorer) == lines({downloaded}));
    }
    SUBCASE("a rewind leaves nothing of it, and stepping again brings it back")
    {
        const std::size_t at = explorer.world().stepCount();
        explorer.apply(app::RewindTo{at - 1});
        CHECK(flights(explorer).empty());
        window.frame(explorer);
        CHECK(drawn(explorer).empty());
        CHECK(window.overlayVertices() == 0);
        explorer.apply(app::StepLine{});
        CHECK(flights(explorer) == lines({downloaded}));
    }
    SUBCASE("Step back from a later step leaves nothing either")
    {
        explorer.apply(app::StepLine{});
        explorer.apply(app::StepBack{});
        CHECK(flights(explorer).empty());
    }
}

TEST_CASE("POP3 DELE stamps the server card and QUIT dissolves the marked cards")
{
    app::setLanguage(app::Language::English);
    Window window;
    app::Explorer explorer(flowScenario(device("Phone", "pop3")));
    userAction(explorer, "Phone", sim::ActionKind::CheckMail);
    REQUIRE(stepUntil(explorer, [&] { return lastStepHad<sim::MessageMarked>(explorer); }));
    const std::string marked = "Mark alice/INBOX UID 1 <- Phone" + step(explorer);
    CHECK(flights(explorer) == lines({marked}));
    window.frame(explorer);
    CHECK(drawn(explorer) == lines({marked}));

    SUBCASE("QUIT: both cards dissolve")
    {
        REQUIRE(stepUntil(explorer, [&] { return lastStepHad<sim::MessagesRemoved>(explorer); }));
        const std::string s = step(explorer);
        CHECK(flights(explorer) == lines({"Dissolve alice/INBOX UID 1 by Phone" + s,
                                                            "Dissolve alice/INBOX UID 2 by Phone" + s}));
        window.frame(explorer);
        // The cards are still drawn, fading, so the pieces fly from them.
        CHECK(drawn(explorer) == lines({"Dissolve alice/INBOX UID 1 by Phone" + s,
                                                          "Dissolve alice/INBOX UID 2 by Phone" + s}));
        explorer.apply(app::RewindTo{1});
        CHECK(flights(explorer).empty());
        CHECK(std::as_const(explorer).view().stream(0)->ghosts.empty());
    }
    SUBCASE("a dropped connection takes the marks off")
    {
        userAction(explorer, "Phone", sim::ActionKind::GoOffline);
        REQUIRE(stepUntil(explorer, [&] { return lastStepHad<sim::MarksCleared>(explorer); }));
        CHECK(flights(explorer) == lines({"Unmark alice/INBOX UID 1 by Phone dropped" + step(explorer)}));
        window.frame(explorer);
        CHECK(drawn(explorer) == flights(explorer));
    }
}

TEST_CASE("POP3 RSET from a real client takes the marks off, and set-up events start nothing")
{
    // Simulated devices never send RSET; a real client (a session named "pop3 3") does.
    const sim::World world(flowScenario(device("Phone", "pop3")));
    sim::EventLog log;
    // Step 0 is the scenario's set-up: whatever it holds, nothing moved.
    log.add(0, 0, sim::MarksCleared{sim::Actor{"pop3 1", 1}, "alice", {9}, sim::UnmarkReason::Dropped});
    log.add(1, 0, sim::MarksCleared{sim::Actor{"pop3 3", 3}, "alice", {1, 2}, sim::UnmarkReason::Rset});
    std::vector<app::Flight> made;
    app::addFlights(made, world, log.from(0), 1, 10.0, 0.25, 0.5);  // the set-up event too
    std::string text;
    for (const app::Flight& f : made)
        text += app::describeFlight(f) + "\n";
    CHECK(text == "Unmark alice/INBOX UID 1 by pop3 3 RSET step 1\nUnmark alice/INBOX UID 2 by pop3 3 RSET step 1\n");
    REQUIRE(made.size() == 2);
    CHECK(made[0].start == doctest::Approx(10.0));
    CHECK(made[0].duration == doctest::Approx(0.5));
}

TEST_CASE("IMAP: a flag set on one device travels up, then down to the other session when it is told")
{
    app::setLanguage(app::Language::English);
    Window window;
    app::Explorer explorer(flowScenario(device("Phone", "imap") + device("Laptop", "imap")));
    userAction(explorer, "Phone", sim::ActionKind::CheckMail);
    userAction(explorer, "Laptop", sim::ActionKind::CheckMail);
    runToQuiet(explorer);
    for (int i = 0; i < 120; ++i)
        explorer.update(1.0 / 60.0);  // the downloads' flights are over
    REQUIRE(flights(explorer).empty());

    userAction(explorer, "Phone", sim::ActionKind::Flag, 1);
    REQUIRE(stepUntil(explorer, [&] { return lastStepHad<sim::FlagsChanged>(explorer); }));
    const std::string up = "ChangeUp alice/INBOX UID 1 <- Phone () -> (\\Flagged)" + step(explorer);
    CHECK(flights(explorer) == lines({up}));
    window.frame(explorer);
    CHECK(drawn(explorer) == lines({up}));

    runToQuiet(explorer);
    for (int i = 0; i < 120; ++i)
        explorer.update(1.0 / 60.0);
    REQUIRE(flights(explorer).empty());
    userAction(explorer, "Laptop", sim::ActionKind::CheckMail);
    REQUIRE(stepUntil(explorer, [&] { return lastStepHad<sim::ChangeTold>(explorer); }));
    const std::string down = "ChangeDown alice/INBOX UID 1 -> Laptop FLAGS (\\Flagged)" + step(explorer);
    CHECK(flights(explorer) == lines({down}));
    window.frame(explorer);
    CHECK(drawn(explorer) == lines({down}));

    explorer.apply(app::RewindTo{explorer.world().stepCount() - 1});
    CHECK(flights(explorer).empty());
    window.frame(explorer);
    CHECK(drawn(explorer).empty());
}

TEST_CASE("IMAP IDLE: the session is told in the same step, and its flight leaves once the change has arrived")
{
    app::setLanguage(app::Language::English);
    app::Explorer explorer(sim::loadScenario(kAssets / "scenarios" / "several-devices.toml", kAssets));
    // The phone opens "Welcome" (FETCH BODY[] sets \Seen) while the laptop waits in IDLE.
    REQUIRE(stepUntil(explorer, [&] { return lastStepHad<sim::FlagsChanged>(explorer) && lastStepHad<sim::ChangeTold>(explorer); }));
    const std::string s = step(explorer);
    CHECK(flights(explorer) == lines({"ChangeUp alice/INBOX UID 1 <- Phone () -> (\\Seen)" + s,
                                      "ChangeDown alice/INBOX UID 1 -> Laptop FLAGS (\\Seen)" + s}));
    const auto& all = std::as_const(explorer).view().stream(0)->flights;
    REQUIRE(all.size() == 2);
    CHECK(all[1].start == doctest::Approx(all[0].start + all[0].duration * app::kArrival));
}

TEST_CASE("flights follow the playback speed, and many steps at once leave only the last ones moving")
{
    CHECK(app::flightSeconds(2.0f) == doctest::Approx(0.5));
    CHECK(app::flightSeconds(1.0f) == doctest::Approx(1.0));
    CHECK(app::flightSeconds(0.5f) == doctest::Approx(app::kMaxFlightSeconds));
    CHECK(app::flightSeconds(50.0f) == doctest::Approx(app::kMinFlightSeconds));

    app::Explorer explorer(flowScenario(device("Phone", "pop3")));
    explorer.apply(app::SetSpeed{1.0f});
    userAction(explorer, "Phone", sim::ActionKind::CheckMail);
    // Step action: the whole session (two RETRs, two DELEs, QUIT) in one go. Each earlier
    // step counts as half a flight older, so of the session only the removal at QUIT (the
    // step before the connection closed) is still moving, half way.
    explorer.apply(app::StepAction{});
    REQUIRE(explorer.world().stepCount() > 5);
    std::size_t removedAt = 0;
    for (const sim::WorldEvent& e : explorer.world().events().all())
        if (sim::holds_alternative<sim::MessagesRemoved>(e.what))
            removedAt = e.step;
    REQUIRE(removedAt == explorer.world().stepCount() - 1);
    const std::string s = " step " + std::to_string(removedAt);
    CHECK(flights(explorer) == lines({"Dissolve alice/INBOX UID 1 by Phone" + s,
                                                        "Dissolve alice/INBOX UID 2 by Phone" + s}));
    REQUIRE(!std::as_const(explorer).view().stream(0)->flights.empty());
    const app::Flight& f = std::as_const(explorer).view().stream(0)->flights.front();
    CHECK(f.duration == doctest::Approx(1.0));
    CHECK(f.progress(explorer.clock()) == doctest::Approx(0.5));
}

TEST_CASE("compare mode's summary strip states the difference, in English and Polish")
{
    Window window;
    app::Explorer explorer(sim::loadScenario(kAssets / "scenarios" / "where-messages-are-stored.toml", kAssets));
    app::setLanguage(app::Language::English);
    CHECK(app::compareSummary(explorer).empty());  // one world: no strip
    explorer.apply(app::SetCompare{true});
    for (int i = 0; i < 100'000 && !(explorer.world(0).finished() && explorer.world(1).finished()); ++i)
        explorer.apply(app::StepAction{});
    REQUIRE(explorer.world(0).finished());

    const std::string english =
        "POP3 server: 0 messages · IMAP server: 4 messages — Laptop has 1 of 4 under POP3, 4 of 4 under IMAP";
    CHECK(app::compareSummary(explorer) == english);
    const std::string text = window.ui.captureText([&] { app::drawExplorer(explorer, window.settings, window.layout); });
    INFO("drawn:\n" << text);
    CHECK(text.find(english) != std::string::npos);

    window.settings.language = app::Language::Polish;
    app::setLanguage(app::Language::Polish);
    CHECK(app::compareSummary(explorer) ==
          "Serwer POP3: 0 wiadomości · serwer IMAP: 4 wiadomości — Laptop ma 1 z 4 przez POP3, a 4 z 4 przez IMAP");
    app::setLanguage(app::Language::English);
}

TEST_CASE("compare mode's summary strip counts the start of a scenario too")
{
    app::setLanguage(app::Language::English);
    app::Explorer explorer(sim::loadScenario(kAssets / "scenarios" / "where-messages-are-stored.toml", kAssets));
    explorer.apply(app::SetCompare{true});
    CHECK(app::compareSummary(explorer) ==
          "POP3 server: 3 messages · IMAP server: 3 messages — Phone has 0 of 3 under POP3, 0 of 3 under IMAP");
    app::setLanguage(app::Language::Polish);
    CHECK(app::compareSummary(explorer) ==
          "Serwer POP3: 3 wiadomości · serwer IMAP: 3 wiadomości — Phone ma 0 z 3 przez POP3, a 0 z 3 przez IMAP");
    app::setLanguage(app::Language::English);
}
}  // TEST_SUITE
