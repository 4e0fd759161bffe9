// IMAP client engine: command bytes from typed commands (RFC 3501 9 grammar, 4.3 literals,
// RFC 7888 LITERAL+), typed events from response lines (RFC 3501 7) read by the tokenizer.
#include "protocols/imap/client_engine.h"

#include <algorithm>
#include <ostream>

#include "protocols/core/catalogue.h"
#include "protocols/core/sasl.h"
#include "protocols/core/utf8.h"
#include "protocols/imap/message_parts.h"
#include "protocols/imap/mutf7.h"

namespace mailscope::imap {

using namespace client;

namespace {

// RFC 7888 3: LITERAL- allows non-synchronizing literals of at most 4096 octets.
constexpr std::size_t kLiteralMinusMax = 4096;

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

bool hasEightBit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

/// A line for error messages: control bytes shown as '?', cut at 200 bytes.
std::string printable(std::string_view line) {
    std::string out;
    for (char c : line.substr(0, 200)) {
        const auto u = static_cast<unsigned char>(c);
        out += (u < 0x20 || u == 0x7F) ? '?' : c;
    }
    if (line.size() > 200) out += "...";
    return out;
}

/// Digits only, within max; nullopt otherwise.
std::optional<std::uint64_t> parseNumber(std::string_view s, std::uint64_t max) {
    if (s.empty() || s.size() > 20) return std::nullopt;
    std::uint64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (n > (max - digit) / 10) return std::nullopt;
        n = n * 10 + digit;
    }
    return n;
}

/// RFC 3501 nz-number (1..4294967295) or, with allowZero, number (0..4294967295).
std::optional<std::uint32_t> parseU32(std::string_view s, bool allowZero = false) {
    const auto n = parseNumber(s, 0xFFFFFFFFu);
    if (!n || (*n == 0 && !allowZero)) return std::nullopt;
    return static_cast<std::uint32_t>(*n);
}

std::optional<std::uint32_t> numberValue(const Value& v, bool allowZero = false) {
    if (v.kind != Value::Kind::Number) return std::nullopt;
    return parseU32(v.text, allowZero);
}

/// Splits on single spaces, skipping empty words.
std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        const std::size_t end = std::min(text.find(' ', i), text.size());
        out.push_back(text.substr(i, end - i));
        i = end;
    }
    return out;
}

/// A string for display and raw text: quoted (\ and " escaped) unless it holds CR, LF or
/// NUL, then in literal form.
std::string quoteForText(std::string_view s) {
    if (s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
        return "{" + std::to_string(s.size()) + "}\r\n" + std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

/// A value written back as IMAP text, e.g. (NIL "subject" (("Bob" NIL "bob" "example.com"))).
std::string wireText(const Value& v) {
    const auto joined = [](const std::vector<Value>& children) {
        std::string out;
        for (std::size_t i = 0; i < children.size(); ++i) out += (i ? " " : "") + wireText(children[i]);
        return out;
    };
    switch (v.kind) {
        case Value::Kind::Atom:
        case Value::Kind::Number:
        case Value::Kind::Nil: return v.text;
        case Value::Kind::Quoted:
        case Value::Kind::Literal: return quoteForText(v.text);
        case Value::Kind::List: return "(" + joined(v.children) + ")";
        case Value::Kind::Section: {
            std::string out = v.text + "[" + joined(v.children) + "]";
            if (v.partial) out += "<" + *v.partial + ">";
            return out;
        }
    }
    return {};
}

std::string wireText(const std::vector<Value>& values, std::size_t from) {
    std::string out;
    for (std::size_t i = from; i < values.size(); ++i) out += (i > from ? " " : "") + wireText(values[i]);
    return out;
}

/// A mailbox name from the wire: INBOX in any case is "INBOX"; modified UTF-7 is decoded;
/// raw UTF-8 (which some servers send) is taken as it is. nullopt if it is neither.
std::optional<std::string> decodeName(std::string_view wire) {
    if (core::equalsIgnoreCase(wire, "INBOX")) return std::string("INBOX");
    if (hasEightBit(wire)) return core::isValidUtf8(wire) ? std::optional<std::string>(std::string(wire)) : std::nullopt;
    return decodeMailboxName(wire);
}

bool isAstring(const Value& v) { return v.isAtomLike() || v.isString(); }

/// The text of a list of atoms (flags, attributes); nullopt if an item is not an atom.
std::optional<std::vector<std::string>> atomList(const Value& v) {
    if (v.kind != Value::Kind::List) return std::nullopt;
    std::vector<std::string> out;
    for (const Value& item : v.children) {
        if (item.kind != Value::Kind::Atom) return std::nullopt;
        out.push_back(item.text);
    }
    return out;
}

std::optional<Condition> conditionFromWord(std::string_view word) {
    if (core::equalsIgnoreCase(word, "OK")) return Condition::Ok;
    if (core::equalsIgnoreCase(word, "NO")) return Condition::No;
    if (core::equalsIgnoreCase(word, "BAD")) return Condition::Bad;
    if (core::equalsIgnoreCase(word, "PREAUTH")) return Condition::PreAuth;
    if (core::equalsIgnoreCase(word, "BYE")) return Condition::Bye;
    return std::nullopt;
}

/// A uid-set of RFC 4315 (no "*").
std::optional<SequenceSet> parseUidSet(std::string_view text) {
    auto set = SequenceSet::parse(text);
    if (!set || set->hasStar()) return std::nullopt;
    return set;
}

/// The inside of "[...]": a response code, and what is wrong with it ("" if nothing).
ResponseCode parseCode(std::string_view inside, std::string& problem) {
    ResponseCode code;
    const std::size_t space = inside.find(' ');
    code.name = upper(inside.substr(0, space));
    code.arguments = space == std::string_view::npos ? std::string() : std::string(inside.substr(space + 1));
    const auto args = words(code.arguments);
    const std::string& n = code.name;
    code.kind = CodeKind::Other;
    if (n == "ALERT") code.kind = CodeKind::Alert;
    else if (n == "READ-ONLY") code.kind = CodeKind::ReadOnly;
    else if (n == "READ-WRITE") code.kind = CodeKind::ReadWrite;
    else if (n == "TRYCREATE") code.kind = CodeKind::TryCreate;
    else if (n == "CAPABILITY") {
        code.kind = CodeKind::Capability;
        code.list.assign(args.begin(), args.end());
    } else if (n == "PERMANENTFLAGS") {
        const std::string_view a = code.arguments;
        if (a.size() < 2 || a.front() != '(' || a.back() != ')') {
            problem = "PERMANENTFLAGS without a flag list";
            return code;
        }
        code.kind = CodeKind::PermanentFlags;
        for (auto flag : words(a.substr(1, a.size() - 2))) code.list.emplace_back(flag);
    } else if (n == "UIDVALIDITY" || n == "UIDNEXT" || n == "UNSEEN") {
        const auto number = args.size() == 1 ? parseU32(args[0]) : std::nullopt;
        if (!number) {
            problem = n + " without a valid number";
            return code;
        }
        code.kind = n == "UIDVALIDITY" ? CodeKind::UidValidity : n == "UIDNEXT" ? CodeKind::UidNext : CodeKind::Unseen;
        code.number = *number;
    } else if (n == "HIGHESTMODSEQ") {
        // mod-sequence-value = 1*DIGIT, at most 2^63-1 (RFC 7162 7)
        const auto modSeq = args.size() == 1 ? parseNumber(args[0], 0x7FFFFFFFFFFFFFFFull) : std::nullopt;
        if (!modSeq) {
            problem = "HIGHESTMODSEQ without a valid mod-sequence";
            return code;
        }
        code.kind = CodeKind::HighestModSeq;
        code.modSeq = *modSeq;
    } else if (n == "NOMODSEQ") {
        code.kind = CodeKind::NoModSeq;
    } else if (n == "CLOSED") {
        code.kind = CodeKind::Closed;
    } else if (n == "APPENDUID") {
        const auto validity = args.size() == 2 ? parseU32(args[0]) : std::nullopt;
        const auto uids = args.size() == 2 ? parseUidSet(args[1]) : std::nullopt;
        if (!validity || !uids) {
            problem = "APPENDUID needs a UIDVALIDITY and UIDs";
            return code;
        }
        code.kind = CodeKind::AppendUid;
        code.number = *validity;
        code.uids = *uids;
    } else if (n == "COPYUID") {
        const auto validity = args.size() == 3 ? parseU32(args[0]) : std::nullopt;
        const auto from = args.size() == 3 ? parseUidSet(args[1]) : std::nullopt;
        const auto to = args.size() == 3 ? parseUidSet(args[2]) : std::nullopt;
        if (!validity || !from || !to) {
            problem = "COPYUID needs a UIDVALIDITY and two UID sets";
            return code;
        }
        code.kind = CodeKind::CopyUid;
        code.number = *validity;
        code.sourceUids = *from;
        code.uids = *to;
    }
    return code;
}

/// A status response after its tag: "OK [CODE args] text".
struct StatusParts {
    Condition condition = Condition::Ok;
    ResponseCode code;
    std::string text;
    std::string problem;  ///< what is malformed ("" if nothing); the parts are still usable
};

std::optional<StatusParts> parseStatus(std::string_view rest) {
    const std::size_t space = rest.find(' ');
    const auto condition = conditionFromWord(rest.substr(0, space));
    if (!condition) return std::nullopt;
    StatusParts parts;
    parts.condition = *condition;
    std::string_view text = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos) {
            parts.problem = "response code without ']'";
        } else {
            parts.code = parseCode(text.substr(1, close - 1), parts.problem);
            text.remove_prefix(close + 1);
            if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
        }
    }
    parts.text = std::string(text);
    return parts;
}

