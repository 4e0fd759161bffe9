// A Dear ImGui context without any backend or GL, for testing panels.
#include "headless_ui.h"

#include <sstream>

#include "app/ui/fonts.h"

namespace mailscope::test {

ImGuiHeadless::ImGuiHeadless(ImVec2 displaySize)
{
    IMGUI_CHECKVERSION();
    m_context = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = displaySize;
    io.DeltaTime = 1.0f / 60.0f;
    io.ClipboardUserData = this;
    io.SetClipboardTextFn = &ImGuiHeadless::captureClipboard;
    std::ostringstream warnings;
    app::setupDpiScale(1.0f, app::defaultFontFile(), warnings);
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
}

void ImGuiHeadless::setScale(float scale)
{
    std::ostringstream warnings;
    app::setupDpiScale(scale, app::defaultFontFile(), warnings);
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0;
    int height = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
}

ImGuiHeadless::~ImGuiHeadless()
{
    ImGui::DestroyContext(m_context);
}

void ImGuiHeadless::frame(const std::function<void()>& draw)
{
    ImGui::NewFrame();
    draw();
    ImGui::Render();
}

std::string ImGuiHeadless::captureText(const std::function<void()>& draw, int warmup)
{
    for (int i = 0; i < warmup; ++i)
        frame(draw);
    m_captured.clear();
    frame([&] {
        ImGui::LogToClipboard(0);  // depth 0: logging opens no tree node that the user left closed
        draw();
        ImGui::LogFinish();  // no-op when a window's End already finished the log
    });
    return m_captured;
}

void ImGuiHeadless::click(ImVec2 pos, const std::function<void()>& draw)
{
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    frame(draw);
    io.MouseDown[0] = true;
    frame(draw);
    io.MouseDown[0] = false;
    frame(draw);
}

void ImGuiHeadless::captureClipboard(void* self, const char* text)
{
    static_cast<ImGuiHeadless*>(self)->m_captured = text;
}

}  // namespace mailscope::test
