// Typed IMAP commands (RFC 3501 6): comparison and a readable debug form for tests and logs.
#include "protocols/imap/command.h"

#include <ostream>

namespace mailscope::imap {

namespace {

bool sameTime(const std::optional<core::CivilTime>& a, const std::optional<core::CivilTime>& b) {
    if (!a || !b) return !a && !b;
    return a->year == b->year && a->month == b->month && a->day == b->day && a->hour == b->hour &&
           a->minute == b->minute && a->second == b->second && a->zoneMinutes == b->zoneMinutes;
}

std::ostream& printStrings(std::ostream& os, const std::vector<std::string>& items) {
    os << '(';
    for (std::size_t i = 0; i < items.size(); ++i) os << (i ? " " : "") << items[i];
    return os << ')';
}

std::ostream& printQuoted(std::ostream& os, std::string_view s) { return os << Value::quoted(std::string(s)); }

std::string_view keyName(SearchKey::Kind k) {
    using K = SearchKey::Kind;
    switch (k) {
        case K::All: return "ALL";               case K::Answered: return "ANSWERED";
        case K::Bcc: return "BCC";               case K::Before: return "BEFORE";
        case K::Body: return "BODY";             case K::Cc: return "CC";
        case K::Deleted: return "DELETED";       case K::Draft: return "DRAFT";
        case K::Flagged: return "FLAGGED";       case K::From: return "FROM";
        case K::Header: return "HEADER";         case K::Keyword: return "KEYWORD";
        case K::Larger: return "LARGER";         case K::New: return "NEW";
        case K::Not: return "NOT";               case K::Old: return "OLD";
        case K::On: return "ON";                 case K::Or: return "OR";
        case K::Recent: return "RECENT";         case K::Seen: return "SEEN";
        case K::SentBefore: return "SENTBEFORE"; case K::SentOn: return "SENTON";
        case K::SentSince: return "SENTSINCE";   case K::Since: return "SINCE";
        case K::Smaller: return "SMALLER";       case K::Subject: return "SUBJECT";
        case K::Text: return "TEXT";             case K::To: return "TO";
        case K::Uid: return "UID";               case K::Unanswered: return "UNANSWERED";
        case K::Undeleted: return "UNDELETED";   case K::Undraft: return "UNDRAFT";
        case K::Unflagged: return "UNFLAGGED";   case K::Unkeyword: return "UNKEYWORD";
        case K::Unseen: return "UNSEEN";         case K::SequenceSet: return "SET";
        case K::And: return "AND";               case K::Modseq: return "MODSEQ";
    }
    return "?";
}

std::string_view statusName(StatusItem item) {
    switch (item) {
        case StatusItem::Messages: return "MESSAGES";
        case StatusItem::Recent: return "RECENT";
        case StatusItem::UidNext: return "UIDNEXT";
        case StatusItem::UidValidity: return "UIDVALIDITY";
        case StatusItem::Unseen: return "UNSEEN";
        case StatusItem::HighestModseq: return "HIGHESTMODSEQ";
    }
    return "?";
}

std::ostream& printSection(std::ostream& os, const SectionSpec& s) {
    os << '[';
    for (std::size_t i = 0; i < s.part.size(); ++i) os << (i ? "." : "") << s.part[i];
    const char* sep = s.part.empty() ? "" : ".";
    switch (s.kind) {
        case SectionSpec::Kind::Full: break;
        case SectionSpec::Kind::Header: os << sep << "HEADER"; break;
        case SectionSpec::Kind::HeaderFields: os << sep << "HEADER.FIELDS "; printStrings(os, s.fields); break;
        case SectionSpec::Kind::HeaderFieldsNot: os << sep << "HEADER.FIELDS.NOT "; printStrings(os, s.fields); break;
        case SectionSpec::Kind::Text: os << sep << "TEXT"; break;
        case SectionSpec::Kind::Mime: os << sep << "MIME"; break;
    }
    os << ']';
    if (s.partialStart) os << '<' << *s.partialStart << '.' << s.partialCount.value_or(0) << '>';
    return os;
}

/// The arguments of each command, roughly as they would be written on the wire.
struct ArgsPrinter {
    std::ostream& os;

