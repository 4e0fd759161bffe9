// The timeline: every action applied to the world, in order, and the actions people gave
// with the step at which each was given, so a rewind (rebuild and replay) gives them again
// at the same steps (DESIGN.md, "Stepping").
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "protocols/core/time.h"
#include "sim/action.h"

namespace mailscope::sim {

/// One action applied to the world, in order.
struct TimelineEntry {
    std::size_t step = 0;  ///< the step that applied it (1-based, like World::stepCount())
    core::Time time = 0;   ///< the world's time then
    Action action;         ///< `at` holds the same time; `origin` who asked
};

/// A person's action with the step count at which it was given.
using UserAction = std::pair<std::size_t, Action>;

class Timeline {
public:
    // [SECTION] actions applied
    /// Records an applied action; returns its index in applied().
    std::size_t apply(std::size_t step, core::Time time, const Action& action);
    const std::vector<TimelineEntry>& applied() const { return m_applied; }
    /// Forgets the applied actions (the world is rebuilt); people's actions stay.
    void clearApplied() { m_applied.clear(); }

    // [SECTION] people's actions
    /// A saved world's recorded actions, given in any order: kept sorted by step (stable).
    void setRecorded(std::vector<UserAction> actions);
    /// A person's action given at step `step`: it replaces those given after that step.
    void submit(std::size_t step, Action action);
    /// The actions given at or before `step` that have not been handed out since the last
    /// replayFromStart(), in order; each is handed out once.
    std::vector<Action> takeDue(std::size_t step);
    /// A rewind replays from the start: takeDue hands the actions out again.
    void replayFromStart() { m_next = 0; }
    /// Whether every person's action has been handed out.
    bool allGiven() const { return m_next >= m_user.size(); }
    /// Every action people gave, with the step count at which each was given, in order.
    const std::vector<UserAction>& userActions() const { return m_user; }

private:
    std::vector<TimelineEntry> m_applied;
    std::vector<UserAction> m_user;
    std::size_t m_next = 0;  ///< the first of m_user not yet handed out
};

}  // namespace mailscope::sim