/// The mailbox a SELECT or EXAMINE opens, before the server has said anything about it.
SelectedMailbox opening(const std::string& name, CommandKind kind) {
    SelectedMailbox mailbox;
    mailbox.name = name;
    mailbox.readOnly = kind == CommandKind::Examine;
    return mailbox;
}

template <class E>
void emit(std::vector<Event>& events, E event) {
    events.emplace_back(std::in_place_type<E>, std::move(event));
}

void error(std::vector<Event>& events, std::string text, bool fatal = false) {
    emit(events, ProtocolError{std::move(text), fatal});
}

// [SECTION] command building

/// Assembles a command line. A synchronizing literal ends a piece: the next piece may only
/// be written after the server's "+" (RFC 3501 7.5).
class Builder {
public:
    Builder(std::string tag, bool literalPlus, bool literalMinus)
        : m_literalPlus(literalPlus), m_literalMinus(literalMinus) {
        m_pieces.push_back(std::move(tag));
    }

    Builder& raw(std::string_view s) {
        m_pieces.back() += s;
        return *this;
    }
    /// " " + s, for the next argument.
    Builder& arg(std::string_view s) { return raw(" ").raw(s); }
    /// An IMAP string: quoted when it can be, else a literal.
    Builder& string(std::string_view s) {
        const std::string quoted = imapString(s);
        if (quoted.front() == '"') return raw(quoted);
        return literal(s);
    }
    /// A mailbox name: modified UTF-7, quoted.
    Builder& mailbox(std::string_view utf8) { return string(encodeMailboxName(utf8)); }
    /// A literal, {n+} when the server takes it (RFC 7888), else {n} and a new piece.
    Builder& literal(std::string_view bytes) {
        const bool nonSync = m_literalPlus || (m_literalMinus && bytes.size() <= kLiteralMinusMax);
        raw("{" + std::to_string(bytes.size()) + (nonSync ? "+}\r\n" : "}\r\n"));
        if (!nonSync) m_pieces.emplace_back();
        return raw(bytes);
    }
    Builder& flagList(const std::vector<std::string>& flags) {
        raw("(");
        for (std::size_t i = 0; i < flags.size(); ++i) raw(i ? " " : "").raw(flags[i]);
        return raw(")");
    }
    /// Ends the line and starts a piece that waits for "+" (AUTHENTICATE without SASL-IR).
    Builder& awaitContinuation() {
        raw("\r\n");
        m_pieces.emplace_back();
        return *this;
    }
    /// The pieces, the last one ending the line.
    std::vector<std::string> finish() && {
        raw("\r\n");
        return std::move(m_pieces);
    }

private:
    bool m_literalPlus;
    bool m_literalMinus;
    std::vector<std::string> m_pieces;
};

/// SEARCH criteria: as written when ASCII; otherwise "CHARSET UTF-8" first (unless given)
/// and each string with non-ASCII bytes, bare or quoted, sent as a literal (RFC 3501 6.4.4).
void searchCriteria(Builder& b, std::string_view criteria) {
    if (!hasEightBit(criteria)) {
        b.arg(criteria);
        return;
    }
    if (!(criteria.size() > 8 && core::equalsIgnoreCase(criteria.substr(0, 8), "CHARSET "))) b.arg("CHARSET UTF-8");
    b.raw(" ");
    std::size_t i = 0;
    while (i < criteria.size()) {
        const char c = criteria[i];
        if (c == ' ' || c == '(' || c == ')') {
            b.raw(std::string_view(&criteria[i], 1));
            ++i;
            continue;
        }
        std::string content;
        const std::size_t start = i;
        if (c == '"') {
            for (++i; i < criteria.size() && criteria[i] != '"'; ++i) {
                if (criteria[i] == '\\' && i + 1 < criteria.size()) ++i;
                content += criteria[i];
            }
            if (i < criteria.size()) ++i;  // the closing quote
        } else {
            while (i < criteria.size() && criteria[i] != ' ' && criteria[i] != '(' && criteria[i] != ')') ++i;
            content = std::string(criteria.substr(start, i - start));
        }
        if (hasEightBit(content)) b.literal(content);
        else b.raw(criteria.substr(start, i - start));
    }
}

const char* storeItem(StoreMode mode) {
    switch (mode) {
        case StoreMode::Add: return "+FLAGS";
        case StoreMode::Remove: return "-FLAGS";
        case StoreMode::Replace: return "FLAGS";
    }
    return "FLAGS";
}

Command make(CommandKind kind) {
    Command c;
    c.kind = kind;
    return c;
}

Command withMailbox(CommandKind kind, std::string mailbox) {
    Command c = make(kind);
    c.mailbox = std::move(mailbox);
    return c;
}

Command withSet(CommandKind kind, std::string set) {
    Command c = make(kind);
    c.set = std::move(set);
    return c;
}

}  // namespace

// [SECTION] commands

