// The explorer window's menu bar: File, Lessons, Scenarios, Playback, Devices, View,
// Language, Theme, Zoom and Help (those that do not fit under "»"), and the scenario's
// title at its right end.
#include "app/ui/panels.h"

#include <functional>
#include <iterator>
#include <optional>
#include <utility>

#include <imgui.h>

#include "app/panels/device_panel.h"
#include <cstdio>

#include "app/ui/assets.h"
#include "app/ui/fonts.h"
#include "app/ui/i18n.h"
#include "app/ui/shortcuts.h"
#include "app/ui/targets.h"
#include "app/ui/theme.h"
#include "app/ui/window_parts.h"
#include "sim/scenario.h"

namespace mailscope::app {

namespace {

using namespace window;

/// The first preset of `kind` (0 phone, 1 laptop, 2 tablet) whose name no device has yet.
std::optional<sim::DeviceSettings> freePreset(const Explorer& explorer, std::size_t kind, const std::string& account,
                                              sim::Protocol protocol)
{
    for (std::size_t index = kind; index < kMaxPresets; index += 3) {
        sim::DeviceSettings preset = sim::devicePreset(index, account, protocol);
        bool taken = false;
        for (const sim::World* world : explorer.worlds())
            taken = taken || world->findDevice(preset.name) != nullptr;
        if (!taken)
            return preset;
    }
    return std::nullopt;
}


void drawScenarioItems(Explorer& explorer, ExplorerUi& ui)
{
    listScenarios(ui);
    if (ui.scenarios.empty())
        ImGui::TextDisabled("%s", tr("menu.no_scenarios"));
    for (const ScenarioFile& file : ui.scenarios) {
        const bool current = file.titleEn == explorer.scenario().title_en;
        if (ImGui::MenuItem(scenarioTitle(file.titleEn, file.titlePl).c_str(), nullptr, current))
            loadScenario(explorer, ui, file.path);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", file.path.c_str());
    }
}

void drawFileMenu(const Explorer& explorer, ExplorerUi& ui)
{
    if (!ImGui::BeginMenu(trLabel("menu.file")))
        return;
    if (ImGui::MenuItem(trLabel("menu.open_scenario")))
        ui.openPopupRequested = true;
    if (ImGui::MenuItem(trLabel("menu.save_world"), nullptr, false, explorer.lesson() == nullptr))
        ui.savePopupRequested = true;
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr(explorer.lesson() ? "save_world.in_lesson" : "menu.save_world_help"));
    if (ImGui::MenuItem(trLabel("menu.export_transcript")))
        ui.exportPopupRequested = true;
    ImGui::Separator();
    if (ImGui::MenuItem(trLabel("menu.quit")))
        ui.quit = true;
    ImGui::EndMenu();
}

void drawViewMenu(Explorer& explorer, Settings& settings)
{
    if (!ImGui::BeginMenu(trLabel("menu.view")))
        return;
    ImGui::MenuItem(trLabel("panel.controls"), nullptr, &settings.panels.controlBar);
    ImGui::MenuItem(trLabel("panel.server"), nullptr, &settings.panels.server);
    ImGui::MenuItem(trLabel("panel.devices"), nullptr, &settings.panels.devices);
    ImGui::MenuItem(trLabel("panel.inspector"), nullptr, &settings.panels.inspector);
    ImGui::Separator();
    ImGui::MenuItem(trLabel("menu.listeners"), nullptr, &settings.listeners);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("menu.listeners_help"));
    bool compare = explorer.compare();
    if (ImGui::MenuItem(trLabel("compare.mode"), nullptr, &compare)) {
        settings.compare = compare;
        explorer.post(SetCompare{compare});
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("compare.mode_help"));
    ImGui::MenuItem(trLabel("menu.animate_flow"), nullptr, &settings.animateFlow);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("menu.animate_flow_help"));
    ImGui::EndMenu();
}

void drawLanguageMenu(Settings& settings)
{
    if (!ImGui::BeginMenu(trLabel("menu.language")))
        return;
    for (const Language language : kLanguages)
        if (ImGui::MenuItem(languageNativeName(language), nullptr, settings.language == language)) {
            settings.language = language;
            setLanguage(language);  // the rest of this frame already speaks it
        }
    ImGui::EndMenu();
}

void drawThemeMenu(Settings& settings)
{
    if (!ImGui::BeginMenu(trLabel("menu.theme")))
        return;
    for (const Theme theme : kThemes)
        if (ImGui::MenuItem(tr(themeNameKey(theme)), nullptr, settings.theme == theme))
            settings.theme = theme;
    ImGui::EndMenu();
}

