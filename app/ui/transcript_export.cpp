// Transcript export as plain text or Markdown.
#include "app/ui/transcript_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>

#include "app/ui/explorer.h"
#include "app/ui/i18n.h"
#include "app/ui/note_text.h"
#include "sim/report.h"

namespace mailscope::app {

namespace {

const char* text(std::string_view key, Language language)
{
    return uiStrings().text(key, language);
}

/// The explanation of an entry as "meaning (RFC x §y)", or "" when it has none.
std::string meaning(const sim::TranscriptEntry& entry, Language language)
{
    if (!entry.explanation)
        return {};
    std::string out(entry.explanation->text(language));
    if (!entry.explanation->rfc.empty()) {
        out += " (";
        out += entry.explanation->rfc;
        out += ')';
    }
    return out;
}

/// "(342 bytes)" / "(342 bajty)" in `language`.
std::string byteCount(std::uint64_t n, Language language)
{
    const char* key = "count.byte.many";
    switch (pluralForm(language, n)) {
        case PluralForm::One: key = "count.byte.one"; break;
        case PluralForm::Few: key = "count.byte.few"; break;
        case PluralForm::Many: break;
    }
    return "(" + std::to_string(n) + " " + text(key, language) + ")";
}

/// `{12}` or `{12+}` at the end of a line -> 12.
std::optional<std::uint64_t> announcedLiteral(std::string_view line)
{
    if (line.empty() || line.back() != '}')
        return std::nullopt;
    const std::size_t open = line.rfind('{');
    if (open == std::string_view::npos)
        return std::nullopt;
    std::string_view digits = line.substr(open + 1, line.size() - open - 2);
    if (digits.ends_with('+'))
        digits.remove_suffix(1);
    if (digits.empty() || digits.size() > 12)
        return std::nullopt;
    std::uint64_t n = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

// [SECTION] plain text

void appendText(std::string& out, const sim::Transcript& transcript, std::string_view device, Language language,
                int zoneMinutes)
{
    char title[256];
    std::snprintf(title, sizeof title, text("transcript_export.title", language), std::string(device).c_str());
    out += title;
    out += "\n\n";
    const auto& entries = transcript.entries();
    if (entries.empty()) {
        out += text("empty.transcript", language);
        out += '\n';
        return;
    }
    const std::string indent(14, ' ');  // "09:00:05  C:  "
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const sim::TranscriptEntry& e = entries[i];
        out += sim::formatClock(e.time, zoneMinutes);
        out += "  ";
        out += directionMark(e);
        out += "  ";
        if (e.kind == sim::EntryKind::Literal) {
            out += byteCount(literalSize(entries, i), language);
            out += '\n';
            for (const std::string_view line : sim::splitLines(e.text)) {
                out += indent;
                out += "| ";
                out += line;
                out += '\n';
            }
        } else {
            out += entryText(e, language);
            out += '\n';
        }
        if (const std::string m = meaning(e, language); !m.empty()) {
            out += indent;
            out += "→ ";
            out += m;
            out += '\n';
        }
    }
}

// [SECTION] Markdown

/// Text for a table cell: pipes escaped, line breaks as spaces.
std::string cell(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        if (c == '|')
            out += "\\|";
        else if (c == '\r')
            continue;
        else if (c == '\n')
            out += ' ';
        else
            out += c;
    }
    return out;
}

/// A code span for a table cell: `text`, or `` text `` when it holds backticks.
std::string codeSpan(std::string_view s)
{
    if (s.empty())
        return {};
    const bool ticks = s.find('`') != std::string_view::npos;
    const std::string fence = ticks ? "`` " : "`";
    const std::string close = ticks ? " ``" : "`";
    return fence + cell(s) + close;
}

/// A literal's data for a table cell: HTML-escaped inside <code>, lines joined by <br>.
std::string literalCell(std::string_view s)
{
    std::string out = "<code>";
    bool firstLineDone = false;
    for (const std::string_view line : sim::splitLines(s)) {
        if (firstLineDone)
            out += "<br>";
        firstLineDone = true;
        for (const char c : line) {
            switch (c) {
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '&': out += "&amp;"; break;
                case '|': out += "&#124;"; break;
                case '`': out += "&#96;"; break;
                default: out += c;
            }
        }
    }
    out += "</code>";
    return out;
}

void appendMarkdown(std::string& out, const sim::Transcript& transcript, std::string_view device, Language language,
                    int zoneMinutes)
{
    char title[256];
    std::snprintf(title, sizeof title, text("transcript_export.title", language), std::string(device).c_str());
    out += "# ";
    out += title;
    out += "\n\n";
    const auto& entries = transcript.entries();
    if (entries.empty()) {
        out += '_';
        out += text("empty.transcript", language);
        out += "_\n";
        return;
    }
    out += "| ";
    out += text("transcript_export.col_time", language);
    out += " | | ";
    out += text("transcript_export.col_line", language);
    out += " | ";
    out += text("transcript_export.col_meaning", language);
    out += " |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const sim::TranscriptEntry& e = entries[i];
        out += "| ";
        out += sim::formatClock(e.time, zoneMinutes);
        out += " | ";
        out += e.kind == sim::EntryKind::Note ? std::string_view() : directionMark(e).substr(0, 1);
        out += " | ";
        switch (e.kind) {
            case sim::EntryKind::Line: out += codeSpan(e.text); break;
            case sim::EntryKind::Literal:
                out += byteCount(literalSize(entries, i), language);
                out += " ";
                out += literalCell(e.text);
                break;
            case sim::EntryKind::Note:
                out += '_';
                out += cell(entryText(e, language));
                out += '_';
                break;
        }
        out += " | ";
        out += cell(meaning(e, language));
        out += " |\n";
    }
}

}  // namespace

