// A unique temporary directory per test (mkdtemp under $TMPDIR or /tmp), removed with
// everything in it when the object goes: two builds, or `ctest -j`, never share a file.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace mailscope::test {

class TempDir {
public:
    /// `prefix` names the test in the directory's name ("mailscope-<prefix>-XXXXXX").
    explicit TempDir(const std::string& prefix = "test")
    {
        std::string pattern = (std::filesystem::temp_directory_path() / ("mailscope-" + prefix + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed for " + pattern);
        m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    /// A path inside the directory.
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

}  // namespace mailscope::test
