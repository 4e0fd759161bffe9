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
#include "protocols/tls/tls.h"

namespace mailscope::sim {
namespace {

/// "{12}" or "{12+}" at the end of a line (CRLF removed) -> 12.
std::optional<std::uint64_t> literalAtEnd(std::string_view line) {
    if (line.empty() || line.back() != '}') return std::nullopt;
    const std::size_t open = line.rfind('{');
    if (open == std::string_view::npos) return std::nullopt;
    std::string_view digits = line.substr(open + 1, line.size() - open - 2);
    if (digits.ends_with('+')) digits.remove_suffix(1);
    if (digits.empty() || digits.size() > 12) return std::nullopt;
    std::uint64_t n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return n;
}

std::string_view withoutLineEnd(std::string_view bytes) {
    if (bytes.ends_with('\n')) bytes.remove_suffix(1);
    if (bytes.ends_with('\r')) bytes.remove_suffix(1);
    return bytes;
}

/// Cuts a byte stream into units: lines, and for IMAP the literal after a "{n}" line.
class UnitSplitter {
public:
    explicit UnitSplitter(bool imap) : m_imap(imap) {}

    /// Appends bytes; returns the units they complete.
    std::vector<std::pair<std::string, EntryKind>> feed(std::string_view bytes) {
        m_buffer.append(bytes);
        std::vector<std::pair<std::string, EntryKind>> units;
        std::size_t pos = 0;
        while (pos < m_buffer.size()) {
            if (m_literalLeft > 0) {
                if (m_buffer.size() - pos < m_literalLeft) break;
                units.emplace_back(m_buffer.substr(pos, m_literalLeft), EntryKind::Literal);
                pos += m_literalLeft;
                m_literalLeft = 0;
                continue;
            }
            const std::size_t lf = m_buffer.find('\n', pos);
            if (lf == std::string::npos) break;
            std::string line = m_buffer.substr(pos, lf + 1 - pos);
            pos = lf + 1;
            if (m_imap)
                if (const auto n = literalAtEnd(withoutLineEnd(line))) m_literalLeft = *n;
            units.emplace_back(std::move(line), EntryKind::Line);
        }
        m_buffer.erase(0, pos);
        return units;
    }

private:
    bool m_imap;
    std::string m_buffer;
    std::uint64_t m_literalLeft = 0;
};

/// The text a transcript shows for a unit: a client's as its server session shows it
/// (secrets masked, HostedSession::shownClientText), a server's as it is.
std::string shownText(const HostedSession& session, core::Direction dir, std::string_view bytes) {
    return dir == core::Direction::ClientToServer ? session.shownClientText(bytes) : std::string(withoutLineEnd(bytes));
}

// [SECTION] TLS on simulated links

/// The simulated server's certificate and the two contexts every secure link uses: made once
/// per process (key generation is the slow part), so rewinding stays fast.
struct SimTls {
    std::shared_ptr<tls::Context> server;
    std::shared_ptr<tls::Context> client;
    std::string error;  ///< why `server` is missing
};

const SimTls& simTls() {
    static const SimTls instance = [] {
        constexpr std::int64_t kNotBefore = 1'704'067'200;  // 2024-01-01; the simulated client checks no dates
        SimTls t;
        t.server = tls::Context::server(tls::makeSelfSigned(kNotBefore), t.error);
        t.client = tls::Context::client();
        if (!t.client && t.error.empty()) t.error = "no TLS client context";
        return t;
    }();
    return instance;
}

/// "TLSv1.3 TLS_AES_256_GCM_SHA384" -> "TLS 1.3 handshake: TLS_AES_256_GCM_SHA384".
Note handshakeNote(const tls::Connection& client) {
    std::string version = client.description();
    std::string cipher;
    if (const std::size_t space = version.find(' '); space != std::string::npos) {
        cipher = version.substr(space + 1);
        version.resize(space);
    }
    if (version.starts_with("TLSv")) version = "TLS " + version.substr(4);
    // The certificate is new in every run, so its fingerprint would make transcripts differ
    // between runs; the note names what stays the same.
    return makeNote("note.tls.handshake", {noteData(version), noteData(cipher)});
}

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

    /// One connection: a device's client and its server session.
    struct Link {
        std::uint64_t id = 0;
        Slot* slot = nullptr;
        std::unique_ptr<HostedSession> session;
        UnitSplitter toServer;
        UnitSplitter toClient;
        std::unique_ptr<tls::Connection> tlsClient;  ///< the device's end of TLS, when the link is secure
        std::unique_ptr<tls::Connection> tlsServer;  ///< the server's end of TLS
        Link(std::uint64_t id_, Slot* slot_, bool imap) : id(id_), slot(slot_), toServer(imap), toClient(imap) {}
    };

