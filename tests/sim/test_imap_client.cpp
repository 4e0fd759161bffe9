// Tests for the IMAP client of simulated devices (sim/imap_client.cpp), driven through
// sim::World: flags, folders, moves and expunges reach every device (polling or IDLE),
// bodies are fetched once, offline changes are replayed, and every sync ends in agreement.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using sim::ActionKind;

namespace {

/// alice with three messages; a phone that checks only when asked, and a laptop whose
/// IDLE and polling come from the arguments.
sim::Scenario scenario(bool laptopIdle, int laptopPollSeconds = 0) {
    std::string text = R"(
title_en = "IMAP client"
title_pl = "Klient IMAP"
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
  [[accounts.inbox]]
  subject = "Third"
  from = "Carol <carol@example.test>"
  to = "alice@example.test"
  body = "three"
  flags = ["\\Seen"]

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
)";
    text += std::string("idle = ") + (laptopIdle ? "true" : "false") + "\n";
    text += "poll_seconds = " + std::to_string(laptopPollSeconds) + "\n";
    return sim::parseScenario(text, "imap-client.toml", MAILSCOPE_SOURCE_DIR "/assets");
}

sim::Action action(ActionKind kind, std::string device) {
    sim::Action a;
    a.kind = kind;
    a.device = std::move(device);
    return a;
}

sim::Action onMessage(ActionKind kind, std::string device, std::string subject, std::string folder = {}) {
    sim::Action a = action(kind, std::move(device));
    a.message = sim::MessageRef{std::nullopt, std::move(subject)};
    a.folder = std::move(folder);
    return a;
}

sim::Action onFolder(ActionKind kind, std::string device, std::string folder, std::string newName = {}) {
    sim::Action a = action(kind, std::move(device));
    a.folder = std::move(folder);
    a.newName = std::move(newName);
    return a;
}

/// Gives a person's action and carries every line it causes.
void run(sim::World& world, sim::Action a) {
    world.submit(std::move(a));
    world.stepAction();
}

const sim::Device& device(const sim::World& world, std::string_view name) {
    const sim::Device* d = world.findDevice(name);
    REQUIRE(d != nullptr);
    return *d;
}

/// The device's copy of the message with this subject in `folder`, or nullptr.
const sim::LocalMessage* local(const sim::World& world, std::string_view name, std::string_view folder,
                               std::string_view subject) {
    const sim::LocalFolder* f = device(world, name).local().find(folder);
    if (!f) return nullptr;
    for (const sim::LocalMessage& m : f->messages)
        if (m.message && m.message->summary().subject == subject) return &m;
    return nullptr;
}

/// The server's message with this subject in alice's `folder`, or nullptr.
const mail::MailItem* server(const sim::World& world, std::string_view folder, std::string_view subject) {
    const mail::Mailbox* box = world.store().findAccount("alice")->findMailbox(folder);
    if (!box) return nullptr;
    for (const mail::MailItem& item : box->items())
        if (item.message->summary().subject == subject) return &item;
    return nullptr;
}

bool hasFlag(const sim::LocalMessage* m, mail::SystemFlag flag) { return m && m->flags.has(flag); }

/// How many client lines of the device's transcript contain `text`.
std::size_t clientLines(const sim::World& world, std::string_view name, std::string_view text) {
    std::size_t n = 0;
    for (const sim::TranscriptEntry& e : device(world, name).transcript().entries())
        if (e.kind == sim::EntryKind::Line && e.direction == core::Direction::ClientToServer &&
            e.text.find(text) != std::string::npos)
            ++n;
    return n;
}

bool hasNote(const sim::World& world, std::string_view name, std::string_view text) {
    const auto& entries = device(world, name).transcript().entries();
    return std::any_of(entries.begin(), entries.end(), [&](const sim::TranscriptEntry& e) {
        return e.kind == sim::EntryKind::Note && e.text.find(text) != std::string::npos;
    });
}

/// Both devices check mail, one after the other.
void syncBoth(sim::World& world) {
    run(world, action(ActionKind::CheckMail, "Phone"));
    run(world, action(ActionKind::CheckMail, "Laptop"));
}

