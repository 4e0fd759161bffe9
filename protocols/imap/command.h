// Typed IMAP commands as the server receives them (RFC 3501 6 and 9, with the extensions
// the server implements: SASL-IR 4959, UIDPLUS 4315, MOVE 6851, UNSELECT 3691, IDLE 2177,
// NAMESPACE 2342, ID 2971, ENABLE 5161, LIST-EXTENDED 5258 options).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/imap/message_parts.h"
#include "protocols/imap/sequence_set.h"
#include "protocols/imap/thread.h"
#include "protocols/imap/tokenizer.h"

namespace mailscope::imap {

// [SECTION] Any state (RFC 3501 6.1)

struct Capability { friend bool operator==(const Capability&, const Capability&) = default; };
struct Noop { friend bool operator==(const Noop&, const Noop&) = default; };
struct Logout { friend bool operator==(const Logout&, const Logout&) = default; };
/// ID (RFC 2971): NIL, or field/value pairs (a value may be NIL).
struct Id {
    std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> params;
    friend bool operator==(const Id&, const Id&) = default;
};

// [SECTION] Not authenticated (RFC 3501 6.2)

struct StartTls { friend bool operator==(const StartTls&, const StartTls&) = default; };
/// AUTHENTICATE mechanism [initial-response] (RFC 3501 6.2.2, RFC 4959 SASL-IR).
struct Authenticate {
    std::string mechanism;                       ///< upper-cased, e.g. "PLAIN"
    std::optional<std::string> initialResponse;  ///< base64 as sent, or "=" for an empty response
    friend bool operator==(const Authenticate&, const Authenticate&) = default;
};
struct Login {
    std::string user;      ///< astring bytes
    std::string password;  ///< astring bytes
    friend bool operator==(const Login&, const Login&) = default;
};

// [SECTION] Authenticated (RFC 3501 6.3)

/// SELECT and EXAMINE (RFC 3501 6.3.1, 6.3.2). Mailbox names are raw bytes (modified
/// UTF-7 undecoded), except that any case of "INBOX" is given as "INBOX" (RFC 3501 9).
struct Select {
    std::string mailbox;
    bool readOnly = false;           ///< EXAMINE
    std::vector<Value> parameters;   ///< RFC 4466 select-params "(CONDSTORE ...)", as written
    friend bool operator==(const Select&, const Select&) = default;
};
struct Create { std::string mailbox; friend bool operator==(const Create&, const Create&) = default; };
struct Delete { std::string mailbox; friend bool operator==(const Delete&, const Delete&) = default; };
struct Rename {
    std::string from;
    std::string to;
    friend bool operator==(const Rename&, const Rename&) = default;
};
struct Subscribe { std::string mailbox; friend bool operator==(const Subscribe&, const Subscribe&) = default; };
struct Unsubscribe { std::string mailbox; friend bool operator==(const Unsubscribe&, const Unsubscribe&) = default; };
/// A STATUS data item (RFC 3501 6.3.10).
enum class StatusItem {
    Messages,     ///< MESSAGES: number of messages
    Recent,       ///< RECENT: number with \Recent
    UidNext,      ///< UIDNEXT: next UID to be assigned
    UidValidity,  ///< UIDVALIDITY
    Unseen,       ///< UNSEEN: number without \Seen
    HighestModseq,  ///< HIGHESTMODSEQ: the mailbox's highest mod-sequence (RFC 7162 3.1.9)
};
/// LIST [(selection options)] reference pattern [RETURN (return options)] (RFC 3501 6.3.8,
/// RFC 5258). Options are atoms, upper-cased; both empty in the basic form.
struct List {
    std::vector<std::string> selectOptions;  ///< e.g. "SUBSCRIBED"
    std::string reference;                   ///< raw bytes, often ""
    std::string pattern;                     ///< raw bytes with % and * wildcards
    std::vector<std::string> returnOptions;  ///< e.g. "SPECIAL-USE", "CHILDREN", "STATUS"
    /// RFC 5258 3: with a parenthesized list of patterns, the ones after `pattern`.
    std::vector<std::string> morePatterns = {};
    /// RFC 5819: the items of the return option STATUS (...), in the order asked.
    std::vector<StatusItem> statusItems = {};
    friend bool operator==(const List&, const List&) = default;
};
struct Lsub {
    std::string reference;
    std::string pattern;
    friend bool operator==(const Lsub&, const Lsub&) = default;
};
struct Status {
    std::string mailbox;
    std::vector<StatusItem> items;  ///< in the order asked, at least one
    friend bool operator==(const Status&, const Status&) = default;
};
/// One part of APPEND ... CATENATE (...) (RFC 4469 5 cat-part).
struct CatenatePart {
    bool url = false;     ///< URL astring: text is the URL as sent; else TEXT literal: text holds its bytes
    bool binary = false;  ///< TEXT sent as literal8 ~{n} (RFC 3516 with RFC 4469)
    std::string text;
    friend bool operator==(const CatenatePart&, const CatenatePart&) = default;
};
/// APPEND mailbox [(flags)] ["date-time"] literal (RFC 3501 6.3.11), or CATENATE (...)
/// instead of the literal (RFC 4469).
struct Append {
    std::string mailbox;
    std::vector<std::string> flags;             ///< as written, e.g. "\Seen", "$Forwarded"
    std::optional<core::CivilTime> internalDate; ///< the date-time argument, if given
    std::string message;                        ///< the literal's bytes (empty with CATENATE)
    bool nonSynchronizing = false;              ///< sent as {n+}
    bool binary = false;                        ///< sent as literal8 ~{n} (RFC 3516 4.4)
    std::vector<CatenatePart> catenate = {};    ///< CATENATE's parts, in order; empty: a literal was sent
    /// RFC 3502 MULTIAPPEND: the messages after the first, each with its own flags, date
    /// and literal (their `mailbox` is unused).
    std::vector<Append> more = {};
    friend bool operator==(const Append& a, const Append& b);
};
struct Namespace { friend bool operator==(const Namespace&, const Namespace&) = default; };
/// ENABLE capability... (RFC 5161), names upper-cased.
struct Enable {
    std::vector<std::string> capabilities;
    friend bool operator==(const Enable&, const Enable&) = default;
};
struct Idle { friend bool operator==(const Idle&, const Idle&) = default; };

// [SECTION] Selected (RFC 3501 6.4)

struct Check { friend bool operator==(const Check&, const Check&) = default; };
struct Close { friend bool operator==(const Close&, const Close&) = default; };
struct Unselect { friend bool operator==(const Unselect&, const Unselect&) = default; };
/// EXPUNGE, or UID EXPUNGE set (RFC 4315 2.1).
struct Expunge {
    bool uid = false;
    SequenceSet set;  ///< UID EXPUNGE only
    friend bool operator==(const Expunge&, const Expunge&) = default;
};

/// One SEARCH key (RFC 3501 6.4.4), a tree.
struct SearchKey {
    /// Which key.
    enum class Kind {
        All,          ///< ALL
        Answered,     ///< ANSWERED: \Answered set
        Bcc,          ///< BCC string: in the Bcc header
        Before,       ///< BEFORE date: internal date earlier than date
        Body,         ///< BODY string: in the body
        Cc,           ///< CC string
        Deleted,      ///< DELETED
        Draft,        ///< DRAFT
        Flagged,      ///< FLAGGED
        From,         ///< FROM string
        Header,       ///< HEADER field string: field contains string (any value if string is empty)
        Keyword,      ///< KEYWORD flag
        Larger,       ///< LARGER n: RFC822.SIZE > n
        New,          ///< NEW: \Recent and not \Seen
        Not,          ///< NOT key (one child)
        Old,          ///< OLD: not \Recent
        On,           ///< ON date: internal date on that day
        Or,           ///< OR key key (two children)
        Recent,       ///< RECENT
        Seen,         ///< SEEN
        SentBefore,   ///< SENTBEFORE date: Date header earlier than date
        SentOn,       ///< SENTON date
        SentSince,    ///< SENTSINCE date: Date header on or after date
        Since,        ///< SINCE date: internal date on or after date
        Smaller,      ///< SMALLER n: RFC822.SIZE < n
        Subject,      ///< SUBJECT string
        Text,         ///< TEXT string: in header or body
        To,           ///< TO string
        Uid,          ///< UID set
        Unanswered,   ///< UNANSWERED
        Undeleted,    ///< UNDELETED
        Undraft,      ///< UNDRAFT
        Unflagged,    ///< UNFLAGGED
        Unkeyword,    ///< UNKEYWORD flag
        Unseen,       ///< UNSEEN
        SequenceSet,  ///< a message sequence set as a key
        And,          ///< a parenthesized group, or the whole key list: all children match
        Modseq,       ///< MODSEQ [entry type] n: mod-sequence >= n (RFC 7162 3.1.5)
    };
    Kind kind = Kind::All;
    std::string field;        ///< Header: the field name
    std::string text;         ///< string keys, Header's value, Keyword/Unkeyword's flag
    std::uint32_t number = 0; ///< Larger / Smaller
    std::int64_t day = 0;     ///< date keys: days since 1970-01-01 of the date named
    imap::SequenceSet set;    ///< Uid / SequenceSet
    std::vector<SearchKey> children;  ///< Not (1), Or (2), And (1 or more)
    std::uint64_t modseq = 0; ///< Modseq