    /// One unit waiting to cross a link.
    struct Unit {
        std::uint64_t link = 0;
        core::Direction direction = core::Direction::ClientToServer;
        std::string bytes;
        EntryKind kind = EntryKind::Line;
        bool closeAfter = false;  ///< the server closes the connection after this unit
        /// The unit answers STLS / STARTTLS: once it has crossed in plain text, the TLS
        /// handshake runs on the link (startTls()).
        bool startTlsAfter = false;
    };

    /// What a behaviour may do, for one device.
    class Port final : public ClientPort {
    public:
        Port(State& state, Slot& slot) : m_state(state), m_slot(slot) {}
        core::Time now() const override { return m_state.now; }
        bool online() const override { return m_slot.device.m_online; }
        bool connected() const override { return m_slot.link != nullptr; }
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
        std::unique_ptr<Link> link;
        Port port;
        Slot(State& state, DeviceSettings settings, std::string password, core::Time now)
            : device(std::move(settings), std::move(password), now), port(state, *this) {}
    };

    explicit State(const Scenario& scenario, const WorldOptions& options)
        : scenario(scenario), options(options), store(options.firstUidValidity), host(store, hostConfig(options, scenario)) {
        host.setEventSink([this](Event event) { record(std::move(event)); });
    }

    const Scenario& scenario;
    const WorldOptions& options;
    mail::MailStore store;
    ServerHost host;
    std::vector<std::unique_ptr<Slot>> slots;
    std::deque<Unit> queue;
    std::deque<Action> pendingUser;
    std::size_t nextScenarioAction = 0;
    std::vector<TimelineEntry> timeline;
    Transcript serverLog;
    core::Time now = 0;
    std::size_t steps = 0;
    std::uint64_t lastLinkId = 0;
    EventLog events;

    void record(Event event) { events.add(steps, now, std::move(event)); }

    // [SECTION] links

    void connect(Slot& slot) {
        if (slot.link || !slot.device.m_online) return;
        const bool imap = slot.device.protocol() == Protocol::Imap;
        auto link = std::make_unique<Link>(++lastLinkId, &slot, imap);
        const std::uint64_t id = link->id;
        SessionSink sink = [this, id](SessionOutput out) { fromServer(id, std::move(out)); };
        // STARTTLS starts plain, like no TLS at all; the client asks for TLS after the greeting.
        const bool secure = slot.device.settings().tls == TlsMode::Implicit;
        const LinkSecurity security = secure ? LinkSecurity::ImplicitTls : LinkSecurity::Plain;
        // A device set to quick resync is offered CONDSTORE / QRESYNC; the others see what
        // their recorded transcripts show.
        const SessionOrigin origin =
            slot.device.settings().quickResync ? SessionOrigin::QuickResyncDevice : SessionOrigin::Simulated;
        link->session = imap ? host.openImap(slot.device.name(), security, std::move(sink), now, origin)
                             : host.openPop3(slot.device.name(), security, std::move(sink), now);
        HostedSession& session = *link->session;
        session.setRecording(false);  // the link records the device's transcript
        slot.link = std::move(link);
        slot.device.m_connected = true;
        note(slot, makeNote("note.connected", {noteData(std::string(protocolName(slot.device.protocol()))),
                                               noteData(session.id())}));
        serverLog.add(noteEntry(slot.device.protocol(),
                                makeNote("log.session_opened", {noteData(session.id()), noteData(slot.device.name())})));
        if (secure) {
            if (std::optional<Note> error = handshake(*slot.link)) {
                session.reportOpened();
                hangUp(slot, makeNote("note.tls.handshake_failed", {std::move(*error)}), SessionEnd::TlsFailed);
                return;
            }
            note(slot, handshakeNote(*slot.link->tlsClient));
        }
        session.start(now);
        if (secure) session.reportTls(noteText(handshakeNote(*slot.link->tlsClient)));
    }

    /// Runs the TLS handshake of a new link in memory, both ends at once, until both are
    /// done and no record is left in flight. Returns why it failed, or nothing.
    static std::optional<Note> handshake(Link& link) {
        const SimTls& t = simTls();
        if (!t.server || !t.client) return t.error.empty() ? makeNote("note.tls.no_context") : noteData(t.error);
        link.tlsClient = std::make_unique<tls::Connection>(t.client, tls::Role::Client);
        link.tlsServer = std::make_unique<tls::Connection>(t.server, tls::Role::Server);
        tls::Connection& client = *link.tlsClient;
        tls::Connection& server = *link.tlsServer;
        constexpr int kRounds = 64;  // a TLS 1.3 handshake takes two or three
        for (int round = 0; round < kRounds; ++round) {
            const std::string toServer = client.takeCiphertext();
            server.feedCiphertext(toServer);
            const std::string toClient = server.takeCiphertext();
            client.feedCiphertext(toClient);
            if (client.failed()) return noteData(client.error());
            if (server.failed()) return noteData(server.error());
            if (toServer.empty() && toClient.empty() && client.handshakeDone() && server.handshakeDone())
                return std::nullopt;
        }
        return makeNote("note.tls.unfinished");
    }

