// The Help menu and what it opens: the first screen (welcome), the keyboard shortcuts,
// how to read a transcript, and About (version and the Debian libraries mailscope uses).
#include <algorithm>
#include <cstdio>
#include <string>

#include <asio/version.hpp>
#include <imgui.h>
#include <openssl/opensslv.h>

#include "app/ui/i18n.h"
#include "app/ui/shortcuts.h"
#include "app/ui/targets.h"
#include "app/ui/theme.h"
#include "app/ui/widgets.h"
#include "app/ui/window_parts.h"

namespace mailscope::app::window {

namespace {

constexpr const char* kWelcomePopup = "###welcome";
constexpr const char* kShortcutsPopup = "###shortcuts";
constexpr const char* kReadingPopup = "###reading";
constexpr const char* kAboutPopup = "###about";

/// Centres the next popup in the window, `width` font sizes wide.
void centreNext(float width)
{
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    const float most = viewport->WorkSize.x * 0.9f;
    ImGui::SetNextWindowSize(ImVec2(std::min(ImGui::GetFontSize() * width, most), 0.0f), ImGuiCond_Appearing);
}

/// Opens the popup `id` once `asked` is set, and clears it. Not in the very first frame:
/// ImGui 1.86 cannot open a modal before every window of the frame (the menu bar too)
/// exists once.
void openWhenAsked(bool& asked, const char* id)
{
    if (!asked || ImGui::GetFrameCount() <= 1)
        return;
    asked = false;
    ImGui::OpenPopup(id);
}

bool closeRequested()
{
    return ImGui::Button(trLabel("common.close")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape));
}

void wrapped(const char* text)
{
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}

void drawWelcome(Explorer& explorer, Settings& settings, ExplorerUi& ui)
{
    openWhenAsked(ui.welcomeOpen, kWelcomePopup);
    centreNext(38.0f);
    const std::string title = tr("welcome.title") + std::string(kWelcomePopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ui.regions.emplace_back("Welcome");
    wrapped(tr("welcome.what"));
    ImGui::Spacing();
    ImGui::TextColored(palette().accent, "%s", tr("welcome.ways_in"));
    const auto choice = [](const char* label, const char* help) {
        const bool clicked = ImGui::Button(trLabel(label));
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", tr(help));
        ImGui::PopTextWrapPos();
        return clicked;
    };
    bool close = false;
    // The lessons first: a new learner starts (or goes on) with one click.
    if (ImGui::IsWindowAppearing())
        refreshLessons(explorer, ui);
    const LessonEntry* next = nullptr;
    for (const LessonEntry& entry : ui.lessons)
        if (entry.error.empty() && !entry.finished) {
            next = &entry;
            break;
        }
    if (next != nullptr) {
        const bool started = next->finishedSteps > 0 || next != &ui.lessons.front();
        char label[200];
        std::snprintf(label, sizeof label, tr(started ? "welcome.continue_lesson" : "welcome.start_lesson"),
                      static_cast<int>(next - ui.lessons.data()) + 1);
        const std::string id = std::string(label) + "###welcome-start-lesson";
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(id.c_str())) {
            explorer.post(StartLesson{next->file.string()});
            close = true;
        }
        ImGui::PopStyleColor();
        markLastItem(explorer, "welcome:start-lesson");
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", tr("welcome.lessons_help"));
        ImGui::PopTextWrapPos();
    }
    if (!ui.lessons.empty() && ImGui::TreeNode(trLabel("welcome.all_lessons"))) {
        if (drawLessonItems(explorer, ui))
            close = true;
        ImGui::TreePop();
    }
    if (choice("welcome.explore", "welcome.explore_help"))
        close = true;
    if (choice("welcome.compare", "welcome.compare_help")) {
        settings.compare = true;
        explorer.post(SetCompare{true});
        close = true;
    }
    ImGui::Separator();
    // Close and how to come back on one row: at 200% on 720 lines the screen just fits.
    if (closeRequested())
        close = true;
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", tr("welcome.again"));
    ImGui::PopTextWrapPos();
    if (close) {
        settings.welcomeSeen = true;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void drawShortcuts(ExplorerUi& ui)
{
    openWhenAsked(ui.shortcutsOpen, kShortcutsPopup);
    centreNext(30.0f);
    const std::string title = tr("help.shortcuts") + std::string(kShortcutsPopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ui.regions.emplace_back("Keyboard shortcuts");
    struct Row {
        Shortcut shortcut;
        const char* key;
    };
    constexpr Row kRows[] = {
        {Shortcut::PlayPause, "help.key_play"},   {Shortcut::StepLine, "control.step_line"},
        {Shortcut::StepAction, "control.step_action"}, {Shortcut::StepBack, "control.step_back"},
        {Shortcut::Reset, "control.reset"},       {Shortcut::ZoomIn, "menu.zoom_in"},
        {Shortcut::ZoomOut, "menu.zoom_out"},     {Shortcut::ZoomReset, "menu.zoom_reset"},
    };
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        for (const Row& row : kRows) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextColored(palette().accent, "%s", shortcutText(row.shortcut));
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(tr(row.key));
        }
        ImGui::EndTable();
    }
    if (closeRequested())
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void drawReading(ExplorerUi& ui)
{
    openWhenAsked(ui.readingOpen, kReadingPopup);
    centreNext(40.0f);
    const std::string title = tr("help.reading") + std::string(kReadingPopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ui.regions.emplace_back("How to read a transcript");
    const Palette& colours = palette();
    const auto line = [&](const char* mark, const ImVec4& colour, const char* key) {
        ImGui::TextColored(colour, "%s", mark);
        ImGui::SameLine(ImGui::GetFontSize() * 2.5f);
        wrapped(tr(key));
    };
    line("C:", colours.clientLine, "help.reading_client");
    line("S:", colours.serverLine, "help.reading_server");
    line("·", colours.note, "help.reading_note");
    line("▶", colours.cursorMarker, "help.reading_cursor");
    line("…", colours.pendingLine, "help.reading_next");
    ImGui::Spacing();
    wrapped(tr("help.reading_inspector"));
    if (closeRequested())
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void drawAbout(ExplorerUi& ui)
{
    openWhenAsked(ui.aboutOpen, kAboutPopup);
    centreNext(36.0f);
    const std::string title = tr("menu.about") + std::string(kAboutPopup);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    ui.regions.emplace_back("About");
    ImGui::TextColored(palette().accent, "mailscope %s", MAILSCOPE_VERSION);
    wrapped(tr("about.what"));
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("about.libraries"));
    char asio[32];
    std::snprintf(asio, sizeof asio, "%d.%d.%d", ASIO_VERSION / 100000, ASIO_VERSION / 100 % 1000, ASIO_VERSION % 100);
    const std::string rows[][3] = {
        {"Dear ImGui", IMGUI_VERSION, "MIT"},
        {"GLFW", "3.3", "zlib"},
        {"glad", "2", "MIT"},
        {"OpenSSL", OPENSSL_VERSION_STR, "Apache-2.0"},
        {"GMime", "3", "LGPL-2.1+"},
        {"standalone Asio", asio, "BSL-1.0"},
        {"toml++", "3", "MIT"},
        {"DejaVu Sans", "", "Bitstream Vera"},
    };
    if (ImGui::BeginTable("libraries", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        for (const auto& row : rows) {
            ImGui::TableNextRow();
            for (int c = 0; c < 3; ++c) {
                ImGui::TableSetColumnIndex(c);
                ImGui::TextUnformatted(row[c].c_str());
            }
        }
        ImGui::EndTable();
    }
    ImGui::TextDisabled("%s", tr("about.debian"));
    if (closeRequested())
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

}  // namespace

void drawHelpMenu(ExplorerUi& ui)
{
    if (!ImGui::BeginMenu(trLabel("menu.help")))
        return;
    if (ImGui::MenuItem(trLabel("help.welcome")))
        ui.welcomeOpen = true;
    if (ImGui::MenuItem(trLabel("help.shortcuts")))
        ui.shortcutsOpen = true;
    if (ImGui::MenuItem(trLabel("help.reading")))
        ui.readingOpen = true;
    ImGui::Separator();
    if (ImGui::MenuItem(trLabel("menu.about")))
        ui.aboutOpen = true;
    ImGui::EndMenu();
}

void drawHelpWindows(Explorer& explorer, Settings& settings, ExplorerUi& ui)
{
    drawWelcome(explorer, settings, ui);
    drawShortcuts(ui);
    drawReading(ui);
    drawAbout(ui);
}

}  // namespace mailscope::app::window
