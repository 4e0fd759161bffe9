// Tests for the IMAP command parser (RFC 3501 6 and 9, RFC 7888 LITERAL+ and the extensions
// the server implements): every command form, bad syntax per family, literals and their
// continuation, caps, raw lines; every case fed at once and one byte at a time.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/imap/parser.h"

namespace core = mailscope::core;
namespace imap = mailscope::imap;
using namespace imap;
using namespace std::literals;

// [SECTION] Allocation watch: proves that an oversized literal is refused without allocating it.

namespace {
std::size_t g_largestAllocation = 0;
}  // namespace

void* operator new(std::size_t size) {
    g_largestAllocation = std::max(g_largestAllocation, size);
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

// [SECTION] Driver

/// One thing the parser gave: a ParseResult, or a raw line read as a session would.
struct Outcome {
    std::variant<ParseResult, RawLineResult> result;

    std::string describe() const {
        std::ostringstream os;
        std::visit([&](const auto& r) { os << r; }, result);
        return os.str();
    }
    friend bool operator==(const Outcome& a, const Outcome& b) { return a.result == b.result; }
    friend std::ostream& operator<<(std::ostream& os, const Outcome& o) { return os << o.describe(); }
};

/// Reads everything available, like a session: after IDLE, and after AUTHENTICATE without
/// an initial response, the next line is read raw.
void drain(Parser& p, std::vector<Outcome>& out, bool& rawNext) {
    for (;;) {
        if (rawNext) {
            RawLineResult raw = p.nextRawLine();
            if (std::holds_alternative<NeedMore>(raw)) return;
            rawNext = false;
            out.push_back({std::move(raw)});
            continue;
        }
        ParseResult r = p.next();
        if (std::holds_alternative<NeedMore>(r)) return;
        if (const auto* c = std::get_if<Command>(&r)) {
            const auto* auth = std::get_if<Authenticate>(&c->args);
            rawNext = std::holds_alternative<Idle>(c->args) || (auth && !auth->initialResponse);
        }
        out.push_back({std::move(r)});
    }
}

/// Parses input fed in one piece and fed one byte at a time: both must give the same
/// outcomes (NeedMore left out), which are returned.
std::vector<Outcome> parseAll(std::string_view input, TokenizerLimits limits = {}) {
    std::vector<Outcome> whole;
    {
        Parser p(limits);
        bool rawNext = false;
        p.feed(input);
        drain(p, whole, rawNext);
    }
    std::vector<Outcome> bytewise;
    {
        Parser p(limits);
        bool rawNext = false;
        for (char c : input) {
            p.feed(std::string_view(&c, 1));
            drain(p, bytewise, rawNext);
        }
    }
    CHECK(whole == bytewise);
    return whole;
}

/// The one command that input makes (continuation requests left out).
Command commandOf(std::string_view input) {
    std::vector<Command> commands;
    for (Outcome& o : parseAll(input)) {
        auto* r = std::get_if<ParseResult>(&o.result);
        REQUIRE_MESSAGE(r, o.describe());
        if (std::holds_alternative<ContinuationNeeded>(*r)) continue;
        REQUIRE_MESSAGE(std::holds_alternative<Command>(*r), o.describe());
        commands.push_back(std::get<Command>(std::move(*r)));
    }
    REQUIRE(commands.size() == 1);
    return commands.front();
}

const ParseError& errorOf(const Outcome& o) {
    const auto* r = std::get_if<ParseResult>(&o.result);
    REQUIRE_MESSAGE(r, o.describe());
    REQUIRE_MESSAGE(std::holds_alternative<ParseError>(*r), o.describe());
    return std::get<ParseError>(*r);
}

const Command& commandIn(const Outcome& o) {
    const auto* r = std::get_if<ParseResult>(&o.result);
    REQUIRE_MESSAGE(r, o.describe());
    REQUIRE_MESSAGE(std::holds_alternative<Command>(*r), o.describe());
    return std::get<Command>(*r);
}

bool isContinuation(const Outcome& o) {
    const auto* r = std::get_if<ParseResult>(&o.result);
    return r && std::holds_alternative<ContinuationNeeded>(*r);
}

// [SECTION] Expected values

using FK = FetchAttribute::Kind;
using SK = SearchKey::Kind;

SequenceSet set(std::string_view text) {
    auto s = SequenceSet::parse(text);
    REQUIRE(s);
    return *s;
}

FetchAttribute att(FK kind) { return FetchAttribute{kind, {}, false}; }

FetchAttribute body(std::vector<std::uint32_t> part, SectionSpec::Kind kind = SectionSpec::Kind::Full,
                    std::vector<std::string> fields = {}, bool peek = false) {
    FetchAttribute a{FK::BodySection, {}, peek};
    a.section.part = std::move(part);
    a.section.kind = kind;
    a.section.fields = std::move(fields);
    return a;
}

FetchAttribute withPartial(FetchAttribute a, std::uint32_t start, std::uint32_t count) {
    a.section.partialStart = start;
    a.section.partialCount = count;
    return a;
}

SearchKey key(SK kind) { return SearchKey{kind, {}, {}, 0, 0, {}, {}}; }
SearchKey modseqKey(std::uint64_t modseq) {
    SearchKey k = key(SK::Modseq);
    k.modseq = modseq;
    return k;
}
SearchKey key(SK kind, std::string text) {
    SearchKey k = key(kind);
    k.text = std::move(text);
    return k;
}
SearchKey header(std::string field, std::string text) {
    SearchKey k = key(SK::Header, std::move(text));
    k.field = std::move(field);
    return k;
}
SearchKey sizeKey(SK kind, std::uint32_t n) {
    SearchKey k = key(kind);
    k.number = n;
    return k;
}
SearchKey dateKey(SK kind, int year, int month, int day) {
    SearchKey k = key(kind);
    k.day = core::daysFromCivil(year, month, day);
    return k;
}
SearchKey setKey(SK kind, std::string_view text) {
    SearchKey k = key(kind);
    k.set = set(text);
    return k;
}
SearchKey group(SK kind, std::vector<SearchKey> children) {
    SearchKey k = key(kind);
    k.children = std::move(children);
    return k;
}

Search search(bool uid, std::optional<std::string> charset, std::vector<SearchKey> keys) {
    return Search{uid, std::move(charset), group(SK::And, std::move(keys))};
}

Search esearch(bool uid, std::uint8_t options, std::optional<std::string> charset, std::vector<SearchKey> keys) {
    Search s = search(uid, std::move(charset), std::move(keys));
    s.returnOptions = options;
    return s;
}

Command cmd(std::string tag, std::string name, CommandArgs args) {
    return Command{std::move(tag), std::move(name), std::move(args)};
}

std::string repeated(std::string_view s, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += s;
    return out;
}

using IdParams = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct Case {
    std::string input;
    Command expected;
};

/// Every command form the server implements, as a client would write it.
std::vector<Case> commandCorpus() {
    core::CivilTime appendDate;
    appendDate.year = 2024;
    appendDate.month = 2;
    appendDate.day = 7;
    appendDate.hour = 9;
    appendDate.minute = 15;
    appendDate.second = 0;
    appendDate.zoneMinutes = 60;

    Value condstore = Value::atom("CONDSTORE");

    return {
        // any state (RFC 3501 6.1, RFC 2971)
        {"a1 CAPABILITY\r\n", cmd("a1", "CAPABILITY", Capability{})},
        {"a2 noop\r\n", cmd("a2", "NOOP", Noop{})},
        {"A3 LoGoUt\r\n", cmd("A3", "LOGOUT", Logout{})},
        {"a4 ID NIL\r\n", cmd("a4", "ID", Id{})},
        {"a5 ID (\"name\" \"mutt\" \"version\" NIL)\r\n",
         cmd("a5", "ID", Id{IdParams{{"name", "mutt"}, {"version", std::nullopt}}})},
        {"a6 ID ()\r\n", cmd("a6", "ID", Id{IdParams{}})},
        // not authenticated (6.2, RFC 4959)
        {"b1 STARTTLS\r\n", cmd("b1", "STARTTLS", StartTls{})},
        {"b2 AUTHENTICATE plain\r\n", cmd("b2", "AUTHENTICATE", Authenticate{"PLAIN", std::nullopt})},
        {"b3 AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0\r\n", cmd("b3", "AUTHENTICATE", Authenticate{"PLAIN", "AGZyZWQAc2VjcmV0"})},
        {"b4 AUTHENTICATE EXTERNAL =\r\n", cmd("b4", "AUTHENTICATE", Authenticate{"EXTERNAL", "="})},
        {"b5 LOGIN fred \"pass word\"\r\n", cmd("b5", "LOGIN", Login{"fred", "pass word"})},
        {"b6 LOGIN {4}\r\nfred {6+}\r\nsecret\r\n", cmd("b6", "LOGIN", Login{"fred", "secret"})},
        {"b7 LOGIN \"\" NIL\r\n", cmd("b7", "LOGIN", Login{"", "NIL"})},
        {"b8 LOGIN ]x \"a\\\"b\\\\\"\r\n", cmd("b8", "LOGIN", Login{"]x", "a\"b\\"})},
        // authenticated (6.3, RFC 4466, 5258, 2342, 5161, 2177)
        {"c1 SELECT inbox\r\n", cmd("c1", "SELECT", Select{"INBOX", false, {}})},
        {"c2 EXAMINE \"Sent Items\"\r\n", cmd("c2", "EXAMINE", Select{"Sent Items", true, {}})},
        {"c3 SELECT INBOX (CONDSTORE)\r\n", cmd("c3", "SELECT", Select{"INBOX", false, {condstore}})},
        {"c4 CREATE Archive/2024\r\n", cmd("c4", "CREATE", Create{"Archive/2024"})},
        {"c5 DELETE \"Old &AOQ-\"\r\n", cmd("c5", "DELETE", Delete{"Old &AOQ-"})},
        {"c6 RENAME Drafts \"Old Drafts\"\r\n", cmd("c6", "RENAME", Rename{"Drafts", "Old Drafts"})},
        {"c7 SUBSCRIBE News\r\n", cmd("c7", "SUBSCRIBE", Subscribe{"News"})},
        {"c8 UNSUBSCRIBE {4+}\r\nNews\r\n", cmd("c8", "UNSUBSCRIBE", Unsubscribe{"News"})},
        {"c9 LIST \"\" *\r\n", cmd("c9", "LIST", List{{}, "", "*", {}})},
        {"c10 LIST ~/Mail %/%\r\n", cmd("c10", "LIST", List{{}, "~/Mail", "%/%", {}})},
        {"c11 LIST (subscribed) \"\" \"*\" RETURN (CHILDREN special-use)\r\n",
         cmd("c11", "LIST", List{{"SUBSCRIBED"}, "", "*", {"CHILDREN", "SPECIAL-USE"}})},
        {"c12 LSUB \"\" \"*\"\r\n", cmd("c12", "LSUB", Lsub{"", "*"})},
        {"c13 STATUS INBOX (MESSAGES recent UIDNEXT UIDVALIDITY UNSEEN)\r\n",
         cmd("c13", "STATUS",
             Status{"INBOX", {StatusItem::Messages, StatusItem::Recent, StatusItem::UidNext, StatusItem::UidValidity,
                              StatusItem::Unseen}})},
        {"c14 APPEND INBOX {12}\r\nHello\r\nWorld\r\n", cmd("c14", "APPEND", Append{"INBOX", {}, std::nullopt, "Hello\r\nWorld", false})},
        {"c15 APPEND Drafts (\\Draft \\Seen) \" 7-Feb-2024 09:15:00 +0100\" {5+}\r\nHello\r\n",
         cmd("c15", "APPEND", Append{"Drafts", {"\\Draft", "\\Seen"}, appendDate, "Hello", true})},
        {"c16 APPEND Sent () ~{3}\r\n\x00\xff\n\r\n"s,
         cmd("c16", "APPEND", Append{"Sent", {}, std::nullopt, "\x00\xff\n"s, false, true})},
        {"c17 NAMESPACE\r\n", cmd("c17", "NAMESPACE", Namespace{})},
        {"c18 ENABLE UTF8=ACCEPT condstore\r\n", cmd("c18", "ENABLE", Enable{{"UTF8=ACCEPT", "CONDSTORE"}})},
        {"c19 IDLE\r\n", cmd("c19", "IDLE", Idle{})},
        // selected (6.4, RFC 3691, 4315, 6851)
        {"d1 CHECK\r\n", cmd("d1", "CHECK", Check{})},
        {"d2 CLOSE\r\n", cmd("d2", "CLOSE", Close{})},
        {"d3 UNSELECT\r\n", cmd("d3", "UNSELECT", Unselect{})},
        {"d4 EXPUNGE\r\n", cmd("d4", "EXPUNGE", Expunge{})},
        {"d5 UID EXPUNGE 3:5,9\r\n", cmd("d5", "UID EXPUNGE", Expunge{true, set("3:5,9")})},
        {"d6 SEARCH ALL\r\n", cmd("d6", "SEARCH", search(false, std::nullopt, {key(SK::All)}))},
        {"d7 uid search charset UTF-8 SUBJECT {6}\r\nZa\xc5\xbc\xc3\xb3\r\n",
         cmd("d7", "UID SEARCH", search(true, "UTF-8", {key(SK::Subject, "Za\xc5\xbc\xc3\xb3")}))},
        {"d8 SEARCH OR FROM alice (TO bob SINCE 1-Feb-1994) NOT SEEN 2:4,*\r\n",
         cmd("d8", "SEARCH",
             search(false, std::nullopt,
                    {group(SK::Or, {key(SK::From, "alice"),
                                    group(SK::And, {key(SK::To, "bob"), dateKey(SK::Since, 1994, 2, 1)})}),
                     group(SK::Not, {key(SK::Seen)}), setKey(SK::SequenceSet, "2:4,*")}))},
        {"d9 SEARCH ANSWERED BCC x BEFORE \"1-Feb-1994\" BODY \"y z\" CC z DELETED DRAFT FLAGGED FROM f "
         "HEADER Message-ID \"<a@b>\" KEYWORD $Work LARGER 100 NEW NOT OLD ON 2-Mar-2000 RECENT SEEN "
         "SENTBEFORE 1-Jan-2000 SENTON 15-Jan-2000 SENTSINCE 31-Jan-2000 SINCE 29-Feb-2000 SMALLER 5000 "
         "SUBJECT s TEXT t TO u UID 1:* UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD $Junk UNSEEN *:5\r\n",
         cmd("d9", "SEARCH",
             search(false, std::nullopt,
                    {key(SK::Answered), key(SK::Bcc, "x"), dateKey(SK::Before, 1994, 2, 1), key(SK::Body, "y z"),
                     key(SK::Cc, "z"), key(SK::Deleted), key(SK::Draft), key(SK::Flagged), key(SK::From, "f"),
                     header("Message-ID", "<a@b>"), key(SK::Keyword, "$Work"), sizeKey(SK::Larger, 100),
                     key(SK::New), group(SK::Not, {key(SK::Old)}), dateKey(SK::On, 2000, 3, 2), key(SK::Recent),
                     key(SK::Seen), dateKey(SK::SentBefore, 2000, 1, 1), dateKey(SK::SentOn, 2000, 1, 15),
                     dateKey(SK::SentSince, 2000, 1, 31), dateKey(SK::Since, 2000, 2, 29), sizeKey(SK::Smaller, 5000),
                     key(SK::Subject, "s"), key(SK::Text, "t"), key(SK::To, "u"), setKey(SK::Uid, "1:*"),
                     key(SK::Unanswered), key(SK::Undeleted), key(SK::Undraft), key(SK::Unflagged),
                     key(SK::Unkeyword, "$Junk"), key(SK::Unseen), setKey(SK::SequenceSet, "*:5")}))},
        {"d10 SEARCH HEADER X-Spam \"\" (OR SEEN (DELETED))\r\n",
         cmd("d10", "SEARCH",
             search(false, std::nullopt,
                    {header("X-Spam", ""),
                     group(SK::And, {group(SK::Or, {key(SK::Seen), group(SK::And, {key(SK::Deleted)})})})}))},
        {"e1 FETCH 1:* ALL\r\n",
         cmd("e1", "FETCH", Fetch{false, set("1:*"), {att(FK::Flags), att(FK::InternalDate), att(FK::Rfc822Size), att(FK::Envelope)}})},
        {"e2 FETCH 2 fast\r\n", cmd("e2", "FETCH", Fetch{false, set("2"), {att(FK::Flags), att(FK::InternalDate), att(FK::Rfc822Size)}})},
        {"e3 FETCH 1,3 FULL\r\n",
         cmd("e3", "FETCH",
             Fetch{false, set("1,3"),
                   {att(FK::Flags), att(FK::InternalDate), att(FK::Rfc822Size), att(FK::Envelope), att(FK::Body)}})},
        {"e4 UID FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE BODY RFC822 rfc822.header RFC822.TEXT)\r\n",
         cmd("e4", "UID FETCH",
             Fetch{true, set("1:*"),
                   {att(FK::Flags), att(FK::Uid), att(FK::Rfc822Size), att(FK::InternalDate), att(FK::Envelope),
                    att(FK::BodyStructure), att(FK::Body), att(FK::Rfc822), att(FK::Rfc822Header), att(FK::Rfc822Text)}})},
        {"e5 FETCH 1 (BODY.PEEK[HEADER.FIELDS (From Subject)]<0.1024> BODY[] BODY[1.2.MIME] body[TEXT] BODY[1] "
         "BODY.PEEK[2.HEADER] BODY[HEADER.FIELDS.NOT (X-Spam)] BODY[3.TEXT] BODY.PEEK[HEADER])\r\n",
         cmd("e5", "FETCH",
             Fetch{false, set("1"),
                   {withPartial(body({}, SectionSpec::Kind::HeaderFields, {"From", "Subject"}, true), 0, 1024),
                    body({}), body({1, 2}, SectionSpec::Kind::Mime), body({}, SectionSpec::Kind::Text), body({1}),
                    body({2}, SectionSpec::Kind::Header, {}, true),
                    body({}, SectionSpec::Kind::HeaderFieldsNot, {"X-Spam"}), body({3}, SectionSpec::Kind::Text),
                    body({}, SectionSpec::Kind::Header, {}, true)}})},
        {"e6 FETCH 4 body.peek[1.2.3]<10.20>\r\n",
         cmd("e6", "FETCH", Fetch{false, set("4"), {withPartial(body({1, 2, 3}, SectionSpec::Kind::Full, {}, true), 10, 20)}})},
        {"e7 UID FETCH 7 BODY[HEADER.FIELDS (\"Message-ID\" {4}\r\nDate)]\r\n",
         cmd("e7", "UID FETCH", Fetch{true, set("7"), {body({}, SectionSpec::Kind::HeaderFields, {"Message-ID", "Date"})}})},
        {"f1 STORE 1 +FLAGS (\\Seen)\r\n", cmd("f1", "STORE", Store{false, set("1"), StoreMode::Add, false, {"\\Seen"}})},
        {"f2 UID STORE 1:3 -FLAGS.SILENT \\Deleted $Junk\r\n",
         cmd("f2", "UID STORE", Store{true, set("1:3"), StoreMode::Remove, true, {"\\Deleted", "$Junk"}})},
        {"f3 STORE 2 FLAGS ()\r\n", cmd("f3", "STORE", Store{false, set("2"), StoreMode::Replace, false, {}})},
        // RFC 7162 CONDSTORE modifiers and keys
        {"f5 STORE 1:2 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)\r\n",
         cmd("f5", "STORE", Store{false, set("1:2"), StoreMode::Add, true, {"\\Deleted"}, 320162338})},
        {"f6 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n",
         cmd("f6", "UID FETCH", Fetch{true, set("1:*"), {att(FK::Flags)}, 12345})},
        {"f7 FETCH 1 MODSEQ\r\n", cmd("f7", "FETCH", Fetch{false, set("1"), {att(FK::Modseq)}})},
        {"f8 SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n",
         cmd("f8", "SEARCH", search(false, std::nullopt, {modseqKey(620162338)}))},
        {"f9 STATUS INBOX (HIGHESTMODSEQ)\r\n", cmd("f9", "STATUS", Status{"INBOX", {StatusItem::HighestModseq}})},
        {"g1 UID SEARCH RETURN (MIN count) CHARSET UTF-8 ALL\r\n",
         cmd("g1", "UID SEARCH", esearch(true, 1 | 8, "UTF-8", {key(SK::All)}))},
        {"g2 SEARCH RETURN () SEEN\r\n", cmd("g2", "SEARCH", esearch(false, 4, std::nullopt, {key(SK::Seen)}))},
        {"g3 LIST \"\" (a \"b/%\") RETURN (children STATUS (MESSAGES UIDNEXT))\r\n",
         cmd("g3", "LIST", List{{}, "", "a", {"CHILDREN", "STATUS"}, {"b/%"}, {StatusItem::Messages, StatusItem::UidNext}})},
        {"f4 STORE 2 flags.silent (\\Flagged Work)\r\n",
         cmd("f4", "STORE", Store{false, set("2"), StoreMode::Replace, true, {"\\Flagged", "Work"}})},
        {"g1 COPY 1:2 Trash\r\n", cmd("g1", "COPY", Copy{false, set("1:2"), "Trash"})},
        {"g2 UID COPY 5 \"Sent Items\"\r\n", cmd("g2", "UID COPY", Copy{true, set("5"), "Sent Items"})},
        {"g3 MOVE 1 Archive\r\n", cmd("g3", "MOVE", Move{false, set("1"), "Archive"})},
        {"g4 UID MOVE 3:* inbox\r\n", cmd("g4", "UID MOVE", Move{true, set("3:*"), "INBOX"})},
        // RFC 5256 SORT and THREAD, RFC 5957 keys, RFC 5267 SORT RETURN
        {"h1 SORT (REVERSE date subject) UTF-8 ALL\r\n",
         cmd("h1", "SORT", Sort{false, {{SortKey::Date, true}, {SortKey::Subject, false}}, "UTF-8",
                                group(SK::And, {key(SK::All)})})},
        {"h2 UID SORT RETURN (MIN) (DISPLAYFROM REVERSE DISPLAYTO) \"US-ASCII\" SEEN UNDELETED\r\n",
         cmd("h2", "UID SORT", Sort{true, {{SortKey::DisplayFrom, false}, {SortKey::DisplayTo, true}}, "US-ASCII",
                                    group(SK::And, {key(SK::Seen), key(SK::Undeleted)}), 1})},
        {"h3 SORT RETURN () (ARRIVAL CC FROM SIZE TO) utf-8 ALL\r\n",
         cmd("h3", "SORT", Sort{false, {{SortKey::Arrival}, {SortKey::Cc}, {SortKey::From}, {SortKey::Size}, {SortKey::To}},
                                "utf-8", group(SK::And, {key(SK::All)}), 4})},
        // RFC 5267 4: CONTEXT, UPDATE, PARTIAL (a reversed range is the same range) and CANCELUPDATE
        {"k1 UID SEARCH RETURN (UPDATE context PARTIAL 10:1 COUNT) UNSEEN\r\n",
         cmd("k1", "UID SEARCH", [] {
             Search s = esearch(true, 16 | 32 | 64 | 8, std::nullopt, {key(SK::Unseen)});
             s.partial = PartialRange{1, 10};
             return s;
         }())},
        {"k2 SORT RETURN (PARTIAL 1:500) (DATE) UTF-8 ALL\r\n",
         cmd("k2", "SORT", Sort{false, {{SortKey::Date}}, "UTF-8", group(SK::And, {key(SK::All)}), 64, PartialRange{1, 500}})},
        {"k3 CANCELUPDATE \"a1\" \"b 2\"\r\n", cmd("k3", "CANCELUPDATE", CancelUpdate{{"a1", "b 2"}})},
        {"h4 THREAD references UTF-8 ALL\r\n",
         cmd("h4", "THREAD", Thread{false, ThreadAlgorithm::References, "UTF-8", group(SK::And, {key(SK::All)})})},
        {"h5 UID THREAD ORDEREDSUBJECT UTF-8 SEEN\r\n",
         cmd("h5", "UID THREAD", Thread{true, ThreadAlgorithm::OrderedSubject, "UTF-8", group(SK::And, {key(SK::Seen)})})},
    };
}

/// Bad lines, one or more per command family, with the tag the error must carry.
struct BadCase {
    std::string input;
    std::string tag;
    ParseErrorKind kind = ParseErrorKind::Syntax;
};

std::vector<BadCase> badCorpus() {
    return {
        {"x1 CAPABILITY now\r\n", "x1"},
        {"y1 FETCH 1 FLAGS (CHANGEDSINCE)\r\n", "y1"},
        {"y2 SORT (FOO) UTF-8 ALL\r\n", "y2"},
        {"y3 SORT (REVERSE) UTF-8 ALL\r\n", "y3"},
        {"y4 SORT () UTF-8 ALL\r\n", "y4"},
        {"y5 SORT DATE UTF-8 ALL\r\n", "y5"},
        {"y6 SORT (DATE) UTF-8\r\n", "y6"},
        {"y7 SORT (REVERSE REVERSE DATE) UTF-8 ALL\r\n", "y7"},
        {"y8 UID SORT RETURN (PARTIAL 0:5) (DATE) UTF-8 ALL\r\n", "y8"},  // nz-number (RFC 5267 4.4)
        {"y9 THREAD FOO UTF-8 ALL\r\n", "y9"},
        {"z1 THREAD REFERENCES\r\n", "z1"},
        {"z2 UID THREAD (REFERENCES) UTF-8 ALL\r\n", "z2"},
        {"y2 FETCH 1 FLAGS (CHANGEDSINCE 0)\r\n", "y2"},
        {"y3 FETCH 1 FLAGS (VANISHING 4)\r\n", "y3"},
        {"y4 STORE 1 (UNCHANGEDSINCE x) FLAGS ()\r\n", "y4"},
        {"y5 SEARCH MODSEQ\r\n", "y5"},
        {"y7 SEARCH RETURN (SAVE) ALL\r\n", "y7"},
        // RFC 5267 4.4 partial-range = nz-number ":" nz-number; one PARTIAL or one ALL
        {"k4 SEARCH RETURN (PARTIAL 1) ALL\r\n", "k4"},
        {"k5 SEARCH RETURN (PARTIAL 1:*) ALL\r\n", "k5"},
        {"k6 SEARCH RETURN (PARTIAL -1:-5) ALL\r\n", "k6"},
        {"k7 SEARCH RETURN (ALL PARTIAL 1:5) ALL\r\n", "k7"},
        {"k8 SEARCH RETURN (PARTIAL 1:5 PARTIAL 6:9) ALL\r\n", "k8"},
        {"k9 SEARCH RETURN (PARTIAL) ALL\r\n", "k9"},
        {"k10 CANCELUPDATE\r\n", "k10"},
        {"k11 CANCELUPDATE a1\r\n", "k11"},  // quoted only (RFC 5267 5)
        {"y8 SEARCH RETURN MIN ALL\r\n", "y8"},
        {"y6 SEARCH MODSEQ \"/flags/x\" mine 3\r\n", "y6"},
        {"x2 NOOP (\r\n", "x2"},
        {"x3 ID (\"name\")\r\n", "x3"},
        {"x4 ID name\r\n", "x4"},
        {"x4b ID (name \"x\")\r\n", "x4b"},
        {"x5 LOGIN fred\r\n", "x5"},
        {"x6 LOGIN fred pass extra\r\n", "x6"},
        {"x6b LOGIN fred (pass)\r\n", "x6b"},
        {"x6c LOGOUT now\r\n", "x6c"},
        {"x6d STARTTLS x\r\n", "x6d"},
        {"x7 AUTHENTICATE\r\n", "x7"},
        {"x8 AUTHENTICATE PLAIN not*base64\r\n", "x8"},
        {"x8b AUTHENTICATE PLAIN abc\r\n", "x8b"},
        {"x9 SELECT\r\n", "x9"},
        {"x10 EXAMINE a b\r\n", "x10"},
        {"x10b SELECT a*\r\n", "x10b"},
        {"x11 CREATE\r\n", "x11"},
        {"x11b DELETE (a)\r\n", "x11b"},
        {"x11c SUBSCRIBE\r\n", "x11c"},
        {"x12 RENAME a\r\n", "x12"},
        {"x13 LIST \"\"\r\n", "x13"},
        {"x14 LIST \"\" * RETURN\r\n", "x14"},
        {"x14b LIST \"\" * FOO (x)\r\n", "x14b"},
        {"x14c LIST \"\" ()\r\n", "x14c"},
        {"x14d LIST \"\" % RETURN (STATUS)\r\n", "x14d"},
        {"x15 LSUB * \"\"\r\n", "x15"},
        {"x16 STATUS INBOX ()\r\n", "x16"},
        {"x17 STATUS INBOX (SIZE)\r\n", "x17"},
        {"x18 STATUS INBOX MESSAGES\r\n", "x18"},
        {"x19 APPEND INBOX \"message\"\r\n", "x19"},
        {"x20 APPEND INBOX (\\Seen) \"bad date\" {1+}\r\nx\r\n", "x20"},
        {"x20b APPEND INBOX {1+}\r\nx extra\r\n", "x20b"},
        {"x20c APPEND INBOX (\\) {1+}\r\nx\r\n", "x20c"},
        {"x21 ENABLE\r\n", "x21"},
        {"x21b NAMESPACE x\r\n", "x21b"},
        {"x21c IDLE now\r\n", "x21c"},
        {"x22 EXPUNGE 1\r\n", "x22"},
        {"x23 UID EXPUNGE\r\n", "x23"},
        {"x24 UID EXPUNGE 0\r\n", "x24"},
        {"x24b CHECK x\r\n", "x24b"},
        {"x24c CLOSE x\r\n", "x24c"},
        {"x24d UNSELECT x\r\n", "x24d"},
        {"x25 SEARCH\r\n", "x25"},
        {"x26 SEARCH FOO\r\n", "x26"},
        {"x27 SEARCH BEFORE 31-Feb-2020\r\n", "x27"},
        {"x28 SEARCH OR SEEN\r\n", "x28"},
        {"x29 SEARCH LARGER x\r\n", "x29"},
        {"x30 SEARCH ()\r\n", "x30"},
        {"x31 SEARCH 0\r\n", "x31"},
        {"x31b SEARCH CHARSET\r\n", "x31b"},
        {"x31c UID SEARCH UID\r\n", "x31c"},
        {"x31d SEARCH " + repeated("NOT ", 400) + "SEEN\r\n", "x31d"},
        {"x32 FETCH 1\r\n", "x32"},
        {"x33 FETCH 0 FLAGS\r\n", "x33"},
        {"x34 FETCH 1 (ALL)\r\n", "x34"},
        {"x35 FETCH 1 BODY[HEADER.FIELDS]\r\n", "x35"},
        {"x36 FETCH 1 BODY[1]<5>\r\n", "x36"},
        {"x36b FETCH 1 BODY[1]<5.0>\r\n", "x36b"},
        {"x37 FETCH 1:* ()\r\n", "x37"},
        {"x38 FETCH 1 BODY[0]\r\n", "x38"},
        {"x38b FETCH 1 BODY[MIME]\r\n", "x38b"},
        {"x38c FETCH 1 BODY[1.]\r\n", "x38c"},
        {"x38d FETCH 1 BINARY.SIZE[TEXT]<0.1>\r\n", "x38d"},
        {"x38e FETCH 1 BINARY.SIZE[1]<0.1>\r\n", "x38e"},
        {"x38e FETCH 1 (FLAGS) extra\r\n", "x38e"},
        {"x39 FETCH 1 (FLAGS\r\n", "x39"},
        {"x40 STORE 1 FLAGS\r\n", "x40"},
        {"x41 STORE 1 *FLAGS (\\Seen)\r\n", "x41"},
        {"x42 STORE 1 +FLAGS (\\)\r\n", "x42"},
        {"x42b STORE 1 +FLAGS (\\Seen) \\Deleted\r\n", "x42b"},
        {"x43 COPY 1\r\n", "x43"},
        {"x44 UID COPY x INBOX\r\n", "x44"},
        {"x45 MOVE 1:2\r\n", "x45"},
        {"x46 UID\r\n", "x46"},
        {"x47 UID FOO 1\r\n", "x47", ParseErrorKind::UnknownCommand},
        {"x48 FOO\r\n", "x48", ParseErrorKind::UnknownCommand},
        {"x49 UID NOOP\r\n", "x49", ParseErrorKind::UnknownCommand},
        {"x49b \"NOOP\"\r\n", "x49b", ParseErrorKind::UnknownCommand},
        {"x50 SELECT \"unterminated\r\n", "x50"},
        {"x51 SELECT \"bad\\escape\"\r\n", "x51"},
        {"x52 FETCH 1 (FLAGS)(UID)\r\n", "x52"},
        {"x53 LOGIN \"a\\q\" {3+}\r\nabc\r\n", "x53"},
        {"x54 LOGIN ) {3}\r\n", "x54"},
        {"+ NOOP\r\n", "*"},
        {"* NOOP\r\n", "*"},
        {"a+b NOOP\r\n", "*"},
        {"\r\n", "*", ParseErrorKind::EmptyLine},
        {"   \r\n", "*", ParseErrorKind::EmptyLine},
        {"x55\r\n", "x55"},
    };
}

}  // namespace

