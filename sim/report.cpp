// Text reports of a simulated world for the terminal and for golden transcript files.
#include "sim/report.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace mailscope::sim {
namespace {

/// Code points in UTF-8 text (continuation bytes are not counted).
std::size_t displayWidth(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

/// The text cut to `width` code points ("..." marks a cut), padded with spaces.
std::string fit(std::string_view text, std::size_t width) {
    std::string out;
    if (displayWidth(text) > width) {
        std::size_t kept = 0;
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t len = 1;
            const auto c = static_cast<unsigned char>(text[i]);
            if (c >= 0xF0) len = 4;
            else if (c >= 0xE0) len = 3;
            else if (c >= 0xC0) len = 2;
            if (kept + 1 > width - 3) break;
            out.append(text.substr(i, len));
            i += len;
            ++kept;
        }
        out += "...";
    } else {
        out = std::string(text);
    }
    out.append(width - std::min(width, displayWidth(out)), ' ');
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

/// RFC 1939: these commands answer +OK with data lines ended by "." (LIST and UIDL only
/// without an argument).
bool pop3MultiLine(std::string_view command) {
    const std::string u = upper(command);
    const bool argument = u.find(' ') != std::string::npos;
    return u.starts_with("RETR ") || u.starts_with("TOP ") || u == "CAPA" || (!argument && (u == "LIST" || u == "UIDL"));
}

std::vector<std::string_view> lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const std::size_t lf = text.find('\n');
        std::string_view line = text.substr(0, lf);
        if (line.ends_with('\r')) line.remove_suffix(1);
        out.push_back(line);
        if (lf == std::string_view::npos) break;
        text.remove_prefix(lf + 1);
    }
    return out;
}

/// Turns one device's transcript into display lines, shortening message data.
class ColumnWriter {
public:
    explicit ColumnWriter(std::size_t dataShown) : m_dataShown(dataShown) {}

    /// The display lines of one entry (none for data lines beyond those shown).
    std::vector<std::string> show(const TranscriptEntry& e) {
        std::vector<std::string> out;
        const bool client = e.direction == core::Direction::ClientToServer;
        if (e.kind == EntryKind::Note) {
            flushData(out);
            out.push_back("· " + e.text);
            return out;
        }
        if (e.kind == EntryKind::Literal) {
            const auto parts = lines(e.text);
            for (std::size_t i = 0; i < parts.size() && i < m_dataShown; ++i) out.push_back("   " + std::string(parts[i]));
            out.push_back("   (" + std::to_string(e.text.size()) + " bytes of literal data)");
            return out;
        }
        if (!client && m_inData) {
            if (e.text == ".") {
                flushData(out);
                out.push_back("S: .");
                m_inData = false;
            } else if (++m_dataLines <= m_dataShown) {
                out.push_back("   " + e.text);
            }
            return out;
        }
        out.push_back((client ? "C: " : "S: ") + e.text);
        if (e.protocol == Protocol::Pop3) {
            if (client) m_multiLine = pop3MultiLine(e.text);
            else if (m_multiLine && e.text.starts_with("+OK")) {
                m_inData = true;
                m_dataLines = 0;
            }
        }
        return out;
    }

private:
    void flushData(std::vector<std::string>& out) {
        if (m_dataLines > m_dataShown) out.push_back("   (" + std::to_string(m_dataLines - m_dataShown) + " more lines)");
        m_dataLines = 0;
    }

    std::size_t m_dataShown;
    bool m_multiLine = false;
    bool m_inData = false;
    std::size_t m_dataLines = 0;
};

std::string flagsText(const mail::Flags& flags) {
    const std::string f = flags.toString();
    return f.empty() ? "()" : "(" + f + ")";
}

std::string subjectOf(const std::shared_ptr<const mail::Message>& m) {
    if (!m) return "(no message)";
    return m->summary().subject.empty() ? "(no subject)" : m->summary().subject;
}

}  // namespace

std::string formatClock(core::Time time, int zoneMinutes) {
    const core::CivilTime c = core::civilFromTime(time, zoneMinutes);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", c.hour, c.minute, c.second);
    return buf;
}

