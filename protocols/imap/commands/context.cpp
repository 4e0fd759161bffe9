// Search contexts (RFC 5267 4, CONTEXT=SEARCH and CONTEXT=SORT): a SEARCH or SORT with
// RETURN (UPDATE) is kept and run again as the mailbox changes, and the client is told
// what joined the result (ADDTO) and what left it (REMOVEFROM) until CANCELUPDATE or until
// it leaves the mailbox. The return options themselves are read in commands/search.cpp
// and commands/sort.cpp.
#include <algorithm>
#include <iterator>
#include <unordered_set>

#include "protocols/core/limits.h"
#include "protocols/imap/message_parts.h"
#include "protocols/imap/sequence_set.h"
#include "protocols/imap/server_session.h"
#include "protocols/imap/sort.h"

namespace mailscope::imap {
namespace {

constexpr std::uint8_t bit(SearchReturn r) { return static_cast<std::uint8_t>(r); }
constexpr std::uint8_t kContextOptions = bit(SearchReturn::Update) | bit(SearchReturn::Context) | bit(SearchReturn::Partial);

/// One "position set" pair of ADDTO / REMOVEFROM (RFC 5267 4.3.2).
struct Pair {
    std::uint32_t position = 0;
    std::vector<std::uint32_t> uids;  ///< in the context's order
};

/// Whether a program names messages by number or UID (whose meaning moves as messages
/// come and go) anywhere in it.
bool namesMessages(const SearchKey& key) {
    return key.kind == SearchKey::Kind::SequenceSet || key.kind == SearchKey::Kind::Uid ||
           std::any_of(key.children.begin(), key.children.end(), namesMessages);
}

}  // namespace

std::optional<Completion> ServerSession::checkContextOptions(std::string_view tag, std::uint8_t options,
                                                             bool sort) const {
    if ((options & kContextOptions) == 0) return std::nullopt;
    const bool offered = m_config.context && m_config.esearch && (!sort || m_config.sort);
    if (!offered)
        return Completion::bad(std::string(sort ? "SORT" : "SEARCH") + " RETURN (CONTEXT / UPDATE / PARTIAL) needs " +
                               (sort ? "CONTEXT=SORT" : "CONTEXT=SEARCH") + ", which is off");
    // RFC 5267 4.3: the updates are known by the tag, so it may name only one context.
    if ((options & bit(SearchReturn::Update)) != 0 &&
        std::any_of(m_contexts.begin(), m_contexts.end(), [&](const SearchContext& c) { return c.tag == tag; }))
        return Completion::bad("Tag reuse: the search tagged " + std::string(tag) + " still sends updates");
    return std::nullopt;
}

void ServerSession::keepContext(Output& out, SearchContext context) {
    if (m_contexts.size() >= core::limits::kImapSearchContexts) {
        // RFC 5267 4.3.1: the command still succeeds with its other return options.
        untagged(out, "NO [NOUPDATE " + imapString(context.tag) + "] Too many searches kept up to date (at most " +
                          std::to_string(core::limits::kImapSearchContexts) + "), this one will not be");
        return;
    }
    context.perMessage = !namesMessages(context.key);
    m_contexts.push_back(std::move(context));
}

std::vector<std::uint32_t> ServerSession::contextResults(const SearchContext& context) const {
    const auto& entries = m_selected->entries();
    // The search is run again as it was written: what "the results that would be returned
    // by an unmodified searching command" are now (4.3). A message-number set in it names
    // the numbers as the client knows them now, "*" the last message now.
    std::vector<std::size_t> found;
    if (context.perMessage) {
        // Only a message that arrived or changed can have joined or left: test just those.
        std::vector<std::size_t> touched;
        for (std::uint32_t uid : m_contextTouched)
            if (const std::uint32_t seq = m_selected->seqOfUid(uid)) touched.push_back(seq - 1);
        std::sort(touched.begin(), touched.end());
        touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
        std::unordered_set<std::uint32_t> retested;
        for (std::size_t i : touched) retested.insert(entries[i].uid);
        found = searchEntries(context.key, &touched);
        for (std::uint32_t uid : context.results) {
            const std::uint32_t seq = m_selected->seqOfUid(uid);
            // A result whose EXPUNGE the client has not heard of yet keeps its place until
            // the REMOVEFROM that goes just before that EXPUNGE (4.3.4).
            if (seq != 0 && (!retested.contains(uid) || entries[seq - 1].expunged)) found.push_back(seq - 1);
        }
    } else {
        found = searchEntries(context.key);
        for (std::uint32_t uid : context.results) {  // as above
            const std::uint32_t seq = m_selected->seqOfUid(uid);
            if (seq != 0 && entries[seq - 1].expunged) found.push_back(seq - 1);
        }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::uint32_t> uids;
    uids.reserve(found.size());
    if (!context.sorted) {
        for (std::size_t i : found) uids.push_back(entries[i].uid);
        return uids;
    }
    std::vector<SortItem> items;
    items.reserve(found.size());
    for (std::size_t i : found) items.push_back({entries[i].message.get(), static_cast<std::uint32_t>(i + 1)});
    for (std::size_t k : sortOrder(items, context.criteria)) uids.push_back(entries[found[k]].uid);
    return uids;
}

std::string ServerSession::contextChange(SearchContext& context, const std::vector<std::uint32_t>& now) const {
    std::vector<std::uint32_t>& old = context.results;
    if (old == now) return {};

    std::vector<Pair> removed, added;
    if (!context.sorted) {
        // SEARCH: position 0, the numbers in mailbox order (4.3.3, 4.3.4 RECOMMENDED). Both
        // lists are in UID order.
        Pair r, a;
        std::set_difference(old.begin(), old.end(), now.begin(), now.end(), std::back_inserter(r.uids));
        std::set_difference(now.begin(), now.end(), old.begin(), old.end(), std::back_inserter(a.uids));
        if (!r.uids.empty()) removed.push_back(std::move(r));
        if (!a.uids.empty()) added.push_back(std::move(a));
    } else {
        const std::unordered_set<std::uint32_t> inNow(now.begin(), now.end());
        const std::unordered_set<std::uint32_t> inOld(old.begin(), old.end());
        // SORT: results that stay keep their order (sort keys never change), so removing
        // the ones that left, then inserting the ones that joined, each run at its position
        // in the list as it stands after the pairs before it, gives `now` (4.3.2).
        std::vector<bool> keep(old.size());
        std::vector<std::uint32_t> kept, keptInNow;
        for (std::size_t i = 0; i < old.size(); ++i)
            if ((keep[i] = inNow.contains(old[i]))) kept.push_back(old[i]);
        for (std::uint32_t uid : now)
            if (inOld.contains(uid)) keptInNow.push_back(uid);
        if (kept != keptInNow) {  // an order that changed after all: start over
            std::fill(keep.begin(), keep.end(), false);
            kept.clear();
        }
        std::size_t gone = 0;
        for (std::size_t i = 0; i < old.size(); ++i) {
            if (keep[i]) continue;
            if (i == 0 || keep[i - 1]) removed.push_back({static_cast<std::uint32_t>(i - gone + 1), {}});
            removed.back().uids.push_back(old[i]);
            ++gone;
        }
        const std::unordered_set<std::uint32_t> stays(kept.begin(), kept.end());
        for (std::size_t j = 0; j < now.size(); ++j) {
            if (stays.contains(now[j])) continue;
            if (j == 0 || stays.contains(now[j - 1])) added.push_back({static_cast<std::uint32_t>(j + 1), {}});
            added.back().uids.push_back(now[j]);
        }
    }

    const auto items = [&](std::string_view name, const std::vector<Pair>& pairs) {
        if (pairs.empty()) return std::string();
        std::string text = " " + std::string(name) + " (";
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            std::vector<std::uint32_t> numbers;
            numbers.reserve(pairs[p].uids.size());
            for (std::uint32_t uid : pairs[p].uids) numbers.push_back(context.uid ? uid : m_selected->seqOfUid(uid));
            text += (p ? " " : "") + std::to_string(pairs[p].position) + " " + compactNumberList(numbers);
        }
        return text + ")";
    };
    // Removals first: the positions of the additions count from the list without them.
    std::string text = items("REMOVEFROM", removed) + items("ADDTO", added);
    old = now;
    return text;
}

void ServerSession::sendContextRemovals(Output& out) {
    if (m_contexts.empty() || !m_contextExpunges) return;
    m_contextExpunges = false;
    const auto& entries = m_selected->entries();
    for (SearchContext& context : m_contexts) {
        std::vector<std::uint32_t> now;
        now.reserve(context.results.size());
        for (std::uint32_t uid : context.results) {
            const std::uint32_t seq = m_selected->seqOfUid(uid);
            if (seq != 0 && !entries[seq - 1].expunged) now.push_back(uid);
        }
        const std::string change = contextChange(context, now);
        if (!change.empty())
            untagged(out, "ESEARCH (TAG " + imapString(context.tag) + ")" + (context.uid ? " UID" : "") + change);
    }
}

void ServerSession::sendContextUpdates(Output& out) {
    if (m_contexts.empty() || !m_contextsStale) return;
    m_contextsStale = false;
    for (SearchContext& context : m_contexts) {
        const std::string change = contextChange(context, contextResults(context));
        if (!change.empty())
            untagged(out, "ESEARCH (TAG " + imapString(context.tag) + ")" + (context.uid ? " UID" : "") + change);
    }
    m_contextTouched.clear();
}

Completion ServerSession::cmdCancelUpdate(Output&, const Command& cmd) {
    if (!m_config.context || !m_config.esearch) return Completion::bad("CANCELUPDATE is not offered on this connection");
    const auto& args = std::get<CancelUpdate>(cmd.args);
    // All or nothing: a tag that names no context leaves every context as it was.
    for (const std::string& tag : args.tags)
        if (std::none_of(m_contexts.begin(), m_contexts.end(), [&](const SearchContext& c) { return c.tag == tag; }))
            return Completion::no("No search tagged " + tag + " is sending updates");
    std::erase_if(m_contexts, [&](const SearchContext& c) {
        return std::find(args.tags.begin(), args.tags.end(), c.tag) != args.tags.end();
    });
    return Completion::ok("CANCELUPDATE completed");
}

}  // namespace mailscope::imap
