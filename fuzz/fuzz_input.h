// What every harness shares: turning libFuzzer's bytes into a mode byte and chunks of
// input split where the fuzzer chose, so that one input exercises any split of the stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope::fuzz {

/// The input as the harnesses read it: a first byte of mode bits (which state to start
/// in, which options), then the stream. In the stream a 0xFF byte ends a chunk and "\xFF\xFF"
/// stands for one 0xFF byte, so every byte string can still be sent and the fuzzer picks
/// the split points.
struct Input {
    std::uint8_t mode = 0;
    std::vector<std::string> chunks;  ///< at least one (maybe empty)

    /// All chunks joined: the stream without its split points.
    std::string joined() const {
        std::string out;
        for (const std::string& c : chunks) out += c;
        return out;
    }
};

inline Input readInput(const std::uint8_t* data, std::size_t size) {
    Input in;
    in.chunks.emplace_back();
    if (size == 0) return in;
    in.mode = data[0];
    for (std::size_t i = 1; i < size; ++i) {
        const char c = static_cast<char>(data[i]);
        if (data[i] != 0xFF) {
            in.chunks.back() += c;
        } else if (i + 1 < size && data[i + 1] == 0xFF) {
            in.chunks.back() += c;
            ++i;
        } else {
            in.chunks.emplace_back();
        }
    }
    return in;
}

/// A failed property: libFuzzer reports the abort as a crash with this input.
[[noreturn]] inline void fail() { __builtin_trap(); }

}  // namespace mailscope::fuzz
