// An IMAP4rev1 server session, sans-I/O (RFC 3501), with IDLE, UIDPLUS, MOVE, UNSELECT,
// NAMESPACE, ID, ENABLE, LITERAL+, SASL-IR, CHILDREN and SPECIAL-USE. Command handlers
// live in commands/, grouped by the state they are valid in (RFC 3501 6.1-6.4).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "protocols/core/limits.h"
#include "protocols/core/time.h"
#include "protocols/imap/command.h"
#include "protocols/imap/events.h"
#include "protocols/imap/parser.h"
#include "protocols/imap/selected_view.h"
#include "protocols/mail/mail_store.h"

namespace mailscope::imap {

struct CommandDef;

/// Literal bytes that several sessions are receiving at once, against one limit (the host
/// owns it and gives every session the same one).
struct LiteralBudget {
    std::uint64_t limit = core::limits::kImapLiteralsInFlight;  ///< past it: "NO [LIMIT]"
    std::uint64_t used = 0;                                     ///< announced and not yet released
};

struct ServerConfig {
    std::string hostname = "mailscope.test";   ///< in the greeting
    std::string implementation = "mailscope";  ///< in the greeting and ID
    /// Line and literal caps once logged in (core/limits.h).
    TokenizerLimits limits{.maxLineLength = core::limits::kImapLine, .maxLiteralSize = core::limits::kImapLiteral};
    /// Line and literal caps before login: within core::limits::kPreAuthInput together.
    TokenizerLimits preAuthLimits{.maxLineLength = core::limits::kPreAuthImapLine,
                                  .maxLiteralSize = core::limits::kPreAuthLiteral};
    /// Shared with the other sessions of a host; null: no budget across sessions.
    std::shared_ptr<LiteralBudget> literalBudget;
    int maxBadCommands = 20;                   ///< then "* BYE" and close; <= 0: no limit
    /// Failed logins (wrong user or password) after which "* BYE Too many failed logins"
    /// closes the connection; <= 0: no limit.
    int maxFailedLogins = core::limits::kMaxFailedLogins;
    core::Time autologoutSeconds = 30 * 60;    ///< RFC 3501 5.4: at least 30 minutes
    bool tlsAvailable = false;                 ///< advertise/accept STARTTLS; TLS is the host's job
    bool plaintextLoginAllowed = true;         ///< false: LOGINDISABLED until TLS is active
    /// RFC 7162 CONDSTORE: advertised in CAPABILITY and its commands accepted. Off, the
    /// server answers as an IMAP4rev1 server without it (as the simulated world's
    /// transcripts were recorded).
    bool condstore = false;
    /// RFC 7162 QRESYNC (needs condstore too): advertised and accepted.
    bool qresync = false;
    /// RFC 4731 ESEARCH: SEARCH RETURN (MIN MAX ALL COUNT) advertised and accepted.
    bool esearch = false;
    /// RFC 5258 LIST-EXTENDED and RFC 5819 LIST-STATUS: several patterns in one LIST and
    /// RETURN (STATUS (...)) advertised and accepted (the selection and other return
    /// options are always understood).
    bool listExtended = false;
    /// RFC 3502 MULTIAPPEND: several messages in one APPEND, all or none.
    bool multiappend = false;
    /// RFC 5256 SORT and THREAD (ORDEREDSUBJECT, REFERENCES) and RFC 5957 SORT=DISPLAY
    /// advertised and accepted; with esearch too, RFC 5267 ESORT (SORT RETURN (...)).
    bool sort = false;
    /// RFC 3516 BINARY: FETCH BINARY[...], BINARY.PEEK[...], BINARY.SIZE[...] and literal8
    /// (~{n}) in APPEND advertised and accepted.
    bool binary = false;
    /// RFC 4469 CATENATE: APPEND ... CATENATE (TEXT literal / URL "...") advertised and accepted.
    bool catenate = false;
    /// RFC 5267 CONTEXT=SEARCH (needs esearch) and CONTEXT=SORT (needs sort and esearch):
    /// RETURN (UPDATE CONTEXT PARTIAL), ADDTO / REMOVEFROM updates and CANCELUPDATE.
    bool context = false;
    /// RFC 7889 APPENDLIMIT=n advertised, n being limits.maxLiteralSize: the largest message
    /// APPEND takes (larger ones get "NO [TOOBIG]" before they are sent).
    bool appendLimit = false;
};

/// The RFC 3501 3 session states.
enum class State {
    NotAuthenticated,  ///< greeting sent; LOGIN / AUTHENTICATE / STARTTLS expected
    Authenticated,     ///< logged in, no mailbox selected
    Selected,          ///< a mailbox is selected
    Logout,            ///< the session is over; nothing more is read
};
std::ostream& operator<<(std::ostream& os, State state);

/// How a command ended, for its tagged response.
enum class Outcome {
    Ok,   ///< OK: it worked
    No,   ///< NO: it was understood but failed
    Bad,  ///< BAD: protocol error (syntax, wrong state, unknown message number)
};

/// The tagged response a handler asks for; the session adds pending untagged updates
/// before it (RFC 3501 5.2, 7.4.1).
struct Completion {
    Outcome status = Outcome::Ok;
    std::string code;  ///< response code without brackets, e.g. "READ-WRITE", may be empty
    std::string text;  ///< human-readable text
    bool pending = false;  ///< the command goes on (IDLE, AUTHENTICATE): no tagged response yet

