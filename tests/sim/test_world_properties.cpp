// Property tests for sim::World over random sequences of what people do (a fixed list of
// seeds, so every run checks the same sequences): no message is lost unless someone
// deleted it; after every IMAP device syncs, each one's copy equals the server's; the same
// actions give the same transcripts; rewinding and stepping on reproduces the run.
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using sim::ActionKind;
using sim::Protocol;

namespace {

constexpr int kMessages = 4;

sim::ScenarioMessage inlineMessage(int n, core::Time date) {
    sim::ScenarioMessage m;
    m.subject = "Message " + std::to_string(n);
    m.from = "Bob <bob@example.test>";
    m.to = "alice@example.test";
    m.body = "Body of message " + std::to_string(n) + ".";
    m.date = date;
    m.bytes = "From: " + m.from + "\r\nTo: " + m.to + "\r\nSubject: " + m.subject + "\r\nMessage-ID: <m" +
              std::to_string(n) + "@example.test>\r\nDate: " + core::formatRfc5322(date) + "\r\n\r\n" + m.body +
              "\r\n";
    return m;
}

/// alice with a few messages; a POP3 phone (leaving a copy), an IMAP laptop in IDLE and an
/// IMAP tablet that syncs only when asked.
sim::Scenario baseScenario() {
    sim::Scenario s;
    s.title_en = s.title_pl = "Random";
    s.start = 1795770000;
    sim::ScenarioAccount alice{"alice", "alice123", {}};
    for (int i = 1; i <= kMessages; ++i) alice.inbox.push_back(inlineMessage(i, s.start));
    s.accounts.push_back(alice);
    sim::DeviceSettings phone = sim::devicePreset(0, "alice", Protocol::Pop3);
    phone.leaveCopy = true;
    sim::DeviceSettings laptop = sim::devicePreset(1, "alice", Protocol::Imap);
    laptop.idle = true;
    sim::DeviceSettings tablet = sim::devicePreset(2, "alice", Protocol::Imap);
    tablet.idle = false;
    s.devices = {phone, laptop, tablet};
    return s;
}

/// A portable pick from 0..n-1 (std::uniform_int_distribution differs between libraries).
std::size_t pick(std::mt19937& rng, std::size_t n) { return static_cast<std::size_t>(rng() % n); }

struct Generator {
    std::mt19937 rng;
    int delivered = kMessages;
    std::set<std::string> deleteTargets;  ///< subjects someone asked to delete
    int folders = 0;

    explicit Generator(std::uint32_t seed) : rng(seed) {}

    sim::Action next() {
        static const std::vector<std::string> kDevices = {"Phone", "Laptop", "Tablet"};
        static const std::vector<ActionKind> kKinds = {
            ActionKind::CheckMail, ActionKind::CheckMail,    ActionKind::OpenMessage, ActionKind::MarkUnread,
            ActionKind::Flag,      ActionKind::Unflag,       ActionKind::Delete,      ActionKind::MoveToFolder,
            ActionKind::CreateFolder, ActionKind::GoOffline, ActionKind::GoOnline,    ActionKind::DeliverMail,
        };
        sim::Action a;
        a.kind = kKinds[pick(rng, kKinds.size())];
        a.device = kDevices[pick(rng, kDevices.size())];
        const std::string subject = "Message " + std::to_string(1 + pick(rng, static_cast<std::size_t>(delivered)));
        switch (a.kind) {
            case ActionKind::OpenMessage:
            case ActionKind::MarkUnread:
            case ActionKind::Flag:
            case ActionKind::Unflag: a.message = sim::MessageRef{std::nullopt, subject}; break;
            case ActionKind::Delete:
                a.message = sim::MessageRef{std::nullopt, subject};
                deleteTargets.insert(subject);
                break;
            case ActionKind::MoveToFolder:
                a.message = sim::MessageRef{std::nullopt, subject};
                a.folder = pick(rng, 2) ? "Archive" : "Projects";
                break;
            case ActionKind::CreateFolder: a.folder = "Projects"; break;
            case ActionKind::DeliverMail:
                a.device.clear();
                a.account = "alice";
                a.mail = inlineMessage(++delivered, 1795770000);
                break;
            default: break;
        }
        return a;
    }
};

/// Subjects of every message on the server and on every device.
std::set<std::string> subjectsEverywhere(const sim::World& world) {
    std::set<std::string> out;
    for (const mail::Account* a : world.store().accounts())
        for (const mail::Mailbox* box : a->mailboxes())
            for (const mail::MailItem& item : box->items()) out.insert(item.message->summary().subject);
    for (const sim::Device* d : world.devices())
        for (const sim::LocalFolder& f : d->local().folders())
            for (const sim::LocalMessage& m : f.messages)
                if (m.message) out.insert(m.message->summary().subject);
    return out;
}

/// Every device back online and synced, one after the other.
void syncEveryone(sim::World& world) {
    for (const char* name : {"Phone", "Laptop", "Tablet"}) {
        sim::Action online;
        online.kind = ActionKind::GoOnline;
        online.device = name;
        world.submit(online);
        world.stepAction();
    }
    for (const char* name : {"Laptop", "Tablet"}) {
        sim::Action check;
        check.kind = ActionKind::CheckMail;
        check.device = name;
        world.submit(check);
        world.stepAction();
    }
}

constexpr std::uint32_t kSeeds[] = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233};
constexpr int kActionsPerRun = 30;

}  // namespace

