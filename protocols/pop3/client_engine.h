// A POP3 client engine, sans-I/O, for simulated devices: typed commands in, command bytes
// out; server bytes in (split anywhere), typed events out. RFC 1939, 2449, 5034, 2595.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/pop3/wire.h"

namespace mailscope::pop3 {

/// Which command a response belongs to.
enum class CommandKind {
    Greeting,      ///< not a command: the server's first line
    User,          ///< USER name (RFC 1939 §7)
    Pass,          ///< PASS password (RFC 1939 §7)
    Apop,          ///< APOP name digest (RFC 1939 §7)
    Auth,          ///< AUTH [mechanism [initial-response]] (RFC 5034 §4)
    SaslResponse,  ///< a line answering a "+ " challenge, or "*" to cancel (RFC 5034 §4)
    Stat,          ///< STAT (RFC 1939 §5)
    List,          ///< LIST [msg] (RFC 1939 §5)
    Retr,          ///< RETR msg (RFC 1939 §5)
    Dele,          ///< DELE msg (RFC 1939 §5)
    Noop,          ///< NOOP (RFC 1939 §5)
    Rset,          ///< RSET (RFC 1939 §5)
    Quit,          ///< QUIT (RFC 1939 §4, §6)
    Top,           ///< TOP msg n (RFC 1939 §7)
    Uidl,          ///< UIDL [msg] (RFC 1939 §7)
    Capa,          ///< CAPA (RFC 2449 §5)
    Stls,          ///< STLS (RFC 2595 §4)
};
std::ostream& operator<<(std::ostream& os, CommandKind kind);

/// A typed command; build it with the named constructors.
struct Command {
    CommandKind kind = CommandKind::Noop;
    std::string name;                  ///< user name (USER, APOP, AUTH PLAIN)
    std::string secret;                ///< password (PASS, APOP, AUTH PLAIN) or SASL response line
    std::string mechanism;             ///< AUTH mechanism ("PLAIN"); empty: plain "AUTH" lists them
    std::string authzid;               ///< AUTH PLAIN authorization identity (usually empty)
    std::optional<std::uint32_t> msg;  ///< message number (LIST, RETR, DELE, TOP, UIDL)
    std::uint32_t lines = 0;           ///< TOP line count
    bool initialResponse = true;       ///< AUTH PLAIN: send the credentials on the AUTH line