    friend bool operator==(const SearchKey&, const SearchKey&) = default;
};
/// What an ESEARCH result holds (RFC 4731 3.1, RFC 5267 4), as bits.
enum class SearchReturn : std::uint8_t {
    Min = 1 << 0,      ///< MIN: the lowest message number or UID found
    Max = 1 << 1,      ///< MAX: the highest
    All = 1 << 2,      ///< ALL: every one, as a sequence set
    Count = 1 << 3,    ///< COUNT: how many
    Update = 1 << 4,   ///< UPDATE (RFC 5267 4.3): keep the result and send ADDTO / REMOVEFROM as it changes
    Context = 1 << 5,  ///< CONTEXT (RFC 5267 4.2): a hint that the search will be used again; adds no data
    Partial = 1 << 6,  ///< PARTIAL first:last (RFC 5267 4.4): that slice of the result; the range is in `partial`
};
/// The range of a PARTIAL return option (RFC 5267 4.4 partial-range = nz-number ":" nz-number),
/// 1-based positions in the result, first <= last ("500:400" is read as 400:500).
struct PartialRange {
    std::uint32_t first = 1;
    std::uint32_t last = 1;
    friend bool operator==(const PartialRange&, const PartialRange&) = default;
};

/// SEARCH / UID SEARCH [RETURN (options)] [CHARSET name] keys (RFC 3501 6.4.4, RFC 4731).
struct Search {
    bool uid = false;
    std::optional<std::string> charset;  ///< as written
    SearchKey key;                       ///< Kind::And of the keys given, in order
    /// RETURN (...): answer with ESEARCH holding these (SearchReturn bits; "RETURN ()"
    /// means ALL). nullopt: a plain SEARCH response.
    std::optional<std::uint8_t> returnOptions = std::nullopt;
    std::optional<PartialRange> partial = std::nullopt;  ///< RETURN (PARTIAL first:last), RFC 5267 4.4
    friend bool operator==(const Search&, const Search&) = default;
};

/// SORT / UID SORT [RETURN (options)] (criteria) charset keys (RFC 5256 BASE.6.4.SORT,
/// RFC 5957 DISPLAYFROM / DISPLAYTO, RFC 5267 3 ESORT).
struct Sort {
    bool uid = false;
    std::vector<SortCriterion> criteria;  ///< at least one, in the order given
    std::string charset;                  ///< as written (mandatory in SORT)
    SearchKey key;                        ///< Kind::And of the search keys given
    /// RETURN (...) (ESORT): answer with ESEARCH holding these SearchReturn bits, in sort
    /// order. nullopt: a plain SORT response.
    std::optional<std::uint8_t> returnOptions = std::nullopt;
    std::optional<PartialRange> partial = std::nullopt;  ///< RETURN (PARTIAL first:last), RFC 5267 4.4
    friend bool operator==(const Sort&, const Sort&) = default;
};

/// THREAD / UID THREAD algorithm charset keys (RFC 5256 BASE.6.4.THREAD).
struct Thread {
    bool uid = false;
    ThreadAlgorithm algorithm = ThreadAlgorithm::OrderedSubject;
    std::string charset;  ///< as written
    SearchKey key;        ///< Kind::And of the search keys given
    friend bool operator==(const Thread&, const Thread&) = default;
};
/// CANCELUPDATE "tag" ... (RFC 5267 4.3.5): the tags of the searches whose updates stop.
struct CancelUpdate {
    std::vector<std::string> tags;
    friend bool operator==(const CancelUpdate&, const CancelUpdate&) = default;
};

/// One FETCH data item (RFC 3501 6.4.5). ALL, FAST and FULL are expanded.
struct FetchAttribute {
    /// Which item.
    enum class Kind {
        Envelope,       ///< ENVELOPE
        Flags,          ///< FLAGS
        InternalDate,   ///< INTERNALDATE
        Rfc822,         ///< RFC822: like BODY[] (sets \Seen)
        Rfc822Header,   ///< RFC822.HEADER: like BODY.PEEK[HEADER]
        Rfc822Size,     ///< RFC822.SIZE
        Rfc822Text,     ///< RFC822.TEXT: like BODY[TEXT] (sets \Seen)
        Body,           ///< BODY: BODYSTRUCTURE without extension data
        BodyStructure,  ///< BODYSTRUCTURE
        Uid,            ///< UID
        BodySection,    ///< BODY[section]<partial> or BODY.PEEK[...] (see peek)
        Modseq,         ///< MODSEQ: the message's mod-sequence (RFC 7162 3.1.4.1)
        Binary,         ///< BINARY[part]<partial> or BINARY.PEEK[...]: the part transfer-decoded (RFC 3516 4.2)
        BinarySize,     ///< BINARY.SIZE[part]: the size of that decoded part (RFC 3516 4.2)
    };
    Kind kind = Kind::Flags;
    SectionSpec section;  ///< BodySection, Binary (part numbers and partial only), BinarySize (part only)
    bool peek = false;    ///< BODY.PEEK, BINARY.PEEK: do not set \Seen

