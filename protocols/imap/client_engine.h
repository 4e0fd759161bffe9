// An IMAP client engine, sans-I/O, for simulated devices: typed commands in, command bytes
// out (tags, quoting, modified UTF-7, literals); server bytes in (split anywhere), typed
// events out. RFC 3501 with LITERAL+ (7888), SASL-IR (4959), IDLE (2177), UIDPLUS (4315),
// MOVE (6851), UNSELECT (3691), NAMESPACE (2342), ID (2971), ENABLE (5161), and the client
// side of CONDSTORE / QRESYNC (7162): SELECT ... (QRESYNC ...), CHANGEDSINCE, MODSEQ, VANISHED.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/imap/sequence_set.h"
#include "protocols/imap/tokenizer.h"

// The client's commands and events live in imap::client, apart from the server's typed
// commands (command.h) and events (events.h), which have the same IMAP names.
namespace mailscope::imap::client {

// [SECTION] commands

/// Which command a tagged response answers.
enum class CommandKind {
    Capability,    ///< CAPABILITY (RFC 3501 6.1.1)
    Noop,          ///< NOOP (RFC 3501 6.1.2)
    Logout,        ///< LOGOUT (RFC 3501 6.1.3)
    StartTls,      ///< STARTTLS (RFC 3501 6.2.1)
    Authenticate,  ///< AUTHENTICATE PLAIN (RFC 3501 6.2.2, RFC 4616, RFC 4959 SASL-IR)
    Login,         ///< LOGIN user password (RFC 3501 6.2.3)
    Select,        ///< SELECT mailbox (RFC 3501 6.3.1)
    Examine,       ///< EXAMINE mailbox (RFC 3501 6.3.2)
    Create,        ///< CREATE mailbox (RFC 3501 6.3.3)
    Delete,        ///< DELETE mailbox (RFC 3501 6.3.4)
    Rename,        ///< RENAME mailbox new-name (RFC 3501 6.3.5)
    Subscribe,     ///< SUBSCRIBE mailbox (RFC 3501 6.3.6)
    Unsubscribe,   ///< UNSUBSCRIBE mailbox (RFC 3501 6.3.7)
    List,          ///< LIST reference pattern (RFC 3501 6.3.8)
    Lsub,          ///< LSUB reference pattern (RFC 3501 6.3.9)
    Status,        ///< STATUS mailbox (items) (RFC 3501 6.3.10)
    Append,        ///< APPEND mailbox [flags] [date-time] literal (RFC 3501 6.3.11)
    Check,         ///< CHECK (RFC 3501 6.4.1)
    Close,         ///< CLOSE (RFC 3501 6.4.2)
    Unselect,      ///< UNSELECT (RFC 3691)
    Expunge,       ///< EXPUNGE (RFC 3501 6.4.3)
    UidExpunge,    ///< UID EXPUNGE set (RFC 4315 2.1)
    Search,        ///< SEARCH criteria (RFC 3501 6.4.4)
    UidSearch,     ///< UID SEARCH criteria (RFC 3501 6.4.8)
    Fetch,         ///< FETCH set items (RFC 3501 6.4.5)
    UidFetch,      ///< UID FETCH set items (RFC 3501 6.4.8)
    Store,         ///< STORE set [+-]FLAGS[.SILENT] (flags) (RFC 3501 6.4.6)
    UidStore,      ///< UID STORE (RFC 3501 6.4.8)
    Copy,          ///< COPY set mailbox (RFC 3501 6.4.7)
    UidCopy,       ///< UID COPY (RFC 3501 6.4.8)
    Move,          ///< MOVE set mailbox (RFC 6851)
    UidMove,       ///< UID MOVE (RFC 6851)
    Idle,          ///< IDLE (RFC 2177)
    Done,          ///< DONE: ends IDLE; a continuation line of the IDLE, not a command of its own
    Namespace,     ///< NAMESPACE (RFC 2342)
    Id,            ///< ID (params) or ID NIL (RFC 2971)
    Enable,        ///< ENABLE capabilities (RFC 5161)
};
std::ostream& operator<<(std::ostream& os, CommandKind kind);

/// How STORE changes the flags (RFC 3501 6.4.6).
enum class StoreMode {
    Add,      ///< +FLAGS: add these flags
    Remove,   ///< -FLAGS: remove these flags
    Replace,  ///< FLAGS: the message gets exactly these flags
};

/// SELECT / EXAMINE ... (QRESYNC (uidvalidity modseq [known-uids])) (RFC 7162 3.2.5): what
/// the client remembers of the mailbox, so the server sends only what changed since.
struct QresyncParams {
    std::uint32_t uidValidity = 0;  ///< the UIDVALIDITY the client's copy belongs to
    std::uint64_t modSeq = 0;       ///< the HIGHESTMODSEQ the client's copy is up to date with
    std::string knownUids;          ///< the UIDs the client holds, as a UID set ("1:4,7"); "" to leave out
    friend bool operator==(const QresyncParams&, const QresyncParams&) = default;
};

/// A typed command; build it with the named constructors. Mailbox names are UTF-8: the
/// engine encodes them to modified UTF-7 (RFC 3501 5.1.3).
struct Command {
    CommandKind kind = CommandKind::Noop;
    std::string mailbox;            ///< SELECT ... APPEND, STATUS; RENAME's old name; COPY / MOVE target
    std::string newName;            ///< RENAME's new name
    std::string user;               ///< LOGIN, AUTHENTICATE
    std::string password;           ///< LOGIN, AUTHENTICATE
    bool saslIr = true;             ///< AUTHENTICATE: credentials on the command line if the server has SASL-IR
    std::string reference;          ///< LIST, LSUB
    std::string pattern;            ///< LIST, LSUB (may hold the % and * wildcards)
    std::vector<std::string> items; ///< STATUS items ("MESSAGES", "UIDNEXT", ...); ENABLE capabilities
    std::vector<std::string> flags; ///< APPEND, STORE: "\Seen", "$Forwarded", ...
    std::optional<core::Time> date; ///< APPEND internal date, with dateZoneMinutes
    int dateZoneMinutes = 0;        ///< APPEND: the date's zone, minutes east of UTC
    std::string message;            ///< APPEND: the exact message bytes
    std::string set;                ///< sequence or UID set as written: "1:*", "4,7:9"
    std::string criteria;           ///< SEARCH criteria as written; non-ASCII strings become UTF-8 literals
    std::string fetchItems;         ///< FETCH items as written: "FLAGS", "(UID FLAGS BODY.PEEK[])"
    StoreMode storeMode = StoreMode::Add;
    bool silent = false;            ///< STORE: .SILENT, no FETCH response back
    std::optional<std::vector<std::pair<std::string, std::string>>> idParams;  ///< ID fields; nullopt sends NIL
    std::optional<QresyncParams> qresync;   ///< SELECT, EXAMINE: the QRESYNC parameter (RFC 7162 3.2.5)
    std::optional<std::uint64_t> changedSince;  ///< FETCH, UID FETCH: the CHANGEDSINCE modifier (RFC 7162 3.1.4.1)

