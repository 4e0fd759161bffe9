// The explorer window: menus, the fixed layout with its splitters, and the popups, drawing
// every panel in one place.
#include "app/ui/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string_view>

#include <imgui.h>

#include "app/panels/control_bar.h"
#include "app/panels/device_panel.h"
#include "app/panels/inspector_panel.h"
#include "app/panels/server_panel.h"
#include "app/panels/session_panel.h"
#include "app/ui/assets.h"
#include "app/ui/fonts.h"
#include "app/ui/i18n.h"
#include "app/ui/shortcuts.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"
#include "sim/report.h"
#include "sim/scenario.h"

namespace mailscope::app {

namespace {

// Sizes in font sizes.
constexpr float kMinColumnWidth = 14.0f;      // the narrowest server or device column
constexpr float kMaxColumnWidth = 80.0f;      // the widest one
constexpr float kMinInspectorHeight = 4.0f;   // the inspector keeps its header and a line or two
constexpr float kMinMainHeight = 8.0f;        // the columns keep at least this much
constexpr float kSplitterThickness = 0.45f;   // the handle between two regions
constexpr float kMinCompareSplit = 0.2f;
constexpr float kMaxCompareSplit = 0.8f;
constexpr std::size_t kMaxPresets = 30;       // "Phone 10" is more than any class needs

constexpr const char* kMenuBarName = "Menu bar";
constexpr const char* kServerName = "Server";
constexpr const char* kDevicePrefix = "Device: ";
constexpr const char* kRealPrefix = "Real client: ";
constexpr const char* kOpenPopup = "###open-scenario";  // the title before ### is translated
constexpr const char* kExportPopup = "###export-transcript";

std::string_view worldSuffix(const Explorer& explorer, std::size_t world)
{
    if (!explorer.compare())
        return "";
    return world == 0 ? " (POP3)" : " (IMAP)";
}

const char* worldLabelKey(std::size_t world)
{
    return world == 0 ? "layout.every_device_pop3" : "layout.every_device_imap";
}

/// The scenario's title in the UI's language.
const std::string& scenarioTitle(const std::string& en, const std::string& pl)
{
    return currentLanguage() == Language::Polish && !pl.empty() ? pl : en;
}

void copyTo(std::array<char, 1024>& field, const std::string& text)
{
    const std::size_t n = std::min(text.size(), field.size() - 1);
    std::copy_n(text.begin(), n, field.begin());
    field[n] = '\0';
}

// [SECTION] splitters

enum class Axis {
    Vertical,    ///< a handle between two columns, dragged left and right
    Horizontal,  ///< a handle between two rows, dragged up and down
};

/// An invisible handle `length` long; returns how far it was dragged this frame, in pixels
/// along its axis (0 when it is not held). A double click returns NaN: "back to the default".
float splitter(const char* id, Axis axis, float length)
{
    const float fontSize = ImGui::GetFontSize();
    const float thickness = fontSize * kSplitterThickness;
    const ImVec2 size = axis == Axis::Vertical ? ImVec2(thickness, length) : ImVec2(length, thickness);
    if (size.x <= 0.0f || size.y <= 0.0f)
        return 0.0f;
    ImGui::InvisibleButton(id, size);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    if (hovered || active)
        ImGui::SetMouseCursor(axis == Axis::Vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    if (hovered)
        ImGui::SetTooltip("%s", tr("layout.splitter_help"));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec4 colour = hovered || active ? palette().accent : palette().border;
    const float width = hovered || active ? fontSize * 0.2f : 1.0f;
    if (axis == Axis::Vertical) {
        const float x = (min.x + max.x) * 0.5f;
        ImGui::GetWindowDrawList()->AddLine(ImVec2(x, min.y), ImVec2(x, max.y), ImGui::GetColorU32(colour), width);
    } else {
        const float y = (min.y + max.y) * 0.5f;
        ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, y), ImVec2(max.x, y), ImGui::GetColorU32(colour), width);
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
        return std::numeric_limits<float>::quiet_NaN();
    if (!active)
        return 0.0f;
    const ImVec2 delta = ImGui::GetIO().MouseDelta;
    return axis == Axis::Vertical ? delta.x : delta.y;
}

// [SECTION] real clients

/// One column per real client session on the live world's host (the ended ones kept by the
/// window first, then the open ones), each followed by the spacing the device columns use.
void drawRealClientColumns(Explorer& explorer, ExplorerUi& ui, float width, float height)
{
    const float gap = ImGui::GetFontSize() * kSplitterThickness;
    const auto column = [&](const std::string& id, const auto& draw) {
        ImGui::PushID(id.c_str());
        if (ImGui::BeginChild("real-column", ImVec2(width, height), true))
            draw();
        ImGui::EndChild();
        ImGui::PopID();
        ui.regions.push_back(kRealPrefix + id);
        ImGui::SameLine(0.0f, gap);
    };
    for (const ClosedSession& closed : ui.realClients.closed)
        column((closed.protocol == sim::Protocol::Pop3 ? "pop3 " : "imap ") + std::to_string(closed.id) + " (closed)",
               [&] { drawClosedSessionColumn(closed); });
    for (const sim::HostedSession* session : explorer.liveWorld().externalSessions())
        column(session->name(), [&] { drawSessionColumn(explorer, *session); });
}

/// Which ports real clients can reach (or why they cannot), after the Add device button.
void drawRealClientPorts(const Explorer& explorer, const RealClients& real)
{
    if (!real.on)
        return;
    ImGui::SameLine();
    char line[600];
    if (!real.error.empty()) {
        std::snprintf(line, sizeof line, tr("real.error"), real.error.c_str());
        ImGui::TextColored(palette().error, "%s", line);
    } else if (!real.ports.empty()) {
        std::snprintf(line, sizeof line, tr("real.ports"), real.ports.c_str());
        ImGui::TextDisabled("%s", line);
    } else {
        return;
    }
    const std::string help = explorer.compare()
                                 ? std::string(tr("real.ports_help")) + "\n\n" + tr("real.compare_world")
                                 : std::string(tr("real.ports_help"));
    helpMarker(help.c_str());
}

// [SECTION] columns

/// The server column, then the device columns side by side (scrolling sideways when they
/// do not fit). `height` 0 fills what is left.
void drawWorldColumns(Explorer& explorer, const Settings& settings, ExplorerUi& ui, std::size_t world, float height)
{
    const float fontSize = ImGui::GetFontSize();
    const sim::World& model = explorer.world(world);
    ImGui::PushID(static_cast<int>(world));
    if (!ImGui::BeginChild("world", ImVec2(0.0f, height), false, ImGuiWindowFlags_NoScrollbar)) {
        ImGui::EndChild();
        ImGui::PopID();
        return;
    }
    if (explorer.compare()) {
        ImGui::TextColored(palette().accent, "%s", tr(worldLabelKey(world)));
        helpMarker(tr("compare.mode_help"));
        ui.regions.push_back(std::string("World") + std::string(worldSuffix(explorer, world)));
    }
    const float columnHeight = ImGui::GetContentRegionAvail().y;

    if (settings.panels.server) {
        LayoutSizes& layout = ui.layout;
        layout.serverWidth = std::clamp(layout.serverWidth, kMinColumnWidth, kMaxColumnWidth);
        if (ImGui::BeginChild("server", ImVec2(layout.serverWidth * fontSize, columnHeight), true))
            drawServerColumn(explorer, world);
        ImGui::EndChild();
        ui.regions.push_back(kServerName + std::string(worldSuffix(explorer, world)));
        ImGui::SameLine(0.0f, 0.0f);
        const float moved = splitter("server-splitter", Axis::Vertical, columnHeight);
        if (std::isnan(moved))
            layout.serverWidth = LayoutSizes{}.serverWidth;
        else
            layout.serverWidth = std::clamp(layout.serverWidth + moved / fontSize, kMinColumnWidth, kMaxColumnWidth);
        ImGui::SameLine(0.0f, 0.0f);
    }

    if (settings.panels.devices) {
        if (ImGui::BeginChild("devices", ImVec2(0.0f, columnHeight), false, ImGuiWindowFlags_HorizontalScrollbar)) {
            const std::vector<const sim::Device*> devices = model.devices();
            const float splitterWidth = fontSize * kSplitterThickness;
            const float addWidth = ImGui::CalcTextSize(tr("layout.add_device_button")).x +
                                   ImGui::GetStyle().FramePadding.x * 2.0f + splitterWidth;
            const float innerHeight = ImGui::GetContentRegionAvail().y;
            const bool live = world == explorer.liveWorldIndex();
            const std::size_t realCount =
                live ? ui.realClients.closed.size() + explorer.liveWorld().externalSessions().size() : 0;
            float columnWidth = kMinColumnWidth * fontSize;  // real client columns, as wide as a device's
            if (devices.empty()) {
                emptyState(tr("empty.devices"));
            } else {
                const float count = static_cast<float>(devices.size() + realCount);
                const float shared =
                    (ImGui::GetContentRegionAvail().x - addWidth - splitterWidth * (count - 1.0f)) / count;
                float& chosen = ui.layout.deviceWidth;
                const float width =
                    chosen > 0.0f ? chosen * fontSize : std::max(shared, kMinColumnWidth * fontSize);
                columnWidth = width;
                for (std::size_t i = 0; i < devices.size(); ++i) {
                    const sim::Device& device = *devices[i];
                    ImGui::PushID(device.name().c_str());
                    if (i > 0) {
                        ImGui::SameLine(0.0f, 0.0f);
                        const float moved = splitter("device-splitter", Axis::Vertical, innerHeight);
                        if (std::isnan(moved))
                            chosen = 0.0f;
                        else if (moved != 0.0f)
                            chosen = std::clamp(width / fontSize + moved / fontSize, kMinColumnWidth,
                                                kMaxColumnWidth);
                        ImGui::SameLine(0.0f, 0.0f);
                    }
                    if (ImGui::BeginChild("column", ImVec2(width, innerHeight), true))
                        drawDeviceColumn(explorer, world, device);
                    ImGui::EndChild();
                    ui.regions.push_back(kDevicePrefix + device.name() + std::string(worldSuffix(explorer, world)));
                    ImGui::PopID();
                }
                ImGui::SameLine(0.0f, splitterWidth);
            }
            if (realCount > 0)
                drawRealClientColumns(explorer, ui, columnWidth, innerHeight);
            if (ImGui::Button(tr("layout.add_device_button")))
                ImGui::OpenPopup("add-device");
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s", tr("layout.add_device_help"));
            if (ImGui::BeginPopup("add-device")) {
                drawAddDeviceItems(explorer);
                ImGui::EndPopup();
            }
            if (live)
                drawRealClientPorts(explorer, ui.realClients);
        }
        ImGui::EndChild();
    } else if (!settings.panels.server) {
        emptyState(tr("menu.all_panels_closed"));
    }
    ImGui::EndChild();
    ImGui::PopID();
}

/// The columns of one world, or of both worlds one above the other in compare mode.
void drawMainArea(Explorer& explorer, const Settings& settings, ExplorerUi& ui, float height)
{
    if (!ImGui::BeginChild("main", ImVec2(0.0f, height), false, ImGuiWindowFlags_NoScrollbar)) {
        ImGui::EndChild();
        return;
    }
    if (!explorer.compare()) {
        drawWorldColumns(explorer, settings, ui, 0, 0.0f);
    } else {
        const float fontSize = ImGui::GetFontSize();
        const float spacing = ImGui::GetStyle().ItemSpacing.y;
        const float available = ImGui::GetContentRegionAvail().y - fontSize * kSplitterThickness - 2.0f * spacing;
        float& split = ui.layout.compareSplit;
        split = std::clamp(split, kMinCompareSplit, kMaxCompareSplit);
        drawWorldColumns(explorer, settings, ui, 0, std::floor(available * split));
        const float moved = splitter("compare-splitter", Axis::Horizontal, ImGui::GetContentRegionAvail().x);
        if (std::isnan(moved))
            split = LayoutSizes{}.compareSplit;
        else if (available > 0.0f)
            split = std::clamp(split + moved / available, kMinCompareSplit, kMaxCompareSplit);
        drawWorldColumns(explorer, settings, ui, 1, 0.0f);
    }
    ImGui::EndChild();
}

// [SECTION] menus

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


void listScenarios(ExplorerUi& ui)
{
    if (ui.scenariosListed)
        return;
    ui.scenariosListed = true;
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(assetsDir() / "scenarios", ec))
        if (entry.path().extension() == ".toml")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& file : files) {
        ScenarioFile listed{file.string(), file.stem().string(), ""};
        try {
            const sim::Scenario scenario = sim::loadScenario(file, assetsDir());
            listed.titleEn = scenario.title_en;
            listed.titlePl = scenario.title_pl;
        } catch (const sim::ScenarioError&) {
            // Listed by its file name; opening it shows the problem.
        }
        ui.scenarios.push_back(std::move(listed));
    }
}