    static Completion ok(std::string text, std::string code = {}) { return {Outcome::Ok, std::move(code), std::move(text)}; }
    static Completion no(std::string text, std::string code = {}) { return {Outcome::No, std::move(code), std::move(text)}; }
    static Completion bad(std::string text, std::string code = {}) { return {Outcome::Bad, std::move(code), std::move(text)}; }
    static Completion later() { Completion c; c.pending = true; return c; }
};

class ServerSession {
public:
    /// A command handler: runs one parsed command and says how it ended.
    using Handler = Completion (ServerSession::*)(Output&, const Command&);

    /// The store must outlive the session.
    ServerSession(mail::MailStore& store, ServerConfig config, mail::SessionId id, core::Time now);
    ~ServerSession();
    ServerSession(const ServerSession&) = delete;
    ServerSession& operator=(const ServerSession&) = delete;

    /// The greeting: "* OK [CAPABILITY ...] ... ready".
    Output start();
    /// Bytes from the client, split anywhere; pipelined commands are answered in order.
    Output receive(std::string_view bytes);
    /// Autologout after autologoutSeconds without a command (RFC 3501 5.4).
    Output tick(core::Time now);
    /// Untagged updates that other sessions' changes caused, for a session in IDLE
    /// (RFC 2177: sent as they happen). The host calls this after any session acted.
    Output pollUpdates();
    /// Whether pollUpdates() has something to send now.
    bool hasPushableUpdates() const;
    /// Other sessions' changes that this client must now be told of, recorded since the
    /// last call, in order (for the host's event stream; the updates themselves stay
    /// pending until a response can carry them).
    std::vector<Update> takeOwedUpdates();
    /// The selected mailbox's name, or "" when none is selected.
    std::string selectedName() const;
    /// The connection dropped.
    Output disconnect();
    /// The host finished the TLS handshake that STARTTLS asked for.
    void tlsEstablished();
    /// On: a long FETCH response is made in pieces, each when produceMore() asks for it (a
    /// real connection asks as its socket drains, so the response never sits whole in
    /// memory). Off (the default): every Output holds its responses complete.
    void setStreaming(bool on) { m_streaming = on; }
    /// A response is still being made: call produceMore(). Meanwhile no command is read.
    bool hasMoreOutput() const { return m_fetch != nullptr; }
    /// The next piece of the response being made, about `budget` bytes (more only when a
    /// single data item is larger); after its last piece, the tagged response and the
    /// answers to commands that were waiting in the input.
    Output produceMore(std::size_t budget);

    // [SECTION] read-only views for the app and tests
    State state() const { return m_state; }
    mail::SessionId id() const { return m_id; }
    const ServerConfig& config() const { return m_config; }
    const mail::Account* account() const { return m_account; }
    /// The selected mailbox as this client knows it, or nullptr.
    const SelectedView* selected() const { return m_selected.get(); }
    bool idling() const { return m_idleTag.has_value(); }
    bool tlsActive() const { return m_tlsActive; }
    bool awaitingTls() const { return m_awaitingTls; }
    /// The capability list as it stands now (it changes with TLS and login).
    std::string capabilities() const;

private:
    /// The command table (command_table.h) names the handlers below.
    friend std::span<const CommandDef> commandTable();

