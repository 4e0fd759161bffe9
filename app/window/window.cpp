// The desktop window: GLFW + OpenGL 3.3 core (glad) + Dear ImGui, drawing the panels.
#include "app/window/window.h"

#include <iostream>
#include <memory>

#include <glad/gl.h>
// glad first: GLFW must not include the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/ui/app_store.h"
#include "app/ui/fonts.h"
#include "app/ui/panels.h"
#include "app/window/screenshot.h"
#include "protocols/tls/tls.h"
#include "sim/net/net_server.h"
#include "sim/server_host.h"

namespace mailscope::app {

namespace {

void reportGlfwError(int code, const char* description)
{
    std::cerr << "mailscope: GLFW error " << code << ": " << description << "\n";
}

int cannotOpenWindow(const char* what)
{
    std::cerr << "mailscope: " << what
              << ". Without a display, run `mailscope demo` for the text-only version.\n";
    return 1;
}

/// The window's content scale (1 on a plain 96 dpi screen and under Xvfb).
float contentScale(GLFWwindow* window)
{
    float x = 1.0f;
    float y = 1.0f;
    glfwGetWindowContentScale(window, &x, &y);
    return x > 0.0f ? x : 1.0f;
}

/// Opens the POP3 and IMAP ports (as `mailscope serve` does, plain and TLS) so a real
/// mail client can work on the same store while the window shows it. Failing to open
/// them is not fatal: the window runs without them and says why.
std::unique_ptr<sim::net::NetServer> startListeners(sim::ServerHost& host, std::ostream& err)
{
    std::string error;
    sim::net::NetConfig config;
    const auto certificate = tls::loadOrCreate(tls::configDirectory(), sim::net::realNow(), error);
    std::shared_ptr<tls::Context> context = certificate ? tls::Context::server(*certificate, error) : nullptr;
    if (!context) {
        err << "mailscope: the TLS ports stay closed: " << error << "\n";
        config.ports.pop3s = 0;
        config.ports.imaps = 0;
    }
    auto net = std::make_unique<sim::net::NetServer>(host, config, context);
    if (!net->open(error)) {
        err << "mailscope: real mail clients cannot connect: " << error
            << " (is `mailscope serve` or another mailscope already running?)\n";
        return nullptr;
    }
    return net;
}

/// The ImGui context, the store and the frame loop, for a window whose GL context is current.
int runFrames(GLFWwindow* window, const CliOptions& options)
{
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // panels are laid out by the app, not by imgui.ini
    const bool screenshot = options.command == CliCommand::Screenshot;
    if (screenshot)
        io.ConfigFlags |= ImGuiConfigFlags_NoMouse;  // the same picture wherever the pointer is
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    // UIDVALIDITY from the clock, so a real client's cache never mistakes one run's
    // mailboxes for another's.
    mail::MailStore store(static_cast<std::uint32_t>(sim::net::realNow()));
    seedAppStore(store, std::cerr);  // on failure the panels show the empty store
    PanelVisibility visible;
    sim::ServerHost host(store, sim::HostConfig{true, true, false});
    const std::unique_ptr<sim::net::NetServer> net = screenshot ? nullptr : startListeners(host, std::cerr);

    int exitCode = 0;
    int frame = 0;
    float scale = 0.0f;
    while (!glfwWindowShouldClose(window)) {
        glfwPollEvents();
        if (net) net->poll();  // one thread owns the store: real clients are served here
        if (const float now = contentScale(window); now != scale) {
            scale = now;
            setupDpiScale(scale, defaultFontFile(), std::cerr);
            ImGui_ImplOpenGL3_DestroyDeviceObjects();  // NewFrame recreates them, with the new font texture
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        drawPanels(visible, store);
        ImGui::Render();

        int width = 0;
        int height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.10f, 0.10f, 0.12f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (screenshot && ++frame >= options.frames) {
            exitCode = saveScreenshot(options.screenshotFile, width, height, std::cerr) ? 0 : 1;
            glfwSetWindowShouldClose(window, GLFW_TRUE);
        }
        glfwSwapBuffers(window);
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    return exitCode;
}

}  // namespace

int runWindow(const CliOptions& options)
{
    glfwSetErrorCallback(reportGlfwError);
    if (!glfwInit())
        return cannotOpenWindow("cannot start GLFW (is there a display?)");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, "mailscope", nullptr, nullptr);
    if (window == nullptr) {
        glfwTerminate();
        return cannotOpenWindow("cannot open an OpenGL 3.3 core window");
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(options.command == CliCommand::Screenshot ? 0 : 1);
    int exitCode = 1;
    if (gladLoadGL(glfwGetProcAddress) == 0)
        cannotOpenWindow("cannot load the OpenGL 3.3 functions");
    else
        exitCode = runFrames(window, options);
    glfwDestroyWindow(window);
    glfwTerminate();
    return exitCode;
}

}  // namespace mailscope::app
