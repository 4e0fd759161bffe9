// The flow animation's flights, read from a world's event stream.
#include "app/ui/flow.h"

#include <algorithm>
#include <ostream>
#include <sstream>
#include <type_traits>
#include <variant>

#include "protocols/mail/message.h"
#include "sim/world.h"

namespace mailscope::app {

namespace {

const mail::MailItem* serverItem(const sim::World& world, std::string_view account, std::string_view folder,
                                 std::uint32_t uid)
{
    const mail::Account* a = world.store().findAccount(account);
    const mail::Mailbox* box = a ? a->findMailbox(folder) : nullptr;
    return box ? box->findUid(uid) : nullptr;
}

std::string accountOf(const sim::World& world, std::string_view device)
{
    const sim::Device* d = world.findDevice(device);
    return d ? d->settings().account : std::string();
}

}  // namespace

double Flight::progress(double now) const
{
    if (duration <= 0.0)
        return 1.0;
    return std::clamp((now - start) / duration, 0.0, 1.0);
}

std::string_view name(FlightKind kind)
{
    switch (kind) {
        case FlightKind::Download: return "Download";
        case FlightKind::Mark: return "Mark";
        case FlightKind::Unmark: return "Unmark";
        case FlightKind::Dissolve: return "Dissolve";
        case FlightKind::ChangeUp: return "ChangeUp";
        case FlightKind::ChangeDown: return "ChangeDown";
    }
    return "?";
}

std::string describeFlight(const Flight& f)
{
    std::ostringstream out;
    out << name(f.kind) << ' ' << f.account << '/' << f.folder << " UID " << f.uid;
    switch (f.kind) {
        case FlightKind::Download:
            out << " -> " << f.device << " #" << f.localId << (f.whole ? "" : " header");
            break;
        case FlightKind::Mark:
        case FlightKind::ChangeUp:
            out << " <- " << f.device;
            break;
        case FlightKind::Unmark:
            out << " by " << f.device << ' ' << sim::name(f.unmark);
            break;
        case FlightKind::Dissolve:
            if (!f.device.empty())
                out << " by " << f.device;
            break;
        case FlightKind::ChangeDown:
            out << " -> " << f.device << ' ' << sim::name(f.update);
            break;
    }
    if (f.kind == FlightKind::ChangeUp)
        out << " (" << f.before.toString() << ") -> (" << f.after.toString() << ')';
    else if (f.kind == FlightKind::ChangeDown && f.update == sim::UpdateKind::Flags)
        out << " (" << f.after.toString() << ')';
    out << " step " << f.step;
    return out.str();
}

std::ostream& operator<<(std::ostream& os, const Flight& flight)
{
    return os << describeFlight(flight);
}

std::uint32_t serverUidOf(const sim::Device& device, const sim::LocalMessage& message)
{
    if (device.protocol() == sim::Protocol::Imap)
        return message.id;
    const std::size_t dot = message.uidl.rfind('.');
    if (dot == std::string::npos || dot + 1 >= message.uidl.size())
        return 0;
    std::uint32_t uid = 0;
    for (std::size_t i = dot + 1; i < message.uidl.size(); ++i) {
        const char c = message.uidl[i];
        if (c < '0' || c > '9' || uid > 400'000'000u)
            return 0;
        uid = uid * 10 + static_cast<std::uint32_t>(c - '0');
    }
    return uid;
}

double flightSeconds(float linesPerSecond)
{
    if (!(linesPerSecond > 0.0f))
        return kMaxFlightSeconds;
    return std::clamp(1.0 / static_cast<double>(linesPerSecond), kMinFlightSeconds, kMaxFlightSeconds);
}

void addFlights(std::vector<Flight>& flights, const sim::World& world, sim::EventRange events, std::size_t lastStep,
                double now, double stepSeconds, double duration)
{
    const std::size_t first = flights.size();
    for (const sim::WorldEvent& e : events) {
        if (e.step == 0)
            continue;  // the scenario's set-up: nothing moved
        Flight base;
        base.step = e.step;
        base.start = now - static_cast<double>(lastStep > e.step ? lastStep - e.step : 0) * stepSeconds;
        base.duration = duration;
        if (base.over(now))
            continue;  // long done by the time it is read (many steps at once)
        sim::visit(
            [&](const auto& ev) {
                using T = std::decay_t<decltype(ev)>;
                if constexpr (std::is_same_v<T, sim::MessageDownloaded>) {
                    const sim::Device* device = world.findDevice(ev.device);
                    if (!device)
                        return;
                    Flight f = base;
                    f.kind = FlightKind::Download;
                    f.account = device->settings().account;
                    // A POP3 client reads the maildrop, INBOX; an IMAP folder is the server's.
                    f.folder = device->protocol() == sim::Protocol::Pop3 ? "INBOX" : ev.folder;
                    f.uid = ev.uid;
                    f.device = ev.device;
                    f.localId = ev.localId;
                    f.deviceFolder = ev.folder;
                    f.whole = ev.whole;
                    if (const sim::LocalFolder* folder = device->local().find(ev.folder)) {
                        const auto it = std::find_if(folder->messages.begin(), folder->messages.end(),
                                                     [&](const sim::LocalMessage& m) { return m.id == ev.localId; });
                        if (it != folder->messages.end() && f.uid == 0)
                            f.uid = serverUidOf(*device, *it);
                    }
                    flights.push_back(std::move(f));
                } else if constexpr (std::is_same_v<T, sim::MessageMarked>) {
                    Flight f = base;
                    f.kind = FlightKind::Mark;
                    f.account = ev.account;
                    f.folder = "INBOX";
                    f.uid = ev.uid;
                    f.device = ev.session.name;
                    flights.push_back(std::move(f));
                } else if constexpr (std::is_same_v<T, sim::MarksCleared>) {
                    for (const std::uint32_t uid : ev.uids) {
                        Flight f = base;
                        f.kind = FlightKind::Unmark;
                        f.account = ev.account;
                        f.folder = "INBOX";
                        f.uid = uid;
                        f.device = ev.session.name;
                        f.unmark = ev.reason;
                        flights.push_back(std::move(f));
                    }
                } else if constexpr (std::is_same_v<T, sim::MessagesRemoved>) {
                    if (ev.cause != sim::RemovalCause::Pop3Update && ev.cause != sim::RemovalCause::Expunge)
                        return;
                    for (std::size_t i = 0; i < ev.uids.size(); ++i) {
                        Flight f = base;
                        f.kind = FlightKind::Dissolve;
                        f.account = ev.account;
                        f.folder = ev.folder;
                        f.uid = ev.uids[i];
                        f.device = ev.by.name;
                        flights.push_back(std::move(f));
                    }
                } else if constexpr (std::is_same_v<T, sim::FlagsChanged>) {
                    if (ev.by.session == 0 || ev.by.name.empty())
                        return;  // the server itself or the set-up: nobody sent it up
                    Flight f = base;
                    f.kind = FlightKind::ChangeUp;
                    f.account = ev.account;
                    f.folder = ev.folder;
                    f.uid = ev.uid;
                    f.device = ev.by.name;
                    f.deviceFolder = ev.folder;
                    f.before = ev.before;
                    f.after = ev.after;
                    flights.push_back(std::move(f));
                } else if constexpr (std::is_same_v<T, sim::ChangeTold>) {
                    const std::string account = accountOf(world, ev.session.name);
                    if (account.empty())
                        return;  // a real client: no column of a device to fly to
                    for (const std::uint32_t uid : ev.uids) {
                        Flight f = base;
                        f.kind = FlightKind::ChangeDown;
                        f.account = account;
                        f.folder = ev.folder;
                        f.uid = uid;
                        f.device = ev.session.name;
                        f.deviceFolder = ev.folder;
                        f.update = ev.kind;
                        if (const mail::MailItem* item = serverItem(world, account, ev.folder, uid))
                            f.after = item->flags;
                        flights.push_back(std::move(f));
                    }
                }
            },
            e.what);
    }
    // A session told in the same step as the change reached the server (a session in IDLE):
    // the change first arrives, then leaves for the device.
    for (std::size_t i = first; i < flights.size(); ++i) {
        Flight& down = flights[i];
        if (down.kind != FlightKind::ChangeDown)
            continue;
        for (std::size_t j = first; j < flights.size(); ++j) {
            const Flight& up = flights[j];
            if (up.kind == FlightKind::ChangeUp && up.step == down.step && up.uid == down.uid &&
                up.account == down.account && up.folder == down.folder)
                down.start = std::max(down.start, up.start + up.duration * kArrival);
        }
    }
}

std::string FlowAnchors::mailboxKey(std::string_view account, std::string_view folder)
{
    std::string key(account);
    key += '\n';
    key += folder;
    return key;
}

std::string FlowAnchors::cardKey(std::string_view account, std::string_view folder, std::uint32_t uid)
{
    std::string key = mailboxKey(account, folder);
    key += '\n';
    key += std::to_string(uid);
    return key;
}

std::string FlowAnchors::copyKey(std::string_view device, std::string_view folder, std::uint32_t id)
{
    return cardKey(device, folder, id);
}

}  // namespace mailscope::app
