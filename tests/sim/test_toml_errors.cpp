// Tests for the one "FILE:LINE:COLUMN: problem" helper that every TOML loader uses.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "sim/toml_errors.h"

using namespace mailscope;

namespace {

/// The FileError that `f` throws; fails the test when it throws none.
template <typename F>
sim::FileError errorOf(F&& f) {
    try {
        f();
    } catch (const sim::FileError& e) {
        return e;
    }
    FAIL("no FileError");
    return sim::FileError("", 0, 0, "");
}

std::filesystem::path tempDir() {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("mailscope-toml-errors-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST_SUITE("sim.toml_errors") {

TEST_CASE("formatFileError gives FILE:LINE:COLUMN: problem, counting from 1") {
    CHECK(sim::formatFileError("a.toml", 3, 7, "bad") == "a.toml:3:7: bad");
    CHECK(sim::formatFileError("a.toml", 0, 0, "whole file") == "a.toml:1:1: whole file");
    CHECK(sim::formatFileError("a.toml", toml::source_position{12, 5}, "x") == "a.toml:12:5: x");
    CHECK(std::string(sim::fileErrorAt("b.toml", toml::source_position{4, 2}, "y").what()) == "b.toml:4:2: y");
    const sim::FileError e("f.toml", 2, 9, "wrong");
    CHECK(std::string(e.what()) == "f.toml:2:9: wrong");
    CHECK(e.file() == "f.toml");
    CHECK(e.line() == 2);
    CHECK(e.column() == 9);
    CHECK(e.problem() == "wrong");
}

TEST_CASE("parseToml reports a syntax error at its line and column") {
    const sim::FileError e = errorOf([] { sim::parseToml("a = 1\nb = = 2\n", "s.toml"); });
    CHECK(e.file() == "s.toml");
    CHECK(e.line() == 2);
    CHECK(e.column() >= 1);
    CHECK(std::string(e.what()).starts_with("s.toml:2:" + std::to_string(e.column()) + ": "));
    CHECK(sim::parseToml("a = 1\n", "ok.toml")["a"].value<int>() == 1);
}

TEST_CASE("inputs on which toml++ built with its assertions stops are clean syntax errors") {
    // toml++ 3.3 built from its headers with assertions on reaches TOML_UNREACHABLE in
    // is_non_ascii_horizontal_whitespace() for U+0142 outside quotes, and fails the
    // assertions of parse_key() on "[[[" and parse_time() on a time without digits (found
    // by fuzzing it). The library as Debian ships it reports parse errors; the inputs are
    // in fuzz/corpus/*_toml/toml-*, which the fuzz.replay tests feed to the loaders.
    CHECK(std::string(errorOf([] { sim::parseToml("[[[", "s.toml"); }).what()) ==
          "s.toml:1:3: Error while parsing key: expected bare key starting character or string delimiter, saw '['");
    CHECK(std::string(errorOf([] { sim::parseToml("start = 2026-11-27T:\n", "s.toml"); }).what()) ==
          "s.toml:1:20: Error while parsing time: expected 2-digit hour, saw ':'");
    sim::FileError e = errorOf([] { sim::parseToml("title_en = \"x\"\n\xC5\x82 = 2\n", "s.toml"); });
    CHECK(std::string(e.what()) ==
          "s.toml:2:1: Error while parsing root table: expected keys, tables, whitespace or comments, saw '\xC5\x82'");
    e = errorOf([] { sim::parseToml("a = 1 \xC5\x82\n", "s.toml"); });
    CHECK(std::string(e.what()) == "s.toml:1:7: Error while parsing key-value pair: expected a comment or whitespace, saw '\xC5\x82'");
}

TEST_CASE("readTextFile turns every file problem into FILE:1:1") {
    const std::filesystem::path dir = tempDir();
    SUBCASE("a file is read whole") {
        std::ofstream(dir / "ok.toml", std::ios::binary) << "x = 1\n";
        CHECK(sim::readTextFile(dir / "ok.toml", 100) == "x = 1\n");
    }
    SUBCASE("missing") {
        const sim::FileError e = errorOf([&] { sim::readTextFile(dir / "none.toml", 100); });
        CHECK(std::string(e.what()) == (dir / "none.toml").string() + ":1:1: no such file");
    }
    SUBCASE("a directory") {
        const sim::FileError e = errorOf([&] { sim::readTextFile(dir, 100); });
        CHECK(e.problem() == "not a regular file");
    }
    SUBCASE("too large") {
        std::ofstream(dir / "big.toml", std::ios::binary) << std::string(101, 'x');
        const sim::FileError e = errorOf([&] { sim::readTextFile(dir / "big.toml", 100); });
        CHECK(e.problem().find("too large") != std::string::npos);
    }
    SUBCASE("a name longer than the system allows: an error, not an exception of std::filesystem") {
        const std::filesystem::path path = dir / (std::string(300, 'n') + ".eml");
        const sim::FileError e = errorOf([&] { sim::readTextFile(path, 100); });
        CHECK(std::string(e.what()).starts_with(path.string() + ":1:1: "));
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("tomlTypeName names each kind of value") {
    const toml::table t = sim::parseToml("s = \"x\"\ni = 1\nb = true\na = [1]\n[t]\n", "n.toml");
    CHECK(sim::tomlTypeName(*t.get("s")) == "a string");
    CHECK(sim::tomlTypeName(*t.get("i")) == "an integer");
    CHECK(sim::tomlTypeName(*t.get("b")) == "a boolean");
    CHECK(sim::tomlTypeName(*t.get("a")) == "an array");
    CHECK(sim::tomlTypeName(*t.get("t")) == "a table");
}

}  // TEST_SUITE
