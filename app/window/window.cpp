// The desktop window: GLFW + OpenGL 3.3 core (glad) + Dear ImGui, drawing the panels;
// settings, theme, language and zoom applied between frames.
#include "app/window/window.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include <glad/gl.h>
// glad first: GLFW must not include the system GL header.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/panels/control_bar.h"
#include "app/ui/assets.h"
#include "app/ui/explorer.h"
#include "app/ui/fonts.h"
#include "app/ui/i18n.h"
#include "app/ui/panels.h"
#include "app/ui/settings.h"
#include "app/ui/shortcuts.h"
#include "app/ui/theme.h"
#include "app/window/screenshot.h"
#include "protocols/tls/tls.h"
#include "sim/net/net_server.h"
#include "sim/scenario.h"
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

/// The GLFW key codes of the shortcut keys ImGui 1.86 has no ImGuiKey_ for.
ShortcutKeys glfwShortcutKeys()
{
    ShortcutKeys keys;
    keys.equal = GLFW_KEY_EQUAL;
    keys.minus = GLFW_KEY_MINUS;
    keys.digit0 = GLFW_KEY_0;
    keys.r = GLFW_KEY_R;
    keys.keypadAdd = GLFW_KEY_KP_ADD;
    keys.keypadSubtract = GLFW_KEY_KP_SUBTRACT;
    keys.keypad0 = GLFW_KEY_KP_0;
    return keys;
}

/// Applies the zoom shortcuts to `zoom`; the others are for the explorer.
void applyZoomShortcuts(const std::vector<Shortcut>& shortcuts, float& zoom)
{
    for (const Shortcut shortcut : shortcuts) {
        if (shortcut == Shortcut::ZoomIn)
            zoom = zoomIn(zoom);
        else if (shortcut == Shortcut::ZoomOut)
            zoom = zoomOut(zoom);
        else if (shortcut == Shortcut::ZoomReset)
            zoom = kZoomDefault;
    }
}

/// Where imgui.ini goes: static, because ImGui keeps the pointer until DestroyContext.
/// nullptr (no ini) when there is no config directory or it cannot be created.
const char* imguiIniPath()
{
    static std::string path;
    const std::filesystem::path file = imguiIniFile();
    if (file.empty())
        return nullptr;
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec) {
        std::cerr << "mailscope: the window layout will not be saved: " << file.parent_path().string() << ": "
                  << ec.message() << "\n";
        return nullptr;
    }
    path = file.string();
    return path.c_str();
}

void save(const Settings& settings)
{
    std::string error;
    if (!saveSettings(settings, settingsFile(), error))
        std::cerr << "mailscope: warning: " << error << "\n";
}

/// The real POP3 and IMAP ports (as `mailscope serve` opens them, plain and TLS), on the
/// host of the world the window shows (Explorer::liveWorld()), so a real mail client works
/// on the same server as the simulated devices and appears as its own column. Closed
/// before and reopened after every rebuild of that world (its host goes away with it).
/// Failing to open them is not fatal: the window runs without them and says why.
class Listeners {
public:
    explicit Listeners(RealClients& shown) : m_shown(shown) {}

    bool open() const { return m_net != nullptr; }

    /// Opens the ports on `world`'s host; on failure keeps the reason for the UI.
    void start(sim::World& world, std::ostream& err)
    {
        stop();
        std::string error;
        sim::net::NetConfig config;
        if (!m_tlsTried) {
            m_tlsTried = true;
            const auto certificate = tls::loadOrCreate(tls::configDirectory(), sim::net::realNow(), error);
            m_tls = certificate ? tls::Context::server(*certificate, error) : nullptr;
            if (!m_tls)
                err << "mailscope: the TLS ports stay closed: " << error << "\n";
        }
        if (!m_tls) {
            config.ports.pop3s = 0;
            config.ports.imaps = 0;
        }
        auto net = std::make_unique<sim::net::NetServer>(world.host(), config, m_tls);
        if (!net->open(error)) {
            err << "mailscope: real mail clients cannot connect: " << error
                << " (is `mailscope serve` or another mailscope already running?)\n";
            m_shown.error = error;
            return;
        }
        // A connection that ends takes its session off the host: keep a copy to show first.
        net->setLog([this, &world](const std::string&) { m_shown.keepClosed(world); });
        m_shown.error.clear();
        m_shown.ports = describePorts(net->listening());
        m_net = std::move(net);
    }

    /// Closes every connection and port; the sessions leave the host. What ended before is
    /// forgotten too: it belonged to the world being rebuilt.
    void stop()
    {
        m_net.reset();
        m_shown.ports.clear();
        m_shown.closed.clear();
    }