void checkInSync(const sim::World& world) {
    for (const sim::Device* d : world.devices()) {
        CAPTURE(d->name());
        std::string differences;
        for (const std::string& line : sim::syncDifferences(world, *d)) differences += line + "\n";
        CHECK(differences == "");
        CHECK_FALSE(d->busy());
    }
}

}  // namespace

TEST_SUITE("sim.imap_client") {

TEST_CASE("the first check logs in, mirrors the folders and fetches headers only") {
    sim::World world(scenario(false));
    run(world, action(ActionKind::CheckMail, "Phone"));
    const sim::Device& phone = device(world, "Phone");
    CHECK(clientLines(world, "Phone", "LOGIN \"alice\"") == 1);
    CHECK(clientLines(world, "Phone", "LIST \"\" \"*\"") == 1);
    CHECK(clientLines(world, "Phone", "SELECT \"INBOX\"") == 1);
    CHECK(clientLines(world, "Phone", "BODY.PEEK[HEADER]") == 1);
    CHECK(hasNote(world, "Phone", "new mail: 3 messages"));
    REQUIRE(phone.local().folders().size() == 6);  // INBOX Archive Drafts Junk Sent Trash
    const sim::LocalFolder& inbox = phone.local().folders().front();
    REQUIRE(inbox.messages.size() == 3);
    CHECK(inbox.messages[0].id < inbox.messages[1].id);
    CHECK_FALSE(inbox.messages[0].hasBody);
    CHECK(inbox.messages[0].size == server(world, "INBOX", "First")->message->size());
    CHECK(hasFlag(local(world, "Phone", "INBOX", "Third"), mail::SystemFlag::Seen));
    CHECK(inbox.uidValidity == world.store().findAccount("alice")->inbox().uidValidity());
    // The connection stays open with INBOX selected.
    CHECK(phone.connected());
    CHECK(phone.status() == "idle (connected)");
    CHECK(sim::syncDifferences(world, phone).empty());
    // A second check of an unchanged mailbox fetches no headers again.
    run(world, action(ActionKind::CheckMail, "Phone"));
    CHECK(clientLines(world, "Phone", "BODY.PEEK[HEADER]") == 1);
    CHECK(clientLines(world, "Phone", "LOGIN") == 1);
    CHECK(sim::syncDifferences(world, phone).empty());
}

TEST_CASE("a flag set on the phone reaches the laptop") {
    SUBCASE("after the laptop's next poll") {
        sim::World world(scenario(false, 300));
        syncBoth(world);
        run(world, onMessage(ActionKind::Flag, "Phone", "First"));
        CHECK(server(world, "INBOX", "First")->flags.has(mail::SystemFlag::Flagged));
        CHECK(hasFlag(local(world, "Phone", "INBOX", "First"), mail::SystemFlag::Flagged));
        CHECK_FALSE(local(world, "Phone", "INBOX", "First")->pending);
        CHECK_FALSE(hasFlag(local(world, "Laptop", "INBOX", "First"), mail::SystemFlag::Flagged));
        // The laptop's own timer is the next action.
        const std::size_t before = world.timeline().size();
        REQUIRE(device(world, "Laptop").busy() == false);
        world.stepAction();
        REQUIRE(world.timeline().size() == before + 1);
        CHECK(world.timeline().back().action.origin == sim::ActionOrigin::Timer);
        CHECK(world.timeline().back().action.device == "Laptop");
        CHECK(hasFlag(local(world, "Laptop", "INBOX", "First"), mail::SystemFlag::Flagged));
        checkInSync(world);
    }
    SUBCASE("at once while the laptop waits in IDLE") {
        sim::World world(scenario(true));
        syncBoth(world);
        CHECK(device(world, "Laptop").status() == "waiting in IDLE");
        CHECK_FALSE(device(world, "Laptop").busy());
        const std::size_t before = world.timeline().size();
        run(world, onMessage(ActionKind::Flag, "Phone", "First"));
        CHECK(world.timeline().size() == before + 1);  // the phone's action only
        CHECK(hasFlag(local(world, "Laptop", "INBOX", "First"), mail::SystemFlag::Flagged));
        CHECK(device(world, "Laptop").status() == "waiting in IDLE");
        // Unflag and mark unread come through the same way.
        run(world, onMessage(ActionKind::Unflag, "Phone", "First"));
        run(world, onMessage(ActionKind::MarkUnread, "Phone", "Third"));
        CHECK_FALSE(hasFlag(local(world, "Laptop", "INBOX", "First"), mail::SystemFlag::Flagged));
        CHECK_FALSE(hasFlag(local(world, "Laptop", "INBOX", "Third"), mail::SystemFlag::Seen));
        CHECK_FALSE(server(world, "INBOX", "Third")->flags.has(mail::SystemFlag::Seen));
        checkInSync(world);
    }
    SUBCASE("a change on the IDLE laptop ends its IDLE, goes to the server and IDLE resumes") {
        sim::World world(scenario(true));
        syncBoth(world);
        run(world, onMessage(ActionKind::Flag, "Laptop", "Second"));
        CHECK(clientLines(world, "Laptop", "DONE") == 1);
        CHECK(clientLines(world, "Laptop", "IDLE") == 2);
        CHECK(server(world, "INBOX", "Second")->flags.has(mail::SystemFlag::Flagged));
        CHECK(device(world, "Laptop").status() == "waiting in IDLE");
        run(world, action(ActionKind::CheckMail, "Phone"));
        checkInSync(world);
    }
}

TEST_CASE("IDLE can be switched on and off on a connected device") {
    sim::World world(scenario(false, 600));
    syncBoth(world);
    REQUIRE(device(world, "Laptop").status() == "idle (connected)");
    sim::Action on = action(ActionKind::SetIdle, "Laptop");
    on.on = true;
    run(world, on);
    CHECK(device(world, "Laptop").status() == "waiting in IDLE");
    CHECK(clientLines(world, "Laptop", "IDLE") == 1);
    run(world, onMessage(ActionKind::Flag, "Phone", "Second"));
    CHECK(hasFlag(local(world, "Laptop", "INBOX", "Second"), mail::SystemFlag::Flagged));
    sim::Action off = action(ActionKind::SetIdle, "Laptop");
    run(world, off);
    CHECK(clientLines(world, "Laptop", "DONE") == 1);
    CHECK(device(world, "Laptop").status() == "idle (connected)");
    run(world, onMessage(ActionKind::Unflag, "Phone", "Second"));
    CHECK(hasFlag(local(world, "Laptop", "INBOX", "Second"), mail::SystemFlag::Flagged));  // not told yet
    world.stepAction();  // the laptop's poll
    CHECK(world.timeline().back().action.origin == sim::ActionOrigin::Timer);
    CHECK_FALSE(hasFlag(local(world, "Laptop", "INBOX", "Second"), mail::SystemFlag::Flagged));
    checkInSync(world);
}

TEST_CASE("new mail reaches an IDLE device at once") {
    sim::World world(scenario(true));
    syncBoth(world);
    sim::Action deliver;
    deliver.kind = ActionKind::DeliverMail;
    deliver.account = "alice";
    sim::ScenarioMessage mail;
    mail.bytes = "From: Dan <dan@example.test>\r\nTo: alice@example.test\r\nSubject: Fourth\r\n\r\nfour\r\n";
    deliver.mail = mail;
    run(world, deliver);
    REQUIRE(local(world, "Laptop", "INBOX", "Fourth") != nullptr);
    CHECK_FALSE(local(world, "Laptop", "INBOX", "Fourth")->hasBody);
    CHECK(hasNote(world, "Laptop", "new mail: 1 message"));
    CHECK(device(world, "Laptop").status() == "waiting in IDLE");
    // The phone (no IDLE) learns of it at its next check.
    CHECK(local(world, "Phone", "INBOX", "Fourth") == nullptr);
    run(world, action(ActionKind::CheckMail, "Phone"));
    CHECK(local(world, "Phone", "INBOX", "Fourth") != nullptr);
    checkInSync(world);
}

TEST_CASE("a folder created and a message moved on one device appear on all") {
    for (const bool idle : {false, true}) {
        CAPTURE(idle);
        sim::World world(scenario(idle));
        syncBoth(world);
        run(world, onFolder(ActionKind::CreateFolder, "Phone", "Projects"));
        CHECK(clientLines(world, "Phone", "CREATE \"Projects\"") == 1);
        CHECK(clientLines(world, "Phone", "SUBSCRIBE \"Projects\"") == 1);
        REQUIRE(world.store().findAccount("alice")->findMailbox("Projects") != nullptr);
        CHECK_FALSE(device(world, "Phone").local().find("Projects")->pending);

        run(world, onMessage(ActionKind::MoveToFolder, "Phone", "Second", "Projects"));
        CHECK(clientLines(world, "Phone", "UID MOVE") == 1);
        REQUIRE(server(world, "Projects", "Second") != nullptr);
        CHECK(server(world, "INBOX", "Second") == nullptr);
        const sim::LocalMessage* moved = local(world, "Phone", "Projects", "Second");
        REQUIRE(moved != nullptr);
        CHECK_FALSE(moved->pending);
        CHECK(moved->id == server(world, "Projects", "Second")->uid);  // from COPYUID
        CHECK(local(world, "Phone", "INBOX", "Second") == nullptr);
        // The laptop: the move's EXPUNGE came at once if it idles; the folder with its next check.
        if (idle) CHECK(local(world, "Laptop", "INBOX", "Second") == nullptr);
        run(world, action(ActionKind::CheckMail, "Laptop"));
        REQUIRE(device(world, "Laptop").local().find("Projects") != nullptr);
        CHECK(local(world, "Laptop", "Projects", "Second") != nullptr);
        CHECK(local(world, "Laptop", "INBOX", "Second") == nullptr);
        CHECK(hasNote(world, "Laptop", "new folder on the server: \"Projects\""));
        checkInSync(world);

        // Renamed and deleted folders follow too.
        run(world, onFolder(ActionKind::RenameFolder, "Laptop", "Projects", "Work"));
        CHECK(world.store().findAccount("alice")->findMailbox("Work") != nullptr);
        run(world, action(ActionKind::CheckMail, "Phone"));
        CHECK(device(world, "Phone").local().find("Projects") == nullptr);
        CHECK(local(world, "Phone", "Work", "Second") != nullptr);
        checkInSync(world);
        run(world, onFolder(ActionKind::DeleteFolder, "Phone", "Junk"));
        CHECK(world.store().findAccount("alice")->findMailbox("Junk") == nullptr);
        run(world, action(ActionKind::CheckMail, "Laptop"));
        CHECK(device(world, "Laptop").local().find("Junk") == nullptr);
        checkInSync(world);
    }
}

TEST_CASE("a message deleted on one device goes from the others") {
    SUBCASE("polling: at the next check") {
        sim::World world(scenario(false));
        syncBoth(world);
        run(world, onMessage(ActionKind::Delete, "Phone", "Second"));
        CHECK(clientLines(world, "Phone", "+FLAGS.SILENT (\\Deleted)") == 1);
        CHECK(clientLines(world, "Phone", "UID EXPUNGE") == 1);
        CHECK(server(world, "INBOX", "Second") == nullptr);
        CHECK(local(world, "Phone", "INBOX", "Second") == nullptr);
        CHECK(local(world, "Laptop", "INBOX", "Second") != nullptr);
        run(world, action(ActionKind::CheckMail, "Laptop"));
        CHECK(local(world, "Laptop", "INBOX", "Second") == nullptr);
        checkInSync(world);
    }
    SUBCASE("IDLE: at once") {
        sim::World world(scenario(true));
        syncBoth(world);
        run(world, onMessage(ActionKind::Delete, "Phone", "Second"));
        CHECK(local(world, "Laptop", "INBOX", "Second") == nullptr);
        CHECK(local(world, "Laptop", "INBOX", "Third") != nullptr);
        CHECK(hasNote(world, "Laptop", "\"Second\" was removed on the server"));
        // Sequence numbers moved down: a later flag change still lands on the right message.
        run(world, onMessage(ActionKind::Flag, "Phone", "Third"));
        CHECK(hasFlag(local(world, "Laptop", "INBOX", "Third"), mail::SystemFlag::Flagged));
        CHECK_FALSE(hasFlag(local(world, "Laptop", "INBOX", "First"), mail::SystemFlag::Flagged));
        checkInSync(world);
    }
}

TEST_CASE("opening a message fetches its body once and marks it read on the server") {
    sim::World world(scenario(true));
    syncBoth(world);
    CHECK_FALSE(server(world, "INBOX", "First")->flags.has(mail::SystemFlag::Seen));
    run(world, onMessage(ActionKind::OpenMessage, "Phone", "First"));
    const sim::LocalMessage* m = local(world, "Phone", "INBOX", "First");
    REQUIRE(m != nullptr);
    CHECK(m->hasBody);
    CHECK(m->message->bytes() == server(world, "INBOX", "First")->message->bytes());
    CHECK(hasFlag(m, mail::SystemFlag::Seen));
    CHECK_FALSE(m->pending);
    CHECK(server(world, "INBOX", "First")->flags.has(mail::SystemFlag::Seen));
    CHECK(clientLines(world, "Phone", "(BODY[])") == 1);
    CHECK(hasFlag(local(world, "Laptop", "INBOX", "First"), mail::SystemFlag::Seen));  // IDLE

    // Again: read from the local copy, nothing sent.
    const std::size_t lines = device(world, "Phone").transcript().size();
    run(world, onMessage(ActionKind::OpenMessage, "Phone", "First"));
    CHECK(clientLines(world, "Phone", "(BODY[])") == 1);
    CHECK(hasNote(world, "Phone", "opened \"First\" from the local copy"));
    CHECK(device(world, "Phone").transcript().size() == lines + 2);  // the action and the note

    // Marked unread elsewhere, opened again: only \Seen is stored, the body stays local.
    run(world, onMessage(ActionKind::MarkUnread, "Laptop", "First"));
    run(world, action(ActionKind::CheckMail, "Phone"));
    CHECK_FALSE(hasFlag(local(world, "Phone", "INBOX", "First"), mail::SystemFlag::Seen));
    run(world, onMessage(ActionKind::OpenMessage, "Phone", "First"));
    CHECK(clientLines(world, "Phone", "(BODY[])") == 1);
    CHECK(clientLines(world, "Phone", "+FLAGS (\\Seen)") == 1);
    CHECK(server(world, "INBOX", "First")->flags.has(mail::SystemFlag::Seen));
    checkInSync(world);
}

TEST_CASE("changes made offline wait and are replayed when the device is online again") {
    sim::World world(scenario(false));
    syncBoth(world);
    run(world, action(ActionKind::GoOffline, "Phone"));
    CHECK_FALSE(device(world, "Phone").connected());
    CHECK(device(world, "Phone").status() == "offline");

    run(world, onMessage(ActionKind::Flag, "Phone", "First"));
    run(world, onMessage(ActionKind::Delete, "Phone", "Second"));
    run(world, onFolder(ActionKind::CreateFolder, "Phone", "Later"));
    run(world, onMessage(ActionKind::MoveToFolder, "Phone", "Third", "Later"));
    run(world, onMessage(ActionKind::OpenMessage, "Phone", "First"));
    run(world, action(ActionKind::CheckMail, "Phone"));
    CHECK(hasNote(world, "Phone", "offline: cannot reach the server"));

    // Changed here, pending; the server does not know.
    const sim::LocalMessage* first = local(world, "Phone", "INBOX", "First");
    REQUIRE(first != nullptr);
    CHECK(first->pending);
    CHECK(hasFlag(first, mail::SystemFlag::Flagged));
    CHECK(local(world, "Phone", "INBOX", "Second") == nullptr);
    REQUIRE(device(world, "Phone").local().find("Later") != nullptr);
    CHECK(device(world, "Phone").local().find("Later")->pending);
    CHECK(local(world, "Phone", "Later", "Third") != nullptr);
    CHECK(device(world, "Phone").busy());
    CHECK_FALSE(server(world, "INBOX", "First")->flags.has(mail::SystemFlag::Flagged));
    CHECK(server(world, "INBOX", "Second") != nullptr);
    CHECK(world.store().findAccount("alice")->findMailbox("Later") == nullptr);

    run(world, action(ActionKind::GoOnline, "Phone"));
    CHECK(server(world, "INBOX", "First")->flags.has(mail::SystemFlag::Flagged));
    CHECK(server(world, "INBOX", "First")->flags.has(mail::SystemFlag::Seen));
    CHECK(server(world, "INBOX", "Second") == nullptr);
    CHECK(server(world, "Later", "Third") != nullptr);
    CHECK(server(world, "INBOX", "Third") == nullptr);
    first = local(world, "Phone", "INBOX", "First");
    REQUIRE(first != nullptr);
    CHECK(first->hasBody);
    CHECK_FALSE(first->pending);
    CHECK(device(world, "Phone").status() == "idle (connected)");
    run(world, action(ActionKind::CheckMail, "Laptop"));
    checkInSync(world);
}

TEST_CASE("a connection dropped in the middle: the unconfirmed change is sent again") {
    sim::World world(scenario(false));
    syncBoth(world);
    world.submit(onMessage(ActionKind::Flag, "Phone", "First"));
    world.step();  // the action: UID STORE is on its way
    world.step();  // ... and reaches the server; its answer has not come back
    world.submit(action(ActionKind::GoOffline, "Phone"));
    world.stepAction();
    CHECK(local(world, "Phone", "INBOX", "First")->pending);
    run(world, action(ActionKind::GoOnline, "Phone"));
    CHECK(clientLines(world, "Phone", "+FLAGS (\\Flagged)") == 2);
    CHECK_FALSE(local(world, "Phone", "INBOX", "First")->pending);
    run(world, action(ActionKind::CheckMail, "Laptop"));
    checkInSync(world);
}

TEST_CASE("the server's refusal undoes the change here") {
    sim::World world(scenario(false));
    syncBoth(world);
    // The phone creates "Plans"; the laptop has not synced since and renames Archive to it.
    run(world, onFolder(ActionKind::CreateFolder, "Phone", "Plans"));
    run(world, onFolder(ActionKind::RenameFolder, "Laptop", "Archive", "Plans"));
    CHECK(hasNote(world, "Laptop", "the server refused: "));
    CHECK(device(world, "Laptop").local().find("Archive") != nullptr);
    CHECK_FALSE(device(world, "Laptop").local().find("Archive")->pending);
    CHECK(world.store().findAccount("alice")->findMailbox("Archive") != nullptr);
    run(world, action(ActionKind::CheckMail, "Laptop"));
    checkInSync(world);
}

TEST_CASE("unknown messages and folders become notes") {
    sim::World world(scenario(false));
    syncBoth(world);
    run(world, onMessage(ActionKind::OpenMessage, "Phone", "No such subject"));
    CHECK(hasNote(world, "Phone", "no message \"No such subject\" on this device"));
    run(world, onMessage(ActionKind::MoveToFolder, "Phone", "First", "Nowhere"));
    CHECK(hasNote(world, "Phone", "no folder \"Nowhere\" on this device"));
    run(world, onFolder(ActionKind::DeleteFolder, "Phone", "INBOX"));
    CHECK(hasNote(world, "Phone", "INBOX cannot be deleted"));
    run(world, onFolder(ActionKind::RenameFolder, "Phone", "Nowhere", "Somewhere"));
    CHECK(hasNote(world, "Phone", "no folder \"Nowhere\" on this device"));
    sim::Action flag = onMessage(ActionKind::Flag, "Phone", "First");
    flag.flag = "\\Recent";
    run(world, flag);
    CHECK(hasNote(world, "Phone", "is not a flag this client can set"));
    checkInSync(world);
}

TEST_CASE("after every device syncs, each agrees with the server") {
    sim::World world(scenario(true));
    syncBoth(world);
    run(world, onFolder(ActionKind::CreateFolder, "Laptop", "Receipts"));
    run(world, onMessage(ActionKind::MoveToFolder, "Laptop", "Third", "Receipts"));
    run(world, onMessage(ActionKind::OpenMessage, "Phone", "Second"));
    run(world, onMessage(ActionKind::Flag, "Laptop", "Third", "Receipts"));
    run(world, onMessage(ActionKind::Delete, "Phone", "First"));
    run(world, onMessage(ActionKind::MoveToFolder, "Phone", "Second", "Archive"));
    syncBoth(world);
    checkInSync(world);
    CHECK(world.store().findAccount("alice")->inbox().empty());
    CHECK(hasFlag(local(world, "Phone", "Receipts", "Third"), mail::SystemFlag::Flagged));
    CHECK(hasFlag(local(world, "Laptop", "Archive", "Second"), mail::SystemFlag::Seen));
}

TEST_CASE("random changes on three devices end in agreement") {
    const std::vector<std::string> subjects = {"First", "Second", "Third", "Fourth", "Fifth"};
    const std::vector<std::string> folders = {"INBOX", "Archive", "Work", "Work/Old", "Trash"};
    for (unsigned seed = 1; seed <= 25; ++seed) {
        CAPTURE(seed);
        sim::Scenario s = scenario(seed % 2 == 0, 120);
        sim::ScenarioDevice tablet = s.devices[0];
        tablet.name = "Tablet";
        tablet.idle = seed % 3 == 0;
        s.devices.push_back(tablet);
        sim::World world(std::move(s));
        const std::vector<std::string> names = {"Phone", "Laptop", "Tablet"};
        for (const std::string& name : names) run(world, action(ActionKind::CheckMail, name));
        std::mt19937 rng(seed);
        auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
        for (int i = 0; i < 60; ++i) {
            // One draw per line: the order of draws must not depend on the compiler.
            const std::string who = pick(names);
            const std::string subject = pick(subjects);
            const std::string folder = pick(folders);
            const std::string other = pick(folders) + "2";
            const unsigned kind = rng() % 14;
            const bool yes = rng() % 2 == 0;
            sim::Action a;
            switch (kind) {
                case 0: a = onMessage(ActionKind::OpenMessage, who, subject); break;
                case 1: a = onMessage(ActionKind::MarkUnread, who, subject); break;
                case 2: a = onMessage(ActionKind::Flag, who, subject); break;
                case 3: a = onMessage(ActionKind::Unflag, who, subject); break;
                case 4: a = onMessage(ActionKind::Delete, who, subject); break;
                case 5: a = onMessage(ActionKind::MoveToFolder, who, subject, folder); break;
                case 6: a = onFolder(ActionKind::CreateFolder, who, folder); break;
                case 7: a = onFolder(ActionKind::RenameFolder, who, folder, other); break;
                case 8: a = onFolder(ActionKind::DeleteFolder, who, folder); break;
                case 9: a = action(yes ? ActionKind::GoOffline : ActionKind::GoOnline, who); break;
                case 10: a = action(ActionKind::CheckMail, who); break;
                case 11:
                    a = action(ActionKind::SetIdle, who);
                    a.on = yes;
                    break;
                case 12: break;  // no action: time passes, the devices' polls may come
                default: {
                    a.kind = ActionKind::DeliverMail;
                    a.account = "alice";
                    sim::ScenarioMessage mail;
                    mail.bytes = "From: Dan <dan@example.test>\r\nSubject: " + subject + "\r\n\r\nbody\r\n";
                    a.mail = mail;
                }
            }
            if (a.kind == ActionKind::CheckMail && a.device.empty()) {
                world.stepAction();
                continue;
            }
            CAPTURE(sim::describeAction(a));
            world.submit(a);
            if (rng() % 3 == 0) {
                // The person acts again while this conversation is still going on.
                for (unsigned n = rng() % 20; n > 0; --n) world.step();
            } else {
                CHECK(world.stepAction() < 5000);  // every conversation ends
            }
        }
        for (const std::string& name : names) run(world, action(ActionKind::GoOnline, name));
        while (!world.quiet()) world.step();
        for (int round = 0; round < 2; ++round)
            for (const std::string& name : names) run(world, action(ActionKind::CheckMail, name));
        checkInSync(world);
        // The client never sends what the server cannot take, and follows every answer.
        for (const sim::Device* d : world.devices())
            for (const sim::TranscriptEntry& e : d->transcript().entries()) {
                CAPTURE(e.text);
                const bool fromServer = e.kind == sim::EntryKind::Line && e.direction == core::Direction::ServerToClient;
                CHECK_FALSE((fromServer && e.text.find(" BAD ") != std::string::npos));
                CHECK(e.text.find("could not follow") == std::string::npos);
            }
        for (const sim::Device* d : world.devices())
            for (const sim::LocalFolder& f : d->local().folders()) {
                CAPTURE(d->name());
                CAPTURE(f.name);
                CHECK_FALSE(f.pending);
                for (const sim::LocalMessage& m : f.messages) CHECK_FALSE(m.pending);
            }
    }
}

}  // TEST_SUITE
