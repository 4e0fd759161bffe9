// The POP3 client behaviour of simulated devices (RFC 1939), driven through sim::World:
// what a check leaves on the device and on the server, with and without leave-a-copy.
#include <doctest/doctest.h>

#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocols/pop3/server_session.h"
#include "sim/device.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using namespace mailscope::sim;

namespace {

constexpr core::Time kDay = 86400;

/// Devices Phone and Laptop on POP3; `phone` and `laptop` are extra TOML keys for each;
/// `actions` is appended as is. Alice has three messages, one with dot-stuffed lines.
std::unique_ptr<World> makeWorld(const std::string& phone = "", const std::string& laptop = "",
                                 const std::string& actions = "") {
    const std::string text = R"(title_en = "T"
title_pl = "T"
start = 2026-11-27T09:00:00Z
[[accounts]]
user = "alice"
password = "alice123"
  [[accounts.inbox]]
  from = "Bob <bob@mailscope.test>"
  to = "alice@mailscope.test"
  subject = "Welcome"
  body = "Hello Alice"
  [[accounts.inbox]]
  from = "Carol <carol@mailscope.test>"
  to = "alice@mailscope.test"
  subject = "Lunch"
  body = "Noon?"
  [[accounts.inbox]]
  from = "Dave <dave@mailscope.test>"
  to = "alice@mailscope.test"
  subject = "Dots"
  body = ".starts with a dot\n.\nend"
[[devices]]
name = "Phone"
account = "alice"
protocol = "pop3"
)" + phone + R"(
[[devices]]
name = "Laptop"
account = "alice"
protocol = "pop3"
)" + laptop + "\n" + actions;
    return std::make_unique<World>(
        parseScenario(text, "t.toml", std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets"));
}

Action act(const std::string& device, ActionKind kind) {
    Action a;
    a.device = device;
    a.kind = kind;
    return a;
}

Action onMessage(const std::string& device, ActionKind kind, MessageRef ref, std::string folder = {}) {
    Action a = act(device, kind);
    a.message = std::move(ref);
    a.folder = std::move(folder);
    return a;
}

MessageRef subject(std::string text) { return MessageRef{std::nullopt, std::move(text)}; }

/// Submits an action and steps until it and every line it caused are done.
void run(World& world, const Action& action) {
    world.submit(action);
    world.stepAction();
}

const mail::Mailbox& serverInbox(const World& world) { return world.store().findAccount("alice")->inbox(); }

const std::vector<LocalMessage>& localInbox(const World& world, const std::string& device) {
    return world.findDevice(device)->local().find("INBOX")->messages;
}

/// The client's protocol lines, as the transcript shows them.
std::vector<std::string> clientLines(const Device& device) {
    std::vector<std::string> out;
    for (const TranscriptEntry& e : device.transcript().entries())
        if (e.kind == EntryKind::Line && e.direction == core::Direction::ClientToServer) out.push_back(e.text);
    return out;
}

/// The command word of each client line: "USER", "PASS", "RETR", ...
std::vector<std::string> commandWords(const Device& device) {
    std::vector<std::string> out;
    for (const std::string& line : clientLines(device)) out.push_back(line.substr(0, line.find(' ')));
    return out;
}

bool hasNote(const Device& device, const std::string& part) {
    for (const TranscriptEntry& e : device.transcript().entries())
        if (e.kind == EntryKind::Note && e.text.find(part) != std::string::npos) return true;
    return false;
}

std::vector<std::string> uidls(const std::vector<LocalMessage>& messages) {
    std::vector<std::string> out;
    for (const LocalMessage& m : messages) out.push_back(m.uidl);
    return out;
}

std::vector<std::string> serverBytes(const World& world) {
    std::vector<std::string> out;
    for (const mail::MailItem& item : serverInbox(world).items()) out.push_back(item.message->bytes());
    return out;
}

ScenarioMessage newMail(const std::string& subjectText) {
    ScenarioMessage m;
    m.subject = subjectText;
    m.bytes = "From: Erin <erin@mailscope.test>\r\nTo: alice@mailscope.test\r\nSubject: " + subjectText +
              "\r\n\r\nNews.\r\n";
    return m;
}

/// A ClientPort wired straight to one pop3::ServerSession, for what a World cannot set up
/// (a device with the wrong password). Lines cross one at a time, as in a World.
class DirectPort final : public ClientPort {
public:
    DirectPort(mail::MailStore& store, core::Time now) : m_store(store), m_now(now) {}
    core::Time now() const override { return m_now; }
    bool online() const override { return true; }
    bool connected() const override { return m_server.has_value(); }
    void connect() override {
        m_server.emplace(m_store, pop3::ServerConfig{}, m_store.newSessionId(), m_now);
        queue(m_server->start());
    }
    void send(std::string bytes) override { m_toServer.push_back(std::move(bytes)); }
    void hangUp() override { m_server.reset(); }
    void note(Note note) override { notes.push_back(noteText(note)); }

    /// Carries lines until nothing moves.
    void pump(ClientBehaviour& client) {
        for (int guard = 0; guard < 1000; ++guard) {
            if (!m_toServer.empty() && m_server) {
                sent.push_back(m_toServer.front());
                queue(m_server->receive(m_toServer.front()));
                m_toServer.pop_front();
            } else if (!m_toClient.empty()) {
                const std::string line = m_toClient.front();
                m_toClient.pop_front();
                client.received(line, *this);
            } else if (m_closing) {
                m_closing = false;
                m_server.reset();
                client.closed(*this);
            } else {
                return;
            }
        }
    }

    std::vector<std::string> notes;
    std::vector<std::string> sent;

private:
    void queue(const pop3::Output& out) {
        for (std::string_view line : splitLines(out.toPeer)) m_toClient.push_back(std::string(line) + "\r\n");
        if (out.close) m_closing = true;
    }

    mail::MailStore& m_store;
    core::Time m_now;
    std::optional<pop3::ServerSession> m_server;
    std::deque<std::string> m_toServer;
    std::deque<std::string> m_toClient;
    bool m_closing = false;
};

/// A ClientPort whose server is the test itself: it hands the client lines by hand.
class ScriptedPort final : public ClientPort {
public:
    core::Time now() const override { return 1000; }
    bool online() const override { return true; }
    bool connected() const override { return m_connected; }
    void connect() override { m_connected = true; }
    void send(std::string bytes) override { sent.push_back(std::move(bytes)); }
    void hangUp() override {
        m_connected = false;
        hungUp = true;
    }
    void note(Note note) override { notes.push_back(noteText(note)); }

    std::vector<std::string> sent;
    std::vector<std::string> notes;
    bool hungUp = false;

private:
    bool m_connected = false;
};

}  // namespace

TEST_SUITE("sim.pop3_client") {

TEST_CASE("without leave-a-copy the mail moves to the phone and a second device gets nothing") {
    auto world = makeWorld();
    const std::vector<std::string> originals = serverBytes(*world);
    REQUIRE(originals.size() == 3);
    const Device& phone = *world->findDevice("Phone");

    run(*world, act("Phone", ActionKind::CheckMail));

    const auto& inbox = localInbox(*world, "Phone");
    REQUIRE(inbox.size() == 3);
    for (std::size_t i = 0; i < inbox.size(); ++i) {
        CAPTURE(i);
        CHECK(inbox[i].id == i + 1);
        CHECK_FALSE(inbox[i].uidl.empty());
        REQUIRE(inbox[i].message != nullptr);
        CHECK(inbox[i].message->bytes() == originals[i]);  // dot-stuffing undone
        CHECK(inbox[i].hasBody);
        CHECK(inbox[i].size == originals[i].size());
        CHECK(inbox[i].downloadedAt == world->now());
        CHECK_FALSE(inbox[i].flags.has(mail::SystemFlag::Seen));
    }
    CHECK(inbox[0].message->summary().subject == "Welcome");
    CHECK(serverInbox(*world).empty());
    CHECK_FALSE(phone.busy());
    CHECK_FALSE(phone.connected());
    CHECK(phone.status() == "idle");

    const std::vector<std::string> expected{"USER", "PASS", "STAT", "UIDL", "RETR", "DELE", "RETR",
                                            "DELE", "RETR", "DELE", "QUIT"};
    CHECK(commandWords(phone) == expected);
    const std::vector<std::string> lines = clientLines(phone);
    CHECK(lines[0] == "USER alice");
    CHECK(lines[1] == "PASS ********");
    CHECK(lines[4] == "RETR 1");
    CHECK(lines[5] == "DELE 1");

    run(*world, act("Laptop", ActionKind::CheckMail));
    const Device& laptop = *world->findDevice("Laptop");
    CHECK(localInbox(*world, "Laptop").empty());
    CHECK(commandWords(laptop) == std::vector<std::string>{"USER", "PASS", "STAT", "UIDL", "QUIT"});
    CHECK(hasNote(laptop, "no new messages"));
}

TEST_CASE("with leave-a-copy each device downloads every message exactly once") {
    auto world = makeWorld("leave_copy = true", "leave_copy = true");
    const std::vector<std::string> originals = serverBytes(*world);

    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        run(*world, act("Phone", ActionKind::CheckMail));
        run(*world, act("Laptop", ActionKind::CheckMail));
        CHECK(localInbox(*world, "Phone").size() == 3);
        CHECK(localInbox(*world, "Laptop").size() == 3);
        CHECK(serverBytes(*world) == originals);
    }
    const Device& phone = *world->findDevice("Phone");
    std::size_t retrs = 0, deles = 0;
    for (const std::string& word : commandWords(phone)) {
        retrs += word == "RETR";
        deles += word == "DELE";
    }
    CHECK(retrs == 3);
    CHECK(deles == 0);
    CHECK(uidls(localInbox(*world, "Phone")) == uidls(localInbox(*world, "Laptop")));

    SUBCASE("a new message reaches each device once") {
        Action deliver;
        deliver.kind = ActionKind::DeliverMail;
        deliver.account = "alice";
        deliver.mail = newMail("Fresh news");
        run(*world, deliver);
        REQUIRE(serverInbox(*world).size() == 4);
        for (int round = 0; round < 2; ++round) {
            run(*world, act("Phone", ActionKind::CheckMail));
            run(*world, act("Laptop", ActionKind::CheckMail));
        }
        for (const char* name : {"Phone", "Laptop"}) {
            CAPTURE(name);
            const auto& inbox = localInbox(*world, name);
            REQUIRE(inbox.size() == 4);
            CHECK(inbox[3].message->summary().subject == "Fresh news");
            CHECK(inbox[3].id == 4);
        }
        CHECK(serverInbox(*world).size() == 4);
    }

    SUBCASE("a message deleted on the device is not downloaded again") {
        run(*world, onMessage("Phone", ActionKind::Delete, subject("Welcome")));
        REQUIRE(localInbox(*world, "Phone").size() == 2);
        run(*world, act("Phone", ActionKind::CheckMail));
        CHECK(localInbox(*world, "Phone").size() == 2);
        CHECK(serverInbox(*world).size() == 3);
    }

    SUBCASE("switching leave-a-copy off deletes what was downloaded before") {
        Action off = act("Phone", ActionKind::SetLeaveCopy);
        off.on = false;
        run(*world, off);
        run(*world, act("Phone", ActionKind::CheckMail));
        CHECK(serverInbox(*world).empty());
        CHECK(localInbox(*world, "Phone").size() == 3);
        CHECK(clientLines(phone).back() == "QUIT");
    }
}

TEST_CASE("remove from the server after N days waits until N days have passed") {
    // Checks at the start, after one day, just before two days and at two days.
    const std::string actions = R"(
[[actions]]
at = 0
device = "Phone"
do = "check_mail"
[[actions]]
at = 86400
device = "Phone"
do = "check_mail"
[[actions]]
at = 172799
device = "Phone"
do = "check_mail"
[[actions]]
at = 172800
device = "Phone"
do = "check_mail"
)";
    auto world = makeWorld("leave_copy = true\ndelete_after_days = 2", "", actions);
    const core::Time start = world->now();

