// Tests for the mailscope command line: parsing, usage, headless commands.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
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
        case CliCommand::Lesson: return "Lesson";
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

TEST_CASE("mailscope lesson passes its words to the lesson command, which runs a shipped lesson")
{
    const auto options = app::parseCommandLine({"lesson", "run", "02-pop3-downloads-then-deletes", "--auto", "--lang", "pl"});
    REQUIRE(options.command == app::CliCommand::Lesson);
    CHECK(options.lesson ==
          std::vector<std::string>{"run", "02-pop3-downloads-then-deletes", "--auto", "--lang", "pl"});
    std::ostringstream out;
    std::ostringstream err;
    CHECK(app::runHeadlessCommand(options, out, err) == 0);
    INFO(err.str());
    CHECK(out.str().find("POP3 pobiera, a potem usuwa") != std::string::npos);
    CHECK(out.str().find("[ ok ]") != std::string::npos);

    const auto help = app::parseCommandLine({"lesson", "--help"});
    REQUIRE(help.command == app::CliCommand::Lesson);
    std::ostringstream helpOut;
    CHECK(app::runHeadlessCommand(help, helpOut, err) == 0);
    CHECK(helpOut.str().find("mailscope lesson run FILE") != std::string::npos);

    const auto unknown = app::parseCommandLine({"lesson", "teach"});
    std::ostringstream unknownErr;
    CHECK(app::runHeadlessCommand(unknown, out, unknownErr) == 2);
    CHECK(unknownErr.str().find("unknown lesson command 'teach'") != std::string::npos);
}

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

TEST_CASE("demo takes its own options, parsed with the rest")
{
    SUBCASE("defaults")
    {
        const auto options = app::parseCommandLine({"demo"});
        CHECK(options.command == CliCommand::Demo);
        CHECK(options.demo.scenario.empty());
        CHECK_FALSE(options.demo.compare);
        CHECK_FALSE(options.demo.steps.has_value());
        CHECK_FALSE(options.demo.width.has_value());  // fits the terminal
    }
    SUBCASE("all given")
    {
        const auto options =
            app::parseCommandLine({"demo", "several-devices", "--compare", "--width", "50", "--steps=12"});
        CHECK(options.command == CliCommand::Demo);
        CHECK(options.demo.scenario == "several-devices");
        CHECK(options.demo.compare);
        CHECK(options.demo.width == std::optional<std::size_t>(50));
        CHECK(options.demo.steps == std::optional<std::size_t>(12));
    }
    SUBCASE("an option the demo does not have")
    {
        const auto options = app::parseCommandLine({"demo", "--pop3"});
        CHECK(options.command == CliCommand::Error);
        CHECK(options.program == "mailscope demo");
        CHECK(options.error.find("--pop3") != std::string::npos);
        CHECK(options.help == app::usageText("demo"));
    }
}

TEST_CASE("the demo fits an 80-column terminal unless --width says otherwise")
{
    CHECK(app::fittingColumnWidth(80, 2) == 32);   // 9 + 2 x (3 + 32) = 79
    CHECK(app::fittingColumnWidth(80, 3) == 20);   // 9 + 3 x (3 + 20) = 78
    CHECK(app::fittingColumnWidth(80, 8) == 16);   // never narrower than 16: it wraps
    CHECK(app::fittingColumnWidth(200, 3) == 60);
    setenv("COLUMNS", "80", 1);
    CHECK(app::terminalWidth() == 80);
    const auto options = app::parseCommandLine({"demo", "several-devices"});
    std::ostringstream out;
    std::ostringstream err;
    REQUIRE(app::runHeadlessCommand(options, out, err) == 0);
    // Every line of the side-by-side transcript fits (server notes and the mailboxes after
    // it are one column of text).
    std::istringstream lines(out.str());
    std::string line;
    std::size_t rows = 0;
    while (std::getline(lines, line)) {
        if (line.find(" | ") == std::string::npos || line.find(" | server: ") != std::string::npos)
            continue;
        ++rows;
        std::size_t characters = 0;  // UTF-8: count the first byte of each character
        for (unsigned char c : line)
            characters += (c & 0xC0) != 0x80;
        CHECK_MESSAGE(characters <= 80, line);
    }
    CHECK(rows > 20);
    const auto wide = app::parseCommandLine({"demo", "several-devices", "--width", "50"});
    std::ostringstream wideOut;
    REQUIRE(app::runHeadlessCommand(wide, wideOut, err) == 0);
    CHECK(wideOut.str().find(std::string(50, '-')) != std::string::npos);
    unsetenv("COLUMNS");
}

