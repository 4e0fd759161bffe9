// Saving the OpenGL back buffer as a PNG.
#include "app/window/screenshot.h"

#include <ostream>
#include <vector>

#include <glad/gl.h>
#include <stb/stb_image_write.h>

namespace mailscope::app {

bool saveScreenshot(const std::filesystem::path& file, int width, int height, std::ostream& err)
{
    if (width <= 0 || height <= 0) {
        err << "mailscope: cannot save a screenshot of an empty window (" << width << "x" << height << ")\n";
        return false;
    }
    constexpr int kChannels = 3;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * kChannels);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows go bottom-up; PNG's top-down.
    stbi_flip_vertically_on_write(1);
    if (stbi_write_png(file.string().c_str(), width, height, kChannels, pixels.data(), width * kChannels) == 0) {
        err << "mailscope: cannot write the screenshot " << file.string() << "\n";
        return false;
    }
    return true;
}

}  // namespace mailscope::app
