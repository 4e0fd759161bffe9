// SORT, UID SORT, THREAD and UID THREAD (RFC 5256 BASE.6.4.SORT and BASE.6.4.THREAD), with
// SORT=DISPLAY keys (RFC 5957) and ESORT results (RFC 5267 3). The messages are chosen by
// the SEARCH code (commands/search.cpp); sort.cpp and thread.cpp order them.
#include <algorithm>

#include "protocols/imap/message_parts.h"
#include "protocols/imap/server_session.h"
#include "protocols/imap/sort.h"
#include "protocols/imap/thread.h"

namespace mailscope::imap {

Completion ServerSession::cmdSort(Output& out, const Command& cmd) {
    const auto& args = std::get<Sort>(cmd.args);
    if (!m_config.sort) return Completion::bad("SORT is not offered on this connection");
    if (args.returnOptions && !m_config.esearch) return Completion::bad("SORT RETURN needs ESORT, which is off");
    if (args.returnOptions)
        if (auto refused = checkContextOptions(cmd.tag, *args.returnOptions, true)) return *refused;
    if (auto refused = checkCharset(args.charset)) return *refused;
    // RFC 7162 3.1.5: a MODSEQ key enables CONDSTORE, and the result ends with the highest
    // mod-sequence of the messages found, as for SEARCH.
    const bool usesModseq = searchUsesModseq(args.key);
    if (usesModseq && !m_config.condstore) return Completion::bad("MODSEQ needs CONDSTORE, which is off");
    if (usesModseq) enableCondstore(out);

    // As SEARCH: new messages are announced before the result names them, EXPUNGE waits.
    sendUpdates(out, false, args.uid);
    const auto& entries = m_selected->entries();
    const std::vector<std::size_t> found = searchEntries(args.key);
    std::vector<SortItem> items;
    items.reserve(found.size());
    std::uint64_t highest = 0;
    for (std::size_t i : found) {
        items.push_back({entries[i].message.get(), static_cast<std::uint32_t>(i + 1)});
        highest = std::max(highest, entries[i].modseq);
    }
    std::vector<std::uint32_t> sorted;  // numbers or UIDs, in sort order
    std::vector<std::uint32_t> uids;    // the same by UID, for a context
    std::vector<std::uint64_t> modseqs;  // their mod-sequences, in the same order
    sorted.reserve(items.size());
    for (std::size_t k : sortOrder(items, args.criteria)) {
        const std::size_t entry = found[k];
        sorted.push_back(args.uid ? entries[entry].uid : static_cast<std::uint32_t>(entry + 1));
        uids.push_back(entries[entry].uid);
        modseqs.push_back(entries[entry].modseq);
    }

    const char* done = args.uid ? "UID SORT completed" : "SORT completed";
    if (args.returnOptions) {  // RFC 5267 3: ESEARCH, MIN/MAX the first/last in sort order
        // RFC 5267 4.3: UPDATE keeps the sort; a refusal (NOUPDATE) comes before the result.
        if ((*args.returnOptions & static_cast<std::uint8_t>(SearchReturn::Update)) != 0)
            keepContext(out, SearchContext{cmd.tag, args.uid, true, args.key, args.criteria, std::move(uids)});
        std::string esearch = esearchResponse(cmd.tag, args.uid, *args.returnOptions, sorted, args.partial);
        // RFC 5267 3 keeps RFC 4731 3.2: MIN and MAX are the ends in sort order.
        const std::uint64_t modseq = esearchModseq(*args.returnOptions, modseqs, args.partial);
        if (usesModseq && modseq > 0) esearch += " MODSEQ " + std::to_string(modseq);
        untagged(out, esearch);
        return Completion::ok(done);
    }
    std::string line = "SORT";  // RFC 5256: sort-data = "SORT" *(SP nz-number)
    for (std::uint32_t n : sorted) line += ' ' + std::to_string(n);
    if (usesModseq && highest > 0) line += " (MODSEQ " + std::to_string(highest) + ")";
    untagged(out, line);
    return Completion::ok(done);
}

Completion ServerSession::cmdThread(Output& out, const Command& cmd) {
    const auto& args = std::get<Thread>(cmd.args);
    if (!m_config.sort) return Completion::bad("THREAD is not offered on this connection");
    if (auto refused = checkCharset(args.charset)) return *refused;
    const bool usesModseq = searchUsesModseq(args.key);
    if (usesModseq && !m_config.condstore) return Completion::bad("MODSEQ needs CONDSTORE, which is off");
    if (usesModseq) enableCondstore(out);

    sendUpdates(out, false, args.uid);
    const auto& entries = m_selected->entries();
    std::vector<ThreadItem> items;
    for (std::size_t i : searchEntries(args.key)) {
        const auto seq = static_cast<std::uint32_t>(i + 1);
        items.push_back({{entries[i].message.get(), seq}, args.uid ? entries[i].uid : seq});
    }
    // RFC 5256: thread-data = "THREAD" [SP 1*thread-list]
    const std::string lists = threadLists(items, args.algorithm);
    untagged(out, lists.empty() ? std::string("THREAD") : "THREAD " + lists);
    return Completion::ok(args.uid ? "UID THREAD completed" : "THREAD completed");
}

}  // namespace mailscope::imap
