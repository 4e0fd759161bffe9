// The selected mailbox as one session sees it, and the untagged updates it still owes
// its client (RFC 3501 5.2 mailbox size and message status updates, 7.4.1 EXPUNGE).
#include "protocols/imap/selected_view.h"

#include <algorithm>

#include "protocols/core/catalogue.h"
#include "protocols/imap/sequence_set.h"

namespace mailscope::imap {

SelectedView::SelectedView(mail::MailStore& store, mail::Account& account, mail::Mailbox& mailbox, bool readOnly,
                           mail::SessionId session)
    : m_store(store), m_mailbox(&mailbox), m_mailboxId(mailbox.id()), m_readOnly(readOnly), m_session(session) {
    (void)account;
    m_entries.reserve(mailbox.size());
    for (const mail::MailItem& item : mailbox.items()) {
        Entry e;
        e.uid = item.uid;
        e.message = item.message;
        e.flags = item.flags;
        e.modseq = item.modseq;
        e.recent = readOnly ? item.recent : m_store.claimRecent(mailbox, item.uid);
        m_entries.push_back(std::move(e));
    }
    m_announcedExists = exists();
    m_announcedKeywords = mailbox.keywordsInUse();  // as SELECT's FLAGS lists them
}

std::uint32_t SelectedView::recentCount() const {
    return static_cast<std::uint32_t>(
        std::count_if(m_entries.begin(), m_entries.end(), [](const Entry& e) { return e.recent && !e.expunged; }));
}

std::uint32_t SelectedView::seqOfUid(std::uint32_t uid) const {
    auto it = std::lower_bound(m_entries.begin(), m_entries.end(), uid,
                               [](const Entry& e, std::uint32_t u) { return e.uid < u; });
    if (it == m_entries.end() || it->uid != uid) return 0;
    return static_cast<std::uint32_t>(it - m_entries.begin()) + 1;
}

void SelectedView::onChange(const mail::Change& change) {
    if (m_gone || change.mailboxId != m_mailboxId) return;
    switch (change.kind) {
        case mail::ChangeKind::MessageAdded: {
            const mail::MailItem* item = m_mailbox->findUid(change.uid);
            if (!item) return;
            Entry e;
            e.uid = item->uid;
            e.message = item->message;
            e.flags = item->flags;
            e.modseq = item->modseq;
            e.recent = m_readOnly ? item->recent : m_store.claimRecent(*m_mailbox, item->uid);
            noteKeywords(e.flags);
            m_entries.push_back(std::move(e));
            m_owed.push_back(Update{UpdateKind::Exists, change.uid});
            return;
        }
        case mail::ChangeKind::FlagsChanged: {
            const std::uint32_t seq = seqOfUid(change.uid);
            if (seq == 0) return;
            Entry& e = m_entries[seq - 1];
            if (e.expunged) return;
            e.flags = change.flags;
            e.modseq = change.modseq;
            noteKeywords(e.flags);
            if (change.origin != m_session && !e.flagsChanged) {
                e.flagsChanged = true;
                ++m_pendingFlagChanges;
                m_owed.push_back(Update{UpdateKind::Flags, change.uid});
            }
            return;
        }
        case mail::ChangeKind::MessageExpunged: {
            const std::uint32_t seq = seqOfUid(change.uid);
            if (seq == 0 || m_entries[seq - 1].expunged) return;
            Entry& e = m_entries[seq - 1];
            e.expunged = true;
            if (e.flagsChanged) {
                e.flagsChanged = false;
                --m_pendingFlagChanges;
            }
            ++m_pendingExpunges;
            m_owed.push_back(Update{UpdateKind::Expunge, change.uid});
            return;
        }
        case mail::ChangeKind::MailboxDeleted:
            m_gone = true;
            m_mailbox = nullptr;
            return;
        case mail::ChangeKind::MailboxCreated:
        case mail::ChangeKind::MailboxRenamed:
            return;  // the selected mailbox keeps its identity across a rename
    }
}

bool SelectedView::hasPendingUpdates(bool allowExpunge) const {
    if (!m_newKeywords.empty()) return true;
    if (allowExpunge && m_pendingExpunges > 0) return true;
    if (m_pendingFlagChanges > 0) return true;
    // New messages not yet announced (ignoring ones already expunged again).
    for (std::size_t i = m_announcedExists; i < m_entries.size(); ++i)
        if (!m_entries[i].expunged) return true;
    return false;
}

std::string SelectedView::mailboxName() const { return m_gone || !m_mailbox ? std::string() : m_mailbox->name(); }

std::string SelectedView::pendingUpdates(bool allowExpunge, bool withUid, std::vector<Update>* told) {
    std::string out = keywordUpdates();
    // Messages that came and went before the client heard of them leave silently: they
    // sit after every announced sequence number, so no number the client knows shifts.
    if (m_entries.size() > m_announcedExists) {
        auto tail = m_entries.begin() + m_announcedExists;
        const auto removed = std::count_if(tail, m_entries.end(), [](const Entry& e) { return e.expunged; });
        if (removed > 0) {
            m_entries.erase(std::remove_if(tail, m_entries.end(), [](const Entry& e) { return e.expunged; }),
                            m_entries.end());
            m_pendingExpunges -= static_cast<std::size_t>(removed);
        }
    }
    if (allowExpunge && m_pendingExpunges > 0) {
        // Each EXPUNGE renumbers the messages after it at once (RFC 3501 7.4.1), so the
        // number sent is the position among the messages still present.
        std::uint32_t seq = 0;
        std::size_t kept = 0;
        std::vector<std::uint32_t> vanished;
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            ++seq;
            if (m_entries[i].expunged) {
                if (m_qresync) vanished.push_back(m_entries[i].uid);
                else out += "* " + std::to_string(seq) + " EXPUNGE\r\n";
                if (told) told->push_back(Update{UpdateKind::Expunge, m_entries[i].uid});
                --seq;
                --m_announcedExists;
                continue;
            }
            if (kept != i) m_entries[kept] = std::move(m_entries[i]);
            ++kept;
        }
        m_entries.resize(kept);
        m_pendingExpunges = 0;
        if (!vanished.empty()) out += "* VANISHED " + compactNumberList(vanished) + "\r\n";
    }
    if (exists() != m_announcedExists) {
        if (told)
            for (std::size_t i = m_announcedExists; i < m_entries.size(); ++i)
                told->push_back(Update{UpdateKind::Exists, m_entries[i].uid});
        out += "* " + std::to_string(exists()) + " EXISTS\r\n";
        m_announcedExists = exists();
        out += "* " + std::to_string(recentCount()) + " RECENT\r\n";
    }
    if (m_pendingFlagChanges > 0) {
        for (std::size_t i = 0; i < m_entries.size(); ++i) {
            Entry& e = m_entries[i];
            if (!e.flagsChanged) continue;
            e.flagsChanged = false;
            out += "* " + std::to_string(i + 1) + " FETCH (";
            // Once CONDSTORE is enabled every unsolicited FETCH carries UID and MODSEQ
            // (RFC 7162 3.1.4), so the client can file the change without a sequence map.
            if (withUid || m_condstore) out += "UID " + std::to_string(e.uid) + " ";
            out += "FLAGS (" + flagList(e) + ")";
            if (m_condstore) out += " MODSEQ (" + std::to_string(e.modseq) + ")";
            out += ")\r\n";
            if (told) told->push_back(Update{UpdateKind::Flags, e.uid});
        }
        m_pendingFlagChanges = 0;
    }
    return out;
}

