// Tests of the explorer's model (no ImGui): intents applied to the world, playback,
// compare mode, loading scenarios, selection, and the playback shortcuts.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/panels/control_bar.h"
#include "app/ui/explorer.h"
#include "app/ui/i18n.h"
#include "sim/scenario.h"
#include "tests/support/temp_dir.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

sim::Scenario scenario(const char* name)
{
    return sim::loadScenario(kAssets / "scenarios" / (std::string(name) + ".toml"), kAssets);
}

sim::Action userAction(const char* device, sim::ActionKind kind)
{
    sim::Action action;
    action.device = device;
    action.kind = kind;
    action.origin = sim::ActionOrigin::User;
    return action;
}

/// A file in a directory of its own, removed (with the directory) at the end of the scope.
class TempFile {
public:
    TempFile(const char* name, const std::string& text)
        : m_dir("explorer"), m_path(m_dir / name)
    {
        std::ofstream(m_path, std::ios::binary) << text;
    }
    std::string path() const { return m_path.string(); }

private:
    test::TempDir m_dir;
    std::filesystem::path m_path;
};

}  // namespace

TEST_SUITE("app.explorer") {

TEST_CASE("stepping: one line forward, one back, rewinding to any step and resetting")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    REQUIRE(explorer.worlds().size() == 1);
    REQUIRE(explorer.world().stepCount() == 0);

    explorer.apply(app::StepLine{});
    CHECK(explorer.world().stepCount() == 1);
    explorer.apply(app::StepLine{});
    explorer.apply(app::StepLine{});
    REQUIRE(explorer.world().stepCount() == 3);

    SUBCASE("step back")
    {
        explorer.apply(app::StepBack{});
        CHECK(explorer.world().stepCount() == 2);
        CHECK(explorer.world().furthestStep() == 3);
    }
    SUBCASE("step back at the start stays at the start")
    {
        explorer.apply(app::RewindTo{0});
        explorer.apply(app::StepBack{});
        CHECK(explorer.world().stepCount() == 0);
    }
    SUBCASE("rewind to a step and forward again")
    {
        explorer.apply(app::RewindTo{1});
        CHECK(explorer.world().stepCount() == 1);
        explorer.apply(app::RewindTo{3});
        CHECK(explorer.world().stepCount() == 3);
    }
    SUBCASE("step action carries every line the action causes")
    {
        explorer.apply(app::StepAction{});
        CHECK(explorer.world().stepCount() > 3);
        CHECK(explorer.world().quiet());
    }
    SUBCASE("reset goes back to the scenario's start")
    {
        explorer.apply(app::Reset{});
        CHECK(explorer.world().stepCount() == 0);
        CHECK(explorer.world().furthestStep() == 0);
    }
}

TEST_CASE("intents wait in the queue until update() applies them, in order")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    explorer.post(app::StepLine{});
    explorer.post(app::StepLine{});
    explorer.post(app::StepBack{});
    CHECK(explorer.queued() == 3);
    CHECK(explorer.world().stepCount() == 0);
    explorer.update(0.0);
    CHECK(explorer.queued() == 0);
    CHECK(explorer.world().stepCount() == 1);
}

TEST_CASE("Play ends with the scenario's story even when devices poll for ever")
{
    // In several-devices the tablet polls every few minutes: a timer that never runs out.
    app::Explorer explorer(scenario("several-devices"));
    explorer.apply(app::SetSpeed{app::Explorer::kMaxSpeed});
    explorer.apply(app::Play{});
    int frames = 0;
    while (explorer.playing() && frames < 100000) {
        explorer.update(1.0);
        ++frames;
    }
    REQUIRE_FALSE(explorer.playing());
    const sim::World& world = explorer.world();
    CHECK(world.finished());
    CHECK(world.timeline().size() == world.scenario().actions.size());  // no poll ran after the story
    // The tablet's timer is still there, and a step on purpose runs it.
    const sim::NextStep next = world.next();
    REQUIRE(next.kind == sim::NextStep::Kind::Action);
    CHECK(next.action->origin == sim::ActionOrigin::Timer);
    const std::size_t steps = world.stepCount();
    explorer.apply(app::StepAction{});
    CHECK(world.stepCount() > steps);
    CHECK(world.timeline().back().action.origin == sim::ActionOrigin::Timer);
    // Play after that stops again at once: the story is still over.
    explorer.apply(app::Play{});
    explorer.update(1.0);
    CHECK_FALSE(explorer.playing());
}