    world->stepAction();
    CHECK(localInbox(*world, "Phone").size() == 3);
    CHECK(serverInbox(*world).size() == 3);

    world->stepAction();
    CHECK(world->now() == start + kDay);
    CHECK(serverInbox(*world).size() == 3);

    world->stepAction();
    CHECK(world->now() == start + 2 * kDay - 1);
    CHECK(serverInbox(*world).size() == 3);

    world->stepAction();
    CHECK(world->now() == start + 2 * kDay);
    CHECK(serverInbox(*world).empty());
    CHECK(localInbox(*world, "Phone").size() == 3);  // kept on the device
    CHECK(world->finished());
}

TEST_CASE("going offline in the middle of a check deletes nothing on the server") {
    auto world = makeWorld();
    const Device& phone = *world->findDevice("Phone");
    world->submit(act("Phone", ActionKind::CheckMail));

    // Step until two messages are on the phone: DELE 1 has been answered by then.
    bool sawDownloading = false;
    for (int i = 0; i < 200 && phone.local().messageCount() < 2; ++i) {
        world->step();
        sawDownloading = sawDownloading || phone.status() == "downloading 2 of 3";
    }
    REQUIRE(phone.local().messageCount() == 2);
    CHECK(sawDownloading);
    CHECK(phone.busy());
    // DELE 1 reached the server; DELE 2 is still on its way when the network goes.
    CHECK(clientLines(phone).back() == "RETR 2");
    CHECK(clientLines(phone)[5] == "DELE 1");

    run(*world, act("Phone", ActionKind::GoOffline));
    CHECK(serverInbox(*world).size() == 3);
    CHECK(hasNote(phone, "connection lost: the server deleted nothing (no QUIT, no UPDATE state)"));
    CHECK_FALSE(phone.busy());
    CHECK(phone.status() == "offline");

    SUBCASE("checking while offline only says so") {
        const std::size_t lines = clientLines(phone).size();
        run(*world, act("Phone", ActionKind::CheckMail));
        CHECK(hasNote(phone, "offline: cannot reach the server"));
        CHECK(clientLines(phone).size() == lines);
    }

    SUBCASE("the next check downloads no duplicates and deletes what it already has") {
        run(*world, act("Phone", ActionKind::GoOnline));
        run(*world, act("Phone", ActionKind::CheckMail));
        const auto& inbox = localInbox(*world, "Phone");
        REQUIRE(inbox.size() == 3);
        CHECK(inbox[0].id == 1);
        CHECK(inbox[1].id == 2);
        CHECK(inbox[2].id == 3);
        CHECK(inbox[2].message->summary().subject == "Dots");
        CHECK(inbox[0].uidl != inbox[1].uidl);
        CHECK(inbox[1].uidl != inbox[2].uidl);
        CHECK(serverInbox(*world).empty());
        std::size_t retrs = 0;
        for (const std::string& word : commandWords(phone)) retrs += word == "RETR";
        CHECK(retrs == 3);
        CHECK(commandWords(phone).back() == "QUIT");
    }
}

