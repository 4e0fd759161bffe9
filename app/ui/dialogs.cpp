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
#include "app/ui/targets.h"
#include "app/ui/transcript_export.h"
#include "sim/scenario_writer.h"
#include "app/ui/widgets.h"
#include "app/ui/window_parts.h"

namespace mailscope::app::window {

namespace {

const char* purposeTitle(FilePurpose purpose)
{
    switch (purpose) {
        case FilePurpose::OpenScenario: return tr("open.title");
        case FilePurpose::ExportTranscript: return tr("export.title");
        case FilePurpose::SaveWorld: return tr("save_world.title");
        case FilePurpose::DeviceExport: return tr("transcript.export_title");
    }
    return "";
}

/// Opens the dialog for `purpose` in the folder it used last (or `fallback`).
void startDialog(FileDialog& dialog, FilePurpose purpose, FileDialogMode mode, const std::filesystem::path& fallback,
                 std::vector<std::string> extensions, std::string name)
{
    dialog.purpose = purpose;
    dialog.problem.clear();
    const auto last = dialog.lastFolder.find(purpose);
    dialog.browser.open(mode, last != dialog.lastFolder.end() ? last->second : fallback, std::move(extensions),
                        std::move(name));
    copyTo(dialog.name, dialog.browser.fileName);
    ImGui::OpenPopup(kFilePopup);
}

void setNotice(const Explorer& explorer, ExplorerUi& ui, std::string text, bool failed)
{
    ui.notice = std::move(text);
    ui.noticeFailed = failed;
    ui.noticeSince = explorer.clock();
}

/// "Saved to PATH" in the UI's language.
std::string savedTo(const std::filesystem::path& path)
{
    char buffer[1200];
    std::snprintf(buffer, sizeof buffer, tr("transcript.exported"), path.string().c_str());
    return buffer;
}

/// Does what the dialog was opened for with the accepted file. Returns "" or the problem
/// (the dialog stays open with it).
std::string accept(Explorer& explorer, ExplorerUi& ui, const std::filesystem::path& file)
{
    FileDialog& dialog = ui.files;
    switch (dialog.purpose) {
        case FilePurpose::OpenScenario:
            loadScenario(explorer, ui, file.string());
            return {};
        case FilePurpose::ExportTranscript: {
            std::string error;
            if (!exportTranscripts(explorer, file.string(), error))
                return error;
            setNotice(explorer, ui, savedTo(file), false);
            return {};
        }
        case FilePurpose::SaveWorld: {
            const std::optional<sim::Scenario> saved = explorer.savedScenario();
            if (!saved)
                return tr("save_world.in_lesson");
            const std::string error = writeExportFile(file, sim::writeScenario(*saved, tr("save_world.comment")));
            if (!error.empty())
                return error;
            setNotice(explorer, ui, savedTo(file), false);
            return {};
        }
        case FilePurpose::DeviceExport: {
            const auto& [world, device] = ui.exportFor;
            const std::vector<const sim::World*> worlds = explorer.worlds();
            const sim::Device* found = world < worlds.size() ? worlds[world]->findDevice(device) : nullptr;
            if (!found)
                return tr("transcript.export_gone");
            ExportState& state = explorer.view().exportState(world, device);
            const std::string error = writeExportFile(
                file, exportTranscript(found->transcript(), device, state.format, currentLanguage(),
                                       explorer.scenario().zoneMinutes));
            if (!error.empty())
                return error;
            std::snprintf(state.path, sizeof state.path, "%s", file.string().c_str());
            state.message = savedTo(file);
            state.failed = false;
            return {};
        }
    }
    return {};
}

/// The places a dialog starts from: mailscope's scenarios, the home folder, the working folder.
void drawPlaces(Explorer& explorer, ExplorerUi& ui)
{
    FileBrowser& browser = ui.files.browser;
    ImGui::TextDisabled("%s", tr("files.places"));
    const auto place = [&](const char* key, const char* id, const std::filesystem::path& folder) {
        if (selectableEllipsis((std::string("##place:") + id).c_str(), tr(key),
                               browser.directory() == folder.lexically_normal(), ImGuiSelectableFlags_DontClosePopups))
            browser.go(folder);
        markLastItem(explorer, std::string("file:place:") + id);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", folder.string().c_str());
    };
    place("files.place_scenarios", "scenarios", assetsDir() / "scenarios");
    place("files.place_home", "home", homeDirectory());
    std::error_code error;
    place("files.place_working", "working", std::filesystem::current_path(error));
    if (ui.files.purpose != FilePurpose::OpenScenario)
        return;
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", tr("open.from_assets"));
    ImGui::PopTextWrapPos();
    listScenarios(ui);
    for (const ScenarioFile& file : ui.scenarios) {
        const std::filesystem::path path(file.path);
        const bool picked = browser.directory() == path.parent_path() && browser.fileName == path.filename().string();
        const std::string id = "##scenario:" + path.stem().string();
        if (selectableEllipsis(id.c_str(), scenarioTitle(file.titleEn, file.titlePl).c_str(), picked,
                               ImGuiSelectableFlags_DontClosePopups)) {
            browser.go(path.parent_path());
            browser.fileName = path.filename().string();
            copyTo(ui.files.name, browser.fileName);
        }
        markLastItem(explorer, "file:scenario:" + path.stem().string());
    }
}

/// The folder path as buttons, from the root down; the last few when they do not all fit.
void drawCrumbs(Explorer& explorer, FileBrowser& browser)
{
    if (ImGui::ArrowButton("##up", ImGuiDir_Up))
        browser.up();
    markLastItem(explorer, "file:up");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr("files.up"));
    const std::vector<std::filesystem::path> crumbs = browser.crumbs();
    const ImGuiStyle& style = ImGui::GetStyle();
    // From the deepest folder up, as many as fit in the line.
    float room = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - style.ItemSpacing.x;
    std::size_t first = crumbs.size();
    while (first > 0) {
        const std::filesystem::path& crumb = crumbs[first - 1];
        const std::string name = crumb.has_filename() ? crumb.filename().string() : crumb.string();
        const float width = ImGui::CalcTextSize(name.c_str()).x + style.FramePadding.x * 2.0f + style.ItemSpacing.x;
        if (width > room && first < crumbs.size())
            break;
        room -= width;
        --first;
    }
    if (first > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("…");
    }
    for (std::size_t i = first; i < crumbs.size(); ++i) {
        const std::filesystem::path& crumb = crumbs[i];
        const std::string name = crumb.has_filename() ? crumb.filename().string() : crumb.string();
        ImGui::SameLine();
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton(name.c_str()))
            browser.go(crumb);
        ImGui::PopID();
    }
}

