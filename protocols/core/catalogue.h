// The shared shape of the protocol catalogues: for each command, response and response
// code, what it means in plain words (English and Polish) and where the RFC says so.
#pragma once

#include <string_view>

namespace mailscope::core {

/// Which way a transcript line travels.
enum class Direction {
    ClientToServer,  ///< a command (or literal data) sent by the client
    ServerToClient,  ///< a greeting, response, continuation or untagged data from the server
};

/// The language of explanations and UI text.
enum class Language {
    English,  ///< the default and the fallback for anything untranslated
    Polish,
};

/// One catalogue entry. All strings are static, UTF-8.
struct Explanation {
    std::string_view key;  ///< what it explains, e.g. "RETR", "-ERR", "[IN-USE]", "EXISTS"
    std::string_view en;   ///< plain-words meaning in English
    std::string_view pl;   ///< the same in Polish (empty: fall back to English)
    std::string_view rfc;  ///< e.g. "RFC 1939 §5"

    std::string_view text(Language lang) const { return lang == Language::Polish && !pl.empty() ? pl : en; }
};

/// Case-insensitive ASCII comparison, used by catalogue look-ups and command tables.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace mailscope::core
