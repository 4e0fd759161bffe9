// The simulated world: links carry one line (or IMAP literal, RFC 3501 4.3) per step
// between a device's client behaviour and its server session; actions come from the
// scenario, from people and from device timers, in a fixed order, so runs replay exactly.
#include "sim/world.h"

#include <algorithm>
#include <deque>
#include <limits>

#include "protocols/core/catalogue.h"
#include "protocols/imap/server_session.h"
#include "protocols/pop3/server_session.h"
#include "sim/link.h"

namespace mailscope::sim {
namespace {

/// The host's setup: the world's options, and what the scenario says about its server.
HostConfig hostConfig(const WorldOptions& options, const Scenario& scenario) {
    HostConfig config = options.host;
    // Simulated links always have a certificate (simTls), so the scenario may offer STARTTLS.
    if (scenario.server.starttls) config.tlsAvailable = *scenario.server.starttls;
    return config;
}

}  // namespace

std::vector<std::string> syncDifferences(const World& world, const Device& device) {
    std::vector<std::string> out;
    const mail::Account* account = world.store().findAccount(device.settings().account);
    if (!account) return {"no account \"" + device.settings().account + "\" on the server"};
    for (const mail::Mailbox* box : account->mailboxes()) {
        const LocalFolder* folder = device.local().find(box->name());
        if (!folder) {
            out.push_back(box->name() + ": missing on the device");
            continue;
        }
        const auto& items = box->items();
        const auto& local = folder->messages;
        for (const mail::MailItem& item : items) {
            const auto it = std::find_if(local.begin(), local.end(),
                                         [&](const LocalMessage& m) { return m.id == item.uid; });
            if (it == local.end())
                out.push_back(box->name() + ": UID " + std::to_string(item.uid) + " missing on the device");
            else if (!(it->flags == item.flags))
                out.push_back(box->name() + ": UID " + std::to_string(item.uid) + " has flags (" +
                              it->flags.toString() + ") on the device, (" + item.flags.toString() + ") on the server");
        }
        for (const LocalMessage& m : local)
            if (!box->findUid(m.id))
                out.push_back(box->name() + ": UID " + std::to_string(m.id) + " is on the device only");
    }
    for (const LocalFolder& folder : device.local().folders())
        if (!account->findMailbox(folder.name)) out.push_back(folder.name + ": on the device only");
    return out;
}

// [SECTION] the world's state

struct World::State {
    struct Slot;

    /// What a behaviour may do, for one device.
    class Port final : public ClientPort {
    public:
        Port(State& state, Slot& slot) : m_state(state), m_slot(slot) {}
        core::Time now() const override { return m_state.now; }
        bool online() const override { return m_slot.device.m_online; }
        bool connected() const override { return m_slot.mailLink() != nullptr; }
        void connect() override { m_state.connect(m_slot); }
        void send(std::string bytes) override { m_state.sendToServer(m_slot, bytes); }
        void hangUp() override { m_state.hangUp(m_slot, makeNote("note.closed_by_device")); }
        void note(Note note) override { m_state.note(m_slot, std::move(note)); }
        void report(Event event) override { m_state.record(std::move(event)); }

    private:
        State& m_state;
        Slot& m_slot;
    };

    struct Slot {
        Device device;
        Name name;  ///< the device's name, as the event stream holds it
        /// The device's open links, at most one per protocol: today the POP3 or IMAP link it
        /// reads mail over; a submission link (SMTP) can open beside it.
        std::vector<std::unique_ptr<Link>> links;
        Port port;
        Slot(State& state, DeviceSettings settings, std::string password, core::Time now)
            : device(std::move(settings), std::move(password), now), name(device.name()), port(state, *this) {}

        Link* link(Protocol protocol) const {
            for (const auto& l : links)
                if (l->protocol() == protocol) return l.get();
            return nullptr;
        }
        /// The link the device reads mail over (its POP3 or IMAP setting).
        Link* mailLink() const { return link(device.protocol()); }
    };

    /// A link and the device that owns it.
    struct Found {
        Slot* slot = nullptr;
        Link* link = nullptr;
    };

