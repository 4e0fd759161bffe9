// Fonts and style for the UI: DejaVu Sans with the glyphs Polish needs, built once per
// UI scale (Tracy's SetupDPIScale / LoadFonts habit), where the UI scale is the window's
// content scale times the presenter's zoom. No GL here: the window code uploads the
// atlas texture after a rebuild.
#pragma once

#include <filesystem>
#include <iosfwd>

#include <imgui.h>

namespace mailscope::app {

/// Height of body text in pixels at scale 1.
inline constexpr float kFontPixels = 16.0f;

/// /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf (Debian's fonts-dejavu-core).
std::filesystem::path defaultFontFile();

/// Basic Latin + Latin-1, Latin Extended-A (ą ę ł ń ó ś ź ż ...), General Punctuation
/// (– — “ ” … •), Arrows (→ ←) and Geometric Shapes (▶ ■ ●). Static storage: ImGui
/// keeps the pointer.
const ImWchar* uiGlyphRanges();

/// Clears `atlas` and adds the UI font at `scale`: `fontFile` when it can be read, else
/// ImGui's built-in font (ASCII only) with a warning on `warn`. Returns whether
/// `fontFile` was used. The atlas is built later (GetTexDataAsRGBA32 or the backend).
bool loadFonts(ImFontAtlas& atlas, const std::filesystem::path& fontFile, float scale, std::ostream& warn);

/// Sets the current context's style (the current theme, sizes multiplied by `scale`) and
/// fonts for this scale. Returns what loadFonts returns.
bool setupDpiScale(float scale, const std::filesystem::path& fontFile, std::ostream& warn);

// [SECTION] zoom: the presenter's size factor on top of the content scale

inline constexpr float kZoomMin = 0.5f;      ///< smallest zoom (half size)
inline constexpr float kZoomMax = 3.0f;      ///< largest zoom (three times the size)
inline constexpr float kZoomDefault = 1.0f;  ///< Ctrl 0 goes back here

/// The zoom steps Ctrl + and Ctrl - move between, from kZoomMin to kZoomMax.
inline constexpr float kZoomSteps[] = {0.5f, 0.67f, 0.75f, 0.8f, 0.9f, 1.0f, 1.1f, 1.25f,
                                       1.5f, 1.75f, 2.0f, 2.5f, 3.0f};

/// The next step above `zoom` (kZoomMax stays kZoomMax).
float zoomIn(float zoom);
/// The next step below `zoom` (kZoomMin stays kZoomMin).
float zoomOut(float zoom);
/// `zoom` limited to kZoomMin..kZoomMax; kZoomDefault when it is not a number.
float clampZoom(float zoom);

}  // namespace mailscope::app
