// The IMAP server's command parser (RFC 3501 9, RFC 7888): tokenized lines become typed
// commands through the argument parser that the command table names for each.
#include "protocols/imap/parser.h"

#include <algorithm>
#include <array>
#include <ostream>

#include "protocols/core/catalogue.h"
#include "protocols/imap/command_table.h"

namespace mailscope::imap {

namespace {

std::string upperCase(std::string_view s);

}  // namespace

namespace args {

// [SECTION] Argument reader

std::string upper(std::string_view s) { return upperCase(s); }

bool isListChar(char c) { return c == '%' || c == '*' || isAstringChar(c); }

std::optional<std::string> asAstring(Value& v) {
    if (v.isString()) return std::move(v.text);
    if (v.isAtomLike() && std::all_of(v.text.begin(), v.text.end(), isAstringChar)) return v.text;
    return std::nullopt;
}

std::optional<std::string> Reader::astring(std::string_view what) {
    Value* v = take(what);
    if (!v) return std::nullopt;
    if (auto s = asAstring(*v)) return s;
    return fail("Invalid " + std::string(what));
}

std::optional<std::string> Reader::mailbox(std::string_view what) {
    auto name = astring(what);
    if (name && core::equalsIgnoreCase(*name, "INBOX")) *name = "INBOX";  // RFC 3501 9: any case is INBOX
    return name;
}

std::optional<std::string> Reader::listMailbox(std::string_view what) {
    Value* v = take(what);
    if (!v) return std::nullopt;
    if (v->isString()) return std::move(v->text);
    if (v->isAtomLike() && std::all_of(v->text.begin(), v->text.end(), isListChar)) return v->text;
    return fail("Invalid " + std::string(what));
}

std::optional<std::string> Reader::atom(std::string_view what) {
    Value* v = take(what);
    if (!v) return std::nullopt;
    if (v->isAtomLike() && isAtom(v->text)) return v->text;
    return fail("Invalid " + std::string(what));
}

std::optional<std::uint32_t> Reader::number(std::string_view what) {
    Value* v = take(what);
    if (!v) return std::nullopt;
    if (v->kind == Value::Kind::Number && v->number <= UINT32_MAX) return static_cast<std::uint32_t>(v->number);
    return fail("Invalid " + std::string(what));
}

std::optional<SequenceSet> Reader::sequenceSet() {
    Value* v = take("sequence set");
    if (!v) return std::nullopt;
    if (v->isAtomLike())
        if (auto set = SequenceSet::parse(v->text)) return set;
    return fail("Invalid sequence set");
}

/// flag = "\" atom / atom (system flags and flag-extension, or a keyword).
std::optional<std::string> Reader::flag(Value& v) {
    if (v.isAtomLike()) {
        const std::string_view name = v.text;
        if (isAtom(name.substr(name.starts_with('\\') ? 1 : 0))) return v.text;
    }
    return fail("Invalid flag");
}

std::optional<std::vector<std::string>> Reader::flagList(Value& list) {
    std::vector<std::string> flags;
    for (Value& item : list.children) {
        auto f = flag(item);
        if (!f) return std::nullopt;
        flags.push_back(std::move(*f));
    }
    return flags;
}

std::optional<std::vector<std::string>> Reader::atomList(Value& list, std::string_view what) {
    std::vector<std::string> out;
    for (Value& item : list.children) {
        if (!item.isAtomLike() || !isAtom(item.text)) return fail("Invalid " + std::string(what));
        out.push_back(upper(item.text));
    }
    return out;
}

// [SECTION] Any state and not authenticated

std::optional<CommandArgs> parseId(Reader& r) {
    Value* v = r.take("ID parameters");
    if (!v) return std::nullopt;
    Id id;
    if (v->kind == Value::Kind::List) {
        if (v->children.size() % 2 != 0) return r.fail("ID parameters must be field/value pairs");
        id.params.emplace();
        for (std::size_t i = 0; i < v->children.size(); i += 2) {
            Value& field = v->children[i];
            Value& value = v->children[i + 1];
            if (!field.isString()) return r.fail("ID field name must be a string");
            std::optional<std::string> text;
            if (value.isString()) text = std::move(value.text);
            else if (value.kind != Value::Kind::Nil) return r.fail("ID value must be a string or NIL");
            id.params->emplace_back(std::move(field.text), std::move(text));
        }
    } else if (v->kind != Value::Kind::Nil) {
        return r.fail("ID parameters must be a list or NIL");
    }
    if (!r.finish()) return std::nullopt;
    return id;
}

bool isBase64(std::string_view s) {
    if (s.empty() || s.size() % 4 != 0) return false;
    const std::size_t data = s.find_last_not_of('=') + 1;
    if (s.size() - data > 2) return false;
    return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(data), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    });
}

std::optional<CommandArgs> parseAuthenticate(Reader& r) {
    auto mechanism = r.atom("authentication mechanism");
    if (!mechanism) return std::nullopt;
    Authenticate a{upper(*mechanism), std::nullopt};
    if (Value* v = r.peek()) {  // RFC 4959: initial response, base64 or "=" for empty
        if (!v->isAtomLike() || (v->text != "=" && !isBase64(v->text))) return r.fail("Invalid initial response");
        a.initialResponse = v->text;
        r.take("initial response");
    }
    if (!r.finish()) return std::nullopt;
    return a;
}

std::optional<CommandArgs> parseLogin(Reader& r) {
    auto user = r.astring("user name");
    auto password = user ? r.astring("password") : std::nullopt;
    if (!password || !r.finish()) return std::nullopt;
    return Login{std::move(*user), std::move(*password)};
}

// [SECTION] Authenticated

template <bool kReadOnly>
std::optional<CommandArgs> parseSelect(Reader& r) {
    auto mailbox = r.mailbox();
    if (!mailbox) return std::nullopt;
    Select s{std::move(*mailbox), kReadOnly, {}};
    if (Value* v = r.peek(); v && v->kind == Value::Kind::List) {  // RFC 4466 select-params
        s.parameters = std::move(v->children);
        r.take("parameters");
    }
    if (!r.finish()) return std::nullopt;
    return s;
}

