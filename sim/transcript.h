// Transcripts: every protocol line that crosses a link, one entry per line, with the time,
// the device, the direction and the catalogue's explanation of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/catalogue.h"
#include "protocols/core/time.h"
#include "protocols/mail/mail_store.h"
#include "sim/notes.h"
#include "sim/protocol.h"

namespace mailscope::sim {

/// What a transcript entry holds.
enum class EntryKind {
    Line,     ///< one protocol line (without its CRLF)
    Literal,  ///< the bytes of one IMAP literal (RFC 3501 4.3), maybe several lines
    Note,     ///< not on the wire: "connected", "connection closed", an action taken
};

struct TranscriptEntry {
    core::Time time = 0;
    std::size_t step = 0;              ///< the world's step that carried it (0 outside a world)
    EntryKind kind = EntryKind::Line;
    Protocol protocol = Protocol::Pop3;
    std::string device;                ///< e.g. "Phone"
    mail::SessionId session = 0;       ///< the server session on the other end
    core::Direction direction = core::Direction::ClientToServer;
    std::string text;                  ///< the line without CRLF (secrets masked); a Note: `note` in English
    Note note;                         ///< a Note: its key and arguments, for showing it in any language
    const core::Explanation* explanation = nullptr;  ///< what it means, or nullptr
    std::string wire;                  ///< the bytes on the network when TLS is on (ciphertext), else empty
    /// On a plain link, when `text` masks a secret: the line as it really crossed the wire,
    /// password included (what anyone on the network reads). Empty otherwise.
    std::string secret;
};

class Transcript {
public:
    /// Appends one line and looks up its explanation in the protocol's catalogue.
    const TranscriptEntry& add(Protocol protocol, core::Time time, std::string device, mail::SessionId session,
                               core::Direction direction, std::string text);
    /// Appends an entry as it is; explains Line entries from the protocol's catalogue.
    const TranscriptEntry& add(TranscriptEntry entry);
    const std::vector<TranscriptEntry>& entries() const { return m_entries; }
    std::size_t size() const { return m_entries.size(); }
    /// Keeps the last `lines` entries at least and at most an eighth more (the oldest are
    /// dropped in batches, so adding stays cheap), counting what was dropped; 0 keeps all.
    void setCapacity(std::size_t lines) { m_capacity = lines; }
    /// How many of the earliest entries were dropped to stay within the capacity.
    std::size_t dropped() const { return m_dropped; }

private:
    std::vector<TranscriptEntry> m_entries;
    std::size_t m_capacity = 0;
    std::size_t m_dropped = 0;
};

/// Splits bytes into lines at CRLF (or bare LF), without the line ends; a last line
/// without a line end is kept.
std::vector<std::string_view> splitLines(std::string_view bytes);

}  // namespace mailscope::sim