TEST_CASE("--steps=40 and --steps 40 mean the same for the window, demo and serve")
{
    for (const bool equals : {true, false}) {
        CAPTURE(equals);
        const auto args = [equals](std::vector<std::string> head, const std::string& name, const std::string& value) {
            if (equals) {
                head.push_back(name + "=" + value);
            } else {
                head.push_back(name);
                head.push_back(value);
            }
            return head;
        };
        const auto window = app::parseCommandLine(args({}, "--steps", "40"));
        CHECK(window.command == CliCommand::Window);
        CHECK(window.steps == 40);
        const auto screenshot = app::parseCommandLine(args({"--screenshot", "a.png"}, "--frames", "40"));
        CHECK(screenshot.command == CliCommand::Screenshot);
        CHECK(screenshot.frames == 40);
        const auto demo = app::parseCommandLine(args({"demo"}, "--steps", "40"));
        CHECK(demo.command == CliCommand::Demo);
        CHECK(demo.demo.steps == std::optional<std::size_t>(40));
        const auto width = app::parseCommandLine(args({"demo", "eavesdropper"}, "--width", "40"));
        CHECK(width.demo.width == std::optional<std::size_t>(40));
        CHECK(width.demo.scenario == "eavesdropper");
        const auto serve = app::parseCommandLine(args({"serve"}, "--pop3-port", "40"));
        CHECK(serve.command == CliCommand::Serve);
        CHECK(serve.serve.net.ports.pop3 == 40);
        const auto listen = app::parseCommandLine(args({"serve"}, "--listen", "0.0.0.0"));
        CHECK(listen.serve.net.listenAddress == "0.0.0.0");
        const auto accounts = app::parseCommandLine(args({"serve"}, "--accounts", "class.toml"));
        CHECK(accounts.serve.accountsFile == std::optional<std::string>("class.toml"));
    }
}

TEST_CASE("serve takes its own options and checks them")
{
    SUBCASE("defaults: the four ports on loopback")
    {
        const auto options = app::parseCommandLine({"serve"});
        REQUIRE(options.command == CliCommand::Serve);
        CHECK(options.serve.net.listenAddress == "127.0.0.1");
        CHECK(options.serve.net.ports.imap == 1143);
        CHECK_FALSE(options.serve.requireTls);
        CHECK_FALSE(options.serve.certFile.has_value());
    }
    SUBCASE("flags and files")
    {
        const auto options = app::parseCommandLine(
            {"serve", "--require-tls", "--show-secrets", "--cert", "c.pem", "--key=k.pem", "--mail", "dir"});
        REQUIRE(options.command == CliCommand::Serve);
        CHECK(options.serve.requireTls);
        CHECK(options.serve.showSecrets);
        CHECK(options.serve.certFile == std::optional<std::string>("c.pem"));
        CHECK(options.serve.keyFile == std::optional<std::string>("k.pem"));
        CHECK(options.serve.mailDir == std::optional<std::string>("dir"));
    }
    SUBCASE("mistakes")
    {
        struct Case {
            std::vector<std::string> args;
            const char* mentions;
        };
        const Case cases[] = {
            {{"serve", "--pop3-port", "70000"}, "'70000'"},
            {{"serve", "--imap-port=x"}, "'x'"},
            {{"serve", "--cert", "c.pem"}, "--key"},
            {{"serve", "--key", "k.pem"}, "--cert"},
            {{"serve", "--pop3-port=0", "--imap-port=0", "--pop3s-port=0", "--imaps-port=0"}, "nothing to serve"},
            {{"serve", "--listen="}, "--listen"},
            {{"serve", "--require-tls=maybe"}, "--require-tls takes no value"},
            {{"serve", "extra"}, "extra"},
        };
        for (const Case& c : cases) {
            const auto options = app::parseCommandLine(c.args);
            INFO(c.args[1]);
            CHECK(options.command == CliCommand::Error);
            CHECK(options.program == "mailscope serve");
            CHECK(options.error.find(c.mentions) != std::string::npos);
        }
    }
}