namespace client {

Command Command::capability() { return make(CommandKind::Capability); }
Command Command::noop() { return make(CommandKind::Noop); }
Command Command::logout() { return make(CommandKind::Logout); }
Command Command::startTls() { return make(CommandKind::StartTls); }
Command Command::login(std::string user, std::string password) {
    Command c = make(CommandKind::Login);
    c.user = std::move(user);
    c.password = std::move(password);
    return c;
}
Command Command::authenticatePlain(std::string user, std::string password, bool useSaslIr) {
    Command c = make(CommandKind::Authenticate);
    c.user = std::move(user);
    c.password = std::move(password);
    c.saslIr = useSaslIr;
    return c;
}
Command Command::select(std::string mailbox) { return withMailbox(CommandKind::Select, std::move(mailbox)); }
Command Command::selectQresync(std::string mailbox, QresyncParams params) {
    Command c = select(std::move(mailbox));
    c.qresync = std::move(params);
    return c;
}
Command Command::examine(std::string mailbox) { return withMailbox(CommandKind::Examine, std::move(mailbox)); }
Command Command::create(std::string mailbox) { return withMailbox(CommandKind::Create, std::move(mailbox)); }
Command Command::remove(std::string mailbox) { return withMailbox(CommandKind::Delete, std::move(mailbox)); }
Command Command::rename(std::string from, std::string to) {
    Command c = withMailbox(CommandKind::Rename, std::move(from));
    c.newName = std::move(to);
    return c;
}
Command Command::subscribe(std::string mailbox) { return withMailbox(CommandKind::Subscribe, std::move(mailbox)); }
Command Command::unsubscribe(std::string mailbox) { return withMailbox(CommandKind::Unsubscribe, std::move(mailbox)); }
Command Command::list(std::string reference, std::string pattern) {
    Command c = make(CommandKind::List);
    c.reference = std::move(reference);
    c.pattern = std::move(pattern);
    return c;
}
Command Command::lsub(std::string reference, std::string pattern) {
    Command c = list(std::move(reference), std::move(pattern));
    c.kind = CommandKind::Lsub;
    return c;
}
Command Command::status(std::string mailbox, std::vector<std::string> items) {
    Command c = withMailbox(CommandKind::Status, std::move(mailbox));
    c.items = std::move(items);
    return c;
}
Command Command::append(std::string mailbox, std::vector<std::string> flags, std::optional<core::Time> date,
                        std::string message, int dateZoneMinutes) {
    Command c = withMailbox(CommandKind::Append, std::move(mailbox));
    c.flags = std::move(flags);
    c.date = date;
    c.dateZoneMinutes = dateZoneMinutes;
    c.message = std::move(message);
    return c;
}
Command Command::check() { return make(CommandKind::Check); }
Command Command::close() { return make(CommandKind::Close); }
Command Command::unselect() { return make(CommandKind::Unselect); }
Command Command::expunge() { return make(CommandKind::Expunge); }
Command Command::uidExpunge(std::string set) { return withSet(CommandKind::UidExpunge, std::move(set)); }
Command Command::search(std::string criteria) {
    Command c = make(CommandKind::Search);
    c.criteria = std::move(criteria);
    return c;
}
Command Command::uidSearch(std::string criteria) {
    Command c = search(std::move(criteria));
    c.kind = CommandKind::UidSearch;
    return c;
}
Command Command::fetch(std::string set, std::string items) {
    Command c = withSet(CommandKind::Fetch, std::move(set));
    c.fetchItems = std::move(items);
    return c;
}
Command Command::uidFetch(std::string set, std::string items) {
    Command c = fetch(std::move(set), std::move(items));
    c.kind = CommandKind::UidFetch;
    return c;
}
Command Command::uidFetchChangedSince(std::string set, std::string items, std::uint64_t modSeq) {
    Command c = uidFetch(std::move(set), std::move(items));
    c.changedSince = modSeq;
    return c;
}
Command Command::store(std::string set, StoreMode mode, std::vector<std::string> flags, bool silent) {
    Command c = withSet(CommandKind::Store, std::move(set));
    c.storeMode = mode;
    c.flags = std::move(flags);
    c.silent = silent;
    return c;
}
Command Command::uidStore(std::string set, StoreMode mode, std::vector<std::string> flags, bool silent) {
    Command c = store(std::move(set), mode, std::move(flags), silent);
    c.kind = CommandKind::UidStore;
    return c;
}
Command Command::copy(std::string set, std::string mailbox) {
    Command c = withSet(CommandKind::Copy, std::move(set));
    c.mailbox = std::move(mailbox);
    return c;
}
Command Command::uidCopy(std::string set, std::string mailbox) {
    Command c = copy(std::move(set), std::move(mailbox));
    c.kind = CommandKind::UidCopy;
    return c;
}
Command Command::move(std::string set, std::string mailbox) {
    Command c = copy(std::move(set), std::move(mailbox));
    c.kind = CommandKind::Move;
    return c;
}
Command Command::uidMove(std::string set, std::string mailbox) {
    Command c = copy(std::move(set), std::move(mailbox));
    c.kind = CommandKind::UidMove;
    return c;
}
Command Command::idle() { return make(CommandKind::Idle); }
Command Command::done() { return make(CommandKind::Done); }
Command Command::namespaces() { return make(CommandKind::Namespace); }
Command Command::id(std::optional<std::vector<std::pair<std::string, std::string>>> params) {
    Command c = make(CommandKind::Id);
    c.idParams = std::move(params);
    return c;
}
Command Command::enable(std::vector<std::string> capabilities) {
    Command c = make(CommandKind::Enable);
    c.items = std::move(capabilities);
    return c;
}

std::optional<std::uint64_t> MailboxStatus::get(std::string_view name) const {
    for (const auto& [item, value] : items)
        if (core::equalsIgnoreCase(item, name)) return value;
    return std::nullopt;
}

// [SECTION] printing

std::ostream& operator<<(std::ostream& os, CommandKind kind) {
    switch (kind) {
        case CommandKind::Capability: return os << "CAPABILITY";
        case CommandKind::Noop: return os << "NOOP";
        case CommandKind::Logout: return os << "LOGOUT";
        case CommandKind::StartTls: return os << "STARTTLS";
        case CommandKind::Authenticate: return os << "AUTHENTICATE";
        case CommandKind::Login: return os << "LOGIN";
        case CommandKind::Select: return os << "SELECT";
        case CommandKind::Examine: return os << "EXAMINE";
        case CommandKind::Create: return os << "CREATE";
        case CommandKind::Delete: return os << "DELETE";
        case CommandKind::Rename: return os << "RENAME";
        case CommandKind::Subscribe: return os << "SUBSCRIBE";
        case CommandKind::Unsubscribe: return os << "UNSUBSCRIBE";
        case CommandKind::List: return os << "LIST";
        case CommandKind::Lsub: return os << "LSUB";
        case CommandKind::Status: return os << "STATUS";
        case CommandKind::Append: return os << "APPEND";
        case CommandKind::Check: return os << "CHECK";
        case CommandKind::Close: return os << "CLOSE";
        case CommandKind::Unselect: return os << "UNSELECT";
        case CommandKind::Expunge: return os << "EXPUNGE";
        case CommandKind::UidExpunge: return os << "UID EXPUNGE";
        case CommandKind::Search: return os << "SEARCH";
        case CommandKind::UidSearch: return os << "UID SEARCH";
        case CommandKind::Fetch: return os << "FETCH";
        case CommandKind::UidFetch: return os << "UID FETCH";
        case CommandKind::Store: return os << "STORE";
        case CommandKind::UidStore: return os << "UID STORE";
        case CommandKind::Copy: return os << "COPY";
        case CommandKind::UidCopy: return os << "UID COPY";
        case CommandKind::Move: return os << "MOVE";
        case CommandKind::UidMove: return os << "UID MOVE";
        case CommandKind::Idle: return os << "IDLE";
        case CommandKind::Done: return os << "DONE";
        case CommandKind::Namespace: return os << "NAMESPACE";
        case CommandKind::Id: return os << "ID";
        case CommandKind::Enable: return os << "ENABLE";
    }
    return os << "CommandKind(?)";
}

std::ostream& operator<<(std::ostream& os, Condition condition) {
    switch (condition) {
        case Condition::Ok: return os << "OK";
        case Condition::No: return os << "NO";
        case Condition::Bad: return os << "BAD";
        case Condition::PreAuth: return os << "PREAUTH";
        case Condition::Bye: return os << "BYE";
    }
    return os << "Condition(?)";
}

std::ostream& operator<<(std::ostream& os, SessionState state) {
    switch (state) {
        case SessionState::AwaitingGreeting: return os << "awaiting greeting";
        case SessionState::NotAuthenticated: return os << "not authenticated";
        case SessionState::Authenticated: return os << "authenticated";
        case SessionState::Selected: return os << "selected";
        case SessionState::Logout: return os << "logout";
    }
    return os << "SessionState(?)";
}

std::ostream& operator<<(std::ostream& os, const ResponseCode& code) {
    if (code.kind == CodeKind::None) return os << "[]";
    os << '[' << code.name;
    if (!code.arguments.empty()) os << ' ' << code.arguments;
    return os << ']';
}

namespace {

void printList(std::ostream& os, const std::vector<std::string>& items) {
    os << '(';
    for (std::size_t i = 0; i < items.size(); ++i) os << (i ? " " : "") << items[i];
    os << ')';
}

/// An nstring for the printers: NIL, or the string quoted (or in literal form).
std::string nstringText(const std::optional<std::string>& s) { return s ? quoteForText(*s) : std::string("NIL"); }

void printParams(std::ostream& os, const std::vector<std::pair<std::string, std::string>>& params) {
    if (params.empty()) {
        os << "NIL";
        return;
    }
    os << '(';
    for (std::size_t i = 0; i < params.size(); ++i)
        os << (i ? " " : "") << quoteForText(params[i].first) << ' ' << quoteForText(params[i].second);
    os << ')';
}

void printAddresses(std::ostream& os, const std::vector<Address>& addresses) {
    if (addresses.empty()) {
        os << "NIL";
        return;
    }
    os << '(';
    for (const Address& a : addresses) os << a;
    os << ')';
}

struct EventPrinter {
    std::ostream& os;
    /// [CODE args] "text"}
    void codeAndText(const ResponseCode& code, const std::string& text) const {
        if (code.kind != CodeKind::None) os << code << ' ';
        os << '"' << text << "\"}";
    }
    void operator()(const Greeting& e) const {
        os << "Greeting{" << e.condition << ' ';
        codeAndText(e.code, e.text);
    }
    void operator()(const Capabilities& e) const {
        os << "Capabilities";
        printList(os, e.names);
    }
    void operator()(const Tagged& e) const {
        os << "Tagged{" << e.tag << ' ' << e.command << ' ' << e.condition << ' ';
        codeAndText(e.code, e.text);
    }
    void operator()(const UntaggedStatus& e) const {
        os << "UntaggedStatus{" << e.condition << ' ';
        codeAndText(e.code, e.text);
    }
    void operator()(const Exists& e) const { os << "Exists{" << e.count << '}'; }
    void operator()(const Recent& e) const { os << "Recent{" << e.count << '}'; }
    void operator()(const Expunge& e) const { os << "Expunge{" << e.seq << '}'; }
    void operator()(const Flags& e) const {
        os << "Flags";
        printList(os, e.flags);
    }
    void operator()(const ListEntry& e) const {
        os << (e.lsub ? "Lsub{" : "List{");
        printList(os, e.attributes);
        os << " delimiter=" << (e.delimiter ? std::string(1, *e.delimiter) : std::string("NIL")) << " \"" << e.mailbox
           << "\" wire=\"" << e.wireName << "\"}";
    }
    void operator()(const MailboxStatus& e) const {
        os << "MailboxStatus{\"" << e.mailbox << "\"";
        for (const auto& [name, value] : e.items) os << ' ' << name << '=' << value;
        os << '}';
    }
    void operator()(const SearchResult& e) const {
        os << "SearchResult{";
        for (std::size_t i = 0; i < e.numbers.size(); ++i) os << (i ? " " : "") << e.numbers[i];
        os << '}';
    }
    void operator()(const FetchData& e) const {
        os << "FetchData{seq=" << e.seq;
        if (e.uid) os << " uid=" << *e.uid;
        if (e.flags) {
            os << " flags=";
            printList(os, *e.flags);
        }
        if (e.internalDate) os << " internaldate=\"" << *e.internalDate << '"';
        if (e.size) os << " size=" << *e.size;
        if (e.envelope) os << " envelope=" << *e.envelope;
        for (const auto& [name, bytes] : e.sections) os << ' ' << name << '=' << Value::literal(bytes);
        for (const auto& [name, text] : e.others) os << ' ' << name << '=' << text;
        os << '}';
    }
    void operator()(const Continuation& e) const { os << "Continuation{\"" << e.text << "\"}"; }
    void operator()(const BytesReleased& e) const { os << "BytesReleased{" << Value::literal(e.bytes) << '}'; }
    void operator()(const NamespaceData& e) const { os << "Namespace{" << e.text << '}'; }
    void operator()(const IdData& e) const { os << "Id{" << e.text << '}'; }
    void operator()(const Enabled& e) const {
        os << "Enabled";
        printList(os, e.names);
    }
    void operator()(const Vanished& v) const { os << "Vanished{" << (v.earlier ? "(EARLIER) " : "") << v.uids << '}'; }
    void operator()(const ProtocolError& e) const { os << "ProtocolError{" << (e.fatal ? "fatal: " : "") << e.text << '}'; }
};

}  // namespace

std::ostream& operator<<(std::ostream& os, const Address& a) {
    return os << '(' << nstringText(a.name) << ' ' << nstringText(a.adl) << ' ' << nstringText(a.mailbox) << ' '
              << nstringText(a.host) << ')';
}

std::ostream& operator<<(std::ostream& os, const Envelope& e) {
    os << '(' << nstringText(e.date) << ' ' << nstringText(e.subject);
    for (const auto* list : {&e.from, &e.sender, &e.replyTo, &e.to, &e.cc, &e.bcc}) {
        os << ' ';
        printAddresses(os, *list);
    }
    return os << ' ' << nstringText(e.inReplyTo) << ' ' << nstringText(e.messageId) << ')';
}

std::ostream& operator<<(std::ostream& os, const BodyStructure& b) {
    // The wire form (RFC 3501 9 "body"), parts separated by a space for reading.
    os << '(';
    if (b.isMultipart()) {
        for (const BodyStructure& part : b.parts) os << part << ' ';
        os << quoteForText(b.subtype);
        if (b.extended) {
            os << ' ';
            printParams(os, b.params);
        }
    } else {
        os << quoteForText(b.type) << ' ' << quoteForText(b.subtype) << ' ';
        printParams(os, b.params);
        os << ' ' << nstringText(b.id) << ' ' << nstringText(b.description) << ' ' << quoteForText(b.encoding) << ' '
           << b.size;
        if (b.envelope) os << ' ' << *b.envelope;
        for (const BodyStructure& part : b.parts) os << ' ' << part;
        if (b.lines) os << ' ' << *b.lines;
        if (b.extended) os << ' ' << nstringText(b.md5);
    }
    if (b.extended) {
        os << ' ';
        if (b.disposition) {
            os << '(' << quoteForText(b.disposition->type) << ' ';
            printParams(os, b.disposition->params);
            os << ')';
        } else {
            os << "NIL";
        }
        os << ' ';
        if (b.languages.empty()) os << "NIL";
        else {
            os << '(';
            for (std::size_t i = 0; i < b.languages.size(); ++i) os << (i ? " " : "") << quoteForText(b.languages[i]);
            os << ')';
        }
        os << ' ' << nstringText(b.location);
    }
    return os << ')';
}

std::ostream& operator<<(std::ostream& os, const Event& event) {
    std::visit(EventPrinter{os}, event);
    return os;
}

}  // namespace client