TEST_SUITE("imap.parser") {

TEST_CASE("every command form parses into its typed struct") {
    for (const Case& c : commandCorpus()) {
        CAPTURE(c.input);
        CHECK(commandOf(c.input) == c.expected);
    }
}

TEST_CASE("bad syntax in every family: a non-fatal error with the tag, then the next command parses") {
    for (const BadCase& c : badCorpus()) {
        CAPTURE(c.input);
        const auto outcomes = parseAll(c.input + "z1 NOOP\r\n");
        REQUIRE(outcomes.size() == 2);
        const ParseError& e = errorOf(outcomes[0]);
        CHECK(e.tag == c.tag);
        CHECK(e.kind == c.kind);
        CHECK_FALSE(e.fatal);
        CHECK_FALSE(e.text.empty());
        CHECK(commandIn(outcomes[1]) == cmd("z1", "NOOP", Noop{}));
    }
}

TEST_CASE("the whole corpus in one stream gives, in order, what each case gives alone") {
    std::string stream;
    std::vector<Outcome> expected;
    for (const Case& c : commandCorpus()) {
        stream += c.input;
        for (Outcome& o : parseAll(c.input)) expected.push_back(std::move(o));
        if (std::holds_alternative<Idle>(c.expected.args)) {  // the session reads DONE raw
            stream += "DONE\r\n";
            expected.push_back({RawLineResult(RawLine{"DONE"})});
        }
        if (const auto* a = std::get_if<Authenticate>(&c.expected.args); a && !a->initialResponse) {
            stream += "*\r\n";
            expected.push_back({RawLineResult(RawLine{"*"})});
        }
    }
    for (const BadCase& c : badCorpus()) {
        stream += c.input;
        for (Outcome& o : parseAll(c.input)) expected.push_back(std::move(o));
    }
    const auto outcomes = parseAll(stream);
    REQUIRE(outcomes.size() == expected.size());
    for (std::size_t i = 0; i < outcomes.size(); ++i) CHECK(outcomes[i] == expected[i]);
}

TEST_CASE("{n}: ContinuationNeeded exactly when the line ending in {n} is complete") {
    Parser p;
    p.feed("a1 LOGIN {4}");
    CHECK(p.next() == ParseResult(NeedMore{}));
    p.feed("\r");
    CHECK(p.next() == ParseResult(NeedMore{}));
    p.feed("\n");
    CHECK(p.next() == ParseResult(ContinuationNeeded{"Ready for literal data", "a1", "LOGIN", 4}));
    CHECK(p.next() == ParseResult(NeedMore{}));
    p.feed("fre");
    CHECK(p.next() == ParseResult(NeedMore{}));
    p.feed("d");
    CHECK(p.next() == ParseResult(NeedMore{}));
    p.feed(" {6}\r\n");
    const auto r = p.next();
    REQUIRE(std::holds_alternative<ContinuationNeeded>(r));
    CHECK_FALSE(std::get<ContinuationNeeded>(r).text.empty());
    p.feed("secret\r\n");
    CHECK(p.next() == ParseResult(cmd("a1", "LOGIN", Login{"fred", "secret"})));
    CHECK(p.next() == ParseResult(NeedMore{}));
}

TEST_CASE("the session may refuse a literal instead of sending \"+\"") {
    Parser p;
    p.feed("a1 uid search TEXT {7}\r\na2 NOOP\r\n");
    const auto r = p.next();
    REQUIRE(std::holds_alternative<ContinuationNeeded>(r));
    CHECK(std::get<ContinuationNeeded>(r).tag == "a1");
    CHECK(std::get<ContinuationNeeded>(r).command == "UID SEARCH");
    CHECK(std::get<ContinuationNeeded>(r).size == 7);
    p.refuseLiteral();
    CHECK(p.next() == ParseResult(cmd("a2", "NOOP", Noop{})));
    p.refuseLiteral();  // nothing pending: no effect
    p.feed("a3 NOOP\r\n");
    CHECK(p.next() == ParseResult(cmd("a3", "NOOP", Noop{})));
}

TEST_CASE("{n+}: no continuation request") {
    const auto outcomes = parseAll("a1 APPEND INBOX (\\Seen) {5+}\r\nHello\r\n");
    REQUIRE(outcomes.size() == 1);
    CHECK(commandIn(outcomes[0]) == cmd("a1", "APPEND", Append{"INBOX", {"\\Seen"}, std::nullopt, "Hello", true}));
}

TEST_CASE("a synchronizing literal in a command already known to be bad gets no continuation") {
    for (std::string_view line : {"a1 FOO {5}\r\n", "a1 {5}\r\n", "{5}\r\n", "a1 UID {5}\r\n", "a1 UID BAR {5}\r\n"}) {
        CAPTURE(line);
        const auto outcomes = parseAll(std::string(line) + "a2 NOOP\r\n");
        REQUIRE(outcomes.size() == 2);
        CHECK_FALSE(isContinuation(outcomes[0]));
        CHECK(errorOf(outcomes[0]).tag == (line.starts_with('{') ? "*" : "a1"));
        CHECK(commandIn(outcomes[1]).tag == "a2");
    }
}

TEST_CASE("{4294967295} is refused at once, without allocating it") {
    for (std::string_view size : {"4294967295", "52428801", "99999999999999999999999999999"}) {
        CAPTURE(size);
        Parser p;
        g_largestAllocation = 0;
        p.feed("a1 APPEND INBOX {" + std::string(size) + "}\r\n");
        const auto r = p.next();
        REQUIRE(std::holds_alternative<ParseError>(r));
        const auto& e = std::get<ParseError>(r);
        CHECK(e.kind == ParseErrorKind::LiteralTooBig);
        CHECK(e.tag == "a1");
        CHECK_FALSE(e.fatal);  // the client waits for "+", which never comes
        CHECK(g_largestAllocation < 64 * 1024);
        p.feed("a2 NOOP\r\n");
        CHECK(p.next() == ParseResult(cmd("a2", "NOOP", Noop{})));
    }
    const auto outcomes = parseAll("a1 APPEND INBOX {52428800}\r\n");  // exactly the default cap is fine
    REQUIRE(outcomes.size() == 1);
    CHECK(isContinuation(outcomes[0]));
}

TEST_CASE("an oversized {n+} literal is fatal: the client sends the data anyway") {
    Parser p;
    g_largestAllocation = 0;
    p.feed("a1 APPEND INBOX {4294967295+}\r\nFrom: x\r\n");
    const auto r = p.next();
    REQUIRE(std::holds_alternative<ParseError>(r));
    const auto& e = std::get<ParseError>(r);
    CHECK(e.kind == ParseErrorKind::LiteralTooBig);
    CHECK(e.tag == "a1");
    CHECK(e.fatal);
    CHECK(g_largestAllocation < 64 * 1024);
    CHECK(p.failed());
    p.feed("a2 NOOP\r\n");
    CHECK(p.next() == ParseResult(NeedMore{}));
}

TEST_CASE("overlong lines are refused with the tag, and the next command parses") {
    TokenizerLimits small;
    small.maxLineLength = 64;
    auto outcomes = parseAll("a1 LOGIN " + std::string(100, 'x') + " y\r\na2 NOOP\r\n", small);
    REQUIRE(outcomes.size() == 2);
    CHECK(errorOf(outcomes[0]).kind == ParseErrorKind::LineTooLong);
    CHECK(errorOf(outcomes[0]).tag == "a1");
    CHECK_FALSE(errorOf(outcomes[0]).fatal);
    CHECK(commandIn(outcomes[1]).tag == "a2");

    // A line with no space in it has no tag to echo: the answer is untagged, not 64 KB long.
    outcomes = parseAll(std::string(100, 'z') + "\r\na3 NOOP\r\n", small);
    REQUIRE(outcomes.size() == 2);
    CHECK(errorOf(outcomes[0]).kind == ParseErrorKind::LineTooLong);
    CHECK(errorOf(outcomes[0]).tag == "*");  // untagged
    CHECK(commandIn(outcomes[1]).tag == "a3");

    // the default cap is 64 KiB of text; literal data does not count toward it
    outcomes = parseAll("b1 SELECT " + std::string(70 * 1024, 'm') + "\r\nb2 NOOP\r\n");
    REQUIRE(outcomes.size() == 2);
    CHECK(errorOf(outcomes[0]).kind == ParseErrorKind::LineTooLong);
    CHECK(commandIn(outcomes[1]).tag == "b2");
    const std::string big(100 * 1024, 'q');
    outcomes = parseAll("c1 APPEND INBOX {" + std::to_string(big.size()) + "+}\r\n" + big + "\r\n");
    REQUIRE(outcomes.size() == 1);
    CHECK(std::get<Append>(commandIn(outcomes[0]).args).message == big);
}

TEST_CASE("quoted strings with escapes, literals with CRLF and binary bytes") {
    CHECK(commandOf("a LOGIN \"fr\\\"ed\" \"back\\\\slash\"\r\n") == cmd("a", "LOGIN", Login{"fr\"ed", "back\\slash"}));
    const std::string eight = "line1\r\nline2\r\n\x01\x7f\x80\xff"s;
    CHECK(commandOf("a APPEND INBOX {" + std::to_string(eight.size()) + "}\r\n" + eight + "\r\n") ==
          cmd("a", "APPEND", Append{"INBOX", {}, std::nullopt, eight, false}));
    // RFC 3501 9: a literal is CHAR8, no NUL; RFC 3516 4.4: such data goes as literal8.
    const std::string binary = eight + "\x00"s;
    CHECK(commandOf("a APPEND INBOX ~{" + std::to_string(binary.size()) + "}\r\n" + binary + "\r\n") ==
          cmd("a", "APPEND", Append{"INBOX", {}, std::nullopt, binary, false, true}));
    const auto refused = parseAll("a APPEND INBOX {" + std::to_string(binary.size()) + "+}\r\n" + binary + "\r\n");
    REQUIRE(refused.size() == 1);
    CHECK(std::get<ParseError>(std::get<ParseResult>(refused[0].result)).text ==
          "APPEND: The message holds NUL: send it as literal8 ~{n} (RFC 3516)");
    CHECK(commandOf("a LOGIN {5}\r\n{3}\r\n {2}\r\n\r\n\r\n") == cmd("a", "LOGIN", Login{"{3}\r\n", "\r\n"}));
}

TEST_CASE("pipelined commands in one chunk, IDLE/DONE and AUTHENTICATE lines read raw") {
    const auto outcomes = parseAll(
        "a1 NOOP\r\na2 LOGIN {3+}\r\nabc \"pw\"\r\na3 SELECT INBOX\r\na4 IDLE\r\nDONE\r\n"
        "a5 AUTHENTICATE PLAIN\r\nAGZyZWQAc2VjcmV0\r\na6 FETCH 1:* FLAGS\r\na7 LOGOUT\r\n");
    REQUIRE(outcomes.size() == 9);
    CHECK(commandIn(outcomes[0]) == cmd("a1", "NOOP", Noop{}));
    CHECK(commandIn(outcomes[1]) == cmd("a2", "LOGIN", Login{"abc", "pw"}));
    CHECK(commandIn(outcomes[2]) == cmd("a3", "SELECT", Select{"INBOX", false, {}}));
    CHECK(commandIn(outcomes[3]) == cmd("a4", "IDLE", Idle{}));
    CHECK(outcomes[4] == Outcome{RawLineResult(RawLine{"DONE"})});
    CHECK(commandIn(outcomes[5]) == cmd("a5", "AUTHENTICATE", Authenticate{"PLAIN", std::nullopt}));
    CHECK(outcomes[6] == Outcome{RawLineResult(RawLine{"AGZyZWQAc2VjcmV0"})});
    CHECK(commandIn(outcomes[7]) == cmd("a6", "FETCH", Fetch{false, set("1:*"), {att(FK::Flags)}}));
    CHECK(commandIn(outcomes[8]) == cmd("a7", "LOGOUT", Logout{}));
}

TEST_CASE("the parser reads no further than the result it gives") {
    Parser p;
    p.feed("a1 IDLE\r\nDONE\r\na2 NOOP\r\n");
    CHECK(p.next() == ParseResult(cmd("a1", "IDLE", Idle{})));
    CHECK(p.buffered() == "DONE\r\na2 NOOP\r\n"sv.size());
    CHECK(p.nextRawLine() == RawLineResult(RawLine{"DONE"}));
    CHECK(p.next() == ParseResult(cmd("a2", "NOOP", Noop{})));
}

TEST_CASE("a raw line is refused in the middle of a command") {
    Parser p;
    p.feed("a1 LOGIN {3}\r\n");
    REQUIRE(std::holds_alternative<ContinuationNeeded>(p.next()));
    CHECK(std::holds_alternative<ParseError>(p.nextRawLine()));
    p.feed("abc x\r\n");
    CHECK(p.next() == ParseResult(cmd("a1", "LOGIN", Login{"abc", "x"})));
}

TEST_CASE("reset after STARTTLS drops plaintext pipelined behind it") {
    Parser p;
    p.feed("a1 STARTTLS\r\na2 LOGIN fred secret\r\n");
    CHECK(p.next() == ParseResult(cmd("a1", "STARTTLS", StartTls{})));
    p.reset();
    CHECK(p.buffered() == 0);
    CHECK(p.next() == ParseResult(NeedMore{}));
    p.feed("a3 CAPABILITY\r\n");
    CHECK(p.next() == ParseResult(cmd("a3", "CAPABILITY", Capability{})));
}

TEST_CASE("isKnownCommand follows the command table") {
    CHECK(isKnownCommand("fetch"));
    CHECK(isKnownCommand("UID"));
    CHECK(isKnownCommand("uid move"));
    CHECK_FALSE(isKnownCommand("XLIST"));
    CHECK_FALSE(isKnownCommand("UID NOOP"));
}

}  // TEST_SUITE
