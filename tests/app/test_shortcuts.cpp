// Tests for the keyboard shortcuts (zoom, play/pause, steps, reset) and the zoom steps
// they move between, with a headless ImGui context.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <vector>

#include <imgui.h>

#include "app/ui/fonts.h"
#include "app/ui/i18n.h"
#include "app/ui/shortcuts.h"
#include "headless_ui.h"

using namespace mailscope;
using app::Shortcut;

namespace {

// Native key codes for the test (any distinct indices below 512 would do).
constexpr int kSpace = 32;
constexpr int kLeft = 263;
constexpr int kRight = 262;
constexpr int kDown = 264;

app::ShortcutKeys testKeys()
{
    app::ShortcutKeys keys;
    keys.equal = 61;
    keys.minus = 45;
    keys.digit0 = 48;
    keys.r = 82;
    keys.keypadAdd = 334;
    keys.keypadSubtract = 333;
    keys.keypad0 = 320;
    return keys;
}

struct Modifiers {
    bool ctrl = false;
    bool shift = false;
    bool alt = false;
};

/// Drives frames in a headless context and reports what pollShortcuts() returned.
class Keyboard {
public:
    Keyboard()
    {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_Space] = kSpace;
        io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
        io.KeyMap[ImGuiKey_RightArrow] = kRight;
        io.KeyMap[ImGuiKey_DownArrow] = kDown;
    }

    /// One frame drawing `extra` (if any) and polling the shortcuts.
    std::vector<Shortcut> frame(const std::function<void()>& extra = {})
    {
        std::vector<Shortcut> got;
        m_ui.frame([&] {
            if (extra)
                extra();
            got = app::pollShortcuts(m_keys);
        });
        return got;
    }

    /// Presses `key` with `mods` for one frame and releases it; returns the press frame's shortcuts.
    std::vector<Shortcut> press(int key, Modifiers mods = {}, const std::function<void()>& extra = {})
    {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = mods.ctrl;
        io.KeyShift = mods.shift;
        io.KeyAlt = mods.alt;
        frame(extra);
        io.KeysDown[key] = true;
        const std::vector<Shortcut> got = frame(extra);
        io.KeysDown[key] = false;
        io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
        frame(extra);
        return got;
    }

    const app::ShortcutKeys& keys() const { return m_keys; }
    test::ImGuiHeadless& ui() { return m_ui; }

private:
    test::ImGuiHeadless m_ui;
    app::ShortcutKeys m_keys = testKeys();
};

using Shortcuts = std::vector<Shortcut>;

}  // namespace

