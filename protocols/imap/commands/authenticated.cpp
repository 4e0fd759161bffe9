// Commands of the authenticated state (RFC 3501 6.3: SELECT, EXAMINE, CREATE, DELETE, RENAME,
// SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, APPEND) with RFC 4315 APPENDUID, RFC 5258 LIST
// options, RFC 3348 CHILDREN, RFC 6154 SPECIAL-USE, RFC 2342 NAMESPACE and RFC 5161 ENABLE.
#include <algorithm>
#include <cctype>
#include <set>

#include "protocols/core/catalogue.h"
#include "protocols/core/utf8.h"
#include "protocols/imap/mutf7.h"
#include "protocols/imap/server_session.h"

namespace mailscope::imap {
namespace {

constexpr char kDelimiter = '/';            // the hierarchy delimiter (RFC 3501 5.1.1)
constexpr std::string_view kInbox = "INBOX";

// [SECTION] mailbox names


/// Whether a UTF-8 name is INBOX or lies under it ("INBOX/Work").
bool isInboxOrInferior(std::string_view name) {
    return name == kInbox || (name.size() > kInbox.size() && name.starts_with(kInbox) && name[kInbox.size()] == kDelimiter);
}

/// A name that is not valid modified UTF-7 (RFC 3501 5.1.3) is not a syntax error: no such
/// mailbox can exist (NO [NONEXISTENT]) or be made (NO [CANNOT], RFC 5530), as production
/// servers answer. BAD stays for syntax.
Completion undecodableName(std::string_view code = "NONEXISTENT") {
    return Completion::no("Mailbox name is not valid modified UTF-7", std::string(code));
}

Completion missingMailbox(std::string_view name, std::string_view code = "NONEXISTENT") {
    return Completion::no("Mailbox does not exist: " + std::string(name), std::string(code));
}

/// Names containing LIST wildcards could never be listed on their own (RFC 3501 6.3.8).
bool hasWildcard(std::string_view name) { return name.find_first_of("%*") != std::string_view::npos; }

/// A failed CREATE / RENAME / DELETE as a NO with its RFC 5530 response code.
Completion mailboxFailure(mail::MailboxError error, std::string_view name) {
    const std::string n(name);
    switch (error) {
        case mail::MailboxError::Exists: return Completion::no("Mailbox already exists: " + n, "ALREADYEXISTS");
        case mail::MailboxError::NotFound: return missingMailbox(n);
        case mail::MailboxError::InvalidName: return Completion::no("Invalid mailbox name: " + n, "CANNOT");
        case mail::MailboxError::IsInbox: return Completion::no("INBOX cannot be deleted", "CANNOT");
        case mail::MailboxError::HasChildren:
            return Completion::no("Mailbox has inferior hierarchical names; delete those first: " + n, "INUSE");
        case mail::MailboxError::None: break;  // not a failure; callers never pass it
    }
    return Completion::ok("completed");
}

/// Whether some existing mailbox lies below `name` in the hierarchy.
bool hasInferiors(const mail::Account& account, std::string_view name) {
    for (const mail::Mailbox* m : account.mailboxes()) {
        const std::string_view other = m->name();
        if (other.size() > name.size() + 1 && other.starts_with(name) && other[name.size()] == kDelimiter) return true;
    }
    return false;
}

/// "a/b/c" -> {"a", "a/b"}
std::vector<std::string> superiorsOf(std::string_view name) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (name[i] == kDelimiter) out.emplace_back(name.substr(0, i));
    return out;
}

/// Names in LIST order: INBOX first, then by name.
std::vector<std::string> listOrder(const std::set<std::string>& names) {
    std::vector<std::string> out(names.begin(), names.end());
    std::stable_partition(out.begin(), out.end(), [](const std::string& n) { return n == kInbox; });
    return out;
}

// [SECTION] LIST patterns (RFC 3501 6.3.8)

/// A LIST pattern on the wire form of names (modified UTF-7), as most servers match it.
class Pattern {
public:
    /// reference and pattern are interpreted together: their concatenation is the pattern.
    /// Raw UTF-8 (which some clients send) is encoded first, so it matches the wire form.
    Pattern(std::string_view reference, std::string_view pattern) {
        std::string joined = std::string(reference) + std::string(pattern);
        const bool eightBit =
            std::any_of(joined.begin(), joined.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
        if (eightBit) joined = encodeMailboxName(joined);
        // A run of wildcards means "*" if it holds one, else "%": fewer states to match.
        for (std::size_t i = 0; i < joined.size(); ++i) {
            const char c = joined[i];
            if (c != '*' && c != '%') {
                m_text += c;
                ++m_literals;
                continue;
            }
            const bool runStart = m_text.empty() || (m_text.back() != '*' && m_text.back() != '%');
            if (runStart) m_text += c;
            else if (c == '*') m_text.back() = '*';
        }
    }

    /// Whether a UTF-8 mailbox name matches. The INBOX level compares case-insensitively.
    bool matches(std::string_view utf8Name) const {
        const std::string name = encodeMailboxName(utf8Name);
        if (m_literals > name.size()) return false;
        const std::size_t folded = isInboxOrInferior(utf8Name) ? kInbox.size() : 0;
        // next[i]: the pattern from position j+1 matches name[i..]; cur[i] likewise from j.
        std::vector<char> next(name.size() + 1, 0), cur(name.size() + 1, 0);
        next[name.size()] = 1;
        for (std::size_t j = m_text.size(); j-- > 0;) {
            const char p = m_text[j];
            for (std::size_t i = name.size() + 1; i-- > 0;) {
                const bool more = i < name.size();
                if (p == '*')
                    cur[i] = next[i] || (more && cur[i + 1]);
                else if (p == '%')
                    cur[i] = next[i] || (more && name[i] != kDelimiter && cur[i + 1]);
                else
                    cur[i] = more && sameChar(name[i], p, i < folded) && next[i + 1];
            }
            std::swap(cur, next);
        }
        return next[0] != 0;
    }

private:
    static bool sameChar(char a, char b, bool fold) {
        if (!fold) return a == b;
        return std::toupper(static_cast<unsigned char>(a)) == std::toupper(static_cast<unsigned char>(b));
    }

    std::string m_text;          // wildcard runs collapsed to one character
    std::size_t m_literals = 0;  // characters that are not wildcards: a name needs at least as many
};

/// The RFC 5258 options of one LIST command.
struct ListOptions {
    bool subscribedOnly = false;    ///< selection SUBSCRIBED: list subscriptions, existing or not
    bool specialUseOnly = false;    ///< selection SPECIAL-USE (RFC 6154 3): only special-use mailboxes
    bool recursiveMatch = false;    ///< selection RECURSIVEMATCH: parents of matches get CHILDINFO
    bool returnSubscribed = false;  ///< return SUBSCRIBED (implied by the selection option)
    bool returnStatus = false;      ///< return STATUS (...) (RFC 5819)
};

/// Reads the options; nullopt with `error` set for ones we do not know (as Dovecot does).
std::optional<ListOptions> listOptions(const List& list, Completion& error) {
    ListOptions o;
    bool baseOption = false;
    for (const std::string& s : list.selectOptions) {
        if (s == "SUBSCRIBED") o.subscribedOnly = o.returnSubscribed = baseOption = true;
        else if (s == "SPECIAL-USE") o.specialUseOnly = baseOption = true;
        else if (s == "RECURSIVEMATCH") o.recursiveMatch = true;
        else if (s != "REMOTE") {  // REMOTE: we have no remote mailboxes to add
            error = Completion::bad("Unknown LIST selection option " + s);
            return std::nullopt;
        }
    }
    if (o.recursiveMatch && !baseOption) {
        // RFC 5258 3.1: RECURSIVEMATCH alone (or only with REMOTE) is a BAD command.
        error = Completion::bad("RECURSIVEMATCH needs another selection option");
        return std::nullopt;
    }
    for (const std::string& s : list.returnOptions) {
        if (s == "SUBSCRIBED") o.returnSubscribed = true;
        else if (s == "STATUS") o.returnStatus = true;
        else if (s != "CHILDREN" && s != "SPECIAL-USE") {  // both are always returned
            error = Completion::bad("Unknown LIST return option " + s);
            return std::nullopt;
        }
    }
    return o;
}

}  // namespace

// [SECTION] SELECT and EXAMINE (RFC 3501 6.3.1, 6.3.2)

Completion ServerSession::cmdSelect(Output& out, const Command& cmd) {
    const auto& args = std::get<Select>(cmd.args);
    const char* verb = args.readOnly ? "EXAMINE" : "SELECT";
    // RFC 4466 select-params: only (CONDSTORE) (RFC 7162 3.1.8) is known.
    // RFC 7162 3.2.5: (QRESYNC (uidvalidity modseq [known-uids [seq-match-data]])), only
    // after ENABLE QRESYNC. The seq-match-data only helps a server that cannot keep
    // every expunged UID; this one keeps them all, so it is checked and not used.
    bool condstoreParam = false;
    struct Resync {
        std::uint32_t uidValidity = 0;
        std::uint64_t modseq = 0;
        std::optional<SequenceSet> knownUids;
    };
    std::optional<Resync> resync;
    for (std::size_t i = 0; i < args.parameters.size(); ++i) {
        const Value& p = args.parameters[i];
        if (m_config.condstore && p.kind == Value::Kind::Atom && core::equalsIgnoreCase(p.text, "CONDSTORE")) {
            condstoreParam = true;
        } else if (p.kind == Value::Kind::Atom && core::equalsIgnoreCase(p.text, "QRESYNC") && !resync) {
            if (!m_qresync) return Completion::bad("QRESYNC is not enabled");
            if (i + 1 >= args.parameters.size() || args.parameters[i + 1].kind != Value::Kind::List)
                return Completion::bad("Invalid QRESYNC parameters");
            const std::vector<Value>& q = args.parameters[++i].children;
            if (q.size() < 2 || q.size() > 4 || q[0].kind != Value::Kind::Number || q[0].number == 0 ||
                q[0].number > UINT32_MAX || q[1].kind != Value::Kind::Number || q[1].number == 0 ||
                q[1].number > static_cast<std::uint64_t>(INT64_MAX))
                return Completion::bad("Invalid QRESYNC parameters");
            Resync r{static_cast<std::uint32_t>(q[0].number), q[1].number, std::nullopt};
            if (q.size() >= 3) {
                if (!q[2].isAtomLike()) return Completion::bad("Invalid QRESYNC known UIDs");
                r.knownUids = SequenceSet::parse(q[2].text);
                if (!r.knownUids) return Completion::bad("Invalid QRESYNC known UIDs");
            }
            if (q.size() == 4 && (q[3].kind != Value::Kind::List || q[3].children.size() != 2 ||
                                  !q[3].children[0].isAtomLike() || !q[3].children[1].isAtomLike() ||
                                  !SequenceSet::parse(q[3].children[0].text) || !SequenceSet::parse(q[3].children[1].text)))
                return Completion::bad("Invalid QRESYNC sequence match data");
            resync = r;
        } else {
            return Completion::bad(std::string(verb) + " parameters are not supported");
        }
    }
    // RFC 3501 6.3.1: the selected mailbox is left first, even if this SELECT fails; with
    // QRESYNC the client is told where the old mailbox's responses end (RFC 7162 3.2.11).
    if (m_selected && m_qresync) untagged(out, "OK [CLOSED] Previous mailbox closed");
    deselect(out);
    const auto name = decodeName(args.mailbox);
    if (!name) return undecodableName();
    mail::Mailbox* mailbox = m_account->findMailbox(*name);
    if (!mailbox) return missingMailbox(*name);

    m_selected = std::make_unique<SelectedView>(m_store, *m_account, *mailbox, args.readOnly, m_id);
    m_state = State::Selected;
    if (condstoreParam || resync) m_condstore = true;
    m_selected->setCondstore(m_condstore);
    m_selected->setQresync(m_qresync);
    out.events.push_back(MailboxSelected{mailbox->name(), args.readOnly});

    std::string keywords;
    for (const std::string& k : mailbox->keywordsInUse()) keywords += " " + k;
    const std::string systemFlags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    untagged(out, "FLAGS (" + systemFlags + keywords + ")");
    if (args.readOnly)
        untagged(out, "OK [PERMANENTFLAGS ()] Read-only mailbox.");
    else
        untagged(out, "OK [PERMANENTFLAGS (" + systemFlags + keywords + " \\*)] Flags permitted.");
    untagged(out, std::to_string(m_selected->exists()) + " EXISTS");
    untagged(out, std::to_string(m_selected->recentCount()) + " RECENT");
    const auto& entries = m_selected->entries();
    const auto unseen = std::find_if(entries.begin(), entries.end(),
                                     [](const SelectedView::Entry& e) { return !e.flags.has(mail::SystemFlag::Seen); });
    if (unseen != entries.end()) {
        const std::string seq = std::to_string(unseen - entries.begin() + 1);
        untagged(out, "OK [UNSEEN " + seq + "] Message " + seq + " is first unseen");
    }
    untagged(out, "OK [UIDVALIDITY " + std::to_string(mailbox->uidValidity()) + "] UIDs valid");
    untagged(out, "OK [UIDNEXT " + std::to_string(mailbox->uidNext()) + "] Predicted next UID");
    if (m_condstore) untagged(out, "OK [HIGHESTMODSEQ " + std::to_string(mailbox->highestModseq()) + "] Highest");
    if (resync && resync->uidValidity == mailbox->uidValidity()) {
        // What the client missed since its mod-sequence: expunges first, then changes.
        const std::uint32_t top = std::max<std::uint32_t>(mailbox->uidNext() - 1, 1);
        const ResolvedSet known = resync->knownUids ? resync->knownUids->resolve(top) : ResolvedSet();
        std::vector<std::uint32_t> vanished;
        for (const mail::Expunged& e : mailbox->expunged())
            if (e.modseq > resync->modseq && (!resync->knownUids || known.contains(e.uid))) vanished.push_back(e.uid);
        std::sort(vanished.begin(), vanished.end());
        if (!vanished.empty()) untagged(out, "VANISHED (EARLIER) " + compactNumberList(vanished));
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const SelectedView::Entry& e = entries[i];
            if (e.modseq <= resync->modseq || (resync->knownUids && !known.contains(e.uid))) continue;
            untagged(out, std::to_string(i + 1) + " FETCH (UID " + std::to_string(e.uid) + " FLAGS (" +
                              SelectedView::flagList(e) + ") MODSEQ (" + std::to_string(e.modseq) + "))");
        }
    }
    return Completion::ok(std::string(verb) + " completed", args.readOnly ? "READ-ONLY" : "READ-WRITE");
}

