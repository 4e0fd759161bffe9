// The explorer's model: the simulated world (or the two worlds of compare mode) that the
// window shows, playback (play, pause, speed, step, rewind), and what is selected. Panels
// read it every frame and post intents; the window applies them after the frame.
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/ui/lesson_session.h"
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

/// The answer to "doing this here replaces the later steps": do the held action, or drop it.
struct ConfirmReplace {
    bool replace = false;
};
/// Start a guided lesson (a lessons/content file): the window shows the lesson's world and
/// the lesson panel. A broken file leaves what was shown and sets error().
struct StartLesson {
    std::string file;
};
/// What the lesson panel asks of the running lesson.
enum class LessonMove {
    Next,        ///< to the next step (finishing what the world is doing first)
    Back,        ///< to the step before, the world exactly as it was there
    Retry,       ///< this step again, the world as it was when the step began
    Skip,        ///< play the step's solution and move on
    Solve,       ///< play the step's solution without moving on
    Restart,     ///< the lesson from its first step
    Answer,      ///< answer the quiz or make the prediction with `choices`
    WhereStopped,///< find the world step at which check `id` stopped holding
    SkipTo,      ///< play the solutions of the steps before step `id` and enter it
    Stop,        ///< leave the lesson (back to the scenario explored before)
};
struct LessonIntent {
    explicit LessonIntent(LessonMove m = LessonMove::Next, std::vector<std::string> c = {}, std::string i = {})
        : move(m), choices(std::move(c)), id(std::move(i)) {}
    LessonMove move = LessonMove::Next;
    std::vector<std::string> choices;  ///< Answer
    std::string id;                    ///< WhereStopped: a check; SkipTo: a step
};

using Intent = std::variant<Play, Pause, StepLine, StepAction, StepBack, RewindTo, Reset, SetSpeed, DoAction,
                            SetCompare, LoadScenario, SelectEntry, StartLesson, LessonIntent, ConfirmReplace>;

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
    bool compare() const { return m_lesson ? m_lesson->runner().compare() : m_compare != nullptr; }
    const sim::Scenario& scenario() const { return m_scenario; }

    bool playing() const { return m_playing; }
    float speed() const { return m_speed; }
    const std::optional<Selection>& selection() const { return m_selection; }
    /// The selected entry, if it still exists.
    const sim::TranscriptEntry* selectedEntry() const;
    /// The last problem to show (a broken scenario file), "" if none.
    const std::string& error() const { return m_error; }
    /// Whether error() is about a lesson file (else a scenario file).
    bool errorFromLesson() const { return m_errorFromLesson; }
    /// The world shown as a scenario to save (File > Save world): its scenario, every action
    /// people gave with its step, and where it stands now, so that loading the file shows the
    /// same transcripts. Nothing during a lesson (a lesson's world is the lesson's).
    std::optional<sim::Scenario> savedScenario() const;
    /// Intents queued and not yet applied (tests).
    std::size_t queued() const { return m_intents.size(); }

    // [SECTION] acting while rewound
    /// With this on (the window), an action done while the world is rewound is held until
    /// the person confirms that the later steps will be replaced (ConfirmReplace); once
    /// confirmed, later actions are done at once.
    void setAskBeforeReplacing(bool on) { m_askBeforeReplacing = on; }
    /// The action held for that confirmation, if any.
    const std::optional<sim::Action>& heldAction() const { return m_held; }
    /// How many recorded steps lie after the current one (in the world furthest ahead).
    std::size_t laterSteps() const;

    // [SECTION] a guided lesson
    /// The lesson being taken (its runner owns the worlds shown), or null when exploring.
    LessonSession* lesson() { return m_lesson.get(); }
    const LessonSession* lesson() const { return m_lesson.get(); }
    /// Why the lesson does not let the learner do `action` now (in the UI's language), or
    /// nothing when it may (always, outside a lesson).
    std::optional<std::string> refusal(const sim::Action& action) const;
    /// Where the learner's lesson progress is kept ("" in memory only; tests).
    void setLessonProgressFile(std::filesystem::path file) { m_progressFile = std::move(file); }
    const std::filesystem::path& lessonProgressPath() const { return m_progressFile; }

    // [SECTION] stable ids of widgets
    /// Panels say where they drew a widget a lesson may point at ("device:Laptop:check_mail",
    /// "server:INBOX"): ids never translated, so highlights and tests find it in any language.
    void markTarget(const std::string& id, float minX, float minY, float maxX, float maxY);
    /// The widgets marked in the frame being drawn (or the last one), by id: minX, minY, maxX, maxY.
    const std::map<std::string, std::array<float, 4>>& targets() const { return m_targets; }
    /// Forgets the marks (the window calls it as a frame starts).
    void clearTargets() { m_targets.clear(); }

    /// What the panels remember between frames (cleared when a world is rebuilt).
    ViewState& view() { return m_view; }
    const ViewState& view() const { return m_view; }
    /// The window's clock: seconds of update() so far (fades and animations run on it).
    double clock() const { return m_clock; }

    /// The world real mail clients join (sim/net): the only world, or in compare mode the
    /// IMAP world ([1]), since it keeps mail on the server.
    sim::World& liveWorld() { return mutableWorld(compare() ? 1 : 0); }
    const sim::World& liveWorld() const { return world(compare() ? 1 : 0); }
    /// Index of liveWorld() in worlds().
    std::size_t liveWorldIndex() const { return compare() ? 1 : 0; }
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
    bool m_errorFromLesson = false;
    std::function<void(bool before)> m_rebuildHook;
    ViewState m_view;
    double m_clock = 0.0;
    std::unique_ptr<LessonSession> m_lesson;
    bool m_askBeforeReplacing = false;
    bool m_lessonPaused = false;  ///< the learner paused: what happens in the lesson's world waits
    std::optional<sim::Action> m_held;
    std::filesystem::path m_progressFile = lessonProgressFile();
    std::map<std::string, std::array<float, 4>> m_targets;

    void applyLesson(const LessonIntent& intent);
    /// The world(s) built afresh from m_scenario: two in compare mode, else one.
    void makeWorlds(bool compare);

    /// Reads what the worlds' streams say since the last call; `quiet` after a rebuild,
    /// when what is read happened before it (nothing fades or flies again).
    void readStreams(bool quiet = false);
};

}  // namespace mailscope::app
