// Small widgets every panel uses, so the UI explains itself the same way everywhere.
#pragma once

#include <imgui.h>

namespace mailscope::app {

/// A "(?)" marker on the same line that shows `text` when hovered (imgui_demo's HelpMarker).
void helpMarker(const char* text);

/// Draws `text` from `at` up to `right` on one line of `height`, in `colour`; text that does
/// not fit ends in an ellipsis ("…"). Returns whether it was cut (show the whole on hover).
bool textEllipsis(ImVec2 at, float right, float height, const char* text, const ImVec4& colour);
/// A Selectable whose text ends in "…" when it does not fit the width left, with the whole
/// text as a tooltip then. `id` keeps it apart from others ("##scenario:x"). Returns whether clicked.
bool selectableEllipsis(const char* id, const char* text, bool selected, int flags = 0);

/// An explicit empty state: `text` in the disabled colour, indented, with some air around it.
void emptyState(const char* text);

}  // namespace mailscope::app
