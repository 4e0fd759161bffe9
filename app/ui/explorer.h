// The explorer's model: the simulated world (or the two worlds of compare mode) that the
// window shows, playback (play, pause, speed, step, rewind), and what is selected. Panels
// read it every frame and post intents; the window applies them after the frame.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/ui/view_state.h"
#include "sim/world.h"

namespace mailscope::app {

// [SECTION] intents (imperative: what a click asks for)

/// Run the world continuously at the current speed.
struct Play {};
/// Stop running.
struct Pause {};
/// Carry one protocol line (or apply one action).
struct StepLine {};
/// Apply the next action and carry every line it causes.
struct StepAction {};
/// Go back one step (rebuild and replay).
struct StepBack {};
/// Go to a step of the timeline (rewind or fast-forward).
struct RewindTo {
    std::size_t step = 0;
};
/// Back to the scenario's start, forgetting what people did.
struct Reset {};
/// Lines per second while playing.
struct SetSpeed {
    float linesPerSecond = 2.0f;
};
/// Something done in the world: a device's intent, delivering mail, adding a device...
/// In compare mode it goes to both worlds.
struct DoAction {
    sim::Action action;
};
/// Switch compare mode (POP3 world beside IMAP world) on or off; starts from the scenario.
struct SetCompare {
    bool on = false;
};
/// Load another scenario (a file); a broken file leaves the current one and sets error().
struct LoadScenario {
    std::string path;
};
/// Select a transcript entry for the inspector.
struct SelectEntry {
    std::size_t world = 0;   ///< 0, or 1 for the IMAP world in compare mode
    std::string device;
    std::size_t index = 0;   ///< into the device's transcript entries
};

using Intent = std::variant<Play, Pause, StepLine, StepAction, StepBack, RewindTo, Reset, SetSpeed, DoAction,
                            SetCompare, LoadScenario, SelectEntry>;

// [SECTION] model

/// The selected transcript entry.
struct Selection {
    std::size_t world = 0;
    std::string device;
    std::size_t index = 0;
};

class Explorer {
public:
    /// Starts on `scenario` (one world, not playing).
    /// `options` hold for every world it makes (after a reset or load too).
    explicit Explorer(sim::Scenario scenario, sim::WorldOptions options = {});

    /// Queues an intent; panels call this while drawing.
    void post(Intent intent) { m_intents.push_back(std::move(intent)); }
    /// Applies the queued intents, then, if playing, steps as many times as `seconds` of
    /// wall time allow at the current speed (at most a few per frame).
    void update(double seconds);
    /// Applies one intent now (tests; update() calls it for the queued ones).
    void apply(const Intent& intent);

    /// One world, or two in compare mode: [0] every device on POP3, [1] every device on IMAP.
    std::vector<const sim::World*> worlds() const;
    const sim::World& world(std::size_t index = 0) const;
    bool compare() const { return m_compare != nullptr; }
    const sim::Scenario& scenario() const { return m_scenario; }

    bool playing() const { return m_playing; }
    float speed() const { return m_speed; }
    const std::optional<Selection>& selection() const { return m_selection; }
    /// The selected entry, if it still exists.
    const sim::TranscriptEntry* selectedEntry() const;
    /// The last problem to show (a broken scenario file), "" if none.
    const std::string& error() const { return m_error; }
    /// Intents queued and not yet applied (tests).
    std::size_t queued() const { return m_intents.size(); }

    /// What the panels remember between frames (cleared when a world is rebuilt).
    ViewState& view() { return m_view; }
    const ViewState& view() const { return m_view; }
    /// The window's clock: seconds of update() so far (fades and animations run on it).
    double clock() const { return m_clock; }

    /// The world real mail clients join (sim/net): the only world, or in compare mode the
    /// IMAP world ([1]), since it keeps mail on the server.
    sim::World& liveWorld() { return mutableWorld(m_compare ? 1 : 0); }
    const sim::World& liveWorld() const { return world(m_compare ? 1 : 0); }
    /// Index of liveWorld() in worlds().
    std::size_t liveWorldIndex() const { return m_compare ? 1 : 0; }
    /// Called with true just before and false just after every intent that rebuilds or
    /// replaces a world (StepBack, RewindTo, Reset, SetCompare, LoadScenario), so whoever
    /// holds sessions on a world's host (the real listeners) can close and reopen them.
    void setRebuildHook(std::function<void(bool before)> hook) { m_rebuildHook = std::move(hook); }

    static constexpr float kMinSpeed = 0.5f;
    static constexpr float kMaxSpeed = 50.0f;

private:
    sim::World& mutableWorld(std::size_t index);
    void forEachWorld(const auto& f);

    sim::Scenario m_scenario;
    sim::WorldOptions m_options;
    std::unique_ptr<sim::World> m_world;        // one world, when not comparing
    std::unique_ptr<sim::Comparison> m_compare;  // two worlds, when comparing
    std::vector<Intent> m_intents;
    bool m_playing = false;
    float m_speed = 2.0f;
    double m_owed = 0.0;  // fraction of a step owed by playback
    std::optional<Selection> m_selection;
    std::string m_error;
    std::function<void(bool before)> m_rebuildHook;
    ViewState m_view;
    double m_clock = 0.0;

    /// Reads what the worlds' streams say since the last call; `quiet` after a rebuild,
    /// when what is read happened before it (nothing fades or flies again).
    void readStreams(bool quiet = false);
};

}  // namespace mailscope::app
