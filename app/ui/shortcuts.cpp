// Keyboard shortcuts for presenters, read from ImGui 1.86's key state.
#include "app/ui/shortcuts.h"

#include <imgui.h>

#include "app/ui/i18n.h"

namespace mailscope::app {

namespace {

bool pressed(int nativeKey, bool repeat)
{
    return nativeKey >= 0 && nativeKey < IM_ARRAYSIZE(ImGuiIO::KeysDown) && ImGui::IsKeyPressed(nativeKey, repeat);
}

/// ImGuiKey is an int in 1.86, hence the other name.
bool pressedKey(ImGuiKey key, bool repeat)
{
    return pressed(ImGui::GetKeyIndex(key), repeat);
}

}  // namespace

std::vector<Shortcut> pollShortcuts(const ShortcutKeys& keys)
{
    std::vector<Shortcut> out;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput)
        return out;  // the keys are typing text
    const bool ctrl = io.KeyCtrl && !io.KeyAlt && !io.KeySuper;
    const bool plain = !io.KeyCtrl && !io.KeyAlt && !io.KeySuper;
    if (ctrl) {
        // Shift is allowed: on most layouts '+' is Shift and '='.
        if (pressed(keys.equal, false) || pressed(keys.keypadAdd, false))
            out.push_back(Shortcut::ZoomIn);
        if (pressed(keys.minus, false) || pressed(keys.keypadSubtract, false))
            out.push_back(Shortcut::ZoomOut);
        if (!io.KeyShift && (pressed(keys.digit0, false) || pressed(keys.keypad0, false)))
            out.push_back(Shortcut::ZoomReset);
    }
    if (plain && !io.KeyShift && pressedKey(ImGuiKey_Space, false))
        out.push_back(Shortcut::PlayPause);
    if (plain && pressedKey(ImGuiKey_RightArrow, true))
        out.push_back(io.KeyShift ? Shortcut::StepAction : Shortcut::StepLine);
    if (plain && !io.KeyShift && pressedKey(ImGuiKey_DownArrow, true))
        out.push_back(Shortcut::StepAction);
    if (plain && !io.KeyShift && pressedKey(ImGuiKey_LeftArrow, true))
        out.push_back(Shortcut::StepBack);
    if (ctrl && !io.KeyShift && pressed(keys.r, false))
        out.push_back(Shortcut::Reset);
    return out;
}

const char* shortcutText(Shortcut shortcut)
{
    switch (shortcut) {
    case Shortcut::ZoomIn: return "Ctrl++";
    case Shortcut::ZoomOut: return "Ctrl+-";
    case Shortcut::ZoomReset: return "Ctrl+0";
    case Shortcut::PlayPause: return tr("key.space");
    case Shortcut::StepLine: return "→";
    case Shortcut::StepAction: return "Shift+→";
    case Shortcut::StepBack: return "←";
    case Shortcut::Reset: return "Ctrl+R";
    }
    return "";
}

}  // namespace mailscope::app
