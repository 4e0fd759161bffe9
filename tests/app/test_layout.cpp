// The window's layout over the sizes a classroom uses: 1280x720 and 1920x1080, at 100, 150
// and 200% zoom, with 2, 3 and 5 devices, compare mode off and on, in English and Polish.
// Widgets are found by their stable ids (app/ui/targets.h): no column narrower than its
// minimum, no menu, control button or slider cut off at the window's edge, and the line
// clicked in a transcript still visible after the inspector opened below it.
#include <doctest/doctest.h>

#include <array>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/explorer.h"
#include "app/ui/i18n.h"
#include "app/ui/panels.h"
#include "app/ui/settings.h"
#include "app/ui/window_parts.h"
#include "headless_ui.h"
#include "sim/scenario.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

/// where-messages-are-stored with `devices` devices (copies of its laptop after the first two).
sim::Scenario scenarioWith(std::size_t devices)
{
    sim::Scenario s = sim::loadScenario(kAssets / "scenarios" / "where-messages-are-stored.toml", kAssets);
    REQUIRE(s.devices.size() >= 2);
    while (s.devices.size() > devices)
        s.devices.pop_back();
    for (std::size_t i = s.devices.size(); i < devices; ++i) {
        sim::ScenarioDevice copy = s.devices.back();
        copy.name = "Tablet " + std::to_string(i + 1);
        s.devices.push_back(copy);
    }
    return s;
}

struct Case {
    ImVec2 size;
    float zoom = 1.0f;
    std::size_t devices = 2;
    bool compare = false;
    app::Language language = app::Language::English;
};

std::string describe(const Case& c)
{
    return std::to_string(static_cast<int>(c.size.x)) + "x" + std::to_string(static_cast<int>(c.size.y)) + " at " +
           std::to_string(static_cast<int>(c.zoom * 100.0f)) + "%, " + std::to_string(c.devices) + " devices" +
           (c.compare ? ", compare mode" : "") + (c.language == app::Language::Polish ? ", Polish" : "");
}

float width(const std::array<float, 4>& r) { return r[2] - r[0]; }

void checkLayout(const Case& c)
{
    INFO(describe(c));
    test::ImGuiHeadless ui(c.size);
    ui.setScale(c.zoom);
    app::setLanguage(c.language);
    app::Explorer explorer(scenarioWith(c.devices));
    if (c.compare)
        explorer.apply(app::SetCompare{true});
    for (int i = 0; i < 40; ++i)
        explorer.apply(app::StepLine{});
    app::Settings settings;
    app::ExplorerUi state;
    const auto draw = [&] { app::drawExplorer(explorer, settings, state); };
    ui.frame(draw);
    ui.frame(draw);

    const float font = ImGui::GetFontSize();
    const float minColumn = app::window::kMinColumnWidth * font - 1.0f;
    const auto& targets = explorer.targets();
    // Every device column (the POP3 world's in compare mode) and the server column keep
    // their minimum width; what does not fit scrolls sideways as whole columns.
    REQUIRE(targets.count("server") == 1);
    CHECK(width(targets.at("server")) >= minColumn);
    for (const sim::Device* device : explorer.world().devices()) {
        const std::string id = "device:" + device->name();
        INFO(id);
        CHECK(targets.count(id) == 1);
        if (targets.count(id) == 1)
            CHECK(width(targets.at(id)) >= minColumn);
    }
    // Every menu is in the bar, whole, or under "»" at its end.
    const bool more = targets.count("menu:more") == 1;
    if (more)
        CHECK(targets.at("menu:more")[2] <= c.size.x);
    for (const char* key : {"menu.file", "menu.lessons", "menu.scenarios", "menu.playback", "panel.devices",
                            "menu.view", "menu.language", "menu.theme", "menu.zoom", "menu.help"}) {
        const std::string id = std::string("menu:") + key;
        INFO(id);
        if (targets.count(id) == 1)
            CHECK(targets.at(id)[2] <= c.size.x);
        else
            CHECK(more);
    }
    if (c.zoom >= 2.0f && c.size.x <= 1280.0f)
        CHECK(more);  // ten menus do not fit 640 pixels' worth of text
    if (c.zoom <= 1.0f)
        CHECK_FALSE(more);

    // The control bar's buttons, speed and timeline are whole, inside the window.
    for (const char* id : {"control:play", "control:step_line", "control:step_action", "control:step_back", "control:reset",
                           "control:speed", "control:timeline"}) {
        INFO(id);
        CHECK(targets.count(id) == 1);
        if (targets.count(id) == 0)
            continue;
        const auto& r = targets.at(id);
        CHECK(r[0] >= 0.0f);
        CHECK(r[2] <= c.size.x);
        CHECK(r[3] <= c.size.y);
    }

    // Compare mode where the two worlds cannot be stacked shows them as tabs: then every
    // world region above is the one tab shown, and the other is a click away.
    const bool tabs = targets.count("compare:tab:pop3") == 1;
    if (c.compare && c.zoom >= 2.0f && c.size.y <= 720.0f)
        CHECK(tabs);  // 1280x720 at 200%: too low to stack two worlds
    if (!c.compare)
        CHECK_FALSE(tabs);

    // Click the first device's latest line (the transcript is at its bottom), then look:
    // the inspector opened below, and the line is still in view.
    const sim::Device& first = *explorer.world().devices().front();
    REQUIRE(first.transcript().size() > 0);
    explorer.apply(app::SelectEntry{0, first.name(), first.transcript().size() - 1});
    ui.frame(draw);
    ui.frame(draw);
    ui.frame(draw);
    const std::string lines = "transcript:" + first.name();
    const std::string selected = lines + ":selected";
    CHECK(targets.count(lines) == 1);
    CHECK(targets.count(selected) == 1);
    if (targets.count(lines) == 0 || targets.count(selected) == 0)
        return;
    const auto& view = targets.at(lines);
    const auto& line = targets.at(selected);
    CHECK(line[1] >= view[1] - 1.0f);
    CHECK(line[3] <= view[3] + 1.0f);
    CHECK(std::find(state.regions.begin(), state.regions.end(), "Inspector") != state.regions.end());
}

}  // namespace