TEST_CASE("--help of each command is generated and mentions its options")
{
    struct Case {
        std::vector<std::string> args;
        std::string subcommand;
        std::vector<const char*> mentions;
    };
    const Case cases[] = {
        {{"--help"}, "", {"--screenshot", "--frames", "--size", "--scenario", "--steps", "--compare", "--select", "demo", "serve"}},
        {{"demo", "--help"}, "demo", {"mailscope demo", "SCENARIO", "--compare", "--steps", "--width", "--list", "--help"}},
        {{"demo", "-h"}, "demo", {"SCENARIO"}},
        {{"serve", "--help"},
         "serve",
         {"mailscope serve", "--pop3-port", "--imap-port", "--pop3s-port", "--imaps-port", "--listen", "--require-tls",
          "--cert", "--key", "--accounts", "--mail", "--show-secrets", "--help"}},
        {{"serve", "--listen", "::1", "--help"}, "serve", {"--listen"}},
    };
    for (const Case& c : cases) {
        INFO(c.args.front() << " " << c.args.back());
        const auto options = app::parseCommandLine(c.args);
        CHECK(options.command == CliCommand::Help);
        CHECK(options.help == app::usageText(c.subcommand));
        for (const char* word : c.mentions) {
            INFO(word);
            CHECK(options.help.find(word) != std::string::npos);
        }
        std::ostringstream out;
        std::ostringstream err;
        CHECK(app::runHeadlessCommand(options, out, err) == 0);
        CHECK(out.str() == options.help);
        CHECK(err.str().empty());
    }
}

TEST_CASE("an unknown scenario name lists the shipped scenarios")
{
    std::vector<std::string> shipped;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets/scenarios"))
        if (entry.path().extension() == ".toml")
            shipped.push_back(entry.path().stem().string());
    REQUIRE(shipped.size() >= 4);
    CHECK(app::scenarioNames().size() == shipped.size());

    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{{"--scenario", "several-device"}, {"--scenario=several-device"},
                                               {"demo", "several-device"}, {"demo", "--steps", "3", "several-device"}}) {
        INFO(args.front() << " " << args.back());
        const auto options = app::parseCommandLine(args);
        REQUIRE(options.command == CliCommand::Error);
        CHECK(options.error.find("unknown scenario 'several-device'") != std::string::npos);
        for (const std::string& name : shipped) {
            INFO(name);
            CHECK(options.error.find(name) != std::string::npos);
        }
    }
    SUBCASE("a shipped name or a .toml path passes; the file is read when the scenario loads")
    {
        CHECK(app::scenarioProblem("several-devices").empty());
        CHECK(app::scenarioProblem("mine.toml").empty());
        CHECK(app::scenarioProblem("dir/mine").empty());
        CHECK(app::parseCommandLine({"demo", "./missing.toml"}).command == CliCommand::Demo);
    }
    SUBCASE("the demo prints the names with the error, exit 2")
    {
        std::ostringstream out;
        std::ostringstream err;
        CHECK(app::runHeadlessCommand(app::parseCommandLine({"demo", "nope"}), out, err) == 2);
        CHECK(out.str().empty());
        CHECK(err.str().starts_with("mailscope demo: SCENARIO: unknown scenario 'nope'; the scenarios are: "));
        CHECK(err.str().find(app::usageText("demo")) != std::string::npos);
    }
}

