// The explorer's model: intents from the panels applied to the world(s), and playback.
#include "app/ui/explorer.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

#include "app/ui/assets.h"
#include "app/ui/i18n.h"
#include "sim/scenario.h"
#include "sim/scenario_writer.h"

namespace mailscope::app {

namespace {
constexpr int kMaxStepsPerFrame = 8;  // fast playback stays smooth: the rest waits for the next frame
constexpr double kReloadSeconds = 1.0;  // how often a lesson file is looked at for changes
}

Explorer::Explorer(sim::Scenario scenario, sim::WorldOptions options)
    : m_scenario(std::move(scenario)), m_options(options), m_world(std::make_unique<sim::World>(m_scenario, m_options)) {}

std::vector<const sim::World*> Explorer::worlds() const {
    if (m_lesson) {
        const lessons::Runner& r = m_lesson->runner();
        if (r.compare()) return {&r.world(lessons::Twin::Pop3), &r.world(lessons::Twin::Imap)};
        return {&r.world()};
    }
    if (m_compare) return {&m_compare->pop3(), &m_compare->imap()};
    return {m_world.get()};
}

const sim::World& Explorer::world(std::size_t index) const {
    if (m_lesson) {
        const lessons::Runner& r = m_lesson->runner();
        if (!r.compare()) return r.world();
        return r.world(index == 0 ? lessons::Twin::Pop3 : lessons::Twin::Imap);
    }
    if (m_compare) return index == 0 ? m_compare->pop3() : m_compare->imap();
    return *m_world;
}

sim::World& Explorer::mutableWorld(std::size_t index) {
    if (m_lesson) {
        lessons::Runner& r = m_lesson->runner();
        if (!r.compare()) return r.world();
        return r.world(index == 0 ? lessons::Twin::Pop3 : lessons::Twin::Imap);
    }
    if (m_compare) return index == 0 ? m_compare->pop3() : m_compare->imap();
    return *m_world;
}

void Explorer::forEachWorld(const auto& f) {
    if (m_lesson) {
        for (std::size_t i = 0; i < worlds().size(); ++i) f(mutableWorld(i));
    } else if (m_compare) {
        f(m_compare->pop3());
        f(m_compare->imap());
    } else {
        f(*m_world);
    }
}

void Explorer::readStreams(bool quiet) {
    const auto all = worlds();
    for (std::size_t i = 0; i < all.size(); ++i) m_view.readStream(i, *all[i], m_clock, m_speed, quiet);
}

void Explorer::update(double seconds) {
    const double before = m_clock;
    m_clock += std::max(seconds, 0.0);
    std::vector<Intent> intents;
    intents.swap(m_intents);
    for (const Intent& i : intents) apply(i);
    // A trainer editing the lesson file sees the change at the same step within a second.
    if (m_lesson && std::floor(m_clock / kReloadSeconds) != std::floor(before / kReloadSeconds)) {
        if (m_rebuildHook) m_rebuildHook(true);
        const bool reloaded = m_lesson->reloadIfChanged(m_clock);
        if (reloaded) {
            m_view.clearStreams();
            m_playing = m_lesson->runner().busy();
        }
        if (m_rebuildHook) m_rebuildHook(false);
    }
    readStreams();
    // In a lesson, what a real mail client did over the listeners sets the world going too
    // (unless the learner paused it).
    if (m_lesson && !m_playing && !m_lessonPaused && m_lesson->runner().busy()) {
        m_playing = true;
        m_owed = 1.0;
    }
    if (!m_playing) return;
    m_owed += seconds * m_speed;
    int steps = 0;
    while (m_owed >= 1.0 && steps < kMaxStepsPerFrame) {
        m_owed -= 1.0;
        ++steps;
        if (m_lesson) {
            // In a lesson, Play carries what the step set going and stops when the step's
            // world has done it (its wait satisfied and the links quiet).
            if (!m_lesson->runner().advance()) {
                m_playing = false;
                break;
            }
            continue;
        }
        // Play tells the scenario's story: it stops once every action is done and the links
        // are quiet. Devices that poll would go on for ever; Step still runs their timers.
        bool any = false;
        forEachWorld([&](sim::World& w) {
            if (!w.finished()) any |= w.step() != sim::StepResult::None;
        });
        if (!any) {
            m_playing = false;
            break;
        }
    }
    if (steps == kMaxStepsPerFrame) m_owed = std::min(m_owed, 1.0);
    readStreams();
}

void Explorer::apply(const Intent& intent) {
    if (m_lesson && (std::holds_alternative<StepBack>(intent) || std::holds_alternative<RewindTo>(intent)))
        return;  // a lesson goes back a step at a time with its own Back (the control bar says so)
    if (m_lesson && (std::holds_alternative<LoadScenario>(intent) || std::holds_alternative<SetCompare>(intent)))
        apply(LessonIntent{LessonMove::Stop});  // exploring something else ends the lesson
    if (const auto* start = std::get_if<StartLesson>(&intent)) {
        std::unique_ptr<LessonSession> session;
        try {
            session = std::make_unique<LessonSession>(start->file, assetsDir(), m_progressFile);
        } catch (const std::exception& e) {
            m_error = e.what();
            m_errorFromLesson = true;
            return;
        }
        if (m_rebuildHook) m_rebuildHook(true);
        m_error.clear();
        m_lesson = std::move(session);
        m_lesson->stepChanged(m_clock);
        m_selection.reset();
        m_view.clear();
        readStreams();
        m_playing = m_lesson->runner().busy();
        m_owed = 1.0;
        if (m_rebuildHook) m_rebuildHook(false);
        return;
    }
    if (const auto* answer = std::get_if<ConfirmReplace>(&intent)) {
        if (m_held && answer->replace) {
            m_askBeforeReplacing = false;  // said once: the person knows now
            const sim::Action held = *m_held;
            m_held.reset();
            apply(DoAction{held});
        }
        m_held.reset();
        return;
    }
    if (!m_lesson && m_askBeforeReplacing && std::holds_alternative<DoAction>(intent) && laterSteps() > 0) {
        m_playing = false;
        m_held = std::get<DoAction>(intent).action;  // the window asks first
        return;
    }
    if (const auto* move = std::get_if<LessonIntent>(&intent)) {
        if (m_lesson) applyLesson(*move);
        return;
    }
    if (m_lesson && std::holds_alternative<Reset>(intent)) {
        applyLesson(LessonIntent{LessonMove::Restart});
        return;
    }
    if (m_lesson) {
        if (const auto* action = std::get_if<DoAction>(&intent)) {
            LessonSession& lesson = *m_lesson;
            if (lesson.runner().perform(action->action)) {
                lesson.state().notice = tr("lesson.not_allowed");
                return;
            }
            lesson.state().notice.reset();
            // The highlight moves on to the solution's next action once this one is done.
            if (!lesson.runner().finished()) {
                const auto& solution = lesson.runner().step().solution;
                std::size_t& done = lesson.state().solutionDone;
                if (done < solution.size() && solution[done].kind == action->action.kind &&
                    solution[done].device == action->action.device)
                    ++done;
            }
            m_playing = lesson.runner().busy();
            m_owed = 1.0;
            readStreams();
            return;
        }
        if (std::holds_alternative<StepLine>(intent)) {
            m_playing = false;
            m_lesson->runner().advance(true);
            readStreams();
            return;
        }
        if (std::holds_alternative<StepAction>(intent)) {
            m_playing = false;
            m_lesson->runner().run();
            readStreams();
            return;
        }
    }
    // A SetCompare that changes nothing rebuilds nothing; a LoadScenario that fails neither,
    // but the hook still brackets it (reopening the listeners is harmless).
    const bool rebuilds = std::holds_alternative<StepBack>(intent) || std::holds_alternative<RewindTo>(intent) ||
                          std::holds_alternative<Reset>(intent) || std::holds_alternative<LoadScenario>(intent) ||
                          (std::holds_alternative<SetCompare>(intent) && std::get<SetCompare>(intent).on != compare());
    if (rebuilds && m_rebuildHook) m_rebuildHook(true);
    std::visit(
        [this](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, Play>) {
                m_playing = true;
                m_lessonPaused = false;
                m_owed = 1.0;  // the first step comes at once
            } else if constexpr (std::is_same_v<T, Pause>) {
                m_playing = false;
                m_lessonPaused = true;
            } else if constexpr (std::is_same_v<T, StepLine>) {
                m_playing = false;
                forEachWorld([](sim::World& w) { w.step(); });
            } else if constexpr (std::is_same_v<T, StepAction>) {
                m_playing = false;
                forEachWorld([](sim::World& w) { w.stepAction(); });
            } else if constexpr (std::is_same_v<T, StepBack>) {
                m_playing = false;
                forEachWorld([](sim::World& w) {
                    if (w.stepCount() > 0) w.rewindTo(w.stepCount() - 1);
                });
            } else if constexpr (std::is_same_v<T, RewindTo>) {
                m_playing = false;
                forEachWorld([&](sim::World& w) { w.rewindTo(i.step); });
            } else if constexpr (std::is_same_v<T, Reset>) {
                m_playing = false;
                m_selection.reset();
                makeWorlds(m_compare != nullptr);
            } else if constexpr (std::is_same_v<T, SetSpeed>) {
                m_speed = std::clamp(i.linesPerSecond, kMinSpeed, kMaxSpeed);
            } else if constexpr (std::is_same_v<T, DoAction>) {
                forEachWorld([&](sim::World& w) { w.submit(i.action); });
            } else if constexpr (std::is_same_v<T, SetCompare>) {
                if (i.on == compare()) return;
                m_playing = false;
                m_selection.reset();
                makeWorlds(i.on);
            } else if constexpr (std::is_same_v<T, LoadScenario>) {
                try {
                    sim::Scenario loaded = sim::loadScenario(i.path, assetsDir());
                    m_scenario = std::move(loaded);
                    m_error.clear();
                    m_playing = false;
                    m_selection.reset();
                    // A saved world opens in the mode and at the step it was saved at.
                    makeWorlds(m_scenario.saved ? m_scenario.saved->compare : m_compare != nullptr);
                    if (const auto& saved = m_scenario.saved) {
                        if (m_compare) {
                            m_compare->pop3().rewindTo(saved->step);
                            m_compare->imap().rewindTo(saved->imapStep.value_or(saved->step));
                        } else {
                            m_world->rewindTo(saved->step);
                        }
                    }
                } catch (const sim::ScenarioError& e) {
                    m_error = e.what();
                    m_errorFromLesson = false;
                }
            } else if constexpr (std::is_same_v<T, SelectEntry>) {
                m_selection = Selection{i.world, i.device, i.index};
            }  // StartLesson and LessonIntent were handled above
        },
        intent);
    if (rebuilds) {
        // What was read from the old streams no longer happened; a new scenario or mode
        // also starts with fresh columns and dialogs.
        const bool fresh = std::holds_alternative<Reset>(intent) || std::holds_alternative<LoadScenario>(intent) ||
                           std::holds_alternative<SetCompare>(intent);
        if (fresh) m_view.clear();
        else m_view.clearStreams();
    }
    readStreams(rebuilds);
    if (rebuilds && m_rebuildHook) m_rebuildHook(false);
}

