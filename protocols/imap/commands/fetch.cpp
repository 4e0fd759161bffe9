// FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8, 7.4.2): one untagged FETCH response per
// message with the data items in the order asked; body fetches without PEEK set \Seen.
// BINARY, BINARY.PEEK and BINARY.SIZE (RFC 3516 4.2, 4.3) send parts transfer-decoded.
#include <algorithm>

#include "protocols/core/limits.h"
#include "protocols/core/time.h"
#include "protocols/imap/message_parts.h"
#include "protocols/imap/server_session.h"

namespace mailscope::imap {
namespace {

using Kind = FetchAttribute::Kind;

/// Whether fetching this item sets \Seen (RFC 3501 6.4.5: BODY[...], RFC822, RFC822.TEXT;
/// RFC 3516 4.2: BINARY[...]).
bool setsSeen(const FetchAttribute& a) {
    return a.kind == Kind::Rfc822 || a.kind == Kind::Rfc822Text ||
           ((a.kind == Kind::BodySection || a.kind == Kind::Binary) && !a.peek);
}

bool isBinary(const FetchAttribute& a) { return a.kind == Kind::Binary || a.kind == Kind::BinarySize; }

/// What BINARY[section] gives: a part (or the whole message) decoded; HEADER, TEXT, MIME
/// and HEADER.FIELDS sections, which RFC 3516's grammar leaves out but production servers
/// answer, as they are (as BODY[section] gives them).
std::string binaryBytes(const mail::Message& m, const SectionSpec& section) {
    if (section.kind != SectionSpec::Kind::Full) return sectionBytes(m, section);
    return binarySectionBytes(m, section.part).value_or(std::string());
}

/// A header field name as an astring: bare when it is a valid atom, quoted otherwise.
std::string fieldName(const std::string& name) {
    const bool atom = !name.empty() && std::none_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= 0x20 || u >= 0x7f || std::string_view("(){%*\"\\]").find(c) != std::string_view::npos;
    });
    return atom ? name : imapString(name);
}

/// The section as the response names it: "1.2.HEADER.FIELDS (From To)", "" for BODY[].
std::string sectionText(const SectionSpec& s) {
    std::string out;
    for (std::uint32_t n : s.part) {
        if (!out.empty()) out += '.';
        out += std::to_string(n);
    }
    std::string_view kind;
    switch (s.kind) {
        case SectionSpec::Kind::Full: break;
        case SectionSpec::Kind::Header: kind = "HEADER"; break;
        case SectionSpec::Kind::HeaderFields: kind = "HEADER.FIELDS"; break;
        case SectionSpec::Kind::HeaderFieldsNot: kind = "HEADER.FIELDS.NOT"; break;
        case SectionSpec::Kind::Text: kind = "TEXT"; break;
        case SectionSpec::Kind::Mime: kind = "MIME"; break;
    }
    if (!kind.empty()) {
        if (!out.empty()) out += '.';
        out += kind;
    }
    if (!s.fields.empty()) {
        out += " (";
        for (std::size_t i = 0; i < s.fields.size(); ++i) out += (i ? " " : "") + fieldName(s.fields[i]);
        out += ')';
    }
    return out;
}

/// A body's bytes as a literal; bodies always go out as literals ("{n}\r\n" + bytes).
void appendLiteral(std::string& out, std::string_view bytes) {
    out += '{';
    out += std::to_string(bytes.size());
    out += "}\r\n";
    out += bytes;
}

/// Decoded content as RFC 3516 4.3 sends it: a literal8 "~{n}" when it holds NUL (which no
/// IMAP4rev1 string may), a plain literal otherwise.
void appendBinaryLiteral(std::string& out, std::string_view bytes) {
    if (bytes.find('\0') != std::string_view::npos) out += '~';
    appendLiteral(out, bytes);
}

