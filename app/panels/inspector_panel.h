// The Inspector: the selected transcript line explained: who sent it and when, what it
// means (in the UI's language) and where the RFC says so, its raw bytes, and what someone
// listening on the network sees of it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/explorer.h"

namespace mailscope::app {

/// The region's name in the list of regions drawn (screenshots, tests).
inline constexpr const char* kInspectorName = "Inspector";

/// Draws the selected entry (Explorer::selectedEntry()) inside the child region the layout
/// has begun, or an empty state when nothing is selected.
void drawInspector(const Explorer& explorer);

// [SECTION] the bytes shown (no ImGui: tested on their own)

/// The bytes of an entry as they cross the link: a line with its CRLF, a literal as it is,
/// nothing for a note (notes are not sent).
std::string wireBytes(const sim::TranscriptEntry& entry);

/// The bytes as readable text: printable ASCII as it is, "\r" "\n" "\t" "\\" escaped, every
/// other byte (controls, UTF-8) as "\xNN". A line break follows each "\n" except the last,
/// so a literal reads line by line. At most `maxBytes` bytes; more gives a final "…".
std::string escapeBytes(std::string_view bytes, std::size_t maxBytes = 4096);

/// One row of a hex dump: 16 bytes.
struct HexRow {
    std::string offset;  ///< "0010"
    std::string hex;     ///< "52 45 54 52 20 31 0d 0a" (lower case, one space between bytes)
    std::string ascii;   ///< "RETR 1..": printable ASCII as it is, every other byte '.'
};

/// The rows of a hex dump of the first `maxBytes` bytes.
std::vector<HexRow> hexRows(std::string_view bytes, std::size_t maxBytes = 512);

/// A hex dump of the first `maxBytes` bytes, 16 a row, rows joined by '\n':
/// "0000  52 45 54 52 20 31 0d 0a                          RETR 1.." (the caller says how
/// many bytes were left out).
std::string hexDump(std::string_view bytes, std::size_t maxBytes = 512);

}  // namespace mailscope::app
