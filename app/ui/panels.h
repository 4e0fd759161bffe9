// The explorer window, listed in one place: the menu bar, the control bar, the server
// column, one column per device (two rows of them in compare mode), the inspector, and the
// splitters between them. Fills the main viewport; no docking (Dear ImGui 1.86).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "app/panels/session_panel.h"
#include "app/ui/explorer.h"
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
    std::array<char, 1024> openPath{};    ///< File > Open scenario's text field
    std::array<char, 1024> exportPath{};  ///< File > Export transcript's text field
    std::string exportResult;             ///< what the last export did: "Saved to …" or the problem
    bool exportFailed = false;            ///< whether exportResult is a problem
    bool openPopupRequested = false;      ///< open the Open scenario popup in this frame
    bool exportPopupRequested = false;    ///< open the Export transcript popup in this frame
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
