// Saving the OpenGL back buffer as a PNG (for --screenshot and the Xvfb smoke test).
#pragma once

#include <filesystem>
#include <iosfwd>

namespace mailscope::app {

/// Reads the current context's back buffer (width x height pixels, RGB) and writes it
/// to `file` as a PNG, top row first. Call after rendering and before swapping buffers.
/// On failure writes one line to `err` and returns false.
bool saveScreenshot(const std::filesystem::path& file, int width, int height, std::ostream& err);

}  // namespace mailscope::app