    /// STLS / STARTTLS was answered and the answer has crossed in plain text: the same
    /// handshake as implicit TLS runs on the open link, then the session reads again, now
    /// through TLS (RFC 2595 4, RFC 3501 6.2.1). False if it failed (the link is gone).
    bool startTls(Slot& slot) {
        Link& link = *slot.link;
        if (std::optional<Note> error = handshake(link)) {
            hangUp(slot, makeNote("note.tls.handshake_failed", {std::move(*error)}), SessionEnd::TlsFailed);
            slot.device.m_behaviour->closed(slot.port);
            return false;
        }
        const Note done = handshakeNote(*link.tlsClient);
        note(slot, done);
        link.session->tlsEstablished(now, noteText(done));
        return true;
    }

    /// Carries `bytes` through the link's TLS, if it has any: the sender encrypts, the
    /// receiver decrypts. Returns the plaintext delivered; `wire` gets the ciphertext.
    std::string throughTls(Link& link, core::Direction direction, const std::string& bytes, std::string& wire) {
        if (!link.tlsClient || !link.tlsServer || bytes.empty()) return bytes;
        const bool up = direction == core::Direction::ClientToServer;
        tls::Connection& from = up ? *link.tlsClient : *link.tlsServer;
        tls::Connection& to = up ? *link.tlsServer : *link.tlsClient;
        from.writePlaintext(bytes);
        wire = from.takeCiphertext();
        to.feedCiphertext(wire);
        return to.readPlaintext();
    }

    Link* findLink(std::uint64_t id) {
        for (auto& s : slots)
            if (s->link && s->link->id == id) return s->link.get();
        return nullptr;
    }

    void fromServer(std::uint64_t linkId, SessionOutput out) {
        Link* link = findLink(linkId);
        if (!link) return;
        for (auto& [bytes, kind] : link->toClient.feed(out.bytes))
            queue.push_back(Unit{linkId, core::Direction::ServerToClient, std::move(bytes), kind, false});
        if (out.startTls) {
            if (!queue.empty() && queue.back().link == linkId && queue.back().direction == core::Direction::ServerToClient)
                queue.back().startTlsAfter = true;
            else
                queue.push_back(Unit{linkId, core::Direction::ServerToClient, {}, EntryKind::Note, false, true});
        }
        if (out.close) {
            if (!queue.empty() && queue.back().link == linkId && queue.back().direction == core::Direction::ServerToClient)
                queue.back().closeAfter = true;
            else
                queue.push_back(Unit{linkId, core::Direction::ServerToClient, {}, EntryKind::Note, true});
        }
    }

    void sendToServer(Slot& slot, std::string_view bytes) {
        if (!slot.link) {
            note(slot, makeNote("note.not_connected_nothing_sent"));
            return;
        }
        for (auto& [unit, kind] : slot.link->toServer.feed(bytes))
            queue.push_back(Unit{slot.link->id, core::Direction::ClientToServer, std::move(unit), kind, false});
    }

    /// Ends a connection: the session forgets it (POP3 deletes nothing without QUIT),
    /// and bytes not yet carried are lost.
    void hangUp(Slot& slot, Note why, SessionEnd reason = SessionEnd::Dropped) {
        if (!slot.link) return;
        const std::uint64_t id = slot.link->id;
        const mail::SessionId session = slot.link->session->id();
        std::erase_if(queue, [id](const Unit& u) { return u.link == id; });
        slot.link->session->disconnect(now, reason);
        slot.link.reset();
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
        if (slot.link) e.session = slot.link->session->id();
        slot.device.m_transcript.add(std::move(e));
    }