TEST_SUITE("app.shortcuts") {

TEST_CASE("zoom shortcuts: Ctrl =, Ctrl -, Ctrl 0 and the keypad")
{
    Keyboard keyboard;
    const app::ShortcutKeys& keys = keyboard.keys();
    const Modifiers ctrl{.ctrl = true};
    CHECK(keyboard.press(keys.equal, ctrl) == Shortcuts{Shortcut::ZoomIn});
    CHECK(keyboard.press(keys.equal, {.ctrl = true, .shift = true}) == Shortcuts{Shortcut::ZoomIn});  // Ctrl +
    CHECK(keyboard.press(keys.keypadAdd, ctrl) == Shortcuts{Shortcut::ZoomIn});
    CHECK(keyboard.press(keys.minus, ctrl) == Shortcuts{Shortcut::ZoomOut});
    CHECK(keyboard.press(keys.keypadSubtract, ctrl) == Shortcuts{Shortcut::ZoomOut});
    CHECK(keyboard.press(keys.digit0, ctrl) == Shortcuts{Shortcut::ZoomReset});
    CHECK(keyboard.press(keys.keypad0, ctrl) == Shortcuts{Shortcut::ZoomReset});
    CHECK(keyboard.press(keys.r, ctrl) == Shortcuts{Shortcut::Reset});

    SUBCASE("without Ctrl, or with Alt, they are just keys")
    {
        CHECK(keyboard.press(keys.equal).empty());
        CHECK(keyboard.press(keys.digit0).empty());
        CHECK(keyboard.press(keys.r).empty());
        CHECK(keyboard.press(keys.minus, {.ctrl = true, .alt = true}).empty());
    }
}

TEST_CASE("playback shortcuts: Space, arrows, Shift+Right")
{
    Keyboard keyboard;
    CHECK(keyboard.press(kSpace) == Shortcuts{Shortcut::PlayPause});
    CHECK(keyboard.press(kRight) == Shortcuts{Shortcut::StepLine});
    CHECK(keyboard.press(kRight, {.shift = true}) == Shortcuts{Shortcut::StepAction});
    CHECK(keyboard.press(kDown) == Shortcuts{Shortcut::StepAction});
    CHECK(keyboard.press(kLeft) == Shortcuts{Shortcut::StepBack});
    CHECK(keyboard.press(kRight, {.ctrl = true}).empty());
    CHECK(keyboard.press(kSpace, {.ctrl = true}).empty());
    CHECK(keyboard.frame().empty());  // nothing pressed, nothing asked
}

TEST_CASE("a held step key repeats, a held Space does not")
{
    Keyboard keyboard;
    ImGuiIO& io = ImGui::GetIO();
    auto count = [&](int key, Shortcut wanted) {
        keyboard.frame();
        io.KeysDown[key] = true;
        int times = 0;
        for (int i = 0; i < 120; ++i)  // two seconds at 60 frames per second
            for (const Shortcut s : keyboard.frame())
                times += s == wanted ? 1 : 0;
        io.KeysDown[key] = false;
        keyboard.frame();
        return times;
    };
    CHECK(count(kRight, Shortcut::StepLine) > 5);
    CHECK(count(kSpace, Shortcut::PlayPause) == 1);
}

TEST_CASE("keys typed into a text field are not shortcuts")
{
    Keyboard keyboard;
    char text[64] = "";
    bool focus = true;
    const auto textField = [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::Begin("typing");
        if (focus)
            ImGui::SetKeyboardFocusHere();
        focus = false;
        ImGui::InputText("##name", text, sizeof text);
        ImGui::End();
    };
    for (int i = 0; i < 3; ++i)
        keyboard.frame(textField);
    REQUIRE(ImGui::GetIO().WantTextInput);
    CHECK(keyboard.press(kSpace, {}, textField).empty());
    CHECK(keyboard.press(kLeft, {}, textField).empty());
    CHECK(keyboard.press(keyboard.keys().digit0, {.ctrl = true}, textField).empty());
}

TEST_CASE("unbound keys never fire")
{
    Keyboard keyboard;
    app::ShortcutKeys none;  // every native key -1
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    std::vector<Shortcut> got;
    keyboard.ui().frame([&] { got = app::pollShortcuts(none); });
    CHECK(got.empty());
    io.KeyCtrl = false;
}

TEST_CASE("shortcut texts for menus")
{
    app::setLanguage(core::Language::English);  // other tests may have left Polish on
    CHECK(std::string(app::shortcutText(Shortcut::ZoomIn)) == "Ctrl++");
    CHECK(std::string(app::shortcutText(Shortcut::Reset)) == "Ctrl+R");
    CHECK(std::string(app::shortcutText(Shortcut::PlayPause)) == "Space");
}

}  // TEST_SUITE

TEST_SUITE("app.zoom") {

TEST_CASE("zoom moves between steps from 0.5 to 3")
{
    CHECK(app::zoomIn(1.0f) == doctest::Approx(1.1f));
    CHECK(app::zoomOut(1.0f) == doctest::Approx(0.9f));
    CHECK(app::zoomIn(app::kZoomMax) == doctest::Approx(app::kZoomMax));
    CHECK(app::zoomOut(app::kZoomMin) == doctest::Approx(app::kZoomMin));
    CHECK(app::zoomIn(1.3f) == doctest::Approx(1.5f));  // off-step values go to the next step
    CHECK(app::zoomOut(1.3f) == doctest::Approx(1.25f));

    SUBCASE("in and out walk every step and come back")
    {
        float zoom = app::kZoomMin;
        int steps = 0;
        while (zoom < app::kZoomMax && steps < 100) {
            const float next = app::zoomIn(zoom);
            REQUIRE(next > zoom);
            zoom = next;
            ++steps;
        }
        CHECK(steps == static_cast<int>(std::size(app::kZoomSteps)) - 1);
        while (zoom > app::kZoomMin && steps > 0) {
            zoom = app::zoomOut(zoom);
            --steps;
        }
        CHECK(steps == 0);
        CHECK(zoom == doctest::Approx(app::kZoomMin));
    }
    SUBCASE("clamping")
    {
        CHECK(app::clampZoom(10.0f) == doctest::Approx(app::kZoomMax));
        CHECK(app::clampZoom(0.1f) == doctest::Approx(app::kZoomMin));
        CHECK(app::clampZoom(std::nanf("")) == doctest::Approx(app::kZoomDefault));
        CHECK(app::clampZoom(1.25f) == doctest::Approx(1.25f));
    }
}

}  // TEST_SUITE