    explicit State(const Scenario& scenario, const WorldOptions& options, Timeline& timeline)
        : scenario(scenario),
          options(options),
          timeline(timeline),
          store(options.firstUidValidity),
          host(store, hostConfig(options, scenario)) {
        if (options.recordEvents) host.setEventSink([this](Event event) { record(std::move(event)); });
    }

    const Scenario& scenario;
    const WorldOptions& options;
    Timeline& timeline;
    mail::MailStore store;
    ServerHost host;
    std::vector<std::unique_ptr<Slot>> slots;
    /// Which link carries next: one entry per unit in flight on any link, in the order the
    /// units were sent, so the world carries them in one order over all links.
    std::deque<std::uint64_t> inFlight;
    std::deque<Action> pendingUser;
    std::size_t nextScenarioAction = 0;
    Transcript serverLog;
    core::Time now = 0;
    std::size_t steps = 0;
    std::uint64_t lastLinkId = 0;
    EventLog events;

    void record(Event event) {
        if (options.recordEvents) events.add(steps, now, std::move(event));
    }

    // [SECTION] links

    void connect(Slot& slot) {
        if (slot.mailLink() || !slot.device.m_online) return;
        const Protocol protocol = slot.device.protocol();
        const bool imap = protocol == Protocol::Imap;
        auto owned = std::make_unique<Link>(++lastLinkId, protocol);
        Link& link = *owned;
        const std::uint64_t id = link.id();
        SessionSink sink = [this, id](SessionOutput out) { fromServer(id, std::move(out)); };
        // STARTTLS starts plain, like no TLS at all; the client asks for TLS after the greeting.
        const bool secure = slot.device.settings().tls == TlsMode::Implicit;
        const LinkSecurity security = secure ? LinkSecurity::ImplicitTls : LinkSecurity::Plain;
        // A device set to quick resync is offered CONDSTORE / QRESYNC; the others see what
        // their recorded transcripts show.
        const SessionOrigin origin =
            slot.device.settings().quickResync ? SessionOrigin::QuickResyncDevice : SessionOrigin::Simulated;
        link.setSession(imap ? host.openImap(slot.device.name(), security, std::move(sink), now, origin)
                             : host.openPop3(slot.device.name(), security, std::move(sink), now));
        HostedSession& session = link.session();
        session.setRecording(false);  // the link records the device's transcript
        slot.links.push_back(std::move(owned));
        slot.device.m_connected = true;
        note(slot, makeNote("note.connected", {noteData(std::string(protocolName(slot.device.protocol()))),
                                               noteData(session.id())}));
        serverLog.add(noteEntry(slot.device.protocol(),
                                makeNote("log.session_opened", {noteData(session.id()), noteData(slot.device.name())})));
        if (secure) {
            if (std::optional<Note> error = link.handshake()) {
                session.reportOpened();
                hangUp(slot, makeNote("note.tls.handshake_failed", {std::move(*error)}), SessionEnd::TlsFailed);
                return;
            }
            note(slot, link.handshakeNote());
        }
        session.start(now);
        if (secure) session.reportTls(noteText(link.handshakeNote()));
    }

    /// STLS / STARTTLS was answered and the answer has crossed in plain text: the same
    /// handshake as implicit TLS runs on the open link, then the session reads again, now
    /// through TLS (RFC 2595 4, RFC 3501 6.2.1). False if it failed (the link is gone).
    bool startTls(Slot& slot, Link& link) {
        if (std::optional<Note> error = link.handshake()) {
            hangUp(slot, makeNote("note.tls.handshake_failed", {std::move(*error)}), SessionEnd::TlsFailed);
            slot.device.m_behaviour->closed(slot.port);
            return false;
        }
        const Note done = link.handshakeNote();
        note(slot, done);
        link.session().tlsEstablished(now, noteText(done));
        return true;
    }

    Found findLink(std::uint64_t id) const {
        for (const auto& s : slots)
            for (const auto& l : s->links)
                if (l->id() == id) return Found{s.get(), l.get()};
        return {};
    }

    /// Puts `count` units just queued on `link` in the world's order.
    void queued(const Link& link, std::size_t count) { inFlight.insert(inFlight.end(), count, link.id()); }

    /// Whether the world's last unit in flight is `link`'s, going to the client.
    bool lastIsToClient(Link& link) const {
        return !inFlight.empty() && inFlight.back() == link.id() && !link.idle() &&
               link.back().direction == core::Direction::ServerToClient;
    }

