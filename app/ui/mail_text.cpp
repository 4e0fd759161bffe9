// Text the app shows for the mail model (message rows, flag letters, sizes).
#include "app/ui/mail_text.h"

#include <cstdio>

namespace mailscope::app {

std::string flagLetters(const mail::Flags& flags, bool recent)
{
    struct Letter {
        mail::SystemFlag flag;
        char letter;
    };
    static constexpr Letter kLetters[] = {
        {mail::SystemFlag::Seen, 'S'},     {mail::SystemFlag::Answered, 'A'}, {mail::SystemFlag::Flagged, 'F'},
        {mail::SystemFlag::Deleted, 'X'},  {mail::SystemFlag::Draft, 'D'},
    };
    std::string out;
    if (recent)
        out += 'N';
    for (const Letter& l : kLetters)
        if (flags.has(l.flag))
            out += l.letter;
    if (!flags.keywords.empty())
        out += '+';
    return out;
}

const char* flagLegend()
{
    return "N  \\Recent: new, no session has seen it yet\n"
           "S  \\Seen: read\n"
           "A  \\Answered: replied to\n"
           "F  \\Flagged: marked as important\n"
           "X  \\Deleted: marked for removal (EXPUNGE or POP3 QUIT removes it)\n"
           "D  \\Draft: not yet sent\n"
           "+  has keywords (e.g. $Forwarded)";
}

std::string displayName(const std::string& from)
{
    const std::size_t open = from.rfind('<');
    if (from.empty() || from.back() != '>' || open == std::string::npos)
        return from;
    std::string name = from.substr(0, open);
    while (!name.empty() && name.back() == ' ')
        name.pop_back();
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
    if (name.empty())
        return from.substr(open + 1, from.size() - open - 2);
    return name;
}

std::string formatSize(std::size_t bytes)
{
    if (bytes < 1024)
        return std::to_string(bytes) + " B";
    const char* units[] = {"KB", "MB", "GB"};
    double value = static_cast<double>(bytes) / 1024.0;
    std::size_t unit = 0;
    while (value >= 1024.0 && unit + 1 < std::size(units)) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

MessageRow messageRow(const mail::MailItem& item)
{
    MessageRow row;
    row.flags = flagLetters(item.flags, item.recent);
    row.uid = item.uid;
    if (item.message) {
        const mail::Summary& summary = item.message->summary();
        row.from = summary.from;
        row.subject = summary.subject;
        row.size = formatSize(item.message->size());
    }
    if (row.from.empty())
        row.from = "(no sender)";
    row.fromName = displayName(row.from);
    if (row.subject.empty())
        row.subject = "(no subject)";
    return row;
}

std::string mailboxSummary(const mail::Mailbox& mailbox)
{
    if (mailbox.empty())
        return "empty";
    std::string out = std::to_string(mailbox.size()) + (mailbox.size() == 1 ? " message" : " messages");
    if (const std::size_t unseen = mailbox.countWithout(mail::SystemFlag::Seen); unseen > 0)
        out += ", " + std::to_string(unseen) + " unseen";
    return out;
}

}  // namespace mailscope::app
