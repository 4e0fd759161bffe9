// Tests for the mailscope command line: parsing, usage, headless commands.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/command_line.h"
#include "app/cli/demo.h"
#include "app/ui/assets.h"

using namespace mailscope;
using app::CliCommand;

namespace doctest {
template <>
struct StringMaker<CliCommand> {
    static String convert(CliCommand c)
    {
        switch (c) {
        case CliCommand::Window: return "Window";
        case CliCommand::Screenshot: return "Screenshot";
        case CliCommand::Demo: return "Demo";
        case CliCommand::Serve: return "Serve";
        case CliCommand::Help: return "Help";
        case CliCommand::Error: return "Error";
        }
        return "?";
    }
};
}  // namespace doctest

namespace {

/// Sets an environment variable for one scope and puts the old value back.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name)
    {
        if (const char* old = std::getenv(name)) {
            m_old = old;
            m_hadOld = true;
        }
        setenv(name, value, 1);
    }
    ~ScopedEnv()
    {
        if (m_hadOld)
            setenv(m_name, m_old.c_str(), 1);
        else
            unsetenv(m_name);
    }

private:
    const char* m_name;
    std::string m_old;
    bool m_hadOld = false;
};

}  // namespace

TEST_SUITE("app.cli") {

TEST_CASE("no arguments open the window")
{
    const app::CliOptions options = app::parseCommandLine({});
    CHECK(options.command == CliCommand::Window);
    CHECK(options.width == 1280);
    CHECK(options.height == 720);
}

TEST_CASE("--screenshot takes a file, --frames and --size, as separate or =value arguments")
{
    SUBCASE("defaults")
    {
        const auto options = app::parseCommandLine({"--screenshot", "out.png"});
        CHECK(options.command == CliCommand::Screenshot);
        CHECK(options.screenshotFile == "out.png");
        CHECK(options.frames == 10);
    }
    SUBCASE("all given")
    {
        const auto options = app::parseCommandLine({"--size", "800x600", "--screenshot=shot.png", "--frames=3"});
        CHECK(options.command == CliCommand::Screenshot);
        CHECK(options.screenshotFile == "shot.png");
        CHECK(options.frames == 3);
        CHECK(options.width == 800);
        CHECK(options.height == 600);
    }
    SUBCASE("--size also sizes the plain window")
    {
        const auto options = app::parseCommandLine({"--size=1600x900"});
        CHECK(options.command == CliCommand::Window);
        CHECK(options.width == 1600);
        CHECK(options.height == 900);
    }
}

TEST_CASE("--scenario, --steps and --compare set up the world the window starts with")
{
    SUBCASE("absent: the remembered or default scenario, no steps, one world")
    {
        const auto options = app::parseCommandLine({"--screenshot", "a.png"});
        CHECK(options.scenario.empty());
        CHECK(options.steps == 0);
        CHECK_FALSE(options.compare);
    }
    SUBCASE("for a screenshot")
    {
        const auto options = app::parseCommandLine(
            {"--screenshot", "a.png", "--scenario", "several-devices", "--steps=25", "--compare", "--select", "Phone"});
        CHECK(options.command == CliCommand::Screenshot);
        CHECK(options.select == "Phone");
        CHECK(options.scenario == "several-devices");
        CHECK(options.steps == 25);
        CHECK(options.compare);
    }
    SUBCASE("for the window too")
    {
        const auto options = app::parseCommandLine({"--scenario=x/y.toml", "--steps", "0"});
        CHECK(options.command == CliCommand::Window);
        CHECK(options.scenario == "x/y.toml");
        CHECK(options.steps == 0);
    }
    SUBCASE("bad values")
    {
        for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
                 {"--steps", "-1"}, {"--steps", "many"}, {"--steps", "2000000"}, {"--scenario="}, {"--scenario"},
                 {"--compare=yes"}, {"--select="}}) {
            const auto options = app::parseCommandLine(args);
            INFO(args.front());
            CHECK(options.command == CliCommand::Error);
            CHECK(options.error.find(args.front().substr(0, args.front().find('='))) != std::string::npos);
        }
    }
}

TEST_CASE("scenarioPath: a name from assets/scenarios, or a path as given")
{
    const ScopedEnv env("MAILSCOPE_ASSETS", "/srv/assets");
    CHECK(app::scenarioPath("several-devices") == std::filesystem::path("/srv/assets/scenarios/several-devices.toml"));
    CHECK(app::scenarioPath("mine.toml") == std::filesystem::path("mine.toml"));
    CHECK(app::scenarioPath("dir/mine") == std::filesystem::path("dir/mine"));
    CHECK(app::scenarioPath(app::kDefaultScenario).filename() == "where-messages-are-stored.toml");
}

TEST_CASE("--help and -h ask for the usage, even after other options")
{
    CHECK(app::parseCommandLine({"--help"}).command == CliCommand::Help);
    CHECK(app::parseCommandLine({"-h"}).command == CliCommand::Help);
    CHECK(app::parseCommandLine({"--screenshot", "x.png", "--help"}).command == CliCommand::Help);
}