// [SECTION] CREATE, DELETE, RENAME (RFC 3501 6.3.3 - 6.3.5)

Completion ServerSession::cmdCreate(Output&, const Command& cmd) {
    const auto name = decodeName(std::get<Create>(cmd.args).mailbox);
    if (!name) return undecodableName("CANNOT");
    if (hasWildcard(*name)) return Completion::no("Mailbox names cannot contain % or *", "CANNOT");
    // A trailing "/" only announces inferiors to come; the store drops it (RFC 3501 6.3.3).
    const mail::MailboxError e = m_store.createMailbox(*m_account, *name, m_id);
    if (e != mail::MailboxError::None) return mailboxFailure(e, *name);
    return Completion::ok("CREATE completed");
}

Completion ServerSession::cmdDelete(Output& out, const Command& cmd) {
    const auto name = decodeName(std::get<Delete>(cmd.args).mailbox);
    if (!name) return undecodableName();
    const mail::Mailbox* target = m_account->findMailbox(*name);
    const bool selectedHere = target && m_selected && m_selected->mailboxId() == target->id();
    const mail::MailboxError e = m_store.deleteMailbox(*m_account, *name, m_id);
    if (e != mail::MailboxError::None) return mailboxFailure(e, *name);
    // Deleting one's own selected mailbox is allowed; the session is no longer in it.
    // (Subscriptions stay: RFC 3501 6.3.6 forbids removing them unilaterally.)
    if (selectedHere) deselect(out);
    return Completion::ok("DELETE completed");
}