TEST_CASE("local actions never touch the server") {
    auto world = makeWorld("leave_copy = true");
    run(*world, act("Phone", ActionKind::CheckMail));
    const Device& phone = *world->findDevice("Phone");
    REQUIRE(phone.local().messageCount() == 3);
    const std::vector<mail::MailItem> serverBefore = serverInbox(*world).items();
    const std::size_t linesBefore = clientLines(phone).size();
    const std::size_t sessionsBefore = world->serverLog().size();

    SUBCASE("read, unread, flag, unflag") {
        run(*world, onMessage("Phone", ActionKind::OpenMessage, subject("Welcome")));
        CHECK(localInbox(*world, "Phone")[0].flags.has(mail::SystemFlag::Seen));
        CHECK(hasNote(phone, "local only: the server does not know"));

        Action flag = onMessage("Phone", ActionKind::Flag, MessageRef{2u, {}});
        run(*world, flag);
        CHECK(localInbox(*world, "Phone")[1].flags.has(mail::SystemFlag::Flagged));
        flag.flag = "Work";
        run(*world, flag);
        CHECK(localInbox(*world, "Phone")[1].flags.hasKeyword("Work"));
        flag.kind = ActionKind::Unflag;
        flag.flag = "";
        run(*world, flag);
        CHECK_FALSE(localInbox(*world, "Phone")[1].flags.has(mail::SystemFlag::Flagged));
        CHECK(localInbox(*world, "Phone")[1].flags.hasKeyword("Work"));

        run(*world, onMessage("Phone", ActionKind::MarkUnread, subject("Welcome")));
        CHECK_FALSE(localInbox(*world, "Phone")[0].flags.has(mail::SystemFlag::Seen));
    }

    SUBCASE("folders and moving") {
        Action create = act("Phone", ActionKind::CreateFolder);
        create.folder = "Projects";
        run(*world, create);
        REQUIRE(phone.local().find("Projects") != nullptr);
        run(*world, create);
        CHECK(hasNote(phone, "folder \"Projects\" already exists"));

        run(*world, onMessage("Phone", ActionKind::MoveToFolder, subject("Lunch"), "Archive"));
        REQUIRE(phone.local().find("Archive") != nullptr);
        REQUIRE(phone.local().find("Archive")->messages.size() == 1);
        CHECK(phone.local().find("Archive")->messages[0].id == 2);
        CHECK(localInbox(*world, "Phone").size() == 2);

        Action rename = act("Phone", ActionKind::RenameFolder);
        rename.folder = "Archive";
        rename.newName = "Old";
        run(*world, rename);
        CHECK(phone.local().find("Archive") == nullptr);
        REQUIRE(phone.local().find("Old") != nullptr);
        CHECK(phone.local().find("Old")->messages.size() == 1);

        // The message is found in any folder; opening it works in its new place.
        run(*world, onMessage("Phone", ActionKind::OpenMessage, MessageRef{2u, {}}));
        CHECK(phone.local().find("Old")->messages[0].flags.has(mail::SystemFlag::Seen));

        Action remove = act("Phone", ActionKind::DeleteFolder);
        remove.folder = "Old";
        run(*world, remove);
        CHECK(phone.local().find("Old") == nullptr);
        CHECK(phone.local().messageCount() == 2);
        remove.folder = "INBOX";
        run(*world, remove);
        CHECK(hasNote(phone, "INBOX cannot be deleted"));
        CHECK(phone.local().messageCount() == 2);
    }

    SUBCASE("delete removes only the local copy") {
        run(*world, onMessage("Phone", ActionKind::Delete, subject("Dots")));
        CHECK(phone.local().messageCount() == 2);
        CHECK(hasNote(phone, "deleted \"Dots\" from this device"));
    }

    SUBCASE("unknown messages and folders become notes") {
        run(*world, onMessage("Phone", ActionKind::OpenMessage, subject("Nope")));
        CHECK(hasNote(phone, "no message \"Nope\" on this device"));
        run(*world, onMessage("Phone", ActionKind::Delete, MessageRef{99u, {}}));
        CHECK(hasNote(phone, "no message 99 on this device"));
        run(*world, onMessage("Phone", ActionKind::OpenMessage, subject("Welcome"), "Nowhere"));
        CHECK(hasNote(phone, "no message \"Welcome\" on this device"));
        Action rename = act("Phone", ActionKind::RenameFolder);
        rename.folder = "Nowhere";
        rename.newName = "Somewhere";
        run(*world, rename);
        CHECK(hasNote(phone, "no folder \"Nowhere\" on this device"));
        Action noRef = act("Phone", ActionKind::Flag);
        run(*world, noRef);
        CHECK(hasNote(phone, "no message given"));
        CHECK(phone.local().messageCount() == 3);
    }

    CHECK(clientLines(phone).size() == linesBefore);
    CHECK(world->serverLog().size() == sessionsBefore);
    CHECK_FALSE(phone.connected());
    const auto& serverAfter = serverInbox(*world).items();
    REQUIRE(serverAfter.size() == serverBefore.size());
    for (std::size_t i = 0; i < serverAfter.size(); ++i) {
        CHECK(serverAfter[i].uid == serverBefore[i].uid);
        CHECK(serverAfter[i].flags == serverBefore[i].flags);
    }
}

