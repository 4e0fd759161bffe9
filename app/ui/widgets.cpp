// Small widgets every panel uses.
#include "app/ui/widgets.h"

#include <imgui.h>

namespace mailscope::app {

void helpMarker(const char* text)
{
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void emptyState(const char* text)
{
    const float fontSize = ImGui::GetFontSize();
    ImGui::Dummy(ImVec2(0.0f, fontSize * 0.5f));
    ImGui::Indent(fontSize);
    ImGui::TextDisabled("%s", text);
    ImGui::Unindent(fontSize);
    ImGui::Dummy(ImVec2(0.0f, fontSize * 0.5f));
}

}  // namespace mailscope::app