TEST_CASE("playing steps at the chosen speed")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    explorer.apply(app::SetSpeed{4.0f});
    REQUIRE(explorer.speed() == doctest::Approx(4.0f));

    explorer.apply(app::Play{});
    REQUIRE(explorer.playing());
    explorer.update(0.0);  // the first step comes at once
    CHECK(explorer.world().stepCount() == 1);
    explorer.update(0.5);  // 4 lines/s for half a second
    CHECK(explorer.world().stepCount() == 3);
    explorer.update(0.1);  // 0.4 of a step: owed, not taken
    CHECK(explorer.world().stepCount() == 3);
    explorer.update(0.15);  // now a whole one
    CHECK(explorer.world().stepCount() == 4);

    SUBCASE("pause stops it")
    {
        explorer.apply(app::Pause{});
        explorer.update(10.0);
        CHECK(explorer.world().stepCount() == 4);
    }
    SUBCASE("a long frame does not run away: a few steps per frame at most")
    {
        explorer.apply(app::SetSpeed{app::Explorer::kMaxSpeed});
        explorer.update(10.0);
        CHECK(explorer.world().stepCount() > 4);
        CHECK(explorer.world().stepCount() < 4 + 50);
    }
    SUBCASE("a step by hand pauses")
    {
        explorer.apply(app::StepLine{});
        CHECK_FALSE(explorer.playing());
    }
}

TEST_CASE("the speed stays within its limits")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    explorer.apply(app::SetSpeed{1000.0f});
    CHECK(explorer.speed() == doctest::Approx(app::Explorer::kMaxSpeed));
    explorer.apply(app::SetSpeed{0.0f});
    CHECK(explorer.speed() == doctest::Approx(app::Explorer::kMinSpeed));
}

TEST_CASE("a person's action reaches the world's timeline with the next step")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    explorer.post(app::DoAction{userAction("Laptop", sim::ActionKind::CheckMail)});
    explorer.update(0.0);
    REQUIRE(explorer.world().timeline().empty());  // submitted, not applied yet
    explorer.apply(app::StepLine{});
    const auto& timeline = explorer.world().timeline();
    REQUIRE(timeline.size() == 1);
    CHECK(timeline.front().action.device == "Laptop");
    CHECK(timeline.front().action.kind == sim::ActionKind::CheckMail);
    CHECK(timeline.front().action.origin == sim::ActionOrigin::User);
    CHECK(timeline.front().step == 1);

    SUBCASE("rewinding before it and forward again replays it")
    {
        explorer.apply(app::StepLine{});
        explorer.apply(app::RewindTo{0});
        CHECK(explorer.world().timeline().empty());
        explorer.apply(app::RewindTo{2});
        REQUIRE(explorer.world().timeline().size() == 1);
        CHECK(explorer.world().timeline().front().action.device == "Laptop");
    }
}

TEST_CASE("compare mode: two worlds, every device on POP3 in one and on IMAP in the other")
{
    app::Explorer explorer(scenario("several-devices"));
    REQUIRE_FALSE(explorer.compare());
    explorer.apply(app::SetCompare{true});
    REQUIRE(explorer.compare());
    REQUIRE(explorer.worlds().size() == 2);
    REQUIRE_FALSE(explorer.world(0).devices().empty());
    for (const sim::Device* device : explorer.world(0).devices())
        CHECK(device->protocol() == sim::Protocol::Pop3);
    for (const sim::Device* device : explorer.world(1).devices())
        CHECK(device->protocol() == sim::Protocol::Imap);

    SUBCASE("steps and actions go to both worlds")
    {
        explorer.apply(app::DoAction{userAction(explorer.world(0).devices().front()->name().c_str(),
                                                sim::ActionKind::CheckMail)});
        explorer.apply(app::StepLine{});
        CHECK(explorer.world(0).stepCount() == 1);
        CHECK(explorer.world(1).stepCount() == 1);
        CHECK(explorer.world(0).timeline().size() == 1);
        CHECK(explorer.world(1).timeline().size() == 1);
    }
    SUBCASE("and back to one world")
    {
        explorer.apply(app::SetCompare{false});
        CHECK_FALSE(explorer.compare());
        CHECK(explorer.worlds().size() == 1);
    }
}