TEST_CASE("intents during a check wait for it to end") {
    auto world = makeWorld();
    const Device& phone = *world->findDevice("Phone");
    world->submit(act("Phone", ActionKind::CheckMail));
    for (int i = 0; i < 3; ++i) world->step();  // the check, the connection, the greeting
    REQUIRE(phone.busy());
    world->submit(onMessage("Phone", ActionKind::OpenMessage, subject("Welcome")));
    world->submit(act("Phone", ActionKind::CheckMail));
    world->step();
    world->step();
    CHECK(phone.local().messageCount() == 0);
    CHECK(hasNote(phone, "already checking mail"));
    world->stepAction();
    REQUIRE(localInbox(*world, "Phone").size() == 3);
    CHECK(localInbox(*world, "Phone")[0].flags.has(mail::SystemFlag::Seen));
    std::size_t users = 0;
    for (const std::string& word : commandWords(phone)) users += word == "USER";
    CHECK(users == 1);  // the second check was merged into the first
    CHECK_FALSE(phone.busy());
}

TEST_CASE("a polling device checks by itself every poll_seconds") {
    auto world = makeWorld("poll_seconds = 600");
    const core::Time start = world->now();
    NextStep next = world->next();
    REQUIRE(next.kind == NextStep::Kind::Action);
    REQUIRE(next.action.has_value());
    CHECK(next.action->origin == ActionOrigin::Timer);
    CHECK(next.device == "Phone");
    CHECK(next.time == start + 600);

    world->stepAction();
    CHECK(world->now() == start + 600);
    CHECK(localInbox(*world, "Phone").size() == 3);
    next = world->next();
    CHECK(next.time == start + 1200);

    SUBCASE("an offline device does not poll") {
        run(*world, act("Phone", ActionKind::GoOffline));
        CHECK(world->next().kind == NextStep::Kind::None);  // offline devices do not poll
    }
}