    void poll()
    {
        if (m_net)
            m_net->poll();
    }

private:
    RealClients& m_shown;
    std::unique_ptr<sim::net::NetServer> m_net;
    std::shared_ptr<tls::Context> m_tls;
    bool m_tlsTried = false;
};

/// The explorer on the scenario of --scenario, else the one opened last, else the default.
/// One that cannot be read leaves the default (or, without it, an empty world) and its
/// error on the banner. Then --compare, --steps and --select, so a screenshot shows a real state.
std::unique_ptr<Explorer> makeExplorer(const CliOptions& options, const Settings& settings)
{
    const std::filesystem::path fallback = scenarioPath(kDefaultScenario);
    sim::Scenario base;
    bool baseLoaded = false;
    try {
        base = sim::loadScenario(fallback, assetsDir());
        baseLoaded = true;
    } catch (const sim::ScenarioError&) {
        // LoadScenario below reports it.
    }
    sim::WorldOptions worldOptions;
    if (options.command != CliCommand::Screenshot) {
        // Real clients join this server: UIDVALIDITY from the clock so a client's cache
        // never takes one run's mailboxes for another's, and STARTTLS / STLS offered.
        worldOptions.firstUidValidity = static_cast<std::uint32_t>(sim::net::realNow());
        worldOptions.host.tlsAvailable = true;
    }
    auto explorer = std::make_unique<Explorer>(std::move(base), worldOptions);
    std::filesystem::path chosen = fallback;
    if (!options.scenario.empty())
        chosen = scenarioPath(options.scenario);
    else if (!settings.lastScenario.empty())
        chosen = settings.lastScenario;
    if (chosen != fallback || !baseLoaded)
        explorer->apply(LoadScenario{chosen.string()});
    explorer->apply(SetSpeed{settings.speed});
    if (options.compare || settings.compare)
        explorer->apply(SetCompare{true});
    if (!options.startLesson.empty()) {
        const std::filesystem::path file = findLesson(options.startLesson);
        if (file.empty()) {
            std::cerr << "mailscope: --lesson: no lesson \"" << options.startLesson << "\" in " << lessonsDir() << "\n";
        } else {
            explorer->apply(StartLesson{file.string()});
            if (!options.lessonStep.empty())
                explorer->apply(LessonIntent{LessonMove::SkipTo, {}, options.lessonStep});
            if (options.steps > 0 && explorer->lesson())
                explorer->apply(LessonIntent{LessonMove::Solve});  // the task done, then N lines carried
        }
    }
    for (std::size_t i = 0; i < options.steps; ++i)
        explorer->apply(StepLine{});
    if (!options.select.empty()) {
        if (const sim::Device* device = explorer->world().findDevice(options.select)) {
            const auto& entries = device->transcript().entries();
            for (std::size_t i = entries.size(); i-- > 0;)
                if (entries[i].kind != sim::EntryKind::Note) {
                    explorer->apply(SelectEntry{0, options.select, i});
                    break;
                }
        } else {
            std::cerr << "mailscope: --select: no device named \"" << options.select << "\" in the scenario\n";
        }
    }
    return explorer;
}

/// Writes the regions drawn in the last frame, one per line, beside the screenshot.
bool saveRegionList(const std::string& screenshotFile, const std::vector<std::string>& regions)
{
    const std::string file = screenshotFile + ".panels.txt";
    std::ofstream out(file, std::ios::trunc);
    for (const std::string& region : regions)
        out << region << "\n";
    out.flush();
    if (!out)
        std::cerr << "mailscope: cannot write " << file << "\n";
    return static_cast<bool>(out);
}

