// Calendar arithmetic and the RFC 5322 / RFC 3501 date formats.
#include "protocols/core/time.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace mailscope::core {
namespace {

constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 7> kWeekdays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};

std::string zoneString(int zoneMinutes) {
    char buf[8];
    const int a = zoneMinutes < 0 ? -zoneMinutes : zoneMinutes;
    std::snprintf(buf, sizeof buf, "%c%02d%02d", zoneMinutes < 0 ? '-' : '+', (a / 60) % 100, a % 60);
    return buf;
}

bool parseInt(std::string_view s, int& out) {
    if (s.empty() || s.size() > 9) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

int daysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::int64_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime civilFromTime(Time t, int zoneMinutes) {
    t += static_cast<Time>(zoneMinutes) * 60;
    std::int64_t days = t / 86400;
    std::int64_t secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    CivilTime c;
    c.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
    c.month = static_cast<int>(m);
    c.day = static_cast<int>(d);
    c.hour = static_cast<int>(secs / 3600);
    c.minute = static_cast<int>(secs / 60 % 60);
    c.second = static_cast<int>(secs % 60);
    c.zoneMinutes = zoneMinutes;
    return c;
}

Time timeFromCivil(const CivilTime& c) {
    return daysFromCivil(c.year, c.month, c.day) * 86400 + c.hour * 3600 + c.minute * 60 + c.second -
           static_cast<Time>(c.zoneMinutes) * 60;
}

std::string formatRfc5322(Time t, int zoneMinutes) {
    const CivilTime c = civilFromTime(t, zoneMinutes);
    std::int64_t days = daysFromCivil(c.year, c.month, c.day);
    const int wd = static_cast<int>(((days % 7) + 7) % 7);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %d %s %04d %02d:%02d:%02d %s", kWeekdays[wd], c.day,
                  kMonths[c.month - 1], c.year, c.hour, c.minute, c.second, zoneString(zoneMinutes).c_str());
    return buf;
}

std::string formatImapDateTime(Time t, int zoneMinutes) {
    const CivilTime c = civilFromTime(t, zoneMinutes);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02d-%s-%04d %02d:%02d:%02d %s", c.day, kMonths[c.month - 1], c.year, c.hour,
                  c.minute, c.second, zoneString(zoneMinutes).c_str());
    return buf;
}

std::string formatImapDate(Time t, int zoneMinutes) {
    const CivilTime c = civilFromTime(t, zoneMinutes);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d-%s-%04d", c.day, kMonths[c.month - 1], c.year);
    return buf;
}

int monthFromName(std::string_view name) {
    if (name.size() != 3) return 0;
    for (std::size_t i = 0; i < kMonths.size(); ++i) {
        bool same = true;
        for (std::size_t k = 0; k < 3; ++k)
            if (std::tolower(static_cast<unsigned char>(name[k])) != std::tolower(static_cast<unsigned char>(kMonths[i][k])))
                same = false;
        if (same) return static_cast<int>(i) + 1;
    }
    return 0;
}

std::optional<CivilTime> parseImapDate(std::string_view s) {
    const auto d1 = s.find('-');
    if (d1 == std::string_view::npos) return std::nullopt;
    const auto d2 = s.find('-', d1 + 1);
    if (d2 == std::string_view::npos) return std::nullopt;
    CivilTime c;
    std::string_view dayPart = s.substr(0, d1);
    while (!dayPart.empty() && dayPart.front() == ' ') dayPart.remove_prefix(1);
    if (dayPart.empty() || dayPart.size() > 2 || !parseInt(dayPart, c.day)) return std::nullopt;
    c.month = monthFromName(s.substr(d1 + 1, d2 - d1 - 1));
    const std::string_view yearPart = s.substr(d2 + 1);
    if (c.month == 0 || yearPart.size() != 4 || !parseInt(yearPart, c.year)) return std::nullopt;
    if (c.day < 1 || c.day > daysInMonth(c.year, c.month)) return std::nullopt;
    return c;
}

std::optional<CivilTime> parseImapDateTime(std::string_view s) {
    // dd-Mon-yyyy hh:mm:ss +zzzz
    const auto sp = s.find(' ', 1);
    if (sp == std::string_view::npos) return std::nullopt;
    auto date = parseImapDate(s.substr(0, sp));
    if (!date) return std::nullopt;
    const std::string_view rest = s.substr(sp + 1);
    if (rest.size() != 14 || rest[2] != ':' || rest[5] != ':' || rest[8] != ' ') return std::nullopt;
    CivilTime c = *date;
    int zh = 0, zm = 0;
    if (!parseInt(rest.substr(0, 2), c.hour) || !parseInt(rest.substr(3, 2), c.minute) ||
        !parseInt(rest.substr(6, 2), c.second) || (rest[9] != '+' && rest[9] != '-') ||
        !parseInt(rest.substr(10, 2), zh) || !parseInt(rest.substr(12, 2), zm))
        return std::nullopt;
    if (c.hour > 23 || c.minute > 59 || c.second > 60 || zm > 59) return std::nullopt;
    c.zoneMinutes = (zh * 60 + zm) * (rest[9] == '-' ? -1 : 1);
    return c;
}

}  // namespace mailscope::core