std::string formatColumns(const World& world, const ColumnOptions& options) {
    const std::size_t width = std::max<std::size_t>(options.columnWidth, 16);
    const int zone = world.scenario().zoneMinutes;
    const auto devices = world.devices();
    // step -> per device display lines; server notes by step.
    std::map<std::size_t, std::vector<std::vector<std::string>>> rows;
    std::map<std::size_t, core::Time> times;
    for (std::size_t d = 0; d < devices.size(); ++d) {
        ColumnWriter writer(options.dataLinesShown);
        for (const TranscriptEntry& e : devices[d]->transcript().entries()) {
            auto& row = rows[e.step];
            row.resize(devices.size());
            for (std::string& l : writer.show(e)) row[d].push_back(std::move(l));
            times.emplace(e.step, e.time);
        }
    }
    std::map<std::size_t, std::vector<std::string>> serverNotes;
    for (const TranscriptEntry& e : world.serverLog().entries()) {
        if (e.text.starts_with("session ")) continue;  // the device columns show connections
        serverNotes[e.step].push_back(e.text);
        times.emplace(e.step, e.time);
    }

    std::ostringstream out;
    out << fit("time", 9);
    for (const Device* d : devices)
        out << " | " << fit(d->name() + " (" + (d->protocol() == Protocol::Pop3 ? "POP3" : "IMAP") + ")", width);
    out << "\n" << std::string(9, '-');
    for (std::size_t d = 0; d < devices.size(); ++d) out << "-+-" << std::string(width, '-');
    out << "\n";
    core::Time shown = -1;
    for (const auto& [step, time] : times) {
        bool first = time != shown;
        shown = time;
        for (const std::string& note : serverNotes[step]) {
            out << fit(first ? formatClock(time, zone) : "", 9) << " | server: " << note << "\n";
            first = false;
        }
        const auto it = rows.find(step);
        if (it == rows.end()) continue;
        std::size_t height = 0;
        for (const auto& column : it->second) height = std::max(height, column.size());
        for (std::size_t r = 0; r < height; ++r) {
            std::string line = fit(first ? formatClock(time, zone) : "", 9);
            first = false;
            for (const auto& column : it->second) line += " | " + fit(r < column.size() ? column[r] : "", width);
            while (line.ends_with(' ')) line.pop_back();
            out << line << "\n";
        }
    }
    return out.str();
}

std::string formatPlain(const World& world) {
    struct Row {
        std::size_t step;
        std::size_t source;  // 0: server log, then devices in order
        std::size_t index;
        const TranscriptEntry* entry;
    };
    std::vector<Row> rows;
    const auto devices = world.devices();
    for (std::size_t i = 0; i < world.serverLog().size(); ++i)
        rows.push_back({world.serverLog().entries()[i].step, 0, i, &world.serverLog().entries()[i]});
    for (std::size_t d = 0; d < devices.size(); ++d) {
        const auto& entries = devices[d]->transcript().entries();
        for (std::size_t i = 0; i < entries.size(); ++i) rows.push_back({entries[i].step, d + 1, i, &entries[i]});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.step != b.step ? a.step < b.step : a.source != b.source ? a.source < b.source : a.index < b.index;
    });
    const int zone = world.scenario().zoneMinutes;
    std::ostringstream out;
    for (const Row& r : rows) {
        const TranscriptEntry& e = *r.entry;
        out << r.step << ' ' << formatClock(e.time, zone) << ' ' << (r.source == 0 ? std::string("server") : e.device) << ' ';
        if (e.kind == EntryKind::Note) {
            out << "--- " << e.text << "\n";
        } else if (e.kind == EntryKind::Literal) {
            out << (e.direction == core::Direction::ClientToServer ? "C{" : "S{") << e.text.size() << "} ";
            const auto parts = lines(e.text);
            for (std::size_t i = 0; i < parts.size(); ++i) out << (i ? " | " : "") << parts[i];
            out << "\n";
        } else {
            out << (e.direction == core::Direction::ClientToServer ? "C: " : "S: ") << e.text << "\n";
        }
        // The transcript masks the secret; the wire of a plain link does not.
        if (!e.secret.empty())
            out << r.step << ' ' << formatClock(e.time, zone) << ' ' << e.device
                << " !! on the wire, readable by anyone on the network: " << e.secret << "\n";
    }
    return out.str();
}

std::string formatState(const World& world) {
    std::ostringstream out;
    out << "On the server:\n";
    for (const mail::Account* account : world.store().accounts()) {
        out << "  " << account->user() << " folders:";
        for (const mail::Mailbox* box : account->mailboxes()) out << " " << box->name();
        out << "\n";
        for (const mail::Mailbox* box : account->mailboxes()) {
            if (box->empty() && box->name() != "INBOX") continue;
            out << "  " << account->user() << " " << box->name() << ": " << box->size() << " message(s)\n";
            for (const mail::MailItem& item : box->items())
                out << "    UID " << item.uid << " " << flagsText(item.flags) << " \"" << subjectOf(item.message)
                    << "\"\n";
        }
    }
    for (const Device* d : world.devices()) {
        out << d->name() << " (" << (d->protocol() == Protocol::Pop3 ? "POP3" : "IMAP") << ", " << d->status()
            << "):\n  folders:";
        for (const LocalFolder& f : d->local().folders()) out << " " << f.name;
        out << "\n";
        for (const LocalFolder& f : d->local().folders()) {
            if (f.messages.empty() && f.name != "INBOX") continue;
            out << "  " << f.name << ": " << f.messages.size() << " message(s)\n";
            for (const LocalMessage& m : f.messages)
                out << "    #" << m.id << " " << flagsText(m.flags) << " \"" << subjectOf(m.message) << "\""
                    << (m.hasBody ? "" : " (header only)") << (m.pending ? " (not yet on the server)" : "") << "\n";
        }
    }
    return out.str();
}

}  // namespace mailscope::sim