    void fromServer(std::uint64_t linkId, SessionOutput out) {
        Link* link = findLink(linkId).link;
        if (!link) return;
        queued(*link, link->sendToClient(out.bytes));
        if (out.startTls) {
            if (lastIsToClient(*link)) {
                link->back().startTlsAfter = true;
            } else {
                link->queue(LinkUnit{core::Direction::ServerToClient, {}, EntryKind::Note, false, true});
                queued(*link, 1);
            }
        }
        if (out.close) {
            if (lastIsToClient(*link)) {
                link->back().closeAfter = true;
            } else {
                link->queue(LinkUnit{core::Direction::ServerToClient, {}, EntryKind::Note, true});
                queued(*link, 1);
            }
        }
    }

    void sendToServer(Slot& slot, std::string_view bytes) {
        Link* link = slot.mailLink();
        if (!link) {
            note(slot, makeNote("note.not_connected_nothing_sent"));
            return;
        }
        queued(*link, link->sendToServer(bytes));
    }

    /// Ends a connection: the session forgets it (POP3 deletes nothing without QUIT),
    /// and bytes not yet carried are lost.
    void hangUp(Slot& slot, Note why, SessionEnd reason = SessionEnd::Dropped) {
        Link* link = slot.mailLink();
        if (!link) return;
        const std::uint64_t id = link->id();
        const mail::SessionId session = link->session().id();
        std::erase(inFlight, id);
        link->session().disconnect(now, reason);
        std::erase_if(slot.links, [link](const auto& l) { return l.get() == link; });
        slot.device.m_connected = false;
        note(slot, std::move(why));
        serverLog.add(noteEntry(slot.device.protocol(),
                                makeNote("log.session_ended", {noteData(session), noteData(slot.device.name())})));
    }

    TranscriptEntry noteEntry(Protocol protocol, Note note) const {
        TranscriptEntry e;
        e.time = now;
        e.step = steps;
        e.kind = EntryKind::Note;
        e.protocol = protocol;
        e.text = noteText(note);
        e.note = std::move(note);
        return e;
    }

    void note(Slot& slot, Note note) {
        TranscriptEntry e = noteEntry(slot.device.protocol(), std::move(note));
        e.device = slot.device.name();
        if (const Link* link = slot.mailLink()) e.session = link->session().id();
        slot.device.m_transcript.add(std::move(e));
    }

    /// Carries the first unit in flight.
    void carry() {
        const std::uint64_t id = inFlight.front();
        inFlight.pop_front();
        const Found found = findLink(id);
        if (!found.link) return;  // output the session sent while its link was hung up
        Slot& slot = *found.slot;
        Link& link = *found.link;
        const Protocol protocol = slot.device.protocol();
        CarriedUnit carried = link.carry();
        const LinkUnit& unit = carried.unit;
        if (!unit.bytes.empty()) {
            TranscriptEntry e;
            e.time = now;
            e.step = steps;
            e.kind = unit.kind;
            e.protocol = protocol;
            e.device = slot.device.name();
            e.session = link.session().id();
            e.direction = unit.direction;
            e.text = link.shownText(unit.direction, unit.bytes);
            // A masked secret on a plain link: what really crossed the wire, for people to see
            // what anyone on the network reads (the eavesdropper's view).
            if (carried.wire.empty() && unit.direction == core::Direction::ClientToServer &&
                e.text != withoutLineEnd(unit.bytes))
                e.secret = withoutLineEnd(unit.bytes);
            e.wire = std::move(carried.wire);
            slot.device.m_transcript.add(std::move(e));
            if (options.recordEvents)
                record(LineCarried{slot.name, link.session().id(), protocol, unit.direction,
                                   static_cast<std::uint32_t>(slot.device.m_transcript.size() - 1)});
        }
        if (carried.delivered != unit.bytes) {  // TLS lost or changed the bytes: the connection cannot go on
            hangUp(slot, makeNote("note.tls.error", {link.tlsFailure()}), SessionEnd::TlsFailed);
            slot.device.m_behaviour->closed(slot.port);
            return;
        }
        if (unit.direction == core::Direction::ClientToServer) {
            link.session().receive(carried.delivered, now);
            return;
        }
        // The handshake comes before the client reads the answer, so what it sends next is encrypted.
        if (unit.startTlsAfter && !startTls(slot, link)) return;
        if (!unit.bytes.empty()) slot.device.m_behaviour->received(carried.delivered, slot.port);
        // The behaviour may have hung up, and even connected again: close only this link.
        if (unit.closeAfter && findLink(id).link) {
            hangUp(slot, makeNote("note.closed_by_server"));
            slot.device.m_behaviour->closed(slot.port);
        }
    }