    /// Carries the first unit in the queue.
    void carry() {
        Unit unit = std::move(queue.front());
        queue.pop_front();
        Link* link = findLink(unit.link);
        if (!link) return;
        Slot& slot = *link->slot;
        const Protocol protocol = slot.device.protocol();
        std::string wire;
        const std::string delivered = throughTls(*link, unit.direction, unit.bytes, wire);
        if (!unit.bytes.empty()) {
            TranscriptEntry e;
            e.time = now;
            e.step = steps;
            e.kind = unit.kind;
            e.protocol = protocol;
            e.device = slot.device.name();
            e.session = link->session->id();
            e.direction = unit.direction;
            e.text = shownText(*link->session, unit.direction, unit.bytes);
            // A masked secret on a plain link: what really crossed the wire, for people to see
            // what anyone on the network reads (the eavesdropper's view).
            if (wire.empty() && unit.direction == core::Direction::ClientToServer &&
                e.text != withoutLineEnd(unit.bytes))
                e.secret = withoutLineEnd(unit.bytes);
            e.wire = std::move(wire);
            slot.device.m_transcript.add(std::move(e));
            record(LineCarried{slot.device.name(), link->session->id(), protocol, unit.direction,
                               slot.device.m_transcript.size() - 1});
        }
        if (delivered != unit.bytes) {  // TLS lost or changed the bytes: the connection cannot go on
            const tls::Connection* broken = link->tlsClient && link->tlsClient->failed() ? link->tlsClient.get()
                                                                                         : link->tlsServer.get();
            Note why = broken && broken->failed() ? noteData(broken->error()) : makeNote("note.tls.damaged");
            hangUp(slot, makeNote("note.tls.error", {std::move(why)}), SessionEnd::TlsFailed);
            slot.device.m_behaviour->closed(slot.port);
            return;
        }
        if (unit.direction == core::Direction::ClientToServer) {
            link->session->receive(delivered, now);
            return;
        }
        // The handshake comes before the client reads the answer, so what it sends next is encrypted.
        if (unit.startTlsAfter && !startTls(slot)) return;
        if (!unit.bytes.empty()) slot.device.m_behaviour->received(delivered, slot.port);
        if (unit.closeAfter && slot.link && slot.link->id == unit.link) {
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
        timeline.push_back(TimelineEntry{steps, now, a});
        record(ActionApplied{timeline.size() - 1, a.device, a.kind, a.origin});
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
                note(*slot, makeNote(slot->link ? key + "_next" : key));
                return;
            }
            case ActionKind::SetTls: {
                device.m_settings.tls = a.tls;
                const std::string key = a.tls == TlsMode::StartTls ? "note.tls_starttls"
                                        : a.tls == TlsMode::Implicit ? "note.tls_on" : "note.tls_off";
                note(*slot, makeNote(slot->link ? key + "_next" : key));
                return;
            }
            case ActionKind::GoOffline:
                if (!device.m_online) return;
                device.m_online = false;
                record(DeviceWentOffline{device.name()});
                if (slot->link) {
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

    bool quiet() const { return queue.empty() && pendingUser.empty(); }
    bool finished() const { return quiet() && nextScenarioAction >= scenario.actions.size(); }

    StepResult step() {
        if (!pendingUser.empty()) {
            ++steps;
            Action a = std::move(pendingUser.front());
            pendingUser.pop_front();
            apply(std::move(a));
            return StepResult::Action;
        }
        if (!queue.empty()) {
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
    for (const RecordedAction& r : m_scenario.recorded) {
        Action action = r.action;
        action.origin = ActionOrigin::User;
        m_userActions.emplace_back(imapTwin && r.imapStep ? *r.imapStep : r.step, std::move(action));
    }
    std::stable_sort(m_userActions.begin(), m_userActions.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (!m_userActions.empty()) m_furthest = m_userActions.back().first;
    rebuild();
    submitDue();
}

World::~World() = default;

void World::rebuild() {
    m_state.reset();  // sessions end before the store they work on
    m_state = std::make_unique<State>(m_scenario, m_options);
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
    std::erase_if(m_userActions, [at](const auto& entry) { return entry.first > at; });
    m_furthest = at;
    m_userActions.emplace_back(at, action);
    m_nextUserAction = m_userActions.size();
    m_state->pendingUser.push_back(std::move(action));
}

std::vector<Action> World::waitingActions() const {
    return {m_state->pendingUser.begin(), m_state->pendingUser.end()};
}

void World::submitDue() {
    while (m_nextUserAction < m_userActions.size() && m_userActions[m_nextUserAction].first <= m_state->steps)
        m_state->pendingUser.push_back(m_userActions[m_nextUserAction++].second);
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
    m_nextUserAction = 0;
    submitDue();
    while (m_state->steps < target) {
        if (m_state->step() == StepResult::None) break;
        submitDue();
    }
}

std::size_t World::stepCount() const { return m_state->steps; }
std::size_t World::furthestStep() const { return std::max(m_furthest, m_state->steps); }
bool World::finished() const { return m_state->finished() && m_nextUserAction >= m_userActions.size(); }
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
            return slot->link && slot->link->session.get() == session;
        });
        if (!linked) out.push_back(session);
    }
    return out;
}
const std::vector<TimelineEntry>& World::timeline() const { return m_state->timeline; }
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
    if (!s.queue.empty()) {
        const State::Unit& u = s.queue.front();
        for (const auto& slot : s.slots) {
            if (!slot->link || slot->link->id != u.link) continue;
            n.kind = NextStep::Kind::Line;
            n.device = slot->device.name();
            n.direction = u.direction;
            n.entryKind = u.kind;
            n.note = u.bytes.empty() ? makeNote("next.connection_closes")
                                     : noteData(shownText(*slot->link->session, u.direction, u.bytes));
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