Completion ServerSession::cmdRename(Output&, const Command& cmd) {
    const auto& args = std::get<Rename>(cmd.args);
    const auto from = decodeName(args.from);
    const auto to = decodeName(args.to);
    if (!from) return undecodableName();
    if (!to) return undecodableName("CANNOT");
    if (hasWildcard(*to)) return Completion::no("Mailbox names cannot contain % or *", "CANNOT");
    // Renaming INBOX moves its messages and leaves it empty; the store does that (6.3.5).
    const mail::MailboxError e = m_store.renameMailbox(*m_account, *from, *to, m_id);
    if (e != mail::MailboxError::None) return mailboxFailure(e, e == mail::MailboxError::NotFound ? *from : *to);
    return Completion::ok("RENAME completed");
}

// [SECTION] SUBSCRIBE, UNSUBSCRIBE (RFC 3501 6.3.6, 6.3.7)

Completion ServerSession::cmdSubscribe(Output&, const Command& cmd) {
    const auto name = decodeName(std::get<Subscribe>(cmd.args).mailbox);
    if (!name) return undecodableName();
    const mail::Mailbox* mailbox = m_account->findMailbox(*name);
    if (!mailbox) return missingMailbox(*name);
    m_store.setSubscribed(*m_account, mailbox->name(), true);
    return Completion::ok("SUBSCRIBE completed");
}