/// The ImGui context, the store and the frame loop, for a window whose GL context is current.
int runFrames(GLFWwindow* window, const CliOptions& options)
{
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    const bool screenshot = options.command == CliCommand::Screenshot;
    // Screenshots are deterministic: default settings, no imgui.ini read or written.
    Settings settings = screenshot ? Settings{} : loadSettings(settingsFile(), std::cerr);
    if (options.zoom > 0.0f)
        settings.zoom = options.zoom;
    if (!options.language.empty())
        settings.language = options.language == "pl" ? Language::Polish : Language::English;
    Settings saved = settings;
    io.IniFilename = screenshot ? nullptr : imguiIniPath();
    if (screenshot)
        io.ConfigFlags |= ImGuiConfigFlags_NoMouse;  // the same picture wherever the pointer is
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    const std::unique_ptr<Explorer> explorer = makeExplorer(options, settings);
    if (screenshot && !explorer->error().empty()) {
        std::cerr << "mailscope: " << explorer->error() << "\n";
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        return 1;
    }
    explorer->setAskBeforeReplacing(!screenshot);  // a click while rewound asks before replacing the later steps
    ExplorerUi ui;
    ui.welcomeOpen = !screenshot && !settings.welcomeSeen;  // the first screen, on a first run
    // Real mail clients join the shown world (declared after the explorer: closed first).
    Listeners listeners(ui.realClients);
    explorer->setRebuildHook([&](bool before) {
        if (!ui.realClients.on)
            return;
        if (before)
            listeners.stop();
        else
            listeners.start(explorer->liveWorld(), std::cerr);
    });
    const ShortcutKeys shortcutKeys = glfwShortcutKeys();

    int exitCode = 0;
    int frame = 0;
    std::size_t shot = 0;  // screenshots saved so far
    float scale = 0.0f;  // the UI scale the fonts were built for: content scale * zoom
    bool fontsUploaded = false;  // the backend has made its device objects (after the first NewFrame)
    while (!glfwWindowShouldClose(window)) {
        glfwPollEvents();
        // Real clients are served here (one thread owns the world); the View menu turns
        // the listeners on and off.
        if (const bool wanted = !screenshot && settings.listeners; wanted != ui.realClients.on) {
            ui.realClients.on = wanted;
            if (wanted)
                listeners.start(explorer->liveWorld(), std::cerr);
            else
                listeners.stop();
        }
        listeners.poll();

        // [SECTION] apply the settings: language now, theme and fonts before NewFrame
        setLanguage(settings.language);
        settings.zoom = clampZoom(settings.zoom);
        if (const float now = contentScale(window) * settings.zoom; now != scale) {
            scale = now;
            applyTheme(settings.theme, scale);  // setupDpiScale styles with the current theme
            setupDpiScale(scale, defaultFontFile(), std::cerr);
            // The new atlas needs its GL texture: replace only that (NewFrame makes the rest on
            // the first frame). Destroying every device object here left the window blank.
            ImGui_ImplOpenGL3_DestroyFontsTexture();
            if (fontsUploaded)
                ImGui_ImplOpenGL3_CreateFontsTexture();
            fontsUploaded = true;
        } else if (settings.theme != currentTheme()) {
            applyTheme(settings.theme, scale);  // colours and sizes only: the fonts stay
        }

        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        const std::vector<Shortcut> shortcuts = pollShortcuts(shortcutKeys);
        applyZoomShortcuts(shortcuts, settings.zoom);
        postShortcuts(*explorer, shortcuts);
        drawExplorer(*explorer, settings, ui);
        ImGui::Render();

        // [SECTION] the explorer's intents, playback, and what the settings remember of it
        // A screenshot's clock runs at a steady 60 frames a second, so the animations in it
        // are at the same point on every machine (--frames N: N/60 s after the last step).
        explorer->update(screenshot ? 1.0 / 60.0 : io.DeltaTime);
        settings.speed = explorer->speed();
        if (!explorer->lesson())
            settings.compare = explorer->compare();  // a lesson's own compare mode is not the user's choice
        if (!ui.requestedScenario.empty()) {
            if (explorer->error().empty())
                settings.lastScenario = ui.requestedScenario;
            ui.requestedScenario.clear();
        }
        if (ui.quit)
            glfwSetWindowShouldClose(window, GLFW_TRUE);
        // Saved when changed, once no mouse button is held (not on every step of a drag).
        if (!screenshot && settings != saved && !ImGui::IsAnyMouseDown()) {
            save(settings);
            saved = settings;
        }

        int width = 0;
        int height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        glViewport(0, 0, width, height);
        const ImVec4 background = palette().background;
        glClearColor(background.x, background.y, background.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (screenshot && ++frame >= options.frames) {
            // The first picture, then one after each live zoom change (--zoom-steps).
            std::string file = options.screenshotFile;
            if (shot > 0) {
                const std::filesystem::path path(options.screenshotFile);
                file = (path.parent_path() / path.stem()).string() + "-" +
                       std::to_string(static_cast<int>(settings.zoom * 100.0f + 0.5f)) + path.extension().string();
            }
            const bool written = saveScreenshot(file, width, height, std::cerr) && saveRegionList(file, ui.regions);
            if (!written)
                exitCode = 1;
            if (!written || shot >= options.zoomSteps.size()) {
                glfwSetWindowShouldClose(window, GLFW_TRUE);
            } else {
                settings.zoom = options.zoomSteps[shot];
                frame = 0;
            }
            ++shot;
        }
        glfwSwapBuffers(window);
    }

    if (!screenshot)
        save(settings);  // on every exit, so the file is there to edit after the first run
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();  // writes imgui.ini
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