// [SECTION] engine: sending

TokenizerLimits ClientEngine::defaultLimits() {
    TokenizerLimits limits;
    limits.maxLineLength = 16 * 1024 * 1024;     // a SEARCH result over a million messages
    limits.maxLiteralSize = 256 * 1024 * 1024;   // one FETCH line's bodies together
    // BODYSTRUCTURE of nested multiparts: the server reads 64 levels (message_parts.cpp),
    // and the FETCH list, an attached message's envelope and its addresses add more.
    limits.maxDepth = 128;
    return limits;
}

ClientEngine::ClientEngine(TokenizerLimits limits) : m_tokenizer(TokenizerMode::Response, limits) {}

bool ClientEngine::hasCapability(std::string_view name) const { return m_capabilities.contains(upper(name)); }
bool ClientEngine::isEnabled(std::string_view name) const { return m_enabled.contains(upper(name)); }

void ClientEngine::setCapabilities(std::vector<std::string> names) {
    m_capabilities.clear();
    for (const std::string& name : names) m_capabilities.insert(upper(name));
}

std::vector<std::string> ClientEngine::build(const Command& command, const std::string& tag) const {
    Builder b(tag, hasCapability("LITERAL+"), hasCapability("LITERAL-"));
    const bool uid = command.kind == CommandKind::UidExpunge || command.kind == CommandKind::UidSearch ||
                     command.kind == CommandKind::UidFetch || command.kind == CommandKind::UidStore ||
                     command.kind == CommandKind::UidCopy || command.kind == CommandKind::UidMove;
    if (uid) b.arg("UID");
    switch (command.kind) {
        case CommandKind::Capability: b.arg("CAPABILITY"); break;
        case CommandKind::Noop: b.arg("NOOP"); break;
        case CommandKind::Logout: b.arg("LOGOUT"); break;
        case CommandKind::StartTls: b.arg("STARTTLS"); break;
        case CommandKind::Login: b.arg("LOGIN").raw(" ").string(command.user).raw(" ").string(command.password); break;
        case CommandKind::Authenticate: {
            const std::string response = core::encodeSaslPlain(command.user, command.password);
            b.arg("AUTHENTICATE PLAIN");
            // RFC 4959: the initial response on the command line only if the server said SASL-IR.
            if (command.saslIr && hasCapability("SASL-IR")) b.arg(response);
            else b.awaitContinuation().raw(response);
            break;
        }
        case CommandKind::Select:
        case CommandKind::Examine:
            b.arg(command.kind == CommandKind::Select ? "SELECT" : "EXAMINE").raw(" ").mailbox(command.mailbox);
            if (const auto& q = command.qresync) {
                // select-param "QRESYNC" SP "(" uidvalidity SP mod-sequence-value [SP known-uids] ")"
                b.raw(" (QRESYNC (" + std::to_string(q->uidValidity) + " " + std::to_string(q->modSeq));
                if (!q->knownUids.empty()) b.raw(" " + q->knownUids);
                b.raw("))");
            }
            break;
        case CommandKind::Create: b.arg("CREATE").raw(" ").mailbox(command.mailbox); break;
        case CommandKind::Delete: b.arg("DELETE").raw(" ").mailbox(command.mailbox); break;
        case CommandKind::Rename: b.arg("RENAME").raw(" ").mailbox(command.mailbox).raw(" ").mailbox(command.newName); break;
        case CommandKind::Subscribe: b.arg("SUBSCRIBE").raw(" ").mailbox(command.mailbox); break;
        case CommandKind::Unsubscribe: b.arg("UNSUBSCRIBE").raw(" ").mailbox(command.mailbox); break;
        case CommandKind::List:
        case CommandKind::Lsub:
            b.arg(command.kind == CommandKind::List ? "LIST" : "LSUB")
                .raw(" ")
                .mailbox(command.reference)
                .raw(" ")
                .mailbox(command.pattern);
            break;
        case CommandKind::Status: b.arg("STATUS").raw(" ").mailbox(command.mailbox).raw(" ").flagList(command.items); break;
        case CommandKind::Append:
            b.arg("APPEND").raw(" ").mailbox(command.mailbox);
            if (!command.flags.empty()) b.raw(" ").flagList(command.flags);
            if (command.date) b.arg("\"" + core::formatImapDateTime(*command.date, command.dateZoneMinutes) + "\"");
            b.raw(" ").literal(command.message);
            break;
        case CommandKind::Check: b.arg("CHECK"); break;
        case CommandKind::Close: b.arg("CLOSE"); break;
        case CommandKind::Unselect: b.arg("UNSELECT"); break;
        case CommandKind::Expunge:
        case CommandKind::UidExpunge:
            b.arg("EXPUNGE");
            if (uid) b.arg(command.set);
            break;
        case CommandKind::Search:
        case CommandKind::UidSearch:
            b.arg("SEARCH");
            searchCriteria(b, command.criteria);
            break;
        case CommandKind::Fetch:
        case CommandKind::UidFetch:
            b.arg("FETCH").arg(command.set).arg(command.fetchItems);
            // fetch-modifier "CHANGEDSINCE" SP mod-sequence-value (RFC 7162 3.1.4.1)
            if (command.changedSince) b.raw(" (CHANGEDSINCE " + std::to_string(*command.changedSince) + ")");
            break;
        case CommandKind::Store:
        case CommandKind::UidStore:
            b.arg("STORE").arg(command.set).arg(storeItem(command.storeMode));
            if (command.silent) b.raw(".SILENT");
            b.raw(" ").flagList(command.flags);
            break;
        case CommandKind::Copy:
        case CommandKind::UidCopy: b.arg("COPY").arg(command.set).raw(" ").mailbox(command.mailbox); break;
        case CommandKind::Move:
        case CommandKind::UidMove: b.arg("MOVE").arg(command.set).raw(" ").mailbox(command.mailbox); break;
        case CommandKind::Idle: b.arg("IDLE"); break;
        case CommandKind::Done: break;  // not built: see send()
        case CommandKind::Namespace: b.arg("NAMESPACE"); break;
        case CommandKind::Id:
            b.arg("ID");
            if (!command.idParams) {
                b.arg("NIL");
                break;
            }
            b.raw(" (");
            for (std::size_t i = 0; i < command.idParams->size(); ++i) {
                const auto& [field, value] = (*command.idParams)[i];
                b.raw(i ? " " : "").string(field).raw(" ").string(value);
            }
            b.raw(")");
            break;
        case CommandKind::Enable:
            b.arg("ENABLE");
            for (const std::string& name : command.items) b.arg(name);
            break;
    }
    return std::move(b).finish();
}