    static Command capability();
    static Command noop();
    static Command logout();
    static Command startTls();
    static Command login(std::string user, std::string password);
    /// AUTHENTICATE PLAIN (RFC 4616). With useSaslIr and a server that advertised SASL-IR,
    /// the credentials go on the command line; otherwise they wait for the server's "+".
    static Command authenticatePlain(std::string user, std::string password, bool useSaslIr = true);
    static Command select(std::string mailbox);
    /// SELECT mailbox (QRESYNC (...)): only after ENABLE QRESYNC succeeded (RFC 7162 3.2.5).
    static Command selectQresync(std::string mailbox, QresyncParams params);
    static Command examine(std::string mailbox);
    static Command create(std::string mailbox);
    static Command remove(std::string mailbox);  ///< DELETE (delete is a C++ keyword)
    static Command rename(std::string from, std::string to);
    static Command subscribe(std::string mailbox);
    static Command unsubscribe(std::string mailbox);
    static Command list(std::string reference, std::string pattern);
    static Command lsub(std::string reference, std::string pattern);
    static Command status(std::string mailbox, std::vector<std::string> items);
    static Command append(std::string mailbox, std::vector<std::string> flags, std::optional<core::Time> date,
                          std::string message, int dateZoneMinutes = 0);
    static Command check();
    static Command close();
    static Command unselect();
    static Command expunge();
    static Command uidExpunge(std::string set);
    static Command search(std::string criteria);
    static Command uidSearch(std::string criteria);
    static Command fetch(std::string set, std::string items);
    static Command uidFetch(std::string set, std::string items);
    /// UID FETCH set items (CHANGEDSINCE modseq): only messages whose MODSEQ is higher (RFC 7162 3.1.4.1).
    static Command uidFetchChangedSince(std::string set, std::string items, std::uint64_t modSeq);
    static Command store(std::string set, StoreMode mode, std::vector<std::string> flags, bool silent = false);
    static Command uidStore(std::string set, StoreMode mode, std::vector<std::string> flags, bool silent = false);
    static Command copy(std::string set, std::string mailbox);
    static Command uidCopy(std::string set, std::string mailbox);
    static Command move(std::string set, std::string mailbox);
    static Command uidMove(std::string set, std::string mailbox);
    static Command idle();
    static Command done();
    static Command namespaces();  ///< NAMESPACE (namespace is a C++ keyword)
    static Command id(std::optional<std::vector<std::pair<std::string, std::string>>> params);
    static Command enable(std::vector<std::string> capabilities);
};

// [SECTION] response parts

/// The status word of a status response (RFC 3501 7.1).
enum class Condition {
    Ok,       ///< OK: success, or information
    No,       ///< NO: the command failed, or a warning
    Bad,      ///< BAD: a protocol error
    PreAuth,  ///< PREAUTH: greeting only; the connection is already authenticated
    Bye,      ///< BYE: the server is closing the connection
};
std::ostream& operator<<(std::ostream& os, Condition condition);

/// What a response code is (RFC 3501 7.1, RFC 4315 3, RFC 5530, RFC 7162 7).
enum class CodeKind {
    None,            ///< no [code] in the response
    Alert,           ///< [ALERT]: show the text to the user
    Capability,      ///< [CAPABILITY ...]: `list` holds the capabilities
    PermanentFlags,  ///< [PERMANENTFLAGS (...)]: `list` holds the flags ("\*" included)
    ReadOnly,        ///< [READ-ONLY]
    ReadWrite,       ///< [READ-WRITE]
    TryCreate,       ///< [TRYCREATE]: the target mailbox does not exist
    UidValidity,     ///< [UIDVALIDITY n]: `number`
    UidNext,         ///< [UIDNEXT n]: `number`
    Unseen,          ///< [UNSEEN n]: `number` is the first unseen message's sequence number
    AppendUid,       ///< [APPENDUID uidvalidity uids]: `number`, `uids`
    CopyUid,         ///< [COPYUID uidvalidity source-uids destination-uids]: `number`, `sourceUids`, `uids`
    HighestModSeq,   ///< [HIGHESTMODSEQ n] (RFC 7162 3.1.2.1): `modSeq`
    NoModSeq,        ///< [NOMODSEQ] (RFC 7162 3.1.2.2): the mailbox keeps no MODSEQs
    Closed,          ///< [CLOSED] (RFC 7162 3.2.11): the previous mailbox is closed; what follows is the new one's
    Other,           ///< any other code; `name` and `arguments` as written
};

/// A [bracketed] response code.
struct ResponseCode {
    CodeKind kind = CodeKind::None;
    std::string name;               ///< upper-cased, e.g. "UIDVALIDITY", "NONEXISTENT"; empty for None
    std::string arguments;          ///< the text after the name, as written
    std::uint32_t number = 0;       ///< UidValidity, UidNext, Unseen; the UIDVALIDITY of AppendUid, CopyUid
    std::vector<std::string> list;  ///< Capability, PermanentFlags
    SequenceSet sourceUids;         ///< CopyUid: the UIDs in the source mailbox
    SequenceSet uids;               ///< AppendUid, CopyUid: the UIDs in the destination, in the same order
    std::uint64_t modSeq = 0;       ///< HighestModSeq (a mod-sequence is 63-bit, RFC 7162 7)
    friend bool operator==(const ResponseCode&, const ResponseCode&) = default;
};
std::ostream& operator<<(std::ostream& os, const ResponseCode& code);

// [SECTION] events

/// The server's first line: OK (log in next), PREAUTH (already logged in) or BYE.
/// Capabilities, if the server put them in a [CAPABILITY] code, are in code.list.
struct Greeting {
    Condition condition = Condition::Ok;
    ResponseCode code;
    std::string text;
    friend bool operator==(const Greeting&, const Greeting&) = default;
};
/// "* CAPABILITY ..." (RFC 3501 7.2.1): the full list, replacing what was known.
struct Capabilities {
    std::vector<std::string> names;
    friend bool operator==(const Capabilities&, const Capabilities&) = default;
};
/// The tagged response that completes a command (RFC 3501 7.1).
struct Tagged {
    std::string tag;
    CommandKind command = CommandKind::Noop;
    Condition condition = Condition::Ok;  ///< Ok, No or Bad
    ResponseCode code;
    std::string text;
    friend bool operator==(const Tagged&, const Tagged&) = default;
};
/// "* OK/NO/BAD/BYE [code] text" after the greeting (RFC 3501 7.1).
struct UntaggedStatus {
    Condition condition = Condition::Ok;
    ResponseCode code;
    std::string text;
    friend bool operator==(const UntaggedStatus&, const UntaggedStatus&) = default;
};
/// "* n EXISTS" (RFC 3501 7.3.1): the mailbox now holds n messages.
struct Exists {
    std::uint32_t count = 0;
    friend bool operator==(const Exists&, const Exists&) = default;
};
/// "* n RECENT" (RFC 3501 7.3.2).
struct Recent {
    std::uint32_t count = 0;
    friend bool operator==(const Recent&, const Recent&) = default;
};
/// "* n EXPUNGE" (RFC 3501 7.4.1): message n is gone; the ones after it move down by one.
struct Expunge {
    std::uint32_t seq = 0;
    friend bool operator==(const Expunge&, const Expunge&) = default;
};
/// "* FLAGS (...)" (RFC 3501 7.2.6): the flags defined in the mailbox.
struct Flags {
    std::vector<std::string> flags;
    friend bool operator==(const Flags&, const Flags&) = default;
};
/// One "* LIST" or "* LSUB" line (RFC 3501 7.2.2, 7.2.3).
struct ListEntry {
    bool lsub = false;                   ///< an LSUB response
    std::vector<std::string> attributes; ///< "\HasNoChildren", "\Noselect", "\Sent", ...
    std::optional<char> delimiter;       ///< hierarchy delimiter; nullopt for NIL (flat)
    std::string mailbox;                 ///< decoded to UTF-8
    std::string wireName;                ///< as on the wire (modified UTF-7)
    friend bool operator==(const ListEntry&, const ListEntry&) = default;
};
/// "* STATUS mailbox (MESSAGES n ...)" (RFC 3501 7.2.4).
struct MailboxStatus {
    std::string mailbox;  ///< decoded to UTF-8
    std::vector<std::pair<std::string, std::uint64_t>> items;  ///< upper-cased names, in the order sent
    /// The value of one item ("UIDNEXT"), if present.
    std::optional<std::uint64_t> get(std::string_view name) const;
    friend bool operator==(const MailboxStatus&, const MailboxStatus&) = default;
};
/// "* SEARCH n ..." (RFC 3501 7.2.5): sequence numbers, or UIDs for UID SEARCH.
struct SearchResult {
    std::vector<std::uint32_t> numbers;
    friend bool operator==(const SearchResult&, const SearchResult&) = default;
};
/// One address of an ENVELOPE (RFC 3501 7.4.2, 9 "address"). Group syntax (RFC 5322
/// 3.4) is flattened into the list: a group start has the group name as mailbox and no
/// host, a group end has neither; the group's members come between them.
struct Address {
    std::optional<std::string> name;     ///< display name as sent (RFC 2047 words undecoded)
    std::optional<std::string> adl;      ///< source route, e.g. "@a,@b" (obsolete, RFC 5322 4.4)
    std::optional<std::string> mailbox;  ///< local part; the group name at a group start
    std::optional<std::string> host;     ///< domain; NIL at a group start or end
    bool isGroupStart() const { return mailbox && !host; }
    bool isGroupEnd() const { return !mailbox && !host; }
    friend bool operator==(const Address&, const Address&) = default;
};
std::ostream& operator<<(std::ostream& os, const Address& address);

/// The ENVELOPE of a message (RFC 3501 7.4.2): NIL strings are nullopt, NIL address lists empty.
struct Envelope {
    std::optional<std::string> date;     ///< the Date: field as written
    std::optional<std::string> subject;  ///< the Subject: field as written
    std::vector<Address> from, sender, replyTo, to, cc, bcc;
    std::optional<std::string> inReplyTo;
    std::optional<std::string> messageId;
    friend bool operator==(const Envelope&, const Envelope&) = default;
};
std::ostream& operator<<(std::ostream& os, const Envelope& envelope);

/// A Content-Disposition in BODYSTRUCTURE (RFC 3501 9 body-fld-dsp, RFC 2183).
struct BodyDisposition {
    std::string type;  ///< "ATTACHMENT", "INLINE", as sent
    std::vector<std::pair<std::string, std::string>> params;
    friend bool operator==(const BodyDisposition&, const BodyDisposition&) = default;
};

/// BODY or BODYSTRUCTURE (RFC 3501 7.4.2, 9 "body"): one node per MIME entity.
struct BodyStructure {
    std::string type;     ///< "TEXT", "IMAGE", ...; "MULTIPART" for a multipart (not on the wire)
    std::string subtype;  ///< "PLAIN", "MIXED", ...
    /// body-fld-param; for a multipart its parameters from the extension data (BOUNDARY, ...).
    std::vector<std::pair<std::string, std::string>> params;
    std::optional<std::string> id;           ///< Content-ID (not multipart)
    std::optional<std::string> description;  ///< Content-Description (not multipart)
    std::string encoding;                    ///< Content-Transfer-Encoding, e.g. "7BIT" (not multipart)
    std::uint64_t size = 0;                  ///< octets of the body (not multipart)
    std::optional<std::uint64_t> lines;      ///< TEXT and MESSAGE/RFC822: lines of the body
    std::optional<Envelope> envelope;        ///< MESSAGE/RFC822: the attached message's envelope
    /// MULTIPART: its parts (at least one); MESSAGE/RFC822: one, the attached message's body.
    std::vector<BodyStructure> parts;
    bool extended = false;                   ///< extension data were sent (BODYSTRUCTURE)
    std::optional<std::string> md5;          ///< body-fld-md5 (not multipart)
    std::optional<BodyDisposition> disposition;
    std::vector<std::string> languages;      ///< body-fld-lang: one string or a list
    std::optional<std::string> location;     ///< body-fld-loc (RFC 2557)
    bool isMultipart() const { return type == "MULTIPART"; }
    friend bool operator==(const BodyStructure&, const BodyStructure&) = default;
};
std::ostream& operator<<(std::ostream& os, const BodyStructure& body);

/// "* n FETCH (...)" (RFC 3501 7.4.2).
struct FetchData {
    std::uint32_t seq = 0;
    std::optional<std::uint32_t> uid;
    std::optional<std::vector<std::string>> flags;
    std::optional<std::string> internalDate;  ///< as written, e.g. "27-Nov-2026 09:00:00 +0000"
    std::optional<std::uint64_t> size;        ///< RFC822.SIZE
    std::optional<std::string> envelope;      ///< the ENVELOPE list as text (strings quoted)
    /// Body data by item name as written: "BODY[]", "BODY[HEADER.FIELDS (From)]", "BODY[]<0>",
    /// "RFC822", "RFC822.HEADER", "RFC822.TEXT"; the exact bytes ("" for NIL).
    std::map<std::string, std::string> sections;
    /// Any other item ("BODYSTRUCTURE", "BODY", "MODSEQ", ...) with its value as text.
    std::map<std::string, std::string> others;
    std::optional<Envelope> envelopeFields;      ///< ENVELOPE, read into its fields
    std::optional<BodyStructure> body;           ///< BODY (no extension data), read
    std::optional<BodyStructure> bodyStructure;  ///< BODYSTRUCTURE, read
    std::optional<std::uint64_t> modSeq;         ///< MODSEQ (n) (RFC 7162 3.1.4.1); also kept in `others`
    friend bool operator==(const FetchData&, const FetchData&) = default;
};
/// "+ text" (RFC 3501 7.5): the server is ready for more of the current command. If that
/// releases bytes the engine held, a BytesReleased event follows.
struct Continuation {
    std::string text;
    friend bool operator==(const Continuation&, const Continuation&) = default;
};
/// Bytes the engine had held back and that must now be written to the server, in order:
/// the rest of a command after a synchronizing literal, SASL PLAIN credentials after "+",
/// DONE, commands queued behind them.
struct BytesReleased {
    std::string bytes;
    friend bool operator==(const BytesReleased&, const BytesReleased&) = default;
};
/// "* NAMESPACE ..." (RFC 2342 5): the three namespace lists as text.
struct NamespaceData {
    std::string text;
    friend bool operator==(const NamespaceData&, const NamespaceData&) = default;
};
/// "* ID ..." (RFC 2971 3.2): the server's parameter list as text ("NIL" if none).
struct IdData {
    std::string text;
    friend bool operator==(const IdData&, const IdData&) = default;
};
/// "* ENABLED ..." (RFC 5161 3.2): the extensions now enabled.
struct Enabled {
    std::vector<std::string> names;
    friend bool operator==(const Enabled&, const Enabled&) = default;
};
/// "* VANISHED [(EARLIER)] uid-set" (RFC 7162 3.2.10): these UIDs are expunged. Without
/// EARLIER they were in the mailbox until now (each one less in EXISTS, as an EXPUNGE);
/// with EARLIER they answer a QRESYNC SELECT or a UID FETCH ... (VANISHED) and may be long
/// gone, so EXISTS stays.
struct Vanished {
    bool earlier = false;
    SequenceSet uids;
    friend bool operator==(const Vanished&, const Vanished&) = default;
};
/// Something the server sent that cannot be read or makes no sense here; the engine goes
/// on with the next line unless `fatal` (the stream can no longer be followed).
struct ProtocolError {
    std::string text;
    bool fatal = false;
    friend bool operator==(const ProtocolError&, const ProtocolError&) = default;
};

using Event = std::variant<Greeting, Capabilities, Tagged, UntaggedStatus, Exists, Recent, Expunge, Flags, ListEntry,
                           MailboxStatus, SearchResult, FetchData, Continuation, BytesReleased, NamespaceData, IdData,
                           Enabled, Vanished, ProtocolError>;
std::ostream& operator<<(std::ostream& os, const Event& event);

// [SECTION] what the engine knows

/// Where the conversation is, as the client sees it (RFC 3501 3).
enum class SessionState {
    AwaitingGreeting,  ///< connected; the greeting has not arrived
    NotAuthenticated,  ///< greeted with OK: log in next
    Authenticated,     ///< logged in (or PREAUTH), no mailbox selected
    Selected,          ///< a SELECT or EXAMINE succeeded
    Logout,            ///< BYE received or LOGOUT completed
};
std::ostream& operator<<(std::ostream& os, SessionState state);

/// The selected mailbox as the server described it (SELECT responses and later updates).
struct SelectedMailbox {
    std::string name;                         ///< UTF-8, as given to select()/examine()
    bool readOnly = false;                    ///< EXAMINE, or [READ-ONLY]
    std::uint32_t exists = 0;                 ///< EXISTS, less each EXPUNGE
    std::uint32_t recent = 0;
    std::uint32_t uidValidity = 0;            ///< 0 if the server did not say
    std::uint32_t uidNext = 0;                ///< 0 if the server did not say
    std::optional<std::uint32_t> firstUnseen; ///< [UNSEEN n]
    std::vector<std::string> flags;           ///< FLAGS
    std::vector<std::string> permanentFlags;  ///< [PERMANENTFLAGS]
    std::optional<std::uint64_t> highestModSeq; ///< [HIGHESTMODSEQ n] (RFC 7162); nullopt if not sent
    bool noModSeq = false;                    ///< [NOMODSEQ]: the server keeps no MODSEQs here
    friend bool operator==(const SelectedMailbox&, const SelectedMailbox&) = default;
};

}  // namespace mailscope::imap::client