TEST_CASE("loading a scenario: a good file replaces the world, a broken one is reported with file:line")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    const std::string title = explorer.scenario().title_en;
    explorer.apply(app::StepLine{});
    explorer.apply(app::StepLine{});

    SUBCASE("broken")
    {
        const TempFile broken("mailscope-test-broken-scenario.toml",
                              "title_en = \"Broken\"\n"
                              "start = 2026-11-27T09:00:00Z\n"
                              "[[accounts]\n");
        explorer.apply(app::LoadScenario{broken.path()});
        INFO("error: " << explorer.error());
        CHECK(explorer.error().find("mailscope-test-broken-scenario.toml:3") != std::string::npos);
        CHECK(explorer.scenario().title_en == title);
        CHECK(explorer.world().stepCount() == 2);  // the world is kept as it was

        SUBCASE("a good one afterwards clears the error")
        {
            explorer.apply(app::LoadScenario{(kAssets / "scenarios" / "several-devices.toml").string()});
            CHECK(explorer.error().empty());
            CHECK(explorer.scenario().title_en != title);
        }
    }
    SUBCASE("missing")
    {
        explorer.apply(app::LoadScenario{"/nonexistent/mailscope/none.toml"});
        CHECK(explorer.error().find("/nonexistent/mailscope/none.toml") != std::string::npos);
        CHECK(explorer.world().stepCount() == 2);
    }
    SUBCASE("good")
    {
        explorer.apply(app::LoadScenario{(kAssets / "scenarios" / "several-devices.toml").string()});
        CHECK(explorer.error().empty());
        CHECK(explorer.scenario().title_en != title);
        CHECK(explorer.world().stepCount() == 0);
    }
}

TEST_CASE("selecting a transcript entry")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    explorer.apply(app::StepAction{});
    const sim::Device* phone = explorer.world().findDevice("Phone");
    REQUIRE(phone != nullptr);
    REQUIRE(phone->transcript().size() > 1);
    CHECK(explorer.selectedEntry() == nullptr);

    explorer.apply(app::SelectEntry{0, "Phone", 1});
    REQUIRE(explorer.selectedEntry() != nullptr);
    CHECK(explorer.selectedEntry() == &phone->transcript().entries()[1]);

    SUBCASE("an entry that no longer exists selects nothing")
    {
        explorer.apply(app::RewindTo{0});
        CHECK(explorer.selectedEntry() == nullptr);
    }
    SUBCASE("an unknown device or world selects nothing")
    {
        explorer.apply(app::SelectEntry{0, "Toaster", 0});
        CHECK(explorer.selectedEntry() == nullptr);
        explorer.apply(app::SelectEntry{1, "Phone", 0});
        CHECK(explorer.selectedEntry() == nullptr);
    }
}

TEST_CASE("the playback shortcuts become intents, the zoom ones are left to the window")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    app::postShortcuts(explorer, {app::Shortcut::StepLine, app::Shortcut::StepLine, app::Shortcut::ZoomIn,
                                  app::Shortcut::StepBack, app::Shortcut::ZoomReset});
    CHECK(explorer.queued() == 3);
    explorer.update(0.0);
    CHECK(explorer.world().stepCount() == 1);

    app::postShortcuts(explorer, {app::Shortcut::PlayPause});
    explorer.update(0.0);
    CHECK(explorer.playing());
    app::postShortcuts(explorer, {app::Shortcut::PlayPause});
    explorer.update(0.0);
    CHECK_FALSE(explorer.playing());

    app::postShortcuts(explorer, {app::Shortcut::StepAction});
    explorer.update(0.0);
    CHECK(explorer.world().quiet());
    app::postShortcuts(explorer, {app::Shortcut::Reset});
    explorer.update(0.0);
    CHECK(explorer.world().stepCount() == 0);
}

TEST_CASE("describeNext names a message by its subject and folders by name, not by numbers")
{
    app::setLanguage(app::Language::English);
    app::Explorer explorer(scenario("where-messages-are-stored"));
    const sim::Device* laptop = explorer.world().findDevice("Laptop");
    REQUIRE(laptop != nullptr);
    for (int i = 0; i < 40 && laptop->local().messageCount() == 0; ++i)
        explorer.apply(app::StepAction{});
    REQUIRE(laptop->local().messageCount() > 0);
    const sim::LocalMessage& first = laptop->local().find("INBOX")->messages.front();
    REQUIRE(first.message != nullptr);
    sim::Action move;
    move.device = "Laptop";
    move.kind = sim::ActionKind::MoveToFolder;
    move.message = sim::MessageRef{first.id, {}};
    move.sourceFolder = "INBOX";
    move.folder = "Archive";
    move.origin = sim::ActionOrigin::User;
    explorer.apply(app::DoAction{move});
    const std::string next = app::describeNext(explorer.world());
    INFO(next);
    CHECK(next.find("Laptop: Move to folder \xE2\x80\x9C" + first.message->summary().subject + "\xE2\x80\x9D \xE2\x86\x92 Archive") !=
          std::string::npos);
    CHECK(next.find("#" + std::to_string(first.id)) == std::string::npos);
}

