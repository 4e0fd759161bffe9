// mailscope's entry point: parse the command line, then open the window or run headless.
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/command_line.h"
#include "app/window/window.h"

int main(int argc, char** argv)
{
    using namespace mailscope::app;
    const CliOptions options = parseCommandLine(std::vector<std::string>(argv + 1, argv + argc));
    if (options.command == CliCommand::Window || options.command == CliCommand::Screenshot)
        return runWindow(options);
    return runHeadlessCommand(options, std::cout, std::cerr);
}
