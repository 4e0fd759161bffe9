// Transcript export: one device's transcript as plain text or Markdown (time, C:/S:, the
// line, what it means and its RFC section), for handouts and notes. Pure: no ImGui.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/i18n.h"
#include "sim/transcript.h"

namespace mailscope::app {

/// How an exported transcript is written.
enum class ExportFormat {
    Text,      ///< plain text: one entry per line, meanings and literal data indented below
    Markdown,  ///< a heading and a table: time | C/S | line | meaning
};

/// "txt" or "md".
std::string_view exportExtension(ExportFormat format);

/// Who an entry comes from: "C:" for the client, "S:" for the server, "--" for a note.
std::string_view directionMark(const sim::TranscriptEntry& entry);

/// The first line of `text` (all of it when it has no line break).
std::string_view firstLine(std::string_view text);

/// The number of bytes the literal at `index` carries: the {n} announced at the end of
/// the line just before it (same direction), else the size of its text. For entries
/// that are not literals: the size of their text.
std::uint64_t literalSize(const std::vector<sim::TranscriptEntry>& entries, std::size_t index);

/// What a transcript line shows in one line: the text itself, or for a literal its first
/// line and "… (N bytes)" in `language`.
std::string shortEntryText(const std::vector<sim::TranscriptEntry>& entries, std::size_t index, Language language);

/// The whole transcript of `device`, headings and meanings in `language`, times of day in
/// the zone `zoneMinutes` east of UTC (the scenario's). Secrets are already masked in the
/// transcript and stay masked.
std::string exportTranscript(const sim::Transcript& transcript, std::string_view device, ExportFormat format,
                             Language language, int zoneMinutes = 0);

/// "mailscope-<device>-transcript.<ext>": the device name reduced to letters, digits,
/// '-' and '_' (other bytes become '_'), so the name is safe in any directory.
std::string exportFileName(std::string_view device, ExportFormat format);

/// Writes `text` to `path`, replacing the file. Returns "" on success, else what went
/// wrong ("cannot write /no/such/dir/x.md: No such file or directory").
std::string writeExportFile(const std::filesystem::path& path, std::string_view text);

class Explorer;
/// Writes every world's transcripts (sim::formatPlain) to `path`. Returns false with
/// `error` set when the file cannot be written.
bool exportTranscripts(const Explorer& explorer, const std::string& path, std::string& error);

}  // namespace mailscope::app