TEST_SUITE("sim.world.properties") {

TEST_CASE("no message is lost except by a delete someone asked for") {
    for (std::uint32_t seed : kSeeds) {
        CAPTURE(seed);
        sim::World world(baseScenario());
        Generator gen(seed);
        std::set<std::string> ever = subjectsEverywhere(world);
        for (int i = 0; i < kActionsPerRun; ++i) {
            const sim::Action a = gen.next();
            CAPTURE(sim::describeAction(a));
            world.submit(a);
            world.stepAction();
            const std::set<std::string> now = subjectsEverywhere(world);
            for (const std::string& s : now) ever.insert(s);
            for (const std::string& s : ever)
                if (!now.contains(s)) CHECK_MESSAGE(gen.deleteTargets.contains(s), s << " vanished");
        }
    }
}

TEST_CASE("after every IMAP device syncs, each device's copy equals the server's") {
    for (std::uint32_t seed : kSeeds) {
        CAPTURE(seed);
        sim::World world(baseScenario());
        Generator gen(seed);
        for (int i = 0; i < kActionsPerRun; ++i) {
            world.submit(gen.next());
            world.stepAction();
        }
        syncEveryone(world);
        for (const sim::Device* d : world.devices()) {
            if (d->protocol() != Protocol::Imap) continue;
            CAPTURE(d->name());
            const std::vector<std::string> diff = sim::syncDifferences(world, *d);
            for (const std::string& line : diff) CAPTURE(line);
            CHECK(diff.empty());
        }
    }
}

TEST_CASE("the same actions give identical transcripts") {
    for (std::uint32_t seed : {kSeeds[0], kSeeds[4], kSeeds[9]}) {
        CAPTURE(seed);
        auto run = [seed] {
            sim::World world(baseScenario());
            Generator gen(seed);
            for (int i = 0; i < kActionsPerRun; ++i) {
                world.submit(gen.next());
                world.stepAction();
            }
            return sim::formatPlain(world) + sim::formatState(world);
        };
        CHECK(run() == run());
    }
}

TEST_CASE("rewinding to step k and stepping forward again reproduces the original run") {
    for (std::uint32_t seed : {kSeeds[1], kSeeds[5], kSeeds[10]}) {
        CAPTURE(seed);
        sim::World world(baseScenario());
        Generator gen(seed);
        for (int i = 0; i < kActionsPerRun; ++i) {
            world.submit(gen.next());
            world.stepAction();
        }
        const std::size_t total = world.stepCount();
        const std::string original = sim::formatPlain(world) + sim::formatState(world);
        std::mt19937 rng(seed);
        for (int r = 0; r < 4; ++r) {
            const std::size_t k = pick(rng, total + 1);
            CAPTURE(k);
            world.rewindTo(k);
            REQUIRE(world.stepCount() == k);
            while (world.stepCount() < total && world.step() != sim::StepResult::None) {
            }
            CHECK(sim::formatPlain(world) + sim::formatState(world) == original);
        }
    }
}

}  // TEST_SUITE
