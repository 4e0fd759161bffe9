// The lesson runner: owns the lesson's world (or the POP3 and IMAP twins in compare mode),
// plays each step's actions, waits on the event stream, evaluates the checks, answers
// quizzes and predictions, and goes back by rewinding the deterministic world. It knows
// no screen: the window and `mailscope lesson run` drive the same object.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lessons/lesson.h"
#include "lessons/real_client.h"
#include "sim/world.h"

namespace mailscope::lessons {

/// A check and whether it holds now (End) or has been reached (Once).
struct CheckResult {
    const Check* check = nullptr;
    bool holds = false;
};

/// What the runner says about an answer to a quiz or a prediction.
struct AnswerResult {
    bool right = false;
    std::vector<Text> feedback;  ///< one per wrong choice picked (or why the prediction was wrong)
};

class Runner {
public:
    /// Builds the world of the lesson and enters its first step. `lesson` must outlive it.
    explicit Runner(const Lesson& lesson);
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    const Lesson& lesson() const { return m_lesson; }
    std::size_t index() const { return m_index; }
    /// The current step; only valid while !finished().
    const Step& step() const { return m_lesson.steps[m_index]; }
    /// Past the last step.
    bool finished() const { return m_index >= m_lesson.steps.size(); }

    // [SECTION] the learner
    /// Whether the lesson lets the learner do this kind of action; if not, why (both languages).
    std::optional<Text> refusal(const sim::Action& action) const;
    /// The learner's action: applied to the world (both twins in compare mode), which then
    /// runs until it is quiet and the step's wait is satisfied (or its time is up).
    /// Returns the refusal when the action is not allowed.
    std::optional<Text> perform(sim::Action action);
    /// Quiz or prediction answer (choice ids). A prediction runs the step's own actions on
    /// both twins first, then compares the chosen claims with the real twin world.
    AnswerResult answer(const std::vector<std::string>& choices);
    /// The first `n` hints of the step.
    std::vector<Text> hints(std::size_t n) const;

    // [SECTION] the step's state
    bool waitDone() const;
    std::vector<CheckResult> results() const;
    /// Wait satisfied, every check holding (or reached), quiz answered right, prediction made.
    bool complete() const;
    /// The narration (or the explanation) with its {placeholders} filled in from the world.
    std::string render(const Text& text, Lang lang) const;
    /// For a failing check: "stopped holding at step 42: 09:00:10 Phone: C: DELE 1", found by
    /// replaying the world from its start; or that it never held.
    Text whereStopped(const Check& check);
    /// The world step at which the check last stopped holding, if it ever held.
    std::optional<std::size_t> stoppedAt(const Check& check);

    // [SECTION] playing the world bit by bit (the window)
    /// Deferred: perform() and entering a step only submit actions; the caller runs the world
    /// with advance() (a line at a time, at the speed it likes). Off (the command line):
    /// they run the world until it is quiet and the step's wait is satisfied.
    void setDeferred(bool on) { m_deferred = on; }
    bool deferred() const { return m_deferred; }
    /// Whether the world has more to do for this step: lines to carry, actions to apply, or
    /// a wait not yet satisfied that a timer within the step's time can still satisfy.
    bool busy() const;
    /// One step of each world that is busy (with `force`, of each that can step at all: a
    /// timer the learner steps on purpose). Returns whether any world stepped.
    bool advance(bool force = false);
    /// Runs every world until it is no longer busy.
    void run();

    // [SECTION] moving through the lesson
    /// To the next step (whether complete or not: the caller decides; skip() plays the solution).
    void next();
    /// Plays the step's solution (as `--auto` does) and moves on.
    void skip();
    /// Plays the step's solution (actions or answer) without moving on. A real-client step's
    /// solution is the built-in IMAP client (real_client.h); realClientRun() tells how it went.
    void playSolution();
    const std::optional<RealClientRun>& realClientRun() const { return m_realClient; }
    /// Back to step `index` (visited before): the world exactly as on the first visit.
    void goTo(std::size_t index);
    void back();
    void restart();
    /// Plays the solutions of the steps before `stepId` and enters it (false if the lesson
    /// has no such step): a lesson file reloaded after an edit resumes at the same step.
    bool skipTo(std::string_view stepId);

    // [SECTION] the worlds
    sim::World& world(Twin twin = Twin::Main);
    const sim::World& world(Twin twin = Twin::Main) const;
    bool compare() const { return m_lesson.compare; }

private:
    struct Mark {
        std::size_t pop3 = 0;  ///< step count of the main (or POP3) world
        std::size_t imap = 0;  ///< step count of the IMAP twin
        /// Events recorded by then in each world: what a real client did between two steps
        /// of the world is recorded at the step count it happened at, so a step's events are
        /// counted from here, not from a step count.
        std::size_t pop3Events = 0;
        std::size_t imapEvents = 0;
    };
    /// The events of `w` since the current step began.
    sim::EventRange stepEvents(const sim::World& w) const;
    void enter();
    bool wants(const sim::World& w, Twin twin) const;
    bool quiet() const;
    void submitQueued();
    bool stepWorld(sim::World& w, Twin twin);
    Twin twinOf(const sim::World& w) const;
    void submit(const sim::Action& action);
    /// Builds the worlds anew and replays the logged actions up to `target` (exactly the
    /// state the first run had there, with nothing queued that was submitted later).
    void rebuildTo(const Mark& target, bool forgetLater = true);
    bool evaluate(const Check& check) const;
    bool matches(const EventFilter& filter, Twin fallback) const;
    /// Whether an event matching `first` happened during the step before the first matching `then` (which must happen).
    bool happenedBefore(const EventFilter& first, const EventFilter& then, Twin twin) const;
    std::vector<sim::World*> worlds();
    void tickOnce();
    Mark mark() const;

    const Lesson& m_lesson;
    std::unique_ptr<sim::World> m_main;
    std::unique_ptr<sim::Comparison> m_cmp;
    /// Every action the runner gave each world (main or POP3, IMAP) with the step count then.
    std::vector<std::pair<std::size_t, sim::Action>> m_log[2];
    std::size_t m_index = 0;
    std::vector<Mark> m_entry;     ///< per visited step: before its own actions
    std::vector<Mark> m_ready;     ///< per visited step: after them (what back() restores)
    std::vector<bool> m_ticked;    ///< Once checks of the current step
    std::vector<bool> m_fired;     ///< the current step's triggers that have fired
    core::Time m_entryTime = 0;
    std::vector<core::Time> m_entryTimes;  ///< per visited step: the world's time on entry
    bool m_answered = false;
    bool m_answeredRight = false;
    bool m_predictionRan = false;
    bool m_deferred = false;
    std::optional<RealClientRun> m_realClient;
    std::vector<sim::Action> m_queued;  ///< deferred: the solution's actions still to give
};

}  // namespace mailscope::lessons
