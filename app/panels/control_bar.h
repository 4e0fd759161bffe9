// The control bar: play/pause, step one line, step one action, step back, reset, the speed,
// the timeline slider, the simulated clock, and the next line before it is sent.
#pragma once

#include <cstddef>
#include <optional>

#include <string>
#include <vector>

#include "app/ui/explorer.h"
#include "app/ui/shortcuts.h"

namespace mailscope::app {

/// The region's name in the list of regions drawn (screenshots, tests).
inline constexpr const char* kControlBarName = "Control bar";

/// Draws the bar inside the child region the layout has begun, filling its width.
/// `onlyWorld`: in compare mode shown as tabs, the status row of the world shown only.
void drawControlBar(Explorer& explorer, std::optional<std::size_t> onlyWorld = std::nullopt);

/// The height the bar needs at the current font size when it is `width` wide (padding
/// included): the playback row (two rows when the timeline does not fit beside the buttons),
/// one status row per world, and the child's padding.
float controlBarHeight(const Explorer& explorer, float width, std::optional<std::size_t> onlyWorld = std::nullopt);

/// Posts the intents of the playback shortcuts (play/pause, step line, step action, step
/// back, reset). The zoom shortcuts are the window's and are ignored here.
void postShortcuts(Explorer& explorer, const std::vector<Shortcut>& shortcuts);

/// What the next step of `world` will do, in one line for people:
/// "Phone  C → S  RETR 1", "09:05:00 action: deliver mail to alice: …", or that nothing is left.
std::string describeNext(const sim::World& world);

}  // namespace mailscope::app
