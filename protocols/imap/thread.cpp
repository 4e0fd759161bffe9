// THREAD=ORDEREDSUBJECT and THREAD=REFERENCES (RFC 5256 3, BASE.6.4.THREAD). The REFERENCES steps are
// numbered as in the RFC; the tree is kept as index links in one vector of containers.
#include "protocols/imap/thread.h"

#include <algorithm>
#include <unordered_map>

namespace mailscope::imap {

namespace {

/// What threading needs of one message, read once.
struct Info {
    BaseSubject subject;
    std::string subjectKey;  ///< the base subject under i;ascii-casemap (upper-cased ASCII)
    core::Time date = 0;     ///< the sent date (RFC 5256 2.2)
    std::uint32_t seq = 0;
    std::uint32_t number = 0;
};

std::string casemapped(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

/// Sent date first; equal dates keep mailbox order (REFERENCES steps 4 and 6).
bool earlier(const Info& a, const Info& b) { return a.date != b.date ? a.date < b.date : a.seq < b.seq; }

// [SECTION] Writing thread lists (RFC 5256 5, thread-list grammar)

/// A node for writing: a message (info index) or a dummy (none), and its children.
struct Node {
    int info = -1;  ///< -1: a dummy (a message referred to but not in the set)
    int parent = -1;
    std::vector<int> children;
};

/// thread-members / thread-nested of the subtree at `n`: a message's number, then its only
/// child's members after a space, or its children as "(...)(...)" after a space; a dummy
/// only its children's lists ("(3)(5 6)" inside the caller's parentheses).
void writeMembers(std::string& out, const std::vector<Node>& nodes, const std::vector<Info>& infos, int n) {
    // A chain of only children is written iteratively: long reply chains do not recurse.
    for (;;) {
        const Node& node = nodes[n];
        if (node.info >= 0) {
            out += std::to_string(infos[node.info].number);
        } else if (node.children.size() == 1) {  // cannot remain after pruning; kept readable anyway
            n = node.children.front();
            continue;
        }
        if (node.children.empty()) return;
        if (node.children.size() == 1) {
            out += ' ';
            n = node.children.front();
            continue;
        }
        if (node.info >= 0) out += ' ';
        for (int child : node.children) {
            out += '(';
            writeMembers(out, nodes, infos, child);
            out += ')';
        }
        return;
    }
}

// [SECTION] ORDEREDSUBJECT (RFC 5256 BASE.6.4.THREAD)

std::string orderedSubject(const std::vector<Info>& infos) {
    std::vector<int> order(infos.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    // Sorted by base subject, then sent date; runs of one subject are the threads.
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        if (const int c = infos[a].subjectKey.compare(infos[b].subjectKey); c != 0) return c < 0;
        return earlier(infos[a], infos[b]);
    });
    std::vector<Node> nodes;
    std::vector<int> threads;
    for (std::size_t i = 0; i < order.size(); ++i) {
        nodes.push_back({order[i], -1, {}});
        const int n = static_cast<int>(nodes.size()) - 1;
        // The first message of a thread is its root; all later ones are its children.
        if (i > 0 && infos[order[i]].subjectKey == infos[order[i - 1]].subjectKey)
            nodes[threads.back()].children.push_back(n);
        else
            threads.push_back(n);
    }
    // Threads in the order of their first messages' sent dates.
    std::sort(threads.begin(), threads.end(),
              [&](int a, int b) { return earlier(infos[nodes[a].info], infos[nodes[b].info]); });
    std::string out;
    for (int t : threads) {
        out += '(';
        writeMembers(out, nodes, infos, t);
        out += ')';
    }
    return out;
}

// [SECTION] REFERENCES (RFC 5256 BASE.6.4.THREAD)

class ReferencesThreader {
public:
    ReferencesThreader(std::span<const ThreadItem> items, const std::vector<Info>& infos) : m_infos(infos) {
        link(items);
        std::vector<int> roots;  // (2) the messages without a parent are the roots
        for (std::size_t n = 0; n < m_nodes.size(); ++n)
            if (m_nodes[n].parent < 0) roots.push_back(static_cast<int>(n));
        roots = prune(roots, -1);  // (3)
        for (int r : roots)  // (4) sort the roots by sent date, a dummy by its first child's
            if (isDummy(r)) sortSiblings(m_nodes[r].children);
        sortSiblings(roots);
        roots = groupBySubject(roots);  // (5) A-C
        sortTree(roots);                // (6)
        m_roots = std::move(roots);
    }

