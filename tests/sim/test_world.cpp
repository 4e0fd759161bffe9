// Tests for sim::World: links carry one unit per step, actions apply in a fixed order,
// the next line is visible before it is sent, runs repeat exactly and rewind replays.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/server_host.h"
#include "sim/world.h"

using namespace mailscope;
using sim::Protocol;

namespace {

const char* kScenario = R"(
title_en = "Test"
title_pl = "Test"
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

[[devices]]
name = "Phone"
kind = "phone"
account = "alice"
protocol = "pop3"
leave_copy = true

[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
idle = true

[[actions]]
at = "00:10"
device = "Phone"
do = "check_mail"

[[actions]]
at = "00:20"
device = "Laptop"
do = "check_mail"

[[actions]]
at = "01:00"
device = "Laptop"
do = "open_message"
message = "First"
)";

sim::Scenario scenario() { return sim::parseScenario(kScenario, "test.toml", MAILSCOPE_SOURCE_DIR "/assets"); }

sim::Action action(sim::ActionKind kind, std::string device) {
    sim::Action a;
    a.kind = kind;
    a.device = std::move(device);
    return a;
}

/// The lines of a formatPlain() report whose step is at most k.
std::string linesUpTo(const std::string& plain, std::size_t k) {
    std::string out;
    std::size_t pos = 0;
    while (pos < plain.size()) {
        const std::size_t end = plain.find('\n', pos);
        const std::string line = plain.substr(pos, end - pos + 1);
        if (std::stoul(line) <= k) out += line;
        pos = end + 1;
    }
    return out;
}

std::size_t lineCount(const sim::Device& d) {
    std::size_t n = 0;
    for (const auto& e : d.transcript().entries()) n += e.kind != sim::EntryKind::Note;
    return n;
}

/// The device's client lines, in order.
std::vector<std::string> clientLines(const sim::Device& d) {
    std::vector<std::string> out;
    for (const auto& e : d.transcript().entries())
        if (e.kind == sim::EntryKind::Line && e.direction == core::Direction::ClientToServer) out.push_back(e.text);
    return out;
}

/// The device's last entry that crossed its link.
const sim::TranscriptEntry& lastLine(const sim::Device& d) {
    const sim::TranscriptEntry* last = nullptr;
    for (const auto& e : d.transcript().entries())
        if (e.kind != sim::EntryKind::Note) last = &e;
    REQUIRE(last != nullptr);
    return *last;
}

}  // namespace