void drawZoomMenu(Settings& settings)
{
    if (!ImGui::BeginMenu(trLabel("menu.zoom")))
        return;
    ImGui::TextDisabled(tr("menu.zoom_percent"), static_cast<int>(settings.zoom * 100.0f + 0.5f));
    if (ImGui::MenuItem(trLabel("menu.zoom_in"), shortcutText(Shortcut::ZoomIn), false, settings.zoom < kZoomMax))
        settings.zoom = zoomIn(settings.zoom);
    if (ImGui::MenuItem(trLabel("menu.zoom_out"), shortcutText(Shortcut::ZoomOut), false, settings.zoom > kZoomMin))
        settings.zoom = zoomOut(settings.zoom);
    if (ImGui::MenuItem(trLabel("menu.zoom_reset"), shortcutText(Shortcut::ZoomReset)))
        settings.zoom = kZoomDefault;
    ImGui::EndMenu();
}

void drawPlaybackMenu(Explorer& explorer)
{
    if (!ImGui::BeginMenu(trLabel("menu.playback")))
        return;
    if (ImGui::MenuItem(trLabel(explorer.playing() ? "control.pause" : "control.play"),
                        shortcutText(Shortcut::PlayPause)))
        explorer.post(explorer.playing() ? Intent{Pause{}} : Intent{Play{}});
    if (ImGui::MenuItem(trLabel("control.step_line"), shortcutText(Shortcut::StepLine)))
        explorer.post(StepLine{});
    if (ImGui::MenuItem(trLabel("control.step_action"), shortcutText(Shortcut::StepAction)))
        explorer.post(StepAction{});
    if (ImGui::MenuItem(trLabel("control.step_back"), shortcutText(Shortcut::StepBack)))
        explorer.post(StepBack{});
    if (ImGui::MenuItem(trLabel("control.reset"), shortcutText(Shortcut::Reset)))
        explorer.post(Reset{});
    ImGui::EndMenu();
}

}  // namespace

