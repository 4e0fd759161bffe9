// Where the app finds assets/ (sample mail, lessons' media): the build-time default or
// the MAILSCOPE_ASSETS environment variable.
#pragma once

#include <filesystem>

namespace mailscope::app {

/// MAILSCOPE_ASSETS when it is set and non-empty, else the source tree's assets/.
std::filesystem::path assetsDir();

}  // namespace mailscope::app
