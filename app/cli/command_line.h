// The mailscope command line: `mailscope [window options]`, `mailscope demo ...` and
// `mailscope serve ...`, parsed by one CLI11 App (generated --help, --opt=V and --opt V
// everywhere), and the commands that run without a window.
//
// A new subcommand (e.g. `mailscope lesson`) is a file app/cli/NAME.{h,cpp} with its
// options struct, `addNameOptions(CLI::App&, NameOptions&)` and `runName(options, out,
// err)`, plus a CliCommand value, a CliOptions member and a row in command_line.cpp's
// subcommand table.
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli/demo.h"
#include "app/cli/serve.h"

namespace mailscope::app {

/// What the command line asks for.
enum class CliCommand {
    Window,      ///< open the window (no subcommand)
    Screenshot,  ///< open the window, render some frames, save a PNG, exit
    Demo,        ///< `mailscope demo ...`: headless, prints to stdout
    Serve,       ///< `mailscope serve ...`: real POP3/IMAP ports until Ctrl-C
    Lesson,      ///< `mailscope lesson list|check|run ...`: the guided lessons, headless
    Help,        ///< --help / -h (of any command): print `help`, exit 0
    Error,       ///< an unknown or malformed argument: print `error` and `help`, exit 2
};

struct CliOptions {
    CliCommand command = CliCommand::Window;
    std::string screenshotFile;  ///< Screenshot: where the PNG goes
    int frames = 10;             ///< Screenshot: frames rendered before saving
    int width = 1280;            ///< window width in screen coordinates (--size)
    int height = 720;            ///< window height (--size)
    std::string scenario;        ///< --scenario NAME|PATH; empty: the last one (or the default)
    std::size_t steps = 0;       ///< --steps N: steps the world takes before the first frame
    bool compare = false;        ///< --compare: start in compare mode
    std::string select;          ///< --select DEVICE: its latest protocol line in the inspector
    float zoom = 0.0f;           ///< --zoom Z: the zoom to start at (screenshots); 0: the settings' (100% for screenshots)
    std::string language;        ///< --lang en|pl: the UI language to start in (screenshots); "": the settings'
    std::vector<float> zoomSteps;  ///< --zoom-steps: after the screenshot, change the zoom live to each and save another
    DemoOptions demo;            ///< Demo: what follows "demo"
    ServeOptions serve;          ///< Serve: what follows "serve"
    std::vector<std::string> lesson;  ///< Lesson: the words after "lesson", for lessons::runLessonCommand
    std::string startLesson;     ///< --lesson NAME|FILE: open the window in this guided lesson
    std::string lessonStep;      ///< --lesson-step ID: at this step (the steps before played with their solutions)
    std::string program = "mailscope";  ///< Help, Error: the command asked about ("mailscope demo")
    std::string help;            ///< Help: its generated help; Error: the help of the command at fault
    std::string error;           ///< Error: what is wrong, one line
};

/// The scenario the window and the demo open when none is given or remembered.
inline constexpr const char* kDefaultScenario = "where-messages-are-stored";

/// The file a scenario argument names: a name from assets/scenarios ("several-devices")
/// or, when it contains '/' or ends in ".toml", a path as given.
std::filesystem::path scenarioPath(const std::string& nameOrPath);

/// The names of the scenarios in assets/scenarios (the *.toml files), sorted.
std::vector<std::string> scenarioNames();

/// "" when `nameOrPath` is a path or a shipped scenario's name; otherwise "unknown
/// scenario 'NAME'; the scenarios are: a, b, c" (or where none were found).
std::string scenarioProblem(const std::string& nameOrPath);

/// Parses the arguments after the program name. Never throws.
CliOptions parseCommandLine(const std::vector<std::string>& args);

/// The generated help of `mailscope` (no argument) or of a subcommand ("demo", "serve").
std::string usageText(std::string_view subcommand = {});

/// Runs Help, Error, Demo and Serve; returns the process exit code (0, 2, or the command's).
/// Help goes to `out`; an error and the help of the command at fault go to `err`.
int runHeadlessCommand(const CliOptions& options, std::ostream& out, std::ostream& err);

}  // namespace mailscope::app
