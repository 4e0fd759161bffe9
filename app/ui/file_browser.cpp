// The file dialog's model: listing, moving between folders and checking the chosen name,
// all with std::error_code so that an unreadable folder, a vanished file or a name the
// file system refuses never throws into the window.
#include "app/ui/file_browser.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace mailscope::app {

namespace fs = std::filesystem;

namespace {

std::string folded(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool endsWithAny(std::string_view name, const std::vector<std::string>& extensions) {
    if (extensions.empty()) return true;
    const std::string lower = folded(name);
    return std::any_of(extensions.begin(), extensions.end(), [&](const std::string& e) {
        return lower.size() > e.size() && lower.compare(lower.size() - e.size(), e.size(), folded(e)) == 0;
    });
}

/// `path` made absolute and tidy ("a/../b" -> "b"), without touching the disk more than that.
fs::path tidy(const fs::path& path) {
    std::error_code error;
    fs::path absolute = fs::absolute(path, error);
    if (error) absolute = path;
    fs::path out = absolute.lexically_normal();
    // "/x/" normalizes to "/x/" (an empty last part): keep folders without the slash.
    if (out.has_parent_path() && out.filename().empty() && out != out.root_path()) out = out.parent_path();
    return out;
}

bool isDirectory(const fs::path& path) {
    std::error_code error;
    return fs::is_directory(path, error);
}

}  // namespace

fs::path homeDirectory() {
    if (const char* home = std::getenv("HOME"); home && *home) return home;
    std::error_code error;
    fs::path current = fs::current_path(error);
    return error ? fs::path("/") : current;
}

fs::path expandHome(std::string_view text) {
    if (text == "~") return homeDirectory();
    if (text.size() >= 2 && text[0] == '~' && text[1] == '/') return homeDirectory() / fs::path(text.substr(2));
    return fs::path(text);
}

std::string sizeText(std::uintmax_t bytes) {
    char text[32];
    if (bytes < 1024) std::snprintf(text, sizeof text, "%ju B", bytes);
    else if (bytes < 1024 * 1024) std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024.0);
    else std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return text;
}

void FileBrowser::open(FileDialogMode mode, const fs::path& directory, std::vector<std::string> extensions,
                       std::string name) {
    m_mode = mode;
    m_extensions = std::move(extensions);
    fileName = std::move(name);
    m_replaceConfirmed.clear();
    go(directory);
}

void FileBrowser::go(const fs::path& directory) {
    fs::path target = tidy(expandHome(directory.string()));
    // The nearest folder that exists: a remembered folder may have been removed since.
    while (!isDirectory(target) && target.has_parent_path() && target.parent_path() != target)
        target = target.parent_path();
    if (!isDirectory(target)) target = tidy(homeDirectory());
    m_directory = target;
    refresh();
}

void FileBrowser::enter(std::string_view name) { go(m_directory / fs::path(name)); }

void FileBrowser::up() {
    if (m_directory.has_parent_path() && m_directory.parent_path() != m_directory) go(m_directory.parent_path());
}

void FileBrowser::refresh() {
    m_entries.clear();
    m_problem.clear();
    std::error_code error;
    fs::directory_iterator it(m_directory, fs::directory_options::skip_permission_denied, error);
    if (error) {
        m_problem = m_directory.string() + ": " + error.message();
        return;
    }
    constexpr std::size_t kMaxEntries = 5000;  // a folder of a million files must not freeze the window
    for (; it != fs::directory_iterator(); it.increment(error)) {
        if (error) {
            m_problem = m_directory.string() + ": " + error.message();
            break;
        }
        if (m_entries.size() >= kMaxEntries) {
            m_problem = m_directory.string() + ": only the first " + std::to_string(kMaxEntries) + " entries are listed";
            break;
        }
        FileEntry entry;
        entry.name = it->path().filename().string();
        if (!showHidden && !entry.name.empty() && entry.name.front() == '.') continue;
        std::error_code kind;
        entry.directory = it->is_directory(kind);  // follows links, as people expect of a folder link
        if (!entry.directory) {
            if (!endsWithAny(entry.name, m_extensions)) continue;
            std::error_code sized;
            const std::uintmax_t size = it->file_size(sized);
            entry.size = sized ? 0 : size;
        }
        m_entries.push_back(std::move(entry));
    }
    std::sort(m_entries.begin(), m_entries.end(), [](const FileEntry& a, const FileEntry& b) {
        if (a.directory != b.directory) return a.directory;
        const std::string fa = folded(a.name), fb = folded(b.name);
        return fa != fb ? fa < fb : a.name < b.name;
    });
}

void FileBrowser::pick(const FileEntry& entry) {
    if (!entry.directory) fileName = entry.name;
}

fs::path FileBrowser::chosen() const {
    if (fileName.empty()) return {};
    fs::path path = expandHome(fileName);
    if (path.is_relative()) path = m_directory / path;
    path = path.lexically_normal();
    if (m_mode == FileDialogMode::Save && !m_extensions.empty() && !path.filename().empty() &&
        !path.has_extension())
        path += m_extensions.front();
    return path;
}

FileChoice FileBrowser::check() const {
    const fs::path path = chosen();
    if (path.empty() || path.filename().empty()) return FileChoice::NoName;
    if (isDirectory(path)) return FileChoice::Folder;
    std::error_code error;
    const bool exists = fs::exists(path, error);
    if (m_mode == FileDialogMode::Open) return exists ? FileChoice::Ok : FileChoice::Missing;
    if (!isDirectory(path.parent_path())) return FileChoice::NoFolder;
    if (exists && path != m_replaceConfirmed) return FileChoice::Exists;
    return FileChoice::Ok;
}

std::vector<fs::path> FileBrowser::crumbs() const {
    std::vector<fs::path> out;
    fs::path at = m_directory;
    while (true) {
        out.push_back(at);
        if (!at.has_parent_path() || at.parent_path() == at) break;
        at = at.parent_path();
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace mailscope::app