TEST_CASE("a login refused by the server is a note, and nothing is downloaded") {
    SUBCASE("maildrop in use: two devices log in at the same time") {
        auto world = makeWorld();
        world->submit(act("Phone", ActionKind::CheckMail));
        world->submit(act("Laptop", ActionKind::CheckMail));
        world->stepAction();
        const Device& laptop = *world->findDevice("Laptop");
        CHECK(localInbox(*world, "Phone").size() == 3);
        CHECK(localInbox(*world, "Laptop").empty());
        CHECK(hasNote(laptop, "login failed: [IN-USE]"));
        CHECK(clientLines(laptop).back() == "QUIT");
        CHECK_FALSE(laptop.busy());
    }

    SUBCASE("wrong password") {
        mail::MailStore store(1);
        mail::Account& alice = store.addAccount("alice", "alice123");
        store.append(alice, alice.inbox(), mail::Message::fromBytes("Subject: Hi\r\n\r\nHello\r\n", 1000), {});
        DeviceSettings settings;
        settings.name = "Phone";
        settings.account = "alice";
        settings.protocol = Protocol::Pop3;
        const std::string password = "wrong";
        LocalStore local;
        auto client = makePop3Client(settings, password, local, 1000);
        DirectPort port(store, 1000);

        client->intent(act("Phone", ActionKind::CheckMail), port);
        CHECK(client->busy());
        CHECK(noteText(client->status()) == "connecting");
        port.pump(*client);

        CHECK(port.sent == std::vector<std::string>{"USER alice\r\n", "PASS wrong\r\n", "QUIT\r\n"});
        REQUIRE_FALSE(port.notes.empty());
        CHECK(port.notes.front().starts_with("login failed: "));
        CHECK(local.messageCount() == 0);
        CHECK(alice.inbox().size() == 1);
        CHECK_FALSE(client->busy());
        CHECK(noteText(client->status()) == "idle");
    }
}

