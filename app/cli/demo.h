// `mailscope demo`: the headless demonstration, printed to a stream (no window, no GL).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace mailscope::app {

/// Runs the demo with the arguments after "demo"; returns the process exit code.
int runDemo(const std::vector<std::string>& args, std::ostream& out);

}  // namespace mailscope::app
