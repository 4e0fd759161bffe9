// The world's event stream: everything that happened, in order, each with the step and
// the simulated time it happened at. The protocol engines' own events (pop3/events.h,
// imap/events.h) and the MailStore's change notices feed it; the window, the lessons and
// the tests read it. Names are past tense, one struct per kind (DESIGN.md, "Data flow").
// The stream is long (a 16-device world syncing 10,000 messages records 1.5 million
// events), so an event is small: names are interned (name.h), the kinds larger than
// kInlineEventBytes live on the heap, and the log keeps events in large blocks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <iterator>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "protocols/core/time.h"
#include "protocols/mail/mail_store.h"
#include "sim/action.h"
#include "sim/name.h"
#include "sim/protocol.h"
#include "sim/transcript.h"

namespace mailscope::sim {

/// Who did something on the server: a session, named as transcripts name it ("Phone" for a
/// device's link, "imap 3" for a real client). Empty name and id 0: the server itself
/// (mail delivered) or the scenario's set-up.
struct Actor {
    Name name;
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
    Name device;
    mail::SessionId session = 0;
    // One byte each (bit-fields), so the most frequent kind fits in an event inline.
    Protocol protocol : 8 = Protocol::Pop3;
    core::Direction direction : 8 = core::Direction::ClientToServer;
    std::uint32_t entry = 0;  ///< index in the device's transcript
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
    std::string command;  ///< canonical name: "RETR", "UID FETCH" (a client's own word if unknown)
    Outcome outcome = Outcome::Ok;
    std::string code;     ///< response code without brackets: "IN-USE", "TRYCREATE", "UIDNEXT 4", ""
};

// [SECTION] the server's mail

/// POP3 DELE marked a message; it goes only when the session ends with QUIT (UPDATE state).
struct MessageMarked {
    Actor session;
    Name account;
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
    Name account;
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
    Name account;
    Name folder;
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
    Name account;
    Name folder;
    std::uint32_t uid = 0;
    StoreCause cause = StoreCause::Delivered;
    mail::Flags flags;
};
/// A message's flags changed on the server.
struct FlagsChanged {
    Actor by;
    Name account;
    Name folder;
    std::uint32_t uid = 0;
    mail::Flags before;
    mail::Flags after;
};
struct FolderCreated {
    Actor by;
    Name account;
    Name folder;
};
struct FolderRenamed {
    Actor by;
    Name account;
    Name from;
    Name to;
};
struct FolderDeleted {
    Actor by;
    Name account;
    Name folder;
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
    Name folder;
    UpdateKind kind = UpdateKind::Flags;
    std::uint32_t uid = 0;
};
/// The session told its client of changes (untagged responses sent).
struct ChangeTold {
    Actor session;
    Name folder;
    UpdateKind kind = UpdateKind::Flags;
    std::vector<std::uint32_t> uids;
};

// [SECTION] devices

/// A device saved a message from the server in its local mailbox.
struct MessageDownloaded {
    Name device;
    Name folder;
    std::uint32_t localId = 0;  ///< the device's id (IMAP: the UID on the server)
    std::uint32_t uid = 0;      ///< the server's UID (0 if unknown)
    bool whole = true;          ///< the whole message, or only its header
};
/// A person opened a message on a device.
struct MessageOpened {
    Name device;
    Name folder;
    std::uint32_t localId = 0;
};
/// A device deleted a message from its local copy.
struct MessageDeletedLocally {
    Name device;
    Name folder;
    std::uint32_t localId = 0;
};
/// A device moved a message between its local folders.
struct MessageMovedLocally {
    Name device;
    Name from;
    Name to;
    std::uint32_t localId = 0;
};
struct DeviceWentOffline {
    Name device;
};
struct DeviceWentOnline {
    Name device;
};
/// An action was applied to the world. The action itself is in World::timeline() at
/// `timeline` (its one home); the kind, device and origin are here for filtering.
struct ActionApplied {
    std::size_t timeline = 0;  ///< index into World::timeline()
    Name device;        ///< the device acting; empty for server actions
    ActionKind kind = ActionKind::CheckMail;
    ActionOrigin origin = ActionOrigin::Scenario;  ///< whose: the scenario, a person, a device timer
};

// [SECTION] one event of any kind

/// Kinds up to this size are held in the event itself; larger ones on the heap. 24 bytes
/// hold LineCarried, more than eight in ten events, so an event takes 48 bytes in the log.
inline constexpr std::size_t kInlineEventBytes = 24;

/// A kind larger than kInlineEventBytes, on the heap; copies copy the kind.
template <class Kind>
class BoxedKind {
public:
    explicit BoxedKind(Kind kind) : m_kind(std::make_unique<Kind>(std::move(kind))) {}
    BoxedKind(const BoxedKind& other) : m_kind(std::make_unique<Kind>(*other.m_kind)) {}
    BoxedKind(BoxedKind&&) noexcept = default;
    BoxedKind& operator=(const BoxedKind& other) {
        if (this != &other) m_kind = std::make_unique<Kind>(*other.m_kind);
        return *this;
    }
    BoxedKind& operator=(BoxedKind&&) noexcept = default;
    Kind& get() noexcept { return *m_kind; }
    const Kind& get() const noexcept { return *m_kind; }

private:
    std::unique_ptr<Kind> m_kind;
};

/// How an event holds `Kind`: in place if it is small, else boxed.
template <class Kind>
using StoredKind = std::conditional_t<(sizeof(Kind) <= kInlineEventBytes), Kind, BoxedKind<Kind>>;

/// One event of one of `Kinds`. Made from any kind (`Event e = LineCarried{...}`); read
/// with sim::visit, sim::get_if, sim::get and sim::holds_alternative, which work as their
/// std::variant namesakes and hand out the kind itself, boxed or not.
template <class... Kinds>
class EventOf {
public:
    template <class Kind>
        requires(std::is_same_v<std::remove_cvref_t<Kind>, Kinds> || ...)
    EventOf(Kind&& kind)
        : m_kind(std::in_place_type<StoredKind<std::remove_cvref_t<Kind>>>, std::forward<Kind>(kind)) {}