TEST_CASE("describeNext says what the next step will do before it happens")
{
    app::setLanguage(app::Language::English);
    app::Explorer explorer(scenario("where-messages-are-stored"));
    SUBCASE("an action first: the phone checks mail at 09:00:10")
    {
        const std::string next = app::describeNext(explorer.world());
        CHECK(next.find("09:00:10") != std::string::npos);
        CHECK(next.find("Phone") != std::string::npos);
        CHECK(next.find("Phone: Check mail") != std::string::npos);  // as the button says it
    }
    SUBCASE("then a line, with its device and direction")
    {
        explorer.apply(app::StepLine{});  // the phone's check begins
        for (int i = 0; i < 20 && explorer.world().next().kind != sim::NextStep::Kind::Line; ++i)
            explorer.apply(app::StepLine{});
        const sim::NextStep next = explorer.world().next();
        REQUIRE(next.kind == sim::NextStep::Kind::Line);
        const std::string text = app::describeNext(explorer.world());
        CHECK(text.find(next.device) == 0);
        const char* arrow = next.direction == core::Direction::ClientToServer ? "C → S" : "S → C";
        CHECK(text.find(arrow) != std::string::npos);
        CHECK(text.find(next.text.substr(0, next.text.find('\r'))) != std::string::npos);
    }
    SUBCASE("and nothing once the scenario is over")
    {
        explorer.apply(app::RewindTo{0});
        sim::Scenario empty;
        app::Explorer idle(empty);
        CHECK(app::describeNext(idle.world()).find("nothing left") != std::string::npos);
    }
}

TEST_CASE("the rebuild hook brackets every intent that rebuilds or replaces a world")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    std::vector<std::string> calls;
    explorer.setRebuildHook([&](bool before) {
        // Before: the world about to go is still there; after: the new one is in place.
        calls.push_back(std::string(before ? "before " : "after ") + std::to_string(explorer.world().stepCount()));
    });
    SUBCASE("not for stepping forward, playing or a person's action")
    {
        explorer.apply(app::StepLine{});
        explorer.apply(app::StepAction{});
        explorer.apply(app::DoAction{userAction("Phone", sim::ActionKind::CheckMail)});
        explorer.apply(app::Play{});
        explorer.update(10.0);
        explorer.apply(app::Pause{});
        explorer.apply(app::SetCompare{false});  // already off: nothing is rebuilt
        CHECK(calls.empty());
    }
    SUBCASE("before and after RewindTo, StepBack and Reset")
    {
        explorer.apply(app::StepLine{});
        explorer.apply(app::StepLine{});
        explorer.apply(app::RewindTo{1});
        CHECK(calls == std::vector<std::string>{"before 2", "after 1"});
        calls.clear();
        explorer.apply(app::StepBack{});
        CHECK(calls == std::vector<std::string>{"before 1", "after 0"});
        calls.clear();
        explorer.apply(app::StepLine{});
        explorer.apply(app::Reset{});
        CHECK(calls == std::vector<std::string>{"before 1", "after 0"});
    }
    SUBCASE("around compare mode; the live world is then the IMAP one")
    {
        CHECK(&explorer.liveWorld() == &explorer.world(0));
        explorer.apply(app::SetCompare{true});
        CHECK(calls == std::vector<std::string>{"before 0", "after 0"});
        REQUIRE(explorer.compare());
        CHECK(explorer.liveWorldIndex() == 1);
        CHECK(&explorer.liveWorld() == &explorer.world(1));
        CHECK(explorer.liveWorld().options().everyDevice == sim::Protocol::Imap);
    }
    SUBCASE("through the queue too (update)")
    {
        explorer.post(app::StepLine{});
        explorer.post(app::RewindTo{0});
        explorer.update(0.0);
        CHECK(calls == std::vector<std::string>{"before 1", "after 0"});
    }
}

}  // TEST_SUITE
