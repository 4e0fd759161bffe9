// Mailbox: messages with UIDs, UIDVALIDITY, UIDNEXT, flags and keywords (RFC 3501 2.3),
// and mod-sequences (RFC 7162).
// Read-only to everyone but MailStore, which makes every change and tells observers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mail/message.h"

namespace mailscope::mail {

/// System flags (RFC 3501 2.3.2) as bits. \Recent is kept apart: it is per session.
enum class SystemFlag : std::uint8_t {
    Seen = 1 << 0,      ///< \Seen: the message has been read
    Answered = 1 << 1,  ///< \Answered: a reply was sent
    Flagged = 1 << 2,   ///< \Flagged: marked urgent / special ("starred")
    Deleted = 1 << 3,   ///< \Deleted: marked for removal by the next EXPUNGE
    Draft = 1 << 4,     ///< \Draft: not yet sent
};

/// A message's flags: system flag bits plus keywords (sorted, unique, case kept).
struct Flags {
    std::uint8_t system = 0;            ///< OR of SystemFlag bits
    std::vector<std::string> keywords;  ///< e.g. "$Forwarded", "Work"

    bool has(SystemFlag f) const { return (system & static_cast<std::uint8_t>(f)) != 0; }
    void set(SystemFlag f, bool on = true);
    bool hasKeyword(std::string_view k) const;  ///< case-insensitive, as RFC 3501 atoms compare
    void addKeyword(std::string_view k);
    void removeKeyword(std::string_view k);
    /// Adds every flag of other (STORE +FLAGS).
    void add(const Flags& other);
    /// Removes every flag of other (STORE -FLAGS).
    void remove(const Flags& other);

    /// "\Seen \Flagged Work" (no parentheses), system flags first in a fixed order.
    std::string toString() const;
    /// Parses one flag name ("\Seen", "\seen", "Work"); false for \Recent or bad names.
    bool addByName(std::string_view name);

    friend bool operator==(const Flags&, const Flags&) = default;
};

/// Where a special-use mailbox is meant for (RFC 6154).
enum class SpecialUse : std::uint8_t {
    None,     ///< an ordinary mailbox
    Sent,     ///< \Sent: copies of sent mail
    Drafts,   ///< \Drafts: unsent drafts
    Trash,    ///< \Trash: deleted mail kept for a while
    Junk,     ///< \Junk: spam
    Archive,  ///< \Archive: kept mail
};
std::string_view specialUseAttribute(SpecialUse u);  ///< "\Sent" ... or "" for None

/// One message in a mailbox.
struct MailItem {
    std::uint32_t uid = 0;                    ///< strictly ascending within the mailbox, never reused
    std::shared_ptr<const Message> message;   ///< the bytes (shared with copies)
    Flags flags;                              ///< system flags and keywords
    bool recent = false;                      ///< \Recent not yet claimed by any IMAP session
    std::uint64_t modseq = 0;                 ///< RFC 7162 mod-sequence of its last change (append or flags)
};

/// A message that was expunged, with the mod-sequence of its expunge (RFC 7162 3.2.10:
/// what VANISHED (EARLIER) reports).
struct Expunged {
    std::uint32_t uid = 0;
    std::uint64_t modseq = 0;
};

/// Stable identity of a mailbox for observers (names change on RENAME; ids never do).
using MailboxId = std::uint64_t;

class Mailbox {
public:
    Mailbox(MailboxId id, std::string name, std::uint32_t uidValidity, SpecialUse use = SpecialUse::None)
        : m_id(id), m_name(std::move(name)), m_uidValidity(uidValidity), m_specialUse(use) {}

    MailboxId id() const { return m_id; }
    const std::string& name() const { return m_name; }  ///< UTF-8, hierarchy delimiter '/'
    std::uint32_t uidValidity() const { return m_uidValidity; }
    std::uint32_t uidNext() const { return m_uidNext; }
    SpecialUse specialUse() const { return m_specialUse; }

    /// Messages in ascending UID order; index + 1 is the message sequence number as a
    /// freshly selecting session sees it.
    const std::vector<MailItem>& items() const { return m_items; }
    std::size_t size() const { return m_items.size(); }
    bool empty() const { return m_items.empty(); }

    /// The message with this UID, or nullptr. O(log n).
    const MailItem* findUid(std::uint32_t uid) const;
    /// Index (0-based) of the message with this UID, or -1.
    std::ptrdiff_t indexOfUid(std::uint32_t uid) const;

    std::size_t countWithout(SystemFlag f) const;  ///< e.g. unseen count
    std::size_t recentCount() const;
    /// Every keyword used by some message, for FLAGS / PERMANENTFLAGS.
    std::vector<std::string> keywordsInUse() const;

    /// RFC 7162 HIGHESTMODSEQ: the mod-sequence of the last change to any message (append,
    /// flags, expunge); 1 for a mailbox that never changed. Every change takes the next one.
    std::uint64_t highestModseq() const { return m_highestModseq; }
    /// Expunged messages in the order they went, with the mod-sequence of each expunge.
    const std::vector<Expunged>& expunged() const { return m_expunged; }

private:
    friend class MailStore;

    MailboxId m_id;
    std::string m_name;
    std::uint32_t m_uidValidity;
    std::uint32_t m_uidNext = 1;
    SpecialUse m_specialUse;
    std::vector<MailItem> m_items;
    std::uint64_t m_highestModseq = 1;
    std::vector<Expunged> m_expunged;
};

}  // namespace mailscope::mail
