// The window's own file dialog (File > Open scenario, Export transcript, Save world): a
// folder's listing to click through, a file name field and the places people start from.
// FileBrowser is the model and knows no ImGui (tests drive it directly); drawFileDialog()
// in app/ui/dialogs.cpp shows it. Nothing here throws: a folder that cannot be read is a
// problem() to show, and the listing stays usable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope::app {

/// One row of a folder's listing.
struct FileEntry {
    std::string name;          ///< the file or folder name (UTF-8 as the file system gives it)
    bool directory = false;
    std::uintmax_t size = 0;   ///< bytes (files only)
};

/// Whether the dialog picks an existing file or names one to write.
enum class FileDialogMode {
    Open,  ///< pick a file that exists
    Save,  ///< name a file; an existing one is replaced only after asking
};

/// Why the chosen name cannot be accepted yet (the dialog says it in the UI's language).
enum class FileChoice {
    Ok,          ///< accept it
    NoName,      ///< nothing typed or picked
    Folder,      ///< the name is a folder: enter it instead
    Missing,     ///< Open: there is no such file
    NoFolder,    ///< Save: the folder to write in does not exist
    Exists,      ///< Save: the file exists (accept again to replace it)
};

class FileBrowser {
public:
    /// Shows `directory` (or the nearest folder above it that exists), listing folders and
    /// the files whose names end in one of `extensions` (".toml"; none: every file).
    /// `fileName` starts the name field (Save: a suggested name).
    void open(FileDialogMode mode, const std::filesystem::path& directory, std::vector<std::string> extensions,
              std::string fileName = {});

    FileDialogMode mode() const { return m_mode; }
    const std::filesystem::path& directory() const { return m_directory; }
    const std::vector<std::string>& extensions() const { return m_extensions; }
    /// Folders first, then files, each in name order ignoring case; hidden names (".x")
    /// only with showHidden.
    const std::vector<FileEntry>& entries() const { return m_entries; }
    /// Why the folder could not be listed completely ("" when it could).
    const std::string& problem() const { return m_problem; }

    /// Into the subfolder `name` of directory().
    void enter(std::string_view name);
    /// To the folder above (nothing at the root).
    void up();
    /// To `directory` (a place, a breadcrumb or a typed path; "~" is the home folder).
    void go(const std::filesystem::path& directory);
    /// Lists directory() again (after showHidden changed, or the disk did).
    void refresh();
    /// A file of the listing clicked: its name goes into the name field.
    void pick(const FileEntry& entry);

    /// The name field: a name in directory(), a relative path from it, or an absolute path.
    std::string fileName;
    /// Show names that start with a dot.
    bool showHidden = false;

    /// The file the name field names: relative names are taken from directory(); Save adds
    /// the first extension when the name has none.
    std::filesystem::path chosen() const;
    /// Whether chosen() can be accepted now. In Save mode `Exists` comes once: after
    /// confirmReplace() the same name is Ok.
    FileChoice check() const;
    /// The person agreed to replace the existing chosen() file.
    void confirmReplace() { m_replaceConfirmed = chosen(); }

    /// The folders from the root down to directory(), for breadcrumbs.
    std::vector<std::filesystem::path> crumbs() const;

private:
    FileDialogMode m_mode = FileDialogMode::Open;
    std::filesystem::path m_directory;
    std::vector<std::string> m_extensions;
    std::vector<FileEntry> m_entries;
    std::string m_problem;
    std::filesystem::path m_replaceConfirmed;
};

/// The home folder ($HOME), or the working folder when it is not set.
std::filesystem::path homeDirectory();
/// "~" and "~/x" expanded; anything else as it is.
std::filesystem::path expandHome(std::string_view text);
/// "812 B", "4.1 KB", "12.0 MB".
std::string sizeText(std::uintmax_t bytes);

}  // namespace mailscope::app
