// Text reports of a simulated world: the transcripts as columns (one per device, for the
// terminal), as a plain list (golden transcript files) and the final mailboxes of the
// server and of every device.
#pragma once

#include <cstddef>
#include <string>

#include "sim/world.h"

namespace mailscope::sim {

struct ColumnOptions {
    std::size_t columnWidth = 40;  ///< characters per device column (at least 16)
    std::size_t dataLinesShown = 2;  ///< of each POP3 multi-line response and IMAP literal
};

/// Every device's transcript side by side: a time column, then one column per device;
/// lines of the same step share a row. Long lines are cut with "...", message bodies
/// shortened to their first lines.
std::string formatColumns(const World& world, const ColumnOptions& options = {});

/// Every transcript entry of every device and the server log, in step order, one per
/// line: "step time device C:/S:/--- text". Stable: the golden transcripts use it.
std::string formatPlain(const World& world);

/// The server's mailboxes (account by account) and each device's folders, message by
/// message with its flags.
std::string formatState(const World& world);

/// "09:05:00": the time of day in the zone `zoneMinutes` east of UTC (a scenario's zone).
std::string formatClock(core::Time time, int zoneMinutes = 0);

}  // namespace mailscope::sim