    // [SECTION] actions

    Slot* findSlot(std::string_view name) {
        for (auto& s : slots)
            if (s->device.name() == name) return s.get();
        return nullptr;
    }

    void serverNote(Note note) { serverLog.add(noteEntry(Protocol::Imap, std::move(note))); }

    void addDevice(DeviceSettings settings) {
        if (options.everyDevice) settings.protocol = *options.everyDevice;
        if (settings.name.empty() || findSlot(settings.name)) {
            serverNote(makeNote("log.device_name_taken", {noteData(settings.name)}));
            return;
        }
        const mail::Account* account = store.findAccount(settings.account);
        if (!account) {
            serverNote(makeNote("log.device_no_account", {noteData(settings.name), noteData(settings.account)}));
            return;
        }
        std::string password = account->password();
        slots.push_back(std::make_unique<Slot>(*this, std::move(settings), std::move(password), now));
    }

    void deliver(const Action& a) {
        mail::Account* account = store.findAccount(a.account);
        if (!account || !a.mail) {
            serverNote(makeNote("log.deliver_no_account", {noteData(a.account)}));
            return;
        }
        mail::Flags flags;
        for (const std::string& f : a.mail->flags) flags.addByName(f);
        auto message = mail::Message::fromBytes(a.mail->bytes, now);
        const std::string subject = message->summary().subject;
        store.append(*account, account->inbox(), std::move(message), flags);
        serverNote(makeNote("log.new_mail", {noteData(a.account), noteData(subject)}));
        host.pushUpdates(now);
    }

    void apply(Action a) {
        a.at = now;
        record(ActionApplied{timeline.apply(steps, now, a), a.device, a.kind, a.origin});
        switch (a.kind) {
            case ActionKind::DeliverMail: deliver(a); return;
            case ActionKind::AddDevice:
                if (a.settings) addDevice(*a.settings);
                return;
            default: break;
        }
        Slot* slot = findSlot(a.device);
        if (!slot) {
            serverNote(makeNote("log.no_device", {noteData(a.device), actionNote(a)}));
            return;
        }
        Device& device = slot->device;
        switch (a.kind) {
            case ActionKind::RemoveDevice: {
                hangUp(*slot, makeNote("note.switched_off"));
                std::erase_if(slots, [slot](const auto& s) { return s.get() == slot; });
                return;
            }
            case ActionKind::SetProtocol:
                if (options.everyDevice) {
                    note(*slot, makeNote("note.compare_mode", {noteData(std::string(protocolName(*options.everyDevice)))}));
                    return;
                }
                hangUp(*slot, makeNote("note.account_reset", {noteData(std::string(protocolName(a.protocol)))}));
                device.setProtocol(a.protocol, now);
                note(*slot, makeNote("note.now_using", {noteData(std::string(protocolName(a.protocol)))}));
                return;
            case ActionKind::SetLeaveCopy:
                device.m_settings.leaveCopy = a.on;
                note(*slot, makeNote(a.on ? "note.leave_copy_on" : "note.leave_copy_off"));
                return;
            case ActionKind::SetIdle:
                device.m_settings.idle = a.on;
                note(*slot, makeNote(a.on ? "note.idle_on" : "note.idle_off"));
                device.m_behaviour->intent(a, slot->port);
                return;
            case ActionKind::SetQuickResync: {
                // Read when the device connects: the server offers QRESYNC per connection.
                device.m_settings.quickResync = a.on;
                const std::string key = a.on ? "note.quick_resync_on" : "note.quick_resync_off";
                note(*slot, makeNote(slot->mailLink() ? key + "_next" : key));
                return;
            }
            case ActionKind::SetTls: {
                device.m_settings.tls = a.tls;
                const std::string key = a.tls == TlsMode::StartTls ? "note.tls_starttls"
                                        : a.tls == TlsMode::Implicit ? "note.tls_on" : "note.tls_off";
                note(*slot, makeNote(slot->mailLink() ? key + "_next" : key));
                return;
            }
            case ActionKind::GoOffline:
                if (!device.m_online) return;
                device.m_online = false;
                record(DeviceWentOffline{device.name()});
                if (slot->mailLink()) {
                    hangUp(*slot, makeNote("note.offline_dropped"));
                    device.m_behaviour->closed(slot->port);
                } else {
                    note(*slot, makeNote("note.offline"));
                }
                return;
            case ActionKind::GoOnline:
                if (device.m_online) return;
                device.m_online = true;
                record(DeviceWentOnline{device.name()});
                note(*slot, makeNote("note.online_again"));
                device.m_behaviour->intent(a, slot->port);
                return;
            default:
                note(*slot, actionNote(a));
                device.m_behaviour->intent(a, slot->port);
                return;
        }
    }

