// The app's panels, listed in one place, and the frame that draws them.
#include "app/ui/panels.h"

#include <imgui.h>

#include "app/panels/server_panel.h"

namespace mailscope::app {

namespace {

/// One row of the View menu.
struct PanelEntry {
    const char* name;                ///< shown in the View menu
    bool PanelVisibility::*visible;  ///< its flag
};

constexpr PanelEntry kPanels[] = {
    {kServerPanelName, &PanelVisibility::server},
};

void drawMenuBar(PanelVisibility& visible)
{
    if (!ImGui::BeginMainMenuBar())
        return;
    if (ImGui::BeginMenu("View")) {
        for (const PanelEntry& panel : kPanels)
            ImGui::MenuItem(panel.name, nullptr, &(visible.*panel.visible));
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

/// Places the next panel over the whole work area under the menu bar (while the Server
/// panel is the only one); returns the flags that keep it there.
ImGuiWindowFlags fillWorkArea()
{
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    return ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoBringToFrontOnFocus;
}

/// A hint on the background when every panel is closed.
void drawAllClosedHint(const PanelVisibility& visible)
{
    for (const PanelEntry& panel : kPanels)
        if (visible.*panel.visible)
            return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float margin = ImGui::GetFontSize();
    ImGui::GetBackgroundDrawList()->AddText(
        ImVec2(viewport->WorkPos.x + margin, viewport->WorkPos.y + margin), ImGui::GetColorU32(ImGuiCol_TextDisabled),
        "Every panel is closed. Open one from the View menu.");
}

}  // namespace

void drawPanels(PanelVisibility& visible, const mail::MailStore& store)
{
    drawMenuBar(visible);
    if (visible.server) {
        const ImGuiWindowFlags layout = fillWorkArea();
        drawServerPanel(store, &visible.server, layout);
    }
    drawAllClosedHint(visible);
}

}  // namespace mailscope::app
