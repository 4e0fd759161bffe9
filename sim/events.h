// The world's event stream: everything that happened, in order, each with the step and
// the simulated time it happened at. The protocol engines' own events (pop3/events.h,
// imap/events.h) and the MailStore's change notices feed it; the window, the lessons and
// the tests read it. Names are past tense, one struct per kind (DESIGN.md, "Data flow").
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <deque>
#include <string>
#include <variant>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/mail/mail_store.h"
#include "sim/action.h"
#include "sim/protocol.h"
#include "sim/transcript.h"

namespace mailscope::sim {

/// Who did something on the server: a session, named as transcripts name it ("Phone" for a
/// device's link, "imap 3" for a real client). Empty name and id 0: the server itself
/// (mail delivered) or the scenario's set-up.
struct Actor {
    std::string name;
    mail::SessionId session = 0;
    friend bool operator==(const Actor&, const Actor&) = default;
};

// [SECTION] sessions and lines

/// Why a session ended.
enum class SessionEnd {
    Quit,            ///< POP3 QUIT or IMAP LOGOUT: the client said goodbye
    Dropped,         ///< the connection went away without a goodbye (offline, hung up, removed)
    Autologout,      ///< the server's idle timer (RFC 1939 3, RFC 3501 5.4)
    TooManyErrors,   ///< the server gave up after repeated bad commands
    TlsFailed,       ///< the TLS handshake or a TLS record failed
    MailboxDeleted,  ///< IMAP: the selected mailbox was deleted by another session
    Fatal,           ///< the server could no longer follow the input (an oversized literal)
    Shutdown,        ///< the server shut down
};

/// A client connected and a server session opened for it.
struct SessionOpened {
    Actor session;
    Protocol protocol = Protocol::Pop3;
    bool tls = false;       ///< implicit TLS from the first byte
    bool external = false;  ///< a real mail client over a socket, not a simulated device
};
/// A session ended.
struct SessionClosed {
    Actor session;
    Protocol protocol = Protocol::Pop3;
    SessionEnd reason = SessionEnd::Quit;
};
/// TLS is up on a link (implicit TLS, or after STLS / STARTTLS).
struct TlsEstablished {
    Actor session;
    std::string description;  ///< "TLS 1.3 handshake: TLS_AES_256_GCM_SHA384, ..."
};
/// One line (or IMAP literal) crossed a simulated link. The text, masked, and the wire
/// bytes are in the device's transcript at `entry` (one home for each line).
struct LineCarried {
    std::string device;
    mail::SessionId session = 0;
    Protocol protocol = Protocol::Pop3;
    core::Direction direction = core::Direction::ClientToServer;
    std::size_t entry = 0;  ///< index in the device's transcript
};

/// How a command ended.
enum class Outcome {
    Ok,   ///< POP3 +OK, IMAP OK
    No,   ///< IMAP NO: the command was understood but failed
    Bad,  ///< IMAP BAD: a protocol error
    Err,  ///< POP3 -ERR
};
/// A server answered a command.
struct CommandCompleted {
    Actor session;
    Protocol protocol = Protocol::Pop3;
    std::string tag;      ///< IMAP tag; empty for POP3
    std::string command;  ///< canonical name: "RETR", "UID FETCH"
    Outcome outcome = Outcome::Ok;
    std::string code;     ///< response code without brackets: "IN-USE", "TRYCREATE", ""
};

// [SECTION] the server's mail

/// POP3 DELE marked a message; it goes only when the session ends with QUIT (UPDATE state).
struct MessageMarked {
    Actor session;
    std::string account;
    std::uint32_t uid = 0;
};
/// Why deletion marks came off.
enum class UnmarkReason {
    Rset,     ///< the client sent RSET
    Dropped,  ///< the session ended without QUIT: nothing is deleted (RFC 1939 6)
};
/// Deletion marks came off these messages.
struct MarksCleared {
    Actor session;
    std::string account;
    std::vector<std::uint32_t> uids;
    UnmarkReason reason = UnmarkReason::Rset;
};

/// Why messages left a mailbox for good.
enum class RemovalCause {
    Pop3Update,     ///< POP3 QUIT: the UPDATE state removed the marked messages
    Expunge,        ///< IMAP EXPUNGE, UID EXPUNGE or CLOSE removed \Deleted messages
    Move,           ///< IMAP MOVE took them to another mailbox
    FolderDeleted,  ///< their mailbox was deleted
};
/// Messages were removed from a mailbox on the server.
struct MessagesRemoved {
    Actor by;
    std::string account;
    std::string folder;
    std::vector<std::uint32_t> uids;
    RemovalCause cause = RemovalCause::Expunge;
    std::vector<mail::MailItem> items;  ///< the messages as they were (same order as uids)
};

/// How a message came into a mailbox.
enum class StoreCause {
    Delivered,  ///< new mail arrived (or the scenario's mail at the start)
    Appended,   ///< IMAP APPEND
    Copied,     ///< IMAP COPY
    MovedIn,    ///< IMAP MOVE, or RENAME of INBOX
};
/// A message was stored in a mailbox on the server.
struct MessageStored {
    Actor by;
    std::string account;
    std::string folder;
    std::uint32_t uid = 0;
    StoreCause cause = StoreCause::Delivered;
    mail::Flags flags;
};
/// A message's flags changed on the server.
struct FlagsChanged {
    Actor by;
    std::string account;
    std::string folder;
    std::uint32_t uid = 0;
    mail::Flags before;
    mail::Flags after;
};
struct FolderCreated {
    Actor by;
    std::string account;
    std::string folder;
};
struct FolderRenamed {
    Actor by;
    std::string account;
    std::string from;
    std::string to;
};
struct FolderDeleted {
    Actor by;
    std::string account;
    std::string folder;
};

// [SECTION] IMAP sessions told of changes (RFC 3501 5.2, 7.4.1)

/// What an IMAP session must tell its client.
enum class UpdateKind {
    Exists,   ///< a new message: "* n EXISTS"
    Expunge,  ///< a removed message: "* n EXPUNGE"
    Flags,    ///< changed flags: "* n FETCH (FLAGS ...)"
};
/// Another session's change is owed to this session's client: it will be told at the next
/// chance (NOOP, IDLE, the end of a command).
struct ChangeOwed {
    Actor session;
    std::string folder;
    UpdateKind kind = UpdateKind::Flags;
    std::uint32_t uid = 0;
};
/// The session told its client of changes (untagged responses sent).
struct ChangeTold {
    Actor session;
    std::string folder;
    UpdateKind kind = UpdateKind::Flags;
    std::vector<std::uint32_t> uids;
};

// [SECTION] devices

/// A device saved a message from the server in its local mailbox.
struct MessageDownloaded {
    std::string device;
    std::string folder;
    std::uint32_t localId = 0;  ///< the device's id (IMAP: the UID on the server)
    std::uint32_t uid = 0;      ///< the server's UID (0 if unknown)
    bool whole = true;          ///< the whole message, or only its header
};
/// A person opened a message on a device.
struct MessageOpened {
    std::string device;
    std::string folder;
    std::uint32_t localId = 0;
};
/// A device deleted a message from its local copy.
struct MessageDeletedLocally {
    std::string device;
    std::string folder;
    std::uint32_t localId = 0;
};
/// A device moved a message between its local folders.
struct MessageMovedLocally {
    std::string device;
    std::string from;
    std::string to;
    std::uint32_t localId = 0;
};
struct DeviceWentOffline {
    std::string device;
};
struct DeviceWentOnline {
    std::string device;
};
/// An action was applied to the world. The action itself is in World::timeline() at
/// `timeline` (its one home); the kind, device and origin are here for filtering.
struct ActionApplied {
    std::size_t timeline = 0;  ///< index into World::timeline()
    std::string device;        ///< the device acting; empty for server actions
    ActionKind kind = ActionKind::CheckMail;
    ActionOrigin origin = ActionOrigin::Scenario;  ///< whose: the scenario, a person, a device timer
};

using Event = std::variant<SessionOpened, SessionClosed, TlsEstablished, LineCarried, CommandCompleted, MessageMarked,
                           MarksCleared, MessagesRemoved, MessageStored, FlagsChanged, FolderCreated, FolderRenamed,
                           FolderDeleted, ChangeOwed, ChangeTold, MessageDownloaded, MessageOpened,
                           MessageDeletedLocally, MessageMovedLocally, DeviceWentOffline, DeviceWentOnline,
                           ActionApplied>;

/// One event with when it happened.
struct WorldEvent {
    std::size_t step = 0;  ///< the step that caused it (0: the world's set-up)
    core::Time time = 0;
    Event what;
};

/// A run of events, in order (random access; cheap to copy). A small class rather than
/// std::ranges::subrange, which clang 14 (the fuzz build) cannot compile with libstdc++ 12.
class EventRange {
public:
    using iterator = std::deque<WorldEvent>::const_iterator;
    EventRange() = default;
    EventRange(iterator first, iterator last) : m_begin(first), m_end(last) {}
    iterator begin() const { return m_begin; }
    iterator end() const { return m_end; }
    bool empty() const { return m_begin == m_end; }
    std::size_t size() const { return static_cast<std::size_t>(m_end - m_begin); }
    const WorldEvent& operator[](std::size_t i) const { return m_begin[static_cast<std::ptrdiff_t>(i)]; }
    const WorldEvent& front() const { return *m_begin; }
    const WorldEvent& back() const { return *(m_end - 1); }

private:
    iterator m_begin{};
    iterator m_end{};
};

/// The stream: append-only, ordered by step. Kept in blocks (a deque), so a long run
/// never moves the events already recorded.
class EventLog {
public:
    void add(std::size_t step, core::Time time, Event event);
    const std::deque<WorldEvent>& all() const { return m_events; }
    std::size_t size() const { return m_events.size(); }
    /// The events of steps after `step` (all of them for step 0 but the set-up's).
    EventRange since(std::size_t step) const;
    /// The events from index `index` on (a reader that keeps its place).
    EventRange from(std::size_t index) const;
    void clear() { m_events.clear(); }

private:
    std::deque<WorldEvent> m_events;
};

std::string_view name(SessionEnd reason);
std::string_view name(Outcome outcome);
std::string_view name(UnmarkReason reason);
std::string_view name(RemovalCause cause);
std::string_view name(StoreCause cause);
std::string_view name(UpdateKind kind);
/// The event's kind, e.g. "MessagesRemoved".
std::string_view kindName(const Event& event);

/// One line per event, stable across runs: "12 09:00:10 MessagesRemoved alice INBOX 1,2 POP3 UPDATE by Phone".
std::ostream& operator<<(std::ostream& os, const WorldEvent& event);
std::ostream& operator<<(std::ostream& os, const Event& event);
/// One event as operator<< writes it, without a newline.
std::string formatEvent(const WorldEvent& event);
/// Every event, one per line.
std::string formatEvents(EventRange events);
std::string formatEvents(const std::deque<WorldEvent>& events);

}  // namespace mailscope::sim