    friend bool operator==(const FetchAttribute&, const FetchAttribute&) = default;
};
struct Fetch {
    bool uid = false;
    SequenceSet set;
    std::vector<FetchAttribute> attributes;  ///< in the order asked (macros expanded in place)
    std::optional<std::uint64_t> changedSince = std::nullopt;  ///< (CHANGEDSINCE n) modifier (RFC 7162 3.1.4.1)
    bool vanished = false;  ///< the VANISHED modifier with CHANGEDSINCE (RFC 7162 3.2.6)
    friend bool operator==(const Fetch&, const Fetch&) = default;
};

/// How STORE changes flags (RFC 3501 6.4.6).
enum class StoreMode {
    Replace,  ///< FLAGS
    Add,      ///< +FLAGS
    Remove,   ///< -FLAGS
};
struct Store {
    bool uid = false;
    SequenceSet set;
    StoreMode mode = StoreMode::Replace;
    bool silent = false;             ///< .SILENT: no untagged FETCH back
    std::vector<std::string> flags;  ///< as written
    std::optional<std::uint64_t> unchangedSince = std::nullopt;  ///< (UNCHANGEDSINCE n) modifier (RFC 7162 3.1.3)
    friend bool operator==(const Store&, const Store&) = default;
};
struct Copy {
    bool uid = false;
    SequenceSet set;
    std::string mailbox;
    friend bool operator==(const Copy&, const Copy&) = default;
};
/// MOVE / UID MOVE (RFC 6851).
struct Move {
    bool uid = false;
    SequenceSet set;
    std::string mailbox;
    friend bool operator==(const Move&, const Move&) = default;
};

// [SECTION] Command

using CommandArgs = std::variant<Capability, Noop, Logout, Id,                                  // any state
                                 StartTls, Authenticate, Login,                                // not authenticated
                                 Select, Create, Delete, Rename, Subscribe, Unsubscribe, List,  // authenticated
                                 Lsub, Status, Append, Namespace, Enable, Idle,
                                 Check, Close, Unselect, Expunge, Search, Fetch, Store, Copy,   // selected
                                 Move, Sort, Thread, CancelUpdate>;

/// One command line: tag, canonical name and typed arguments.
struct Command {
    std::string tag;
    std::string name;  ///< upper-case canonical name: "FETCH", "UID FETCH", "EXAMINE", ...
    CommandArgs args;

    friend bool operator==(const Command&, const Command&) = default;
};

std::ostream& operator<<(std::ostream& os, const SearchKey& k);
std::ostream& operator<<(std::ostream& os, const FetchAttribute& a);
std::ostream& operator<<(std::ostream& os, const Command& c);

}  // namespace mailscope::imap
