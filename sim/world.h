// The simulated world: the server's MailStore and ServerHost, the devices, the links
// between them, a simulated clock and the timeline of actions. Single-threaded and
// deterministic: the same scenario and the same actions give byte-identical transcripts,
// so rewinding is rebuilding from the scenario and replaying.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/catalogue.h"
#include "protocols/core/time.h"
#include "protocols/mail/mail_store.h"
#include "sim/action.h"
#include "sim/device.h"
#include "sim/events.h"
#include "sim/scenario.h"
#include "sim/server_host.h"
#include "sim/timeline.h"
#include "sim/transcript.h"

namespace mailscope::sim {

/// How a world is set up beyond its scenario.
struct WorldOptions {
    /// Compare mode: every device uses this protocol, whatever the scenario says.
    std::optional<Protocol> everyDevice;
    /// The UIDVALIDITY the store starts from (a constant, so runs are reproducible; the
    /// window takes it from the clock, so a real client's cache never confuses two runs).
    std::uint32_t firstUidValidity = 1000;
    /// How the server sets up sessions; the window offers STARTTLS / STLS to real clients.
    HostConfig host;
    /// Whether the world records its event stream. Only bench/sim_steps turns it off, to
    /// measure what the stream costs: the window, the lessons and the tests read it.
    bool recordEvents = true;
};

/// What the next step will do, for people to see before it happens.
struct NextStep {
    enum class Kind {
        Line,    ///< carry one line (or literal chunk) over a link
        Action,  ///< apply an action (a scenario's, a person's, or a device's timer)
        None,    ///< nothing left: the scenario is over and every device is quiet
    };
    Kind kind = Kind::None;
    core::Time time = 0;             ///< when it happens
    std::string device;              ///< the device concerned ("" for server actions)
    core::Direction direction = core::Direction::ClientToServer;  ///< Line
    std::string text;                ///< Line: the line (secrets masked); Action: describeAction()
    Note note;                       ///< `text` as a key and arguments: the line as data, or actionNote()
    EntryKind entryKind = EntryKind::Line;  ///< Line: Line or Literal
    std::optional<Action> action;    ///< Action
};

/// What one step did.
enum class StepResult {
    Line,    ///< one line (or literal chunk) crossed a link
    Action,  ///< one action was applied
    None,    ///< nothing was left to do
};

class World {
public:
    /// Builds the world at the scenario's start: accounts, messages and devices.
    explicit World(Scenario scenario, WorldOptions options = {});
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // [SECTION] changing the world
    /// A person's action; the next step applies it (before anything else). Checked when
    /// applied: an action for an unknown device or message becomes a note, never a crash.
    void submit(Action action);

    /// One step: carries one line, or applies one action: a person's first, then a line in
    /// flight, then the next scenario action or device timer (the clock jumps to it).
    /// Returns None when nothing at all is left (no scenario action, no line, no timer).
    StepResult step();
    /// Steps until the next action has been applied and every line it caused has been
    /// carried (the links are quiet again). Returns the number of steps taken.
    std::size_t stepAction();
    /// Steps until finished() or `maxSteps` steps; returns the number taken.
    std::size_t runToEnd(std::size_t maxSteps = 1'000'000);
    /// Goes back (or forward) to the state after `step` steps: rebuilds the world from its
    /// scenario and replays, applying each person's action at the step it was given.
    /// Actions given after that step are kept until a new one is submitted.
    void rewindTo(std::size_t step);

    // [SECTION] reading the world
    /// Steps taken so far.
    std::size_t stepCount() const;
    /// The number of steps of the furthest run recorded (for a timeline slider): after a
    /// rewind, the step the world had reached before.
    std::size_t furthestStep() const;
    /// What step() will do next.
    NextStep next() const;
    /// Whether the scenario's actions are all applied, no person's action waits and no
    /// line is in flight. Devices may still have timers (polling) that step() would run.
    bool finished() const;
    /// Whether no line is in flight and no action waits to be applied now.
    bool quiet() const;
    /// A person's actions given and not yet applied (the next steps apply them), in order.
    std::vector<Action> waitingActions() const;