/// CREATE, DELETE, SUBSCRIBE, UNSUBSCRIBE: one mailbox name.
template <typename T>
std::optional<CommandArgs> parseMailboxOnly(Reader& r) {
    auto mailbox = r.mailbox();
    if (!mailbox || !r.finish()) return std::nullopt;
    return T{std::move(*mailbox)};
}

std::optional<CommandArgs> parseRename(Reader& r) {
    auto from = r.mailbox("existing mailbox name");
    auto to = from ? r.mailbox("new mailbox name") : std::nullopt;
    if (!to || !r.finish()) return std::nullopt;
    return Rename{std::move(*from), std::move(*to)};
}

/// One STATUS data item name (RFC 3501 6.3.10, RFC 7162 3.1.9).
std::optional<StatusItem> statusItem(const Value& item) {
    static constexpr std::array<std::pair<std::string_view, StatusItem>, 6> kItems{{
        {"HIGHESTMODSEQ", StatusItem::HighestModseq},
        {"MESSAGES", StatusItem::Messages},
        {"RECENT", StatusItem::Recent},
        {"UIDNEXT", StatusItem::UidNext},
        {"UIDVALIDITY", StatusItem::UidValidity},
        {"UNSEEN", StatusItem::Unseen},
    }};
    const auto* found = std::find_if(kItems.begin(), kItems.end(), [&](const auto& k) {
        return item.kind == Value::Kind::Atom && core::equalsIgnoreCase(item.text, k.first);
    });
    if (found == kItems.end()) return std::nullopt;
    return found->second;
}

std::optional<CommandArgs> parseList(Reader& r) {
    List list;
    if (Value* v = r.peek(); v && v->kind == Value::Kind::List) {  // RFC 5258 selection options
        auto options = r.atomList(*v, "LIST selection option");
        if (!options) return std::nullopt;
        list.selectOptions = std::move(*options);
        r.take("selection options");
    }
    auto reference = r.astring("reference name");
    if (!reference) return std::nullopt;
    list.reference = std::move(*reference);
    if (Value* v = r.peek(); v && v->kind == Value::Kind::List) {  // RFC 5258 3: (pattern ...)
        r.take("mailbox patterns");
        if (v->children.empty()) return r.fail("Empty list of mailbox patterns");
        Reader patterns(v->children, 0, r.errorText());
        for (bool first = true; !patterns.atEnd(); first = false) {
            auto pattern = patterns.listMailbox("mailbox pattern");
            if (!pattern) return std::nullopt;
            if (first) list.pattern = std::move(*pattern);
            else list.morePatterns.push_back(std::move(*pattern));
        }
    } else {
        auto pattern = r.listMailbox("mailbox pattern");
        if (!pattern) return std::nullopt;
        list.pattern = std::move(*pattern);
    }
    if (!r.atEnd()) {  // RFC 5258 RETURN (options)
        auto keyword = r.atom("RETURN");
        if (!keyword) return std::nullopt;
        if (upper(*keyword) != "RETURN") return r.fail("Expected RETURN");
        Value* v = r.take("return options");
        if (!v) return std::nullopt;
        if (v->kind != Value::Kind::List) return r.fail("Invalid return options");
        for (std::size_t i = 0; i < v->children.size(); ++i) {
            const Value& option = v->children[i];
            if (!option.isAtomLike() || !isAtom(option.text)) return r.fail("Invalid LIST return option");
            list.returnOptions.push_back(upper(option.text));
            if (list.returnOptions.back() != "STATUS") continue;
            // RFC 5819: STATUS (status items)
            if (i + 1 >= v->children.size() || v->children[i + 1].kind != Value::Kind::List ||
                v->children[i + 1].children.empty())
                return r.fail("Invalid STATUS return option");
            for (const Value& item : v->children[++i].children) {
                auto parsed = statusItem(item);
                if (!parsed) return r.fail("Unknown status item");
                list.statusItems.push_back(*parsed);
            }
        }
    }
    if (!r.finish()) return std::nullopt;
    return list;
}

std::optional<CommandArgs> parseLsub(Reader& r) {
    auto reference = r.astring("reference name");
    auto pattern = reference ? r.listMailbox("mailbox pattern") : std::nullopt;
    if (!pattern || !r.finish()) return std::nullopt;
    return Lsub{std::move(*reference), std::move(*pattern)};
}

std::optional<CommandArgs> parseStatus(Reader& r) {
    auto mailbox = r.mailbox();
    if (!mailbox) return std::nullopt;
    Value* v = r.take("status items");
    if (!v) return std::nullopt;
    if (v->kind != Value::Kind::List || v->children.empty()) return r.fail("Invalid status items");
    Status status{std::move(*mailbox), {}};
    for (const Value& item : v->children) {
        auto parsed = statusItem(item);
        if (!parsed) return r.fail("Unknown status item");
        status.items.push_back(*parsed);
    }
    if (!r.finish()) return std::nullopt;
    return status;
}

/// A literal that carries message data: a literal8 may hold anything, a plain literal no
/// NUL (RFC 3501 9 CHAR8; RFC 3516 4.4: binary data goes as literal8).
bool literalData(Reader& r, const Value& v, std::string_view what) {
    if (v.kind != Value::Kind::Literal) r.fail(std::string(what) + " must be a literal");
    else if (!v.binary && v.text.find('\0') != std::string::npos)
        r.fail(std::string(what) + " holds NUL: send it as literal8 ~{n} (RFC 3516)");
    else return true;
    return false;
}

/// "(" cat-part *(SP cat-part) ")" with cat-part = "TEXT" SP literal / "URL" SP astring
/// (RFC 4469 5).
std::optional<std::vector<CatenatePart>> catenateParts(Reader& r, Value& list) {
    if (list.kind != Value::Kind::List || list.children.empty()) return r.fail("Invalid CATENATE parts");
    std::vector<CatenatePart> parts;
    Reader items(list.children, 0, r.errorText());
    while (!items.atEnd()) {
        auto kind = items.atom("TEXT or URL");
        if (!kind) return std::nullopt;
        CatenatePart part;
        part.url = upper(*kind) == "URL";
        if (!part.url && upper(*kind) != "TEXT") return r.fail("Expected TEXT or URL");
        if (part.url) {
            auto url = items.astring("URL");
            if (!url) return std::nullopt;
            part.text = std::move(*url);
        } else {
            Value* text = items.take("TEXT literal");
            if (!text || !literalData(r, *text, "TEXT")) return std::nullopt;
            part.text = std::move(text->text);
            part.binary = text->binary;
        }
        parts.push_back(std::move(part));
    }
    return parts;
}