namespace mailscope::imap {

using ClientCommand = client::Command;
using ClientEvent = client::Event;

// [SECTION] engine

class ClientEngine {
public:
    /// Caps for what the server sends; larger than a server's (long SEARCH results, bodies).
    static TokenizerLimits defaultLimits();

    explicit ClientEngine(TokenizerLimits limits = defaultLimits());

    /// The bytes to write for a command, with a new tag (lastTag()). Commands may be
    /// pipelined. Bytes that may not go yet (after a synchronizing literal "{n}", before
    /// the "+" of an IDLE or AUTHENTICATE, after STARTTLS until its tagged response) are
    /// held and come out later as a BytesReleased event of receive(); so this returns ""
    /// while earlier bytes are held.
    /// done() ends the IDLE in progress: "DONE\r\n" now if the server's "+" came, else
    /// later as BytesReleased; nothing if no IDLE is in progress.
    std::string send(const client::Command& command);
    /// Server bytes, split anywhere: the events they complete, in order. Write the bytes
    /// of any BytesReleased event to the server.
    [[nodiscard]] std::vector<client::Event> receive(std::string_view bytes);

    /// The tag of the last command sent ("a1", "a2", ...); done() does not change it.
    const std::string& lastTag() const { return m_lastTag; }
    /// Commands sent and not yet completed by a tagged response.
    std::size_t awaiting() const { return m_inFlight.size(); }
    /// Whether bytes are held until the server's "+" (or a done() for IDLE).
    bool holdingBytes() const { return !m_held.empty(); }
    /// Whether the server accepted IDLE ("+") and DONE has not been sent.
    bool idling() const { return m_idling; }

