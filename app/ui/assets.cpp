// Where the app finds assets/: MAILSCOPE_ASSETS overrides the compiled-in default.
#include "app/ui/assets.h"

#include <cstdlib>

namespace mailscope::app {

std::filesystem::path assetsDir()
{
    if (const char* env = std::getenv("MAILSCOPE_ASSETS"); env != nullptr && *env != '\0')
        return env;
    return MAILSCOPE_ASSETS_DIR;
}

}  // namespace mailscope::app
