// SEARCH and UID SEARCH (RFC 3501 6.4.4, 6.4.8, 7.2.5): the key tree is compiled once
// (sets resolved, cheap keys ordered before ones that read message text), then tested
// against each message in one pass, so the cost stays linear in the mailbox size. RETURN
// (...) answers with ESEARCH (RFC 4731, RFC 5267 4.4 PARTIAL); UPDATE keeps the search as a
// context (commands/context.cpp, RFC 5267 4.3).
#include <algorithm>

#include "protocols/core/catalogue.h"
#include "protocols/imap/message_parts.h"
#include "protocols/imap/server_session.h"

namespace mailscope::imap {
namespace {

using Key = SearchKey::Kind;

/// How much testing a key costs, so that And / Or try the cheap ones first.
enum class Cost {
    Flags,   ///< flags, \Recent, sequence numbers, UIDs: no message access
    Meta,    ///< size and dates: the message's precomputed fields
    Header,  ///< header field values, decoded
    Text,    ///< body or whole-message text, MIME-decoded
};

/// A SEARCH key ready to test: its sets resolved and its children ordered by cost.
struct Matcher {
    const SearchKey* key = nullptr;
    ResolvedSet set;                  ///< Uid / SequenceSet
    std::uint8_t systemFlag = 0;      ///< Keyword / Unkeyword naming a system flag ("\Seen")
    Cost cost = Cost::Flags;
    std::vector<Matcher> children;
};

/// What a key is tested against: one message of the selected view.
struct Candidate {
    const SelectedView::Entry& entry;
    const mail::Flags& flags;  ///< the store's current flags
    std::uint32_t seq;         ///< message sequence number as the client knows it
};

Cost ownCost(Key kind) {
    switch (kind) {
        case Key::Larger: case Key::Smaller:
        case Key::Before: case Key::On: case Key::Since:
        case Key::SentBefore: case Key::SentOn: case Key::SentSince:
            return Cost::Meta;
        case Key::Bcc: case Key::Cc: case Key::From: case Key::Header: case Key::Subject: case Key::To:
            return Cost::Header;
        case Key::Body: case Key::Text:
            return Cost::Text;
        default:
            return Cost::Flags;
    }
}

Matcher compile(const SearchKey& key, std::uint32_t exists, std::uint32_t maxUid) {
    Matcher m;
    m.key = &key;
    m.cost = ownCost(key.kind);
    if (key.kind == Key::SequenceSet) m.set = key.set.resolve(exists);
    if (key.kind == Key::Uid) m.set = key.set.resolve(maxUid);
    if (key.kind == Key::Keyword || key.kind == Key::Unkeyword) {
        mail::Flags probe;
        if (key.text.starts_with('\\') && probe.addByName(key.text)) m.systemFlag = probe.system;
    }
    for (const SearchKey& child : key.children) {
        m.children.push_back(compile(child, exists, maxUid));
        m.cost = std::max(m.cost, m.children.back().cost);
    }
    std::stable_sort(m.children.begin(), m.children.end(),
                     [](const Matcher& a, const Matcher& b) { return a.cost < b.cost; });
    return m;
}

bool hasModseqKey(const SearchKey& key) {
    return key.kind == Key::Modseq ||
           std::any_of(key.children.begin(), key.children.end(), [](const SearchKey& k) { return hasModseqKey(k); });
}

bool matches(const Matcher& m, const Candidate& c) {
    const SearchKey& k = *m.key;
    const mail::Message& msg = *c.entry.message;
    const auto has = [&](mail::SystemFlag f) { return c.flags.has(f); };
    const auto hasKeyword = [&] { return m.systemFlag ? (c.flags.system & m.systemFlag) != 0 : c.flags.hasKeyword(k.text); };
    switch (k.kind) {
        case Key::All: return true;
        case Key::And:
            return std::all_of(m.children.begin(), m.children.end(), [&](const Matcher& child) { return matches(child, c); });
        case Key::Or: return matches(m.children[0], c) || matches(m.children[1], c);
        case Key::Not: return !matches(m.children[0], c);
        case Key::SequenceSet: return m.set.contains(c.seq);
        case Key::Uid: return m.set.contains(c.entry.uid);
        case Key::Modseq: return c.entry.modseq >= k.modseq;

        case Key::Answered: return has(mail::SystemFlag::Answered);
        case Key::Deleted: return has(mail::SystemFlag::Deleted);
        case Key::Draft: return has(mail::SystemFlag::Draft);
        case Key::Flagged: return has(mail::SystemFlag::Flagged);
        case Key::Seen: return has(mail::SystemFlag::Seen);
        case Key::Unanswered: return !has(mail::SystemFlag::Answered);
        case Key::Undeleted: return !has(mail::SystemFlag::Deleted);
        case Key::Undraft: return !has(mail::SystemFlag::Draft);
        case Key::Unflagged: return !has(mail::SystemFlag::Flagged);
        case Key::Unseen: return !has(mail::SystemFlag::Seen);
        case Key::Keyword: return hasKeyword();
        case Key::Unkeyword: return !hasKeyword();
        case Key::Recent: return c.entry.recent;
        case Key::New: return c.entry.recent && !has(mail::SystemFlag::Seen);
        case Key::Old: return !c.entry.recent;

        case Key::Larger: return msg.size() > k.number;
        case Key::Smaller: return msg.size() < k.number;
        case Key::Before: return internalDateDay(msg) < k.day;
        case Key::On: return internalDateDay(msg) == k.day;
        case Key::Since: return internalDateDay(msg) >= k.day;
        case Key::SentBefore: return sentDateDay(msg) < k.day;
        case Key::SentOn: return sentDateDay(msg) == k.day;
        case Key::SentSince: return sentDateDay(msg) >= k.day;

        case Key::Bcc: return addressContains(msg, "Bcc", k.text);
        case Key::Cc: return addressContains(msg, "Cc", k.text);
        case Key::From: return addressContains(msg, "From", k.text);
        case Key::Subject: return headerContains(msg, "Subject", k.text);
        case Key::To: return addressContains(msg, "To", k.text);
        case Key::Header: return headerContains(msg, k.field, k.text);
        case Key::Body: return bodyContains(msg, k.text);
        case Key::Text: return textContains(msg, k.text);
    }
    return false;
}

}  // namespace

std::optional<Completion> ServerSession::checkCharset(std::string_view charset) {
    if (core::equalsIgnoreCase(charset, "US-ASCII") || core::equalsIgnoreCase(charset, "UTF-8")) return std::nullopt;
    return Completion::no("Unsupported charset " + std::string(charset), "BADCHARSET (US-ASCII UTF-8)");
}

std::vector<std::size_t> ServerSession::searchEntries(const SearchKey& key, const std::vector<std::size_t>* only) const {
    const Matcher matcher = compile(key, m_selected->exists(), m_selected->maxUid());
    // Both the view and the mailbox are in UID order: one cursor finds each message's
    // current flags in the store.
    const std::vector<mail::MailItem>& items = selectedMailbox().items();
    std::size_t cursor = 0;
    std::vector<std::size_t> found;
    const auto& entries = m_selected->entries();
    const std::size_t count = only ? only->size() : entries.size();
    for (std::size_t k = 0; k < count; ++k) {
        const std::size_t i = only ? (*only)[k] : k;
        const SelectedView::Entry& entry = entries[i];
        if (entry.expunged) continue;
        while (cursor < items.size() && items[cursor].uid < entry.uid) ++cursor;
        const bool inStore = cursor < items.size() && items[cursor].uid == entry.uid;
        const Candidate candidate{entry, inStore ? items[cursor].flags : entry.flags, static_cast<std::uint32_t>(i + 1)};
        if (matches(matcher, candidate)) found.push_back(i);
    }
    return found;
}

bool ServerSession::searchUsesModseq(const SearchKey& key) { return hasModseqKey(key); }

Completion ServerSession::cmdSearch(Output& out, const Command& cmd) {
    const auto& args = std::get<Search>(cmd.args);
    if (args.charset)
        if (auto refused = checkCharset(*args.charset)) return *refused;

    // RFC 7162 3.1.5: MODSEQ enables CONDSTORE, and the result then ends with the highest
    // mod-sequence of the messages found.
    if (args.returnOptions && !m_config.esearch) return Completion::bad("SEARCH RETURN needs ESEARCH, which is off");
    if (args.returnOptions)
        if (auto refused = checkContextOptions(cmd.tag, *args.returnOptions, false)) return *refused;
    const bool usesModseq = hasModseqKey(args.key);
    if (usesModseq && !m_config.condstore) return Completion::bad("MODSEQ needs CONDSTORE, which is off");
    if (usesModseq) enableCondstore(out);

    // New messages are announced (EXISTS) before the result names them; EXPUNGE must
    // wait until the command is over (RFC 3501 7.4.1).
    sendUpdates(out, false, args.uid);
    std::string line = "SEARCH";
    std::vector<std::uint32_t> found;  // numbers or UIDs, ascending
    std::vector<std::uint32_t> uids;   // the same by UID, for a context
    std::vector<std::uint64_t> modseqs;  // the mod-sequence of each message found
    std::uint64_t highest = 0;
    const auto& entries = m_selected->entries();
    for (std::size_t i : searchEntries(args.key)) {
        found.push_back(args.uid ? entries[i].uid : static_cast<std::uint32_t>(i + 1));
        uids.push_back(entries[i].uid);
        modseqs.push_back(entries[i].modseq);
        highest = std::max(highest, entries[i].modseq);
    }
    if (args.returnOptions) {  // RFC 4731 3.1: one ESEARCH response, MIN MAX ALL COUNT
        // RFC 5267 4.3: UPDATE keeps the search; a refusal (NOUPDATE) comes before the result.
        if ((*args.returnOptions & static_cast<std::uint8_t>(SearchReturn::Update)) != 0)
            keepContext(out, SearchContext{cmd.tag, args.uid, false, args.key, {}, std::move(uids)});
        std::string esearch = esearchResponse(cmd.tag, args.uid, *args.returnOptions, found, args.partial);
        const std::uint64_t modseq = esearchModseq(*args.returnOptions, modseqs, args.partial);
        if (usesModseq && modseq > 0) esearch += " MODSEQ " + std::to_string(modseq);  // RFC 4731 3.2
        untagged(out, esearch);
        return Completion::ok(args.uid ? "UID SEARCH completed" : "SEARCH completed");
    }
    for (std::uint32_t n : found) line += ' ' + std::to_string(n);
    if (usesModseq && highest > 0) line += " (MODSEQ " + std::to_string(highest) + ")";
    untagged(out, line);
    return Completion::ok(args.uid ? "UID SEARCH completed" : "SEARCH completed");
}

std::string ServerSession::esearchResponse(std::string_view tag, bool uid, std::uint8_t options,
                                           const std::vector<std::uint32_t>& all,
                                           const std::optional<PartialRange>& partial) {
    const auto wants = [&](SearchReturn r) { return (options & static_cast<std::uint8_t>(r)) != 0; };
    std::string esearch = "ESEARCH (TAG " + imapString(tag) + ")";
    if (uid) esearch += " UID";
    // SEARCH gives `all` ascending, SORT in sort order: MIN and MAX are its ends either way
    // (RFC 4731 3.1, RFC 5267 3).
    if (wants(SearchReturn::Min) && !all.empty()) esearch += " MIN " + std::to_string(all.front());
    if (wants(SearchReturn::Max) && !all.empty()) esearch += " MAX " + std::to_string(all.back());
    if (wants(SearchReturn::All) && !all.empty()) esearch += " ALL " + compactNumberList(all);
    if (wants(SearchReturn::Count)) esearch += " COUNT " + std::to_string(all.size());
    if (partial) {
        // RFC 5267 4.4: positions first..last of the result, 1-based; what lies beyond its
        // end is left out, and NIL says nothing is left.
        std::string slice = "NIL";
        if (partial->first <= all.size()) {
            const auto begin = all.begin() + (partial->first - 1);
            const auto end = all.begin() + std::min<std::size_t>(partial->last, all.size());
            slice = compactNumberList(std::vector<std::uint32_t>(begin, end));
        }
        esearch += " PARTIAL (" + std::to_string(partial->first) + ":" + std::to_string(partial->last) + " " + slice + ")";
    }
    return esearch;
}

std::uint64_t ServerSession::esearchModseq(std::uint8_t options, const std::vector<std::uint64_t>& modseqs,
                                           const std::optional<PartialRange>& partial) {
    const auto wants = [&](SearchReturn r) { return (options & static_cast<std::uint8_t>(r)) != 0; };
    if (modseqs.empty()) return 0;
    // RFC 4731 3.2: MIN alone names one message, MAX alone one, MIN MAX two; PARTIAL the
    // messages of its slice (RFC 5267 4.4); ALL or COUNT speak of every message found.
    if (!wants(SearchReturn::All) && !wants(SearchReturn::Count)) {
        std::uint64_t named = 0;
        if (wants(SearchReturn::Min)) named = std::max(named, modseqs.front());
        if (wants(SearchReturn::Max)) named = std::max(named, modseqs.back());
        if (partial && partial->first <= modseqs.size()) {
            const auto begin = modseqs.begin() + (partial->first - 1);
            const auto end = modseqs.begin() + std::min<std::size_t>(partial->last, modseqs.size());
            named = std::max(named, *std::max_element(begin, end));
        }
        return named;
    }
    return *std::max_element(modseqs.begin(), modseqs.end());
}

}  // namespace mailscope::imap
