// The explorer window's layout: the control bar, the server column and the device columns
// (two rows of them in compare mode), the inspector, and the splitters between them.
#include "app/ui/panels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <imgui.h>

#include "app/panels/compare_summary.h"
#include "app/panels/control_bar.h"
#include "app/panels/device_panel.h"
#include "app/panels/flow_view.h"
#include "app/panels/inspector_panel.h"
#include "app/panels/lesson_panel.h"
#include "app/panels/server_panel.h"
#include "app/panels/session_panel.h"
#include "app/ui/i18n.h"
#include "app/ui/targets.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"
#include "app/ui/window_parts.h"

namespace mailscope::app {

namespace window {

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

}  // namespace window

namespace {

using namespace window;

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

/// Which ports real clients can reach (or why they cannot), under the Add device button and
/// no wider than it (beside it, the text made the columns scroll sideways for nothing).
void drawRealClientPorts(const Explorer& explorer, const RealClients& real)
{
    if (!real.on)
        return;
    const float marker = ImGui::CalcTextSize("(?)").x + ImGui::GetStyle().ItemSpacing.x;  // helpMarker's room
    ImGui::PushTextWrapPos(ImGui::GetItemRectMax().x - marker - ImGui::GetWindowPos().x + ImGui::GetScrollX());
    char line[600];
    if (!real.error.empty()) {
        std::snprintf(line, sizeof line, tr("real.error"), real.error.c_str());
        ImGui::TextColored(palette().error, "%s", line);
    } else if (!real.ports.empty()) {
        std::snprintf(line, sizeof line, tr("real.ports"), real.ports.c_str());
        ImGui::TextDisabled("%s", line);
    } else {
        ImGui::PopTextWrapPos();
        return;
    }
    ImGui::PopTextWrapPos();
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
        // Unless dragged, the server takes its usual width where there is room and a share of
        // the window where there is not (a projector at 150% or 200%), so devices keep theirs.
        const float available = ImGui::GetContentRegionAvail().x / fontSize;
        const float width = layout.serverWidth > 0.0f
                                ? std::clamp(layout.serverWidth, kMinColumnWidth, kMaxColumnWidth)
                                : std::clamp(available * kAutoServerShare, kMinColumnWidth, kAutoServerWidth);
        if (ImGui::BeginChild("server", ImVec2(width * fontSize, columnHeight), true))
            drawServerColumn(explorer, world);
        ImGui::EndChild();
        markLastItem(explorer, serverTarget());
        ui.regions.push_back(kServerName + std::string(worldSuffix(explorer, world)));
        ImGui::SameLine(0.0f, 0.0f);
        const float moved = splitter("server-splitter", Axis::Vertical, columnHeight);
        if (std::isnan(moved))
            layout.serverWidth = LayoutSizes{}.serverWidth;
        else if (moved != 0.0f)
            layout.serverWidth = std::clamp(width + moved / fontSize, kMinColumnWidth, kMaxColumnWidth);
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
                    markLastItem(explorer, deviceTarget(device.name()));
                    // A lesson pointing into a column that is scrolled away brings it into
                    // view, once per highlight (the learner can scroll away again).
                    const std::string highlight = lessonHighlight(explorer);
                    if (!highlight.empty() && highlight != ui.scrolledTo &&
                        (highlight == deviceTarget(device.name()) ||
                         highlight.rfind(deviceTarget(device.name()) + ":", 0) == 0)) {
                        ui.scrolledTo = highlight;
                        if (ImGui::GetItemRectMin().x < ImGui::GetWindowPos().x ||
                            ImGui::GetItemRectMax().x > ImGui::GetWindowPos().x + ImGui::GetWindowWidth())
                            ImGui::SetScrollHereX(0.0f);
                    }
                    ui.regions.push_back(kDevicePrefix + device.name() + std::string(worldSuffix(explorer, world)));
                    ImGui::PopID();
                }
                ImGui::SameLine(0.0f, splitterWidth);
            }
            if (realCount > 0)
                drawRealClientColumns(explorer, ui, columnWidth, innerHeight);
            ImGui::BeginGroup();
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
            ImGui::EndGroup();
        }
        ImGui::EndChild();
    } else if (!settings.panels.server) {
        emptyState(tr("menu.all_panels_closed"));
    }
    drawFlow(explorer, world, settings.animateFlow);
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
        drawCompareSummary(explorer);
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

}  // namespace

