// Compare mode's summary strip, from the two worlds' stores and devices.
#include "app/panels/compare_summary.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/i18n.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"

namespace mailscope::app {

namespace {

/// The large type of the strip, as a factor of the body text.
constexpr float kLargeType = 1.4f;
/// Below this height (in font sizes) left for the two worlds, the strip keeps the body
/// text's size: at 200% on a projector the worlds need the room, and the zoom is large already.
constexpr float kRoomForLargeType = 30.0f;
constexpr float kRoomForWrapping = 24.0f;  // below this many lines of room the strip is one line

std::size_t serverMessages(const sim::World& world)
{
    std::size_t n = 0;
    for (const mail::Account* account : world.store().accounts())
        for (const mail::Mailbox* mailbox : account->mailboxes())
            n += mailbox->size();
    return n;
}

/// "0 messages", "1 wiadomość".
std::string counted(std::size_t n)
{
    return std::to_string(n) + " " + trCount("count.message", n);
}

/// The messages delivered to `account`'s INBOX so far.
std::size_t delivered(const sim::World& pop3, const std::string& account)
{
    const mail::Account* a = pop3.store().findAccount(account);
    return a && a->inbox().uidNext() > 0 ? a->inbox().uidNext() - 1 : 0;
}

}  // namespace

std::string compareSummary(const Explorer& explorer)
{
    if (!explorer.compare())
        return {};
    const sim::World& pop3 = explorer.world(0);
    const sim::World& imap = explorer.world(1);
    char line[600];
    std::snprintf(line, sizeof line, tr("compare.summary_servers"), counted(serverMessages(pop3)).c_str(),
                  counted(serverMessages(imap)).c_str());
    std::string out = line;

    const sim::Device* chosen = nullptr;
    std::size_t chosenPop3 = 0;
    std::size_t chosenImap = 0;
    std::size_t widest = 0;
    for (const sim::Device* device : pop3.devices()) {
        const sim::Device* twin = imap.findDevice(device->name());
        if (!twin)
            continue;
        const std::size_t a = device->local().messageCount();
        const std::size_t b = twin->local().messageCount();
        const std::size_t gap = a > b ? a - b : b - a;
        if (!chosen || gap > widest) {
            chosen = device;
            chosenPop3 = a;
            chosenImap = b;
            widest = gap;
        }
    }
    if (chosen) {
        const auto of = static_cast<unsigned long long>(delivered(pop3, chosen->settings().account));
        std::snprintf(line, sizeof line, tr("compare.summary_device"), chosen->name().c_str(),
                      static_cast<unsigned long long>(chosenPop3), of, static_cast<unsigned long long>(chosenImap),
                      of);
        out += " — ";
        out += line;
    }
    return out;
}

void drawCompareSummary(const Explorer& explorer)
{
    const std::string text = compareSummary(explorer);
    if (text.empty())
        return;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float width = ImGui::GetContentRegionAvail().x;
    if (ImGui::GetContentRegionAvail().y < ImGui::GetFontSize() * kRoomForWrapping) {
        // Little room (a projector at 200%): one line, cut with an ellipsis, whole on hover,
        // so the two worlds below keep their rows.
        const float line = ImGui::GetTextLineHeight();
        if (ImGui::BeginChild("compare-summary", ImVec2(0.0f, line + style.WindowPadding.y * 2.0f), true,
                              ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float right = at.x + ImGui::GetContentRegionAvail().x;
            const bool cut = textEllipsis(at, right, line, text.c_str(), palette().text);
            ImGui::Dummy(ImVec2(right - at.x, line));
            if (cut && ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                ImGui::TextUnformatted(text.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
        ImGui::EndChild();
        return;
    }
    const float scale = ImGui::GetContentRegionAvail().y >= ImGui::GetFontSize() * kRoomForLargeType ? kLargeType : 1.0f;
    const float inner = width - style.WindowPadding.x * 2.0f - ImGui::GetFontSize() * 2.0f;
    const float height = ImGui::CalcTextSize(text.c_str(), nullptr, false, inner / scale).y * scale +
                         style.WindowPadding.y * 2.0f;
    if (ImGui::BeginChild("compare-summary", ImVec2(0.0f, height), true,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        ImGui::SetWindowFontScale(scale);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::SetWindowFontScale(1.0f);
        helpMarker(tr("compare.summary_help"));
    }
    ImGui::EndChild();
}

}  // namespace mailscope::app