Completion ServerSession::cmdUnsubscribe(Output&, const Command& cmd) {
    const auto name = decodeName(std::get<Unsubscribe>(cmd.args).mailbox);
    if (!name) return undecodableName();
    // A subscription may outlive its mailbox, so look in the list, not the mailboxes.
    if (!m_account->subscriptions().contains(*name)) return Completion::no("Not subscribed: " + *name, "NONEXISTENT");
    m_store.setSubscribed(*m_account, *name, false);
    return Completion::ok("UNSUBSCRIBE completed");
}

// [SECTION] LIST, LSUB (RFC 3501 6.3.8, 6.3.9; RFC 5258, RFC 3348, RFC 6154)

Completion ServerSession::cmdList(Output& out, const Command& cmd) {
    const auto& args = std::get<List>(cmd.args);
    Completion error;
    const auto options = listOptions(args, error);
    if (!options) return error;
    if (!m_config.listExtended && (options->returnStatus || !args.morePatterns.empty()))
        return Completion::bad("Several patterns and RETURN (STATUS) need LIST-EXTENDED, which is off");
    if (!m_config.condstore &&
        std::find(args.statusItems.begin(), args.statusItems.end(), StatusItem::HighestModseq) != args.statusItems.end())
        return Completion::bad("Unknown status item HIGHESTMODSEQ");
    if (args.pattern.empty() && args.morePatterns.empty()) {
        // RFC 3501 6.3.8: an empty pattern asks for the delimiter and the reference's root;
        // our names are not rooted, so the root is "".
        untagged(out, "LIST (\\Noselect) \"/\" \"\"");
        return Completion::ok("LIST completed");
    }
    std::vector<Pattern> patterns{Pattern(args.reference, args.pattern)};
    for (const std::string& p : args.morePatterns) patterns.emplace_back(args.reference, p);
    const auto matchesAny = [&](const std::string& name) {
        return std::any_of(patterns.begin(), patterns.end(), [&](const Pattern& p) { return p.matches(name); });
    };
    const std::set<std::string>& subscribed = m_account->subscriptions();
    auto meetsCriteria = [&](const std::string& name) {
        if (options->subscribedOnly && !subscribed.contains(name)) return false;
        if (options->specialUseOnly) {
            const mail::Mailbox* m = m_account->findMailbox(name);
            return m && m->specialUse() != mail::SpecialUse::None;
        }
        return options->subscribedOnly || m_account->findMailbox(name) != nullptr;
    };

    // Every name that could be listed: the mailboxes, and with SUBSCRIBED the subscribed
    // names (which may no longer exist) and, for RECURSIVEMATCH, their superiors.
    std::set<std::string> names;
    for (const mail::Mailbox* m : m_account->mailboxes()) names.insert(m->name());
    if (options->subscribedOnly)
        for (const std::string& s : subscribed) {
            names.insert(s);
            if (options->recursiveMatch)
                for (std::string& superior : superiorsOf(s)) names.insert(std::move(superior));
        }

    for (const std::string& name : listOrder(names)) {
        if (!matchesAny(name)) continue;
        // RECURSIVEMATCH: a mailbox that meets the criteria gets CHILDINFO when an inferior
        // does too, whether or not that inferior matches the pattern (RFC 5258 3.1 note 2).
        // A parent that does not meet them is listed only for an inferior that does and is
        // not listed itself: in RFC 5258 5 example 9, LIST (SUBSCRIBED RECURSIVEMATCH) ""
        // "*2" leaves out "baz2", whose subscribed children all match "*2", and lists "foo2"
        // for "foo2/bar1", which does not.
        bool qualifyingInferior = false, unlistedQualifyingInferior = false;
        if (options->recursiveMatch && options->subscribedOnly)
            for (const std::string& other : names)
                if (other.size() > name.size() + 1 && other.starts_with(name) && other[name.size()] == kDelimiter &&
                    meetsCriteria(other)) {
                    qualifyingInferior = true;
                    if (!matchesAny(other)) unlistedQualifyingInferior = true;
                }
        const bool meets = meetsCriteria(name);
        const bool childInfo = meets ? qualifyingInferior : unlistedQualifyingInferior;
        if (!meets && !childInfo) continue;

        const mail::Mailbox* mailbox = m_account->findMailbox(name);
        std::vector<std::string_view> attributes;
        if (!mailbox) {
            attributes.push_back("\\NonExistent");  // RFC 5258 3.4: implies \Noselect
        } else {
            attributes.push_back(hasInferiors(*m_account, name) ? "\\HasChildren" : "\\HasNoChildren");
            if (mailbox->specialUse() != mail::SpecialUse::None) attributes.push_back(mail::specialUseAttribute(mailbox->specialUse()));
        }
        if (options->returnSubscribed && subscribed.contains(name)) attributes.push_back("\\Subscribed");
        std::string line = "LIST (";
        for (std::size_t i = 0; i < attributes.size(); ++i) line += (i ? " " : "") + std::string(attributes[i]);
        line += ") \"/\" " + encodeName(name);
        if (childInfo) line += " (\"CHILDINFO\" (\"SUBSCRIBED\"))";
        untagged(out, line);
        // RFC 5819: the STATUS of each selectable mailbox listed, right after its LIST line.
        if (options->returnStatus && mailbox)
            untagged(out, "STATUS " + encodeName(name) + " (" + statusText(*mailbox, args.statusItems) + ")");
    }
    return Completion::ok("LIST completed");
}