/// The folder's listing; a click on a folder enters it, on a file picks it, a double click
/// on a file accepts it. Returns whether a file was double-clicked.
bool drawListing(Explorer& explorer, FileDialog& dialog, float height)
{
    FileBrowser& browser = dialog.browser;
    bool accepted = false;
    ImGui::BeginChild("##listing", ImVec2(0.0f, height), true);
    if (browser.entries().empty() && browser.problem().empty())
        ImGui::TextDisabled("%s", tr("files.empty"));
    const float sizeWidth = ImGui::CalcTextSize("0000.0 MB").x;
    std::optional<std::string> enter;
    for (const FileEntry& entry : browser.entries()) {
        const std::string label = (entry.directory ? "[+] " + entry.name + "/" : "      " + entry.name);
        const bool picked = !entry.directory && browser.fileName == entry.name;
        if (ImGui::Selectable(label.c_str(), picked, ImGuiSelectableFlags_AllowDoubleClick | ImGuiSelectableFlags_DontClosePopups)) {
            if (entry.directory) {
                enter = entry.name;
            } else {
                // A double click accepts only when its first click picked this same file (not
                // a folder that was in this place before the listing changed).
                accepted = picked && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left);
                browser.pick(entry);
                copyTo(dialog.name, browser.fileName);
                dialog.problem.clear();
            }
        }
        markLastItem(explorer, "file:entry:" + entry.name);
        if (!entry.directory) {
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - sizeWidth);
            ImGui::TextDisabled("%s", sizeText(entry.size).c_str());
        }
    }
    ImGui::EndChild();
    if (enter)
        browser.enter(*enter);  // after the loop: entering lists another folder
    return accepted;
}

