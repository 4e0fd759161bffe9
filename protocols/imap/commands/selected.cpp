// Commands of the selected state that change the mailbox (RFC 3501 6.4: CHECK, CLOSE,
// EXPUNGE, STORE, COPY; RFC 4315 UID EXPUNGE and COPYUID; RFC 6851 MOVE; RFC 3691 UNSELECT).
// FETCH and SEARCH are in fetch.cpp and search.cpp.
#include <algorithm>

#include "protocols/core/catalogue.h"
#include "protocols/imap/server_session.h"

namespace mailscope::imap {
namespace {

/// The \Deleted messages among `candidates` (UIDs), per the store's current flags.
std::vector<std::uint32_t> deletedUids(const mail::Mailbox& mailbox, const std::vector<std::uint32_t>& candidates) {
    std::vector<std::uint32_t> out;
    for (std::uint32_t uid : candidates)
        if (const mail::MailItem* item = mailbox.findUid(uid); item && item->flags.has(mail::SystemFlag::Deleted))
            out.push_back(uid);
    return out;
}

std::vector<std::uint32_t> allUids(const mail::Mailbox& mailbox) {
    std::vector<std::uint32_t> out;
    out.reserve(mailbox.size());
    for (const mail::MailItem& item : mailbox.items()) out.push_back(item.uid);
    return out;
}

}  // namespace

Completion ServerSession::cmdCheck(Output&, const Command&) {
    // Everything is always committed to the store; nothing to do (RFC 3501 6.4.1).
    return Completion::ok("CHECK completed");
}

Completion ServerSession::cmdClose(Output& out, const Command&) {
    // RFC 3501 6.4.2: expunge \Deleted messages without sending EXPUNGE responses, so
    // leave the mailbox first and then remove them.
    const bool readOnly = m_selected->readOnly();
    mail::Mailbox& mailbox = selectedMailbox();
    deselect(out);
    if (!readOnly)
        for (std::uint32_t uid : deletedUids(mailbox, allUids(mailbox))) m_store.expunge(*m_account, mailbox, uid, m_id);
    return Completion::ok("CLOSE completed");
}

Completion ServerSession::cmdUnselect(Output& out, const Command&) {
    deselect(out);
    return Completion::ok("UNSELECT completed");
}

Completion ServerSession::cmdExpunge(Output&, const Command& cmd) {
    const auto& args = std::get<Expunge>(cmd.args);
    if (m_selected->readOnly()) return Completion::no("Mailbox is read-only", "READ-ONLY");
    mail::Mailbox& mailbox = selectedMailbox();
    std::vector<std::uint32_t> candidates;
    if (args.uid) {
        Completion error;
        const auto indices = resolveSet(args.set, true, error);
        if (!indices) return error;
        for (std::size_t i : *indices) candidates.push_back(m_selected->entries()[i].uid);
    } else {
        candidates = allUids(mailbox);
    }
    // The EXPUNGE responses come from the view's pending updates, before the tagged OK.
    for (std::uint32_t uid : deletedUids(mailbox, candidates)) m_store.expunge(*m_account, mailbox, uid, m_id);
    return Completion::ok(args.uid ? "UID EXPUNGE completed" : "EXPUNGE completed");
}

Completion ServerSession::cmdStore(Output& out, const Command& cmd) {
    const auto& args = std::get<Store>(cmd.args);
    mail::Flags change;
    for (const std::string& name : args.flags) {
        if (core::equalsIgnoreCase(name, "\\Recent")) continue;  // RFC 3501 2.3.2: not settable
        if (!change.addByName(name)) return Completion::bad("Invalid flag " + name);
    }
    Completion error;
    auto indices = resolveSet(args.set, args.uid, error);
    if (!indices) return error;
    if (m_selected->readOnly()) return Completion::no("Mailbox is read-only", "READ-ONLY");
    if (args.unchangedSince) {  // RFC 7162 3.1.3: a conditional STORE enables CONDSTORE
        if (!m_config.condstore) return Completion::bad("UNCHANGEDSINCE needs CONDSTORE, which is off");
        enableCondstore(out);
    }

    // A keyword new to the mailbox is announced in FLAGS before a FETCH shows it (7.2.6).
    if (args.mode != StoreMode::Remove && !indices->empty()) {
        m_selected->noteKeywords(change);
        out.toPeer += m_selected->keywordUpdates();
    }
    // A UID STORE may name a message another session appended that this client has not
    // heard of yet: EXISTS comes before the FETCH that names it (RFC 3501 7.4.1), as FETCH
    // does. A flag change this response reports anyway is not announced on its own too.
    if (!indices->empty() && indices->back() >= m_selected->announcedExists()) {
        if (!args.silent && !args.unchangedSince)
            for (std::size_t i : *indices)
                if (m_selected->entries()[i].flagsChanged)
                    m_selected->setKnownFlags(i, mail::Flags(m_selected->entries()[i].flags));
        sendUpdates(out, false, args.uid);
        // Messages that came and went unannounced have left the view: number again.
        indices = resolveSet(args.set, args.uid, error);
        if (!indices) return error;
    }
    mail::Mailbox& mailbox = selectedMailbox();
    bool someGone = false;
    std::vector<std::uint32_t> modified;  // failed the UNCHANGEDSINCE test: numbers or UIDs
    for (std::size_t i : *indices) {
        const SelectedView::Entry& entry = m_selected->entries()[i];
        const mail::MailItem* item = mailbox.findUid(entry.uid);
        if (!item) {
            someGone = true;  // expunged by another session; its EXPUNGE is still pending
            continue;
        }
        if (args.unchangedSince && item->modseq > *args.unchangedSince) {
            modified.push_back(args.uid ? entry.uid : static_cast<std::uint32_t>(i + 1));
            continue;
        }
        const std::uint64_t modseqBefore = item->modseq;
        // Start from the store's flags, not this client's idea of them, so changes made
        // meanwhile by other sessions are kept.
        mail::Flags flags = item->flags;
        switch (args.mode) {
            case StoreMode::Replace: flags = change; break;
            case StoreMode::Add: flags.add(change); break;
            case StoreMode::Remove: flags.remove(change); break;
        }
        m_store.setFlags(*m_account, mailbox, entry.uid, flags, m_id);
        m_selected->setKnownFlags(i, flags);
        // The message may carry a keyword another session gave it that this client has
        // not heard of: FLAGS first (7.2.6).
        out.toPeer += m_selected->keywordUpdates();
        const SelectedView::Entry& now = m_selected->entries()[i];
        // With CONDSTORE every changed message is reported with its MODSEQ, even after
        // .SILENT (RFC 7162 3.1.3).
        const bool changed = now.modseq != modseqBefore;
        if (!args.silent || (m_condstore && changed)) {
            std::string line = std::to_string(i + 1) + " FETCH (";
            if (!args.silent) line += "FLAGS (" + SelectedView::flagList(now) + ")";
            if (args.uid || m_condstore)  // after CONDSTORE, UID and MODSEQ always (RFC 7162 3.1.4)
                line += std::string(args.silent ? "" : " ") + "UID " + std::to_string(entry.uid);
            if (m_condstore) line += (line.ends_with('(') ? "" : " ") + std::string("MODSEQ (") + std::to_string(now.modseq) + ")";
            untagged(out, line + ")");
        }
    }
    if (!modified.empty()) {
        std::sort(modified.begin(), modified.end());
        return Completion::ok("Conditional STORE failed", "MODIFIED " + compactNumberList(modified));
    }
    // Messages another session expunged are skipped, and the STORE still succeeds
    // (RFC 2180 4.2.1, RFC 5530 EXPUNGEISSUED), as production servers answer.
    if (someGone) return Completion::ok(std::string(args.uid ? "UID STORE" : "STORE") + " completed, expunged messages skipped", "EXPUNGEISSUED");
    return Completion::ok(args.uid ? "UID STORE completed" : "STORE completed");
}

Completion ServerSession::cmdCopy(Output&, const Command& cmd) {
    const auto& args = std::get<Copy>(cmd.args);
    Completion error;
    const auto indices = resolveSet(args.set, args.uid, error);
    if (!indices) return error;
    mail::Mailbox* target = mailboxFromWire(args.mailbox, true, error);
    if (!target) return error;
    std::vector<std::uint32_t> from, to;
    for (std::size_t i : *indices) {
        const SelectedView::Entry& entry = m_selected->entries()[i];
        const mail::MailItem* item = selectedMailbox().findUid(entry.uid);
        const mail::Flags flags = item ? item->flags : entry.flags;
        from.push_back(entry.uid);
        to.push_back(m_store.append(*m_account, *target, entry.message, flags, m_id));
    }
    if (from.empty()) return Completion::ok("No messages copied");
    // RFC 4315 3: COPYUID uidvalidity source-uids destination-uids.
    return Completion::ok("COPY completed", "COPYUID " + std::to_string(target->uidValidity()) + " " + uidSetText(from) +
                                                " " + uidSetText(to));
}

Completion ServerSession::cmdMove(Output& out, const Command& cmd) {
    const auto& args = std::get<Move>(cmd.args);
    Completion error;
    auto indices = resolveSet(args.set, args.uid, error);
    if (!indices) return error;
    if (m_selected->readOnly()) return Completion::no("Mailbox is read-only", "READ-ONLY");
    mail::Mailbox* target = mailboxFromWire(args.mailbox, true, error);
    if (!target) return error;
    mail::Mailbox& source = selectedMailbox();
    std::vector<std::uint32_t> from, to;
    for (std::size_t i : *indices) {
        const SelectedView::Entry& entry = m_selected->entries()[i];
        const mail::MailItem* item = source.findUid(entry.uid);
        if (!item) continue;  // already gone: nothing to move
        from.push_back(entry.uid);
        to.push_back(m_store.append(*m_account, *target, item->message, item->flags, m_id));
    }
    if (from.empty()) return Completion::ok("No messages moved");
    // RFC 6851 3.3: COPYUID in an untagged OK, then the EXPUNGE responses, then the tag.
    untagged(out, "OK [COPYUID " + std::to_string(target->uidValidity()) + " " + uidSetText(from) + " " +
                      uidSetText(to) + "] Moved");
    for (std::uint32_t uid : from) m_store.expunge(*m_account, source, uid, m_id);
    if (target != &source) sendUpdates(out, true, args.uid);
    return Completion::ok(args.uid ? "UID MOVE completed" : "MOVE completed");
}

}  // namespace mailscope::imap
