// The world's event stream: storage, lookup by step, and one stable line per event
// for tests and golden files.
#include "sim/events.h"

#include <algorithm>
#include <ostream>
#include <sstream>

#include "sim/report.h"

namespace mailscope::sim {

void EventLog::add(std::size_t step, core::Time time, Event event) {
    if (m_size % kBlock == 0) {
        m_blocks.emplace_back();
        m_blocks.back().reserve(kBlock);
    }
    m_blocks.back().push_back(WorldEvent{step, time, std::move(event)});
    ++m_size;
}

EventRange EventLog::since(std::size_t step) const {
    // The first event of a later step: steps only grow along the log.
    std::size_t low = 0;
    std::size_t high = m_size;
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if ((*this)[mid].step <= step) low = mid + 1;
        else high = mid;
    }
    return {this, low, m_size};
}

EventRange EventLog::from(std::size_t index) const { return {this, std::min(index, m_size), m_size}; }

std::string_view name(SessionEnd reason) {
    switch (reason) {
        case SessionEnd::Quit: return "quit";
        case SessionEnd::Dropped: return "dropped";
        case SessionEnd::Autologout: return "autologout";
        case SessionEnd::TooManyErrors: return "too many errors";
        case SessionEnd::TlsFailed: return "TLS failed";
        case SessionEnd::MailboxDeleted: return "mailbox deleted";
        case SessionEnd::Fatal: return "fatal";
        case SessionEnd::Shutdown: return "shutdown";
    }
    return "?";
}

std::string_view name(Outcome outcome) {
    switch (outcome) {
        case Outcome::Ok: return "OK";
        case Outcome::No: return "NO";
        case Outcome::Bad: return "BAD";
        case Outcome::Err: return "-ERR";
    }
    return "?";
}

std::string_view name(UnmarkReason reason) { return reason == UnmarkReason::Rset ? "RSET" : "dropped"; }

std::string_view name(RemovalCause cause) {
    switch (cause) {
        case RemovalCause::Pop3Update: return "POP3 UPDATE";
        case RemovalCause::Expunge: return "EXPUNGE";
        case RemovalCause::Move: return "MOVE";
        case RemovalCause::FolderDeleted: return "folder deleted";
    }
    return "?";
}

std::string_view name(StoreCause cause) {
    switch (cause) {
        case StoreCause::Delivered: return "delivered";
        case StoreCause::Appended: return "APPEND";
        case StoreCause::Copied: return "COPY";
        case StoreCause::MovedIn: return "MOVE";
    }
    return "?";
}

std::string_view name(UpdateKind kind) {
    switch (kind) {
        case UpdateKind::Exists: return "EXISTS";
        case UpdateKind::Expunge: return "EXPUNGE";
        case UpdateKind::Flags: return "FLAGS";
    }
    return "?";
}

namespace {

template <class>
constexpr std::string_view kKind = "?";
template <> constexpr std::string_view kKind<SessionOpened> = "SessionOpened";
template <> constexpr std::string_view kKind<SessionClosed> = "SessionClosed";
template <> constexpr std::string_view kKind<TlsEstablished> = "TlsEstablished";
template <> constexpr std::string_view kKind<LineCarried> = "LineCarried";
template <> constexpr std::string_view kKind<CommandCompleted> = "CommandCompleted";
template <> constexpr std::string_view kKind<MessageMarked> = "MessageMarked";
template <> constexpr std::string_view kKind<MarksCleared> = "MarksCleared";
template <> constexpr std::string_view kKind<MessagesRemoved> = "MessagesRemoved";
template <> constexpr std::string_view kKind<MessageStored> = "MessageStored";
template <> constexpr std::string_view kKind<FlagsChanged> = "FlagsChanged";
template <> constexpr std::string_view kKind<FolderCreated> = "FolderCreated";
template <> constexpr std::string_view kKind<FolderRenamed> = "FolderRenamed";
template <> constexpr std::string_view kKind<FolderDeleted> = "FolderDeleted";
template <> constexpr std::string_view kKind<ChangeOwed> = "ChangeOwed";
template <> constexpr std::string_view kKind<ChangeTold> = "ChangeTold";
template <> constexpr std::string_view kKind<MessageDownloaded> = "MessageDownloaded";
template <> constexpr std::string_view kKind<MessageOpened> = "MessageOpened";
template <> constexpr std::string_view kKind<MessageDeletedLocally> = "MessageDeletedLocally";
template <> constexpr std::string_view kKind<MessageMovedLocally> = "MessageMovedLocally";
template <> constexpr std::string_view kKind<DeviceWentOffline> = "DeviceWentOffline";
template <> constexpr std::string_view kKind<DeviceWentOnline> = "DeviceWentOnline";
template <> constexpr std::string_view kKind<ActionApplied> = "ActionApplied";

std::ostream& operator<<(std::ostream& os, const Actor& a) {
    if (a.name.empty()) return os << "server";
    return os << a.name;
}

std::string uidList(const std::vector<std::uint32_t>& uids) {
    std::string out;
    for (std::uint32_t uid : uids) {
        if (!out.empty()) out += ',';
        out += std::to_string(uid);
    }
    return out.empty() ? "-" : out;
}

std::string flagText(const mail::Flags& flags) {
    const std::string s = flags.toString();
    return "(" + s + ")";
}

}  // namespace

