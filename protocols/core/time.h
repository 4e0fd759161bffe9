// Time for the sans-I/O engines: seconds since the Unix epoch, always passed in by the
// caller (a simulated clock or the real one). Date formats of RFC 5322 3.3 and RFC 3501 9.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mailscope::core {

/// Seconds since 1970-01-01T00:00:00Z. Engines never read a clock; callers pass this in.
using Time = std::int64_t;

/// A calendar date and time of day in some zone (the zone as minutes east of UTC).
struct CivilTime {
    int year = 1970;
    int month = 1;   ///< 1..12
    int day = 1;     ///< 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int zoneMinutes = 0;  ///< offset east of UTC, e.g. +120 for CEST
};

/// Days since the epoch for a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t daysFromCivil(int year, int month, int day);
CivilTime civilFromTime(Time t, int zoneMinutes = 0);
Time timeFromCivil(const CivilTime& c);

/// "Fri, 27 Nov 2026 09:15:00 +0100" (RFC 5322 3.3).
std::string formatRfc5322(Time t, int zoneMinutes = 0);
/// "27-Nov-2026 09:15:00 +0100" (RFC 3501 date-time, without the quotes).
std::string formatImapDateTime(Time t, int zoneMinutes = 0);
/// "27-Nov-2026" (RFC 3501 date, SEARCH keys).
std::string formatImapDate(Time t, int zoneMinutes = 0);

/// Parses RFC 3501 date-time "27-Nov-2026 09:15:00 +0100" (day may be space-padded).
std::optional<CivilTime> parseImapDateTime(std::string_view s);
/// Parses RFC 3501 date "27-Nov-2026" or "7-Nov-2026".
std::optional<CivilTime> parseImapDate(std::string_view s);
/// Month number 1..12 from a three-letter English name, case-insensitive; 0 if none.
int monthFromName(std::string_view name);

}  // namespace mailscope::core
