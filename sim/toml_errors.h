// The one way files report problems: "FILE:LINE:COLUMN: problem" (the GCC / Clang form
// editors jump to). Used by every TOML loader: scenarios, settings, --accounts files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace mailscope::sim {

/// A problem at a place in a file. what() reads "FILE:LINE:COLUMN: problem"; line and
/// column count from 1 (a problem with the whole file is at 1:1).
class FileError : public std::runtime_error {
public:
    FileError(std::string file, std::size_t line, std::size_t column, std::string problem);
    /// At the start of a TOML node, key or parse error (toml++ positions, 0 taken as 1).
    FileError(std::string file, const toml::source_position& where, std::string problem);

    const std::string& file() const { return m_file; }
    std::size_t line() const { return m_line; }
    std::size_t column() const { return m_column; }
    const std::string& problem() const { return m_problem; }

private:
    std::string m_file;
    std::size_t m_line;
    std::size_t m_column;
    std::string m_problem;
};

/// "FILE:LINE:COLUMN: problem", with a line or column of 0 written as 1.
std::string formatFileError(std::string_view file, std::size_t line, std::size_t column, std::string_view problem);
std::string formatFileError(std::string_view file, const toml::source_position& where, std::string_view problem);

/// Reads a whole file for a loader. Never lets a std::filesystem or stream exception out:
/// a missing, unreadable, non-regular or larger than `maxBytes` file, or a path the system
/// refuses (a name too long, ...), throws FileError at 1:1 naming the problem.
std::string readTextFile(const std::filesystem::path& file, std::uintmax_t maxBytes);

/// Parses TOML text. A syntax error (or anything toml++ throws) becomes a FileError at its
/// position in `sourceName`.
toml::table parseToml(std::string_view text, const std::string& sourceName);

/// The English name of a TOML value's type for messages: "a string", "an integer", ...
std::string_view tomlTypeName(const toml::node& node);

}  // namespace mailscope::sim