    client::SessionState state() const { return m_state; }
    /// The capabilities last announced (greeting, CAPABILITY, [CAPABILITY] codes).
    const std::set<std::string>& capabilities() const { return m_capabilities; }
    /// Case-insensitive: hasCapability("move"), hasCapability("AUTH=PLAIN").
    bool hasCapability(std::string_view name) const;
    /// The extensions the server named in "* ENABLED" (upper-cased, RFC 5161 3.2).
    const std::set<std::string>& enabled() const { return m_enabled; }
    /// Whether the server said it enabled this extension ("QRESYNC"); case-insensitive.
    bool isEnabled(std::string_view name) const;
    /// The selected mailbox, or nullopt.
    const std::optional<client::SelectedMailbox>& selected() const { return m_selected; }

private:
    /// When a held chunk may be written.
    enum class Gate {
        None,          ///< as soon as everything before it is written
        Continuation,  ///< only after the server's "+"
        Done,          ///< IDLE: only once done() is called (and after the "+")
        Completion,    ///< only after the command's tagged response (nothing may follow STARTTLS before it)
    };
    struct Chunk {
        std::string tag;    // the command it belongs to
        std::string bytes;
        Gate gate = Gate::None;
    };
    struct InFlight {
        std::string tag;
        client::CommandKind kind = client::CommandKind::Noop;
        std::string mailbox;  // SELECT / EXAMINE / DELETE: the UTF-8 name
    };