Completion ServerSession::cmdLsub(Output& out, const Command& cmd) {
    const auto& args = std::get<Lsub>(cmd.args);
    if (args.pattern.empty()) {
        untagged(out, "LSUB (\\Noselect) \"/\" \"\"");
        return Completion::ok("LSUB completed");
    }
    const Pattern pattern(args.reference, args.pattern);
    const std::set<std::string>& subscribed = m_account->subscriptions();
    // RFC 3501 6.3.9: when "%" stops above a subscribed name, the level it stops at is
    // returned with \Noselect unless it is subscribed itself.
    std::set<std::string> names = subscribed;
    for (const std::string& s : subscribed)
        for (std::string& superior : superiorsOf(s)) names.insert(std::move(superior));

    for (const std::string& name : listOrder(names)) {
        if (!pattern.matches(name)) continue;
        bool noselect = false;
        if (subscribed.contains(name)) {
            noselect = m_account->findMailbox(name) == nullptr;  // the mailbox has gone
        } else {
            const bool inferiorHidden = std::any_of(subscribed.begin(), subscribed.end(), [&](const std::string& s) {
                return s.size() > name.size() + 1 && s.starts_with(name) && s[name.size()] == kDelimiter &&
                       !pattern.matches(s);
            });
            if (!inferiorHidden) continue;
            noselect = true;
        }
        untagged(out, std::string("LSUB (") + (noselect ? "\\Noselect" : "") + ") \"/\" " + encodeName(name));
    }
    return Completion::ok("LSUB completed");
}

