// High-contrast Dark and Light themes: the ImGui style and the colours the panels draw
// with (transcript lines, step cursor, messages marked for deletion or still in flight).
// Body text reaches WCAG AAA contrast (7:1) on every background it is drawn on.
#pragma once

#include <optional>
#include <string_view>

#include <imgui.h>

namespace mailscope::app {

/// The UI's colour scheme.
enum class Theme {
    Dark,   ///< light text on a near-black background (the default; projectors like it)
    Light,  ///< black text on white (bright rooms, printed handouts)
};

/// Every theme, in menu order.
inline constexpr Theme kThemes[] = {Theme::Dark, Theme::Light};

/// The colours panels use beyond ImGui's own style. All opaque.
struct Palette {
    ImVec4 background;         ///< window background; also the GL clear colour
    ImVec4 text;               ///< body text
    ImVec4 textDim;            ///< secondary text: summaries, hints, empty states
    ImVec4 border;             ///< borders, separators, card outlines
    ImVec4 accent;             ///< keyboard focus, selection outline, slider grabs
    ImVec4 cardBackground;     ///< a message card (server or device)
    ImVec4 clientLine;         ///< transcript: a line the client sent (command, literal data)
    ImVec4 serverLine;         ///< transcript: a line the server sent (greeting, response, untagged data)
    ImVec4 note;               ///< transcript: a note from the app (connected, TLS started, dropped, ...)
    ImVec4 error;              ///< an error: -ERR, NO/BAD, a broken file
    ImVec4 pendingLine;        ///< transcript: the next line, shown before it is sent
    ImVec4 cursorBackground;   ///< transcript: the row behind the step cursor (any line colour reads on it)
    ImVec4 cursorMarker;       ///< transcript: the step cursor's marker beside that row
    ImVec4 markedForDeletion;  ///< a message marked for deletion (POP3 DELE, IMAP \Deleted), not yet removed
    ImVec4 inFlight;           ///< a change on the server that this device has not been told about yet
};

/// The palette of `theme`.
const Palette& palette(Theme theme);
/// The palette of the theme last applied (Dark before any applyTheme()).
const Palette& palette();
/// The theme last applied.
Theme currentTheme();

/// Sets the current ImGui context's style to `theme`, sizes multiplied by `scale`
/// (content scale times zoom), and makes it the current theme. Fonts are not touched.
void applyTheme(Theme theme, float scale);

/// "dark", "light": the code used in the settings file.
std::string_view themeCode(Theme theme);
/// The theme for a code ("dark", "light", case-insensitive), or nullopt.
std::optional<Theme> themeFromCode(std::string_view code);
/// The i18n key of the theme's name ("theme.dark"), for tr().
const char* themeNameKey(Theme theme);

/// WCAG 2 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
float contrastRatio(const ImVec4& a, const ImVec4& b);

}  // namespace mailscope::app