// [SECTION] public functions

std::string_view exportExtension(ExportFormat format)
{
    return format == ExportFormat::Markdown ? "md" : "txt";
}

std::string_view directionMark(const sim::TranscriptEntry& entry)
{
    if (entry.kind == sim::EntryKind::Note)
        return "--";
    return entry.direction == core::Direction::ClientToServer ? "C:" : "S:";
}

std::string_view firstLine(std::string_view text)
{
    const std::size_t end = text.find_first_of("\r\n");
    return end == std::string_view::npos ? text : text.substr(0, end);
}

std::uint64_t literalSize(const std::vector<sim::TranscriptEntry>& entries, std::size_t index)
{
    if (index >= entries.size())
        return 0;
    const sim::TranscriptEntry& e = entries[index];
    if (e.kind == sim::EntryKind::Literal) {
        // The announcing line is the previous line of the same direction (a note may sit between).
        for (std::size_t i = index; i > 0 && index - i < 4; --i) {
            const sim::TranscriptEntry& before = entries[i - 1];
            if (before.kind == sim::EntryKind::Note)
                continue;
            if (before.direction != e.direction)
                break;
            if (const auto n = announcedLiteral(firstLine(before.text)); n && before.kind == sim::EntryKind::Line)
                return *n;
            break;
        }
    }
    return e.text.size();
}

std::string shortEntryText(const std::vector<sim::TranscriptEntry>& entries, std::size_t index, Language language)
{
    if (index >= entries.size())
        return {};
    const sim::TranscriptEntry& e = entries[index];
    if (e.kind != sim::EntryKind::Literal)
        return entryText(e, language);
    std::string out(firstLine(e.text));
    if (out.size() < e.text.size() || out.empty()) {
        if (!out.empty())
            out += " … ";
        out += byteCount(literalSize(entries, index), language);
    } else {
        out += " " + byteCount(literalSize(entries, index), language);
    }
    return out;
}

std::string exportTranscript(const sim::Transcript& transcript, std::string_view device, ExportFormat format,
                             Language language, int zoneMinutes)
{
    std::string out;
    if (format == ExportFormat::Markdown)
        appendMarkdown(out, transcript, device, language, zoneMinutes);
    else
        appendText(out, transcript, device, language, zoneMinutes);
    return out;
}

std::string exportFileName(std::string_view device, ExportFormat format)
{
    std::string name = "mailscope-";
    for (const char c : device) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                          c == '_';
        name += safe ? c : '_';
    }
    if (device.empty())
        name += "device";
    name += "-transcript.";
    name += exportExtension(format);
    return name;
}

std::string writeExportFile(const std::filesystem::path& path, std::string_view text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return "cannot write " + path.string() + ": " + std::strerror(errno);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out)
        return "cannot write " + path.string() + ": " + std::strerror(errno);
    return {};
}

bool exportTranscripts(const Explorer& explorer, const std::string& path, std::string& error)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        error = path + ": " + tr("export.cannot_write");
        return false;
    }
    const sim::Scenario& scenario = explorer.scenario();
    out << scenario.title_en;
    if (!scenario.title_pl.empty())
        out << " / " << scenario.title_pl;
    out << "\n\n";
    const std::vector<const sim::World*> worlds = explorer.worlds();
    for (std::size_t i = 0; i < worlds.size(); ++i) {
        if (explorer.compare())
            out << (i == 0 ? "=== Every device on POP3 ===\n" : "\n=== Every device on IMAP ===\n");
        out << sim::formatPlain(*worlds[i]);
    }
    out.flush();
    if (!out) {
        error = path + ": " + tr("export.cannot_write");
        return false;
    }
    return true;
}

}  // namespace mailscope::app
