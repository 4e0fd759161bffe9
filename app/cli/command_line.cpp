// The mailscope command line: one CLI11 App with the window's options and a subcommand
// per headless command, the scenario argument, and running the commands without a window.
#include "app/cli/command_line.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <ostream>
#include <system_error>

#include "app/cli/arguments.h"
#include "app/ui/assets.h"
#include "lessons/command.h"
#include "sim/scenario.h"

namespace mailscope::app {

namespace {

constexpr int kMaxFrames = 100000;
constexpr int kMinSide = 64;
constexpr int kMaxSide = 16384;

/// "1280x720" -> {1280, 720}, each side kMinSide..kMaxSide.
std::optional<std::pair<int, int>> parseSize(std::string_view text)
{
    const auto side = [](std::string_view part) -> std::optional<int> {
        int value = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (ec != std::errc() || end != part.data() + part.size() || value < kMinSide || value > kMaxSide)
            return std::nullopt;
        return value;
    };
    const std::size_t x = text.find('x');
    if (x == std::string_view::npos)
        return std::nullopt;
    const auto w = side(text.substr(0, x));
    const auto h = side(text.substr(x + 1));
    if (!w || !h)
        return std::nullopt;
    return std::pair{*w, *h};
}

/// Where the lessons and the assets they use are (the window's assets folder).
lessons::LessonPaths lessonPaths()
{
    lessons::LessonPaths paths = lessons::defaultLessonPaths();
    paths.assets = assetsDir();
    return paths;
}

// [SECTION] the commands

/// A headless command: `mailscope NAME ...`. Add a row (and a CliCommand, a CliOptions
/// member and a case in runHeadlessCommand) for a new one.
struct Subcommand {
    const char* name;
    CliCommand command;
    const char* summary;                         ///< one line in `mailscope --help`
    void (*define)(CLI::App&, CliOptions&);      ///< declares its options
};

const Subcommand kSubcommands[] = {
    {"demo", CliCommand::Demo,
     "run a scenario without a window and print each device's transcript side by side",
     [](CLI::App& app, CliOptions& o) { addDemoOptions(app, o.demo); }},
    {"serve", CliCommand::Serve, "POP3/IMAP servers on real ports for real mail clients, until Ctrl-C",
     [](CLI::App& app, CliOptions& o) { addServeOptions(app, o.serve); }},
    // The lesson command parses its own words (list, check FILE..., run FILE --auto|--wrong
    // [--lang pl], --help): everything after "lesson" goes to it as given.
    {"lesson", CliCommand::Lesson, "the guided lessons without a window: list, check, run (mailscope lesson --help)",
     [](CLI::App& app, CliOptions& o) {
         app.prefix_command();
         app.set_help_flag();
         app.allow_extras();
         app.callback([&app, &o] { o.lesson = app.remaining(); });
     }},
};

/// The whole command line, writing into `o`: the window's options at the top level and
/// one subcommand per headless command.
std::unique_ptr<CLI::App> makeApp(CliOptions& o)
{
    auto app = std::make_unique<CLI::App>("mailscope: watch POP3 and IMAP work. With no subcommand it opens the window.",
                                          "mailscope");
    app->require_subcommand(0, 1);
    CLI::Option* screenshot =
        app->add_option("--screenshot", o.screenshotFile,
                        "render N frames (--frames), save the window as a PNG image\n"
                        "(and FILE.panels.txt, the regions drawn) and exit")
            ->type_name("FILE")
            ->check(notEmpty("a file name"));
    app->add_option("--frames", o.frames, "frames rendered before the screenshot (default 10)")
        ->type_name("N")
        ->check(wholeNumber(1, kMaxFrames))
        ->needs(screenshot);
    app->add_option("--scenario", o.scenario,
                    "a scenario from assets/scenarios (default " + std::string(kDefaultScenario) +
                        ",\nor the one opened last) or a .toml file")
        ->type_name("NAME|FILE")
        ->check(scenarioArgument());
    app->add_option("--steps", o.steps, "run the scenario N steps (protocol lines or actions)\nbefore the first frame (default 0)")
        ->type_name("N")
        ->check(wholeNumber(0, kMaxSteps));
    app->add_flag("--compare", o.compare, "compare mode: every device on POP3 beside every device on IMAP")
        ->disable_flag_override();
    auto* lesson = app->add_option("--lesson", o.startLesson,
                                   "start in a guided lesson: its number (2), its id, or a lesson .toml file;\n"
                                   "with --steps N its first task is done and N lines carried")
                       ->type_name("N|ID|FILE")
                       ->check(notEmpty("a lesson"));
    app->add_option("--lesson-step", o.lessonStep, "with --lesson: start at this step (the steps before played\nwith their solutions)")
        ->type_name("ID")
        ->check(notEmpty("a step id"))
        ->needs(lesson);
    app->add_option("--select", o.select, "show the device's latest protocol line in the inspector")
        ->type_name("DEVICE")
        ->check(notEmpty("a device name"));
    app->add_option("--zoom", o.zoom, "start at this zoom, 0.5 to 3 (1.5 is 150%)")
        ->type_name("Z")
        ->check(CLI::Range(0.5f, 3.0f));
    app->add_option("--lang", o.language, "start in this language: en or pl")
        ->type_name("en|pl")
        ->check(CLI::IsMember({"en", "pl"}));
    app->add_option("--zoom-steps", o.zoomSteps,
                    "with --screenshot: then change the zoom live to each of these and save\n"
                    "FILE-PERCENT.png after each (e.g. 1.5,2,1 gives FILE-150.png, FILE-200.png, FILE-100.png)")
        ->type_name("Z,...")
        ->delimiter(',')
        ->check(CLI::Range(0.5f, 3.0f))
        ->needs(screenshot);
    app->add_option_function<std::string>(
           "--size",
           [&o](const std::string& text) {
               const auto size = parseSize(text);
               o.width = size->first;
               o.height = size->second;
           },
           "window size in screen coordinates (default 1280x720)")
        ->type_name("WxH")
        ->check(CLI::Validator(
            [](std::string& text) {
                return parseSize(text) ? std::string()
                                       : "needs WIDTHxHEIGHT with each side from " + std::to_string(kMinSide) +
                                             " to " + std::to_string(kMaxSide) + ", not '" + text + "'";
            },
            "", "size"));
    for (const Subcommand& sub : kSubcommands) {
        CLI::App* command = app->add_subcommand(sub.name, sub.summary);
        sub.define(*command, o);
    }
    app->footer("Each subcommand has its own --help (mailscope demo --help).\n"
                "Every option takes its value as --name VALUE or --name=VALUE.\n"
                "\n"
                "Environment:\n"
                "  MAILSCOPE_ASSETS   the assets/ folder to use instead of the built-in path");
    return app;
}

/// The subcommand given, or nullptr.
CLI::App* chosenSubcommand(const CLI::App& app)
{
    const std::vector<CLI::App*> chosen = app.get_subcommands();
    return chosen.empty() ? nullptr : chosen.front();
}

/// CLI11's wording where ours reads better; everything else as CLI11 says it.
std::string describe(const CLI::ParseError& e)
{
    std::string text = e.what();
    // "--steps: 1 required N missing" -> "--steps needs a value (N)"
    if (const std::size_t required = text.find(": 1 required "); required != std::string::npos &&
                                                                  text.ends_with(" missing"))
        return text.substr(0, required) + " needs a value (" +
               text.substr(required + 13, text.size() - 8 - (required + 13)) + ")";
    // "compare was given a disallowed flag override" -> "--compare takes no value"
    if (constexpr std::string_view kOverride = " was given a disallowed flag override"; text.ends_with(kOverride))
        return "--" + text.substr(0, text.size() - kOverride.size()) + " takes no value";
    return text;
}

/// The window's options that were given (for "they do not go with a subcommand").
std::vector<std::string> windowOptionsGiven(const CLI::App& app)
{
    std::vector<std::string> given;
    for (const CLI::Option* option : app.get_options())
        if (option != app.get_help_ptr() && option->count() > 0)
            given.push_back(option->get_name());
    return given;
}

CliOptions parse(std::vector<std::string> args)
{
    CliOptions o;
    const std::unique_ptr<CLI::App> app = makeApp(o);
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    try {
        app->parse(args);
    } catch (const CLI::CallForHelp&) {
        CliOptions help;
        help.command = CliCommand::Help;
        if (const CLI::App* sub = chosenSubcommand(*app))
            help.program += " " + sub->get_name();
        help.help = app->help();  // CLI11 gives the chosen subcommand's help
        return help;
    } catch (const CLI::ParseError& e) {
        CliOptions error;
        error.command = CliCommand::Error;
        error.error = describe(e);
        if (const CLI::App* sub = chosenSubcommand(*app)) {
            error.program += " " + sub->get_name();
            error.help = sub->help(app->get_name());
        } else {
            error.help = app->help();
        }
        return error;
    }
    if (const CLI::App* sub = chosenSubcommand(*app)) {
        if (const std::vector<std::string> given = windowOptionsGiven(*app); !given.empty()) {
            CliOptions error;
            error.command = CliCommand::Error;
            error.error = "'" + sub->get_name() + "' must come first: " + given.front() +
                          " is an option of the window, not of '" + sub->get_name() + "'";
            error.help = usageText();
            return error;
        }
        for (const Subcommand& s : kSubcommands)
            if (sub->get_name() == s.name)
                o.command = s.command;
        o.program += " " + sub->get_name();
    } else if (!o.screenshotFile.empty()) {
        o.command = CliCommand::Screenshot;
    }
    return o;
}

}  // namespace

// [SECTION] scenarios

std::filesystem::path scenarioPath(const std::string& nameOrPath)
{
    if (nameOrPath.ends_with(".toml") || nameOrPath.find('/') != std::string::npos)
        return nameOrPath;
    return assetsDir() / "scenarios" / (nameOrPath + ".toml");
}

std::vector<std::string> scenarioNames()
{
    std::vector<std::string> names;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(assetsDir() / "scenarios", ec), end; !ec && it != end;
         it.increment(ec))
        if (it->path().extension() == ".toml")
            names.push_back(it->path().stem().string());
    std::sort(names.begin(), names.end(), sim::beforeInTeachingOrder);
    return names;
}