std::optional<CommandArgs> parseAppend(Reader& r) {
    auto mailbox = r.mailbox();
    if (!mailbox) return std::nullopt;
    Append append;
    append.mailbox = std::move(*mailbox);
    // [(flags)] ["date-time"] literal, once or more (RFC 3502 append-message).
    for (bool first = true; first || !r.atEnd(); first = false) {
        Append one;
        if (Value* v = r.peek(); v && v->kind == Value::Kind::List) {
            auto flags = r.flagList(*v);
            if (!flags) return std::nullopt;
            one.flags = std::move(*flags);
            r.take("flags");
        }
        if (Value* v = r.peek(); v && v->kind == Value::Kind::Quoted) {
            one.internalDate = core::parseImapDateTime(v->text);
            if (!one.internalDate) return r.fail("Invalid date-time");
            r.take("date-time");
        }
        Value* message = r.take("message literal");
        if (!message) return std::nullopt;
        if (message->kind == Value::Kind::Atom && upper(message->text) == "CATENATE") {
            Value* parts = r.take("CATENATE parts");
            if (!parts) return std::nullopt;
            auto catenate = catenateParts(r, *parts);
            if (!catenate) return std::nullopt;
            one.catenate = std::move(*catenate);
        } else {
            if (!literalData(r, *message, "The message")) return std::nullopt;
            one.message = std::move(message->text);
            one.nonSynchronizing = message->nonSynchronizing;
            one.binary = message->binary;
        }
        if (first) {
            append.flags = std::move(one.flags);
            append.internalDate = one.internalDate;
            append.message = std::move(one.message);
            append.nonSynchronizing = one.nonSynchronizing;
            append.binary = one.binary;
            append.catenate = std::move(one.catenate);
        } else {
            append.more.push_back(std::move(one));
        }
    }
    return append;
}

std::optional<CommandArgs> parseEnable(Reader& r) {
    Enable enable;
    do {
        auto name = r.atom("capability name");
        if (!name) return std::nullopt;
        enable.capabilities.push_back(upper(*name));
    } while (!r.atEnd());
    return enable;
}

// [SECTION] Selected: SEARCH

constexpr int kMaxSearchDepth = 32;

/// The SEARCH keys that take no argument.
constexpr std::array<std::pair<std::string_view, SearchKey::Kind>, 14> kPlainKeys{{
    {"ALL", SearchKey::Kind::All},           {"ANSWERED", SearchKey::Kind::Answered},
    {"DELETED", SearchKey::Kind::Deleted},   {"DRAFT", SearchKey::Kind::Draft},
    {"FLAGGED", SearchKey::Kind::Flagged},   {"NEW", SearchKey::Kind::New},
    {"OLD", SearchKey::Kind::Old},           {"RECENT", SearchKey::Kind::Recent},
    {"SEEN", SearchKey::Kind::Seen},         {"UNANSWERED", SearchKey::Kind::Unanswered},
    {"UNDELETED", SearchKey::Kind::Undeleted}, {"UNDRAFT", SearchKey::Kind::Undraft},
    {"UNFLAGGED", SearchKey::Kind::Unflagged}, {"UNSEEN", SearchKey::Kind::Unseen},
}};
/// The SEARCH keys that take one astring.
constexpr std::array<std::pair<std::string_view, SearchKey::Kind>, 7> kStringKeys{{
    {"BCC", SearchKey::Kind::Bcc},   {"BODY", SearchKey::Kind::Body},       {"CC", SearchKey::Kind::Cc},
    {"FROM", SearchKey::Kind::From}, {"SUBJECT", SearchKey::Kind::Subject}, {"TEXT", SearchKey::Kind::Text},
    {"TO", SearchKey::Kind::To},
}};
/// The SEARCH keys that take a date.
constexpr std::array<std::pair<std::string_view, SearchKey::Kind>, 6> kDateKeys{{
    {"BEFORE", SearchKey::Kind::Before},         {"ON", SearchKey::Kind::On},
    {"SINCE", SearchKey::Kind::Since},           {"SENTBEFORE", SearchKey::Kind::SentBefore},
    {"SENTON", SearchKey::Kind::SentOn},         {"SENTSINCE", SearchKey::Kind::SentSince},
}};

template <std::size_t N>
std::optional<SearchKey::Kind> lookUp(const std::array<std::pair<std::string_view, SearchKey::Kind>, N>& table,
                                      std::string_view name) {
    for (const auto& [key, kind] : table)
        if (core::equalsIgnoreCase(name, key)) return kind;
    return std::nullopt;
}

/// date = date-text / DQUOTE date-text DQUOTE, as days since the epoch.
std::optional<std::int64_t> searchDate(Reader& r) {
    Value* v = r.take("date");
    if (!v) return std::nullopt;
    if (v->kind == Value::Kind::Atom || v->kind == Value::Kind::Quoted) {
        if (v->text.empty() || v->text.front() == ' ') return r.fail("Invalid date");
        if (auto c = core::parseImapDate(v->text)) return core::daysFromCivil(c->year, c->month, c->day);
    }
    return r.fail("Invalid date");
}

