// Small widgets every panel uses, so the UI explains itself the same way everywhere.
#pragma once

namespace mailscope::app {

/// A "(?)" marker on the same line that shows `text` when hovered (imgui_demo's HelpMarker).
void helpMarker(const char* text);

/// An explicit empty state: `text` in the disabled colour, indented, with some air around it.
void emptyState(const char* text);

}  // namespace mailscope::app