/// What check() says, in the UI's language ("" when the name can be accepted).
std::string choiceText(FileChoice choice, const std::filesystem::path& file)
{
    char buffer[1200];
    switch (choice) {
        case FileChoice::Ok: return {};
        case FileChoice::NoName: return tr("files.no_name");
        case FileChoice::Folder: return tr("files.is_folder");
        case FileChoice::Missing: std::snprintf(buffer, sizeof buffer, tr("files.missing"), file.string().c_str()); break;
        case FileChoice::NoFolder:
            std::snprintf(buffer, sizeof buffer, tr("files.no_folder"), file.parent_path().string().c_str());
            break;
        case FileChoice::Exists:
            std::snprintf(buffer, sizeof buffer, tr("files.exists"), file.filename().string().c_str());
            break;
    }
    return buffer;
}

}  // namespace

void drawFileDialog(Explorer& explorer, ExplorerUi& ui)
{
    FileDialog& dialog = ui.files;
    if (ui.openPopupRequested) {
        ui.openPopupRequested = false;
        startDialog(dialog, FilePurpose::OpenScenario, FileDialogMode::Open, assetsDir() / "scenarios", {".toml"}, "");
    }
    if (ui.exportPopupRequested) {
        ui.exportPopupRequested = false;
        startDialog(dialog, FilePurpose::ExportTranscript, FileDialogMode::Save, homeDirectory(), {".txt"},
                    tr("export.file_name"));
    }
    if (ui.savePopupRequested) {
        ui.savePopupRequested = false;
        startDialog(dialog, FilePurpose::SaveWorld, FileDialogMode::Save, homeDirectory(), {".toml"},
                    tr("save_world.file_name"));
    }
    if (std::optional<ViewState::ExportBrowse> browse = explorer.view().takeExportBrowse()) {
        const ExportFormat format = explorer.view().exportState(browse->world, browse->device).format;
        ui.exportFor = {browse->world, browse->device};
        startDialog(dialog, FilePurpose::DeviceExport, FileDialogMode::Save, homeDirectory(),
                    {"." + std::string(exportExtension(format))}, exportFileName(browse->device, format));
    }

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(font * 46.0f, viewport->WorkSize.x * 0.94f),
                                    std::min(font * 26.0f, viewport->WorkSize.y * 0.92f)),
                             ImGuiCond_Appearing);
    const std::string title = purposeTitle(dialog.purpose) + std::string(kFilePopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ui.regions.emplace_back("File dialog");
    FileBrowser& browser = dialog.browser;
    const bool saving = browser.mode() == FileDialogMode::Save;
    if (dialog.purpose == FilePurpose::SaveWorld || dialog.purpose == FilePurpose::ExportTranscript) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", tr(dialog.purpose == FilePurpose::SaveWorld ? "save_world.help" : "export.help"));
        ImGui::PopTextWrapPos();
    }
    drawCrumbs(explorer, browser);

    // Places on the left, the listing on the right; below them the name, what it would do and the buttons.
    const ImGuiStyle& style = ImGui::GetStyle();
    // Under the listing: a problem reading the folder (if any), the name row, the status line and the buttons.
    const float footer = ImGui::GetFrameHeightWithSpacing() * 2.0f + ImGui::GetTextLineHeightWithSpacing() *
                                                                         (browser.problem().empty() ? 1.0f : 2.0f) +
                         style.ItemSpacing.y;
    const float height = std::max(ImGui::GetContentRegionAvail().y - footer, ImGui::GetFrameHeight() * 4.0f);
    const float placesWidth = std::min(font * 13.0f, ImGui::GetContentRegionAvail().x * 0.34f);
    ImGui::BeginChild("##places", ImVec2(placesWidth, height), true);
    drawPlaces(explorer, ui);
    ImGui::EndChild();
    ImGui::SameLine();
    bool accepted = drawListing(explorer, dialog, height);
    if (!browser.problem().empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(palette().error, "%s", browser.problem().c_str());
        ImGui::PopTextWrapPos();
    }

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("files.name"));
    ImGui::SameLine();
    const float hiddenWidth = ImGui::CalcTextSize(tr("files.hidden")).x + ImGui::GetFrameHeight() + style.ItemSpacing.x * 2.0f;
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - hiddenWidth, font * 6.0f));
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputText("##name", dialog.name.data(), dialog.name.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    markLastItem(explorer, "file:name");
    if (browser.fileName != dialog.name.data()) {
        browser.fileName = dialog.name.data();
        dialog.problem.clear();
    }
    ImGui::SameLine();
    if (ImGui::Checkbox(trLabel("files.hidden"), &browser.showHidden))
        browser.refresh();

    // A folder typed and entered is opened, as in any file dialog.
    FileChoice choice = browser.check();
    if (entered && choice == FileChoice::Folder) {
        browser.go(browser.chosen());
        browser.fileName.clear();
        copyTo(dialog.name, "");
        choice = browser.check();
    } else {
        accepted = accepted || entered;
    }
    std::string status = dialog.problem.empty() ? choiceText(choice, browser.chosen()) : dialog.problem;
    ImGui::PushTextWrapPos(0.0f);
    if (!status.empty() && choice != FileChoice::NoName)
        ImGui::TextColored(choice == FileChoice::Exists ? palette().textDim : palette().error, "%s", status.c_str());
    else if (choice == FileChoice::Ok)
        ImGui::TextDisabled("%s", browser.chosen().string().c_str());
    else {
        char showing[200];
        std::snprintf(showing, sizeof showing, tr("files.showing"),
                      browser.extensions().empty() ? "*" : browser.extensions().front().c_str());
        ImGui::TextDisabled("%s", showing);
    }
    ImGui::PopTextWrapPos();

    const char* acceptLabel = !saving ? trLabel("open.open")
                              : choice == FileChoice::Exists ? trLabel("files.replace")
                                                             : trLabel("export.save");
    ImGui::BeginDisabled(choice != FileChoice::Ok && choice != FileChoice::Exists);
    const bool clicked = ImGui::Button(acceptLabel);
    ImGui::EndDisabled();
    markLastItem(explorer, "file:accept");
    if (clicked && choice == FileChoice::Exists) {
        browser.confirmReplace();  // the person saw "replace it?" and said yes
        choice = browser.check();
    }
    if ((clicked || accepted) && choice == FileChoice::Ok) {
        const std::filesystem::path file = browser.chosen();
        dialog.problem = accept(explorer, ui, file);
        if (dialog.problem.empty()) {
            dialog.lastFolder[dialog.purpose] = file.parent_path();
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::SameLine();
    if (ImGui::Button(trLabel("common.cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    markLastItem(explorer, "file:cancel");
    ImGui::EndPopup();
}

void drawNotice(const Explorer& explorer, ExplorerUi& ui)
{
    constexpr double kNoticeSeconds = 6.0;
    if (ui.notice.empty() || explorer.clock() - ui.noticeSince > kNoticeSeconds)
        return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const float margin = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x * 0.5f,
                                   viewport->WorkPos.y + viewport->WorkSize.y - margin),
                            ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(viewport->WorkSize.x * 0.9f, FLT_MAX));
    ImGui::Begin("##notice", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    ImGui::PushTextWrapPos(viewport->WorkSize.x * 0.85f);
    if (ui.noticeFailed)
        ImGui::TextColored(palette().error, "%s", ui.notice.c_str());
    else
        ImGui::TextUnformatted(ui.notice.c_str());
    ImGui::PopTextWrapPos();
    ImGui::End();
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
