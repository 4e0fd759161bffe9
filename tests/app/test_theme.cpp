// Tests for the Dark and Light themes: distinct palettes, WCAG AAA text contrast, and
// applyTheme setting ImGui's style at a scale.
#include <doctest/doctest.h>

#include <string>

#include <imgui.h>

#include "app/ui/theme.h"

using namespace mailscope;
using app::Theme;

namespace {

bool same(const ImVec4& a, const ImVec4& b)
{
    return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w;
}

/// An ImGui context for one test case; at its end the theme is Dark again.
class Context {
public:
    Context() : m_context(ImGui::CreateContext()) {}
    ~Context()
    {
        app::applyTheme(Theme::Dark, 1.0f);
        ImGui::DestroyContext(m_context);
    }
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

private:
    ImGuiContext* m_context;
};

}  // namespace

TEST_SUITE("app.theme") {

TEST_CASE("contrast ratios follow WCAG 2")
{
    const ImVec4 black(0.0f, 0.0f, 0.0f, 1.0f);
    const ImVec4 white(1.0f, 1.0f, 1.0f, 1.0f);
    CHECK(app::contrastRatio(black, white) == doctest::Approx(21.0f));
    CHECK(app::contrastRatio(white, black) == doctest::Approx(21.0f));
    CHECK(app::contrastRatio(white, white) == doctest::Approx(1.0f));
    // #767676 on white is the well-known 4.54:1.
    const float grey = 118.0f / 255.0f;
    CHECK(app::contrastRatio(ImVec4(grey, grey, grey, 1.0f), white) == doctest::Approx(4.54f).epsilon(0.01));
}

TEST_CASE("dark and light palettes differ")
{
    const app::Palette& dark = app::palette(Theme::Dark);
    const app::Palette& light = app::palette(Theme::Light);
    CHECK_FALSE(same(dark.background, light.background));
    CHECK_FALSE(same(dark.text, light.text));
    CHECK_FALSE(same(dark.clientLine, light.clientLine));
    CHECK_FALSE(same(dark.serverLine, light.serverLine));
    // Dark has light text on a dark background, Light the other way round.
    CHECK(app::contrastRatio(dark.background, ImVec4(0, 0, 0, 1)) < 1.5f);
    CHECK(app::contrastRatio(light.background, ImVec4(1, 1, 1, 1)) < 1.5f);
}

TEST_CASE("every kind of text reaches 7:1 (WCAG AAA) in both themes")
{
    for (const Theme theme : app::kThemes) {
        const app::Palette& p = app::palette(theme);
        INFO("theme " << app::themeCode(theme));
        struct Colour {
            const char* name;
            ImVec4 value;
        };
        const Colour texts[] = {{"text", p.text},
                                {"textDim", p.textDim},
                                {"clientLine", p.clientLine},
                                {"serverLine", p.serverLine},
                                {"note", p.note},
                                {"error", p.error},
                                {"pendingLine", p.pendingLine},
                                {"markedForDeletion", p.markedForDeletion},
                                {"inFlight", p.inFlight}};
        for (const Colour& text : texts) {
            INFO(text.name);
            CHECK(text.value.w == 1.0f);
            CHECK(app::contrastRatio(text.value, p.background) >= 7.0f);
            CHECK(app::contrastRatio(text.value, p.cardBackground) >= 7.0f);
        }
        // The step cursor's row: transcript lines stay readable on it.
        for (const ImVec4& line : {p.text, p.clientLine, p.serverLine, p.note, p.pendingLine})
            CHECK(app::contrastRatio(line, p.cursorBackground) >= 7.0f);
        // Borders and focus are non-text UI: at least 3:1 (WCAG 1.4.11).
        CHECK(app::contrastRatio(p.border, p.background) >= 3.0f);
        CHECK(app::contrastRatio(p.accent, p.background) >= 3.0f);
        CHECK(app::contrastRatio(p.cursorMarker, p.background) >= 3.0f);
    }
}

TEST_CASE("applyTheme sets ImGui's style: colours, visible borders, scaled sizes")
{
    const Context context;
    for (const Theme theme : app::kThemes) {
        INFO("theme " << app::themeCode(theme));
        app::applyTheme(theme, 1.0f);
        CHECK(app::currentTheme() == theme);
        CHECK(&app::palette() == &app::palette(theme));
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImVec4* c = style.Colors;
        CHECK(same(c[ImGuiCol_Text], app::palette(theme).text));
        CHECK(same(c[ImGuiCol_WindowBg], app::palette(theme).background));
        CHECK(style.WindowBorderSize >= 1.0f);
        CHECK(style.FrameBorderSize >= 1.0f);
        CHECK(app::contrastRatio(c[ImGuiCol_Border], c[ImGuiCol_WindowBg]) >= 3.0f);
        // Text on every opaque surface ImGui draws it on.
        for (const ImGuiCol surface :
             {ImGuiCol_WindowBg, ImGuiCol_PopupBg, ImGuiCol_FrameBg, ImGuiCol_FrameBgHovered, ImGuiCol_FrameBgActive,
              ImGuiCol_TitleBg, ImGuiCol_TitleBgActive, ImGuiCol_MenuBarBg, ImGuiCol_Button, ImGuiCol_ButtonHovered,
              ImGuiCol_ButtonActive, ImGuiCol_Header, ImGuiCol_HeaderHovered, ImGuiCol_HeaderActive, ImGuiCol_Tab,
              ImGuiCol_TabActive, ImGuiCol_TableHeaderBg}) {
            INFO("surface " << ImGui::GetStyleColorName(surface));
            REQUIRE(c[surface].w == 1.0f);
            CHECK(app::contrastRatio(c[ImGuiCol_Text], c[surface]) >= 7.0f);
        }
        // Dimmed text (hints, summaries, empty states) on the surfaces it appears on: AA at least.
        for (const ImGuiCol surface : {ImGuiCol_WindowBg, ImGuiCol_PopupBg, ImGuiCol_FrameBg, ImGuiCol_MenuBarBg,
                                       ImGuiCol_TableHeaderBg}) {
            INFO("surface " << ImGui::GetStyleColorName(surface));
            CHECK(app::contrastRatio(c[ImGuiCol_TextDisabled], c[surface]) >= 4.5f);
        }

        const ImVec2 padding = style.FramePadding;
        const float scrollbar = style.ScrollbarSize;
        app::applyTheme(theme, 2.0f);
        CHECK(ImGui::GetStyle().FramePadding.x == doctest::Approx(padding.x * 2.0f));
        CHECK(ImGui::GetStyle().ScrollbarSize == doctest::Approx(scrollbar * 2.0f));
        app::applyTheme(theme, 1.0f);  // not cumulative
        CHECK(ImGui::GetStyle().FramePadding.x == doctest::Approx(padding.x));
    }
}

TEST_CASE("theme codes")
{
    CHECK(app::themeCode(Theme::Dark) == "dark");
    CHECK(app::themeCode(Theme::Light) == "light");
    CHECK(app::themeFromCode("Light") == Theme::Light);
    CHECK(app::themeFromCode("dark") == Theme::Dark);
    CHECK_FALSE(app::themeFromCode("blue").has_value());
    CHECK(std::string(app::themeNameKey(Theme::Light)) == "theme.light");
}

}  // TEST_SUITE