std::string ClientEngine::send(const Command& command) {
    if (command.kind == CommandKind::Done) {
        // DONE belongs to the IDLE in progress: it goes once the IDLE's "+" has come.
        const auto gate = std::find_if(m_held.begin(), m_held.end(), [](const Chunk& c) { return c.gate == Gate::Done; });
        if (gate == m_held.end()) return {};
        gate->gate = Gate::None;
        m_idling = false;
        return flush();
    }
    const std::string tag = "a" + std::to_string(m_nextTag++);
    m_lastTag = tag;
    const std::vector<std::string> pieces = build(command, tag);
    for (std::size_t i = 0; i < pieces.size(); ++i)
        m_held.push_back(Chunk{tag, pieces[i], i == 0 ? Gate::None : Gate::Continuation});
    // RFC 3501 6.2.1: after STARTTLS, no command until the tagged response (and the TLS
    // handshake the host then performs before writing the released bytes).
    if (command.kind == CommandKind::StartTls) m_held.push_back(Chunk{tag, {}, Gate::Completion});
    if (command.kind == CommandKind::Idle) {
        // RFC 2177: after the server's "+", the client waits; DONE ends the IDLE.
        m_held.push_back(Chunk{tag, {}, Gate::Continuation});
        m_held.push_back(Chunk{tag, "DONE\r\n", Gate::Done});
        m_idleTag = tag;
    }
    InFlight flight{tag, command.kind, {}};
    if (command.kind == CommandKind::Select || command.kind == CommandKind::Examine) flight.mailbox = command.mailbox;
    m_inFlight.push_back(std::move(flight));
    return flush();
}

std::string ClientEngine::flush() {
    std::string out;
    while (!m_held.empty() && m_held.front().gate == Gate::None) {
        out += m_held.front().bytes;
        m_held.pop_front();
    }
    return out;
}

void ClientEngine::dropHeld(const std::string& tag) {
    std::erase_if(m_held, [&](const Chunk& c) { return c.tag == tag; });
}

// [SECTION] engine: receiving

std::vector<Event> ClientEngine::receive(std::string_view bytes) {
    std::vector<Event> events;
    m_tokenizer.feed(bytes);
    for (;;) {
        Tokenizer::Result r = m_tokenizer.next();
        if (std::holds_alternative<Tokenizer::NeedMore>(r)) break;
        if (auto* line = std::get_if<Tokenizer::Line>(&r)) {
            handleLine(events, *line);
        } else if (auto* e = std::get_if<Tokenizer::Error>(&r)) {
            error(events, e->text + (e->fatal ? "; the connection can no longer be followed" : ""), e->fatal);
            if (e->fatal) break;
        } else {
            m_tokenizer.discardLine();  // LiteralAnnounced: only in Command mode
        }
    }
    return events;
}

