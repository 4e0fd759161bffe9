// The window's own memory between frames, and what it reads from the worlds' streams.
#include "app/ui/view_state.h"

#include <set>

#include <algorithm>

#include "sim/world.h"

namespace mailscope::app {

namespace {

std::string key(std::size_t world, std::string_view device) { return std::to_string(world) + '/' + std::string(device); }

std::string removedKey(std::string_view account, std::string_view folder, std::uint32_t uid) {
    return std::string(account) + '\n' + std::string(folder) + '\n' + std::to_string(uid);
}

}  // namespace

DeviceColumnState& ViewState::column(std::size_t world, std::string_view device) { return m_columns[key(world, device)]; }

ExportState& ViewState::exportState(std::size_t world, std::string_view device) { return m_exports[key(world, device)]; }

StreamMemory& ViewState::stream(std::size_t world) { return m_streams[world]; }

const StreamMemory* ViewState::stream(std::size_t world) const {
    const auto it = m_streams.find(world);
    return it == m_streams.end() ? nullptr : &it->second;
}

const mail::MailItem* ViewState::removed(std::size_t world, std::string_view account, std::string_view folder,
                                         std::uint32_t uid) const {
    const StreamMemory* memory = stream(world);
    if (!memory) return nullptr;
    const auto it = memory->removed.find(removedKey(account, folder, uid));
    return it == memory->removed.end() ? nullptr : &it->second;
}

void ViewState::readStream(std::size_t index, const sim::World& world, double now, float speed, bool quiet) {
    StreamMemory& memory = stream(index);
    const auto events = world.events().from(memory.read);
    memory.read = world.events().size();
    for (const sim::WorldEvent& e : events) {
        const auto* removed = sim::get_if<sim::MessagesRemoved>(&e.what);
        if (!removed) continue;
        for (const mail::MailItem& item : removed->items) {
            if (!quiet) memory.ghosts.push_back(Ghost{removed->account, removed->folder, item, removed->cause, now});
            memory.removed[removedKey(removed->account, removed->folder, item.uid)] = item;
        }
    }
    std::erase_if(memory.ghosts, [now](const Ghost& g) { return now - g.removedAt > kFadeSeconds; });
    if (!events.empty() && !memory.removed.empty()) {
        // Only removals some IMAP session has not yet been told of are drawn from here; the
        // rest are forgotten, so a long session does not keep every message ever removed.
        std::set<std::string> owed;
        for (const sim::World::OwedChange& change : world.owedChanges())
            if (change.kind == sim::UpdateKind::Expunge) owed.insert(removedKey(change.account, change.folder, change.uid));
        std::erase_if(memory.removed, [&owed](const auto& entry) { return owed.count(entry.first) == 0; });
    }
    if (!quiet && !events.empty()) {
        // Steps faster than the flights (Step action, fast playback, Step line clicked in a
        // hurry, --steps at start): each earlier step counts as at least half a flight older
        // than the next, so the last stages are still moving and the rest are done.
        const double duration = flightSeconds(speed);
        const double stagger = duration * 0.5;
        const std::size_t last = world.stepCount();
        for (Flight& f : memory.flights)
            f.start = std::min(f.start, now - static_cast<double>(last > f.step ? last - f.step : 0) * stagger);
        addFlights(memory.flights, world, events, last, now, stagger, duration);
    }
    std::erase_if(memory.flights, [now](const Flight& f) { return f.over(now); });
}

}  // namespace mailscope::app