std::string_view kindName(const Event& event) {
    return visit([](const auto& e) { return kKind<std::decay_t<decltype(e)>>; }, event);
}

std::ostream& operator<<(std::ostream& os, const Event& event) {
    os << kindName(event);
    visit(
        [&os](const auto& e) {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, SessionOpened>)
                os << ' ' << e.session << " #" << e.session.session << ' ' << protocolName(e.protocol)
                   << (e.tls ? " TLS" : "") << (e.external ? " external" : "");
            else if constexpr (std::is_same_v<T, SessionClosed>)
                os << ' ' << e.session << " #" << e.session.session << ' ' << name(e.reason);
            else if constexpr (std::is_same_v<T, TlsEstablished>)
                os << ' ' << e.session << " #" << e.session.session;
            else if constexpr (std::is_same_v<T, LineCarried>)
                os << ' ' << e.device << (e.direction == core::Direction::ClientToServer ? " C #" : " S #") << e.entry;
            else if constexpr (std::is_same_v<T, CommandCompleted>)
                os << ' ' << e.session << ' ' << (e.tag.empty() ? "" : e.tag + " ") << e.command << ' '
                   << name(e.outcome) << (e.code.empty() ? "" : " [" + e.code + "]");
            else if constexpr (std::is_same_v<T, MessageMarked>)
                os << ' ' << e.session << ' ' << e.account << " UID " << e.uid;
            else if constexpr (std::is_same_v<T, MarksCleared>)
                os << ' ' << e.session << ' ' << e.account << ' ' << uidList(e.uids) << ' ' << name(e.reason);
            else if constexpr (std::is_same_v<T, MessagesRemoved>)
                os << ' ' << e.account << ' ' << e.folder << ' ' << uidList(e.uids) << ' ' << name(e.cause) << " by "
                   << e.by;
            else if constexpr (std::is_same_v<T, MessageStored>)
                os << ' ' << e.account << ' ' << e.folder << " UID " << e.uid << ' ' << name(e.cause) << " by " << e.by;
            else if constexpr (std::is_same_v<T, FlagsChanged>)
                os << ' ' << e.account << ' ' << e.folder << " UID " << e.uid << ' ' << flagText(e.before) << " -> "
                   << flagText(e.after) << " by " << e.by;
            else if constexpr (std::is_same_v<T, FolderCreated> || std::is_same_v<T, FolderDeleted>)
                os << ' ' << e.account << ' ' << e.folder << " by " << e.by;
            else if constexpr (std::is_same_v<T, FolderRenamed>)
                os << ' ' << e.account << ' ' << e.from << " -> " << e.to << " by " << e.by;
            else if constexpr (std::is_same_v<T, ChangeOwed>)
                os << ' ' << e.session << ' ' << e.folder << ' ' << name(e.kind) << " UID " << e.uid;
            else if constexpr (std::is_same_v<T, ChangeTold>)
                os << ' ' << e.session << ' ' << e.folder << ' ' << name(e.kind) << ' ' << uidList(e.uids);
            else if constexpr (std::is_same_v<T, MessageDownloaded>)
                os << ' ' << e.device << ' ' << e.folder << " #" << e.localId << " UID " << e.uid
                   << (e.whole ? " whole" : " header");
            else if constexpr (std::is_same_v<T, MessageOpened> || std::is_same_v<T, MessageDeletedLocally>)
                os << ' ' << e.device << ' ' << e.folder << " #" << e.localId;
            else if constexpr (std::is_same_v<T, MessageMovedLocally>)
                os << ' ' << e.device << ' ' << e.from << " -> " << e.to << " #" << e.localId;
            else if constexpr (std::is_same_v<T, DeviceWentOffline> || std::is_same_v<T, DeviceWentOnline>)
                os << ' ' << e.device;
            else if constexpr (std::is_same_v<T, ActionApplied>)
                os << " #" << e.timeline << ' ' << actionOriginName(e.origin) << ": "
                   << (e.device.empty() ? std::string() : e.device.str() + ' ') << actionKindName(e.kind);
        },
        event);
    return os;
}

std::ostream& operator<<(std::ostream& os, const WorldEvent& event) {
    return os << event.step << ' ' << formatClock(event.time, 0) << ' ' << event.what;
}

std::string formatEvent(const WorldEvent& event) {
    std::ostringstream out;
    out << event;
    return out.str();
}

std::string formatEvents(EventRange events) {
    std::ostringstream out;
    for (const WorldEvent& e : events) out << e << '\n';
    return out.str();
}

}  // namespace mailscope::sim