std::optional<SearchKey> searchKey(Reader& r, int depth) {
    if (depth > kMaxSearchDepth) return r.fail("Search keys nested too deeply");
    Value* v = r.take("search key");
    if (!v) return std::nullopt;
    SearchKey key;
    if (v->kind == Value::Kind::List) {  // "(" search-key *(SP search-key) ")"
        if (v->children.empty()) return r.fail("Empty search key group");
        Reader group(v->children, 0, r.errorText());
        key.kind = SearchKey::Kind::And;
        while (!group.atEnd()) {
            auto child = searchKey(group, depth + 1);
            if (!child) return std::nullopt;
            key.children.push_back(std::move(*child));
        }
        return key;
    }
    if (!v->isAtomLike()) return r.fail("Invalid search key");
    const std::string name = v->text;
    if (auto kind = lookUp(kPlainKeys, name)) {
        key.kind = *kind;
    } else if (core::equalsIgnoreCase(name, "KEYWORD") || core::equalsIgnoreCase(name, "UNKEYWORD")) {
        key.kind = core::equalsIgnoreCase(name, "KEYWORD") ? SearchKey::Kind::Keyword : SearchKey::Kind::Unkeyword;
        auto keyword = r.atom("keyword");
        if (!keyword) return std::nullopt;
        key.text = std::move(*keyword);
    } else if (auto stringKind = lookUp(kStringKeys, name)) {
        key.kind = *stringKind;
        auto text = r.astring("search string");
        if (!text) return std::nullopt;
        key.text = std::move(*text);
    } else if (auto dateKind = lookUp(kDateKeys, name)) {
        key.kind = *dateKind;
        auto day = searchDate(r);
        if (!day) return std::nullopt;
        key.day = *day;
    } else if (core::equalsIgnoreCase(name, "HEADER")) {
        key.kind = SearchKey::Kind::Header;
        auto field = r.astring("header field name");
        auto text = field ? r.astring("search string") : std::nullopt;
        if (!text) return std::nullopt;
        key.field = std::move(*field);
        key.text = std::move(*text);
    } else if (core::equalsIgnoreCase(name, "LARGER") || core::equalsIgnoreCase(name, "SMALLER")) {
        key.kind = core::equalsIgnoreCase(name, "LARGER") ? SearchKey::Kind::Larger : SearchKey::Kind::Smaller;
        auto n = r.number("size");
        if (!n) return std::nullopt;
        key.number = *n;
    } else if (core::equalsIgnoreCase(name, "NOT") || core::equalsIgnoreCase(name, "OR")) {
        const bool isOr = core::equalsIgnoreCase(name, "OR");
        key.kind = isOr ? SearchKey::Kind::Or : SearchKey::Kind::Not;
        for (int i = 0; i < (isOr ? 2 : 1); ++i) {
            auto child = searchKey(r, depth + 1);
            if (!child) return std::nullopt;
            key.children.push_back(std::move(*child));
        }
    } else if (core::equalsIgnoreCase(name, "MODSEQ")) {
        // RFC 7162 3.1.5: MODSEQ [entry-name entry-type-req] mod-sequence-valzer; the entry
        // (a flag's metadata) is read and ignored, as a server with one mod-sequence per message may.
        key.kind = SearchKey::Kind::Modseq;
        Value* first = r.peek();
        if (first && first->isString()) {
            r.take("entry name");
            auto type = r.atom("entry type");
            if (!type) return std::nullopt;
            if (!core::equalsIgnoreCase(*type, "priv") && !core::equalsIgnoreCase(*type, "shared") &&
                !core::equalsIgnoreCase(*type, "all"))
                return r.fail("Invalid entry type");
        }
        Value* n = r.take("mod-sequence");
        if (!n) return std::nullopt;
        if (n->kind != Value::Kind::Number || n->number > static_cast<std::uint64_t>(INT64_MAX))
            return r.fail("Invalid mod-sequence");
        key.modseq = n->number;
    } else if (core::equalsIgnoreCase(name, "UID")) {
        key.kind = SearchKey::Kind::Uid;
        auto set = r.sequenceSet();
        if (!set) return std::nullopt;
        key.set = std::move(*set);
    } else if (auto set = SequenceSet::parse(name)) {
        key.kind = SearchKey::Kind::SequenceSet;
        key.set = std::move(*set);
    } else {
        return r.fail("Unknown search key " + name);
    }
    return key;
}

/// [RETURN (options)] (RFC 4731 3.1 search-return-opts, RFC 5267 3 for SORT, RFC 5267 4
/// CONTEXT, UPDATE and PARTIAL): the SearchReturn bits ("RETURN ()" means ALL) and the
/// PARTIAL range; nullopt without RETURN. `failed` is set on a syntax error.
std::optional<std::uint8_t> searchReturnOptions(Reader& r, bool& failed, std::optional<PartialRange>& partial) {
    Value* v = r.peek();
    if (!v || v->kind != Value::Kind::Atom || !core::equalsIgnoreCase(v->text, "RETURN")) return std::nullopt;
    r.take("RETURN");
    Value* list = r.take("search return options");
    failed = !list || list->kind != Value::Kind::List;
    if (failed) return list ? r.fail("Invalid search return options") : std::nullopt;
    std::uint8_t options = 0;
    const auto& children = list->children;
    for (std::size_t i = 0; i < children.size(); ++i) {
        const Value& option = children[i];
        static constexpr std::array<std::pair<std::string_view, SearchReturn>, 7> kOptions{{
            {"MIN", SearchReturn::Min}, {"MAX", SearchReturn::Max},
            {"ALL", SearchReturn::All}, {"COUNT", SearchReturn::Count},
            {"UPDATE", SearchReturn::Update}, {"CONTEXT", SearchReturn::Context},
            {"PARTIAL", SearchReturn::Partial},
        }};
        const auto* found = std::find_if(kOptions.begin(), kOptions.end(), [&](const auto& o) {
            return option.kind == Value::Kind::Atom && core::equalsIgnoreCase(option.text, o.first);
        });
        if (found == kOptions.end()) {
            failed = true;
            return r.fail("Unknown search return option");
        }
        if (found->second == SearchReturn::Partial) {
            // RFC 5267 4.4: "PARTIAL" SP partial-range, nz-number ":" nz-number (no "*"; the
            // negative ranges of RFC 9394 are not offered).
            const Value* range = i + 1 < children.size() ? &children[++i] : nullptr;
            const auto colon = range && range->kind == Value::Kind::Atom ? range->text.find(':') : std::string::npos;
            const auto number = [](std::string_view digits) -> std::optional<std::uint32_t> {
                if (digits.empty() || digits.size() > 10 || digits.front() == '0' ||
                    digits.find_first_not_of("0123456789") != std::string_view::npos)
                    return std::nullopt;
                const std::uint64_t n = std::stoull(std::string(digits));
                if (n > UINT32_MAX) return std::nullopt;
                return static_cast<std::uint32_t>(n);
            };
            std::optional<std::uint32_t> a, b;
            if (colon != std::string::npos) {
                a = number(std::string_view(range->text).substr(0, colon));
                b = number(std::string_view(range->text).substr(colon + 1));
            }
            if (!a || !b) {
                failed = true;
                return r.fail("PARTIAL needs a range of two non-zero numbers, such as 1:100");
            }
            // "either one PARTIAL, one ALL, or neither PARTIAL nor ALL is allowed" (4.4).
            if (partial || (options & static_cast<std::uint8_t>(SearchReturn::All)) != 0) {
                failed = true;
                return r.fail("At most one PARTIAL or ALL return option");
            }
            partial = PartialRange{std::min(*a, *b), std::max(*a, *b)};
        } else if (found->second == SearchReturn::All &&
                   (partial || (options & static_cast<std::uint8_t>(SearchReturn::All)) != 0)) {
            failed = true;
            return r.fail("At most one PARTIAL or ALL return option");
        }
        options |= static_cast<std::uint8_t>(found->second);
    }
    return options == 0 ? static_cast<std::uint8_t>(SearchReturn::All) : options;
}

