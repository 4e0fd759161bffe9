// "FILE:LINE:COLUMN: problem" and the guarded file read that turns filesystem errors into it.
#include "sim/file_error.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace mailscope::sim {

FileError::FileError(std::string file, std::size_t line, std::size_t column, std::string problem)
    : std::runtime_error(formatFileError(file, line, column, problem)),
      m_file(std::move(file)),
      m_line(std::max<std::size_t>(line, 1)),
      m_column(std::max<std::size_t>(column, 1)),
      m_problem(std::move(problem)) {}

std::string formatFileError(std::string_view file, std::size_t line, std::size_t column, std::string_view problem) {
    std::string text(file);
    text += ':';
    text += std::to_string(std::max<std::size_t>(line, 1));
    text += ':';
    text += std::to_string(std::max<std::size_t>(column, 1));
    text += ": ";
    text += problem;
    return text;
}

std::string readTextFile(const std::filesystem::path& file, std::uintmax_t maxBytes) {
    const std::string name = file.string();
    std::error_code ec;
    const std::filesystem::file_status status = std::filesystem::status(file, ec);
    if (status.type() == std::filesystem::file_type::not_found) throw FileError(name, 1, 1, "no such file");
    if (ec) throw FileError(name, 1, 1, ec.message());
    if (status.type() != std::filesystem::file_type::regular) throw FileError(name, 1, 1, "not a regular file");
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) throw FileError(name, 1, 1, ec.message());
    if (size > maxBytes)
        throw FileError(name, 1, 1,
                        "the file is too large (" + std::to_string(size) + " bytes; at most " +
                            std::to_string(maxBytes) + ")");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw FileError(name, 1, 1, "cannot open the file");
    std::ostringstream text;
    if (size > 0 && !(text << in.rdbuf())) throw FileError(name, 1, 1, "cannot read the file");
    if (text.str().size() > maxBytes) throw FileError(name, 1, 1, "the file grew too large while it was read");
    return text.str();
}

}  // namespace mailscope::sim
