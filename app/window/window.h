// The desktop window: GLFW + OpenGL 3.3 core (glad) + Dear ImGui, drawing the panels.
#pragma once

#include "app/cli/command_line.h"

namespace mailscope::app {

/// Opens the window and runs until it is closed; with CliCommand::Screenshot, renders
/// options.frames frames, saves the PNG and returns. Returns the process exit code:
/// 0, or 1 when no window can be opened (then it suggests `mailscope demo`).
int runWindow(const CliOptions& options);

}  // namespace mailscope::app
