// Tests for the world's event stream (sim/events.h): what the engines and the store report
// arrives in order with its step, the queries answer from the sessions, and a rewind
// reproduces the stream of the first run byte for byte.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <type_traits>
#include <string>
#include <variant>
#include <vector>

#include "sim/events.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;

namespace {

/// Two messages for alice; devices and actions are appended per test.
std::string scenarioText(const std::string& devicesAndActions) {
    return R"(
title_en = "Events"
title_pl = "Zdarzenia"
start = 2026-11-27T09:00:00Z

[[accounts]]
user = "alice"
password = "alice123"
  [[accounts.inbox]]
  subject = "First"
  from = "Bob <bob@example.test>"
  to = "alice@example.test"
  body = "one"
  [[accounts.inbox]]
  subject = "Second"
  from = "Bob <bob@example.test>"
  to = "alice@example.test"
  body = "two"
)" + devicesAndActions;
}

sim::Scenario scenario(const std::string& devicesAndActions) {
    return sim::parseScenario(scenarioText(devicesAndActions), "events.toml", MAILSCOPE_SOURCE_DIR "/assets");
}

const char* kPop3Phone = R"(
[[devices]]
name = "Phone"
kind = "phone"
account = "alice"
protocol = "pop3"

[[actions]]
at = "00:10"
device = "Phone"
do = "check_mail"
)";

const char* kTwoImapDevices = R"(
[[devices]]
name = "Phone"
kind = "phone"
account = "alice"
protocol = "imap"

[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
idle = true

[[actions]]
at = "00:10"
device = "Laptop"
do = "check_mail"

[[actions]]
at = "00:20"
device = "Phone"
do = "check_mail"
)";

/// The events of the steps taken so far, as text, one per line, only of the kinds named.
std::vector<std::string> eventLines(const sim::World& world, std::vector<std::string_view> kinds) {
    std::vector<std::string> out;
    for (const sim::WorldEvent& e : world.eventsSince(0)) {
        if (std::find(kinds.begin(), kinds.end(), sim::kindName(e.what)) == kinds.end()) continue;
        std::string line = sim::formatEvent(e);
        line = line.substr(line.find(' ') + 1);   // without the step
        line = line.substr(line.find(' ') + 1);   // and the time
        out.push_back(line);
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
}

template <class T>
std::vector<T> eventsOf(const sim::World& world) {
    std::vector<T> out;
    for (const sim::WorldEvent& e : world.events().all())
        if (const T* t = sim::get_if<T>(&e.what)) out.push_back(*t);
    return out;
}

sim::Action userAction(sim::ActionKind kind, std::string device) {
    sim::Action a;
    a.kind = kind;
    a.device = std::move(device);
    return a;
}

sim::Action onMessage(sim::ActionKind kind, std::string device, std::string subject) {
    sim::Action a = userAction(kind, std::move(device));
    a.message = sim::MessageRef{};
    a.message->subjectContains = std::move(subject);
    return a;
}

/// Steps until an event of kind T has been recorded; false if the world ran out first.
template <class T>
bool stepUntil(sim::World& world, std::size_t limit = 10'000) {
    for (std::size_t i = 0; i < limit; ++i) {
        if (!eventsOf<T>(world).empty()) return true;
        if (world.step() == sim::StepResult::None) return false;
    }
    return false;
}

}  // namespace