// [SECTION] the window

void drawExplorer(Explorer& explorer, Settings& settings, ExplorerUi& ui)
{
    using namespace window;
    setLanguage(settings.language);
    ui.regions.clear();
    explorer.clearTargets();
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

        // A lesson takes a column on the right; the explorer keeps the rest.
        const bool lesson = explorer.lesson() != nullptr;
        float lessonWidth = 0.0f;
        if (lesson) {
            const float total = ImGui::GetContentRegionAvail().x;
            float& chosen = ui.layout.lessonWidth;
            const float most = std::max(kMinLessonWidth * fontSize, total * kMaxLessonShare);
            lessonWidth = ui.lessonFolded ? kFoldedLessonWidth * fontSize
                                          : std::clamp(chosen * fontSize, std::min(kMinLessonWidth * fontSize, most), most);
            if (!ImGui::BeginChild("explore", ImVec2(total - lessonWidth - fontSize * kSplitterThickness, 0.0f), false,
                                   ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
                // (collapsed: nothing to draw)
            }
        }
        const ImVec2 exploreMin = ImGui::GetCursorScreenPos();

        // The columns take what the inspector leaves. With nothing selected the inspector is
        // one line (its hint); with a line selected it has its own height, at least a few lines.
        const float available = ImGui::GetContentRegionAvail().y;
        float mainHeight = available;
        float& inspector = ui.layout.inspectorHeight;
        const bool selected = explorer.selectedEntry() != nullptr;
        if (settings.panels.inspector) {
            // Compare mode stacks two worlds: each keeps kMinMainHeight when a line is clicked.
            const float keep = kMinMainHeight * (explorer.compare() ? 2.0f : 1.0f);
            const float maxInspector = std::max(kMinInspectorHeight, available / fontSize - keep);
            inspector = std::clamp(inspector, kMinInspectorHeight, maxInspector);
            const float oneLine = ImGui::GetTextLineHeight() + 2.0f * style.WindowPadding.y;
            mainHeight = selected ? available - inspector * fontSize - fontSize * kSplitterThickness -
                                        2.0f * style.ItemSpacing.y
                                  : available - oneLine - style.ItemSpacing.y;
        }
        const float area[4] = {exploreMin.x, exploreMin.y, exploreMin.x + ImGui::GetContentRegionAvail().x,
                               exploreMin.y + std::floor(mainHeight)};
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
        if (lesson) {
            ImGui::EndChild();
            ImGui::SameLine(0.0f, 0.0f);
            const float height = ImGui::GetContentRegionAvail().y;
            const float moved = ui.lessonFolded ? 0.0f : splitter("lesson-splitter", Axis::Vertical, height);
            if (std::isnan(moved))
                ui.layout.lessonWidth = LayoutSizes{}.lessonWidth;
            else if (moved != 0.0f)
                ui.layout.lessonWidth = std::max(kMinLessonWidth, lessonWidth / fontSize - moved / fontSize);
            if (ui.lessonFolded)
                ImGui::Dummy(ImVec2(fontSize * kSplitterThickness, height));
            ImGui::SameLine(0.0f, 0.0f);
            if (ImGui::BeginChild("lesson", ImVec2(0.0f, 0.0f), true)) {
                if (ui.lessonFolded) {
                    if (ImGui::Button("‹###lesson-unfold", ImVec2(-FLT_MIN, 0.0f)))
                        ui.lessonFolded = false;
                    if (ImGui::IsItemHovered())
                        ImGui::SetTooltip("%s", tr("lesson.unfold"));
                    const lessons::Runner& runner = explorer.lesson()->runner();
                    ImGui::TextColored(palette().accent, "%zu/%zu", std::min(runner.index() + 1, explorer.lesson()->lesson().steps.size()),
                                       explorer.lesson()->lesson().steps.size());
                } else {
                    drawLessonPanel(explorer, ui.lessonFolded);
                }
            }
            ImGui::EndChild();
            ui.regions.emplace_back(kLessonName);
        }
        drawLessonHighlight(explorer, area);
        drawFileDialog(explorer, ui);
        drawReplacePopup(explorer, ui);
        drawHelpWindows(explorer, settings, ui);
    }
    ImGui::End();
    drawNotice(explorer, ui);
    drawMenuBar(explorer, settings, ui);
}

}  // namespace mailscope::app
