// What the TOML loader harnesses share: where assets/ is, and the check that an error
// reads "FILE:LINE:COLUMN: problem".
#pragma once

#include <cstdio>
#include <filesystem>
#include <string_view>

#include "fuzz/fuzz_input.h"

namespace mailscope::fuzz {

inline std::filesystem::path assetsDir() { return std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets"; }

/// Fails unless `what` is "FILE:LINE:COLUMN: problem" with FILE starting with `file`.
inline void checkFileError(std::string_view what, std::string_view file) {
    const auto digits = [&](std::size_t& i) {
        const std::size_t start = i;
        while (i < what.size() && what[i] >= '0' && what[i] <= '9') ++i;
        return i > start;
    };
    // FILE ends at the ":" before LINE:COLUMN: (a file name may hold colons itself).
    for (std::size_t colon = what.find(':'); colon != std::string_view::npos; colon = what.find(':', colon + 1)) {
        std::size_t i = colon + 1;
        if (!digits(i) || i >= what.size() || what[i] != ':') continue;
        ++i;
        if (!digits(i) || !what.substr(i).starts_with(": ") || what.size() <= i + 2) continue;
        if (what.substr(0, colon).starts_with(file) && colon > 0) return;
    }
    std::fprintf(stderr, "not FILE:LINE:COLUMN: problem: %.*s\n", static_cast<int>(what.size()), what.data());
    fail();
}

}  // namespace mailscope::fuzz
