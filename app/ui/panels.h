// The explorer window, listed in one place: the menu bar, the control bar, the server
// column, one column per device (two rows of them in compare mode), the inspector, and the
// splitters between them. Fills the main viewport; no docking (Dear ImGui 1.86).
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "app/panels/session_panel.h"
#include "app/ui/explorer.h"
#include "app/ui/file_browser.h"
#include "app/ui/lesson_session.h"
#include "app/ui/settings.h"

namespace mailscope::app {

/// Region sizes in font sizes, so they follow the zoom. The splitters change them.
struct LayoutSizes {
    float serverWidth = 0.0f;       ///< the server column, kMinColumnWidth..; 0: fit to the window
    float deviceWidth = 0.0f;       ///< each device column; 0: share the width left evenly
    float inspectorHeight = 10.0f;  ///< the inspector under the columns
    float compareSplit = 0.5f;      ///< compare mode: the POP3 world's share of the height, 0.2..0.8
    float lessonWidth = 22.0f;      ///< the lesson panel on the right, while a lesson runs
};

/// A scenario file the menus offer.
struct ScenarioFile {
    std::string path;     ///< the .toml file
    std::string titleEn;  ///< its English title (the file name when it cannot be read)
    std::string titlePl;  ///< its Polish title ("" when it has none)
};

/// What the window's file dialog is for.
enum class FilePurpose {
    OpenScenario,      ///< File > Open scenario (a .toml to load)
    ExportTranscript,  ///< File > Export transcript (every device's lines, as text)
    SaveWorld,         ///< File > Save world (the scenario and what people did, as .toml)
    DeviceExport,      ///< a device column's Export: where to write that transcript
};

/// The file dialog's state: the listing, the name field, and the folder each purpose used last.
struct FileDialog {
    FileBrowser browser;
    FilePurpose purpose = FilePurpose::OpenScenario;
    std::array<char, 1024> name{};       ///< the name field (mirrors browser.fileName)
    std::string problem;                 ///< why the last accept failed (shown in the dialog)
    std::map<FilePurpose, std::filesystem::path> lastFolder;
};

/// What the explorer window keeps besides the model (Explorer) and the settings.
struct ExplorerUi {
    LayoutSizes layout;
    /// The regions drawn in the last frame, in order: "Menu bar", "Control bar", "Server",
    /// "Device: Phone", "Inspector" (compare mode adds the world: "Server (IMAP)").
    std::vector<std::string> regions;
    bool quit = false;                    ///< File > Quit was chosen
    std::string requestedScenario;        ///< the file of the last LoadScenario posted from the menus
    std::string dismissedError;           ///< the Explorer::error() the user closed
    std::vector<ScenarioFile> scenarios;  ///< assets/scenarios/*.toml, read on first use
    bool scenariosListed = false;         ///< whether `scenarios` was read
    bool openPopupRequested = false;      ///< File > Open scenario: open the file dialog in this frame
    bool exportPopupRequested = false;    ///< File > Export transcript: open the file dialog in this frame
    bool savePopupRequested = false;      ///< File > Save world: open the file dialog in this frame
    FileDialog files;                     ///< the file dialog those three share
    std::string notice;                   ///< what the last save or export did ("Saved to …"), shown a while
    bool noticeFailed = false;            ///< whether `notice` is a problem
    double noticeSince = 0.0;             ///< Explorer::clock() when `notice` was set
    std::pair<std::size_t, std::string> exportFor;  ///< DeviceExport: the world and device whose transcript is written
    RealClients realClients;              ///< the real listeners' ports and ended sessions (the window fills it)
    bool welcomeOpen = false;             ///< open the first screen in this frame (the window: on a first run)
    bool shortcutsOpen = false;           ///< open Help > Keyboard shortcuts in this frame
    bool readingOpen = false;             ///< open Help > How to read a transcript in this frame
    bool aboutOpen = false;               ///< open Help > About in this frame
    bool lessonFolded = false;            ///< the lesson panel is folded to a narrow strip
    std::string scrolledTo;               ///< the lesson highlight the device columns last scrolled to
    std::vector<LessonEntry> lessons;     ///< lessons/content/*.toml with progress, read when a menu opens
};

/// Draws the menu bar and the explorer over the whole main viewport. Panels post intents to
/// `explorer`; the menus change `settings` (language, theme, zoom, visible panels, compare
/// mode) and post intents. Call between NewFrame and Render; the caller applies
/// explorer.update() after the frame and the settings before the next one (this function
/// sets the language at once, so the whole frame is in one language).
void drawExplorer(Explorer& explorer, Settings& settings, ExplorerUi& ui);

/// The device presets offered by "Add device" as menu items; a click posts DoAction with
/// AddDevice for the scenario's first account. Used by the Devices menu and the button
/// after the last device column.
void drawAddDeviceItems(Explorer& explorer);

}  // namespace mailscope::app
