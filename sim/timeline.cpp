// The timeline: actions applied, and people's actions replayed at the steps they were given.
#include "sim/timeline.h"

#include <algorithm>

namespace mailscope::sim {

std::size_t Timeline::apply(std::size_t step, core::Time time, const Action& action) {
    m_applied.push_back(TimelineEntry{step, time, action});
    return m_applied.size() - 1;
}

void Timeline::setRecorded(std::vector<UserAction> actions) {
    m_user = std::move(actions);
    std::stable_sort(m_user.begin(), m_user.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    m_next = 0;
}

void Timeline::submit(std::size_t step, Action action) {
    std::erase_if(m_user, [step](const UserAction& entry) { return entry.first > step; });
    m_user.emplace_back(step, std::move(action));
    m_next = m_user.size();  // given to the world at once, not through takeDue
}

std::vector<Action> Timeline::takeDue(std::size_t step) {
    std::vector<Action> due;
    while (m_next < m_user.size() && m_user[m_next].first <= step) due.push_back(m_user[m_next++].second);
    return due;
}

}  // namespace mailscope::sim