    /// The pieces of a command: each but the last ends with a synchronizing literal.
    std::vector<std::string> build(const client::Command& command, const std::string& tag) const;
    /// Writes out held chunks up to the first gate that is closed.
    std::string flush();
    /// Drops the held chunks of a command the server completed (a refused literal).
    void dropHeld(const std::string& tag);

    void handleLine(std::vector<client::Event>& events, const Tokenizer::Line& line);
    void handleContinuation(std::vector<client::Event>& events, std::string_view text);
    void handleStatus(std::vector<client::Event>& events, std::string_view rest);
    void handleTagged(std::vector<client::Event>& events, client::Tagged tagged);
    void handleData(std::vector<client::Event>& events, const Tokenizer::Line& line);
    /// Applies a response code about a mailbox (UIDVALIDITY, UIDNEXT, READ-ONLY, ...) to it.
    static void applyCode(const client::ResponseCode& code, client::SelectedMailbox* mailbox);
    /// The mailbox untagged data describe now: the one a SELECT in progress opens, or the selected one.
    client::SelectedMailbox* currentMailbox();
    void setCapabilities(std::vector<std::string> names);

    Tokenizer m_tokenizer;
    std::deque<Chunk> m_held;
    std::vector<InFlight> m_inFlight;
    std::uint64_t m_nextTag = 1;
    std::string m_lastTag;
    std::optional<std::string> m_idleTag;  // an IDLE sent and not yet completed
    bool m_idling = false;

    client::SessionState m_state = client::SessionState::AwaitingGreeting;
    std::set<std::string> m_capabilities;  // upper-cased
    std::set<std::string> m_enabled;       // upper-cased, from ENABLED
    std::optional<client::SelectedMailbox> m_selected;
    std::optional<client::SelectedMailbox> m_selecting;  // filled while a SELECT / EXAMINE runs
};

}  // namespace mailscope::imap