    // [SECTION] core (server_session.cpp)
    void process(Output& out);
    void runCommand(Output& out, const Command& cmd);
    void finishCommand(Output& out, const std::string& tag, const Completion& c, bool usesSequenceNumbers, bool uid);
    void handleRawLine(Output& out, const std::string& line);
    /// Appends the pending untagged updates and reports them (UpdatesSent).
    void sendUpdates(Output& out, bool allowExpunge, bool withUid = false);
    void parseError(Output& out, const ParseError& e);
    void countBad(Output& out);
    void close(Output& out, CloseReason reason, std::string_view byeText);
    /// A synchronizing literal was announced: reserves it in the shared budget, or refuses
    /// it ("NO [LIMIT]") when the budget cannot take it. True when it may be sent.
    bool reserveLiteral(Output& out, const ContinuationNeeded& literal);
    /// Gives back what the command being read reserved.
    void releaseLiterals();
    void onStoreChange(const mail::Change& change);

    /// A FETCH being answered piece by piece (commands/fetch.cpp).
    struct FetchStream {
        std::string tag;
        bool uid = false;                        ///< UID FETCH
        std::vector<FetchAttribute> attributes;  ///< as asked
        std::vector<std::size_t> indices;        ///< the view's entries to answer, in order
        std::optional<std::uint64_t> changedSince;
        bool addUid = false;     ///< UID first, not asked for (UID FETCH)
        bool addModseq = false;  ///< MODSEQ last, not asked for (CHANGEDSINCE)
        bool asksFlags = false;
        bool asksModseq = false;
        bool asksUid = false;
        bool markSeen = false;   ///< a body item without PEEK in a read-write mailbox
        bool asksBinary = false; ///< a BINARY or BINARY.SIZE item (RFC 3516)
        bool unknownCte = false; ///< a message was left out: "NO [UNKNOWN-CTE]" at the end
        std::size_t message = 0;  ///< the index into `indices` being answered
        std::size_t item = 0;     ///< the next attribute of that message
        bool open = false;        ///< its "* n FETCH (" is made
        bool any = false;         ///< an item is in its response already
        bool newlySeen = false;   ///< this FETCH set its \Seen
        std::string piece;        ///< made and not yet handed out
        std::size_t pieceAt = 0;
    };
    /// Whether every BINARY item asked can be decoded for this message (RFC 3516 4.2).
    static bool binaryReadable(const mail::Message& message, const std::vector<FetchAttribute>& attributes);
    /// The tagged response of the finished m_fetch.
    Completion fetchCompletion() const;
    /// Moves up to `budget` bytes of m_fetch into `out`; true when the response is complete.
    bool continueFetch(Output& out, std::size_t budget);
    /// Makes the next piece of m_fetch (a message's start, one data item, or its end);
    /// false when nothing is left.
    bool nextFetchPiece(FetchStream& f);

