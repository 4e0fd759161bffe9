// A device's transcript: client and server lines in their colours, notes dimmed, the step
// cursor, the next line shown before it is sent, explanations on hover, selection for the
// inspector, and copy / export. Only the visible lines cost anything (ImGuiListClipper).
#pragma once

#include <cstddef>

#include "app/ui/explorer.h"

namespace mailscope::app {

/// Draws the transcript of `device` in world `world` into the rest of the current region:
/// a small toolbar, then the lines in a scrolling child that follows new lines unless the
/// person has scrolled up. A click selects a line (SelectEntry).
/// `height` 0 fills what is left of the column; a cramped column (large zoom, small
/// window) gives its lines a height of their own and scrolls as a whole.
void drawTranscript(Explorer& explorer, std::size_t world, const sim::Device& device, float height = 0.0f);

/// Whether a line is an error response: POP3 "-ERR", IMAP tagged or untagged NO / BAD.
bool isErrorLine(const sim::TranscriptEntry& entry);

}  // namespace mailscope::app
