// The one way files report problems: "FILE:LINE:COLUMN: problem" (the GCC / Clang form
// editors jump to), and the guarded read every loader starts with. TOML parsing and
// positions are in sim/toml_errors.h; this header stays light for sim/scenario.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mailscope::sim {

/// A problem at a place in a file. what() reads "FILE:LINE:COLUMN: problem"; line and
/// column count from 1 (a problem with the whole file is at 1:1).
class FileError : public std::runtime_error {
public:
    FileError(std::string file, std::size_t line, std::size_t column, std::string problem);

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

/// Reads a whole file for a loader. Never lets a std::filesystem or stream exception out:
/// a missing, unreadable, non-regular or larger than `maxBytes` file, or a path the system
/// refuses (a name too long, ...), throws FileError at 1:1 with the reason ("no such
/// file", "File name too long", ...).
std::string readTextFile(const std::filesystem::path& file, std::uintmax_t maxBytes);

}  // namespace mailscope::sim