void SelectedView::noteKeywords(const mail::Flags& flags) {
    const auto known = [](const std::vector<std::string>& list, const std::string& k) {
        return std::any_of(list.begin(), list.end(), [&](const std::string& a) { return core::equalsIgnoreCase(a, k); });
    };
    for (const std::string& k : flags.keywords)
        if (!known(m_announcedKeywords, k) && !known(m_newKeywords, k)) m_newKeywords.push_back(k);
}

std::string SelectedView::keywordUpdates() {
    if (m_newKeywords.empty()) return {};
    m_announcedKeywords.insert(m_announcedKeywords.end(), m_newKeywords.begin(), m_newKeywords.end());
    m_newKeywords.clear();
    std::sort(m_announcedKeywords.begin(), m_announcedKeywords.end());
    std::string keywords;
    for (const std::string& k : m_announcedKeywords) keywords += " " + k;
    const std::string systemFlags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    std::string out = "* FLAGS (" + systemFlags + keywords + ")\r\n";
    if (!m_readOnly) out += "* OK [PERMANENTFLAGS (" + systemFlags + keywords + " \\*)] Flags permitted.\r\n";
    return out;
}

void SelectedView::setKnownFlags(std::size_t index, const mail::Flags& flags) {
    Entry& e = m_entries.at(index);
    e.flags = flags;
    noteKeywords(flags);
    if (e.flagsChanged) {
        e.flagsChanged = false;
        --m_pendingFlagChanges;
    }
}

std::string SelectedView::flagList(const Entry& e) {
    std::string s = e.flags.toString();
    if (e.recent) s += s.empty() ? "\\Recent" : " \\Recent";
    return s;
}

}  // namespace mailscope::imap