TEST_SUITE("app.layout") {

TEST_CASE("every size, zoom and device count of a classroom keeps columns, buttons and the clicked line in view")
{
    for (const ImVec2 size : {ImVec2(1280.0f, 720.0f), ImVec2(1920.0f, 1080.0f)})
        for (const float zoom : {1.0f, 1.5f, 2.0f})
            for (const std::size_t devices : {2u, 3u, 5u})
                for (const bool compare : {false, true})
                    for (const app::Language language : {app::Language::English, app::Language::Polish})
                        checkLayout({size, zoom, devices, compare, language});
}


TEST_CASE("compare mode too low to stack two worlds shows them as tabs, turning to the world of a clicked line")
{
    test::ImGuiHeadless ui(ImVec2(1280.0f, 720.0f));
    ui.setScale(2.0f);
    app::setLanguage(app::Language::English);
    app::Explorer explorer(scenarioWith(2));
    explorer.apply(app::SetCompare{true});
    for (int i = 0; i < 40; ++i)
        explorer.apply(app::StepLine{});
    app::Settings settings;
    app::ExplorerUi state;
    const auto draw = [&] { app::drawExplorer(explorer, settings, state); };
    const auto shown = [&](std::string_view region) {
        return std::find(state.regions.begin(), state.regions.end(), region) != state.regions.end();
    };
    ui.frame(draw);
    ui.frame(draw);
    REQUIRE(explorer.targets().count("compare:tab:imap") == 1);
    CHECK(shown("World (POP3)"));
    CHECK_FALSE(shown("World (IMAP)"));

    // A line of the IMAP world is selected (as the inspector or a lesson does): its tab turns up.
    const sim::Device& device = *explorer.world(1).devices().front();
    REQUIRE(device.transcript().size() > 0);
    explorer.apply(app::SelectEntry{1, device.name(), device.transcript().size() - 1});
    for (int i = 0; i < 6; ++i)
        ui.frame(draw);
    CHECK(shown("World (IMAP)"));
    CHECK_FALSE(shown("World (POP3)"));
    CHECK(explorer.targets().count("transcript:" + device.name() + ":selected") == 1);

    // Clicking the POP3 tab shows that world again, and the selection does not pull it back.
    const auto& r = explorer.targets().at("compare:tab:pop3");
    ui.click(ImVec2((r[0] + r[2]) * 0.5f, (r[1] + r[3]) * 0.5f), draw);
    ui.frame(draw);
    ui.frame(draw);
    CHECK(shown("World (POP3)"));
    CHECK_FALSE(shown("World (IMAP)"));
}

}  // TEST_SUITE