    std::string lists() const {
        std::string out;
        for (int r : m_roots) {
            out += '(';
            writeMembers(out, m_nodes, m_infos, r);
            out += ')';
        }
        return out;
    }

private:
    bool isDummy(int n) const { return m_nodes[n].info < 0; }

    int newNode() {
        m_nodes.push_back({});
        return static_cast<int>(m_nodes.size()) - 1;
    }

    /// The container of a Message-ID, made as a dummy when first referred to.
    int containerOf(const std::string& id) {
        const auto [it, inserted] = m_byId.try_emplace(id, 0);
        if (inserted) it->second = newNode();
        return it->second;
    }

    /// True when `ancestor` is `n` or above it: linking ancestor under n would make a loop.
    bool reaches(int ancestor, int n) const {
        for (std::size_t steps = 0; n >= 0 && steps <= m_nodes.size(); ++steps, n = m_nodes[n].parent)
            if (n == ancestor) return true;
        return false;
    }

    void attach(int parent, int child) {
        m_nodes[child].parent = parent;
        m_nodes[parent].children.push_back(child);
    }

    void detach(int child) {
        auto& siblings = m_nodes[m_nodes[child].parent].children;
        siblings.erase(std::find(siblings.begin(), siblings.end(), child));
        m_nodes[child].parent = -1;
    }

    /// (1) Parent/child links from each message's Message-ID and references.
    void link(std::span<const ThreadItem> items) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            const mail::Message& message = *items[i].item.message;
            // A message without a (valid) Message-ID, or repeating one an earlier message
            // in the mailbox has, gets a unique one: a container of its own.
            const auto ids = messageIds(message.headerValue("Message-ID").value_or(""));
            int self = -1;
            if (!ids.empty()) {
                const int existing = containerOf(ids.front());
                if (isDummy(existing)) self = existing;
            }
            if (self < 0) self = newNode();
            m_nodes[self].info = static_cast<int>(i);

            // The references: the References field's Message-IDs, else the first one of
            // In-Reply-To.
            auto refs = messageIds(message.headerValue("References").value_or(""));
            if (refs.empty()) {
                auto inReplyTo = messageIds(message.headerValue("In-Reply-To").value_or(""));
                if (!inReplyTo.empty()) refs.push_back(std::move(inReplyTo.front()));
            }
            // (1A) Each reference the parent of the next; a reference that has a parent
            // keeps it, and no link may make a loop.
            int previous = -1;
            for (const std::string& ref : refs) {
                const int container = containerOf(ref);
                if (previous >= 0 && m_nodes[container].parent < 0 && !reaches(container, previous))
                    attach(previous, container);
                previous = container;
            }
            // (1B) The last reference is this message's parent, replacing any it had.
            if (m_nodes[self].parent >= 0) detach(self);
            if (previous >= 0 && !reaches(self, previous)) attach(previous, self);
        }
    }

    /// (3) Dummies without children go; a dummy's children take its place, except that
    /// several children of a dummy at the root stay under it. Bottom-up, so nested dummies
    /// are gone before their parent is looked at.
    std::vector<int> prune(const std::vector<int>& list, int parent) {
        std::vector<int> out;
        for (int n : list) {
            m_nodes[n].children = prune(m_nodes[n].children, n);
            auto& children = m_nodes[n].children;
            if (!isDummy(n)) {
                out.push_back(n);
            } else if (!children.empty()) {
                if (parent >= 0 || children.size() == 1) {
                    for (int child : children) {
                        m_nodes[child].parent = parent;
                        out.push_back(child);
                    }
                    children.clear();
                } else {
                    out.push_back(n);
                }
            }
        }
        return out;
    }

    /// The message whose date and subject stand for `n`: itself, or a dummy's first child.
    const Info& infoOf(int n) const {
        while (isDummy(n) && !m_nodes[n].children.empty()) n = m_nodes[n].children.front();
        return m_infos[m_nodes[n].info];
    }

    void sortSiblings(std::vector<int>& siblings) const {
        std::sort(siblings.begin(), siblings.end(), [&](int a, int b) { return earlier(infoOf(a), infoOf(b)); });
    }