void ClientEngine::handleLine(std::vector<Event>& events, const Tokenizer::Line& line) {
    const std::string_view text = line.text;
    if (text.empty()) return error(events, "empty line from the server");
    if (text[0] == '+' && (text.size() == 1 || text[1] == ' '))
        return handleContinuation(events, text.size() > 2 ? text.substr(2) : std::string_view());

    const std::size_t space = text.find(' ');
    const std::string tag(text.substr(0, space));
    const std::string_view rest = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);

    if (m_state == SessionState::AwaitingGreeting) {
        const auto status = tag == "*" ? parseStatus(rest) : std::nullopt;
        if (!status || status->condition == Condition::No || status->condition == Condition::Bad)
            return error(events, "expected the greeting (* OK, * PREAUTH or * BYE): " + printable(text));
        if (!status->problem.empty()) error(events, status->problem + ": " + printable(text));
        if (status->code.kind == CodeKind::Capability) setCapabilities(status->code.list);
        m_state = status->condition == Condition::Ok        ? SessionState::NotAuthenticated
                  : status->condition == Condition::PreAuth ? SessionState::Authenticated
                                                            : SessionState::Logout;
        emit(events, Greeting{status->condition, status->code, status->text});
        return;
    }
    if (tag == "*") {
        if (conditionFromWord(rest.substr(0, rest.find(' ')))) return handleStatus(events, rest);
        return handleData(events, line);
    }
    const auto status = parseStatus(rest);
    if (!status || status->condition == Condition::PreAuth || status->condition == Condition::Bye)
        return error(events, "malformed tagged response: " + printable(text));
    if (!status->problem.empty()) error(events, status->problem + ": " + printable(text));
    handleTagged(events, Tagged{tag, CommandKind::Noop, status->condition, status->code, status->text});
}

void ClientEngine::handleContinuation(std::vector<Event>& events, std::string_view text) {
    emit(events, Continuation{std::string(text)});
    if (m_held.empty() || m_held.front().gate != Gate::Continuation)
        return error(events, "continuation request while no command waits for one");
    const Chunk chunk = std::move(m_held.front());
    m_held.pop_front();
    std::string bytes = chunk.bytes;
    if (m_idleTag && chunk.tag == *m_idleTag)
        m_idling = !m_held.empty() && m_held.front().tag == chunk.tag && m_held.front().gate == Gate::Done;
    bytes += flush();
    if (!bytes.empty()) emit(events, BytesReleased{std::move(bytes)});
}

void ClientEngine::handleStatus(std::vector<Event>& events, std::string_view rest) {
    const auto status = parseStatus(rest);
    if (!status->problem.empty()) error(events, status->problem + ": * " + printable(rest));
    if (status->condition == Condition::PreAuth) return error(events, "PREAUTH after the greeting");
    if (status->code.kind == CodeKind::Capability) setCapabilities(status->code.list);
    if (status->condition == Condition::Ok && status->code.kind != CodeKind::None) applyCode(status->code, currentMailbox());
    if (status->condition == Condition::Bye) m_state = SessionState::Logout;
    emit(events, UntaggedStatus{status->condition, status->code, status->text});
}

void ClientEngine::handleTagged(std::vector<Event>& events, Tagged tagged) {
    const auto flight = std::find_if(m_inFlight.begin(), m_inFlight.end(),
                                     [&](const InFlight& f) { return f.tag == tagged.tag; });
    if (flight == m_inFlight.end())
        return error(events, "tagged response for no command in progress: " + tagged.tag);
    const InFlight done = *flight;
    m_inFlight.erase(flight);
    tagged.command = done.kind;
    const bool ok = tagged.condition == Condition::Ok;

    if (tagged.code.kind == CodeKind::Capability) setCapabilities(tagged.code.list);
    switch (done.kind) {
        case CommandKind::Login:
        case CommandKind::Authenticate:
            if (ok) m_state = SessionState::Authenticated;
            break;
        case CommandKind::Select:
        case CommandKind::Examine:
            if (ok) {
                if (!m_selecting) m_selecting = opening(done.mailbox, done.kind);
                m_selected = std::move(m_selecting);
                applyCode(tagged.code, &*m_selected);
                m_state = SessionState::Selected;
            } else if (tagged.condition == Condition::No) {
                // RFC 3501 6.3.1: a failed SELECT leaves no mailbox selected.
                m_selected.reset();
                if (m_state == SessionState::Selected) m_state = SessionState::Authenticated;
            }
            m_selecting.reset();
            break;
        case CommandKind::Close:
        case CommandKind::Unselect:
            if (ok) {
                m_selected.reset();
                m_state = SessionState::Authenticated;
            }
            break;
        case CommandKind::Logout:
            if (ok) m_state = SessionState::Logout;
            break;
        case CommandKind::StartTls:
            if (ok) {
                // RFC 3501 6.2.1: capabilities learned before TLS are forgotten, and nothing
                // that followed the OK in the clear is read (the TLS layer starts afresh).
                m_capabilities.clear();
                m_tokenizer.reset();
            }
            break;
        case CommandKind::Idle:
            m_idleTag.reset();
            m_idling = false;
            break;
        default: break;
    }
    emit(events, std::move(tagged));
    // A command refused before all of it was sent: the rest must not be (RFC 3501 7.5).
    dropHeld(done.tag);
    if (std::string bytes = flush(); !bytes.empty()) emit(events, BytesReleased{std::move(bytes)});
}

SelectedMailbox* ClientEngine::currentMailbox() {
    if (!m_inFlight.empty() &&
        (m_inFlight.front().kind == CommandKind::Select || m_inFlight.front().kind == CommandKind::Examine)) {
        if (!m_selecting)
            m_selecting = opening(m_inFlight.front().mailbox, m_inFlight.front().kind);
        return &*m_selecting;
    }
    return m_selected ? &*m_selected : nullptr;
}

void ClientEngine::applyCode(const ResponseCode& code, SelectedMailbox* mailbox) {
    if (!mailbox) return;
    switch (code.kind) {
        case CodeKind::UidValidity: mailbox->uidValidity = code.number; break;
        case CodeKind::UidNext: mailbox->uidNext = code.number; break;
        case CodeKind::Unseen: mailbox->firstUnseen = code.number; break;
        case CodeKind::PermanentFlags: mailbox->permanentFlags = code.list; break;
        case CodeKind::ReadOnly: mailbox->readOnly = true; break;
        case CodeKind::ReadWrite: mailbox->readOnly = false; break;
        case CodeKind::HighestModSeq:
            mailbox->highestModSeq = code.modSeq;
            mailbox->noModSeq = false;
            break;
        case CodeKind::NoModSeq:
            mailbox->highestModSeq.reset();
            mailbox->noModSeq = true;
            break;
        default: break;
    }
}

// [SECTION] engine: untagged data (RFC 3501 7.2 - 7.4)

namespace {

/// Reads ENVELOPE and BODY / BODYSTRUCTURE values into their fields (RFC 3501 9 "envelope",
/// "body"). Strings may be quoted or literals anywhere; the first problem found is kept.
class StructureReader {
public:
    std::string problem;

    std::optional<Envelope> envelope(const Value& v) {
        if (v.kind != Value::Kind::List || v.children.size() != 10) {
            fail("ENVELOPE is not a list of 10 fields");
            return std::nullopt;
        }
        const auto& c = v.children;
        Envelope e;
        if (!nstring(c[0], e.date, "ENVELOPE date") || !nstring(c[1], e.subject, "ENVELOPE subject") ||
            !addresses(c[2], e.from) || !addresses(c[3], e.sender) || !addresses(c[4], e.replyTo) ||
            !addresses(c[5], e.to) || !addresses(c[6], e.cc) || !addresses(c[7], e.bcc) ||
            !nstring(c[8], e.inReplyTo, "ENVELOPE in-reply-to") || !nstring(c[9], e.messageId, "ENVELOPE message-id"))
            return std::nullopt;
        return e;
    }

