// The lesson runner (runner.h): steps, waits on the event stream, checks, quizzes,
// predictions against the twin world, and going back by replaying the deterministic world.
#include "lessons/runner.h"

#include <algorithm>
#include <sstream>
#include <type_traits>
#include <variant>

#include "lessons/real_client.h"
#include "sim/report.h"

namespace mailscope::lessons {

namespace {

/// The fields of an event that filters look at.
struct Fields {
    std::string device;
    std::optional<sim::Protocol> protocol;
    std::string command;
    std::vector<std::string> folders;
    std::vector<std::uint32_t> uids;
    std::string cause;
};

Fields fieldsOf(const sim::Event& event) {
    Fields f;
    sim::visit(
        [&](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            if constexpr (requires { e.session.name; }) f.device = e.session.name;
            if constexpr (requires { e.by.name; }) f.device = e.by.name;
            if constexpr (requires { e.device; }) f.device = e.device;
            if constexpr (requires { e.action.device; }) f.device = e.action.device;
            if constexpr (requires { e.protocol; }) f.protocol = e.protocol;
            if constexpr (requires { e.command; }) f.command = e.command;
            if constexpr (requires { e.folder; }) f.folders.push_back(e.folder);
            if constexpr (requires { e.from; e.to; } && !std::is_same_v<E, sim::MessageMovedLocally>) {
                f.folders.push_back(e.from);
                f.folders.push_back(e.to);
            }
            if constexpr (std::is_same_v<E, sim::MessageMovedLocally>) {
                f.folders.push_back(e.from);
                f.folders.push_back(e.to);
            }
            if constexpr (requires { e.uid; }) f.uids.push_back(e.uid);
            if constexpr (requires { e.uids; }) f.uids.insert(f.uids.end(), e.uids.begin(), e.uids.end());
            if constexpr (std::is_same_v<E, sim::MessagesRemoved>) f.cause = std::string(sim::name(e.cause));
        },
        event);
    return f;
}

bool eventMatches(const EventFilter& filter, const sim::WorldEvent& event) {
    if (!filter.kind.empty() && sim::kindName(event.what) != filter.kind) return false;
    const Fields f = fieldsOf(event.what);
    if (!filter.device.empty() && f.device != filter.device) return false;
    if (filter.protocol && f.protocol != filter.protocol) return false;
    if (!filter.command.empty() && f.command != filter.command) return false;
    if (!filter.folder.empty() && std::find(f.folders.begin(), f.folders.end(), filter.folder) == f.folders.end())
        return false;
    if (filter.uid && std::find(f.uids.begin(), f.uids.end(), *filter.uid) == f.uids.end()) return false;
    if (!filter.cause.empty() && f.cause != filter.cause) return false;
    return true;
}

bool subjectHas(const std::shared_ptr<const mail::Message>& m, const std::string& part) {
    return m && m->summary().subject.find(part) != std::string::npos;
}

const mail::MailItem* findServer(const sim::World& w, const Check& c) {
    const mail::Account* account = w.store().findAccount(c.account);
    const mail::Mailbox* box = account ? account->findMailbox(c.folder) : nullptr;
    if (!box || !c.message) return nullptr;
    if (c.message->uid) return box->findUid(*c.message->uid);
    for (const mail::MailItem& item : box->items())
        if (subjectHas(item.message, c.message->subjectContains)) return &item;
    return nullptr;
}

const sim::LocalMessage* findLocal(const sim::Device& d, const Check& c) {
    for (const sim::LocalFolder& folder : d.local().folders()) {
        if (c.folder != "*" && folder.name != c.folder) continue;
        for (const sim::LocalMessage& m : folder.messages) {
            if (c.message->uid ? m.id == *c.message->uid : subjectHas(m.message, c.message->subjectContains)) return &m;
        }
    }
    return nullptr;
}

bool count(const Check& c, std::int64_t n) {
    if (c.equals && n != *c.equals) return false;
    if (c.atLeast && n < *c.atLeast) return false;
    return true;
}

std::string joinUids(const std::vector<std::uint32_t>& uids) {
    std::string out;
    for (std::uint32_t u : uids) out += (out.empty() ? "" : ",") + std::to_string(u);
    return out;
}

}  // namespace

// [SECTION] building, entering and leaving steps

Runner::Runner(const Lesson& lesson) : m_lesson(lesson) {
    rebuildTo({});
    enter();
}

Runner::~Runner() = default;

sim::World& Runner::world(Twin twin) {
    if (!m_cmp) return *m_main;
    return twin == Twin::Imap ? m_cmp->imap() : m_cmp->pop3();
}
const sim::World& Runner::world(Twin twin) const {
    if (!m_cmp) return *m_main;
    return twin == Twin::Imap ? m_cmp->imap() : m_cmp->pop3();
}

std::vector<sim::World*> Runner::worlds() {
    if (!m_cmp) return {m_main.get()};
    return {&m_cmp->pop3(), &m_cmp->imap()};
}

Runner::Mark Runner::mark() const {
    return {world(Twin::Pop3).stepCount(), m_cmp ? m_cmp->imap().stepCount() : 0, world(Twin::Pop3).events().size(),
            m_cmp ? m_cmp->imap().events().size() : 0};
}

sim::EventRange Runner::stepEvents(const sim::World& w) const {
    const bool imap = m_cmp && &w == &m_cmp->imap();
    const std::size_t from = m_entry.empty() ? 0 : (imap ? m_entry.at(m_index).imapEvents : m_entry.at(m_index).pop3Events);
    return w.events().from(from);
}

void Runner::rebuildTo(const Mark& target, bool forgetLater) {
    if (m_lesson.compare) m_cmp = std::make_unique<sim::Comparison>(m_lesson.scenario);
    else m_main = std::make_unique<sim::World>(m_lesson.scenario);
    const auto ws = worlds();
    for (std::size_t i = 0; i < ws.size(); ++i) {
        sim::World& w = *ws[i];
        const std::size_t goal = i == 0 ? target.pop3 : target.imap;
        auto& log = m_log[i];
        if (forgetLater) std::erase_if(log, [goal](const auto& e) { return e.first >= goal; });
        std::size_t next = 0;
        while (true) {
            while (next < log.size() && log[next].first == w.stepCount()) w.submit(log[next++].second);
            if (w.stepCount() >= goal) break;
            if (w.step() == sim::StepResult::None) break;
        }
    }
}

void Runner::submit(const sim::Action& action) {
    const auto ws = worlds();
    for (std::size_t i = 0; i < ws.size(); ++i) {
        m_log[i].emplace_back(ws[i]->stepCount(), action);
        ws[i]->submit(action);
    }
}

void Runner::enter() {
    m_queued.clear();
    m_ticked.assign(finished() ? 0 : step().checks.size(), false);
    m_fired.assign(finished() ? 0 : step().when.size(), false);
    m_answered = m_answeredRight = m_predictionRan = false;
    if (finished()) return;
    if (m_entry.size() > m_index) {  // visited before: the world as on the first visit
        m_entry.resize(m_index + 1);
        m_ready.resize(m_index + 1);
        m_entryTimes.resize(m_index + 1);
        rebuildTo(m_ready[m_index]);
        m_entryTime = m_entryTimes[m_index];
        tickOnce();
        return;
    }
    m_entry.push_back(mark());
    m_entryTime = world().now();
    m_entryTimes.push_back(m_entryTime);
    if (step().kind != StepKind::Predict) {
        for (const sim::Action& a : step().lessonDoes) submit(a);
        if (!step().lessonDoes.empty() && !m_deferred) run();
    }
    m_ready.push_back(mark());
    tickOnce();
}

bool Runner::wants(const sim::World& w, Twin twin) const {
    if (!w.quiet()) return true;
    if (finished() || !step().wait) return false;
    if (matches(*step().wait, twin)) return false;
    const core::Time deadline = m_entryTime + step().waitSeconds;
    const sim::NextStep next = w.next();
    return next.kind != sim::NextStep::Kind::None && next.time <= deadline;
}

bool Runner::stepWorld(sim::World& w, Twin twin) {
    if (w.step() == sim::StepResult::None) return false;
    tickOnce();
    for (std::size_t i = 0; !finished() && i < step().when.size(); ++i)
        if (!m_fired[i] && matches(step().when[i].event, twin)) {
            m_fired[i] = true;
            for (const sim::Action& a : step().when[i].actions) submit(a);
        }
    return true;
}

Twin Runner::twinOf(const sim::World& w) const {
    return m_cmp && &w == &m_cmp->imap() ? Twin::Imap : Twin::Pop3;
}

void Runner::run() {
    while (true) {
        for (sim::World* w : worlds()) {
            const Twin twin = twinOf(*w);
            for (std::size_t n = 0; n < 200'000 && wants(*w, twin); ++n)
                if (!stepWorld(*w, twin)) break;
        }
        if (m_queued.empty()) break;
        submitQueued();
    }
    tickOnce();
}

bool Runner::quiet() const {
    if (!m_cmp) return m_main->quiet();
    return m_cmp->pop3().quiet() && m_cmp->imap().quiet();
}

void Runner::submitQueued() {
    const sim::Action action = m_queued.front();
    m_queued.erase(m_queued.begin());
    submit(action);
}

bool Runner::busy() const {
    if (!m_queued.empty()) return true;
    if (!m_cmp) return wants(*m_main, Twin::Pop3);
    return wants(m_cmp->pop3(), Twin::Pop3) || wants(m_cmp->imap(), Twin::Imap);
}

bool Runner::advance(bool force) {
    // A solution's next action waits until the world has done the one before.
    if (!m_queued.empty() && quiet()) {
        submitQueued();
        return true;
    }
    bool any = false;
    for (sim::World* w : worlds())
        if (force || wants(*w, twinOf(*w))) any |= stepWorld(*w, twinOf(*w));
    tickOnce();
    return any;
}

void Runner::tickOnce() {
    if (finished()) return;
    for (std::size_t i = 0; i < step().checks.size(); ++i)
        if (step().checks[i].mode == CheckMode::Once && !m_ticked[i] && evaluate(step().checks[i])) m_ticked[i] = true;
}

void Runner::next() {
    if (finished()) return;
    if (m_deferred) run();  // what the step set going ends before the next one starts
    ++m_index;
    enter();
}

void Runner::playSolution() {
    if (finished()) return;
    if (step().kind == StepKind::Action && step().realClient) {
        // The built-in IMAP client plays the real client, over a socket on the world's host.
        m_realClient = playRealClient(world(), *step().realClient);
        if (!m_deferred) run();
        return;
    }
    if (step().kind == StepKind::Action) {
        if (m_deferred) {
            // One action at a time, each once the world has done the one before (as a
            // person would): the rest wait in the queue that advance() and run() empty.
            for (const sim::Action& a : step().solution) {
                if (refusal(a)) continue;
                sim::Action mine = a;
                mine.origin = sim::ActionOrigin::User;
                m_queued.push_back(mine);
            }
            if (!m_queued.empty() && quiet()) submitQueued();
            return;
        }
        for (const sim::Action& a : step().solution) perform(a);
        if (step().solution.empty()) run();
    } else {
        answer(step().answer);
    }
}

void Runner::skip() {
    playSolution();
    run();
    next();
}

void Runner::goTo(std::size_t index) {
    if (index >= m_ready.size()) return;
    m_index = index;
    enter();
}

void Runner::back() {
    if (m_index > 0) goTo(m_index - 1);
}

void Runner::restart() {
    m_queued.clear();
    m_entry.clear();
    m_ready.clear();
    m_entryTimes.clear();
    m_log[0].clear();
    m_log[1].clear();
    m_index = 0;
    rebuildTo({});
    enter();
}

bool Runner::skipTo(std::string_view stepId) {
    if (!m_lesson.findStep(stepId)) return false;
    restart();
    while (!finished() && step().id != stepId) skip();
    return !finished();
}

// [SECTION] the learner

std::optional<Text> Runner::refusal(const sim::Action& action) const {
    const auto& allowed = m_lesson.allowed;
    if (allowed.empty() || std::find(allowed.begin(), allowed.end(), action.kind) != allowed.end()) return std::nullopt;
    const std::string name(sim::actionKindName(action.kind));
    return Text{"This lesson does not use '" + name + "'.", "W tej lekcji nie używamy akcji „" + name + "”."};
}

std::optional<Text> Runner::perform(sim::Action action) {
    if (auto why = refusal(action)) return why;
    action.origin = sim::ActionOrigin::User;
    submit(action);
    if (!m_deferred) run();
    return std::nullopt;
}

std::vector<Text> Runner::hints(std::size_t n) const {
    if (finished()) return {};
    const auto& h = step().hints;
    return {h.begin(), h.begin() + static_cast<std::ptrdiff_t>(std::min(n, h.size()))};
}

AnswerResult Runner::answer(const std::vector<std::string>& chosen) {
    AnswerResult result;
    if (finished() || step().kind == StepKind::Action) return result;
    const Step& s = step();
    if (s.kind == StepKind::Quiz) {
        std::vector<std::string> picked = chosen, correct;
        for (const Choice& c : s.choices) {
            if (c.correct) correct.push_back(c.id);
            else if (std::find(chosen.begin(), chosen.end(), c.id) != chosen.end()) result.feedback.push_back(c.feedback);
        }
        std::sort(picked.begin(), picked.end());
        std::sort(correct.begin(), correct.end());
        result.right = picked == correct;
        if (!result.right && result.feedback.empty())
            result.feedback.push_back({"Not all the right answers are chosen.", "Nie zaznaczono wszystkich dobrych odpowiedzi."});
    } else {
        // A prediction: the same actions in both twins, then the claims against the real twin.
        if (!m_predictionRan) {
            m_predictionRan = true;
            for (const sim::Action& a : s.lessonDoes) submit(a);
            run();
        }
        result.right = !chosen.empty();
        for (const Choice& c : s.choices) {
            if (std::find(chosen.begin(), chosen.end(), c.id) == chosen.end() || !c.check) continue;
            if (!evaluate(*c.check)) {
                result.right = false;
                result.feedback.push_back(c.check->failure);
            }
        }
    }
    if (!m_answered) {
        m_answered = true;
        m_answeredRight = result.right;
    } else if (s.kind == StepKind::Quiz) {
        m_answeredRight = m_answeredRight || result.right;
    }
    return result;
}

// [SECTION] checks

bool Runner::matches(const EventFilter& filter, Twin twin) const {
    const sim::World& w = world(filter.world == Twin::Main ? twin : filter.world);
    for (const sim::WorldEvent& e : stepEvents(w))
        if (eventMatches(filter, e)) return true;
    return false;
}

bool Runner::happenedBefore(const EventFilter& first, const EventFilter& then, Twin twin) const {
    const sim::World& w = world(first.world == Twin::Main ? twin : first.world);
    bool seen = false;
    for (const sim::WorldEvent& e : stepEvents(w)) {
        if (eventMatches(then, e)) return seen;
        if (eventMatches(first, e)) seen = true;
    }
    return false;  // `then` did not happen: nothing to be before
}

bool Runner::waitDone() const {
    if (finished() || !step().wait) return true;
    const Twin twin = step().wait->world;
    return matches(*step().wait, twin == Twin::Main ? Twin::Pop3 : twin);
}

bool Runner::evaluate(const Check& c) const {
    const sim::World& w = world(c.world);
    bool value = false;
    switch (c.kind) {
        case CheckKind::ServerCount: {
            const mail::Account* account = w.store().findAccount(c.account);
            const mail::Mailbox* box = account ? account->findMailbox(c.folder) : nullptr;
            return count(c, box ? static_cast<std::int64_t>(box->size()) : 0);
        }
        case CheckKind::ServerHas: value = findServer(w, c) != nullptr; break;
        case CheckKind::ServerFlag: {
            const mail::MailItem* item = findServer(w, c);
            mail::Flags flag;
            flag.addByName(c.flag);
            value = item && (flag.system ? (item->flags.system & flag.system) != 0 : item->flags.hasKeyword(c.flag));
            break;
        }
        case CheckKind::ServerFolder: {
            const mail::Account* account = w.store().findAccount(c.account);
            value = account && account->findMailbox(c.folder);
            break;
        }
        case CheckKind::DeviceCount: {
            const sim::Device* d = w.findDevice(c.device);
            std::int64_t n = 0;
            if (d)
                for (const sim::LocalFolder& f : d->local().folders())
                    if (c.folder == "*" || f.name == c.folder) n += static_cast<std::int64_t>(f.messages.size());
            return count(c, n);
        }
        case CheckKind::DeviceHas: {
            const sim::Device* d = w.findDevice(c.device);
            value = d && findLocal(*d, c);
            break;
        }
        case CheckKind::DeviceFlag: {
            const sim::Device* d = w.findDevice(c.device);
            const sim::LocalMessage* m = d ? findLocal(*d, c) : nullptr;
            mail::Flags flag;
            flag.addByName(c.flag);
            value = m && (flag.system ? (m->flags.system & flag.system) != 0 : m->flags.hasKeyword(c.flag));
            break;
        }
        case CheckKind::DeviceFolder: {
            const sim::Device* d = w.findDevice(c.device);
            value = d && d->local().find(c.folder);
            break;
        }
        case CheckKind::Connected: {
            const sim::Device* d = w.findDevice(c.device);
            value = d && d->connected();
            break;
        }
        case CheckKind::Online: {
            const sim::Device* d = w.findDevice(c.device);
            value = d && d->online();
            break;
        }
        case CheckKind::Transcript: {
            const sim::Device* d = w.findDevice(c.device);
            if (d)
                for (const sim::TranscriptEntry& e : d->transcript().entries()) {
                    std::string_view seen = e.text;
                    if (c.network) {
                        if (e.kind == sim::EntryKind::Note) continue;
                        if (!e.wire.empty()) seen = e.wire;
                        else if (!e.secret.empty()) seen = e.secret;
                    }
                    if (seen.find(c.text) != std::string_view::npos) {
                        value = true;
                        break;
                    }
                }
            break;
        }
        case CheckKind::MarkedCount: return count(c, static_cast<std::int64_t>(w.markedForDeletion().size()));
        case CheckKind::OwedCount: return count(c, static_cast<std::int64_t>(w.owedChanges().size()));
        case CheckKind::Copies: {
            const mail::MailItem* item = findServer(w, c);
            return count(c, item ? static_cast<std::int64_t>(w.copiesOf(c.account, c.folder, item->uid).size()) : 0);
        }
        case CheckKind::RealClient: {
            const Twin twin = c.world == Twin::Main ? Twin::Pop3 : c.world;
            for (const sim::WorldEvent& e : stepEvents(world(twin)))
                if (const auto* opened = sim::get_if<sim::SessionOpened>(&e.what); opened && opened->external)
                    value = true;
            break;
        }
        case CheckKind::Happened: {
            Twin twin = c.event.world == Twin::Main ? c.world : c.event.world;
            if (twin == Twin::Main) twin = Twin::Pop3;
            value = c.before ? happenedBefore(c.event, *c.before, twin) : matches(c.event, twin);
            break;
        }
    }
    return value == c.expect;
}

std::vector<CheckResult> Runner::results() const {
    std::vector<CheckResult> out;
    if (finished()) return out;
    for (std::size_t i = 0; i < step().checks.size(); ++i) {
        const Check& c = step().checks[i];
        out.push_back({&c, c.mode == CheckMode::Once ? static_cast<bool>(m_ticked[i]) : evaluate(c)});
    }
    return out;
}

bool Runner::complete() const {
    if (finished()) return true;
    switch (step().kind) {
        case StepKind::Quiz: return m_answeredRight;
        case StepKind::Predict: return m_answered;
        case StepKind::Action: break;
    }
    if (!waitDone()) return false;
    for (const CheckResult& r : results())
        if (!r.holds) return false;
    return true;
}

std::optional<std::size_t> Runner::stoppedAt(const Check& check) {
    // Replay the deterministic world from its start, one step at a time, and note the last
    // step after which the check held. Once checks are judged the same way, as "end" checks.
    sim::World& w = world(check.world);
    const Mark here = mark();
    const std::size_t end = w.stepCount();
    w.rewindTo(0);
    std::optional<std::size_t> lastHeld;
    for (std::size_t s = 0;; ++s) {
        if (evaluate(check)) lastHeld = s;
        if (s >= end || w.step() == sim::StepResult::None) break;
    }
    rebuildTo(here, false);
    if (!lastHeld || *lastHeld >= end) return std::nullopt;
    return *lastHeld + 1;
}

Text Runner::whereStopped(const Check& check) {
    const std::optional<std::size_t> at = stoppedAt(check);
    if (!at) return {"it did not hold at any step of the world so far", "nie zachodziło na żadnym kroku świata"};
    const sim::World& w = world(check.world);
    const int zone = m_lesson.scenario.zoneMinutes;
    std::string what;
    for (const sim::TimelineEntry& e : w.timeline())
        if (e.step == *at) what = sim::formatClock(e.time, zone) + " " + sim::describeAction(e.action);
    if (what.empty())
        for (const sim::Device* d : w.devices())
            for (const sim::TranscriptEntry& e : d->transcript().entries())
                if (e.step == *at && e.kind != sim::EntryKind::Note && what.empty())
                    what = sim::formatClock(e.time, zone) + " " + e.device + ": " +
                           (e.direction == core::Direction::ClientToServer ? "C: " : "S: ") + e.text;
    if (what.empty()) what = "step " + std::to_string(*at);
    return {"stopped holding at step " + std::to_string(*at) + " (" + what + ")",
            "przestało zachodzić w kroku " + std::to_string(*at) + " (" + what + ")"};
}

// [SECTION] narration with live values

std::string Runner::render(const Text& text, Lang lang) const {
    const std::string& in = text.in(lang);
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t open = in.find('{', pos);
        if (open == std::string::npos) break;
        const std::size_t close = in.find('}', open);
        if (close == std::string::npos) break;
        out += in.substr(pos, open - pos);
        std::string name = in.substr(open + 1, close - open - 1);
        Twin twin = m_cmp ? Twin::Imap : Twin::Main;
        if (name.rfind("pop3:", 0) == 0) twin = Twin::Pop3, name = name.substr(5);
        else if (name.rfind("imap:", 0) == 0) twin = Twin::Imap, name = name.substr(5);
        const sim::World& w = world(twin);
        std::vector<std::string> parts;
        std::stringstream ss(name);
        for (std::string p; std::getline(ss, p, '.');) parts.push_back(p);
        std::string value = "-";
        if (parts.size() == 3 && parts[0] == "server") {
            const auto accounts = w.store().accounts();
            const mail::Mailbox* box = accounts.empty() ? nullptr : accounts.front()->findMailbox(parts[1]);
            value = std::to_string(box ? box->size() : 0);
        } else if (parts.size() >= 3 && parts[0] == "device") {
            const sim::Device* d = w.findDevice(parts[1]);
            const std::string folder = parts.size() == 4 ? parts[2] : "INBOX";
            const sim::LocalFolder* f = d ? d->local().find(folder) : nullptr;
            value = std::to_string(f ? f->messages.size() : 0);
        } else if (parts.size() == 2 && parts[0] == "downloaded") {
            std::size_t n = 0;
            for (const sim::WorldEvent& e : stepEvents(w))
                if (const auto* d = sim::get_if<sim::MessageDownloaded>(&e.what)) {
                    ++n;
                    if (parts[1] == "uid") value = std::to_string(d->uid ? d->uid : d->localId);
                    if (parts[1] == "device") value = d->device;
                }
            if (parts[1] == "count") value = std::to_string(n);
        } else if (name == "removed.uids") {
            for (const sim::WorldEvent& e : stepEvents(w))
                if (const auto* r = sim::get_if<sim::MessagesRemoved>(&e.what)) value = joinUids(r->uids);
        } else if (name == "marked.count") {
            value = std::to_string(w.markedForDeletion().size());
        } else if (name == "owed.count") {
            value = std::to_string(w.owedChanges().size());
        } else if (name == "clock") {
            value = sim::formatClock(w.now(), m_lesson.scenario.zoneMinutes);
        }
        out += value;
        pos = close + 1;
    }
    out += in.substr(pos);
    return out;
}

}  // namespace mailscope::lessons