    /// The position of the event's kind in `Kinds`.
    std::size_t index() const noexcept { return m_kind.index(); }

    template <class Kind>
    const Kind* getIf() const noexcept {
        return getIfIn<Kind>(m_kind);
    }
    template <class Kind>
    Kind* getIf() noexcept {
        return getIfIn<Kind>(m_kind);
    }
    template <class Visitor>
    decltype(auto) visit(Visitor&& visitor) const {
        return std::visit([&visitor](const auto& stored) -> decltype(auto) { return visitor(unboxed(stored)); },
                          m_kind);
    }

private:
    template <class Kind, class Storage>
    static auto* getIfIn(Storage& storage) noexcept {
        static_assert((std::is_same_v<Kind, Kinds> || ...), "not a kind of event");
        auto* stored = std::get_if<StoredKind<Kind>>(&storage);
        if constexpr (std::is_same_v<StoredKind<Kind>, Kind>) return stored;
        else return stored ? &stored->get() : nullptr;
    }
    template <class Stored>
    static const auto& unboxed(const Stored& stored) noexcept {
        if constexpr (requires { stored.get(); }) return stored.get();
        else return stored;
    }

    std::variant<StoredKind<Kinds>...> m_kind;
};

using Event = EventOf<SessionOpened, SessionClosed, TlsEstablished, LineCarried, CommandCompleted, MessageMarked,
                      MarksCleared, MessagesRemoved, MessageStored, FlagsChanged, FolderCreated, FolderRenamed,
                      FolderDeleted, ChangeOwed, ChangeTold, MessageDownloaded, MessageOpened, MessageDeletedLocally,
                      MessageMovedLocally, DeviceWentOffline, DeviceWentOnline, ActionApplied>;

/// The event's kind if it is `Kind`, else nullptr (as std::get_if).
template <class Kind>
const Kind* get_if(const Event* event) noexcept {
    return event ? event->getIf<Kind>() : nullptr;
}
template <class Kind>
Kind* get_if(Event* event) noexcept {
    return event ? event->getIf<Kind>() : nullptr;
}
/// Whether the event is a `Kind` (as std::holds_alternative).
template <class Kind>
bool holds_alternative(const Event& event) noexcept {
    return event.getIf<Kind>() != nullptr;
}
/// The event's kind, which must be `Kind` (as std::get: throws std::bad_variant_access).
template <class Kind>
const Kind& get(const Event& event) {
    if (const Kind* kind = event.getIf<Kind>()) return *kind;
    throw std::bad_variant_access();
}
template <class Kind>
Kind& get(Event& event) {
    if (Kind* kind = event.getIf<Kind>()) return *kind;
    throw std::bad_variant_access();
}
/// Calls `visitor` with the event's kind (as std::visit on one variant).
template <class Visitor>
decltype(auto) visit(Visitor&& visitor, const Event& event) {
    return event.visit(std::forward<Visitor>(visitor));
}

// [SECTION] the stream

/// One event with when it happened.
struct WorldEvent {
    std::size_t step = 0;  ///< the step that caused it (0: the world's set-up)
    core::Time time = 0;
    Event what;
};

class EventLog;

/// A run of events of one log, in order: positions in the log, so it stays valid while
/// the log grows. Random access; cheap to copy. A small class rather than
/// std::ranges::subrange, which clang 14 (the fuzz build) cannot compile with libstdc++ 12.
class EventRange {
public:
    class iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = WorldEvent;
        using difference_type = std::ptrdiff_t;
        using pointer = const WorldEvent*;
        using reference = const WorldEvent&;

