// Tests for the UI fonts: DejaVu Sans with Polish glyphs, the fallback, DPI scaling.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include <imgui.h>

#include "app/ui/fonts.h"

using namespace mailscope;

namespace {

/// Builds the atlas as a backend would (RGBA32 texture data).
void build(ImFontAtlas& atlas)
{
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &width, &height);
    REQUIRE(pixels != nullptr);
    REQUIRE(width > 0);
}

}  // namespace

TEST_SUITE("app.fonts") {

TEST_CASE("DejaVu Sans is loaded with the glyphs Polish needs")
{
    REQUIRE_MESSAGE(std::filesystem::exists(app::defaultFontFile()), "install fonts-dejavu-core");
    ImFontAtlas atlas;
    std::ostringstream warn;
    CHECK(app::loadFonts(atlas, app::defaultFontFile(), 1.0f, warn));
    CHECK(warn.str().empty());
    build(atlas);
    REQUIRE(atlas.Fonts.Size == 1);
    const ImFont* font = atlas.Fonts[0];
    CHECK(font->FontSize == doctest::Approx(app::kFontPixels));
    for (ImWchar c : {u'ą', u'ć', u'ę', u'ł', u'ń', u'ó', u'ś', u'ź', u'ż', u'Ł', u'Ż', u'—', u'…', u'„'}) {
        INFO("U+" << std::hex << static_cast<unsigned>(c));
        CHECK(font->FindGlyphNoFallback(c) != nullptr);
    }
}

TEST_CASE("a missing font file falls back to ImGui's font with a warning")
{
    ImFontAtlas atlas;
    std::ostringstream warn;
    CHECK_FALSE(app::loadFonts(atlas, "/nonexistent/NoSuchFont.ttf", 1.0f, warn));
    CHECK(warn.str().find("/nonexistent/NoSuchFont.ttf") != std::string::npos);
    build(atlas);
    REQUIRE(atlas.Fonts.Size == 1);
    CHECK(atlas.Fonts[0]->FindGlyphNoFallback('A') != nullptr);
    CHECK(atlas.Fonts[0]->FindGlyphNoFallback(u'ż') == nullptr);  // why the fallback warns
}

TEST_CASE("loading again replaces the fonts instead of adding more")
{
    ImFontAtlas atlas;
    std::ostringstream warn;
    app::loadFonts(atlas, app::defaultFontFile(), 1.0f, warn);
    app::loadFonts(atlas, app::defaultFontFile(), 2.0f, warn);
    build(atlas);
    REQUIRE(atlas.Fonts.Size == 1);
    CHECK(atlas.Fonts[0]->FontSize == doctest::Approx(2.0f * app::kFontPixels));
}

TEST_CASE("setupDpiScale scales the style and the font together")
{
    IMGUI_CHECKVERSION();
    ImGuiContext* context = ImGui::CreateContext();
    std::ostringstream warn;
    app::setupDpiScale(1.0f, app::defaultFontFile(), warn);
    const ImVec2 padding1 = ImGui::GetStyle().WindowPadding;
    const float scrollbar1 = ImGui::GetStyle().ScrollbarSize;
    app::setupDpiScale(2.0f, app::defaultFontFile(), warn);
    CHECK(ImGui::GetStyle().WindowPadding.x == doctest::Approx(padding1.x * 2.0f));
    CHECK(ImGui::GetStyle().ScrollbarSize == doctest::Approx(scrollbar1 * 2.0f));
    build(*ImGui::GetIO().Fonts);
    REQUIRE(ImGui::GetIO().Fonts->Fonts.Size == 1);
    CHECK(ImGui::GetIO().Fonts->Fonts[0]->FontSize == doctest::Approx(2.0f * app::kFontPixels));
    ImGui::DestroyContext(context);
}

}  // TEST_SUITE