std::string scenarioProblem(const std::string& nameOrPath)
{
    if (nameOrPath.empty())
        return "needs a scenario name or a .toml file";
    if (nameOrPath.ends_with(".toml") || nameOrPath.find('/') != std::string::npos)
        return {};  // a file: read (and its problems reported) when the scenario loads
    const std::vector<std::string> names = scenarioNames();
    if (std::find(names.begin(), names.end(), nameOrPath) != names.end())
        return {};
    std::string problem = "unknown scenario '" + nameOrPath + "'; ";
    if (names.empty())
        return problem + "there are no scenarios in " + (assetsDir() / "scenarios").string();
    problem += "the scenarios are: ";
    for (std::size_t i = 0; i < names.size(); ++i)
        problem += (i ? ", " : "") + names[i];
    return problem + " (or give a .toml file)";
}

// [SECTION] parsing and running

CliOptions parseCommandLine(const std::vector<std::string>& args)
{
    try {
        return parse(args);
    } catch (const std::exception& e) {  // CLI11 throws only ParseError; this is the last guard
        CliOptions error;
        error.command = CliCommand::Error;
        error.error = e.what();
        return error;
    }
}

std::string usageText(std::string_view subcommand)
{
    CliOptions o;
    const std::unique_ptr<CLI::App> app = makeApp(o);
    if (subcommand.empty())
        return app->help();
    return app->get_subcommand(std::string(subcommand))->help(app->get_name());
}

int runHeadlessCommand(const CliOptions& options, std::ostream& out, std::ostream& err)
{
    switch (options.command) {
    case CliCommand::Help:
        out << options.help;
        return 0;
    case CliCommand::Demo:
        return runDemo(options.demo, out, err);
    case CliCommand::Serve:
        return runServe(options.serve, out, err);
    case CliCommand::Lesson:
        return lessons::runLessonCommand(options.lesson, out, err, lessonPaths());
    case CliCommand::Error:
        err << options.program << ": " << options.error << "\n\n" << options.help;
        return 2;
    case CliCommand::Window:
    case CliCommand::Screenshot:
        break;
    }
    err << "mailscope: this command needs a window\n";
    return 2;
}

}  // namespace mailscope::app