std::string ServerSession::statusText(const mail::Mailbox& mailbox, const std::vector<StatusItem>& wanted) const {
    std::string items;
    for (StatusItem item : wanted) {
        if (!items.empty()) items += ' ';
        switch (item) {
            case StatusItem::Messages: items += "MESSAGES " + std::to_string(mailbox.size()); break;
            case StatusItem::Recent: {
                // \Recent as this session would see it: not yet claimed by anyone, plus what
                // this session claimed if it has the mailbox selected.
                std::size_t recent = mailbox.recentCount();
                if (m_selected && !m_selected->readOnly() && m_selected->mailboxId() == mailbox.id())
                    recent += m_selected->recentCount();
                items += "RECENT " + std::to_string(recent);
                break;
            }
            case StatusItem::UidNext: items += "UIDNEXT " + std::to_string(mailbox.uidNext()); break;
            case StatusItem::UidValidity: items += "UIDVALIDITY " + std::to_string(mailbox.uidValidity()); break;
            case StatusItem::HighestModseq:
                items += "HIGHESTMODSEQ " + std::to_string(mailbox.highestModseq());
                break;
            case StatusItem::Unseen:
                items += "UNSEEN " + std::to_string(mailbox.countWithout(mail::SystemFlag::Seen));
                break;
        }
    }
    return items;
}