    core::Time now() const;
    const Scenario& scenario() const;
    const WorldOptions& options() const;
    const mail::MailStore& store() const;
    const ServerHost& host() const;
    /// The host, for real connections only (sim/net): sessions opened on it from outside are
    /// not in the timeline, so rewinding (which rebuilds the host) loses them and their
    /// changes to the store. Close those connections before a rewind.
    ServerHost& host();
    /// The host's sessions that are not a device's link (real clients), in the order opened.
    std::vector<const HostedSession*> externalSessions() const;
    /// The devices, in the order they were added.
    std::vector<const Device*> devices() const;
    const Device* findDevice(std::string_view name) const;
    /// Every action applied so far, in order.
    const std::vector<TimelineEntry>& timeline() const;
    /// Every action people gave, with the step count at which each was given, in order: the
    /// scenario's `[[recorded]]` ones first, and those given since; kept across rewinds (the
    /// ones after the current step until a new action replaces them). Saving a world writes these.
    const std::vector<UserAction>& userActions() const { return m_timeline.userActions(); }
    /// Notes about the server: mail delivered, sessions opened and closed.
    const Transcript& serverLog() const;

    // [SECTION] what happened: the event stream and what it implies now
    /// Every event since the world was built, in order (rebuilt by a rewind, so it is
    /// always the stream of the steps taken).
    const EventLog& events() const;
    /// The events of the steps after `step`.
    EventRange eventsSince(std::size_t step) const;
    /// The transcript entry a LineCarried event names, or nullptr once its device is gone.
    const TranscriptEntry* line(const LineCarried& event) const;

    /// A message an open POP3 session has marked with DELE (it goes at QUIT).
    struct MarkedMessage {
        Actor session;
        std::string account;
        std::uint32_t uid = 0;
    };
    /// Every message marked for deletion by an open POP3 session, by session then UID.
    std::vector<MarkedMessage> markedForDeletion() const;

    /// A change an IMAP session has not yet told its client.
    struct OwedChange {
        Actor session;
        std::string account;
        std::string folder;
        UpdateKind kind = UpdateKind::Flags;
        std::uint32_t uid = 0;
    };
    /// Every change still owed, by session (in the order sessions opened) then position.
    std::vector<OwedChange> owedChanges() const;

    /// A device's copy of a message on the server.
    struct Copy {
        std::string device;
        std::string folder;  ///< the device's folder holding it
        bool whole = false;  ///< the whole message, or only its header
    };
    /// Which devices hold a copy of the server's message `uid` in `folder` of `account`:
    /// an IMAP device by UID in the same folder, a POP3 device by its UIDL.
    std::vector<Copy> copiesOf(std::string_view account, std::string_view folder, std::uint32_t uid) const;

private:
    struct State;
    void rebuild();
    /// Gives the world the recorded actions of people that are due at this step (after a
    /// rewind, the ones that followed).
    void submitDue();
    Scenario m_scenario;
    WorldOptions m_options;
    /// Actions applied (cleared by a rebuild) and people's actions (kept across rewinds).
    Timeline m_timeline;
    std::unique_ptr<State> m_state;  ///< after what it refers to, so it goes first
    std::size_t m_furthest = 0;
};

/// Compare mode: the same scenario as two worlds, every device on POP3 in one and on IMAP
/// in the other, driven by the same actions.
class Comparison {
public:
    /// `options` for both worlds; everyDevice is set for each.
    explicit Comparison(const Scenario& scenario, WorldOptions options = {});
    World& pop3() { return *m_pop3; }
    World& imap() { return *m_imap; }
    const World& pop3() const { return *m_pop3; }
    const World& imap() const { return *m_imap; }
    /// Gives the action to both worlds.
    void submit(const Action& action);
    /// One action in both worlds (each carries every line it causes).
    void stepAction();
    /// Both worlds to their end.
    void runToEnd(std::size_t maxSteps = 1'000'000);
    bool finished() const { return m_pop3->finished() && m_imap->finished(); }

private:
    std::unique_ptr<World> m_pop3;
    std::unique_ptr<World> m_imap;
};

/// How an IMAP device's copy differs from the server's mailboxes: missing or extra folders,
/// UIDs and flags (one line each). Empty when they are the same.
std::vector<std::string> syncDifferences(const World& world, const Device& device);

}  // namespace mailscope::sim