TEST_CASE("garbled answers from the server become notes, never a crash") {
    DeviceSettings settings;
    settings.account = "alice";
    const std::string password = "alice123";
    LocalStore local;
    auto client = makePop3Client(settings, password, local, 1000);
    ScriptedPort port;
    client->intent(act("Phone", ActionKind::CheckMail), port);
    REQUIRE(port.connected());
    for (const char* line : {"+OK ready\r\n", "+OK\r\n", "+OK\r\n", "+OK not numbers\r\n",
                             "+OK\r\n1 uid-1\r\nno-number-here\r\n.\r\n", "this is not POP3\r\n"})
        client->received(line, port);
    CHECK(port.sent == std::vector<std::string>{"USER alice\r\n", "PASS alice123\r\n", "STAT\r\n", "UIDL\r\n",
                                                "RETR 1\r\n", "QUIT\r\n"});
    CHECK(port.notes.size() >= 3);  // STAT, the UIDL line, the RETR answer
    for (const std::string& note : port.notes)
        CHECK((note.starts_with("the server sent something unexpected: ") || note == "1 new message"));
    CHECK(local.messageCount() == 0);
    REQUIRE(client->busy());

    SUBCASE("the server says goodbye") {
        client->received("+OK bye\r\n", port);
        client->closed(port);
        CHECK_FALSE(port.hungUp);
    }
    SUBCASE("garbage instead of goodbye: the client hangs up") {
        client->received("???\r\n", port);
        CHECK(port.hungUp);
    }
    CHECK_FALSE(client->busy());
    CHECK(noteText(client->status()) == "idle");
}

}  // TEST_SUITE