/// One data item of a FETCH response, name and value, for one message of the view.
void appendItem(std::string& out, const FetchAttribute& a, const SelectedView::Entry& entry) {
    const mail::Message& m = *entry.message;
    switch (a.kind) {
        case Kind::Flags: out += "FLAGS (" + SelectedView::flagList(entry) + ")"; return;
        case Kind::Uid: out += "UID " + std::to_string(entry.uid); return;
        case Kind::Modseq: out += "MODSEQ (" + std::to_string(entry.modseq) + ")"; return;
        case Kind::InternalDate:
            out += "INTERNALDATE \"" + core::formatImapDateTime(m.internalDate(), m.internalZoneMinutes()) + "\"";
            return;
        case Kind::Rfc822Size: out += "RFC822.SIZE " + std::to_string(m.size()); return;
        case Kind::Envelope: out += "ENVELOPE " + envelope(m); return;
        case Kind::Body: out += "BODY " + bodyStructure(m, false); return;
        case Kind::BodyStructure: out += "BODYSTRUCTURE " + bodyStructure(m, true); return;
        case Kind::Rfc822:
            out += "RFC822 ";
            appendLiteral(out, m.bytes());
            return;
        case Kind::Rfc822Header:
            out += "RFC822.HEADER ";
            appendLiteral(out, m.header());
            return;
        case Kind::Rfc822Text:
            out += "RFC822.TEXT ";
            appendLiteral(out, m.body());
            return;
        case Kind::BodySection: {
            out += "BODY[" + sectionText(a.section) + "]";
            if (a.section.partialStart) out += "<" + std::to_string(*a.section.partialStart) + ">";
            out += ' ';
            const std::string bytes = sectionBytes(m, a.section);
            appendLiteral(out, applyPartial(bytes, a.section));
            return;
        }
        case Kind::Binary: {  // an unknown encoding was refused before the message's response began
            out += "BINARY[" + sectionText(a.section) + "]";
            if (a.section.partialStart) out += "<" + std::to_string(*a.section.partialStart) + ">";
            out += ' ';
            appendBinaryLiteral(out, applyPartial(binaryBytes(m, a.section), a.section));
            return;
        }
        case Kind::BinarySize:
            out += "BINARY.SIZE[" + sectionText(a.section) + "] " +
                   std::to_string(binaryBytes(m, a.section).size());
            return;
    }
}

}  // namespace

Completion ServerSession::cmdFetch(Output& out, const Command& cmd) {
    const auto& args = std::get<Fetch>(cmd.args);
    const auto asks = [&](Kind k) {
        return std::any_of(args.attributes.begin(), args.attributes.end(), [k](const FetchAttribute& a) { return a.kind == k; });
    };
    const bool asksFlags = asks(Kind::Flags);
    // RFC 7162 3.1.4.1: MODSEQ and CHANGEDSINCE enable CONDSTORE; CHANGEDSINCE reports MODSEQ.
    const bool usesModseq = asks(Kind::Modseq) || args.changedSince;
    if (usesModseq && !m_config.condstore) return Completion::bad("MODSEQ and CHANGEDSINCE need CONDSTORE, which is off");
    if (usesModseq) enableCondstore(out);
    if (args.vanished && !m_qresync) return Completion::bad("VANISHED needs QRESYNC to be enabled");
    if (!m_config.binary && std::any_of(args.attributes.begin(), args.attributes.end(), isBinary))
        return Completion::bad("BINARY fetch items need BINARY, which is off");
    const bool addModseq = args.changedSince && !asks(Kind::Modseq);
    // UID FETCH always reports UID (RFC 3501 6.4.8); it goes first when not asked for.
    const bool addUid = args.uid && !asks(Kind::Uid);

    // New messages are announced (EXISTS) before any response names them, while EXPUNGE
    // waits until the command is over (RFC 3501 7.4.1). A flag change that this response
    // shows in FLAGS anyway is not announced on its own as well.
    Completion error;
    if (asksFlags)
        if (const auto named = resolveSet(args.set, args.uid, error))
            for (std::size_t i : *named)
                if (m_selected->entries()[i].flagsChanged) m_selected->setKnownFlags(i, mail::Flags(m_selected->entries()[i].flags));
    sendUpdates(out, false, args.uid);
    const auto indices = resolveSet(args.set, args.uid, error);
    if (!indices) return error;

    mail::Mailbox& mailbox = selectedMailbox();
    if (args.vanished) {  // RFC 7162 3.2.6: the UIDs of the set expunged since CHANGEDSINCE
        std::uint32_t top = m_selected->maxUid();
        for (const mail::Expunged& e : mailbox.expunged()) top = std::max(top, e.uid);
        const ResolvedSet uids = args.set.resolve(top);
        std::vector<std::uint32_t> vanished;
        for (const mail::Expunged& e : mailbox.expunged())
            if (e.modseq > *args.changedSince && uids.contains(e.uid)) vanished.push_back(e.uid);
        std::sort(vanished.begin(), vanished.end());
        if (!vanished.empty()) untagged(out, "VANISHED (EARLIER) " + compactNumberList(vanished));
    }
    const bool markSeen = !m_selected->readOnly() &&
                          std::any_of(args.attributes.begin(), args.attributes.end(), setsSeen);

    auto f = std::make_unique<FetchStream>();
    f->tag = cmd.tag;
    f->uid = args.uid;
    f->attributes = args.attributes;
    f->indices = std::move(*indices);
    f->changedSince = args.changedSince;
    f->addUid = addUid;
    f->addModseq = addModseq;
    f->asksFlags = asksFlags;
    f->asksModseq = asks(Kind::Modseq);
    f->asksUid = asks(Kind::Uid);
    f->markSeen = markSeen;
    f->asksBinary = std::any_of(args.attributes.begin(), args.attributes.end(), isBinary);
    m_fetch = std::move(f);
    // Streaming, the first piece goes at once: a short response is done in it.
    if (continueFetch(out, m_streaming ? core::limits::kOutputChunk : std::string::npos)) {
        const Completion done = fetchCompletion();
        m_fetch.reset();
        return done;
    }
    return Completion::later();  // produceMore() makes the rest, then the tagged response
}