    /// The next action that is not a person's: the scenario's or a device timer's, earliest
    /// first, the scenario's before a timer at the same time.
    std::optional<Action> nextScheduled() const {
        std::optional<Action> best;
        if (nextScenarioAction < scenario.actions.size()) {
            best = scenario.actions[nextScenarioAction];
            best->at = std::max(now, scenario.start + best->at);
            best->origin = ActionOrigin::Scenario;
        }
        for (const auto& s : slots) {
            if (!s->device.m_online) continue;
            const std::optional<core::Time> t = s->device.m_behaviour->nextTimer();
            if (!t) continue;
            const core::Time at = std::max(now, *t);
            if (!best || at < best->at) {
                Action timer;
                timer.at = at;
                timer.device = s->device.name();
                timer.kind = ActionKind::CheckMail;
                timer.origin = ActionOrigin::Timer;
                best = timer;
            }
        }
        return best;
    }

    bool quiet() const { return inFlight.empty() && pendingUser.empty(); }
    bool finished() const { return quiet() && nextScenarioAction >= scenario.actions.size(); }

    StepResult step() {
        if (!pendingUser.empty()) {
            ++steps;
            Action a = std::move(pendingUser.front());
            pendingUser.pop_front();
            apply(std::move(a));
            return StepResult::Action;
        }
        if (!inFlight.empty()) {
            ++steps;
            carry();
            return StepResult::Line;
        }
        std::optional<Action> a = nextScheduled();
        if (!a) return StepResult::None;
        ++steps;
        now = a->at;
        if (a->origin == ActionOrigin::Scenario) ++nextScenarioAction;
        apply(std::move(*a));
        return StepResult::Action;
    }
};

// [SECTION] World

World::World(Scenario scenario, WorldOptions options) : m_scenario(std::move(scenario)), m_options(options) {
    // A saved world: its UIDs read the same as when it was saved, and what people did then
    // is replayed at the steps they did it (compare mode: the IMAP world's own steps).
    if (m_scenario.saved && m_scenario.saved->uidValidity) m_options.firstUidValidity = *m_scenario.saved->uidValidity;
    const bool imapTwin = m_options.everyDevice == Protocol::Imap;
    std::vector<UserAction> recorded;
    for (const RecordedAction& r : m_scenario.recorded) {
        Action action = r.action;
        action.origin = ActionOrigin::User;
        recorded.emplace_back(imapTwin && r.imapStep ? *r.imapStep : r.step, std::move(action));
    }
    m_timeline.setRecorded(std::move(recorded));
    if (!m_timeline.userActions().empty()) m_furthest = m_timeline.userActions().back().first;
    rebuild();
    submitDue();
}

World::~World() = default;

void World::rebuild() {
    m_state.reset();  // sessions end before the store they work on
    m_timeline.clearApplied();
    m_state = std::make_unique<State>(m_scenario, m_options, m_timeline);
    State& s = *m_state;
    s.now = m_scenario.start;
    for (const ScenarioAccount& account : m_scenario.accounts) {
        mail::Account& a = s.store.addAccount(account.user, account.password);
        for (const ScenarioMessage& m : account.inbox) {
            mail::Flags flags;
            for (const std::string& f : m.flags) flags.addByName(f);
            const core::Time date = m.date.value_or(m_scenario.start);
            s.store.append(a, a.inbox(), mail::Message::fromBytes(m.bytes, date), flags);
        }
    }
    for (const ScenarioDevice& d : m_scenario.devices) s.addDevice(d);
}

void World::submit(Action action) {
    action.origin = ActionOrigin::User;
    const std::size_t at = m_state->steps;
    m_furthest = at;
    m_timeline.submit(at, action);
    m_state->pendingUser.push_back(std::move(action));
}

std::vector<Action> World::waitingActions() const {
    return {m_state->pendingUser.begin(), m_state->pendingUser.end()};
}

void World::submitDue() {
    for (Action& action : m_timeline.takeDue(m_state->steps)) m_state->pendingUser.push_back(std::move(action));
}

StepResult World::step() {
    submitDue();
    const StepResult r = m_state->step();
    submitDue();
    m_furthest = std::max(m_furthest, m_state->steps);
    return r;
}

std::size_t World::stepAction() {
    constexpr std::size_t kLimit = 1'000'000;  // a conversation that never ends is a bug, not a hang
    std::size_t n = 0;
    if (quiet()) {
        if (step() == StepResult::None) return 0;
        ++n;
    }
    while (!quiet() && n < kLimit) {
        step();
        ++n;
    }
    return n;
}

std::size_t World::runToEnd(std::size_t maxSteps) {
    std::size_t n = 0;
    while (n < maxSteps && !finished()) {
        if (step() == StepResult::None) break;
        ++n;
    }
    return n;
}

void World::rewindTo(std::size_t target) {
    m_furthest = std::max(m_furthest, m_state->steps);
    rebuild();
    m_timeline.replayFromStart();
    submitDue();
    while (m_state->steps < target) {
        if (m_state->step() == StepResult::None) break;
        submitDue();
    }
}

std::size_t World::stepCount() const { return m_state->steps; }
std::size_t World::furthestStep() const { return std::max(m_furthest, m_state->steps); }
bool World::finished() const { return m_state->finished() && m_timeline.allGiven(); }
bool World::quiet() const { return m_state->quiet(); }
core::Time World::now() const { return m_state->now; }
const Scenario& World::scenario() const { return m_scenario; }
const WorldOptions& World::options() const { return m_options; }
const mail::MailStore& World::store() const { return m_state->store; }
const ServerHost& World::host() const { return m_state->host; }
ServerHost& World::host() { return m_state->host; }

std::vector<const HostedSession*> World::externalSessions() const {
    std::vector<const HostedSession*> out;
    for (const HostedSession* session : m_state->host.sessions()) {
        const bool linked = std::any_of(m_state->slots.begin(), m_state->slots.end(), [&](const auto& slot) {
            return std::any_of(slot->links.begin(), slot->links.end(),
                               [&](const auto& link) { return &link->session() == session; });
        });
        if (!linked) out.push_back(session);
    }
    return out;
}
const std::vector<TimelineEntry>& World::timeline() const { return m_timeline.applied(); }
const Transcript& World::serverLog() const { return m_state->serverLog; }

// [SECTION] the event stream and what it implies

const EventLog& World::events() const { return m_state->events; }
EventRange World::eventsSince(std::size_t step) const { return m_state->events.since(step); }

const TranscriptEntry* World::line(const LineCarried& event) const {
    const Device* device = findDevice(event.device);
    if (!device || event.entry >= device->transcript().size()) return nullptr;
    return &device->transcript().entries()[event.entry];
}

std::vector<World::MarkedMessage> World::markedForDeletion() const {
    std::vector<MarkedMessage> out;
    for (const HostedSession* session : m_state->host.sessions()) {
        const pop3::ServerSession* pop3 = session->pop3();
        if (session->closed() || !pop3 || !pop3->account() || pop3->state() != pop3::State::Transaction) continue;
        for (const pop3::SessionMessage& m : pop3->messages())
            if (m.deleted) out.push_back(MarkedMessage{session->actor(), pop3->account()->user(), m.uid});
    }
    return out;
}

std::vector<World::OwedChange> World::owedChanges() const {
    std::vector<OwedChange> out;
    for (const HostedSession* session : m_state->host.sessions()) {
        const imap::ServerSession* imap = session->imap();
        if (session->closed() || !imap || !imap->account()) continue;
        const imap::SelectedView* view = imap->selected();
        if (!view || view->mailboxGone() || !view->hasPendingUpdates(true)) continue;
        const std::string folder = view->mailboxName();
        const std::vector<imap::SelectedView::Entry>& entries = view->entries();
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const imap::SelectedView::Entry& e = entries[i];
            const bool unannounced = i >= view->announcedExists() && !e.expunged;
            if (!e.expunged && !e.flagsChanged && !unannounced) continue;
            const UpdateKind kind = e.expunged ? UpdateKind::Expunge : unannounced ? UpdateKind::Exists : UpdateKind::Flags;
            out.push_back(OwedChange{session->actor(), imap->account()->user(), folder, kind, e.uid});
        }
    }
    return out;
}

