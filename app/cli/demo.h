// `mailscope demo`: the headless demonstration, printed to a stream (no window, no GL).
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace mailscope::app {

/// What `mailscope demo` was asked to do.
struct DemoOptions {
    std::string scenario;                ///< SCENARIO: a name or a .toml file; empty: kDefaultScenario
    bool compare = false;                ///< --compare: every device on POP3, then on IMAP
    std::optional<std::size_t> steps;    ///< --steps N: stop after N steps; none: run to the end
    std::optional<std::size_t> width;    ///< --width N: characters per device column; none: fit the terminal
    bool list = false;                   ///< --list: print the shipped scenarios' names
};

/// Declares the demo's arguments on its subcommand, writing into `options`.
void addDemoOptions(CLI::App& demo, DemoOptions& options);

/// The column width that fits `devices` columns into `terminalWidth` characters (the
/// time, then " | " and a column per device), at least 16.
std::size_t fittingColumnWidth(std::size_t terminalWidth, std::size_t devices);
/// The terminal's width: $COLUMNS, else the width of the terminal on standard output,
/// else 80.
std::size_t terminalWidth();

/// Runs the demo; returns the process exit code (0, or 1 when the scenario cannot be read).
int runDemo(const DemoOptions& options, std::ostream& out, std::ostream& err);

}  // namespace mailscope::app