// [SECTION] STATUS (RFC 3501 6.3.10)

Completion ServerSession::cmdStatus(Output& out, const Command& cmd) {
    const auto& args = std::get<Status>(cmd.args);
    const auto name = decodeName(args.mailbox);
    if (!name) return undecodableName();
    const mail::Mailbox* mailbox = m_account->findMailbox(*name);
    if (!mailbox) return missingMailbox(*name);
    if (!m_config.condstore && std::find(args.items.begin(), args.items.end(), StatusItem::HighestModseq) != args.items.end())
        return Completion::bad("Unknown status item HIGHESTMODSEQ");
    const std::string items = statusText(*mailbox, args.items);
    untagged(out, "STATUS " + encodeName(mailbox->name()) + " (" + items + ")");
    return Completion::ok("STATUS completed");
}

// [SECTION] APPEND (RFC 3501 6.3.11, RFC 4315 APPENDUID)

Completion ServerSession::cmdAppend(Output&, const Command& cmd) {
    const auto& args = std::get<Append>(cmd.args);
    if (!args.more.empty() && !m_config.multiappend) return Completion::bad("Several messages need MULTIAPPEND, which is off");
    // RFC 3502 3: every message is checked before any is appended, so all or none go in.
    std::vector<const Append*> messages{&args};
    for (const Append& m : args.more) messages.push_back(&m);
    // A message sent (in whole or in part) as literal8 may hold binary content (RFC 3516 4.4).
    const auto sentAsBinary = [](const Append& m) {
        return m.binary || std::any_of(m.catenate.begin(), m.catenate.end(), [](const CatenatePart& p) { return p.binary; });
    };
    for (const Append* m : messages) {
        if (sentAsBinary(*m) && !m_config.binary) return Completion::bad("literal8 needs BINARY, which is off");
        if (!m->catenate.empty() && !m_config.catenate) return Completion::bad("CATENATE is off");
    }
    std::vector<mail::Flags> flags(messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i)
        for (const std::string& flag : messages[i]->flags) {
            if (core::equalsIgnoreCase(flag, "\\Recent")) continue;  // set by the server, never by clients
            if (!flags[i].addByName(flag)) return Completion::bad("Invalid flag " + flag);
        }
    const auto name = decodeName(args.mailbox);
    if (!name) return undecodableName();
    mail::Mailbox* mailbox = m_account->findMailbox(*name);
    if (!mailbox) return missingMailbox(*name, "TRYCREATE");  // RFC 3501 6.3.11
    // CATENATE (RFC 4469 3): each message is put together first; all of them together
    // within the command's literal budget, as if they had been sent as literals.
    std::vector<std::string> catenated(messages.size());
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (messages[i]->catenate.empty()) {
            total += messages[i]->message.size();
            continue;
        }
        Completion error;
        const std::uint64_t budget = m_config.limits.maxLiteralSize - std::min(total, m_config.limits.maxLiteralSize);
        auto message = catenateMessage(*messages[i], budget, error);
        if (!message) return error;
        total += message->size();
        catenated[i] = std::move(*message);
    }
    if (total > m_config.limits.maxLiteralSize)
        return Completion::no("The messages would be larger than the server accepts", "TOOBIG");
    const auto bytesOf = [&](std::size_t i) -> const std::string& {
        return messages[i]->catenate.empty() ? messages[i]->message : catenated[i];
    };
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (bytesOf(i).empty()) return Completion::no("Cannot append an empty message");

    std::vector<std::uint32_t> uids;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const Append& m = *messages[i];
        // Without a date-time argument the internal date is the time of the APPEND.
        const core::Time time = m.internalDate ? core::timeFromCivil(*m.internalDate) : m_lastActivity;
        const int zone = m.internalDate ? m.internalDate->zoneMinutes : 0;
        // Binary content keeps its bytes: only the header's line ends are made CRLF.
        // If this is the selected mailbox, the view hears of it and finishCommand sends EXISTS.
        uids.push_back(m_store.append(*m_account, *mailbox,
                                      mail::Message::fromBytes(bytesOf(i), time, zone, sentAsBinary(m)), flags[i], m_id));
    }
    return Completion::ok("APPEND completed",
                          "APPENDUID " + std::to_string(mailbox->uidValidity()) + " " + uidSetText(uids));
}