    void operator()(const Capability&) const {}
    void operator()(const Noop&) const {}
    void operator()(const Logout&) const {}
    void operator()(const StartTls&) const {}
    void operator()(const Namespace&) const {}
    void operator()(const Idle&) const {}
    void operator()(const Check&) const {}
    void operator()(const Close&) const {}
    void operator()(const Unselect&) const {}
    void operator()(const Id& id) const {
        if (!id.params) {
            os << " NIL";
            return;
        }
        os << " (";
        bool first = true;
        for (const auto& [field, value] : id.params.value()) {
            os << (first ? "" : " ");
            printQuoted(os, field) << ' ';
            if (value) printQuoted(os, *value);
            else os << "NIL";
            first = false;
        }
        os << ')';
    }
    void operator()(const Authenticate& a) const {
        os << ' ' << a.mechanism;
        if (a.initialResponse) os << ' ' << *a.initialResponse;
    }
    void operator()(const Login& l) const {
        os << ' ';
        printQuoted(os, l.user) << ' ';
        printQuoted(os, l.password);
    }
    void operator()(const Select& s) const {
        os << ' ';
        printQuoted(os, s.mailbox);
        if (!s.parameters.empty()) os << ' ' << Value::list(s.parameters);
    }
    void operator()(const Create& c) const { printQuoted(os << ' ', c.mailbox); }
    void operator()(const Delete& d) const { printQuoted(os << ' ', d.mailbox); }
    void operator()(const Subscribe& s) const { printQuoted(os << ' ', s.mailbox); }
    void operator()(const Unsubscribe& u) const { printQuoted(os << ' ', u.mailbox); }
    void operator()(const Rename& r) const {
        printQuoted(os << ' ', r.from);
        printQuoted(os << ' ', r.to);
    }
    void operator()(const List& l) const {
        if (!l.selectOptions.empty()) printStrings(os << ' ', l.selectOptions);
        printQuoted(os << ' ', l.reference);
        printQuoted(os << ' ', l.pattern);
        for (const std::string& p : l.morePatterns) printQuoted(os << ' ', p);
        if (!l.returnOptions.empty()) printStrings(os << " RETURN ", l.returnOptions);
        for (StatusItem item : l.statusItems) os << ' ' << statusName(item);
    }
    void operator()(const Lsub& l) const {
        printQuoted(os << ' ', l.reference);
        printQuoted(os << ' ', l.pattern);
    }
    void operator()(const Status& s) const {
        printQuoted(os << ' ', s.mailbox) << " (";
        for (std::size_t i = 0; i < s.items.size(); ++i) os << (i ? " " : "") << statusName(s.items[i]);
        os << ')';
    }
    void operator()(const Append& a) const {
        printQuoted(os << ' ', a.mailbox);
        printStrings(os << ' ', a.flags);
        if (a.internalDate)
            os << ' ' << a.internalDate->day << '-' << a.internalDate->month << '-' << a.internalDate->year << ' '
               << a.internalDate->hour << ':' << a.internalDate->minute << ':' << a.internalDate->second << " zone "
               << a.internalDate->zoneMinutes;
        printAppended(a);
        for (const Append& m : a.more) {
            printStrings(os << ' ', m.flags);
            printAppended(m);
        }
    }
    void printAppended(const Append& a) const {
        if (a.catenate.empty()) {
            os << ' ' << Value::literal(a.message, a.nonSynchronizing, a.binary);
            return;
        }
        os << " CATENATE (";
        for (std::size_t i = 0; i < a.catenate.size(); ++i) {
            const CatenatePart& part = a.catenate[i];
            os << (i ? " " : "") << (part.url ? "URL " : "TEXT ");
            if (part.url) printQuoted(os, part.text);
            else os << Value::literal(part.text, false, part.binary);
        }
        os << ')';
    }
    void operator()(const Enable& e) const {
        for (const std::string& c : e.capabilities) os << ' ' << c;
    }
    void operator()(const Expunge& e) const {
        if (e.uid) os << ' ' << e.set;
    }
    void operator()(const Search& s) const {
        if (s.returnOptions) os << " RETURN (" << static_cast<int>(*s.returnOptions) << ')';
        if (s.partial) os << " PARTIAL " << s.partial->first << ':' << s.partial->last;
        if (s.charset) os << " CHARSET " << *s.charset;
        os << ' ' << s.key;
    }
    void operator()(const Sort& s) const {
        if (s.returnOptions) os << " RETURN (" << static_cast<int>(*s.returnOptions) << ')';
        if (s.partial) os << " PARTIAL " << s.partial->first << ':' << s.partial->last;
        os << " (";
        for (std::size_t i = 0; i < s.criteria.size(); ++i)
            os << (i ? " " : "") << (s.criteria[i].reverse ? "REVERSE " : "") << sortKeyName(s.criteria[i].key);
        os << ") " << s.charset << ' ' << s.key;
    }
    void operator()(const CancelUpdate& c) const {
        for (const std::string& tag : c.tags) {
            os << " \"";
            for (char ch : tag) os << (ch == '"' || ch == '\\' ? "\\" : "") << ch;
            os << '"';
        }
    }
    void operator()(const Thread& t) const {
        os << (t.algorithm == ThreadAlgorithm::References ? " REFERENCES " : " ORDEREDSUBJECT ") << t.charset << ' '
           << t.key;
    }
    void operator()(const Fetch& f) const {
        os << ' ' << f.set << " (";
        for (std::size_t i = 0; i < f.attributes.size(); ++i) os << (i ? " " : "") << f.attributes[i];
        os << ')';
        if (f.changedSince) os << " (CHANGEDSINCE " << *f.changedSince << (f.vanished ? " VANISHED)" : ")");
    }
    void operator()(const Store& s) const {
        os << ' ' << s.set << ' ';
        if (s.unchangedSince) os << "(UNCHANGEDSINCE " << *s.unchangedSince << ") ";
        os << (s.mode == StoreMode::Add ? "+" : s.mode == StoreMode::Remove ? "-" : "")
           << "FLAGS" << (s.silent ? ".SILENT " : " ");
        printStrings(os, s.flags);
    }
    void operator()(const Copy& c) const { printQuoted(os << ' ' << c.set << ' ', c.mailbox); }
    void operator()(const Move& m) const { printQuoted(os << ' ' << m.set << ' ', m.mailbox); }
};

}  // namespace

bool operator==(const Append& a, const Append& b) {
    return a.mailbox == b.mailbox && a.flags == b.flags && sameTime(a.internalDate, b.internalDate) &&
           a.message == b.message && a.nonSynchronizing == b.nonSynchronizing && a.binary == b.binary &&
           a.catenate == b.catenate && a.more == b.more;
}

std::ostream& operator<<(std::ostream& os, const SearchKey& k) {
    using K = SearchKey::Kind;
    switch (k.kind) {
        case K::And:
            os << '(';
            for (std::size_t i = 0; i < k.children.size(); ++i) os << (i ? " " : "") << k.children[i];
            return os << ')';
        case K::SequenceSet: return os << k.set;
        case K::Uid: return os << "UID " << k.set;
        case K::Not: case K::Or:
            os << keyName(k.kind);
            for (const SearchKey& child : k.children) os << ' ' << child;
            return os;
        case K::Bcc: case K::Body: case K::Cc: case K::From: case K::Subject: case K::Text: case K::To:
            return printQuoted(os << keyName(k.kind) << ' ', k.text);
        case K::Header:
            printQuoted(os << "HEADER ", k.field) << ' ';
            return printQuoted(os, k.text);
        case K::Keyword: case K::Unkeyword: return os << keyName(k.kind) << ' ' << k.text;
        case K::Larger: case K::Smaller: return os << keyName(k.kind) << ' ' << k.number;
        case K::Modseq: return os << "MODSEQ " << k.modseq;
        case K::Before: case K::On: case K::Since: case K::SentBefore: case K::SentOn: case K::SentSince:
            return os << keyName(k.kind) << " day:" << k.day;
        default: return os << keyName(k.kind);
    }
}

std::ostream& operator<<(std::ostream& os, const FetchAttribute& a) {
    using K = FetchAttribute::Kind;
    switch (a.kind) {
        case K::Envelope: return os << "ENVELOPE";
        case K::Flags: return os << "FLAGS";
        case K::InternalDate: return os << "INTERNALDATE";
        case K::Rfc822: return os << "RFC822";
        case K::Rfc822Header: return os << "RFC822.HEADER";
        case K::Rfc822Size: return os << "RFC822.SIZE";
        case K::Rfc822Text: return os << "RFC822.TEXT";
        case K::Body: return os << "BODY";
        case K::BodyStructure: return os << "BODYSTRUCTURE";
        case K::Uid: return os << "UID";
        case K::Modseq: return os << "MODSEQ";
        case K::BodySection: return printSection(os << (a.peek ? "BODY.PEEK" : "BODY"), a.section);
        case K::Binary: return printSection(os << (a.peek ? "BINARY.PEEK" : "BINARY"), a.section);
        case K::BinarySize: return printSection(os << "BINARY.SIZE", a.section);
    }
    return os;
}

std::ostream& operator<<(std::ostream& os, const Command& c) {
    os << c.tag << ' ' << c.name;
    std::visit(ArgsPrinter{os}, c.args);
    return os;
}

}  // namespace mailscope::imap
