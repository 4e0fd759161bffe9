// Fonts and style for the UI: DejaVu Sans with the glyphs Polish needs, built once per
// DPI scale (Tracy's SetupDPIScale / LoadFonts habit). No GL here: the window code
// uploads the atlas texture after a rebuild.
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
/// (– — “ ” … •). Static storage: ImGui keeps the pointer.
const ImWchar* uiGlyphRanges();

/// Clears `atlas` and adds the UI font at `scale`: `fontFile` when it can be read, else
/// ImGui's built-in font (ASCII only) with a warning on `warn`. Returns whether
/// `fontFile` was used. The atlas is built later (GetTexDataAsRGBA32 or the backend).
bool loadFonts(ImFontAtlas& atlas, const std::filesystem::path& fontFile, float scale, std::ostream& warn);

/// Sets the current context's style (ours, sizes multiplied by `scale`) and fonts for
/// this scale. Returns what loadFonts returns.
bool setupDpiScale(float scale, const std::filesystem::path& fontFile, std::ostream& warn);

}  // namespace mailscope::app
