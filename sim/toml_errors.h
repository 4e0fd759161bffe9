// TOML files report problems as "FILE:LINE:COLUMN: problem" (sim/file_error.h) at toml++'s
// positions. Used by every TOML loader: scenarios, settings.toml, --accounts files; and the
// one string quoting every TOML writer uses (settings.toml, saved worlds).
#pragma once

#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "sim/file_error.h"

namespace mailscope::sim {

/// "FILE:LINE:COLUMN: problem" at a toml++ position (a node's, a key's or a parse error's).
std::string formatFileError(std::string_view file, const toml::source_position& where, std::string_view problem);

/// The FileError for a problem at a toml++ position.
FileError fileErrorAt(std::string file, const toml::source_position& where, std::string problem);

/// Parses TOML text. A syntax error (or anything toml++ throws) becomes a FileError at its
/// position in `sourceName`.
toml::table parseToml(std::string_view text, const std::string& sourceName);

/// The English name of a TOML value's type for messages: "a string", "an integer", ...
std::string_view tomlTypeName(const toml::node& node);

/// `text` as a TOML basic string: quoted, with \, " and control characters escaped (TOML
/// 1.0 "Basic strings"); UTF-8 kept as it is.
std::string tomlString(std::string_view text);

}  // namespace mailscope::sim