void Explorer::makeWorlds(bool compare) {
    if (compare) {
        m_compare = std::make_unique<sim::Comparison>(m_scenario, m_options);
        m_world.reset();
    } else {
        m_world = std::make_unique<sim::World>(m_scenario, m_options);
        m_compare.reset();
    }
}

std::optional<sim::Scenario> Explorer::savedScenario() const {
    if (m_lesson) return std::nullopt;
    return m_compare ? sim::savedScenario(*m_compare) : sim::savedScenario(*m_world);
}

void Explorer::applyLesson(const LessonIntent& intent) {
    LessonSession& lesson = *m_lesson;
    lessons::Runner& runner = lesson.runner();
    // Going back, restarting and finding where a check stopped holding rebuild the worlds.
    const bool rebuilds = intent.move == LessonMove::Back || intent.move == LessonMove::Retry ||
                          intent.move == LessonMove::Restart ||
                          intent.move == LessonMove::WhereStopped || intent.move == LessonMove::SkipTo ||
                          intent.move == LessonMove::Stop;
    if (rebuilds && m_rebuildHook) m_rebuildHook(true);
    const std::size_t stepBefore = runner.index();
    switch (intent.move) {
        case LessonMove::Next:
            if (runner.complete()) lesson.finishStep();
            runner.next();
            break;
        case LessonMove::Back: runner.back(); break;
        case LessonMove::Retry: runner.goTo(runner.index()); break;
        case LessonMove::Skip: runner.skip(); break;
        case LessonMove::Solve: runner.playSolution(); break;
        case LessonMove::Restart: runner.restart(); break;
        case LessonMove::Answer: {
            lessons::AnswerResult result = runner.answer(intent.choices);
            lesson.recordAnswer(intent.choices);
            lesson.state().answer = std::move(result);
            break;
        }
        case LessonMove::WhereStopped:
            if (!runner.finished())
                if (const lessons::Check* check = m_lesson->lesson().findCheck(intent.id)) {
                    lesson.state().stopped[check->id] = runner.stoppedAt(*check);
                }
            break;
        case LessonMove::SkipTo:
            runner.skipTo(intent.id);
            runner.setDeferred(true);
            break;
        case LessonMove::Stop:
            m_lesson.reset();
            m_playing = false;
            m_selection.reset();
            m_view.clear();
            readStreams();
            if (m_rebuildHook) m_rebuildHook(false);
            return;
    }
    const bool again = intent.move == LessonMove::Restart || intent.move == LessonMove::Retry;
    if (runner.index() != stepBefore || again) lesson.stepChanged(m_clock);
    if (intent.move == LessonMove::Back || again || intent.move == LessonMove::SkipTo) {
        m_selection.reset();
        m_view.clearStreams();
    }
    m_playing = runner.busy();
    m_lessonPaused = false;
    m_owed = 1.0;
    readStreams();
    if (rebuilds && m_rebuildHook) m_rebuildHook(false);
}

std::optional<std::string> Explorer::refusal(const sim::Action& action) const {
    if (!m_lesson) return std::nullopt;
    if (m_lesson->runner().refusal(action)) return std::string(tr("lesson.not_allowed"));
    return std::nullopt;
}

std::size_t Explorer::laterSteps() const {
    std::size_t later = 0;
    for (const sim::World* w : worlds())
        later = std::max(later, w->furthestStep() > w->stepCount() ? w->furthestStep() - w->stepCount() : 0);
    return later;
}

void Explorer::markTarget(const std::string& id, float minX, float minY, float maxX, float maxY) {
    m_targets[id] = {minX, minY, maxX, maxY};
}

const sim::TranscriptEntry* Explorer::selectedEntry() const {
    if (!m_selection) return nullptr;
    const auto all = worlds();
    if (m_selection->world >= all.size()) return nullptr;
    const sim::Device* d = all[m_selection->world]->findDevice(m_selection->device);
    if (!d || m_selection->index >= d->transcript().size()) return nullptr;
    return &d->transcript().entries()[m_selection->index];
}

}  // namespace mailscope::app