        iterator() = default;
        iterator(const EventLog* log, std::size_t index) : m_log(log), m_index(index) {}
        reference operator*() const;
        pointer operator->() const { return &**this; }
        reference operator[](difference_type n) const { return *(*this + n); }
        iterator& operator++() { ++m_index; return *this; }
        iterator operator++(int) { iterator old = *this; ++m_index; return old; }
        iterator& operator--() { --m_index; return *this; }
        iterator operator--(int) { iterator old = *this; --m_index; return old; }
        iterator& operator+=(difference_type n) { m_index = static_cast<std::size_t>(static_cast<difference_type>(m_index) + n); return *this; }
        iterator& operator-=(difference_type n) { return *this += -n; }
        friend iterator operator+(iterator it, difference_type n) { return it += n; }
        friend iterator operator+(difference_type n, iterator it) { return it += n; }
        friend iterator operator-(iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const iterator& a, const iterator& b) {
            return static_cast<difference_type>(a.m_index) - static_cast<difference_type>(b.m_index);
        }
        friend bool operator==(const iterator& a, const iterator& b) { return a.m_index == b.m_index; }
        friend auto operator<=>(const iterator& a, const iterator& b) { return a.m_index <=> b.m_index; }
        /// The event's position in its log.
        std::size_t index() const { return m_index; }

    private:
        const EventLog* m_log = nullptr;
        std::size_t m_index = 0;
    };

    EventRange() = default;
    EventRange(const EventLog* log, std::size_t first, std::size_t last) : m_log(log), m_first(first), m_last(last) {}
    iterator begin() const { return {m_log, m_first}; }
    iterator end() const { return {m_log, m_last}; }
    bool empty() const { return m_first == m_last; }
    std::size_t size() const { return m_last - m_first; }
    const WorldEvent& operator[](std::size_t i) const { return begin()[static_cast<std::ptrdiff_t>(i)]; }
    const WorldEvent& front() const { return *begin(); }
    const WorldEvent& back() const { return *(end() - 1); }

private:
    const EventLog* m_log = nullptr;
    std::size_t m_first = 0;
    std::size_t m_last = 0;
};

/// The stream: append-only, ordered by step. Kept in blocks of kBlock events, each
/// allocated once, so recording costs no copying of earlier events and never moves them.
class EventLog {
public:
    void add(std::size_t step, core::Time time, Event event);
    /// Every event, in order.
    EventRange all() const { return {this, 0, m_size}; }
    std::size_t size() const { return m_size; }
    const WorldEvent& operator[](std::size_t index) const { return m_blocks[index / kBlock][index % kBlock]; }
    /// The events of steps after `step` (all of them for step 0 but the set-up's).
    EventRange since(std::size_t step) const;
    /// The events from index `index` on (a reader that keeps its place).
    EventRange from(std::size_t index) const;
    void clear() {
        m_blocks.clear();
        m_size = 0;
    }
    /// Bytes the log holds for its events (blocks as allocated, boxed kinds not counted).
    std::size_t blockBytes() const { return m_blocks.size() * kBlock * sizeof(WorldEvent); }

private:
    static constexpr std::size_t kBlock = 2048;  ///< events per block: 96 KiB
    std::vector<std::vector<WorldEvent>> m_blocks;  ///< each reserved to kBlock, filled in order
    std::size_t m_size = 0;
};

inline const WorldEvent& EventRange::iterator::operator*() const { return (*m_log)[m_index]; }

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

}  // namespace mailscope::sim