    /// (6) Every set of siblings by sent date, the deepest first.
    void sortTree(std::vector<int>& siblings) {
        for (int n : siblings) sortTree(m_nodes[n].children);
        sortSiblings(siblings);
    }

    /// (5 A-C) Roots with the same base subject are gathered into one thread.
    std::vector<int> groupBySubject(const std::vector<int>& roots) {
        // (A, B) One root per base subject: a dummy rather than a message, and a message
        // that is not a reply or forward rather than one that is.
        std::unordered_map<std::string, int> table;
        for (int r : roots) {
            const Info& info = infoOf(r);
            if (info.subject.text.empty()) continue;
            const auto [it, inserted] = table.try_emplace(info.subjectKey, r);
            if (inserted) continue;
            const int t = it->second;
            if (!isDummy(t) && (isDummy(r) || (infoOf(t).subject.replyOrForward && !info.subject.replyOrForward)))
                it->second = r;
        }
        // (C) Every other root with that subject joins the one in the table.
        std::vector<char> atRoot(m_nodes.size(), 0);
        for (int r : roots) atRoot[r] = 1;
        std::vector<int> added;
        for (int r : roots) {
            if (!atRoot[r]) continue;
            const Info& info = infoOf(r);
            if (info.subject.text.empty()) continue;
            int& t = table.at(info.subjectKey);
            if (t == r) continue;
            if (isDummy(t) && isDummy(r)) {  // both dummies: r's children become t's
                for (int child : m_nodes[r].children) attach(t, child);
                m_nodes[r].children.clear();
                atRoot[r] = 0;
            } else if (isDummy(t) ||
                       (!isDummy(r) && info.subject.replyOrForward && !infoOf(t).subject.replyOrForward)) {
                attach(t, r);  // under the dummy, or a reply under the original
                atRoot[r] = 0;
            } else {  // neither is the other's reply: siblings under a new dummy
                const int dummy = newNode();
                atRoot.push_back(1);
                attach(dummy, t);
                attach(dummy, r);
                atRoot[t] = 0;
                atRoot[r] = 0;
                added.push_back(dummy);
                t = dummy;
            }
        }
        std::vector<int> out;
        for (int r : roots)
            if (atRoot[r]) out.push_back(r);
        for (int d : added)
            if (atRoot[d]) out.push_back(d);
        return out;
    }

    const std::vector<Info>& m_infos;
    std::vector<Node> m_nodes;
    std::unordered_map<std::string, int> m_byId;
    std::vector<int> m_roots;
};

}  // namespace

std::vector<std::string> messageIds(std::string_view value) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size();) {
        const char c = value[i];
        if (c == '(') {  // a comment, perhaps nested
            int depth = 0;
            for (; i < value.size(); ++i) {
                if (value[i] == '\\') ++i;
                else if (value[i] == '(') ++depth;
                else if (value[i] == ')' && --depth == 0) break;
            }
            ++i;
        } else if (c == '"') {  // a quoted string (an old-style phrase in In-Reply-To)
            for (++i; i < value.size() && value[i] != '"'; ++i)
                if (value[i] == '\\') ++i;
            ++i;
        } else if (c == '<') {
            const std::size_t end = value.find('>', i + 1);
            if (end == std::string_view::npos) break;
            std::string id;
            for (char x : value.substr(i + 1, end - i - 1))
                if (x != ' ' && x != '\t' && x != '\r' && x != '\n') id += x;
            if (!id.empty()) out.push_back(std::move(id));
            i = end + 1;
        } else {
            ++i;
        }
    }
    return out;
}

std::string threadLists(std::span<const ThreadItem> items, ThreadAlgorithm algorithm) {
    std::vector<Info> infos;
    infos.reserve(items.size());
    for (const ThreadItem& t : items) {
        Info info;
        info.subject = baseSubject(*t.item.message);
        info.subjectKey = casemapped(info.subject.text);
        info.date = sentDate(*t.item.message);
        info.seq = t.item.seq;
        info.number = t.number;
        infos.push_back(std::move(info));
    }
    if (algorithm == ThreadAlgorithm::OrderedSubject) return orderedSubject(infos);
    return ReferencesThreader(items, infos).lists();
}

}  // namespace mailscope::imap
