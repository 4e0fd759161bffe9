// The mailscope command line: what each argument means, the usage text, and the
// commands that run without a window (help, errors, `mailscope demo`).
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace mailscope::app {

/// What the command line asks for.
enum class CliCommand {
    Window,      ///< open the window (no arguments)
    Screenshot,  ///< open the window, render some frames, save a PNG, exit
    Demo,        ///< `mailscope demo [args...]`: headless, prints to stdout
    Serve,       ///< `mailscope serve [args...]`: real POP3/IMAP ports until Ctrl-C
    Help,        ///< --help / -h: print the usage, exit 0
    Error,       ///< an unknown or malformed argument: print `error` and the usage, exit 2
};

struct CliOptions {
    CliCommand command = CliCommand::Window;
    std::string screenshotFile;          ///< Screenshot: where the PNG goes
    int frames = 10;                     ///< Screenshot: frames rendered before saving
    int width = 1280;                    ///< window width in screen coordinates (--size)
    int height = 720;                    ///< window height (--size)
    std::string scenario;                ///< --scenario NAME|PATH; empty: the last one (or the default)
    std::size_t steps = 0;               ///< --steps N: steps the world takes before the first frame
    bool compare = false;                ///< --compare: start in compare mode
    std::string select;                  ///< --select DEVICE: its latest protocol line in the inspector
    std::vector<std::string> demoArgs;   ///< Demo: the arguments after "demo"
    std::vector<std::string> serveArgs;  ///< Serve: the arguments after "serve"
    std::string error;                   ///< Error: what is wrong, one line
};

/// The scenario the window opens when none is given or remembered.
inline constexpr const char* kDefaultScenario = "where-messages-are-stored";

/// The file a scenario argument names: a name from assets/scenarios ("several-devices")
/// or, when it contains '/' or ends in ".toml", a path as given.
std::filesystem::path scenarioPath(const std::string& nameOrPath);

/// Parses the arguments after the program name. Options take their value as the next
/// argument or after '=' (--frames 5, --frames=5).
CliOptions parseCommandLine(const std::vector<std::string>& args);

/// The usage text, ending with a newline.
std::string usageText();

/// Runs Help, Error, Demo and Serve; returns the process exit code (0, 2, or the command's).
/// Help goes to `out`; an error and the usage go to `err`.
int runHeadlessCommand(const CliOptions& options, std::ostream& out, std::ostream& err);

}  // namespace mailscope::app
