// The Inspector: the selected transcript line, its meaning, its RFC section, its bytes, and
// what an eavesdropper on the link sees.
#include "app/panels/inspector_panel.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/ui/i18n.h"
#include "app/ui/note_text.h"
#include "app/ui/theme.h"
#include "sim/report.h"

namespace mailscope::app {

namespace {

constexpr std::size_t kHexBytesShown = 512;      // a long literal's first rows; the rest is counted
constexpr std::size_t kEscapedBytesShown = 4096;  // the same for the escaped text
constexpr std::size_t kBytesPerRow = 16;

bool printable(unsigned char c)
{
    return c >= 0x20 && c < 0x7f;
}

char hexDigit(unsigned value)
{
    return "0123456789abcdef"[value & 0x0f];
}

// [SECTION] drawing

/// "Phone · client → server · 09:00:10 · step 12 · POP3", in the direction's colour.
void drawHeader(const Explorer& explorer, const sim::TranscriptEntry& entry)
{
    const Palette& colours = palette();
    const float fontSize = ImGui::GetFontSize();
    ImGui::TextColored(colours.accent, "%s", tr("panel.inspector"));
    ImGui::SameLine(0.0f, fontSize);
    if (explorer.compare() && explorer.selection()) {
        ImGui::TextUnformatted(
            tr(explorer.selection()->world == 0 ? "layout.every_device_pop3" : "layout.every_device_imap"));
        ImGui::SameLine(0.0f, fontSize);
    }
    const char* direction = entry.kind == sim::EntryKind::Note ? tr("transcript.note")
                            : entry.direction == core::Direction::ClientToServer
                                ? tr("inspector.client_to_server")
                                : tr("inspector.server_to_client");
    const ImVec4 colour = entry.kind == sim::EntryKind::Note                      ? colours.note
                          : entry.direction == core::Direction::ClientToServer ? colours.clientLine
                                                                               : colours.serverLine;
    ImGui::Text("%s  ·", entry.device.c_str());
    ImGui::SameLine();
    ImGui::TextColored(colour, "%s", direction);
    ImGui::SameLine();
    const std::string clock = sim::formatClock(entry.time, explorer.scenario().zoneMinutes);
    ImGui::Text("·  %s %s  ·", tr("inspector.time"), clock.c_str());
    ImGui::SameLine();
    ImGui::Text(tr("inspector.step"), static_cast<unsigned long long>(entry.step));
    ImGui::SameLine();
    ImGui::Text("·  %s", sim::protocolName(entry.protocol).data());
}

/// The line itself, its meaning and its RFC section.
void drawMeaning(const sim::TranscriptEntry& entry)
{
    const Palette& colours = palette();
    const ImVec4 colour = entry.kind == sim::EntryKind::Note                      ? colours.note
                          : entry.direction == core::Direction::ClientToServer ? colours.clientLine
                                                                               : colours.serverLine;
    const std::string shown = entryText(entry, currentLanguage());
    const std::string_view text = std::string_view(shown).substr(0, kEscapedBytesShown);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::Spacing();

    ImGui::TextColored(colours.accent, "%s", tr("inspector.meaning"));
    if (entry.explanation == nullptr) {
        ImGui::TextDisabled("%s", tr(entry.kind == sim::EntryKind::Note ? "inspector.note_meaning"
                                                                         : "inspector.no_explanation"));
        return;
    }
    const std::string_view meaning = entry.explanation->text(currentLanguage());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(meaning.data(), meaning.data() + meaning.size());
    ImGui::PopTextWrapPos();
    if (!entry.explanation->rfc.empty()) {
        // "RFC 1939 §5" names itself; in the accent colour, like the headings.
        const std::string rfc(entry.explanation->rfc);
        ImGui::TextColored(colours.accent, "%s", rfc.c_str());
    }
}

/// A hex dump table (offset, hex, printable ASCII) of the first `maxBytes` bytes, and how
/// many more there are.
void drawHexTable(const char* id, std::string_view bytes, std::size_t maxBytes)
{
    const std::vector<HexRow> rows = hexRows(bytes, maxBytes);
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (ImGui::BeginTable(id, 3, kFlags)) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const HexRow& row = rows[static_cast<std::size_t>(i)];
                ImGui::TableNextRow();
                ImGui::TableSetColumnIndex(0);
                ImGui::TextDisabled("%s", row.offset.c_str());
                ImGui::TableSetColumnIndex(1);
                ImGui::TextUnformatted(row.hex.c_str());
                ImGui::TableSetColumnIndex(2);
                ImGui::TextDisabled("%s", row.ascii.c_str());
            }
        }
        ImGui::EndTable();
    }
    if (bytes.size() > maxBytes) {
        const std::size_t more = bytes.size() - maxBytes;
        ImGui::TextDisabled(tr("inspector.more_bytes"), static_cast<unsigned long long>(more),
                            trCount("count.byte", more));
    }
}

