// Stable widget ids (targets.h).
#include "app/ui/targets.h"

#include <imgui.h>

#include "app/ui/explorer.h"

namespace mailscope::app {

std::string deviceTarget(std::string_view device, std::string_view kind)
{
    std::string id = "device:" + std::string(device);
    if (!kind.empty())
        id += ":" + std::string(kind);
    return id;
}

std::string actionTarget(const sim::Action& action)
{
    return deviceTarget(action.device, sim::actionKindName(action.kind));
}

std::string messageTarget(std::string_view device, std::uint32_t id)
{
    return deviceTarget(device, "message:" + std::to_string(id));
}

std::string serverTarget(std::string_view folder)
{
    return folder.empty() ? std::string("server") : "server:" + std::string(folder);
}

void markLastItem(Explorer& explorer, const std::string& id)
{
    if (explorer.targets().count(id) != 0)
        return;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    explorer.markTarget(id, min.x, min.y, max.x, max.y);
}

bool actionButton(Explorer& explorer, const sim::Action& action, const char* label, bool small)
{
    const std::optional<std::string> refused = explorer.refusal(action);
    ImGui::BeginDisabled(refused.has_value());
    const bool clicked = small ? ImGui::SmallButton(label) : ImGui::Button(label);
    ImGui::EndDisabled();
    markLastItem(explorer, actionTarget(action));
    if (refused && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
        ImGui::TextUnformatted(refused->c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    return clicked && !refused;
}

}  // namespace mailscope::app