    std::optional<BodyStructure> body(const Value& v) {
        BodyStructure out;
        if (!readBody(v, out)) return std::nullopt;
        return out;
    }

private:
    bool fail(std::string text) {
        if (problem.empty()) problem = std::move(text);
        return false;
    }
    bool string(const Value& v, std::string& out, std::string_view what) {
        if (!v.isString()) return fail(std::string(what) + " is not a string");
        out = v.text;
        return true;
    }
    bool nstring(const Value& v, std::optional<std::string>& out, std::string_view what) {
        if (v.kind == Value::Kind::Nil) {
            out.reset();
            return true;
        }
        if (!v.isString()) return fail(std::string(what) + " is not a string or NIL");
        out = v.text;
        return true;
    }
    bool number(const Value& v, std::uint64_t& out, std::string_view what) {
        if (v.kind != Value::Kind::Number) return fail(std::string(what) + " is not a number");
        out = v.number;
        return true;
    }
    /// "(" 1*address ")" / nil; address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
    bool addresses(const Value& v, std::vector<Address>& out) {
        if (v.kind == Value::Kind::Nil) return true;
        if (v.kind != Value::Kind::List || v.children.empty()) return fail("ENVELOPE address list is not a list of addresses");
        for (const Value& a : v.children) {
            if (a.kind != Value::Kind::List || a.children.size() != 4) return fail("ENVELOPE address has not 4 fields");
            Address address;
            if (!nstring(a.children[0], address.name, "address name") || !nstring(a.children[1], address.adl, "address adl") ||
                !nstring(a.children[2], address.mailbox, "address mailbox") ||
                !nstring(a.children[3], address.host, "address host"))
                return false;
            out.push_back(std::move(address));
        }
        return true;
    }
    /// body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    bool params(const Value& v, std::vector<std::pair<std::string, std::string>>& out) {
        if (v.kind == Value::Kind::Nil) return true;
        if (v.kind != Value::Kind::List || v.children.empty() || v.children.size() % 2 != 0)
            return fail("body parameters are not a list of name and value pairs");
        for (std::size_t i = 0; i < v.children.size(); i += 2) {
            std::pair<std::string, std::string> p;
            if (!string(v.children[i], p.first, "body parameter name") ||
                !string(v.children[i + 1], p.second, "body parameter value"))
                return false;
            out.push_back(std::move(p));
        }
        return true;
    }
    /// body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]], from c[i].
    bool extension(const std::vector<Value>& c, std::size_t i, BodyStructure& out) {
        if (i < c.size()) {
            const Value& d = c[i++];
            if (d.kind == Value::Kind::List) {
                if (d.children.size() != 2) return fail("body disposition is not a type and parameters");
                BodyDisposition disposition;
                if (!string(d.children[0], disposition.type, "body disposition") || !params(d.children[1], disposition.params))
                    return false;
                out.disposition = std::move(disposition);
            } else if (d.kind != Value::Kind::Nil) {
                return fail("body disposition is not a list or NIL");
            }
        }
        if (i < c.size()) {
            const Value& l = c[i++];
            if (l.isString()) {
                out.languages.push_back(l.text);
            } else if (l.kind == Value::Kind::List && !l.children.empty()) {
                for (const Value& language : l.children) {
                    out.languages.emplace_back();
                    if (!string(language, out.languages.back(), "body language")) return false;
                }
            } else if (l.kind != Value::Kind::Nil) {
                return fail("body language is not a string, a list or NIL");
            }
        }
        if (i < c.size() && !nstring(c[i++], out.location, "body location")) return false;
        return true;  // later body-extension values are for future extensions: skipped
    }
    bool readBody(const Value& v, BodyStructure& out) {
        if (v.kind != Value::Kind::List || v.children.empty()) return fail("body is not a list");
        const auto& c = v.children;
        std::size_t i = 0;
        if (c[0].kind == Value::Kind::List) {  // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
            out.type = "MULTIPART";
            for (; i < c.size() && c[i].kind == Value::Kind::List; ++i) {
                out.parts.emplace_back();
                if (!readBody(c[i], out.parts.back())) return false;
            }
            if (i >= c.size()) return fail("multipart body without a subtype");
            if (!string(c[i++], out.subtype, "multipart subtype")) return false;
            if (i < c.size()) {
                out.extended = true;
                if (!params(c[i++], out.params)) return false;
            }
            return extension(c, i, out);
        }
        // body-type-1part = (body-type-basic / body-type-msg / body-type-text) [SP body-ext-1part]
        if (c.size() < 7) return fail("body part has fewer than 7 fields");
        if (!string(c[0], out.type, "body type") || !string(c[1], out.subtype, "body subtype") || !params(c[2], out.params) ||
            !nstring(c[3], out.id, "body id") || !nstring(c[4], out.description, "body description") ||
            !string(c[5], out.encoding, "body encoding") || !number(c[6], out.size, "body size"))
            return false;
        i = 7;
        if (core::equalsIgnoreCase(out.type, "MESSAGE") && core::equalsIgnoreCase(out.subtype, "RFC822")) {
            if (c.size() < 10) return fail("MESSAGE/RFC822 body without envelope, body and lines");
            out.envelope = envelope(c[7]);
            if (!out.envelope) return false;
            out.parts.emplace_back();
            if (!readBody(c[8], out.parts.back())) return false;
            out.lines.emplace();
            if (!number(c[9], *out.lines, "body lines")) return false;
            i = 10;
        } else if (core::equalsIgnoreCase(out.type, "TEXT")) {
            if (c.size() < 8) return fail("TEXT body without lines");
            out.lines.emplace();
            if (!number(c[7], *out.lines, "body lines")) return false;
            i = 8;
        }
        if (i < c.size()) {
            out.extended = true;
            if (!nstring(c[i++], out.md5, "body MD5")) return false;
        }
        return extension(c, i, out);
    }
};

std::optional<FetchData> parseFetch(std::uint32_t seq, const Value& list, std::string& problem) {
    if (list.kind != Value::Kind::List) {
        problem = "FETCH without a parenthesized list";
        return std::nullopt;
    }
    FetchData data;
    data.seq = seq;
    const auto& items = list.children;
    if (items.size() % 2 != 0) {
        problem = "FETCH item without a value";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < items.size(); i += 2) {
        const Value& name = items[i];
        const Value& value = items[i + 1];
        const bool bytes = value.isString() || value.kind == Value::Kind::Nil;
        if (name.kind == Value::Kind::Section) {
            if (!bytes) {
                problem = wireText(name) + " is not a string";
                return std::nullopt;
            }
            data.sections[wireText(name)] = value.kind == Value::Kind::Nil ? std::string() : value.text;
            continue;
        }
        if (name.kind != Value::Kind::Atom) {
            problem = "FETCH item name expected, got " + wireText(name);
            return std::nullopt;
        }
        const std::string item = upper(name.text);
        if (item == "UID") {
            data.uid = numberValue(value);
            if (!data.uid) problem = "UID is not a valid number";
        } else if (item == "FLAGS") {
            data.flags = atomList(value);
            if (!data.flags) problem = "FLAGS is not a list of flags";
        } else if (item == "INTERNALDATE") {
            if (value.kind == Value::Kind::Quoted) data.internalDate = value.text;
            else problem = "INTERNALDATE is not a quoted date";
        } else if (item == "RFC822.SIZE") {
            data.size = value.kind == Value::Kind::Number ? std::optional<std::uint64_t>(value.number) : std::nullopt;
            if (!data.size) problem = "RFC822.SIZE is not a number";
        } else if (item == "MODSEQ") {
            // "MODSEQ" SP "(" permsg-modsequence ")" (RFC 7162 3.1.4.1); permsg-modsequence is
            // a mod-sequence-value of at least 1.
            const bool one = value.kind == Value::Kind::List && value.children.size() == 1 &&
                             value.children[0].kind == Value::Kind::Number && value.children[0].number >= 1 &&
                             value.children[0].number <= 0x7FFFFFFFFFFFFFFFull;
            if (one) data.modSeq = value.children[0].number;
            else problem = "MODSEQ is not a mod-sequence in parentheses";
            data.others[item] = wireText(value);
        } else if (item == "ENVELOPE") {
            StructureReader reader;
            data.envelopeFields = reader.envelope(value);
            if (data.envelopeFields) data.envelope = wireText(value);
            else problem = reader.problem;
        } else if (item == "BODY" || item == "BODYSTRUCTURE") {
            StructureReader reader;
            auto body = reader.body(value);
            if (!body) problem = item + ": " + reader.problem;
            else (item == "BODY" ? data.body : data.bodyStructure) = std::move(body);
            data.others[item] = wireText(value);
        } else if (item == "RFC822" || item == "RFC822.HEADER" || item == "RFC822.TEXT") {
            if (bytes) data.sections[item] = value.kind == Value::Kind::Nil ? std::string() : value.text;
            else problem = item + " is not a string";
        } else {
            data.others[item] = wireText(value);
        }
        if (!problem.empty()) return std::nullopt;
    }
    return data;
}

}  // namespace