// [SECTION] NAMESPACE (RFC 2342), ENABLE (RFC 5161)

Completion ServerSession::cmdNamespace(Output& out, const Command&) {
    // One personal namespace with no prefix; no other users' or shared namespaces.
    untagged(out, "NAMESPACE ((\"\" \"/\")) NIL NIL");
    return Completion::ok("NAMESPACE completed");
}

Completion ServerSession::cmdEnable(Output& out, const Command& cmd) {
    // Only CONDSTORE can be turned on here; other names are ignored (RFC 5161 3.1). The
    // ENABLED list names only what this command newly enabled.
    // QRESYNC implies CONDSTORE (RFC 7162 3.2.3).
    bool condstore = false, qresync = false;
    for (const std::string& name : std::get<Enable>(cmd.args).capabilities) {
        if (name == "CONDSTORE" && m_config.condstore && !m_condstore) condstore = true;
        if (name == "QRESYNC" && m_config.condstore && m_config.qresync && !m_qresync) qresync = true;
    }
    std::string enabled = "ENABLED";
    if (condstore) enabled += " CONDSTORE";
    if (qresync) enabled += " QRESYNC";
    untagged(out, enabled);
    if (qresync) {
        m_qresync = true;
        if (m_selected) m_selected->setQresync(true);
    }
    if (condstore || qresync) enableCondstore(out);
    return Completion::ok("ENABLE completed");
}

}  // namespace mailscope::imap
