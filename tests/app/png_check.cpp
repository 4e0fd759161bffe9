// png_check FILE WIDTH HEIGHT: fails unless FILE is a PNG of exactly WIDTH x HEIGHT that
// shows something (enough distinct colours, not almost all one colour).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include <stb/stb_image.h>

namespace {

constexpr std::size_t kMinColours = 8;      // a drawn UI has text, frames and backgrounds
constexpr double kMaxDominantShare = 0.97;  // a blank window is (almost) one colour

int fail(const char* file, const std::string& why)
{
    std::fprintf(stderr, "png_check: %s: %s\n", file, why.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: png_check FILE WIDTH HEIGHT\n");
        return 2;
    }
    const char* file = argv[1];
    const int wantWidth = std::atoi(argv[2]);
    const int wantHeight = std::atoi(argv[3]);
    int width = 0;
    int height = 0;
    int channels = 0;
    unsigned char* pixels = stbi_load(file, &width, &height, &channels, 3);
    if (pixels == nullptr)
        return fail(file, std::string("cannot load: ") + stbi_failure_reason());
    if (width != wantWidth || height != wantHeight) {
        stbi_image_free(pixels);
        return fail(file, "is " + std::to_string(width) + "x" + std::to_string(height) + ", expected " +
                              std::to_string(wantWidth) + "x" + std::to_string(wantHeight));
    }
    std::unordered_map<unsigned, std::size_t> counts;
    const std::size_t total = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    for (std::size_t i = 0; i < total; ++i) {
        const unsigned char* p = pixels + i * 3;
        ++counts[(unsigned{p[0]} << 16) | (unsigned{p[1]} << 8) | p[2]];
    }
    stbi_image_free(pixels);
    std::size_t dominant = 0;
    for (const auto& [colour, count] : counts)
        dominant = count > dominant ? count : dominant;
    const double share = static_cast<double>(dominant) / static_cast<double>(total);
    std::printf("png_check: %s: %dx%d, %zu colours, most common colour covers %.1f%%\n", file, width, height,
                counts.size(), share * 100.0);
    if (counts.size() < kMinColours)
        return fail(file, "looks blank: only " + std::to_string(counts.size()) + " distinct colours");
    if (share > kMaxDominantShare)
        return fail(file, "looks blank: one colour covers almost every pixel");
    return 0;
}
