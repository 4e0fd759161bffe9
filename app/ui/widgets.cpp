// Small widgets every panel uses.
#include "app/ui/widgets.h"

#include <imgui.h>
#include <imgui_internal.h>

namespace mailscope::app {

bool textEllipsis(ImVec2 at, float right, float height, const char* text, const ImVec4& colour)
{
    if (right <= at.x || text == nullptr || *text == '\0')
        return false;
    const ImVec2 size = ImGui::CalcTextSize(text);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), at, ImVec2(right, at.y + height), right, right, text, nullptr,
                              &size);
    ImGui::PopStyleColor();
    return at.x + size.x > right;
}

bool selectableEllipsis(const char* id, const char* text, bool selected, int flags)
{
    const bool clicked = ImGui::Selectable(id, selected, flags, ImVec2(0.0f, ImGui::GetTextLineHeight()));
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const bool cut = textEllipsis(min, max.x, max.y - min.y, text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
    if (cut && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", text);
    return clicked;
}

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
