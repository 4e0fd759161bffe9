// A Dear ImGui context without any backend or GL, for testing panels: frames are
// NewFrame..Render, text drawn in a window is captured through ImGui's logging.
#pragma once

#include <functional>
#include <string>

#include <imgui.h>

namespace mailscope::test {

class ImGuiHeadless {
public:
    /// A context with the app's fonts and style at scale 1 and a display of this size.
    explicit ImGuiHeadless(ImVec2 displaySize = ImVec2(1280.0f, 720.0f));
    ~ImGuiHeadless();
    ImGuiHeadless(const ImGuiHeadless&) = delete;
    ImGuiHeadless& operator=(const ImGuiHeadless&) = delete;

    /// One frame: NewFrame, draw(), Render.
    void frame(const std::function<void()>& draw);

    /// Runs `warmup` frames, then one more in which the text rendered by the first
    /// top-level window that `draw` ends (ImGui stops logging at its End) is returned.
    std::string captureText(const std::function<void()>& draw, int warmup = 1);

    /// Fonts and style at another UI scale (a zoom: 1.5 is 150%), as the window rebuilds them.
    void setScale(float scale);

    /// Moves the mouse to `pos` and clicks the left button there (hover, press, release).
    void click(ImVec2 pos, const std::function<void()>& draw);

private:
    static void captureClipboard(void* self, const char* text);

    ImGuiContext* m_context = nullptr;
    std::string m_captured;
};

}  // namespace mailscope::test
