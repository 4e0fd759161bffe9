// Fonts and style for the UI, built once per DPI scale.
#include "app/ui/fonts.h"

#include <ostream>

#include <imgui_internal.h>  // ImFileLoadToMemory: reads a file without asserting when it is missing

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
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    ImGui::StyleColorsDark(&style);
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.ScrollbarRounding = 3.0f;
    style.CellPadding = ImVec2(6.0f, 3.0f);
    style.ScaleAllSizes(scale);
    return loadFonts(*ImGui::GetIO().Fonts, fontFile, scale, warn);
}

}  // namespace mailscope::app