bool ServerSession::binaryReadable(const mail::Message& message, const std::vector<FetchAttribute>& attributes) {
    return std::all_of(attributes.begin(), attributes.end(), [&](const FetchAttribute& a) {
        return !isBinary(a) || a.section.kind != SectionSpec::Kind::Full || binaryDecodable(message, a.section.part);
    });
}

Completion ServerSession::fetchCompletion() const {
    const bool uid = m_fetch->uid;
    if (m_fetch->unknownCte)
        return Completion::no("A part's Content-Transfer-Encoding cannot be decoded; its message was left out",
                              "UNKNOWN-CTE");
    return Completion::ok(uid ? "UID FETCH completed" : "FETCH completed");
}

bool ServerSession::continueFetch(Output& out, std::size_t budget) {
    FetchStream& f = *m_fetch;
    std::size_t made = 0;
    while (made < budget) {
        if (f.pieceAt < f.piece.size()) {
            const std::size_t n = std::min(f.piece.size() - f.pieceAt, budget - made);
            out.toPeer.append(f.piece, f.pieceAt, n);
            f.pieceAt += n;
            made += n;
            continue;
        }
        f.piece.clear();
        f.pieceAt = 0;
        if (!nextFetchPiece(f)) {
            std::string().swap(f.piece);
            return true;
        }
    }
    return false;
}

bool ServerSession::nextFetchPiece(FetchStream& f) {
    std::string& piece = f.piece;
    while (f.message < f.indices.size()) {
        // Another session deleted the mailbox: the tagged response says so (BYE).
        if (m_selected->mailboxGone()) return false;
        const std::size_t i = f.indices[f.message];
        const SelectedView::Entry& entry = m_selected->entries()[i];
        if (!f.open) {
            if (f.changedSince && entry.modseq <= *f.changedSince) {
                ++f.message;
                continue;
            }
            if (f.asksBinary && !binaryReadable(*entry.message, f.attributes)) {
                // RFC 3516 4.2: a part whose encoding the server cannot undo fails the
                // command; this message gets no response rather than a partial one.
                f.unknownCte = true;
                ++f.message;
                continue;
            }
            f.newlySeen = false;
            if (f.markSeen && !entry.expunged) {
                mail::Mailbox& mailbox = selectedMailbox();
                if (const mail::MailItem* item = mailbox.findUid(entry.uid); item && !item->flags.has(mail::SystemFlag::Seen)) {
                    mail::Flags flags = item->flags;
                    flags.set(mail::SystemFlag::Seen);
                    m_store.setFlags(*m_account, mailbox, entry.uid, flags, m_id);
                    m_selected->setKnownFlags(i, flags);
                    f.newlySeen = true;
                }
            }
            // Streamed, the response spans turns of the event loop, in which other sessions
            // may give messages keywords this client has not heard of: FLAGS first (7.2.6).
            if (f.asksFlags || f.newlySeen) piece += m_selected->keywordUpdates();
            piece += "* ";
            piece += std::to_string(i + 1);
            piece += " FETCH (";
            if (f.addUid) piece += "UID " + std::to_string(entry.uid);
            f.any = f.addUid;
            f.open = true;
            f.item = 0;
            return true;
        }
        if (f.item < f.attributes.size()) {
            if (f.any) piece += ' ';
            appendItem(piece, f.attributes[f.item++], entry);
            f.any = true;
            return true;
        }
        // A \Seen set as a side effect is reported even when FLAGS was not asked (6.4.5).
        if (f.newlySeen && !f.asksFlags) {
            if (f.any) piece += ' ';
            piece += "FLAGS (" + SelectedView::flagList(entry) + ")";
            f.any = true;
        }
        // A \Seen set as a side effect after CONDSTORE was enabled is a change the client
        // must be able to file: UID and MODSEQ come with it (RFC 7162 3.1.4).
        if (f.newlySeen && m_condstore && !f.addUid && !f.asksUid) {
            if (f.any) piece += ' ';
            piece += "UID " + std::to_string(entry.uid);
            f.any = true;
        }
        if (f.addModseq || (f.newlySeen && m_condstore && !f.asksModseq)) {
            if (f.any) piece += ' ';
            piece += "MODSEQ (" + std::to_string(entry.modseq) + ")";
        }
        piece += ")\r\n";
        f.open = false;
        ++f.message;
        return true;
    }
    return false;
}

}  // namespace mailscope::imap
