// The control bar: playback buttons, speed and timeline on the first row (the speed and
// the timeline on rows of their own when the window is too narrow for them), then one
// status row per world (clock, step, the next line before it is sent).
#include "app/panels/control_bar.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/ui/action_text.h"
#include "app/ui/i18n.h"
#include "app/ui/targets.h"
#include "app/ui/note_text.h"
#include "app/ui/theme.h"
#include "sim/report.h"

namespace mailscope::app {

namespace {

constexpr float kSpeedWidth = 11.0f;        // speed slider, in font sizes
constexpr float kTimelineMinWidth = 12.0f;  // below this the timeline goes to its own row
constexpr std::size_t kNextTextMax = 160;   // characters of the next line shown

// [SECTION] helpers

/// A tooltip for the last item, wrapped to a readable width.
void itemTooltip(const char* text)
{
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

/// A button whose label is translated and whose id is not: "▶ Odtwórz###play".
bool button(Explorer& explorer, const char* icon, const char* key, const char* id, const char* helpKey,
            bool enabled = true)
{
    const std::string label = std::string(icon) + tr(key) + "###" + id;
    ImGui::BeginDisabled(!enabled);
    const bool clicked = ImGui::Button(label.c_str());
    ImGui::EndDisabled();
    markLastItem(explorer, std::string("control:") + id);
    itemTooltip(tr(helpKey));
    return clicked;
}

bool anyWorld(const Explorer& explorer, bool (*test)(const sim::World&))
{
    for (const sim::World* world : explorer.worlds())
        if (test(*world))
            return true;
    return false;
}

/// The highest step the timeline can reach: the furthest run recorded in any world.
std::size_t timelineEnd(const Explorer& explorer)
{
    std::size_t end = 0;
    for (const sim::World* world : explorer.worlds())
        end = std::max({end, world->furthestStep(), world->stepCount()});
    return end;
}

int toInt(std::size_t value)
{
    return static_cast<int>(std::min<std::size_t>(value, INT_MAX));
}

/// "RETR 1" or the first line of a literal with its size.
std::string shortText(const std::string& text)
{
    std::string shown = text.substr(0, text.find_first_of("\r\n"));
    if (shown.size() > kNextTextMax)
        shown = shown.substr(0, kNextTextMax) + "…";
    if (shown.size() < text.size() && text.find_first_of("\r\n") != std::string::npos) {
        char size[64];
        std::snprintf(size, sizeof size, tr("inspector.byte_count"), static_cast<unsigned long long>(text.size()),
                      trCount("count.byte", text.size()));
        shown += std::string(" … ") + size;
    }
    return shown;
}

/// The width of a button showing `icon` and the text of `key`.
float buttonWidth(const char* icon, const char* key)
{
    return ImGui::CalcTextSize((std::string(icon) + tr(key)).c_str()).x + 2.0f * ImGui::GetStyle().FramePadding.x;
}

/// Where the playback row's parts go in a bar `width` wide (inside padding): the buttons
/// first; the speed beside them or, when that would cut it off (200% zoom, Polish), at the
/// start of the next row; the timeline (not shown in a lesson) after the speed, or on a row
/// of its own when less than its minimum width is left.
struct PlaybackRows {
    bool speedWraps = false;
    bool timelineWraps = false;
    int rows = 1;
};

PlaybackRows playbackRows(float width, bool timeline)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    const float fontSize = ImGui::GetFontSize();
    const float buttons = std::max(buttonWidth("▶ ", "control.play"), buttonWidth("■ ", "control.pause")) +
                          buttonWidth("", "control.step_line") + buttonWidth("", "control.step_action") +
                          buttonWidth("", "control.step_back") + buttonWidth("", "control.reset") +
                          4.0f * style.ItemSpacing.x;
    const float speed = ImGui::CalcTextSize(tr("control.speed")).x + style.ItemSpacing.x + fontSize * kSpeedWidth;
    const float slider = ImGui::CalcTextSize(tr("control.timeline")).x + style.ItemSpacing.x +
                         fontSize * kTimelineMinWidth;
    PlaybackRows rows;
    rows.speedWraps = buttons + fontSize + speed > width;
    const float speedEnds = rows.speedWraps ? speed : buttons + fontSize + speed;
    rows.timelineWraps = timeline && speedEnds + fontSize + slider > width;
    rows.rows = 1 + (rows.speedWraps ? 1 : 0) + (rows.timelineWraps ? 1 : 0);
    return rows;
}

float contentWidth()
{
    return ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x;
}

// [SECTION] rows

void drawPlaybackRow(Explorer& explorer)
{
    const float fontSize = ImGui::GetFontSize();
    const bool anythingLeft =
        anyWorld(explorer, [](const sim::World& w) { return w.next().kind != sim::NextStep::Kind::None; });
    // In a lesson the world goes back a step of the lesson at a time (the lesson's Back).
    const bool lesson = explorer.lesson() != nullptr;
    const bool anythingDone = !lesson && anyWorld(explorer, [](const sim::World& w) { return w.stepCount() > 0; });

    if (explorer.playing()) {
        if (button(explorer, "■ ", "control.pause", "play", "control.play_help"))
            explorer.post(Pause{});
    } else if (button(explorer, "▶ ", "control.play", "play", "control.play_help", anythingLeft)) {
        explorer.post(Play{});
    }
    ImGui::SameLine();
    if (button(explorer, "", "control.step_line", "step_line", "control.step_line_help", anythingLeft))
        explorer.post(StepLine{});
    ImGui::SameLine();
    if (button(explorer, "", "control.step_action", "step_action", "control.step_action_help", anythingLeft))
        explorer.post(StepAction{});
    ImGui::SameLine();
    if (button(explorer, "", "control.step_back", "step_back", lesson ? "lesson.in_lesson_rewind" : "control.step_back_help",
               anythingDone))
        explorer.post(StepBack{});
    ImGui::SameLine();
    if (button(explorer, "", "control.reset", "reset", "control.reset_help"))
        explorer.post(Reset{});

    const PlaybackRows rows = playbackRows(contentWidth(), !lesson);
    if (!rows.speedWraps)
        ImGui::SameLine(0.0f, fontSize);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("control.speed"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fontSize * kSpeedWidth);
    float speed = explorer.speed();
    if (ImGui::SliderFloat("##speed", &speed, Explorer::kMinSpeed, Explorer::kMaxSpeed, tr("control.speed_format"),
                           ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
        explorer.post(SetSpeed{speed});
    markLastItem(explorer, "control:speed");
    itemTooltip(tr("control.speed_help"));

    if (lesson)
        return;  // a lesson goes back with its own Back, a step at a time
    // The timeline takes the rest of the row, or a row of its own when little is left.
    if (!rows.timelineWraps)
        ImGui::SameLine(0.0f, fontSize);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("control.timeline"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    const int end = toInt(timelineEnd(explorer));
    int step = toInt(explorer.world(0).stepCount());
    ImGui::BeginDisabled(end == 0);
    if (ImGui::SliderInt("##timeline", &step, 0, end, tr("control.timeline_format"), ImGuiSliderFlags_AlwaysClamp) &&
        step != toInt(explorer.world(0).stepCount()))
        explorer.post(RewindTo{static_cast<std::size_t>(step)});
    ImGui::EndDisabled();
    markLastItem(explorer, "control:timeline");
    itemTooltip(tr("control.timeline_help"));
}

/// "[POP3 world]  09:00:10  step 12 of 40   Next: Phone C → S RETR 1"
void drawWorldStatus(const sim::World& world, const char* label)
{
    const Palette& colours = palette();
    const float fontSize = ImGui::GetFontSize();
    ImGui::AlignTextToFramePadding();
    if (label != nullptr) {
        ImGui::TextColored(colours.accent, "%s", label);
        ImGui::SameLine(0.0f, fontSize);
    }
    ImGui::TextUnformatted(sim::formatClock(world.now(), world.scenario().zoneMinutes).c_str());
    itemTooltip(tr("control.clock_help"));
    ImGui::SameLine(0.0f, fontSize);
    const std::size_t end = std::max(world.furthestStep(), world.stepCount());
    ImGui::Text(tr("control.step_of"), toInt(world.stepCount()), toInt(end));
    ImGui::SameLine(0.0f, fontSize);
    ImGui::TextUnformatted(tr("control.next"));
    itemTooltip(tr("control.next_help"));
    ImGui::SameLine();
    const sim::NextStep next = world.next();
    const ImVec4 colour = next.kind == sim::NextStep::Kind::Line ? colours.pendingLine : colours.textDim;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    const std::string text = describeNext(world);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered() && !next.text.empty())
        ImGui::SetTooltip("%s", trNote(next.note).c_str());
}

}  // namespace

// [SECTION] public

std::string describeNext(const sim::World& world)
{
    const sim::NextStep next = world.next();
    switch (next.kind) {
    case sim::NextStep::Kind::Line: {
        const char* arrow = next.direction == core::Direction::ClientToServer ? "C → S" : "S → C";
        return next.device + "  " + arrow + "  " + shortText(trNote(next.note));
    }
    case sim::NextStep::Kind::Action: {
        char buffer[512];
        // Named as its button says it, with the message's subject and the folders by name.
        const std::string what = next.action ? actionText(*next.action, &world) : trNote(next.note);
        std::snprintf(buffer, sizeof buffer, tr("control.next_action"),
                      sim::formatClock(next.time, world.scenario().zoneMinutes).c_str(), shortText(what).c_str());
        return buffer;
    }
    case sim::NextStep::Kind::None:
        break;
    }
    return tr("control.nothing_left");
}

float controlBarHeight(const Explorer& explorer, float width, std::optional<std::size_t> onlyWorld)
{
    const ImGuiStyle& style = ImGui::GetStyle();
    // In a lesson the timeline is not shown (the lesson's Back goes back).
    const PlaybackRows playback = playbackRows(width - 2.0f * style.WindowPadding.x, !explorer.lesson());
    const float rows = static_cast<float>(playback.rows) +
                       (onlyWorld ? 1.0f : static_cast<float>(explorer.worlds().size()));
    return rows * ImGui::GetFrameHeightWithSpacing() - style.ItemSpacing.y + 2.0f * style.WindowPadding.y;
}

void drawControlBar(Explorer& explorer, std::optional<std::size_t> onlyWorld)
{
    drawPlaybackRow(explorer);
    if (explorer.compare() && onlyWorld) {
        drawWorldStatus(explorer.world(*onlyWorld), tr(*onlyWorld == 0 ? "layout.every_device_pop3" : "layout.every_device_imap"));
    } else if (explorer.compare()) {
        drawWorldStatus(explorer.world(0), tr("layout.every_device_pop3"));
        drawWorldStatus(explorer.world(1), tr("layout.every_device_imap"));
    } else {
        drawWorldStatus(explorer.world(0), nullptr);
    }
}

void postShortcuts(Explorer& explorer, const std::vector<Shortcut>& shortcuts)
{
    for (const Shortcut shortcut : shortcuts) {
        switch (shortcut) {
        case Shortcut::PlayPause:
            if (explorer.playing())
                explorer.post(Pause{});
            else
                explorer.post(Play{});
            break;
        case Shortcut::StepLine: explorer.post(StepLine{}); break;
        case Shortcut::StepAction: explorer.post(StepAction{}); break;
        case Shortcut::StepBack: explorer.post(StepBack{}); break;
        case Shortcut::Reset: explorer.post(Reset{}); break;
        case Shortcut::ZoomIn:
        case Shortcut::ZoomOut:
        case Shortcut::ZoomReset: break;  // the window's
        }
    }
}

}  // namespace mailscope::app