TEST_CASE("the window's options and a subcommand do not mix")
{
    const auto options = app::parseCommandLine({"--steps", "3", "demo"});
    CHECK(options.command == CliCommand::Error);
    CHECK(options.error.find("'demo'") != std::string::npos);
    CHECK(options.error.find("--steps") != std::string::npos);
    CHECK(options.help == app::usageText());
    CHECK(app::parseCommandLine({"demo", "--size", "800x600"}).command == CliCommand::Error);
    CHECK(app::parseCommandLine({"demo", "serve"}).command == CliCommand::Error);
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
        {{"--screenshot="}, "--screenshot needs a value"},
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
        CHECK(err.str().starts_with("mailscope: "));
        CHECK(err.str().find("--nope") != std::string::npos);
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
    std::ostringstream err;
    const auto demo = [&](const std::vector<std::string>& args) {
        std::vector<std::string> all{"demo"};
        all.insert(all.end(), args.begin(), args.end());
        return app::runHeadlessCommand(app::parseCommandLine(all), out, err);
    };
    SUBCASE("the sample mail in assets/")
    {
        const ScopedEnv env("MAILSCOPE_ASSETS", MAILSCOPE_SOURCE_DIR "/assets");
        REQUIRE(demo({}) == 0);
        const std::string text = out.str();
        CHECK(text.find("alice") != std::string::npos);
        CHECK(text.find("INBOX") != std::string::npos);
        CHECK(text.find("Zażółć gęślą jaźń") != std::string::npos);  // decoded, UTF-8 intact
        CHECK(err.str().empty());
    }
    SUBCASE("--steps 40 and --steps=40 stop at the same place")
    {
        REQUIRE(demo({"several-devices", "--steps", "40"}) == 0);
        const std::string separate = out.str();
        CHECK(separate.find("(stopped after 40 steps") != std::string::npos);
        out.str("");
        REQUIRE(demo({"several-devices", "--steps=40"}) == 0);
        CHECK(out.str() == separate);
    }
    SUBCASE("--list prints the shipped names")
    {
        REQUIRE(demo({"--list"}) == 0);
        std::string expected;
        for (const std::string& name : app::scenarioNames())
            expected += name + "\n";
        CHECK(out.str() == expected);
        // In teaching order: the three differences as the lessons take them, then the eavesdropper.
        CHECK(out.str() == "where-messages-are-stored\nseveral-devices\nmanaging-mail\neavesdropper\n");
    }
    SUBCASE("assets missing: exit 1 and the path in the message")
    {
        const ScopedEnv env("MAILSCOPE_ASSETS", "/nonexistent/mailscope-assets");
        CHECK(demo({}) == 1);
        CHECK(err.str().find("/nonexistent/mailscope-assets") != std::string::npos);
    }
    SUBCASE("a scenario file with a 300-character message file name: FILE:LINE:COLUMN, exit 1")
    {
        const std::filesystem::path file = std::filesystem::temp_directory_path() / "mailscope-cli-long-name.toml";
        std::ofstream(file, std::ios::binary) << "title_en = \"T\"\ntitle_pl = \"T\"\nstart = 2026-11-27T09:00:00Z\n"
                                                 "[[accounts]]\nuser = \"alice\"\npassword = \"pw\"\n"
                                                 "[[accounts.inbox]]\nfile = \""
                                              << std::string(300, 'x') << "\"\n";
        CHECK(demo({file.string()}) == 1);
        CHECK(err.str().starts_with("mailscope demo: " + file.string() + ":8:8: cannot read message file "));
        std::filesystem::remove(file);
    }
    SUBCASE("unexpected argument: exit 2")
    {
        CHECK(demo({"--what"}) == 2);
        CHECK(err.str().find("--what") != std::string::npos);
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
