// Transcripts and the catalogue look-up for each line.
#include "sim/transcript.h"

#include "protocols/imap/catalogue.h"
#include "protocols/pop3/catalogue.h"

namespace mailscope::sim {

const TranscriptEntry& Transcript::add(Protocol protocol, core::Time time, std::string device, mail::SessionId session,
                                       core::Direction direction, std::string text) {
    TranscriptEntry e;
    e.time = time;
    e.device = std::move(device);
    e.session = session;
    e.direction = direction;
    e.text = std::move(text);
    e.protocol = protocol;
    return add(std::move(e));
}

const TranscriptEntry& Transcript::add(TranscriptEntry e) {
    if (e.kind == EntryKind::Line && !e.explanation)
        e.explanation =
            e.protocol == Protocol::Pop3 ? pop3::explain(e.text, e.direction) : imap::explain(e.text, e.direction);
    m_entries.push_back(std::move(e));
    if (m_capacity > 0 && m_entries.size() > m_capacity + m_capacity / 8) {
        const std::size_t drop = m_entries.size() - m_capacity;
        m_entries.erase(m_entries.begin(), m_entries.begin() + static_cast<std::ptrdiff_t>(drop));
        m_dropped += drop;
    }
    return m_entries.back();
}

std::vector<std::string_view> splitLines(std::string_view bytes) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        std::size_t lf = bytes.find('\n', pos);
        if (lf == std::string_view::npos) {
            out.push_back(bytes.substr(pos));
            break;
        }
        std::size_t end = lf;
        if (end > pos && bytes[end - 1] == '\r') --end;
        out.push_back(bytes.substr(pos, end - pos));
        pos = lf + 1;
    }
    return out;
}

}  // namespace mailscope::sim
