// Fonts and style for the UI, built once per UI scale; the zoom steps.
#include "app/ui/fonts.h"

#include <cmath>
#include <ostream>

#include <imgui_internal.h>  // ImFileLoadToMemory: reads a file without asserting when it is missing

#include "app/ui/theme.h"

namespace mailscope::app {

std::filesystem::path defaultFontFile()
{
    return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

const ImWchar* uiGlyphRanges()
{
    static const ImWchar kRanges[] = {
        0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
        0x0100, 0x017F,  // Latin Extended-A: Polish ą ć ę ł ń ś ź ż
        0x2000, 0x206F,  // General Punctuation: dashes, quotes, ellipsis, bullet
        0x2190, 0x21FF,  // Arrows: client -> server in the inspector
        0x25A0, 0x25FF,  // Geometric Shapes: play, stop, step cursor markers
        0,
    };
    return kRanges;
}

bool loadFonts(ImFontAtlas& atlas, const std::filesystem::path& fontFile, float scale, std::ostream& warn)
{
    atlas.Clear();
    std::size_t size = 0;
    void* data = ImFileLoadToMemory(fontFile.string().c_str(), "rb", &size);
    if (data != nullptr && size > 0) {
        ImFontConfig config;
        config.OversampleH = 2;
        config.OversampleV = 1;
        // The atlas takes ownership of `data` (allocated by ImGui) and frees it.
        atlas.AddFontFromMemoryTTF(data, static_cast<int>(size), kFontPixels * scale, &config, uiGlyphRanges());
        return true;
    }
    IM_FREE(data);
    warn << "mailscope: warning: cannot read the font " << fontFile.string()
         << "; using ImGui's built-in font, which has no Polish letters (install fonts-dejavu-core)\n";
    ImFontConfig config;
    config.SizePixels = 13.0f * scale;
    atlas.AddFontDefault(&config);
    return false;
}

bool setupDpiScale(float scale, const std::filesystem::path& fontFile, std::ostream& warn)
{
    applyTheme(currentTheme(), scale);
    return loadFonts(*ImGui::GetIO().Fonts, fontFile, scale, warn);
}

// [SECTION] zoom

float zoomIn(float zoom)
{
    for (const float step : kZoomSteps)
        if (step > zoom + 0.001f)
            return step;
    return kZoomMax;
}

float zoomOut(float zoom)
{
    float below = kZoomMin;
    for (const float step : kZoomSteps)
        if (step < zoom - 0.001f)
            below = step;
    return below;
}

float clampZoom(float zoom)
{
    if (std::isnan(zoom))
        return kZoomDefault;
    return zoom < kZoomMin ? kZoomMin : (zoom > kZoomMax ? kZoomMax : zoom);
}

}  // namespace mailscope::app