/// 1*(SP search-key) to the end of the line, as one And key.
std::optional<SearchKey> searchKeys(Reader& r) {
    SearchKey all;
    all.kind = SearchKey::Kind::And;
    do {
        auto key = searchKey(r, 0);
        if (!key) return std::nullopt;
        all.children.push_back(std::move(*key));
    } while (!r.atEnd());
    return all;
}

template <bool kUid>
std::optional<CommandArgs> parseSearch(Reader& r) {
    Search search;
    search.uid = kUid;
    bool failed = false;
    search.returnOptions = searchReturnOptions(r, failed, search.partial);
    if (failed) return std::nullopt;
    if (Value* v = r.peek(); v && v->kind == Value::Kind::Atom && core::equalsIgnoreCase(v->text, "CHARSET")) {
        r.take("CHARSET");
        auto charset = r.astring("charset");
        if (!charset) return std::nullopt;
        search.charset = std::move(*charset);
    }
    auto key = searchKeys(r);
    if (!key) return std::nullopt;
    search.key = std::move(*key);
    return search;
}

// [SECTION] Selected: SORT and THREAD (RFC 5256, RFC 5957, RFC 5267)

template <bool kUid>
std::optional<CommandArgs> parseSort(Reader& r) {
    Sort sort;
    sort.uid = kUid;
    bool failed = false;
    sort.returnOptions = searchReturnOptions(r, failed, sort.partial);  // ESORT: "SORT RETURN (...) (...)"
    if (failed) return std::nullopt;
    // sort-criteria = "(" sort-criterion *(SP sort-criterion) ")"; sort-criterion = ["REVERSE" SP] sort-key
    Value* list = r.take("sort criteria");
    if (!list) return std::nullopt;
    if (list->kind != Value::Kind::List || list->children.empty()) return r.fail("Invalid sort criteria");
    for (std::size_t i = 0; i < list->children.size(); ++i) {
        SortCriterion criterion;
        const Value* v = &list->children[i];
        if (v->kind == Value::Kind::Atom && core::equalsIgnoreCase(v->text, "REVERSE")) {
            if (++i == list->children.size()) return r.fail("REVERSE without a sort key");
            criterion.reverse = true;
            v = &list->children[i];
        }
        const auto key = v->kind == Value::Kind::Atom ? sortKeyFromName(v->text) : std::nullopt;
        if (!key) return r.fail(v->kind == Value::Kind::Atom ? "Unknown sort key " + v->text : "Invalid sort key");
        criterion.key = *key;
        sort.criteria.push_back(criterion);
    }
    auto charset = r.astring("charset");  // search-charset, mandatory in SORT
    if (!charset) return std::nullopt;
    sort.charset = std::move(*charset);
    // RFC 5267's place for RETURN is before the sort criteria; production servers also take
    // it where the search keys begin ("SORT (ARRIVAL) UTF-8 RETURN (PARTIAL 1:10) ALL"),
    // and clients and compliance suites written against them send it there.
    if (!sort.returnOptions) {
        sort.returnOptions = searchReturnOptions(r, failed, sort.partial);
        if (failed) return std::nullopt;
    }
    auto key = searchKeys(r);
    if (!key) return std::nullopt;
    sort.key = std::move(*key);
    return sort;
}

template <bool kUid>
std::optional<CommandArgs> parseThread(Reader& r) {
    Thread thread;
    thread.uid = kUid;
    auto algorithm = r.atom("threading algorithm");
    if (!algorithm) return std::nullopt;
    if (core::equalsIgnoreCase(*algorithm, "ORDEREDSUBJECT")) thread.algorithm = ThreadAlgorithm::OrderedSubject;
    else if (core::equalsIgnoreCase(*algorithm, "REFERENCES")) thread.algorithm = ThreadAlgorithm::References;
    else return r.fail("Unknown threading algorithm " + *algorithm);
    auto charset = r.astring("charset");
    if (!charset) return std::nullopt;
    thread.charset = std::move(*charset);
    auto key = searchKeys(r);
    if (!key) return std::nullopt;
    thread.key = std::move(*key);
    return thread;
}

// [SECTION] Selected: FETCH


/// number: any digits up to 4294967295.
std::optional<std::uint32_t> plainNumber(std::string_view s) {
    if (s == "0") return 0;
    while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
    return parseNzNumber(s);
}