TEST_CASE("demo passes every later argument to the demo")
{
    const auto options = app::parseCommandLine({"demo", "--pop3", "x"});
    CHECK(options.command == CliCommand::Demo);
    CHECK(options.demoArgs == std::vector<std::string>{"--pop3", "x"});
    CHECK(app::parseCommandLine({"demo"}).demoArgs.empty());
}

TEST_CASE("bad command lines are errors that name the problem")
{
    struct Case {
        std::vector<std::string> args;
        const char* mentions;
    };
    const Case cases[] = {
        {{"--bogus"}, "--bogus"},
        {{"extra"}, "extra"},
        {{"--screenshot"}, "--screenshot needs a value"},
        {{"--screenshot="}, "file name"},
        {{"--screenshot", "a.png", "--frames", "0"}, "'0'"},
        {{"--screenshot", "a.png", "--frames", "ten"}, "'ten'"},
        {{"--screenshot", "a.png", "--frames", "5x"}, "'5x'"},
        {{"--screenshot", "a.png", "--frames", "-1"}, "'-1'"},
        {{"--size", "800"}, "'800'"},
        {{"--size", "10x10"}, "'10x10'"},
        {{"--size", "800x"}, "'800x'"},
        {{"--size", "99999x600"}, "'99999x600'"},
        {{"--frames", "5"}, "--screenshot"},
        {{"--screenshot", "a.png", "demo"}, "'demo'"},
    };
    for (const Case& c : cases) {
        const auto options = app::parseCommandLine(c.args);
        INFO("args: " << (c.args.empty() ? "" : c.args.front()) << " ... (" << c.args.size() << ")");
        CHECK(options.command == CliCommand::Error);
        CHECK(options.error.find(c.mentions) != std::string::npos);
    }
}

TEST_CASE("runHeadlessCommand: usage on --help, error and usage with exit 2 on bad input")
{
    std::ostringstream out;
    std::ostringstream err;
    SUBCASE("help")
    {
        CHECK(app::runHeadlessCommand(app::parseCommandLine({"--help"}), out, err) == 0);
        CHECK(out.str() == app::usageText());
        CHECK(err.str().empty());
    }
    SUBCASE("error")
    {
        CHECK(app::runHeadlessCommand(app::parseCommandLine({"--nope"}), out, err) == 2);
        CHECK(out.str().empty());
        CHECK(err.str().find("unknown option '--nope'") != std::string::npos);
        CHECK(err.str().find(app::usageText()) != std::string::npos);
    }
}

TEST_CASE("the usage mentions every command and option")
{
    const std::string usage = app::usageText();
    for (const char* word : {"--screenshot", "--frames", "--size", "--scenario", "--steps", "--compare", "--select",
                             ".panels.txt", "demo", "--help", "MAILSCOPE_ASSETS"}) {
        INFO(word);
        CHECK(usage.find(word) != std::string::npos);
    }
}

TEST_CASE("mailscope demo runs on the seeded store and reports what goes wrong")
{
    std::ostringstream out;
    SUBCASE("the sample mail in assets/")
    {
        const ScopedEnv env("MAILSCOPE_ASSETS", MAILSCOPE_SOURCE_DIR "/assets");
        REQUIRE(app::runDemo({}, out) == 0);
        const std::string text = out.str();
        CHECK(text.find("alice") != std::string::npos);
        CHECK(text.find("INBOX") != std::string::npos);
        CHECK(text.find("Zażółć gęślą jaźń") != std::string::npos);  // decoded, UTF-8 intact
    }
    SUBCASE("assets missing: exit 1 and the path in the message")
    {
        const ScopedEnv env("MAILSCOPE_ASSETS", "/nonexistent/mailscope-assets");
        CHECK(app::runDemo({}, out) == 1);
        CHECK(out.str().find("/nonexistent/mailscope-assets") != std::string::npos);
    }
    SUBCASE("unexpected argument: exit 2")
    {
        CHECK(app::runDemo({"--what"}, out) == 2);
        CHECK(out.str().find("--what") != std::string::npos);
    }
}

}  // TEST_SUITE

TEST_SUITE("app.assets") {

TEST_CASE("assetsDir is the source tree's assets/ unless MAILSCOPE_ASSETS says otherwise")
{
    SUBCASE("set")
    {
        const ScopedEnv env("MAILSCOPE_ASSETS", "/somewhere/else");
        CHECK(app::assetsDir() == std::filesystem::path("/somewhere/else"));
    }
    SUBCASE("set but empty")
    {
        const ScopedEnv env("MAILSCOPE_ASSETS", "");
        CHECK(std::filesystem::equivalent(app::assetsDir(), MAILSCOPE_SOURCE_DIR "/assets"));
    }
}

}  // TEST_SUITE
