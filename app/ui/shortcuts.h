// Keyboard shortcuts for presenters: zoom, play/pause, step and reset, read from ImGui's
// key state once per frame and returned as intents for the window and the panels.
#pragma once

#include <vector>

namespace mailscope::app {

/// What a shortcut asks for. The window applies the zoom ones, the explorer the rest.
enum class Shortcut {
    ZoomIn,      ///< Ctrl + (Ctrl = or keypad +): next zoom step up
    ZoomOut,     ///< Ctrl - (or keypad -): next zoom step down
    ZoomReset,   ///< Ctrl 0 (or keypad 0): zoom back to 100%
    PlayPause,   ///< Space: start or stop playback
    StepLine,    ///< Right arrow: send one protocol line
    StepAction,  ///< Shift+Right or Down arrow: finish the current action
    StepBack,    ///< Left arrow: go back one line
    Reset,       ///< Ctrl R: start the scenario again
};

/// Native key codes (indices into ImGuiIO::KeysDown) of the keys ImGui 1.86 has no
/// ImGuiKey_ for. The window fills them from GLFW; -1 leaves a key unbound. Space and
/// the arrows come from io.KeyMap.
struct ShortcutKeys {
    int equal = -1;           ///< the '=' / '+' key of the main keyboard
    int minus = -1;           ///< the '-' key of the main keyboard
    int digit0 = -1;          ///< the '0' key of the main keyboard
    int r = -1;               ///< the 'R' key
    int keypadAdd = -1;       ///< keypad '+'
    int keypadSubtract = -1;  ///< keypad '-'
    int keypad0 = -1;         ///< keypad '0'
};

/// The shortcuts pressed this frame, in a fixed order. Call between NewFrame and Render.
/// Empty while an ImGui text field has the keyboard (io.WantTextInput). Steps repeat
/// while their key is held; the others fire once per press.
std::vector<Shortcut> pollShortcuts(const ShortcutKeys& keys);

/// The keys of a shortcut as shown in menus and tooltips ("Ctrl++", "Shift+→").
const char* shortcutText(Shortcut shortcut);

}  // namespace mailscope::app