/// section = "[" [section-spec] "]" with partial "<" number "." nz-number ">" (RFC 3501 9).
std::optional<SectionSpec> parseSection(Reader& r, Value& section) {
    SectionSpec spec;
    std::vector<Value>& inside = section.children;
    if (!inside.empty()) {
        if (!inside[0].isAtomLike()) return r.fail("Invalid section");
        std::string_view text = inside[0].text;
        // section-part: nz-number *("." nz-number), then "." section-text
        while (!text.empty()) {
            const std::size_t dot = text.find('.');
            const auto n = parseNzNumber(text.substr(0, dot));
            if (!n) break;
            spec.part.push_back(*n);
            if (dot == std::string_view::npos) {
                text = {};
                break;
            }
            text.remove_prefix(dot + 1);
            if (text.empty()) return r.fail("Invalid section");  // "1." ends with a dot
        }
        const std::string kind = upper(text);
        const bool fields = kind == "HEADER.FIELDS" || kind == "HEADER.FIELDS.NOT";
        if (kind.empty()) spec.kind = SectionSpec::Kind::Full;
        else if (kind == "HEADER") spec.kind = SectionSpec::Kind::Header;
        else if (kind == "TEXT") spec.kind = SectionSpec::Kind::Text;
        else if (kind == "MIME" && !spec.part.empty()) spec.kind = SectionSpec::Kind::Mime;
        else if (fields) spec.kind = kind == "HEADER.FIELDS" ? SectionSpec::Kind::HeaderFields : SectionSpec::Kind::HeaderFieldsNot;
        else return r.fail("Invalid section");
        if (fields) {
            if (inside.size() != 2 || inside[1].kind != Value::Kind::List || inside[1].children.empty())
                return r.fail("Invalid header field list");
            for (Value& name : inside[1].children) {
                auto field = asAstring(name);
                if (!field || field->empty()) return r.fail("Invalid header field name");
                spec.fields.push_back(std::move(*field));
            }
        } else if (inside.size() != 1) {
            return r.fail("Invalid section");
        }
    }
    if (section.partial) {
        const std::string_view partial = *section.partial;
        const std::size_t dot = partial.find('.');
        if (dot == std::string_view::npos) return r.fail("Invalid partial range");
        const auto start = plainNumber(partial.substr(0, dot));
        const auto count = parseNzNumber(partial.substr(dot + 1));
        if (!start || !count) return r.fail("Invalid partial range");
        spec.partialStart = *start;
        spec.partialCount = *count;
    }
    return spec;
}

std::optional<FetchAttribute> fetchAttribute(Reader& r, Value& v) {
    using Kind = FetchAttribute::Kind;
    FetchAttribute att;
    if (v.kind == Value::Kind::Section) {
        const std::string prefix = upper(v.text);
        auto section = parseSection(r, v);
        if (!section) return std::nullopt;
        att.section = std::move(*section);
        att.peek = prefix == "BODY.PEEK" || prefix == "BINARY.PEEK";
        if (prefix == "BODY" || prefix == "BODY.PEEK") {
            att.kind = Kind::BodySection;
            return att;
        }
        // RFC 3516 4.2: section-binary = "[" [section-part] "]"; BINARY.SIZE takes no partial.
        // Production servers also take the other sections (HEADER, HEADER.FIELDS, TEXT, MIME)
        // and clients and compliance suites written against them send them: they are
        // answered with the section's bytes as BODY[] gives them (a header has nothing to
        // decode; see fetch.cpp).
        att.kind = prefix == "BINARY.SIZE" ? Kind::BinarySize : Kind::Binary;
        if (att.kind == Kind::BinarySize && att.section.partialStart) return r.fail("BINARY.SIZE takes no partial");
        return att;
    }
    static constexpr std::array<std::pair<std::string_view, Kind>, 11> kNames{{
        {"ENVELOPE", Kind::Envelope},         {"FLAGS", Kind::Flags},         {"MODSEQ", Kind::Modseq},
        {"INTERNALDATE", Kind::InternalDate}, {"RFC822", Kind::Rfc822},
        {"RFC822.HEADER", Kind::Rfc822Header}, {"RFC822.SIZE", Kind::Rfc822Size},
        {"RFC822.TEXT", Kind::Rfc822Text},    {"BODY", Kind::Body},
        {"BODYSTRUCTURE", Kind::BodyStructure}, {"UID", Kind::Uid},
    }};
    if (v.kind == Value::Kind::Atom)
        for (const auto& [name, kind] : kNames)
            if (core::equalsIgnoreCase(v.text, name)) {
                att.kind = kind;
                return att;
            }
    return r.fail("Unknown fetch attribute " + (v.isAtomLike() ? v.text : std::string()));
}

template <bool kUid>
std::optional<CommandArgs> parseFetch(Reader& r) {
    using Kind = FetchAttribute::Kind;
    Fetch fetch;
    fetch.uid = kUid;
    auto set = r.sequenceSet();
    if (!set) return std::nullopt;
    fetch.set = std::move(*set);
    Value* v = r.take("fetch attributes");
    if (!v) return std::nullopt;
    const auto macro = [&](std::initializer_list<Kind> kinds) {
        for (Kind k : kinds) fetch.attributes.push_back(FetchAttribute{k, {}, false});
    };
    if (v->kind == Value::Kind::Atom && core::equalsIgnoreCase(v->text, "ALL")) {
        macro({Kind::Flags, Kind::InternalDate, Kind::Rfc822Size, Kind::Envelope});
    } else if (v->kind == Value::Kind::Atom && core::equalsIgnoreCase(v->text, "FAST")) {
        macro({Kind::Flags, Kind::InternalDate, Kind::Rfc822Size});
    } else if (v->kind == Value::Kind::Atom && core::equalsIgnoreCase(v->text, "FULL")) {
        macro({Kind::Flags, Kind::InternalDate, Kind::Rfc822Size, Kind::Envelope, Kind::Body});
    } else if (v->kind == Value::Kind::List) {
        if (v->children.empty()) return r.fail("Empty fetch attribute list");
        for (Value& item : v->children) {
            auto att = fetchAttribute(r, item);
            if (!att) return std::nullopt;
            fetch.attributes.push_back(std::move(*att));
        }
    } else {
        auto att = fetchAttribute(r, *v);
        if (!att) return std::nullopt;
        fetch.attributes.push_back(std::move(*att));
    }
    if (Value* modifiers = r.peek(); modifiers && modifiers->kind == Value::Kind::List) {  // RFC 4466 fetch-modifiers
        r.take("fetch modifiers");
        for (std::size_t i = 0; i < modifiers->children.size(); i += 2) {
            const Value& name = modifiers->children[i];
            if (name.kind == Value::Kind::Atom && core::equalsIgnoreCase(name.text, "VANISHED") && !fetch.vanished) {
                fetch.vanished = true;  // takes no value
                --i;
                continue;
            }
            if (name.kind != Value::Kind::Atom || !core::equalsIgnoreCase(name.text, "CHANGEDSINCE") || fetch.changedSince)
                return r.fail("Unknown fetch modifier");
            if (i + 1 >= modifiers->children.size() || modifiers->children[i + 1].kind != Value::Kind::Number ||
                modifiers->children[i + 1].number == 0 ||
                modifiers->children[i + 1].number > static_cast<std::uint64_t>(INT64_MAX))
                return r.fail("Invalid CHANGEDSINCE mod-sequence");
            fetch.changedSince = modifiers->children[i + 1].number;
        }
    }
    if (fetch.vanished && (!kUid || !fetch.changedSince)) return r.fail("VANISHED needs UID FETCH and CHANGEDSINCE");
    if (!r.finish()) return std::nullopt;
    return fetch;
}

