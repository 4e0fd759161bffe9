// The mailscope command line: parsing, usage, and the commands that need no window.
#include "app/cli/command_line.h"

#include <charconv>
#include <optional>
#include <ostream>
#include <string_view>

#include "app/cli/demo.h"
#include "app/cli/serve.h"
#include "app/ui/assets.h"

namespace mailscope::app {

namespace {

constexpr int kMaxFrames = 100000;
constexpr int kMaxSteps = 1'000'000;
constexpr int kMinSide = 64;
constexpr int kMaxSide = 16384;

std::optional<int> parseInt(std::string_view text, int min, int max)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
        return std::nullopt;
    return value;
}

/// "1280x720" -> {1280, 720}.
std::optional<std::pair<int, int>> parseSize(std::string_view text)
{
    const std::size_t x = text.find('x');
    if (x == std::string_view::npos)
        return std::nullopt;
    const auto w = parseInt(text.substr(0, x), kMinSide, kMaxSide);
    const auto h = parseInt(text.substr(x + 1), kMinSide, kMaxSide);
    if (!w || !h)
        return std::nullopt;
    return std::pair{*w, *h};
}

CliOptions fail(std::string error)
{
    CliOptions options;
    options.command = CliCommand::Error;
    options.error = std::move(error);
    return options;
}

}  // namespace

CliOptions parseCommandLine(const std::vector<std::string>& args)
{
    CliOptions options;
    if (!args.empty() && args.front() == "demo") {
        options.command = CliCommand::Demo;
        options.demoArgs.assign(args.begin() + 1, args.end());
        return options;
    }
    if (!args.empty() && args.front() == "serve") {
        options.command = CliCommand::Serve;
        options.serveArgs.assign(args.begin() + 1, args.end());
        return options;
    }
    bool framesGiven = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            options.command = CliCommand::Help;
            return options;
        }
        // Split "--name=value"; otherwise the value, if the option takes one, is the next argument.
        std::string_view name = arg;
        std::optional<std::string_view> inlineValue;
        if (const std::size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            inlineValue = arg.substr(eq + 1);
        }
        if (name == "--compare" && !inlineValue) {
            options.compare = true;
            continue;
        }
        const bool takesValue = name == "--screenshot" || name == "--frames" || name == "--size" ||
                                name == "--scenario" || name == "--steps" || name == "--select";
        if (!takesValue)
            return fail(arg.starts_with("-") ? "unknown option '" + std::string(arg) + "'"
                                             : "unexpected argument '" + std::string(arg) + "'");
        std::string_view value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return fail(std::string(name) + " needs a value");
        }
        if (name == "--screenshot") {
            if (value.empty())
                return fail("--screenshot needs a file name");
            options.command = CliCommand::Screenshot;
            options.screenshotFile = value;
        } else if (name == "--frames") {
            const auto frames = parseInt(value, 1, kMaxFrames);
            if (!frames)
                return fail("--frames needs a whole number from 1 to " + std::to_string(kMaxFrames) + ", not '" +
                            std::string(value) + "'");
            options.frames = *frames;
            framesGiven = true;
        } else if (name == "--scenario") {
            if (value.empty())
                return fail("--scenario needs a scenario name or a .toml file");
            options.scenario = value;
        } else if (name == "--select") {
            if (value.empty())
                return fail("--select needs a device name");
            options.select = value;
        } else if (name == "--steps") {
            const auto steps = parseInt(value, 0, kMaxSteps);
            if (!steps)
                return fail("--steps needs a whole number from 0 to " + std::to_string(kMaxSteps) + ", not '" +
                            std::string(value) + "'");
            options.steps = static_cast<std::size_t>(*steps);
        } else {
            const auto size = parseSize(value);
            if (!size)
                return fail("--size needs WIDTHxHEIGHT with each side from " + std::to_string(kMinSide) + " to " +
                            std::to_string(kMaxSide) + ", not '" + std::string(value) + "'");
            options.width = size->first;
            options.height = size->second;
        }
    }
    if (framesGiven && options.command != CliCommand::Screenshot)
        return fail("--frames only makes sense with --screenshot");
    return options;
}

std::filesystem::path scenarioPath(const std::string& nameOrPath)
{
    if (nameOrPath.ends_with(".toml") || nameOrPath.find('/') != std::string::npos)
        return nameOrPath;
    return assetsDir() / "scenarios" / (nameOrPath + ".toml");
}

std::string usageText()
{
    return "Usage:\n"
           "  mailscope [--scenario NAME|FILE] [--steps N] [--compare]\n"
           "                                     open the window\n"
           "  mailscope --screenshot FILE [--scenario NAME|FILE] [--steps N] [--compare]\n"
           "            [--select DEVICE] [--frames N] [--size WxH]\n"
           "                                     render N frames (default 10), save the window\n"
           "                                     as a PNG image (and FILE.panels.txt, the regions\n"
           "                                     drawn) and exit\n"
           "  mailscope demo [SCENARIO] [--compare] [--steps N] [--width N]\n"
           "                                     run a scenario without a window and print each\n"
           "                                     device's transcript side by side (demo --help)\n"
           "  mailscope serve [options]          POP3/IMAP servers for real mail clients\n"
           "                                     (mailscope serve --help lists the options)\n"
           "  mailscope --help                   show this text\n"
           "\n"
           "Options:\n"
           "  --scenario NAME|FILE  a scenario from assets/scenarios (default " +
           std::string(kDefaultScenario) +
           ",\n"
           "                        or the one opened last) or a .toml file\n"
           "  --steps N             run the scenario N steps (protocol lines or actions)\n"
           "                        before the first frame (default 0)\n"
           "  --compare             compare mode: every device on POP3 beside every device on IMAP\n"
           "  --select DEVICE       show the device's latest protocol line in the inspector\n"
           "  --size WxH            window size in screen coordinates (default 1280x720)\n"
           "\n"
           "Environment:\n"
           "  MAILSCOPE_ASSETS   the assets/ folder to use instead of the built-in path\n";
}

int runHeadlessCommand(const CliOptions& options, std::ostream& out, std::ostream& err)
{
    switch (options.command) {
    case CliCommand::Help:
        out << usageText();
        return 0;
    case CliCommand::Demo:
        return runDemo(options.demoArgs, out);
    case CliCommand::Serve:
        return runServe(options.serveArgs, out, err);
    case CliCommand::Error:
        err << "mailscope: " << options.error << "\n\n" << usageText();
        return 2;
    case CliCommand::Window:
    case CliCommand::Screenshot:
        break;
    }
    err << "mailscope: this command needs a window\n";
    return 2;
}

}  // namespace mailscope::app