TEST_SUITE("sim.world") {

TEST_CASE("client lines are shown as their server session masks them, a password literal too") {
    mail::MailStore store;
    store.addAccount("alice", "alice123");
    sim::ServerHost host(store, sim::HostConfig{});
    const auto ignore = [](sim::SessionOutput) {};
    auto pop3 = host.openPop3("Phone", sim::LinkSecurity::Plain, ignore, 0);
    pop3->start(0);
    CHECK(pop3->shownClientText("PASS alice123\r\n") == "PASS ********");
    CHECK(pop3->shownClientText("USER alice\r\n") == "USER alice");
    pop3->receive("AUTH PLAIN\r\n", 0);  // "+ ": the next line is the SASL response
    CHECK(pop3->shownClientText("AGFsaWNlAGFsaWNlMTIz\r\n") == "********");

    auto imap = host.openImap("Laptop", sim::LinkSecurity::Plain, ignore, 0);
    imap->start(0);
    CHECK(imap->shownClientText("a1 LOGIN alice alice123\r\n") == "a1 LOGIN alice ********");
    CHECK(imap->shownClientText("a1 login \"alice\" \"alice 123\"\r\n") == "a1 login \"alice\" ********");
    CHECK(imap->shownClientText("a1 AUTHENTICATE PLAIN AGFsaWNlAGFsaWNlMTIz\r\n") ==
          "a1 AUTHENTICATE PLAIN ********");
    CHECK(imap->shownClientText("a2 SELECT INBOX\r\n") == "a2 SELECT INBOX");
    CHECK(imap->shownClientText("a1 LOGIN\r\n") == "a1 LOGIN");
    // The password as a literal: the command line shows its size, the literal itself is masked
    // (real connections record it the same way).
    CHECK(imap->shownClientText("a1 LOGIN alice {8}\r\n") == "a1 LOGIN alice {8}");
    imap->receive("a1 LOGIN alice {8}\r\n", 0);
    CHECK(imap->shownClientText("alice123") == "********");
    imap->receive("alice123\r\n", 0);
    CHECK(imap->shownClientText("a2 SELECT INBOX\r\n") == "a2 SELECT INBOX");
}

TEST_CASE("on a plain link the transcript masks the password, and the entry keeps what crossed the wire") {
    sim::World world(scenario());
    world.runToEnd();
    const auto& entries = world.findDevice("Phone")->transcript().entries();
    const auto pass = std::find_if(entries.begin(), entries.end(),
                                   [](const sim::TranscriptEntry& e) { return e.text.starts_with("PASS "); });
    REQUIRE(pass != entries.end());
    CHECK(pass->text == "PASS ********");
    CHECK(pass->secret == "PASS alice123");
    CHECK(pass->wire.empty());
    // Lines without a secret keep nothing extra.
    for (const sim::TranscriptEntry& e : entries)
        if (!e.text.starts_with("PASS ")) CHECK(e.secret.empty());
    const std::string plain = sim::formatPlain(world);
    CHECK(plain.find("on the wire, readable by anyone on the network: PASS alice123") != std::string::npos);
}

TEST_CASE("the world starts from its scenario") {
    sim::World world(scenario());
    CHECK(world.stepCount() == 0);
    CHECK(world.now() == world.scenario().start);
    REQUIRE(world.devices().size() == 2);
    CHECK(world.devices()[0]->name() == "Phone");
    CHECK(world.devices()[0]->protocol() == Protocol::Pop3);
    CHECK(world.store().findAccount("alice")->inbox().size() == 2);
    CHECK_FALSE(world.finished());
}

TEST_CASE("each step carries one line or applies one action, and the next line shows first") {
    sim::World world(scenario());
    sim::NextStep next = world.next();
    REQUIRE(next.kind == sim::NextStep::Kind::Action);
    CHECK(next.device == "Phone");
    CHECK(next.time == world.scenario().start + 10);
    CHECK(world.step() == sim::StepResult::Action);
    CHECK(world.now() == world.scenario().start + 10);
    CHECK(world.timeline().size() == 1);

    // Every following line is announced by next() before step() carries it.
    const sim::Device& phone = *world.findDevice("Phone");
    for (int i = 0; i < 12; ++i) {
        next = world.next();
        REQUIRE(next.kind == sim::NextStep::Kind::Line);
        const std::size_t before = lineCount(phone);
        CHECK(world.step() == sim::StepResult::Line);
        REQUIRE(lineCount(phone) == before + 1);
        const sim::TranscriptEntry* last = nullptr;
        for (const auto& e : phone.transcript().entries())
            if (e.kind != sim::EntryKind::Note) last = &e;
        CHECK(last->text == next.text);
        CHECK(last->direction == next.direction);
        CHECK(last->step == world.stepCount());
    }
    // The password never shows, neither before nor after it is sent.
    for (const auto& e : phone.transcript().entries()) CHECK(e.text.find("alice123") == std::string::npos);
}

TEST_CASE("stepAction carries every line an action causes") {
    sim::World world(scenario());
    const sim::Device& phone = *world.findDevice("Phone");
    const sim::Device& laptop = *world.findDevice("Laptop");
    const std::size_t steps = world.stepAction();
    // One step applied the phone's check; each of the others carried one of its lines.
    CHECK(steps == 1 + lineCount(phone));
    CHECK(world.stepCount() == steps);
    CHECK(lineCount(laptop) == 0);
    CHECK(world.quiet());
    // The whole POP3 session went: both messages downloaded, a copy left, QUIT answered.
    const std::vector<std::string> sent = clientLines(phone);
    REQUIRE_FALSE(sent.empty());
    CHECK(sent.front() == "USER alice");
    CHECK(std::count(sent.begin(), sent.end(), "RETR 1") == 1);
    CHECK(std::count(sent.begin(), sent.end(), "RETR 2") == 1);
    CHECK(std::none_of(sent.begin(), sent.end(), [](const std::string& l) { return l.starts_with("DELE"); }));
    CHECK(sent.back() == "QUIT");
    CHECK(lastLine(phone).direction == core::Direction::ServerToClient);
    CHECK(lastLine(phone).text.starts_with("+OK"));
    CHECK_FALSE(phone.connected());
    const sim::LocalFolder* inbox = phone.local().find("INBOX");
    REQUIRE(inbox != nullptr);
    REQUIRE(inbox->messages.size() == 2);
    CHECK(inbox->messages[0].message->summary().subject == "First");
    CHECK(inbox->messages[1].message->summary().subject == "Second");
    CHECK(world.store().findAccount("alice")->inbox().size() == 2);
    REQUIRE(world.timeline().size() == 1);
    CHECK(world.timeline()[0].action.device == "Phone");
    CHECK(world.timeline()[0].step == 1);

    // The laptop's sync: it ends waiting in IDLE with the server's mailboxes mirrored.
    const std::size_t phoneLines = lineCount(phone);
    const std::size_t laptopSteps = world.stepAction();
    CHECK(laptopSteps == 1 + lineCount(laptop));
    CHECK(world.stepCount() == steps + laptopSteps);
    CHECK(lineCount(phone) == phoneLines);
    CHECK(clientLines(laptop).back().ends_with(" IDLE"));
    CHECK(laptop.status() == "waiting in IDLE");
    CHECK(sim::syncDifferences(world, laptop).empty());
    REQUIRE(world.timeline().size() == 2);
    CHECK(world.timeline()[1].action.device == "Laptop");
    CHECK(world.timeline()[1].step == steps + 1);
}

TEST_CASE("the same scenario and actions give identical transcripts") {
    auto run = [] {
        sim::World world(scenario());
        world.stepAction();
        sim::Action flag = action(sim::ActionKind::Flag, "Laptop");
        flag.message = sim::MessageRef{std::nullopt, "Second"};
        world.submit(flag);
        world.runToEnd();
        return sim::formatPlain(world) + sim::formatState(world);
    };
    const std::string first = run();
    CHECK(first == run());
    CHECK(first.find("Laptop") != std::string::npos);
}

TEST_CASE("rewinding to step k and stepping on reproduces the run") {
    sim::World world(scenario());
    world.stepAction();
    world.stepAction();
    sim::Action unread = action(sim::ActionKind::MarkUnread, "Phone");
    unread.message = sim::MessageRef{std::nullopt, "First"};
    world.submit(unread);
    world.runToEnd();
    const std::size_t total = world.stepCount();
    const std::string plain = sim::formatPlain(world);
    const std::string full = plain + sim::formatState(world);
    REQUIRE(total > 20);

    for (std::size_t k : {std::size_t{0}, std::size_t{1}, std::size_t{7}, total / 2, total - 1, total}) {
        CAPTURE(k);
        world.rewindTo(k);
        CHECK(world.stepCount() == k);
        CHECK(world.furthestStep() == total);
        // At step k the transcripts are exactly the original's first k steps.
        CHECK(sim::formatPlain(world) == linesUpTo(plain, k));
        world.runToEnd();
        CHECK(sim::formatPlain(world) + sim::formatState(world) == full);
    }
}

TEST_CASE("a new action after a rewind replaces the old future") {
    sim::World world(scenario());
    world.runToEnd();
    const std::string original = sim::formatPlain(world);
    world.rewindTo(3);
    world.submit(action(sim::ActionKind::GoOffline, "Laptop"));
    world.runToEnd();
    const std::string branched = sim::formatPlain(world);
    CHECK(branched != original);
    CHECK(branched.find("offline") != std::string::npos);
    // Rewinding within the new branch replays the new action, not the old run.
    world.rewindTo(5);
    world.runToEnd();
    CHECK(sim::formatPlain(world) == branched);
}

TEST_CASE("actions naming what does not exist become notes, not crashes") {
    sim::World world(scenario());
    world.submit(action(sim::ActionKind::CheckMail, "Toaster"));
    sim::Action open = action(sim::ActionKind::OpenMessage, "Laptop");
    open.message = sim::MessageRef{std::nullopt, "No such subject"};
    world.submit(open);
    sim::Action deliver = action(sim::ActionKind::DeliverMail, "");
    deliver.account = "nobody";
    world.submit(deliver);
    world.runToEnd();
    const std::string log = sim::formatPlain(world);
    CHECK(log.find("Toaster") != std::string::npos);
    CHECK(log.find("nobody") != std::string::npos);
    CHECK(world.finished());
}

TEST_CASE("devices come and go, and switch protocol") {
    sim::World world(scenario());
    sim::Action add = action(sim::ActionKind::AddDevice, "");
    add.settings = sim::devicePreset(2, "alice", Protocol::Imap);
    world.submit(add);
    for (std::size_t i = 3; i < 9; ++i) {
        sim::Action more = action(sim::ActionKind::AddDevice, "");
        more.settings = sim::devicePreset(i, "alice", i % 2 ? Protocol::Pop3 : Protocol::Imap);
        more.settings->leaveCopy = true;  // POP3 devices share the mail only when they leave a copy
        world.submit(more);
    }
    world.step();
    REQUIRE(world.devices().size() == 3);
    CHECK(world.devices()[2]->name() == "Tablet");
    world.runToEnd();
    CHECK(world.devices().size() == 9);
    CHECK(world.findDevice("Phone 2") != nullptr);
    // One after the other: POP3 locks the maildrop while a session is open (RFC 1939 8).
    for (const sim::Device* d : world.devices()) {
        world.submit(action(sim::ActionKind::CheckMail, d->name()));
        world.stepAction();
    }
    for (const sim::Device* d : world.devices()) {
        CAPTURE(d->name());
        CHECK(d->local().find("INBOX")->messages.size() == 2);
    }
    sim::Action pop = action(sim::ActionKind::SetProtocol, "Tablet");
    pop.protocol = Protocol::Pop3;
    world.submit(pop);
    world.submit(action(sim::ActionKind::RemoveDevice, "Laptop"));
    world.runToEnd();
    CHECK(world.findDevice("Laptop") == nullptr);
    REQUIRE(world.findDevice("Tablet") != nullptr);
    CHECK(world.findDevice("Tablet")->protocol() == Protocol::Pop3);
    CHECK(world.findDevice("Tablet")->local().messageCount() == 0);
}

TEST_CASE("compare mode runs the same scenario with every device on POP3, then on IMAP") {
    sim::Comparison both(scenario());
    for (const sim::Device* d : both.pop3().devices()) CHECK(d->protocol() == Protocol::Pop3);
    for (const sim::Device* d : both.imap().devices()) CHECK(d->protocol() == Protocol::Imap);
    both.runToEnd();
    CHECK(both.finished());
    // The phone leaves a copy, so the POP3 server keeps both; under IMAP they stay as well,
    // and the laptop's open shows as \Seen on the IMAP server only.
    const auto& popInbox = both.pop3().store().findAccount("alice")->inbox();
    const auto& imapInbox = both.imap().store().findAccount("alice")->inbox();
    REQUIRE(imapInbox.size() == 2);
    CHECK(imapInbox.items()[0].flags.has(mail::SystemFlag::Seen));
    for (const auto& item : popInbox.items()) CHECK_FALSE(item.flags.has(mail::SystemFlag::Seen));
}

TEST_CASE("the column report puts each device in its own column") {
    sim::World world(scenario());
    world.runToEnd();
    const std::string text = sim::formatColumns(world);
    const std::size_t header = text.find('\n');
    REQUIRE(header != std::string::npos);
    CHECK(text.substr(0, header).find("Phone (POP3)") != std::string::npos);
    CHECK(text.substr(0, header).find("Laptop (IMAP)") != std::string::npos);
    CHECK(text.find("C: USER alice") != std::string::npos);
    CHECK(text.find("C: PASS ********") != std::string::npos);
    CHECK(text.find("alice123") == std::string::npos);
}

}  // TEST_SUITE