/// Whether the session of a plain line was switched to TLS later (STLS / STARTTLS): a later
/// line of the same session crossed as ciphertext.
bool upgradedLater(const Explorer& explorer, const sim::TranscriptEntry& entry)
{
    const std::optional<Selection>& selection = explorer.selection();
    if (!selection || !entry.wire.empty() || entry.kind == sim::EntryKind::Note)
        return false;
    const sim::Device* device = explorer.world(selection->world).findDevice(selection->device);
    if (!device)
        return false;
    const auto& entries = device->transcript().entries();
    for (std::size_t i = selection->index + 1; i < entries.size(); ++i)
        if (entries[i].session == entry.session && !entries[i].wire.empty())
            return true;
    return false;
}

/// What someone on the network sees: on a TLS link the ciphertext (entry.wire), else the
/// bytes above as they are. `beforeTls`: a plain line of a session that STARTTLS upgraded later.
void drawEavesdropper(const sim::TranscriptEntry& entry, bool beforeTls)
{
    const Palette& colours = palette();
    ImGui::TextColored(colours.accent, "%s", tr("inspector.eavesdropper"));
    ImGui::PushTextWrapPos(0.0f);
    if (!entry.wire.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled(tr("inspector.byte_count"), static_cast<unsigned long long>(entry.wire.size()),
                            trCount("count.byte", entry.wire.size()));
        ImGui::TextUnformatted(tr("tls.inspector_ciphertext"));
        ImGui::PopTextWrapPos();
        drawHexTable("ciphertext", entry.wire, kHexBytesShown);
        return;
    }
    ImGui::TextUnformatted(tr("inspector.plain_link"));
    ImGui::TextUnformatted(tr(beforeTls ? "tls.inspector_before_starttls" : "tls.inspector_plain_hint"));
    if (!entry.secret.empty())
        ImGui::TextColored(colours.error, "%s", tr("inspector.secret_on_wire"));
    ImGui::PopTextWrapPos();
}

/// The bytes on the wire, escaped and in hex, and what an eavesdropper sees of them: on a
/// TLS link that comes first (it is the point of the lesson), else after the bytes.
void drawBytes(const sim::TranscriptEntry& entry, bool beforeTls)
{
    const Palette& colours = palette();
    const float fontSize = ImGui::GetFontSize();
    if (entry.kind == sim::EntryKind::Note) {
        ImGui::TextColored(colours.accent, "%s", tr("inspector.raw_bytes"));
        ImGui::TextDisabled("%s", tr("inspector.note_not_sent"));
        return;
    }
    const bool tls = !entry.wire.empty();
    if (tls) {
        drawEavesdropper(entry, false);
        ImGui::Spacing();
    }
    const std::string bytes = wireBytes(entry);
    ImGui::TextColored(colours.accent, "%s", tr("inspector.raw_bytes"));
    ImGui::SameLine();
    ImGui::TextDisabled(tr("inspector.byte_count"), static_cast<unsigned long long>(bytes.size()),
                        trCount("count.byte", bytes.size()));
    ImGui::SameLine(0.0f, fontSize);
    if (ImGui::SmallButton(trLabel("common.copy")))
        ImGui::SetClipboardText(escapeBytes(bytes, bytes.size()).c_str());

    const std::string escaped = escapeBytes(bytes, kEscapedBytesShown);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(escaped.c_str());
    ImGui::PopTextWrapPos();

    drawHexTable("hex", bytes, kHexBytesShown);

    if (!tls) {
        ImGui::Spacing();
        drawEavesdropper(entry, beforeTls);
    }
}

}  // namespace

