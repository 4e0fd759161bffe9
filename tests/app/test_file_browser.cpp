// Tests for the file dialog's model: the listing (folders first, filtered, hidden names),
// moving between folders, the chosen name and what check() says about it.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "app/ui/file_browser.h"
#include "tests/support/temp_dir.h"

using namespace mailscope;
using app::FileBrowser;
using app::FileChoice;
using app::FileDialogMode;

namespace {

void touch(const std::filesystem::path& file, std::string_view text = "x") {
    std::ofstream(file, std::ios::binary) << text;
}

std::vector<std::string> names(const FileBrowser& browser) {
    std::vector<std::string> out;
    for (const app::FileEntry& e : browser.entries()) out.push_back(e.name + (e.directory ? "/" : ""));
    return out;
}

}  // namespace

TEST_SUITE("app.file_browser") {

TEST_CASE("folders first, then the files that fit the filter, in name order ignoring case") {
    const test::TempDir dir("browser");
    std::filesystem::create_directory(dir / "zeta");
    std::filesystem::create_directory(dir / "Alpha");
    std::filesystem::create_directory(dir / ".cache");
    touch(dir / "b.toml");
    touch(dir / "A.TOML");
    touch(dir / "notes.txt");
    touch(dir / ".hidden.toml");
    FileBrowser browser;
    browser.open(FileDialogMode::Open, dir.path(), {".toml"});
    CHECK(browser.problem().empty());
    CHECK(names(browser) == std::vector<std::string>{"Alpha/", "zeta/", "A.TOML", "b.toml"});
    browser.showHidden = true;
    browser.refresh();
    CHECK(names(browser) == std::vector<std::string>{".cache/", "Alpha/", "zeta/", ".hidden.toml", "A.TOML", "b.toml"});
    browser.open(FileDialogMode::Open, dir.path(), {});  // no filter; "hidden files" stays as the person set it
    CHECK(names(browser).size() == 7);
}

TEST_CASE("entering, going up, breadcrumbs and a folder that vanished") {
    const test::TempDir dir("browser");
    std::filesystem::create_directories(dir / "a" / "b");
    FileBrowser browser;
    browser.open(FileDialogMode::Open, dir.path(), {".toml"});
    browser.enter("a");
    CHECK(browser.directory() == (dir / "a").lexically_normal());
    browser.enter("b");
    const auto crumbs = browser.crumbs();
    REQUIRE(crumbs.size() >= 3);
    CHECK(crumbs.back() == (dir / "a" / "b").lexically_normal());
    CHECK(crumbs.front() == crumbs.front().root_path());
    browser.up();
    CHECK(browser.directory() == (dir / "a").lexically_normal());
    // A remembered folder that no longer exists opens at the nearest one above it.
    browser.go(dir / "a" / "gone" / "deeper");
    CHECK(browser.directory() == (dir / "a").lexically_normal());
    browser.go("/");
    browser.up();  // nothing above the root
    CHECK(browser.directory() == std::filesystem::path("/"));
}

TEST_CASE("a folder that cannot be read is a problem to show, not a throw") {
    const test::TempDir dir("browser");
    std::filesystem::create_directory(dir / "locked");
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::none);
    FileBrowser browser;
    browser.open(FileDialogMode::Open, dir / "locked", {});
    if (::geteuid() != 0) {  // root reads any folder
        CHECK_FALSE(browser.problem().empty());
        CHECK(browser.problem().find("locked") != std::string::npos);
    }
    CHECK(browser.entries().empty());
    std::filesystem::permissions(dir / "locked", std::filesystem::perms::owner_all);
}

TEST_CASE("Open accepts a file that exists, not a folder, a missing file or no name") {
    const test::TempDir dir("browser");
    touch(dir / "world.toml");
    std::filesystem::create_directory(dir / "sub");
    FileBrowser browser;
    browser.open(FileDialogMode::Open, dir.path(), {".toml"});
    CHECK(browser.check() == FileChoice::NoName);
    browser.pick(browser.entries().back());
    CHECK(browser.fileName == "world.toml");
    CHECK(browser.check() == FileChoice::Ok);
    CHECK(browser.chosen() == (dir / "world.toml").lexically_normal());
    browser.fileName = "sub";
    CHECK(browser.check() == FileChoice::Folder);
    browser.fileName = "nothing.toml";
    CHECK(browser.check() == FileChoice::Missing);
    browser.fileName = (dir / "world.toml").string();  // an absolute path typed
    CHECK(browser.check() == FileChoice::Ok);
    browser.fileName = "sub/../world.toml";
    CHECK(browser.chosen() == (dir / "world.toml").lexically_normal());
}

TEST_CASE("Save adds the extension, names a missing folder and asks once before replacing") {
    const test::TempDir dir("browser");
    touch(dir / "kept.toml");
    FileBrowser browser;
    browser.open(FileDialogMode::Save, dir.path(), {".toml"}, "my-world");
    CHECK(browser.chosen() == (dir / "my-world.toml").lexically_normal());
    CHECK(browser.check() == FileChoice::Ok);
    browser.fileName = "no/such/folder/x.toml";
    CHECK(browser.check() == FileChoice::NoFolder);
    browser.fileName = "kept";
    CHECK(browser.check() == FileChoice::Exists);
    browser.confirmReplace();
    CHECK(browser.check() == FileChoice::Ok);
    browser.fileName = "other.toml";
    CHECK(browser.check() == FileChoice::Ok);
    browser.fileName = "kept.toml";  // the agreement was for this very file
    CHECK(browser.check() == FileChoice::Ok);
    browser.open(FileDialogMode::Save, dir.path(), {".toml"}, "kept.toml");  // a new dialog asks again
    CHECK(browser.check() == FileChoice::Exists);
}

TEST_CASE("home and sizes") {
    CHECK(app::expandHome("~") == app::homeDirectory());
    CHECK(app::expandHome("~/x.toml") == app::homeDirectory() / "x.toml");
    CHECK(app::expandHome("/tmp/~x") == std::filesystem::path("/tmp/~x"));
    CHECK(app::sizeText(812) == "812 B");
    CHECK(app::sizeText(4200) == "4.1 KB");
    CHECK(app::sizeText(12 * 1024 * 1024) == "12.0 MB");
}

}