void loadScenario(Explorer& explorer, ExplorerUi& ui, const std::string& path)
{
    ui.requestedScenario = path;
    ui.dismissedError.clear();
    explorer.post(LoadScenario{path});
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

void drawFileMenu(ExplorerUi& ui)
{
    if (!ImGui::BeginMenu(trLabel("menu.file")))
        return;
    if (ImGui::MenuItem(trLabel("menu.open_scenario")))
        ui.openPopupRequested = true;
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

void drawMenuBar(Explorer& explorer, Settings& settings, ExplorerUi& ui)
{
    if (!ImGui::BeginMainMenuBar())
        return;
    ui.regions.emplace_back(kMenuBarName);
    drawFileMenu(ui);
    if (ImGui::BeginMenu(trLabel("menu.scenarios"))) {
        drawScenarioItems(explorer, ui);
        ImGui::EndMenu();
    }
    drawPlaybackMenu(explorer);
    if (ImGui::BeginMenu(trLabel("panel.devices"))) {
        if (ImGui::BeginMenu(trLabel("intent.add_device"))) {
            drawAddDeviceItems(explorer);
            ImGui::EndMenu();
        }
        ImGui::EndMenu();
    }
    drawViewMenu(explorer, settings);
    drawLanguageMenu(settings);
    drawThemeMenu(settings);
    drawZoomMenu(settings);

    // The scenario's title at the right end.
    const std::string& title = scenarioTitle(explorer.scenario().title_en, explorer.scenario().title_pl);
    const float width = ImGui::CalcTextSize(title.c_str()).x;
    const float right = ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorPosX() + width + ImGui::GetFontSize() < right) {
        ImGui::SetCursorPosX(right - width);
        ImGui::TextDisabled("%s", title.c_str());
    }
    ImGui::EndMainMenuBar();
}

// [SECTION] popups and the error banner

void drawOpenPopup(Explorer& explorer, ExplorerUi& ui)
{
    if (ui.openPopupRequested) {
        ui.openPopupRequested = false;
        if (ui.openPath[0] == '\0')
            copyTo(ui.openPath, (assetsDir() / "scenarios").string() + "/");
        ImGui::OpenPopup(kOpenPopup);
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36.0f, 0.0f), ImGuiCond_Appearing);
    const std::string title = tr("open.title") + std::string(kOpenPopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::TextUnformatted(tr("open.path"));
    helpMarker(tr("open.help"));
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    const bool entered =
        ImGui::InputText("##path", ui.openPath.data(), ui.openPath.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::TextDisabled("%s", tr("open.from_assets"));
    listScenarios(ui);
    for (const ScenarioFile& file : ui.scenarios)
        if (ImGui::Selectable(scenarioTitle(file.titleEn, file.titlePl).c_str(), ui.openPath.data() == file.path,
                              ImGuiSelectableFlags_DontClosePopups))
            copyTo(ui.openPath, file.path);
    ImGui::Separator();
    if (ImGui::Button(trLabel("open.open")) || entered) {
        loadScenario(explorer, ui, ui.openPath.data());
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(trLabel("common.cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void drawExportPopup(const Explorer& explorer, ExplorerUi& ui)
{
    if (ui.exportPopupRequested) {
        ui.exportPopupRequested = false;
        if (ui.exportPath[0] == '\0')
            copyTo(ui.exportPath, (std::filesystem::current_path() / "mailscope-transcript.txt").string());
        ui.exportResult.clear();
        ImGui::OpenPopup(kExportPopup);
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36.0f, 0.0f), ImGuiCond_Appearing);
    const std::string title = tr("export.title") + std::string(kExportPopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::TextUnformatted(tr("export.path"));
    helpMarker(tr("export.help"));
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool entered = ImGui::InputText("##path", ui.exportPath.data(), ui.exportPath.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    if (!ui.exportResult.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ui.exportFailed ? palette().error : palette().textDim, "%s", ui.exportResult.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    if (ImGui::Button(trLabel("export.save")) || entered) {
        std::string error;
        ui.exportFailed = !exportTranscripts(explorer, ui.exportPath.data(), error);
        char buffer[1200];
        std::snprintf(buffer, sizeof buffer, tr("transcript.exported"), ui.exportPath.data());
        ui.exportResult = ui.exportFailed ? error : buffer;
    }
    ImGui::SameLine();
    if (ImGui::Button(trLabel("common.close")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

/// A broken scenario file: "FILE:LINE:COLUMN: problem" until the user closes it.
void drawErrorBanner(const Explorer& explorer, ExplorerUi& ui)
{
    if (explorer.error().empty() || explorer.error() == ui.dismissedError)
        return;
    const Palette& colours = palette();
    ImGui::PushStyleColor(ImGuiCol_Text, colours.error);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("error.scenario"));
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::SmallButton(trLabel("common.close")))
        ui.dismissedError = explorer.error();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colours.error, "%s", explorer.error().c_str());
    ImGui::TextDisabled("%s", tr("error.scenario_kept"));
    ImGui::PopTextWrapPos();
    ui.regions.emplace_back("Error");
}

}  // namespace

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

bool exportTranscripts(const Explorer& explorer, const std::string& path, std::string& error)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        error = path + ": " + tr("export.cannot_write");
        return false;
    }
    const sim::Scenario& scenario = explorer.scenario();
    out << scenario.title_en;
    if (!scenario.title_pl.empty())
        out << " / " << scenario.title_pl;
    out << "\n\n";
    const std::vector<const sim::World*> worlds = explorer.worlds();
    for (std::size_t i = 0; i < worlds.size(); ++i) {
        if (explorer.compare())
            out << (i == 0 ? "=== Every device on POP3 ===\n" : "\n=== Every device on IMAP ===\n");
        out << sim::formatPlain(*worlds[i]);
    }
    out.flush();
    if (!out) {
        error = path + ": " + tr("export.cannot_write");
        return false;
    }
    return true;
}

void drawExplorer(Explorer& explorer, Settings& settings, ExplorerUi& ui)
{
    setLanguage(settings.language);
    ui.regions.clear();
    const float fontSize = ImGui::GetFontSize();
    const ImGuiStyle& style = ImGui::GetStyle();

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    constexpr ImGuiWindowFlags kHostFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                            ImGuiWindowFlags_NoSavedSettings |
                                            ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(fontSize * 0.25f, fontSize * 0.25f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    const bool open = ImGui::Begin("Explorer###explorer", nullptr, kHostFlags);
    ImGui::PopStyleVar(2);
    if (open) {
        if (settings.panels.controlBar) {
            const float width = ImGui::GetContentRegionAvail().x;
            if (ImGui::BeginChild("controls", ImVec2(0.0f, controlBarHeight(explorer, width)), true,
                                  ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
                drawControlBar(explorer);
            ImGui::EndChild();
            ui.regions.emplace_back(kControlBarName);
        }
        drawErrorBanner(explorer, ui);

        // The columns take what the inspector leaves. With nothing selected the inspector is
        // one line (its hint); with a line selected it has its own height, at least a few lines.
        const float available = ImGui::GetContentRegionAvail().y;
        float mainHeight = available;
        float& inspector = ui.layout.inspectorHeight;
        const bool selected = explorer.selectedEntry() != nullptr;
        if (settings.panels.inspector) {
            const float maxInspector = std::max(kMinInspectorHeight, available / fontSize - kMinMainHeight);
            inspector = std::clamp(inspector, kMinInspectorHeight, maxInspector);
            const float oneLine = ImGui::GetTextLineHeight() + 2.0f * style.WindowPadding.y;
            mainHeight = selected ? available - inspector * fontSize - fontSize * kSplitterThickness -
                                        2.0f * style.ItemSpacing.y
                                  : available - oneLine - style.ItemSpacing.y;
        }
        drawMainArea(explorer, settings, ui, std::floor(mainHeight));
        if (settings.panels.inspector) {
            if (selected) {
                const float moved =
                    splitter("inspector-splitter", Axis::Horizontal, ImGui::GetContentRegionAvail().x);
                if (std::isnan(moved))
                    inspector = LayoutSizes{}.inspectorHeight;
                else
                    inspector = std::max(kMinInspectorHeight, inspector - moved / fontSize);
            }
            if (ImGui::BeginChild("inspector", ImVec2(0.0f, 0.0f), true, ImGuiWindowFlags_NoScrollbar))
                drawInspector(explorer);
            ImGui::EndChild();
            ui.regions.emplace_back(kInspectorName);
        }
        drawOpenPopup(explorer, ui);
        drawExportPopup(explorer, ui);
    }
    ImGui::End();
    drawMenuBar(explorer, settings, ui);
}

}  // namespace mailscope::app