std::vector<World::Copy> World::copiesOf(std::string_view accountName, std::string_view folder, std::uint32_t uid) const {
    std::vector<Copy> out;
    const mail::Account* account = m_state->store.findAccount(accountName);
    const mail::Mailbox* box = account ? account->findMailbox(folder) : nullptr;
    if (!box) return out;
    const std::string uidl = pop3::uniqueIdFor(box->uidValidity(), uid);
    const bool inbox = box == &account->inbox();
    for (const auto& slot : m_state->slots) {
        const Device& d = slot->device;
        if (d.settings().account != account->user()) continue;
        for (const LocalFolder& f : d.local().folders()) {
            if (d.protocol() == Protocol::Imap && f.name != box->name()) continue;
            if (d.protocol() == Protocol::Pop3 && !inbox) continue;  // POP3 reaches INBOX only
            for (const LocalMessage& m : f.messages) {
                const bool same = d.protocol() == Protocol::Imap ? m.id == uid : m.uidl == uidl;
                if (same) out.push_back(Copy{d.name(), f.name, m.hasBody});
            }
        }
    }
    return out;
}

std::vector<const Device*> World::devices() const {
    std::vector<const Device*> out;
    for (const auto& s : m_state->slots) out.push_back(&s->device);
    return out;
}

const Device* World::findDevice(std::string_view name) const {
    for (const auto& s : m_state->slots)
        if (s->device.name() == name) return &s->device;
    return nullptr;
}