    static Command user(std::string name);
    static Command pass(std::string password);
    /// The digest is computed by the engine from the greeting timestamp.
    static Command apop(std::string name, std::string password);
    /// AUTH PLAIN with the credentials (RFC 4616). With initialResponse (and if the line
    /// fits in 255 octets, RFC 5034 §4) they go on the AUTH line; otherwise "AUTH PLAIN"
    /// goes alone and the Continuation event carries the reply to send with saslResponse().
    static Command authPlain(std::string user, std::string password, bool initialResponse = true,
                             std::string authzid = {});
    /// "AUTH mechanism" without an initial response, or plain "AUTH" (mechanism list) when empty.
    static Command auth(std::string mechanism = {});
    /// Answers a "+ " challenge with base64 text (not encoded again).
    static Command saslResponse(std::string base64);
    /// "*": cancels the AUTH exchange (the server answers -ERR).
    static Command saslCancel();
    static Command stat();
    static Command list();
    static Command list(std::uint32_t msg);
    static Command retr(std::uint32_t msg);
    static Command dele(std::uint32_t msg);
    static Command noop();
    static Command rset();
    static Command quit();
    static Command top(std::uint32_t msg, std::uint32_t lines);
    static Command uidl();
    static Command uidl(std::uint32_t msg);
    static Command capa();
    static Command stls();
};

// [SECTION] events

/// The server's first line. `timestamp` is the RFC 1939 §7 APOP timestamp, "" if none.
struct Greeting {
    bool ok = false;
    std::string text;
    std::string timestamp;
};
/// The status line answering a command: "+OK ..." or "-ERR [CODE] ...".
struct Response {
    CommandKind command = CommandKind::Noop;
    bool ok = false;
    std::string code;  ///< RFC 2449 §8 response code without brackets, e.g. "IN-USE", "SYS/TEMP"; "" if none
    std::string text;  ///< the rest of the line, after the code
};
/// STAT: "+OK count size".
struct StatResult {
    std::size_t count = 0;
    std::uint64_t size = 0;
};
struct ListEntry {
    std::uint32_t msg = 0;
    std::uint64_t size = 0;
    friend bool operator==(const ListEntry&, const ListEntry&) = default;
};
/// LIST (every message) or LIST n (one entry).
struct ListResult {
    std::vector<ListEntry> entries;
};
struct UidlEntry {
    std::uint32_t msg = 0;
    std::string uid;
    friend bool operator==(const UidlEntry&, const UidlEntry&) = default;
};
/// UIDL (every message) or UIDL n (one entry).
struct UidlResult {
    std::vector<UidlEntry> entries;
};
/// RETR or TOP: the data with dot-stuffing undone. For RETR it is exactly the message
/// (a CRLF the server only added before ".", known from "+OK n octets", is removed).
struct MessageData {
    std::uint32_t msg = 0;
    bool top = false;  ///< from TOP (header and `lines` body lines) rather than RETR
    std::string bytes;
};
/// CAPA: one entry per capability line, e.g. "SASL PLAIN", "EXPIRE NEVER".
struct Capabilities {
    std::vector<std::string> lines;
    /// Whether a capability with this tag (first word, case-insensitive) is listed.
    bool has(std::string_view tag) const;
    /// The words after the tag ("SASL PLAIN LOGIN" -> {"PLAIN", "LOGIN"}), empty if absent.
    std::vector<std::string> arguments(std::string_view tag) const;
};
/// Plain "AUTH": the mechanisms the server lists.
struct MechanismList {
    std::vector<std::string> mechanisms;
};
/// "+ challenge" during AUTH (RFC 5034 §4): the decoded challenge and, for
/// Command::authPlain without initial response, the base64 reply to send.
struct Continuation {
    std::string challenge;
    std::string reply;
};
/// Something the server sent that makes no sense here (never a crash).
struct ClientError {
    std::string text;
};

using ClientEvent = std::variant<Greeting, Response, StatResult, ListResult, UidlResult, MessageData, Capabilities,
                                 MechanismList, Continuation, ClientError>;
std::ostream& operator<<(std::ostream& os, const ClientEvent& event);

/// The base64 AUTH PLAIN message "authzid NUL user NUL password" (RFC 4616).
std::string saslPlainResponse(std::string_view user, std::string_view password, std::string_view authzid = {});

// [SECTION] engine

class ClientEngine {
public:
    ClientEngine();

    /// The bytes for a command, which now waits for its response (pipelining is fine).
    /// Empty for APOP before a greeting with a timestamp (nothing can be sent then).
    std::string send(const Command& command);
    /// Server bytes, split anywhere: the events they complete, in order.
    std::vector<ClientEvent> receive(std::string_view bytes);

    /// The APOP timestamp from the greeting ("" before it or if there was none).
    const std::string& apopTimestamp() const { return m_timestamp; }
    bool greeted() const { return m_greeted; }
    /// Commands sent and not yet answered (the greeting counts until it arrives).
    std::size_t awaiting() const { return m_pending.size(); }

private:
    struct Pending {
        CommandKind kind = CommandKind::Noop;
        std::optional<std::uint32_t> msg;      // the command's message number, if any
        bool listing = false;                  // AUTH without mechanism: the list comes as data
        std::string saslReply;                 // AUTH PLAIN without initial response
        bool multiLine = false;                // +OK was received and data lines follow
        std::optional<std::uint64_t> octets;   // RETR "+OK n octets"
        std::string data;                      // the data lines so far, unstuffed, CRLF after each
    };

    void handleLine(std::vector<ClientEvent>& events, std::string_view line);
    void handleStatus(std::vector<ClientEvent>& events, std::string_view line);
    void finishMultiLine(std::vector<ClientEvent>& events);

    std::deque<Pending> m_pending;
    LineReader m_reader;
    std::string m_timestamp;
    bool m_greeted = false;
};

}  // namespace mailscope::pop3
