// The explorer's model: intents from the panels applied to the world(s), and playback.
#include "app/ui/explorer.h"

#include <algorithm>
#include <type_traits>

#include "app/ui/assets.h"
#include "sim/scenario.h"

namespace mailscope::app {

namespace {
constexpr int kMaxStepsPerFrame = 8;  // fast playback stays smooth: the rest waits for the next frame
}

Explorer::Explorer(sim::Scenario scenario, sim::WorldOptions options)
    : m_scenario(std::move(scenario)), m_options(options), m_world(std::make_unique<sim::World>(m_scenario, m_options)) {}

std::vector<const sim::World*> Explorer::worlds() const {
    if (m_compare) return {&m_compare->pop3(), &m_compare->imap()};
    return {m_world.get()};
}

const sim::World& Explorer::world(std::size_t index) const {
    if (m_compare) return index == 0 ? m_compare->pop3() : m_compare->imap();
    return *m_world;
}

sim::World& Explorer::mutableWorld(std::size_t index) {
    if (m_compare) return index == 0 ? m_compare->pop3() : m_compare->imap();
    return *m_world;
}

void Explorer::forEachWorld(const auto& f) {
    if (m_compare) {
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
    m_clock += std::max(seconds, 0.0);
    std::vector<Intent> intents;
    intents.swap(m_intents);
    for (const Intent& i : intents) apply(i);
    readStreams();
    if (!m_playing) return;
    m_owed += seconds * m_speed;
    int steps = 0;
    while (m_owed >= 1.0 && steps < kMaxStepsPerFrame) {
        m_owed -= 1.0;
        ++steps;
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
                m_owed = 1.0;  // the first step comes at once
            } else if constexpr (std::is_same_v<T, Pause>) {
                m_playing = false;
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
                if (m_compare) m_compare = std::make_unique<sim::Comparison>(m_scenario, m_options);
                else m_world = std::make_unique<sim::World>(m_scenario, m_options);
            } else if constexpr (std::is_same_v<T, SetSpeed>) {
                m_speed = std::clamp(i.linesPerSecond, kMinSpeed, kMaxSpeed);
            } else if constexpr (std::is_same_v<T, DoAction>) {
                forEachWorld([&](sim::World& w) { w.submit(i.action); });
            } else if constexpr (std::is_same_v<T, SetCompare>) {
                if (i.on == compare()) return;
                m_playing = false;
                m_selection.reset();
                if (i.on) {
                    m_compare = std::make_unique<sim::Comparison>(m_scenario, m_options);
                    m_world.reset();
                } else {
                    m_world = std::make_unique<sim::World>(m_scenario, m_options);
                    m_compare.reset();
                }
            } else if constexpr (std::is_same_v<T, LoadScenario>) {
                try {
                    sim::Scenario loaded = sim::loadScenario(i.path, assetsDir());
                    m_scenario = std::move(loaded);
                    m_error.clear();
                    m_playing = false;
                    m_selection.reset();
                    if (m_compare) m_compare = std::make_unique<sim::Comparison>(m_scenario, m_options);
                    else m_world = std::make_unique<sim::World>(m_scenario, m_options);
                } catch (const sim::ScenarioError& e) {
                    m_error = e.what();
                }
            } else if constexpr (std::is_same_v<T, SelectEntry>) {
                m_selection = Selection{i.world, i.device, i.index};
            }
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

const sim::TranscriptEntry* Explorer::selectedEntry() const {
    if (!m_selection) return nullptr;
    const auto all = worlds();
    if (m_selection->world >= all.size()) return nullptr;
    const sim::Device* d = all[m_selection->world]->findDevice(m_selection->device);
    if (!d || m_selection->index >= d->transcript().size()) return nullptr;
    return &d->transcript().entries()[m_selection->index];
}

}  // namespace mailscope::app