    // [SECTION] helpers for the handlers (server_session.cpp)
    /// Writes "* text\r\n".
    static void untagged(Output& out, std::string_view text);
    /// Decodes a mailbox name from the wire (modified UTF-7, RFC 3501 5.1.3; raw UTF-8
    /// accepted too); nullopt if it is neither.
    static std::optional<std::string> decodeName(std::string_view wire);
    /// Encodes a UTF-8 mailbox name for the wire, as an astring.
    static std::string encodeName(std::string_view utf8);
    /// Logs in (shared by LOGIN and AUTHENTICATE PLAIN).
    Completion login(Output& out, std::string_view user, std::string_view password, std::string_view mechanism);
    bool plaintextBlocked() const { return !m_config.plaintextLoginAllowed && !m_tlsActive; }
    /// Leaves the selected mailbox without expunging (UNSELECT, SELECT of another).
    void deselect(Output& out);
    /// A CONDSTORE enabling command (RFC 7162 3.1): from now on flag updates carry MODSEQ;
    /// the first time, with a mailbox selected, the client is told its HIGHESTMODSEQ.
    void enableCondstore(Output& out);
    /// The entries (0-based indices into the selected view, ascending) that a set names.
    /// Message numbers beyond the mailbox give BAD (RFC 3501 9 "seq-number"); UIDs that
    /// do not exist are ignored (RFC 3501 6.4.8). nullopt with `error` set on failure.
    std::optional<std::vector<std::size_t>> resolveSet(const SequenceSet& set, bool uid, Completion& error) const;
    /// The selected mailbox in the store. Handlers may rely on it: a command arriving after
    /// another session deleted the mailbox gets BYE before any handler runs.
    mail::Mailbox& selectedMailbox() const;
    /// A mailbox named on the wire: decoded and looked up in the account. On failure
    /// returns nullptr with `error` set: NO [NONEXISTENT] for a name that is not valid
    /// modified UTF-7, and when missing NO [NONEXISTENT] (or [TRYCREATE] when `tryCreate`,
    /// for APPEND / COPY / MOVE targets).
    mail::Mailbox* mailboxFromWire(std::string_view wire, bool tryCreate, Completion& error) const;
    /// The message a CATENATE makes (RFC 4469 3): its TEXT parts and the messages or parts
    /// its URLs name, in order, at most `budget` bytes. nullopt with `error` set: "NO
    /// [BADURL url]" or "NO [TOOBIG]" (commands/catenate.cpp).
    std::optional<std::string> catenateMessage(const Append& append, std::uint64_t budget, Completion& error) const;
    /// The STATUS data of one mailbox, "MESSAGES 3 UNSEEN 1" (RFC 3501 6.3.10).
    std::string statusText(const mail::Mailbox& mailbox, const std::vector<StatusItem>& items) const;
    /// A SEARCH, SORT or THREAD charset the server cannot use: NO [BADCHARSET (US-ASCII
    /// UTF-8)] (RFC 3501 6.4.4); nullopt for US-ASCII and UTF-8.
    static std::optional<Completion> checkCharset(std::string_view charset);
    /// The entries (0-based indices into the selected view, ascending) that a SEARCH key
    /// matches; SEARCH, SORT and THREAD share it (commands/search.cpp). With `only` (indices,
    /// ascending), just those entries are tested.
    std::vector<std::size_t> searchEntries(const SearchKey& key, const std::vector<std::size_t>* only = nullptr) const;
    /// Whether a SEARCH key uses MODSEQ (RFC 7162 3.1.5).
    static bool searchUsesModseq(const SearchKey& key);
    /// "ESEARCH (TAG "t") [UID] MIN .. MAX .. ALL .. COUNT .. PARTIAL (..)" of the numbers
    /// found, in the order given: MIN and MAX are the first and last, PARTIAL a slice of
    /// them (RFC 4731 3.1, RFC 5267 3 and 4.4).
    static std::string esearchResponse(std::string_view tag, bool uid, std::uint8_t options,
                                       const std::vector<std::uint32_t>& all,
                                       const std::optional<PartialRange>& partial = std::nullopt);
    /// The MODSEQ of an ESEARCH result, given the mod-sequences of the messages found in
    /// result order (RFC 4731 3.2): with MIN and/or MAX but neither ALL nor COUNT, the
    /// highest of the messages MIN and MAX name; otherwise the highest of them all.
    static std::uint64_t esearchModseq(std::uint8_t options, const std::vector<std::uint64_t>& modseqs,
                                       const std::optional<PartialRange>& partial);
    /// "1:3,7" for a sorted list of UIDs (RFC 4315 uid-set), "" when empty.
    static std::string uidSetText(const std::vector<std::uint32_t>& uids);

    // [SECTION] search contexts (commands/context.cpp, RFC 5267 4)
    /// A search kept up to date (RETURN (UPDATE)): re-run when the mailbox changes, its
    /// client told what joined and left the result.
    struct SearchContext {
        std::string tag;                      ///< of the SEARCH / SORT that asked for UPDATE
        bool uid = false;                     ///< UID SEARCH / UID SORT: updates name UIDs, else message numbers
        bool sorted = false;                  ///< SORT: positions in sort order; SEARCH: position 0
        SearchKey key;                        ///< the search program
        std::vector<SortCriterion> criteria;  ///< SORT's order
        std::vector<std::uint32_t> results;   ///< UIDs as the client was last told, in mailbox or sort order
        /// The program names no message by number or UID ("1:5", "UID 3:*"), so whether a
        /// message matches depends on that message alone: only the changed ones are tested again.
        bool perMessage = false;
    };
    /// BAD for CONTEXT, UPDATE or PARTIAL when the capability is off, and for UPDATE under a
    /// tag that already has a context (RFC 5267 4.3); nullopt when the options may be used.
    std::optional<Completion> checkContextOptions(std::string_view tag, std::uint8_t options, bool sort) const;
    /// Keeps a context for a search that asked UPDATE, or refuses to with "* NO [NOUPDATE
    /// "tag"]" when the session holds core::limits::kImapSearchContexts (4.3.1).
    void keepContext(Output& out, SearchContext context);
    /// The UIDs a context's search finds now, in its order; results whose EXPUNGE the
    /// client has not been told stay in it until then.
    std::vector<std::uint32_t> contextResults(const SearchContext& context) const;
    /// " REMOVEFROM (...) ADDTO (...)" taking the context's results to `now` (RFC 5267
    /// 4.3.3, 4.3.4), "" when they are the same; the context then holds `now`.
    std::string contextChange(SearchContext& context, const std::vector<std::uint32_t>& now) const;
    /// REMOVEFROM for results about to be expunged: sent before the EXPUNGE responses,
    /// while their message numbers are still valid (4.3.4).
    void sendContextRemovals(Output& out);
    /// ADDTO / REMOVEFROM for every context whose result the mailbox's changes altered,
    /// after the EXISTS that announced new messages (4.3.3).
    void sendContextUpdates(Output& out);
    Completion cmdCancelUpdate(Output&, const Command&);