namespace window {

void refreshLessons(const Explorer& explorer, ExplorerUi& ui)
{
    ui.lessons = listLessons(lessonsDir(), assetsDir(), explorer.lessonProgressPath());
}

bool drawLessonItems(Explorer& explorer, ExplorerUi& ui)
{
    bool chosen = false;
    for (const LessonEntry& entry : ui.lessons) {
        const std::string& title = currentLanguage() == Language::Polish ? entry.title.pl : entry.title.en;
        char progress[64] = "";
        if (entry.error.empty())
            std::snprintf(progress, sizeof progress, "%s%zu/%zu", entry.finished ? "● " : "", entry.finishedSteps,
                          entry.steps);
        const bool current = explorer.lesson() && explorer.lesson()->file() == entry.file;
        if (ImGui::MenuItem(title.c_str(), progress, current, entry.error.empty())) {
            explorer.post(StartLesson{entry.file.string()});
            chosen = true;
        }
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
            if (!entry.error.empty())
                ImGui::TextColored(palette().error, "%s", entry.error.c_str());
            else
                ImGui::TextUnformatted(
                    (currentLanguage() == Language::Polish ? entry.summary.pl : entry.summary.en).c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    if (ui.lessons.empty())
        ImGui::TextDisabled("%s", tr("lesson.none"));
    return chosen;
}

void drawLessonsMenu(Explorer& explorer, ExplorerUi& ui)
{
    if (!ImGui::BeginMenu(trLabel("menu.lessons")))
        return;
    if (ImGui::IsWindowAppearing())
        refreshLessons(explorer, ui);
    drawLessonItems(explorer, ui);
    if (explorer.lesson()) {
        ImGui::Separator();
        if (ImGui::MenuItem(trLabel("lesson.restart")))
            explorer.post(LessonIntent{LessonMove::Restart});
        if (ImGui::MenuItem(trLabel("lesson.leave")))
            explorer.post(LessonIntent{LessonMove::Stop});
    }
    ImGui::EndMenu();
}

constexpr const char* kMoreLabel = "»###menu.more";

void drawMenuBar(Explorer& explorer, Settings& settings, ExplorerUi& ui)
{
    if (!ImGui::BeginMainMenuBar())
        return;
    ui.regions.emplace_back(kMenuBarName);
    // Each menu opens itself (BeginMenu): drawn in the bar it is a menu, drawn inside the
    // "»" menu it is a submenu of it, with the same items.
    const std::pair<const char*, std::function<void()>> menus[] = {
        {"menu.file", [&] { drawFileMenu(explorer, ui); }},
        {"menu.lessons", [&] { drawLessonsMenu(explorer, ui); }},
        {"menu.scenarios", [&] {
             if (ImGui::BeginMenu(trLabel("menu.scenarios"))) {
                 drawScenarioItems(explorer, ui);
                 ImGui::EndMenu();
             }
         }},
        {"menu.playback", [&] { drawPlaybackMenu(explorer); }},
        {"panel.devices", [&] {
             if (ImGui::BeginMenu(trLabel("panel.devices"))) {
                 if (ImGui::BeginMenu(trLabel("intent.add_device"))) {
                     drawAddDeviceItems(explorer);
                     ImGui::EndMenu();
                 }
                 ImGui::EndMenu();
             }
         }},
        {"menu.view", [&] { drawViewMenu(explorer, settings); }},
        {"menu.language", [&] { drawLanguageMenu(settings); }},
        {"menu.theme", [&] { drawThemeMenu(settings); }},
        {"menu.zoom", [&] { drawZoomMenu(settings); }},
        {"menu.help", [&] { drawHelpMenu(ui); }},
    };
    // What does not fit the bar (200% zoom on 1280 pixels, longer Polish names) goes under
    // "»" at its end, so every menu stays a click or two away.
    const float spacing = 2.0f * ImGui::GetStyle().ItemSpacing.x;
    const float room = ImGui::GetWindowContentRegionMax().x - ImGui::GetCursorPosX();
    const float more = ImGui::CalcTextSize(kMoreLabel, nullptr, true).x + spacing;
    float all = 0.0f;
    for (const auto& menu : menus)
        all += ImGui::CalcTextSize(trLabel(menu.first), nullptr, true).x + spacing;
    std::size_t shown = std::size(menus);
    if (all > room) {
        float used = more;
        shown = 0;
        while (shown < std::size(menus)) {
            used += ImGui::CalcTextSize(trLabel(menus[shown].first), nullptr, true).x + spacing;
            if (used > room)
                break;
            ++shown;
        }
    }
    for (std::size_t i = 0; i < shown; ++i) {
        menus[i].second();
        markLastItem(explorer, std::string("menu:") + menus[i].first);
    }
    if (shown < std::size(menus)) {
        const bool open = ImGui::BeginMenu(kMoreLabel);
        markLastItem(explorer, "menu:more");
        if (!open && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", tr("menu.more_help"));
        if (open) {
            for (std::size_t i = shown; i < std::size(menus); ++i)
                menus[i].second();
            ImGui::EndMenu();
        }
    }

    // The scenario's (or the lesson's) title at the right end.
    const std::string& title =
        explorer.lesson() ? scenarioTitle(explorer.lesson()->lesson().title.en, explorer.lesson()->lesson().title.pl)
                          : scenarioTitle(explorer.scenario().title_en, explorer.scenario().title_pl);
    const float width = ImGui::CalcTextSize(title.c_str()).x;
    const float right = ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorPosX() + width + ImGui::GetFontSize() < right) {
        ImGui::SetCursorPosX(right - width);
        ImGui::TextDisabled("%s", title.c_str());
    }
    ImGui::EndMainMenuBar();
}

}  // namespace window

// [SECTION] public

void drawAddDeviceItems(Explorer& explorer)
{
    const sim::Scenario& scenario = explorer.scenario();
    if (scenario.accounts.empty()) {
        ImGui::TextDisabled("%s", tr("menu.no_account"));
        return;
    }
    const std::string& account = scenario.accounts.front().user;
    ImGui::TextDisabled(tr("menu.add_device_for"), account.c_str());
    for (const sim::Protocol protocol : {sim::Protocol::Pop3, sim::Protocol::Imap}) {
        ImGui::Separator();
        ImGui::TextDisabled("%s", protocol == sim::Protocol::Pop3 ? "POP3" : "IMAP");
        for (std::size_t kind = 0; kind < 3; ++kind) {
            const std::optional<sim::DeviceSettings> preset = freePreset(explorer, kind, account, protocol);
            if (!preset)
                continue;
            const std::string label = std::string(tr(deviceKindKey(preset->kind))) + " (" + preset->name + ")##" +
                                      (protocol == sim::Protocol::Pop3 ? "pop3" : "imap");
            if (ImGui::MenuItem(label.c_str())) {
                sim::Action action;
                action.kind = sim::ActionKind::AddDevice;
                action.device = preset->name;
                action.settings = *preset;
                action.origin = sim::ActionOrigin::User;
                explorer.post(DoAction{action});
            }
        }
    }
}

}  // namespace mailscope::app