// [SECTION] Selected: STORE, COPY, MOVE, EXPUNGE

template <bool kUid>
std::optional<CommandArgs> parseStore(Reader& r) {
    Store store;
    store.uid = kUid;
    auto set = r.sequenceSet();
    if (!set) return std::nullopt;
    store.set = std::move(*set);
    if (Value* modifiers = r.peek(); modifiers && modifiers->kind == Value::Kind::List) {  // RFC 4466 store-modifiers
        r.take("store modifiers");
        for (std::size_t i = 0; i < modifiers->children.size(); i += 2) {
            const Value& name = modifiers->children[i];
            if (name.kind != Value::Kind::Atom || !core::equalsIgnoreCase(name.text, "UNCHANGEDSINCE") ||
                store.unchangedSince)
                return r.fail("Unknown store modifier");
            if (i + 1 >= modifiers->children.size() || modifiers->children[i + 1].kind != Value::Kind::Number ||
                modifiers->children[i + 1].number > static_cast<std::uint64_t>(INT64_MAX))
                return r.fail("Invalid UNCHANGEDSINCE mod-sequence");
            store.unchangedSince = modifiers->children[i + 1].number;
        }
    }
    auto item = r.atom("store data item");
    if (!item) return std::nullopt;
    std::string_view name = *item;
    if (name.starts_with('+') || name.starts_with('-')) {
        store.mode = name.front() == '+' ? StoreMode::Add : StoreMode::Remove;
        name.remove_prefix(1);
    }
    if (core::equalsIgnoreCase(name, "FLAGS.SILENT")) store.silent = true;
    else if (!core::equalsIgnoreCase(name, "FLAGS")) return r.fail("Invalid store data item");
    Value* v = r.peek();
    if (!v) return r.fail("Missing flags");
    if (v->kind == Value::Kind::List) {
        auto flags = r.flagList(*v);
        if (!flags) return std::nullopt;
        store.flags = std::move(*flags);
        r.take("flags");
    } else {
        while (Value* f = r.peek()) {
            auto flag = r.flag(*f);
            if (!flag) return std::nullopt;
            store.flags.push_back(std::move(*flag));
            r.take("flag");
        }
    }
    if (!r.finish()) return std::nullopt;
    return store;
}

/// COPY and MOVE: set and destination mailbox.
template <typename T, bool kUid>
std::optional<CommandArgs> parseTransfer(Reader& r) {
    auto set = r.sequenceSet();
    auto mailbox = set ? r.mailbox() : std::nullopt;
    if (!mailbox || !r.finish()) return std::nullopt;
    return T{kUid, std::move(*set), std::move(*mailbox)};
}

std::optional<CommandArgs> parseUidExpunge(Reader& r) {
    auto set = r.sequenceSet();
    if (!set || !r.finish()) return std::nullopt;
    return Expunge{true, std::move(*set)};
}

std::optional<CommandArgs> parseCancelUpdate(Reader& r) {
    // RFC 5267 5: command-select =/ "CANCELUPDATE" 1*(SP quoted)
    CancelUpdate cancel;
    do {
        Value* tag = r.take("tag of a search");
        if (!tag) return std::nullopt;
        if (tag->kind != Value::Kind::Quoted) return r.fail("CANCELUPDATE takes the tags as quoted strings, such as \"a1\"");
        cancel.tags.push_back(tag->text);
    } while (!r.atEnd());
    return cancel;
}

// The instances the command table uses.
template std::optional<CommandArgs> parseSelect<false>(Reader&);
template std::optional<CommandArgs> parseSelect<true>(Reader&);
template std::optional<CommandArgs> parseMailboxOnly<Create>(Reader&);
template std::optional<CommandArgs> parseMailboxOnly<Delete>(Reader&);
template std::optional<CommandArgs> parseMailboxOnly<Subscribe>(Reader&);
template std::optional<CommandArgs> parseMailboxOnly<Unsubscribe>(Reader&);
template std::optional<CommandArgs> parseSearch<false>(Reader&);
template std::optional<CommandArgs> parseSearch<true>(Reader&);
template std::optional<CommandArgs> parseSort<false>(Reader&);
template std::optional<CommandArgs> parseSort<true>(Reader&);
template std::optional<CommandArgs> parseThread<false>(Reader&);
template std::optional<CommandArgs> parseThread<true>(Reader&);
template std::optional<CommandArgs> parseFetch<false>(Reader&);
template std::optional<CommandArgs> parseFetch<true>(Reader&);
template std::optional<CommandArgs> parseStore<false>(Reader&);
template std::optional<CommandArgs> parseStore<true>(Reader&);
template std::optional<CommandArgs> parseTransfer<Copy, false>(Reader&);
template std::optional<CommandArgs> parseTransfer<Copy, true>(Reader&);
template std::optional<CommandArgs> parseTransfer<Move, false>(Reader&);
template std::optional<CommandArgs> parseTransfer<Move, true>(Reader&);

}  // namespace args