    // [SECTION] any state (commands/any_state.cpp, RFC 3501 6.1)
    Completion cmdCapability(Output&, const Command&);
    Completion cmdNoop(Output&, const Command&);
    Completion cmdLogout(Output&, const Command&);
    Completion cmdId(Output&, const Command&);

    // [SECTION] not authenticated (commands/not_authenticated.cpp, RFC 3501 6.2)
    Completion cmdStartTls(Output&, const Command&);
    Completion cmdAuthenticate(Output&, const Command&);
    Completion cmdLogin(Output&, const Command&);
    Completion finishAuthenticate(Output&, std::string_view response);

    // [SECTION] authenticated (commands/authenticated.cpp, RFC 3501 6.3)
    Completion cmdSelect(Output&, const Command&);
    Completion cmdCreate(Output&, const Command&);
    Completion cmdDelete(Output&, const Command&);
    Completion cmdRename(Output&, const Command&);
    Completion cmdSubscribe(Output&, const Command&);
    Completion cmdUnsubscribe(Output&, const Command&);
    Completion cmdList(Output&, const Command&);
    Completion cmdLsub(Output&, const Command&);
    Completion cmdStatus(Output&, const Command&);
    Completion cmdAppend(Output&, const Command&);
    Completion cmdNamespace(Output&, const Command&);
    Completion cmdEnable(Output&, const Command&);

    // [SECTION] IDLE (commands/idle.cpp, RFC 2177), valid when authenticated or selected
    Completion cmdIdle(Output&, const Command&);

    // [SECTION] selected (commands/selected.cpp, fetch.cpp, search.cpp; RFC 3501 6.4)
    Completion cmdCheck(Output&, const Command&);
    Completion cmdClose(Output&, const Command&);
    Completion cmdUnselect(Output&, const Command&);
    Completion cmdExpunge(Output&, const Command&);
    Completion cmdSearch(Output&, const Command&);
    Completion cmdSort(Output&, const Command&);    ///< commands/sort.cpp, RFC 5256, 5957, 5267
    Completion cmdThread(Output&, const Command&);  ///< commands/sort.cpp, RFC 5256
    Completion cmdFetch(Output&, const Command&);
    Completion cmdStore(Output&, const Command&);
    Completion cmdCopy(Output&, const Command&);
    Completion cmdMove(Output&, const Command&);

    mail::MailStore& m_store;
    ServerConfig m_config;
    mail::SessionId m_id;
    mail::MailStore::ObserverId m_observer = 0;
    State m_state = State::NotAuthenticated;
    Parser m_parser;

    mail::Account* m_account = nullptr;
    std::unique_ptr<SelectedView> m_selected;
    std::set<std::string> m_enabled;  ///< ENABLEd extensions (RFC 5161)
    bool m_condstore = false;         ///< CONDSTORE enabled (RFC 7162 3.1)
    bool m_qresync = false;           ///< QRESYNC enabled (RFC 7162 3.2.3)

    core::Time m_lastActivity;
    bool m_activitySinceTick = false;
    int m_badCommands = 0;
    int m_failedLogins = 0;
    std::uint64_t m_literalsReserved = 0;  ///< of m_config.literalBudget, by the command being read

    std::optional<std::string> m_idleTag;          ///< tag of the IDLE in progress
    std::optional<std::string> m_authenticateTag;  ///< tag of the AUTHENTICATE awaiting a response
    bool m_tlsActive = false;
    bool m_awaitingTls = false;
    bool m_streaming = false;
    std::unique_ptr<FetchStream> m_fetch;  ///< the FETCH being answered in pieces, if any
    std::vector<SearchContext> m_contexts;  ///< searches kept up to date, in the selected mailbox only
    bool m_contextsStale = false;           ///< the mailbox changed since the contexts were last run
    bool m_contextExpunges = false;         ///< a message left since the last REMOVEFROM-before-EXPUNGE pass
    std::vector<std::uint32_t> m_contextTouched;  ///< UIDs added, changed or expunged since the contexts were last run
};

}  // namespace mailscope::imap