// [SECTION] public

void drawInspector(const Explorer& explorer)
{
    const sim::TranscriptEntry* entry = explorer.selectedEntry();
    if (entry == nullptr) {
        // One line, so the columns keep the height: the title and what to do.
        ImGui::TextColored(palette().accent, "%s", tr("panel.inspector"));
        ImGui::SameLine(0.0f, ImGui::GetFontSize());
        ImGui::TextDisabled("%s", tr("empty.inspector"));
        return;
    }
    drawHeader(explorer, *entry);
    ImGui::Separator();
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("inspector", 2, kFlags, ImGui::GetContentRegionAvail()))
        return;
    ImGui::TableSetupColumn("meaning", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("bytes", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (ImGui::BeginChild("meaning"))
        drawMeaning(*entry);
    ImGui::EndChild();
    ImGui::TableSetColumnIndex(1);
    if (ImGui::BeginChild("bytes"))
        drawBytes(*entry, upgradedLater(explorer, *entry));
    ImGui::EndChild();
    ImGui::EndTable();
}

std::string wireBytes(const sim::TranscriptEntry& entry)
{
    switch (entry.kind) {
    // A secret on a plain link crossed the wire as it is: the raw bytes show it.
    case sim::EntryKind::Line: return (entry.secret.empty() ? entry.text : entry.secret) + "\r\n";
    case sim::EntryKind::Literal: return entry.secret.empty() ? entry.text : entry.secret;
    case sim::EntryKind::Note: break;
    }
    return {};
}

std::string escapeBytes(std::string_view bytes, std::size_t maxBytes)
{
    std::string out;
    const std::size_t shown = std::min(bytes.size(), maxBytes);
    out.reserve(shown + shown / 8);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        switch (c) {
        case '\r': out += "\\r"; break;
        case '\n':
            out += "\\n";
            if (i + 1 < shown)
                out += '\n';
            break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        default:
            if (printable(c)) {
                out += static_cast<char>(c);
            } else {
                out += "\\x";
                out += hexDigit(c >> 4);
                out += hexDigit(c);
            }
        }
    }
    if (bytes.size() > shown)
        out += "…";
    return out;
}

std::vector<HexRow> hexRows(std::string_view bytes, std::size_t maxBytes)
{
    std::vector<HexRow> rows;
    const std::size_t shown = std::min(bytes.size(), maxBytes);
    for (std::size_t start = 0; start < shown; start += kBytesPerRow) {
        HexRow row;
        char offset[24];
        std::snprintf(offset, sizeof offset, "%04zx", start);
        row.offset = offset;
        for (std::size_t i = start; i < std::min(start + kBytesPerRow, shown); ++i) {
            const auto c = static_cast<unsigned char>(bytes[i]);
            if (i > start)
                row.hex += ' ';
            row.hex += hexDigit(c >> 4);
            row.hex += hexDigit(c);
            row.ascii += printable(c) ? static_cast<char>(c) : '.';
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string hexDump(std::string_view bytes, std::size_t maxBytes)
{
    std::string out;
    for (const HexRow& row : hexRows(bytes, maxBytes)) {
        if (!out.empty())
            out += '\n';
        std::string hex = row.hex;
        hex.resize(kBytesPerRow * 3 - 1, ' ');
        out += row.offset + "  " + hex + "  " + row.ascii;
    }
    return out;
}

}  // namespace mailscope::app