namespace {

std::string upperCase(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// [SECTION] Reading the head of a line

ParseError commandError(ParseErrorKind kind, std::string tag, std::string text) {
    return ParseError{kind, tag.empty() ? "*" : std::move(tag), std::move(text), false};
}

/// The tag and the canonical command name of a line, or the error they make. Used both for
/// complete lines and, before a synchronizing literal is accepted, for the line so far.
struct Head {
    std::string tag;
    std::string name;             ///< canonical, upper case
    std::size_t argsStart = 0;    ///< index of the first argument
    const CommandDef* spec = nullptr;
};

std::variant<Head, ParseError> readHead(const std::vector<Value>& values) {
    if (values.empty()) return commandError(ParseErrorKind::EmptyLine, "*", "Empty command line");
    if (!values[0].isAtomLike() || !isValidTag(values[0].text))
        return commandError(ParseErrorKind::Syntax, "*", "Missing or invalid tag");
    Head head;
    head.tag = values[0].text;
    if (values.size() < 2) return commandError(ParseErrorKind::Syntax, head.tag, "Missing command");
    if (values[1].kind != Value::Kind::Atom || !isAtom(values[1].text))
        return commandError(ParseErrorKind::UnknownCommand, head.tag, "Invalid command name");
    head.name = upperCase(values[1].text);
    head.argsStart = 2;
    if (head.name == "UID") {
        if (values.size() < 3) return commandError(ParseErrorKind::Syntax, head.tag, "Missing command after UID");
        if (values[2].kind != Value::Kind::Atom || !isAtom(values[2].text))
            return commandError(ParseErrorKind::UnknownCommand, head.tag, "Invalid command after UID");
        head.name += ' ' + upperCase(values[2].text);
        head.argsStart = 3;
    }
    head.spec = findCommandDef(head.name);
    if (!head.spec) return commandError(ParseErrorKind::UnknownCommand, head.tag, "Unknown command " + head.name);
    return head;
}

ParseError fromTokenizer(const Tokenizer::Error& e) {
    ParseErrorKind kind = ParseErrorKind::Syntax;
    switch (e.kind) {
        case TokenizerErrorKind::Syntax: kind = ParseErrorKind::Syntax; break;
        case TokenizerErrorKind::LineTooLong: kind = ParseErrorKind::LineTooLong; break;
        case TokenizerErrorKind::LiteralTooBig: kind = ParseErrorKind::LiteralTooBig; break;
        case TokenizerErrorKind::NotAtLineStart: kind = ParseErrorKind::Syntax; break;
    }
    ParseError out = commandError(kind, e.tag, e.text);
    out.fatal = e.fatal;
    return out;
}

}  // namespace

// [SECTION] Public API

bool isKnownCommand(std::string_view name) { return core::equalsIgnoreCase(name, "UID") || findCommandDef(name); }

std::variant<Command, ParseError> parseCommand(std::vector<Value> values) {
    auto head = readHead(values);
    if (auto* error = std::get_if<ParseError>(&head)) return std::move(*error);
    Head& h = std::get<Head>(head);
    std::string problem;
    args::Reader reader(values, h.argsStart, problem);
    std::optional<CommandArgs> args = h.spec->parse(reader);
    if (!args) return commandError(ParseErrorKind::Syntax, h.tag, h.name + ": " + problem);
    return Command{std::move(h.tag), std::move(h.name), std::move(*args)};
}

Parser::Parser(TokenizerLimits limits) : m_tokenizer(TokenizerMode::Command, limits) {}

void Parser::feed(std::string_view bytes) { m_tokenizer.feed(bytes); }

ParseResult Parser::next() {
    Tokenizer::Result r = m_tokenizer.next();
    if (std::holds_alternative<Tokenizer::NeedMore>(r)) return NeedMore{};
    if (const auto* literal = std::get_if<Tokenizer::LiteralAnnounced>(&r)) {
        // Refuse the literal now if the command is already known to be wrong: the client,
        // waiting for "+", then sends nothing more of it (RFC 3501 7.5).
        const std::vector<Value>& soFar = m_tokenizer.lineSoFar();
        auto head = readHead(soFar);
        if (auto* error = std::get_if<ParseError>(&head)) {
            if (error->kind == ParseErrorKind::EmptyLine)  // the literal is where the tag should be
                *error = commandError(ParseErrorKind::Syntax, "*", "Missing or invalid tag");
            m_tokenizer.discardLine();
            return std::move(*error);
        }
        Head& h = std::get<Head>(head);
        return ContinuationNeeded{"Ready for literal data", std::move(h.tag), std::move(h.name), literal->size,
                                  literal->nonSynchronizing};
    }
    if (auto* line = std::get_if<Tokenizer::Line>(&r)) {
        auto parsed = parseCommand(std::move(line->values));
        if (auto* command = std::get_if<Command>(&parsed)) return std::move(*command);
        return std::move(std::get<ParseError>(parsed));
    }
    return fromTokenizer(std::get<Tokenizer::Error>(r));
}

RawLineResult Parser::nextRawLine() {
    Tokenizer::RawResult r = m_tokenizer.nextRawLine();
    if (std::holds_alternative<Tokenizer::NeedMore>(r)) return NeedMore{};
    if (auto* raw = std::get_if<Tokenizer::RawLine>(&r)) return RawLine{std::move(raw->text)};
    return fromTokenizer(std::get<Tokenizer::Error>(r));
}

std::ostream& operator<<(std::ostream& os, const ParseResult& r) {
    if (std::holds_alternative<NeedMore>(r)) return os << "NeedMore";
    if (const auto* c = std::get_if<ContinuationNeeded>(&r))
        return os << "ContinuationNeeded{" << c->tag << ' ' << c->command << " {" << c->size << "} " << c->text << '}';
    if (const auto* command = std::get_if<Command>(&r)) return os << *command;
    const auto& e = std::get<ParseError>(r);
    return os << "ParseError{kind=" << static_cast<int>(e.kind) << " tag=" << e.tag << " text=" << e.text
              << (e.fatal ? " fatal}" : "}");
}

std::ostream& operator<<(std::ostream& os, const RawLineResult& r) {
    if (std::holds_alternative<NeedMore>(r)) return os << "NeedMore";
    if (const auto* raw = std::get_if<RawLine>(&r)) return os << "RawLine{" << raw->text << '}';
    const auto& e = std::get<ParseError>(r);
    return os << "ParseError{tag=" << e.tag << " text=" << e.text << (e.fatal ? " fatal}" : "}");
}

}  // namespace mailscope::imap
