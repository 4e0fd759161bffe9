// Tests of the transcript export: plain text and Markdown renderings, literal sizes, safe
// file names and writing the file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/ui/transcript_export.h"
#include "tests/support/temp_dir.h"

using namespace mailscope;

namespace {

constexpr core::Time kNineOhFive = 9 * 3600 + 5;  // 09:00:05 on the first day of the epoch

sim::TranscriptEntry entry(sim::Protocol protocol, core::Direction direction, std::string text,
                           sim::EntryKind kind = sim::EntryKind::Line)
{
    sim::TranscriptEntry e;
    e.time = kNineOhFive;
    e.step = 1;
    e.kind = kind;
    e.protocol = protocol;
    e.device = "Phone";
    e.direction = direction;
    e.text = std::move(text);
    return e;
}

/// A POP3 login, a note, and an IMAP FETCH whose literal carries two lines.
sim::Transcript sampleTranscript()
{
    sim::Transcript t;
    t.add(entry(sim::Protocol::Pop3, core::Direction::ClientToServer, "connected to the POP3 server",
                sim::EntryKind::Note));
    t.add(entry(sim::Protocol::Pop3, core::Direction::ServerToClient, "+OK mailscope POP3 server ready"));
    t.add(entry(sim::Protocol::Pop3, core::Direction::ClientToServer, "USER alice"));
    t.add(entry(sim::Protocol::Pop3, core::Direction::ServerToClient, "-ERR a | b `c`"));
    t.add(entry(sim::Protocol::Imap, core::Direction::ServerToClient, "* 1 FETCH (BODY[] {24}"));
    t.add(entry(sim::Protocol::Imap, core::Direction::ServerToClient, "Subject: <Hi> & bye\r\n\r\nBody",
                sim::EntryKind::Literal));
    return t;
}

bool contains(const std::string& text, std::string_view what)
{
    return text.find(what) != std::string::npos;
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_SUITE("app.transcript_export") {

TEST_CASE("entries: direction marks, first lines and literal sizes")
{
    const sim::Transcript t = sampleTranscript();
    const auto& entries = t.entries();
    REQUIRE(entries.size() == 6);
    CHECK(app::directionMark(entries[0]) == "--");
    CHECK(app::directionMark(entries[1]) == "S:");
    CHECK(app::directionMark(entries[2]) == "C:");
    CHECK(app::firstLine("one\r\ntwo") == "one");
    CHECK(app::firstLine("single") == "single");

    SUBCASE("a literal's size comes from the {n} that announced it")
    {
        CHECK(app::literalSize(entries, 5) == 24);
        CHECK(app::shortEntryText(entries, 5, app::Language::English) == "Subject: <Hi> & bye … (24 bytes)");
        CHECK(app::shortEntryText(entries, 5, app::Language::Polish) == "Subject: <Hi> & bye … (24 bajty)");
    }
    SUBCASE("without an announcing line, the literal's own size")
    {
        sim::Transcript alone;
        alone.add(entry(sim::Protocol::Imap, core::Direction::ServerToClient, "abc", sim::EntryKind::Literal));
        CHECK(app::literalSize(alone.entries(), 0) == 3);
        CHECK(app::shortEntryText(alone.entries(), 0, app::Language::English) == "abc (3 bytes)");
    }
    SUBCASE("lines are shown as they are; indices out of range give nothing")
    {
        CHECK(app::shortEntryText(entries, 2, app::Language::English) == "USER alice");
        CHECK(app::shortEntryText(entries, 99, app::Language::English).empty());
        CHECK(app::literalSize(entries, 99) == 0);
    }
}

TEST_CASE("plain text export")
{
    const sim::Transcript t = sampleTranscript();
    SUBCASE("English")
    {
        const std::string text = app::exportTranscript(t, "Phone", app::ExportFormat::Text, app::Language::English);
        INFO(text);
        CHECK(text.starts_with("Transcript of Phone\n\n"));
        CHECK(contains(text, "09:00:05  --  connected to the POP3 server\n"));
        CHECK(contains(text, "09:00:05  C:  USER alice\n"));
        CHECK(contains(text, "09:00:05  S:  (24 bytes)\n"));
        CHECK(contains(text, "              | Subject: <Hi> & bye\n              | \n              | Body\n"));
        // The meaning of USER from the POP3 catalogue, with its RFC section, below the line.
        const std::size_t user = text.find("C:  USER alice\n");
        REQUIRE(user != std::string::npos);
        const std::string after = text.substr(user, text.find("\n09:", user) - user);
        CHECK(contains(after, "→ "));
        CHECK(contains(after, "RFC 1939"));
    }
    SUBCASE("Polish headings and meanings")
    {
        const std::string text = app::exportTranscript(t, "Telefon", app::ExportFormat::Text, app::Language::Polish);
        CHECK(text.starts_with("Zapis rozmowy: Telefon\n\n"));
        CHECK(contains(text, "(24 bajty)"));
        CHECK(text != app::exportTranscript(t, "Telefon", app::ExportFormat::Text, app::Language::English));
    }
    SUBCASE("an empty transcript says so")
    {
        const std::string text =
            app::exportTranscript(sim::Transcript{}, "Phone", app::ExportFormat::Text, app::Language::English);
        CHECK(text == "Transcript of Phone\n\nNothing sent yet\n");
    }
}

TEST_CASE("Markdown export")
{
    const sim::Transcript t = sampleTranscript();
    const std::string md = app::exportTranscript(t, "Phone", app::ExportFormat::Markdown, app::Language::English);
    INFO(md);
    CHECK(md.starts_with("# Transcript of Phone\n\n| Time | | Line | Meaning |\n|---|---|---|---|\n"));
    CHECK(contains(md, "| 09:00:05 |  | _connected to the POP3 server_ |  |\n"));
    CHECK(contains(md, "| 09:00:05 | C | `USER alice` | "));
    // Pipes are escaped; backticks inside a code span get a double fence.
    CHECK(contains(md, "| 09:00:05 | S | `` -ERR a \\| b `c` `` | "));
    // A literal keeps its lines, HTML-escaped.
    CHECK(contains(md, "(24 bytes) <code>Subject: &lt;Hi&gt; &amp; bye<br><br>Body</code> |"));
    // Every row has the same number of cells (unescaped pipes): 5 per row.
    std::istringstream lines(md);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.starts_with("| 09"))
            continue;
        int pipes = 0;
        for (std::size_t i = 0; i < line.size(); ++i)
            if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
                ++pipes;
        CHECK_MESSAGE(pipes == 5, line);
    }
}

TEST_CASE("export files")
{
    CHECK(app::exportFileName("Phone", app::ExportFormat::Text) == "mailscope-Phone-transcript.txt");
    CHECK(app::exportFileName("Phone 2/ą", app::ExportFormat::Markdown) == "mailscope-Phone_2___-transcript.md");
    CHECK(app::exportFileName("", app::ExportFormat::Text) == "mailscope-device-transcript.txt");

    const test::TempDir dir("transcript-export");
    SUBCASE("written and read back")
    {
        const std::filesystem::path file = dir / "out.md";
        CHECK(app::writeExportFile(file, "# hello\n") == "");
        CHECK(readFile(file) == "# hello\n");
        CHECK(app::writeExportFile(file, "again") == "");
        CHECK(readFile(file) == "again");
    }
    SUBCASE("a directory that does not exist gives a clear error")
    {
        const std::string error = app::writeExportFile(dir / "no" / "such" / "x.md", "text");
        CHECK(error.starts_with("cannot write "));
        CHECK(contains(error, "x.md"));
    }
}

}  // TEST_SUITE
