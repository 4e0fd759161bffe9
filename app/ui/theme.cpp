// High-contrast Dark and Light themes: the ImGui style and the panels' palette.
#include "app/ui/theme.h"

#include <cmath>

#include "protocols/core/catalogue.h"

namespace mailscope::app {

namespace {

// [SECTION] colours

/// An sRGB colour from 0xRRGGBB.
ImVec4 rgb(unsigned hex, float alpha = 1.0f)
{
    return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f, static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
                  static_cast<float>(hex & 0xFF) / 255.0f, alpha);
}

/// The surfaces ImGui draws text on, and its other widget colours, per theme. Text on any
/// of the opaque ones stays at 7:1 or better (tests/app/test_theme.cpp checks).
struct Surfaces {
    ImVec4 popup;          ///< popups, menus, tooltips
    ImVec4 frame;          ///< input fields, checkboxes, sliders
    ImVec4 frameHovered;
    ImVec4 frameActive;
    ImVec4 button;         ///< buttons, selected rows, collapsing headers, tabs
    ImVec4 buttonHovered;
    ImVec4 buttonActive;
    ImVec4 title;          ///< inactive window title
    ImVec4 titleActive;    ///< focused window title
    ImVec4 menuBar;
    ImVec4 tableHeader;
    ImVec4 tableBorderLight;
    ImVec4 tableRowAlt;    ///< translucent stripe on odd rows
    ImVec4 scrollbarGrab;
    ImVec4 scrollbarGrabHovered;
    ImVec4 scrollbarGrabActive;
    ImVec4 selectedText;   ///< translucent: behind selected text
    ImVec4 modalDim;       ///< translucent: over the window behind a modal
};

const Palette kDarkPalette = {
    .background = rgb(0x121318),
    .text = rgb(0xFFFFFF),
    .textDim = rgb(0xB9BCC6),
    .border = rgb(0x7A7F8E),
    .accent = rgb(0xFFD24A),
    .cardBackground = rgb(0x1B1D24),
    .clientLine = rgb(0xA8DBFF),
    .serverLine = rgb(0xA6F0A6),
    .note = rgb(0xF0D080),
    .error = rgb(0xFF8F85),
    .pendingLine = rgb(0xEAC8FF),
    .cursorBackground = rgb(0x213150),
    .cursorMarker = rgb(0xFFD24A),
    .markedForDeletion = rgb(0xFFB0A8),
    .inFlight = rgb(0xFFC266),
};

const Surfaces kDarkSurfaces = {
    .popup = rgb(0x1A1C23),
    .frame = rgb(0x23262F),
    .frameHovered = rgb(0x2C303B),
    .frameActive = rgb(0x343947),
    .button = rgb(0x2A3D5E),
    .buttonHovered = rgb(0x304870),
    .buttonActive = rgb(0x36537F),
    .title = rgb(0x1A1C23),
    .titleActive = rgb(0x24324F),
    .menuBar = rgb(0x1A1C23),
    .tableHeader = rgb(0x1F2330),
    .tableBorderLight = rgb(0x4A4E5A),
    .tableRowAlt = rgb(0xFFFFFF, 0.05f),
    .scrollbarGrab = rgb(0x5A5F6E),
    .scrollbarGrabHovered = rgb(0x7A8091),
    .scrollbarGrabActive = rgb(0x9AA0B0),
    .selectedText = rgb(0x7CC4FF, 0.35f),
    .modalDim = rgb(0x000000, 0.6f),
};

const Palette kLightPalette = {
    .background = rgb(0xFFFFFF),
    .text = rgb(0x000000),
    .textDim = rgb(0x4D4D57),
    .border = rgb(0x5C5C66),
    .accent = rgb(0xC25E00),
    .cardBackground = rgb(0xF4F6F9),
    .clientLine = rgb(0x003C8F),
    .serverLine = rgb(0x004D1A),
    .note = rgb(0x5E4100),
    .error = rgb(0xA3001B),
    .pendingLine = rgb(0x6A1B9A),
    .cursorBackground = rgb(0xFFF0C0),
    .cursorMarker = rgb(0xC25E00),
    .markedForDeletion = rgb(0x8F0017),
    .inFlight = rgb(0x7A3D00),
};

const Surfaces kLightSurfaces = {
    .popup = rgb(0xFFFFFF),
    .frame = rgb(0xEDEFF3),
    .frameHovered = rgb(0xDDE3EE),
    .frameActive = rgb(0xC9D4E8),
    .button = rgb(0xD6E2F5),
    .buttonHovered = rgb(0xBFD2F0),
    .buttonActive = rgb(0xA6C0EA),
    .title = rgb(0xE4E7ED),
    .titleActive = rgb(0xC9D8F0),
    .menuBar = rgb(0xE9ECF1),
    .tableHeader = rgb(0xDDE2EA),
    .tableBorderLight = rgb(0xA0A4AE),
    .tableRowAlt = rgb(0x000000, 0.04f),
    .scrollbarGrab = rgb(0x9A9EA8),
    .scrollbarGrabHovered = rgb(0x7A7E88),
    .scrollbarGrabActive = rgb(0x5A5E68),
    .selectedText = rgb(0x3D8BFF, 0.30f),
    .modalDim = rgb(0x000000, 0.35f),
};

Theme g_theme = Theme::Dark;

const Surfaces& surfaces(Theme theme)
{
    return theme == Theme::Light ? kLightSurfaces : kDarkSurfaces;
}

// [SECTION] style

/// Sizes at scale 1: roomy frames, visible borders on every window, frame and popup.
void setSizes(ImGuiStyle& style)
{
    style.WindowPadding = ImVec2(8.0f, 8.0f);
    style.FramePadding = ImVec2(8.0f, 4.0f);
    style.ItemSpacing = ImVec2(8.0f, 6.0f);
    style.ItemInnerSpacing = ImVec2(6.0f, 4.0f);
    style.CellPadding = ImVec2(6.0f, 3.0f);
    style.ScrollbarSize = 16.0f;
    style.GrabMinSize = 12.0f;
    style.WindowBorderSize = 1.0f;
    style.ChildBorderSize = 1.0f;
    style.PopupBorderSize = 1.0f;
    style.FrameBorderSize = 1.0f;
    style.TabBorderSize = 1.0f;
    style.WindowRounding = 0.0f;
    style.ChildRounding = 3.0f;
    style.FrameRounding = 3.0f;
    style.PopupRounding = 3.0f;
    style.ScrollbarRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.TabRounding = 3.0f;
}

void setColours(ImGuiStyle& style, const Palette& p, const Surfaces& s)
{
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = p.text;
    c[ImGuiCol_TextDisabled] = p.textDim;
    c[ImGuiCol_WindowBg] = p.background;
    c[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);  // children show their window's background
    c[ImGuiCol_PopupBg] = s.popup;
    c[ImGuiCol_Border] = p.border;
    c[ImGuiCol_BorderShadow] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
    c[ImGuiCol_FrameBg] = s.frame;
    c[ImGuiCol_FrameBgHovered] = s.frameHovered;
    c[ImGuiCol_FrameBgActive] = s.frameActive;
    c[ImGuiCol_TitleBg] = s.title;
    c[ImGuiCol_TitleBgActive] = s.titleActive;
    c[ImGuiCol_TitleBgCollapsed] = s.title;
    c[ImGuiCol_MenuBarBg] = s.menuBar;
    c[ImGuiCol_ScrollbarBg] = p.background;
    c[ImGuiCol_ScrollbarGrab] = s.scrollbarGrab;
    c[ImGuiCol_ScrollbarGrabHovered] = s.scrollbarGrabHovered;
    c[ImGuiCol_ScrollbarGrabActive] = s.scrollbarGrabActive;
    c[ImGuiCol_CheckMark] = p.clientLine;
    // Slider values are drawn over the grab: translucent, so the text stays readable.
    c[ImGuiCol_SliderGrab] = ImVec4(p.clientLine.x, p.clientLine.y, p.clientLine.z, 0.45f);
    c[ImGuiCol_SliderGrabActive] = ImVec4(p.accent.x, p.accent.y, p.accent.z, 0.6f);
    c[ImGuiCol_Button] = s.button;
    c[ImGuiCol_ButtonHovered] = s.buttonHovered;
    c[ImGuiCol_ButtonActive] = s.buttonActive;
    c[ImGuiCol_Header] = s.button;
    c[ImGuiCol_HeaderHovered] = s.buttonHovered;
    c[ImGuiCol_HeaderActive] = s.buttonActive;
    c[ImGuiCol_Separator] = p.border;
    c[ImGuiCol_SeparatorHovered] = p.accent;
    c[ImGuiCol_SeparatorActive] = p.accent;
    c[ImGuiCol_ResizeGrip] = s.scrollbarGrab;
    c[ImGuiCol_ResizeGripHovered] = p.accent;
    c[ImGuiCol_ResizeGripActive] = p.accent;
    c[ImGuiCol_Tab] = s.frame;
    c[ImGuiCol_TabHovered] = s.buttonHovered;
    c[ImGuiCol_TabActive] = s.button;
    c[ImGuiCol_TabUnfocused] = s.frame;
    c[ImGuiCol_TabUnfocusedActive] = s.button;
    c[ImGuiCol_PlotLines] = p.clientLine;
    c[ImGuiCol_PlotLinesHovered] = p.accent;
    c[ImGuiCol_PlotHistogram] = p.clientLine;
    c[ImGuiCol_PlotHistogramHovered] = p.accent;
    c[ImGuiCol_TableHeaderBg] = s.tableHeader;
    c[ImGuiCol_TableBorderStrong] = p.border;
    c[ImGuiCol_TableBorderLight] = s.tableBorderLight;
    c[ImGuiCol_TableRowBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
    c[ImGuiCol_TableRowBgAlt] = s.tableRowAlt;
    c[ImGuiCol_TextSelectedBg] = s.selectedText;
    c[ImGuiCol_DragDropTarget] = p.accent;
    c[ImGuiCol_NavHighlight] = p.accent;  // keyboard focus: a strong outline
    c[ImGuiCol_NavWindowingHighlight] = p.accent;
    c[ImGuiCol_NavWindowingDimBg] = s.modalDim;
    c[ImGuiCol_ModalWindowDimBg] = s.modalDim;
}

/// sRGB channel to linear light (WCAG 2 relative luminance).
float linear(float channel)
{
    return channel <= 0.04045f ? channel / 12.92f : std::pow((channel + 0.055f) / 1.055f, 2.4f);
}

float luminance(const ImVec4& c)
{
    return 0.2126f * linear(c.x) + 0.7152f * linear(c.y) + 0.0722f * linear(c.z);
}

}  // namespace

// [SECTION] public functions

const Palette& palette(Theme theme)
{
    return theme == Theme::Light ? kLightPalette : kDarkPalette;
}

const Palette& palette()
{
    return palette(g_theme);
}

Theme currentTheme()
{
    return g_theme;
}

void applyTheme(Theme theme, float scale)
{
    g_theme = theme;
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    setSizes(style);
    setColours(style, palette(theme), surfaces(theme));
    style.ScaleAllSizes(scale);
}

std::string_view themeCode(Theme theme)
{
    switch (theme) {
    case Theme::Dark: return "dark";
    case Theme::Light: return "light";
    }
    return "dark";
}

std::optional<Theme> themeFromCode(std::string_view code)
{
    for (const Theme theme : kThemes)
        if (core::equalsIgnoreCase(code, themeCode(theme)))
            return theme;
    return std::nullopt;
}

const char* themeNameKey(Theme theme)
{
    switch (theme) {
    case Theme::Dark: return "theme.dark";
    case Theme::Light: return "theme.light";
    }
    return "theme.dark";
}

float contrastRatio(const ImVec4& a, const ImVec4& b)
{
    const float la = luminance(a);
    const float lb = luminance(b);
    const float lighter = la > lb ? la : lb;
    const float darker = la > lb ? lb : la;
    return (lighter + 0.05f) / (darker + 0.05f);
}

}  // namespace mailscope::app
