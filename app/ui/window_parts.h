// The pieces of the explorer window that its files share (not for panels): the layout's
// sizes, the splitter handle, the menus, the dialogs and the list of scenario files.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "app/ui/panels.h"

namespace mailscope::app::window {

// Sizes in font sizes.
inline constexpr float kMinColumnWidth = 14.0f;      // the narrowest server or device column
inline constexpr float kAutoServerWidth = 24.0f;     // the server column's width when there is room
inline constexpr float kAutoServerShare = 0.28f;     // its share of the width when there is not
inline constexpr float kMaxColumnWidth = 80.0f;      // the widest one
inline constexpr float kMinInspectorHeight = 4.0f;   // the inspector keeps its header and a line or two
inline constexpr float kMinMainHeight = 8.0f;        // the columns keep at least this much
inline constexpr float kSplitterThickness = 0.45f;   // the handle between two regions
inline constexpr float kMinCompareSplit = 0.2f;
inline constexpr float kMaxCompareSplit = 0.8f;
inline constexpr float kMinLessonWidth = 18.0f;      // the lesson panel, unless folded
inline constexpr float kMaxLessonShare = 0.36f;      // its largest share of the window's width
inline constexpr float kFoldedLessonWidth = 2.5f;    // folded: the unfold button and the step number
inline constexpr std::size_t kMaxPresets = 30;       // "Phone 10" is more than any class needs

inline constexpr const char* kMenuBarName = "Menu bar";
inline constexpr const char* kServerName = "Server";
inline constexpr const char* kDevicePrefix = "Device: ";
inline constexpr const char* kRealPrefix = "Real client: ";
inline constexpr const char* kLessonName = "Lesson";
inline constexpr const char* kFilePopup = "###file-dialog";  // the title before ### is translated
inline constexpr const char* kReplacePopup = "###replace-later-steps";


// [SECTION] helpers (layout.cpp)

/// " (POP3)" / " (IMAP)" after region names in compare mode, "" otherwise.
std::string_view worldSuffix(const Explorer& explorer, std::size_t world);
/// The string key of a world's label in compare mode.
const char* worldLabelKey(std::size_t world);
/// The scenario's title in the UI's language.
const std::string& scenarioTitle(const std::string& en, const std::string& pl);
/// Copies `text` into a fixed text field, cut to fit.
void copyTo(std::array<char, 1024>& field, const std::string& text);

enum class Axis {
    Vertical,    ///< a handle between two columns, dragged left and right
    Horizontal,  ///< a handle between two rows, dragged up and down
};
/// An invisible handle `length` long; returns how far it was dragged this frame, in pixels
/// along its axis (0 when it is not held). A double click returns NaN: "back to the default".
float splitter(const char* id, Axis axis, float length);

// [SECTION] menus (menus.cpp)
void drawMenuBar(Explorer& explorer, Settings& settings, ExplorerUi& ui);
/// Reads the lessons and the learner's progress into ui.lessons.
void refreshLessons(const Explorer& explorer, ExplorerUi& ui);
/// One menu item per lesson of ui.lessons (title, progress "2/4", ● when finished); a click
/// posts StartLesson. Returns whether one was chosen.
bool drawLessonItems(Explorer& explorer, ExplorerUi& ui);

// [SECTION] dialogs (dialogs.cpp)
/// The file dialog of File > Open scenario, Export transcript, Save world and a device's
/// Export, when one of them asked for it (app/ui/file_browser.h is its model).
void drawFileDialog(Explorer& explorer, ExplorerUi& ui);
/// "Saved to …" after a save or export, for a few seconds at the bottom of the window.
void drawNotice(const Explorer& explorer, ExplorerUi& ui);
/// "Doing this here replaces the later steps": while the explorer holds an action.
void drawReplacePopup(Explorer& explorer, ExplorerUi& ui);
/// A broken scenario file: "FILE:LINE:COLUMN: problem" until the user closes it.
void drawErrorBanner(const Explorer& explorer, ExplorerUi& ui);

// [SECTION] help (help.cpp)
void drawHelpMenu(ExplorerUi& ui);
/// The first screen, the shortcuts, how to read a transcript and About, when open.
void drawHelpWindows(Explorer& explorer, Settings& settings, ExplorerUi& ui);

// [SECTION] scenario files (scenario_files.cpp)
/// Reads assets/scenarios/*.toml into ui.scenarios once.
void listScenarios(ExplorerUi& ui);
/// Posts LoadScenario for `path` and remembers it was asked for.
void loadScenario(Explorer& explorer, ExplorerUi& ui, const std::string& path);

}  // namespace mailscope::app::window
