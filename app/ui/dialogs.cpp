// The explorer window's dialogs: File > Open scenario, File > Export transcript, and the
// banner that shows a broken scenario file.
#include "app/ui/panels.h"

#include <cfloat>
#include <cstdio>
#include <filesystem>

#include <imgui.h>

#include <algorithm>

#include "app/ui/action_text.h"
#include "app/ui/assets.h"
#include "app/ui/i18n.h"
#include "app/ui/theme.h"
#include "app/ui/transcript_export.h"
#include "app/ui/widgets.h"
#include "app/ui/window_parts.h"

namespace mailscope::app::window {

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

void drawReplacePopup(Explorer& explorer, ExplorerUi& ui)
{
    if (explorer.heldAction() && !ImGui::IsPopupOpen(kReplacePopup))
        ImGui::OpenPopup(kReplacePopup);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * 30.0f, viewport->WorkSize.x * 0.9f), 0.0f),
                             ImGuiCond_Appearing);
    const std::string title = tr("replace.title") + std::string(kReplacePopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ui.regions.emplace_back("Replace later steps");
    if (!explorer.heldAction()) {
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    char line[700];
    std::snprintf(line, sizeof line, tr("replace.text"), actionText(*explorer.heldAction(), &explorer.world()).c_str(),
                  explorer.laterSteps());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(line);
    ImGui::TextDisabled("%s", tr("replace.once"));
    ImGui::PopTextWrapPos();
    if (ImGui::Button(trLabel("replace.do"))) {
        explorer.post(ConfirmReplace{true});
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(trLabel("common.cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
        explorer.post(ConfirmReplace{false});
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

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

}  // namespace mailscope::app::window