TEST_SUITE("sim.events") {
    TEST_CASE("a POP3 check without leave a copy: opened, RETRs, marks, one removal at QUIT, closed") {
        sim::World world(scenario(kPop3Phone));
        world.runToEnd();
        const std::vector<std::string> lines =
            eventLines(world, {"SessionOpened", "SessionClosed", "CommandCompleted", "MessageMarked", "MarksCleared",
                               "MessagesRemoved"});
        const std::vector<std::string> expected = {
            "SessionOpened Phone #1 POP3",
            "CommandCompleted Phone USER OK",
            "CommandCompleted Phone PASS OK",
            "CommandCompleted Phone STAT OK",
            "CommandCompleted Phone UIDL OK",
            "CommandCompleted Phone RETR OK",
            "CommandCompleted Phone DELE OK",
            "MessageMarked Phone alice UID 1",
            "CommandCompleted Phone RETR OK",
            "CommandCompleted Phone DELE OK",
            "MessageMarked Phone alice UID 2",
            "MessagesRemoved alice INBOX 1,2 POP3 UPDATE by Phone",
            "CommandCompleted Phone QUIT OK",
            "SessionClosed Phone #1 quit",
        };
        CHECK(joined(lines) == joined(expected));
        // The device saved both, whole, before the server removed them.
        const auto downloads = eventsOf<sim::MessageDownloaded>(world);
        REQUIRE(downloads.size() == 2);
        CHECK(downloads[0].device == "Phone");
        CHECK(downloads[0].whole);
        CHECK(world.store().findAccount("alice")->inbox().size() == 0);
        CHECK(world.markedForDeletion().empty());
    }

    TEST_CASE("a dropped POP3 connection after DELE removes nothing and clears the marks") {
        sim::World world(scenario(kPop3Phone));
        REQUIRE(stepUntil<sim::MessageMarked>(world));
        // While the session is open, the world says what it has marked.
        const auto marked = world.markedForDeletion();
        REQUIRE(marked.size() == 1);
        CHECK(marked[0].session.name == "Phone");
        CHECK(marked[0].account == "alice");
        CHECK(marked[0].uid == 1);

        world.submit(userAction(sim::ActionKind::GoOffline, "Phone"));
        world.runToEnd();
        CHECK(eventsOf<sim::MessagesRemoved>(world).empty());
        const auto cleared = eventsOf<sim::MarksCleared>(world);
        REQUIRE(cleared.size() == 1);
        CHECK(cleared[0].uids == std::vector<std::uint32_t>{1});
        CHECK(cleared[0].reason == sim::UnmarkReason::Dropped);
        const auto closed = eventsOf<sim::SessionClosed>(world);
        REQUIRE(closed.size() == 1);
        CHECK(closed[0].reason == sim::SessionEnd::Dropped);
        CHECK(eventsOf<sim::DeviceWentOffline>(world).size() == 1);
        CHECK(world.store().findAccount("alice")->inbox().size() == 2);
        CHECK(world.markedForDeletion().empty());
    }

    TEST_CASE("an IMAP flag set on the phone: changed by the phone, owed to the laptop, told in IDLE") {
        sim::World world(scenario(kTwoImapDevices));
        world.runToEnd();
        const std::size_t before = world.stepCount();
        world.submit(onMessage(sim::ActionKind::Flag, "Phone", "First"));
        world.runToEnd();

        std::vector<std::string> lines;
        for (const sim::WorldEvent& e : world.eventsSince(before)) {
            const std::string_view kind = sim::kindName(e.what);
            if (kind == "FlagsChanged" || kind == "ChangeOwed" || kind == "ChangeTold") {
                std::string line = sim::formatEvent(e);
                lines.push_back(line.substr(line.find(' ', line.find(' ') + 1) + 1));
            }
        }
        const std::vector<std::string> expected = {
            "FlagsChanged alice INBOX UID 1 () -> (\\Flagged) by Phone",
            "ChangeOwed Laptop INBOX FLAGS UID 1",
            "ChangeTold Laptop INBOX FLAGS 1",
        };
        CHECK(joined(lines) == joined(expected));
        const auto changed = eventsOf<sim::FlagsChanged>(world);
        REQUIRE(!changed.empty());
        CHECK(changed.back().by.name == "Phone");
        CHECK(changed.back().before.toString() == "");
        CHECK(changed.back().after.toString() == "\\Flagged");
        CHECK(world.owedChanges().empty());
    }

    TEST_CASE("a change owed to a session that does not wait in IDLE stays owed, and the world says so") {
        std::string text = kTwoImapDevices;
        text.replace(text.find("idle = true"), 11, "idle = false");
        sim::World world(scenario(text));
        world.runToEnd();
        world.submit(onMessage(sim::ActionKind::Flag, "Phone", "Second"));
        world.runToEnd();
        const auto owed = world.owedChanges();
        REQUIRE(owed.size() == 1);
        CHECK(owed[0].session.name == "Laptop");
        CHECK(owed[0].folder == "INBOX");
        CHECK(owed[0].kind == sim::UpdateKind::Flags);
        CHECK(owed[0].uid == 2);
        CHECK(eventsOf<sim::ChangeTold>(world).empty());
    }

    TEST_CASE("an IMAP MOVE: removed from INBOX by MOVE, stored in the target as moved in") {
        sim::World world(scenario(kTwoImapDevices));
        world.runToEnd();
        const std::size_t before = world.stepCount();
        sim::Action move = onMessage(sim::ActionKind::MoveToFolder, "Phone", "Second");
        move.folder = "Archive";
        world.submit(move);
        world.runToEnd();
        std::vector<sim::MessageStored> stored;
        std::vector<sim::MessagesRemoved> removed;
        for (const sim::WorldEvent& e : world.eventsSince(before)) {
            if (const auto* s = sim::get_if<sim::MessageStored>(&e.what)) stored.push_back(*s);
            if (const auto* r = sim::get_if<sim::MessagesRemoved>(&e.what)) removed.push_back(*r);
        }
        REQUIRE(stored.size() == 1);
        CHECK(stored[0].folder == "Archive");
        CHECK(stored[0].cause == sim::StoreCause::MovedIn);
        CHECK(stored[0].by.name == "Phone");
        REQUIRE(removed.size() == 1);
        CHECK(removed[0].folder == "INBOX");
        CHECK(removed[0].uids == std::vector<std::uint32_t>{2});
        CHECK(removed[0].cause == sim::RemovalCause::Move);
        const auto moved = eventsOf<sim::MessageMovedLocally>(world);
        REQUIRE(moved.size() == 1);
        CHECK(moved[0].device == "Phone");
        CHECK(moved[0].to == "Archive");
        // The phone holds the moved message in Archive at once; the laptop, waiting in IDLE
        // on INBOX, once it syncs its other folders.
        CHECK(joined([&] {
                  std::vector<std::string> names;
                  for (const auto& c : world.copiesOf("alice", "Archive", stored[0].uid)) names.push_back(c.device);
                  return names;
              }()) == "Phone\n");
        world.submit(userAction(sim::ActionKind::CheckMail, "Laptop"));
        world.runToEnd();
        const auto copies = world.copiesOf("alice", "Archive", stored[0].uid);
        std::vector<std::string> holders;
        for (const auto& c : copies) holders.push_back(c.device);
        std::sort(holders.begin(), holders.end());
        CHECK(joined(holders) == "Laptop\nPhone\n");
    }

    TEST_CASE("copies: a POP3 device with leave a copy holds whole messages, matched by UIDL") {
        std::string text = kPop3Phone;
        text.replace(text.find("protocol = \"pop3\""), 17, "protocol = \"pop3\"\nleave_copy = true");
        sim::World world(scenario(text));
        world.runToEnd();
        const auto copies = world.copiesOf("alice", "INBOX", 2);
        REQUIRE(copies.size() == 1);
        CHECK(copies[0].device == "Phone");
        CHECK(copies[0].whole);
        CHECK(world.copiesOf("alice", "INBOX", 99).empty());
    }

    TEST_CASE("every event carries the step it happened at, in order, and the actions applied") {
        sim::World world(scenario(kTwoImapDevices));
        world.runToEnd();
        std::size_t last = 0;
        for (const sim::WorldEvent& e : world.events().all()) {
            CHECK(e.step >= last);
            last = e.step;
        }
        CHECK(last == world.stepCount());
        const auto actions = eventsOf<sim::ActionApplied>(world);
        REQUIRE(actions.size() == world.timeline().size());
        CHECK(actions[0].device == "Laptop");
        for (std::size_t i = 0; i < actions.size(); ++i) {
            CHECK(actions[i].timeline == i);
            CHECK(world.timeline()[i].action.kind == actions[i].kind);
            CHECK(world.timeline()[i].action.origin == actions[i].origin);
        }
        // The scenario's mail is stored at step 0, before anything happened.
        const auto stored = eventsOf<sim::MessageStored>(world);
        REQUIRE(stored.size() >= 2);
        CHECK(stored[0].cause == sim::StoreCause::Delivered);
        CHECK(world.events().all().front().step == 0);
        // eventsSince(N) starts right after step N.
        const std::size_t mid = world.stepCount() / 2;
        const auto since = world.eventsSince(mid);
        REQUIRE(!since.empty());
        CHECK(since.front().step == mid + 1);
        // Every LineCarried names its transcript line.
        for (const auto& e : world.events().all())
            if (const auto* l = sim::get_if<sim::LineCarried>(&e.what)) {
                const sim::TranscriptEntry* entry = world.line(*l);
                REQUIRE(entry != nullptr);
                CHECK(entry->direction == l->direction);
                CHECK(entry->step == e.step);
            }
    }

    TEST_CASE("a rewind to step N and running on reproduces the first run's stream byte for byte") {
        sim::World world(scenario(kTwoImapDevices));
        world.runToEnd();
        world.submit(onMessage(sim::ActionKind::Flag, "Phone", "First"));
        world.submit(onMessage(sim::ActionKind::Delete, "Laptop", "Second"));
        world.runToEnd();
        const std::string first = sim::formatEvents(world.events().all());
        const std::size_t steps = world.stepCount();
        REQUIRE(steps > 20);
        for (std::size_t target : {std::size_t{0}, std::size_t{7}, steps / 2, steps - 1}) {
            CAPTURE(target);
            world.rewindTo(target);
            if (target == 0) {
                const sim::World fresh(scenario(kTwoImapDevices));
                CHECK(sim::formatEvents(world.events().all()) == sim::formatEvents(fresh.events().all()));
            }
            // Every event up to step N is the first run's, and nothing after it.
            CHECK(world.events().all().back().step <= target);
            const std::string prefix = sim::formatEvents(world.events().all());
            CHECK(first.starts_with(prefix));
            world.runToEnd();
            CHECK(sim::formatEvents(world.events().all()) == first);
        }
    }

    TEST_CASE("the log reads back every event across its blocks, and since() and from() find the right place") {
        sim::EventLog log;
        // 5,000 events over 1,000 steps: three blocks, steps crossing the block ends.
        for (std::uint32_t i = 0; i < 5000; ++i) {
            const std::size_t step = i / 5;
            if (i % 2 == 0)
                log.add(step, static_cast<core::Time>(i), sim::LineCarried{"Phone", 3, sim::Protocol::Imap,
                                                                            core::Direction::ServerToClient, i});
            else
                log.add(step, static_cast<core::Time>(i),
                        sim::FlagsChanged{sim::Actor{"Laptop", 4}, "alice", "INBOX", i, {}, {}});
        }
        REQUIRE(log.size() == 5000);
        const sim::EventRange all = log.all();
        std::size_t n = 0;
        for (const sim::WorldEvent& e : all) {
            CHECK(e.time == static_cast<core::Time>(n));
            if (n % 2 == 0) {
                const auto* line = sim::get_if<sim::LineCarried>(&e.what);
                REQUIRE(line != nullptr);
                CHECK(line->entry == n);
                CHECK(line->device == "Phone");
                CHECK(line->protocol == sim::Protocol::Imap);
                CHECK(line->direction == core::Direction::ServerToClient);
            } else {
                REQUIRE(sim::holds_alternative<sim::FlagsChanged>(e.what));
                CHECK(sim::get<sim::FlagsChanged>(e.what).uid == n);
                CHECK(sim::get<sim::FlagsChanged>(e.what).by.name == "Laptop");
            }
            ++n;
        }
        CHECK(n == 5000);
        for (std::size_t step : {std::size_t{0}, std::size_t{408}, std::size_t{409}, std::size_t{819}, std::size_t{998}}) {
            CAPTURE(step);
            const sim::EventRange since = log.since(step);
            REQUIRE(since.size() == 5000 - 5 * (step + 1));
            CHECK(since.front().step == step + 1);
            CHECK(since.back().step == 999);
        }
        CHECK(log.since(999).empty());
        CHECK(log.from(2047).front().time == 2047);
        CHECK(log.from(2048).size() == 5000 - 2048);
        CHECK(log.from(9999).empty());
        CHECK(all[4095].time == 4095);
        CHECK(all.end() - all.begin() == 5000);
    }

    TEST_CASE("an event is small: names are interned, large kinds are boxed and copied whole") {
        // The stream of 16 devices syncing 10,000 messages holds 1.5 million events.
        CHECK(sizeof(sim::WorldEvent) == 48);
        CHECK(std::is_same_v<sim::StoredKind<sim::LineCarried>, sim::LineCarried>);
        CHECK(sizeof(sim::Name) == sizeof(void*));
        CHECK(sim::Name("INBOX") == sim::Name(std::string("IN") + "BOX"));
        CHECK(sim::Name("INBOX").data() == sim::Name(std::string_view("INBOX")).data());
        CHECK(sim::Name() == "");
        CHECK(sim::Name("Archive") != sim::Name("archive"));

        sim::Event removed = sim::MessagesRemoved{sim::Actor{"Phone", 2}, "alice", "INBOX", {1, 2}, sim::RemovalCause::Expunge, {}};
        CHECK_FALSE(std::is_same_v<sim::StoredKind<sim::MessagesRemoved>, sim::MessagesRemoved>);
        sim::Event copy = removed;
        sim::get<sim::MessagesRemoved>(copy).uids.push_back(3);
        CHECK(sim::get<sim::MessagesRemoved>(removed).uids == std::vector<std::uint32_t>{1, 2});
        CHECK(sim::get<sim::MessagesRemoved>(copy).uids == std::vector<std::uint32_t>{1, 2, 3});
        CHECK(sim::get_if<sim::LineCarried>(&removed) == nullptr);
        CHECK_THROWS_AS(sim::get<sim::LineCarried>(removed), std::bad_variant_access);
        std::ostringstream line;
        line << removed;
        CHECK(line.str() == "MessagesRemoved alice INBOX 1,2 EXPUNGE by Phone");
    }
}