void ClientEngine::handleData(std::vector<Event>& events, const Tokenizer::Line& line) {
    const auto& v = line.values;
    const auto fail = [&](std::string_view why) { error(events, std::string(why) + ": " + printable(line.text)); };
    if (line.syntaxError) return fail("unreadable response (" + *line.syntaxError + ")");
    if (v.size() < 2) return fail("empty untagged response");

    // "* n EXISTS", "* n RECENT", "* n EXPUNGE", "* n FETCH (...)"
    if (v[1].kind == Value::Kind::Number) {
        if (v.size() < 3 || v[2].kind != Value::Kind::Atom) return fail("malformed message data");
        const std::string what = upper(v[2].text);
        const bool nonZero = what == "EXPUNGE" || what == "FETCH";
        const auto n = numberValue(v[1], !nonZero);
        if (!n) return fail("invalid number in " + what);
        if ((what == "FETCH" && v.size() != 4) || (what != "FETCH" && v.size() != 3)) return fail("malformed " + what);
        SelectedMailbox* mailbox = currentMailbox();
        if (what == "EXISTS") {
            if (mailbox) mailbox->exists = *n;
            return emit(events, Exists{*n});
        }
        if (what == "RECENT") {
            if (mailbox) mailbox->recent = *n;
            return emit(events, Recent{*n});
        }
        if (what == "EXPUNGE") {
            if (mailbox && mailbox->exists > 0) --mailbox->exists;
            return emit(events, Expunge{*n});
        }
        if (what == "FETCH") {
            std::string problem;
            auto data = parseFetch(*n, v[3], problem);
            if (!data) return fail(problem);
            return emit(events, std::move(*data));
        }
        return fail("unknown message data " + what);
    }
    if (v[1].kind != Value::Kind::Atom) return fail("malformed untagged response");
    const std::string what = upper(v[1].text);

    if (what == "CAPABILITY") {
        Capabilities caps;
        for (std::size_t i = 2; i < v.size(); ++i) {
            if (!v[i].isAtomLike()) return fail("malformed CAPABILITY");
            caps.names.push_back(v[i].text);
        }
        setCapabilities(caps.names);
        return emit(events, std::move(caps));
    }
    if (what == "FLAGS") {
        auto flags = v.size() == 3 ? atomList(v[2]) : std::nullopt;
        if (!flags) return fail("malformed FLAGS");
        if (SelectedMailbox* mailbox = currentMailbox()) mailbox->flags = *flags;
        return emit(events, Flags{std::move(*flags)});
    }
    if (what == "LIST" || what == "LSUB") {
        // mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP extended-data]
        if (v.size() < 5 || !isAstring(v[4])) return fail("malformed " + what);
        auto attributes = atomList(v[2]);
        const bool delimiterOk = v[3].kind == Value::Kind::Nil || (v[3].kind == Value::Kind::Quoted && v[3].text.size() == 1);
        if (!attributes || !delimiterOk) return fail("malformed " + what);
        const auto name = decodeName(v[4].text);
        if (!name) return fail("mailbox name is not valid modified UTF-7");
        ListEntry entry;
        entry.lsub = what == "LSUB";
        entry.attributes = std::move(*attributes);
        if (v[3].kind == Value::Kind::Quoted) entry.delimiter = v[3].text[0];
        entry.mailbox = *name;
        entry.wireName = v[4].text;
        return emit(events, std::move(entry));
    }
    if (what == "STATUS") {
        if (v.size() != 4 || !isAstring(v[2]) || v[3].kind != Value::Kind::List || v[3].children.size() % 2 != 0)
            return fail("malformed STATUS");
        const auto name = decodeName(v[2].text);
        if (!name) return fail("mailbox name is not valid modified UTF-7");
        MailboxStatus status;
        status.mailbox = *name;
        const auto& items = v[3].children;
        for (std::size_t i = 0; i < items.size(); i += 2) {
            if (items[i].kind != Value::Kind::Atom || items[i + 1].kind != Value::Kind::Number)
                return fail("malformed STATUS item");
            status.items.emplace_back(upper(items[i].text), items[i + 1].number);
        }
        return emit(events, std::move(status));
    }
    if (what == "SEARCH") {
        SearchResult result;
        for (std::size_t i = 2; i < v.size(); ++i) {
            // RFC 7162 adds "(MODSEQ n)" at the end; nothing else may follow the numbers.
            if (i + 1 == v.size() && v[i].kind == Value::Kind::List) break;
            const auto n = numberValue(v[i]);
            if (!n) return fail("invalid number in SEARCH");
            result.numbers.push_back(*n);
        }
        return emit(events, std::move(result));
    }
    if (what == "NAMESPACE") {
        if (v.size() != 5) return fail("malformed NAMESPACE");
        return emit(events, NamespaceData{wireText(v, 2)});
    }
    if (what == "ID") {
        if (v.size() != 3 || (v[2].kind != Value::Kind::Nil && v[2].kind != Value::Kind::List)) return fail("malformed ID");
        return emit(events, IdData{wireText(v[2])});
    }
    if (what == "ENABLED") {
        Enabled enabled;
        for (std::size_t i = 2; i < v.size(); ++i) {
            if (v[i].kind != Value::Kind::Atom) return fail("malformed ENABLED");
            enabled.names.push_back(v[i].text);
            m_enabled.insert(upper(v[i].text));
        }
        return emit(events, std::move(enabled));
    }
    if (what == "VANISHED") {
        // "VANISHED" [SP "(EARLIER)"] SP known-uids (RFC 7162 7); known-uids is a uid-set.
        Vanished vanished;
        std::size_t i = 2;
        if (i < v.size() && v[i].kind == Value::Kind::List) {
            if (v[i].children.size() != 1 || v[i].children[0].kind != Value::Kind::Atom ||
                upper(v[i].children[0].text) != "EARLIER")
                return fail("malformed VANISHED");
            vanished.earlier = true;
            ++i;
        }
        if (i + 1 != v.size()) return fail("malformed VANISHED");
        const auto uids = v[i].kind == Value::Kind::Atom || v[i].kind == Value::Kind::Number ? parseUidSet(v[i].text)
                                                                                         : std::nullopt;
        if (!uids) return fail("VANISHED without a valid UID set");
        vanished.uids = *uids;
        // RFC 7162 3.2.10: a VANISHED without EARLIER stands for EXPUNGEs of messages that
        // were there, so EXISTS goes down by as many.
        if (!vanished.earlier)
            if (SelectedMailbox* mailbox = currentMailbox()) {
                std::uint64_t gone = 0;
                for (const NumberRange& r : uids->ranges()) gone += (r.first > r.last ? r.first - r.last : r.last - r.first) + 1u;
                mailbox->exists = gone >= mailbox->exists ? 0 : mailbox->exists - static_cast<std::uint32_t>(gone);
            }
        return emit(events, std::move(vanished));
    }
    fail("unknown untagged response " + what);
}

}  // namespace mailscope::imap
