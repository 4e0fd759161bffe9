// Golden transcripts: each shipped scenario, run to its end, must give exactly the
// transcript and final mailboxes kept in tests/golden/. To regenerate them on purpose
// (after a deliberate change to what devices send), run the suite with
// MAILSCOPE_UPDATE_GOLDEN=1 and review the diff before committing.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";
const std::filesystem::path kGolden = MAILSCOPE_SOURCE_DIR "/tests/golden";

std::string report(const sim::World& world) {
    return "# " + world.scenario().title_en + "\n" + sim::formatPlain(world) + "\n" + sim::formatState(world);
}

/// Bytes for a failure message: printable ASCII as is (a backslash doubled), the rest as
/// \r, \n, \t or \xHH.
std::string visible(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else if (c == '\\') out += "\\\\";
        else if (b < 0x20 || b >= 0x7F) out += std::string("\\x") + kHex[b >> 4] + kHex[b & 0xF];
        else out += c;
    }
    return out;
}

/// The line of `text` that holds byte `offset` (at the end: the last line), without "\n".
std::string lineAt(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t from = newline == std::string_view::npos ? 0 : newline + 1;
    const std::size_t end = text.find('\n', from);
    return std::string(text.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
}

/// Where `actual` first differs from `expected`, byte for byte: the line number, the byte
/// offset, both lines and up to 16 bytes either side of the offset from each; "" when equal.
/// A difference no whole line shows (a missing final newline, CR, NUL) is still reported.
std::string goldenDifference(std::string_view expected, std::string_view actual) {
    if (expected == actual) return "";
    std::size_t offset = 0;
    while (offset < expected.size() && offset < actual.size() && expected[offset] == actual[offset]) ++offset;
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(expected.begin(), expected.begin() + offset, '\n'));
    constexpr std::size_t kContext = 16;
    const std::size_t from = offset > kContext ? offset - kContext : 0;
    const auto around = [&](std::string_view text) {
        if (from >= text.size()) return std::string("\"\" (end)");
        const std::size_t to = std::min(text.size(), offset + kContext);
        return "\"" + visible(text.substr(from, to - from)) + "\"" + (to == text.size() ? " (end)" : "");
    };
    std::ostringstream out;
    out << "line " << line << ", byte offset " << offset << " (expected " << expected.size() << " bytes, got "
        << actual.size() << ")\n"
        << "  expected line: " << visible(lineAt(expected, offset)) << "\n"
        << "  actual line:   " << visible(lineAt(actual, offset)) << "\n"
        << "  expected bytes from offset " << from << ": " << around(expected) << "\n"
        << "  actual bytes from offset " << from << ":   " << around(actual);
    return out.str();
}

void checkGolden(const std::string& name, const std::string& actual) {
    const std::filesystem::path file = kGolden / (name + ".transcript");
    const char* update = std::getenv("MAILSCOPE_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream(file, std::ios::binary) << actual;
        MESSAGE("wrote " << file.string());
        return;
    }
    std::ifstream in(file, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), file.string() << " is missing (MAILSCOPE_UPDATE_GOLDEN=1 writes it)");
    std::ostringstream expected;
    expected << in.rdbuf();
    const std::string difference = goldenDifference(expected.str(), actual);
    if (!difference.empty()) FAIL_CHECK(file.string() << " differs from the run: " << difference);
}

}  // namespace

TEST_SUITE("sim.golden") {

TEST_CASE("the golden comparison fails on any byte difference and says where") {
    CHECK(goldenDifference("", "") == "");
    CHECK(goldenDifference("a\nb\n", "a\nb\n") == "");
    SUBCASE("a missing final newline: no whole line differs") {
        CHECK(goldenDifference("a\nb\n", "a\nb") ==
              "line 2, byte offset 3 (expected 4 bytes, got 3)\n"
              "  expected line: b\n"
              "  actual line:   b\n"
              "  expected bytes from offset 0: \"a\\nb\\n\" (end)\n"
              "  actual bytes from offset 0:   \"a\\nb\" (end)");
    }
    SUBCASE("an extra final newline") {
        const std::string d = goldenDifference("x\n", "x\n\n");
        CHECK(d.starts_with("line 2, byte offset 2 (expected 2 bytes, got 3)\n"));
        CHECK(d.find("actual bytes from offset 0:   \"x\\n\\n\" (end)") != std::string::npos);
    }
    SUBCASE("a CR before a newline, a NUL, a byte above 0x7F") {
        CHECK(goldenDifference("S: +OK\n", "S: +OK\r\n").starts_with("line 1, byte offset 6 "));
        CHECK(goldenDifference("ab", std::string("a\0", 2)).find("\"a\\x00\" (end)") != std::string::npos);
        CHECK(goldenDifference("\xc5\x82", "\xc5\x81").find("\"\\xc5\\x81\" (end)") != std::string::npos);
    }
    SUBCASE("a changed line far into the text: its number, both lines, and context either side") {
        std::string expected;
        for (int i = 1; i <= 40; ++i) expected += "C: line " + std::to_string(i) + "\n";
        std::string actual = expected;
        const std::size_t at = actual.find("line 30") + 5;
        actual[at] = '4';  // "line 40"
        const std::string d = goldenDifference(expected, actual);
        CHECK(d.starts_with("line 30, byte offset " + std::to_string(at) + " "));
        CHECK(d.find("  expected line: C: line 30\n  actual line:   C: line 40\n") != std::string::npos);
        CHECK(d.find("expected bytes from offset " + std::to_string(at - 16) + ": \"line 29\\nC: line 30\\nC: line 31\\nC:\"\n") != std::string::npos);
        CHECK(d.find("actual bytes from offset " + std::to_string(at - 16) + ":   \"line 29\\nC: line 40\\nC: line 31\\nC:\"") != std::string::npos);
    }
}

TEST_CASE("shipped scenarios give their golden transcripts") {
    for (const std::string name : {"where-messages-are-stored", "several-devices", "managing-mail", "eavesdropper"}) {
        CAPTURE(name);
        sim::World world(sim::loadScenario(kAssets / "scenarios" / (name + ".toml"), kAssets));
        world.runToEnd();
        REQUIRE(world.finished());
        checkGolden(name, report(world));
    }
}

TEST_CASE("compare mode gives its golden transcripts") {
    const sim::Scenario scenario = sim::loadScenario(kAssets / "scenarios" / "where-messages-are-stored.toml", kAssets);
    sim::Comparison both(scenario);
    both.runToEnd();
    REQUIRE(both.finished());
    checkGolden("where-messages-are-stored.compare-pop3", report(both.pop3()));
    checkGolden("where-messages-are-stored.compare-imap", report(both.imap()));
}

}  // TEST_SUITE
