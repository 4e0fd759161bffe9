// One session's view of its selected mailbox (RFC 3501 2.3.1.2, 5.2, 7.4.1): message
// sequence numbers as this client knows them, and the changes other sessions made that
// it has not been told of yet (EXISTS, RECENT, EXPUNGE, FETCH FLAGS).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "protocols/imap/events.h"
#include "protocols/mail/mail_store.h"

namespace mailscope::imap {

class SelectedView {
public:
    /// A message as this session's client knows it.
    struct Entry {
        std::uint32_t uid = 0;
        std::shared_ptr<const mail::Message> message;  ///< kept even after an expunge
        mail::Flags flags;                             ///< the flags the client last heard of
        bool recent = false;                           ///< \Recent belongs to this session
        bool expunged = false;                         ///< gone from the store; EXPUNGE not yet sent
        bool flagsChanged = false;                     ///< FETCH (FLAGS) not yet sent
        std::uint64_t modseq = 0;                      ///< its mod-sequence in the store (RFC 7162)
    };

    /// Opens the view on `mailbox`. A read-write view (SELECT) takes \Recent from every
    /// message still holding it; a read-only one (EXAMINE) shows \Recent where the
    /// store still has it but takes nothing (RFC 3501 6.3.2).
    SelectedView(mail::MailStore& store, mail::Account& account, mail::Mailbox& mailbox, bool readOnly,
                 mail::SessionId session);

    mail::MailboxId mailboxId() const { return m_mailboxId; }
    bool readOnly() const { return m_readOnly; }
    /// Entries in sequence order (index + 1 = sequence number), including ones whose
    /// EXPUNGE is still pending.
    const std::vector<Entry>& entries() const { return m_entries; }
    std::uint32_t exists() const { return static_cast<std::uint32_t>(m_entries.size()); }
    std::uint32_t recentCount() const;
    /// Sequence number (1-based) of a UID, or 0.
    std::uint32_t seqOfUid(std::uint32_t uid) const;
    /// How many messages the client has been told exist (the entries after it are news).
    std::uint32_t announcedExists() const { return m_announcedExists; }
    /// Highest UID the client knows of (for UID ranges ending in *), 0 when empty.
    std::uint32_t maxUid() const { return m_entries.empty() ? 0 : m_entries.back().uid; }

    /// Records a change in the store. `mine` says this session made it: its own flag
    /// changes are already reported by the command that made them.
    void onChange(const mail::Change& change);
    /// The mailbox was deleted or renamed away from under this session.
    bool mailboxGone() const { return m_gone; }

    /// Untagged responses for what the client has not been told: FLAGS for new keywords,
    /// EXPUNGE (only when
    /// allowed: never during FETCH, STORE or SEARCH), then EXISTS and RECENT for new
    /// messages, then FETCH (FLAGS) for changed flags. With `withUid`, FETCH responses
    /// carry UID too (after a UID command, RFC 3501 6.4.8).
    /// `told`, if given, gets what was sent.
    std::string pendingUpdates(bool allowExpunge, bool withUid = false, std::vector<Update>* told = nullptr);
    /// Changes recorded by onChange that the client must be told of, since the last call
    /// (each once, in the order they happened).
    std::vector<Update> takeOwed() { return std::exchange(m_owed, {}); }
    /// The selected mailbox's name (empty once it is gone).
    std::string mailboxName() const;
    /// Whether pendingUpdates would say anything.
    bool hasPendingUpdates(bool allowExpunge) const;

    /// Updates the flags the client knows for one message after this session's STORE.
    void setKnownFlags(std::size_t index, const mail::Flags& flags);

    /// Records keywords about to be shown to the client (a STORE of this session).
    void noteKeywords(const mail::Flags& flags);
    /// When a keyword the client has not been told of is in use: an untagged FLAGS with
    /// every keyword, and OK [PERMANENTFLAGS ...] for a read-write view (RFC 3501 7.2.6:
    /// the client hears of a keyword before any FETCH shows it). Otherwise "".
    std::string keywordUpdates();

    /// "\Seen \Recent ..." for one entry, as FETCH FLAGS shows it.
    static std::string flagList(const Entry& e);

    /// CONDSTORE is on for this session (RFC 7162 3.1): flag updates carry MODSEQ.
    void setCondstore(bool on) { m_condstore = on; }
    bool condstore() const { return m_condstore; }
    /// QRESYNC is on for this session (RFC 7162 3.2.10): expunges are reported as
    /// "* VANISHED uid-set" instead of "* n EXPUNGE".
    void setQresync(bool on) { m_qresync = on; }

private:
    mail::MailStore& m_store;
    mail::Mailbox* m_mailbox;  // valid while !m_gone
    mail::MailboxId m_mailboxId;
    bool m_readOnly;
    bool m_condstore = false;
    bool m_qresync = false;
    mail::SessionId m_session;
    bool m_gone = false;
    std::vector<Entry> m_entries;
    std::uint32_t m_announcedExists = 0;   // EXISTS the client has been told
    std::size_t m_pendingExpunges = 0;
    std::size_t m_pendingFlagChanges = 0;
    std::vector<Update> m_owed;            // owed since the last takeOwed()
    std::vector<std::string> m_announcedKeywords;  // in the last FLAGS the client was sent
    std::vector<std::string> m_newKeywords;        // in use or about to be shown, not yet announced
};

}  // namespace mailscope::imap
