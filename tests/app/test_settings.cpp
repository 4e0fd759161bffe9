// Tests for settings.toml: round trip, range checks, broken files, where the files go.
#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "app/ui/settings.h"
#include "sim/toml_errors.h"
#include "tests/support/temp_dir.h"

using namespace mailscope;
using app::Settings;

namespace {

using test::TempDir;

void writeFile(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream out(file, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

bool contains(const std::string& text, std::string_view what)
{
    return text.find(what) != std::string::npos;
}

/// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : m_name(name)
    {
        if (const char* old = std::getenv(name))
            m_old = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv()
    {
        if (m_old)
            ::setenv(m_name, m_old->c_str(), 1);
        else
            ::unsetenv(m_name);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

}  // namespace

TEST_SUITE("app.settings") {

TEST_CASE("numbers are written as people type them, and read back the same")
{
    Settings settings;
    settings.zoom = 1.1f;
    settings.speed = 2.5f;
    settings.welcomeSeen = true;
    const std::string text = app::formatSettings(settings);
    CHECK(contains(text, "zoom = 1.1\n"));
    CHECK(contains(text, "speed = 2.5\n"));
    CHECK(contains(text, "welcome_seen = true\n"));
    std::ostringstream warn;
    const Settings back = app::parseSettings(text, "settings.toml", warn);
    CHECK(warn.str().empty());
    CHECK(back == settings);
}

TEST_CASE("settings survive a save and a load")
{
    const TempDir dir;
    const std::filesystem::path file = dir.path() / "nested" / "settings.toml";
    Settings settings;
    settings.language = app::Language::Polish;
    settings.theme = app::Theme::Light;
    settings.zoom = 1.75f;
    settings.lastScenario = "/home/zofia/scenariusze/\"żółw\" \\ tab\there\nline.toml";
    settings.speed = 12.5f;
    settings.listeners = false;
    settings.compare = true;
    settings.animateFlow = false;
    settings.panels.inspector = false;
    settings.panels.controlBar = false;
    REQUIRE(settings != Settings{});

    std::string error;
    REQUIRE_MESSAGE(app::saveSettings(settings, file, error), error);
    CHECK(error.empty());
    CHECK_FALSE(std::filesystem::exists(dir.path() / "nested" / "settings.toml.tmp"));

    std::ostringstream warn;
    const Settings loaded = app::loadSettings(file, warn);
    CHECK(warn.str().empty());
    CHECK(loaded == settings);
    CHECK(loaded.lastScenario == settings.lastScenario);

    SUBCASE("saving again replaces the file")
    {
        settings.zoom = 0.5f;
        REQUIRE(app::saveSettings(settings, file, error));
        CHECK(app::loadSettings(file, warn).zoom == doctest::Approx(0.5f));
        CHECK(warn.str().empty());
    }
}

TEST_CASE("View > Animate mail flow is saved as animate_flow")
{
    Settings settings;
    settings.animateFlow = false;
    const std::string text = app::formatSettings(settings);
    CHECK(text.find("\nanimate_flow = false\n") != std::string::npos);
    std::ostringstream warn;
    CHECK_FALSE(app::parseSettings("animate_flow = false\n", "settings.toml", warn).animateFlow);
    CHECK(app::parseSettings("animate_flow = true\n", "settings.toml", warn).animateFlow);
    CHECK(warn.str().empty());
}

TEST_CASE("a missing file gives the defaults without a warning")
{
    const TempDir dir;
    std::ostringstream warn;
    CHECK(app::loadSettings(dir.path() / "settings.toml", warn) == Settings{});
    CHECK(warn.str().empty());
}

TEST_CASE("the defaults suit a first run and read back unchanged")
{
    const Settings defaults;
    CHECK(defaults.language == app::Language::English);
    CHECK(defaults.theme == app::Theme::Dark);
    CHECK(defaults.zoom == doctest::Approx(1.0f));
    CHECK(defaults.speed >= app::kSpeedMin);
    CHECK(defaults.speed <= app::kSpeedMax);
    CHECK(defaults.lastScenario.empty());
    CHECK(defaults.panels.server);
    CHECK(defaults.listeners);
    CHECK(defaults.animateFlow);  // View > Animate mail flow starts on
    // The formatted defaults read back as the defaults, with no warning.
    std::ostringstream warn;
    CHECK(app::parseSettings(app::formatSettings(defaults), "defaults.toml", warn) == defaults);
    CHECK(warn.str().empty());
}

TEST_CASE("out-of-range values keep their default and name file and line")
{
    const TempDir dir;
    const std::filesystem::path file = dir.path() / "settings.toml";
    std::ostringstream warn;

    SUBCASE("zoom too large")
    {
        writeFile(file, "language = \"pl\"\n\nzoom = 7.5\ntheme = \"light\"\n");
        const Settings loaded = app::loadSettings(file, warn);
        CHECK(loaded.zoom == doctest::Approx(app::kZoomDefault));
        CHECK(loaded.language == app::Language::Polish);  // the good values stay
        CHECK(loaded.theme == app::Theme::Light);
        INFO(warn.str());
        CHECK(contains(warn.str(), file.string() + ":3:"));
        CHECK(contains(warn.str(), "zoom 7.5 is out of range (0.5 to 3)"));
    }
    SUBCASE("zoom too small, as an integer")
    {
        writeFile(file, "zoom = 0\n");
        CHECK(app::loadSettings(file, warn).zoom == doctest::Approx(app::kZoomDefault));
        CHECK(contains(warn.str(), file.string() + ":1:"));
    }
    SUBCASE("an integer in range is a number")
    {
        writeFile(file, "zoom = 2\nspeed = 50\n");
        const Settings loaded = app::loadSettings(file, warn);
        CHECK(loaded.zoom == doctest::Approx(2.0f));
        CHECK(loaded.speed == doctest::Approx(50.0f));
        CHECK(warn.str().empty());
    }
    SUBCASE("speed and not-a-number")
    {
        writeFile(file, "speed = 0.1\nzoom = nan\n");
        const Settings loaded = app::loadSettings(file, warn);
        CHECK(loaded.speed == doctest::Approx(app::kSpeedDefault));
        CHECK(loaded.zoom == doctest::Approx(app::kZoomDefault));
        CHECK(contains(warn.str(), file.string() + ":1:"));
        CHECK(contains(warn.str(), file.string() + ":2:"));
    }
    SUBCASE("unknown codes")
    {
        writeFile(file, "language = \"de\"\ntheme = \"neon\"\n");
        const Settings loaded = app::loadSettings(file, warn);
        CHECK(loaded.language == app::Language::English);
        CHECK(loaded.theme == app::Theme::Dark);
        CHECK(contains(warn.str(), file.string() + ":1:"));
        CHECK(contains(warn.str(), "'de'"));
        CHECK(contains(warn.str(), file.string() + ":2:"));
    }
}

TEST_CASE("wrong types and unknown keys are warnings, not failures")
{
    std::ostringstream warn;
    const Settings loaded = app::parseSettings("zoom = \"big\"\n"
                                               "listeners = 1\n"
                                               "colour = \"red\"\n"
                                               "panels = 3\n",
                                               "s.toml", warn);
    CHECK(loaded == Settings{});
    const std::string text = warn.str();
    INFO(text);
    CHECK(contains(text, "s.toml:1:"));
    CHECK(contains(text, "zoom must be a number, not a string"));
    CHECK(contains(text, "s.toml:2:"));
    CHECK(contains(text, "listeners must be true or false"));
    CHECK(contains(text, "s.toml:3:"));
    CHECK(contains(text, "unknown setting 'colour'"));
    CHECK(contains(text, "s.toml:4:"));
    CHECK(contains(text, "panels must be a table"));

    SUBCASE("inside [panels]")
    {
        std::ostringstream panelWarn;
        const Settings panels = app::parseSettings("[panels]\nserver = false\nlog = true\n", "p.toml", panelWarn);
        CHECK_FALSE(panels.panels.server);
        CHECK(contains(panelWarn.str(), "p.toml:3:"));
        CHECK(contains(panelWarn.str(), "unknown setting 'panels.log'"));
    }
}

TEST_CASE("settings warnings have the FILE:LINE:COLUMN shape of the one helper")
{
    SUBCASE("a wrong value: at the value")
    {
        std::ostringstream warn;
        app::parseSettings("\nzoom = \"big\"\n", "s.toml", warn);
        CHECK(warn.str() == sim::formatFileError("s.toml", 2, 8, "zoom must be a number, not a string; using 1") + "\n");
    }
    SUBCASE("broken TOML: where the parser stopped, as the scenario and accounts loaders say it")
    {
        const std::string text = "language = \"pl\"\nzoom = = 2\n";
        std::string expected;
        try {
            sim::parseToml(text, "b.toml");
        } catch (const sim::FileError& e) {
            expected = sim::formatFileError(e.file(), e.line(), e.column(), e.problem() + "; using the default settings");
        }
        REQUIRE(expected.starts_with("b.toml:2:"));
        std::ostringstream warn;
        app::parseSettings(text, "b.toml", warn);
        CHECK(warn.str() == expected + "\n");
    }
    SUBCASE("a file name too long for the system: a warning, not an exception")
    {
        const std::filesystem::path file = std::filesystem::temp_directory_path() / (std::string(300, 's') + ".toml");
        std::ostringstream warn;
        Settings loaded;
        CHECK_NOTHROW(loaded = app::loadSettings(file, warn));
        CHECK(loaded == Settings{});
        CHECK(warn.str().starts_with(file.string() + ":1:1: "));
    }
}

TEST_CASE("a broken file gives the defaults and FILE:LINE:COL")
{
    const TempDir dir;
    const std::filesystem::path file = dir.path() / "settings.toml";
    writeFile(file, "language = \"pl\"\ntheme = \"light\"\nzoom = = 2\n");
    std::ostringstream warn;
    Settings loaded;
    CHECK_NOTHROW(loaded = app::loadSettings(file, warn));
    CHECK(loaded == Settings{});  // nothing of a broken file is trusted
    INFO(warn.str());
    CHECK(contains(warn.str(), file.string() + ":3:"));
    CHECK(warn.str().rfind(file.string() + ":3:", 0) == 0);
    // FILE:LINE:COL: the column follows the line.
    const std::string rest = warn.str().substr(file.string().size() + 3);
    REQUIRE(!rest.empty());
    CHECK(std::isdigit(static_cast<unsigned char>(rest[0])));
    CHECK(contains(warn.str(), "using the default settings"));

    SUBCASE("binary junk")
    {
        std::ostringstream junkWarn;
        const std::string junk("\xFF\xFE\x00zoom\x01", 8);
        CHECK(app::parseSettings(junk, "junk.toml", junkWarn) == Settings{});
        CHECK(contains(junkWarn.str(), "junk.toml:1:"));
    }
    SUBCASE("a directory where the file should be")
    {
        std::filesystem::create_directories(dir.path() / "dir.toml");
        std::ostringstream dirWarn;
        CHECK(app::loadSettings(dir.path() / "dir.toml", dirWarn) == Settings{});
        CHECK(contains(dirWarn.str(), (dir.path() / "dir.toml").string() + ":1:1:"));
    }
}

TEST_CASE("saving where it cannot write fails with a message")
{
    const TempDir dir;
    writeFile(dir.path() / "file", "not a directory");
    std::string error;
    CHECK_FALSE(app::saveSettings(Settings{}, dir.path() / "file" / "settings.toml", error));
    CHECK(contains(error, (dir.path() / "file").string()));
    error.clear();
    CHECK_FALSE(app::saveSettings(Settings{}, std::filesystem::path(), error));
    CHECK_FALSE(error.empty());
}

TEST_CASE("settings.toml and imgui.ini live in the config directory")
{
    const TempDir dir;
    const ScopedEnv xdg("XDG_CONFIG_HOME", dir.path().string());
    CHECK(app::settingsFile() == dir.path() / "mailscope" / "settings.toml");
    CHECK(app::imguiIniFile() == dir.path() / "mailscope" / "imgui.ini");
}

}  // TEST_SUITE