NextStep World::next() const {
    const State& s = *m_state;
    NextStep n;
    n.time = s.now;
    if (!s.pendingUser.empty()) {
        n.kind = NextStep::Kind::Action;
        n.action = s.pendingUser.front();
        n.device = n.action->device;
        n.note = actionNote(*n.action);
        n.text = noteText(n.note);
        return n;
    }
    if (!s.inFlight.empty()) {
        if (const State::Found found = s.findLink(s.inFlight.front()); found.link) {
            const LinkUnit& u = found.link->front();
            n.kind = NextStep::Kind::Line;
            n.device = found.slot->device.name();
            n.direction = u.direction;
            n.entryKind = u.kind;
            n.note = u.bytes.empty() ? makeNote("next.connection_closes")
                                     : noteData(found.link->shownText(u.direction, u.bytes));
            n.text = noteText(n.note);
            return n;
        }
    }
    if (std::optional<Action> a = s.nextScheduled()) {
        n.kind = NextStep::Kind::Action;
        n.time = a->at;
        n.device = a->device;
        n.note = actionNote(*a);
        n.text = noteText(n.note);
        n.action = std::move(a);
    }
    return n;
}

// [SECTION] Comparison

namespace {
WorldOptions everyDevice(WorldOptions options, Protocol p) {
    options.everyDevice = p;
    return options;
}
}  // namespace

Comparison::Comparison(const Scenario& scenario, WorldOptions options)
    : m_pop3(std::make_unique<World>(scenario, everyDevice(options, Protocol::Pop3))),
      m_imap(std::make_unique<World>(scenario, everyDevice(options, Protocol::Imap))) {}

void Comparison::submit(const Action& action) {
    m_pop3->submit(action);
    m_imap->submit(action);
}

void Comparison::stepAction() {
    m_pop3->stepAction();
    m_imap->stepAction();
}

void Comparison::runToEnd(std::size_t maxSteps) {
    m_pop3->runToEnd(maxSteps);
    m_imap->runToEnd(maxSteps);
}

}  // namespace mailscope::sim
