// Headless tests of the server's view: the stand-alone panel's text for a given MailStore,
// and the server column of a world (POP3 DELE marks, the fade at QUIT, IMAP updates in flight).
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/panels/server_panel.h"
#include "app/ui/i18n.h"
#include "app/ui/view_state.h"
#include "headless_ui.h"
#include "sim/scenario.h"
#include "sim/seed.h"
#include "sim/world.h"

using namespace mailscope;

namespace {

constexpr const char* kPolishSubjectRaw =
    "From: =?UTF-8?Q?Zofia_Nowak?= <zofia@przyklad.pl>\r\n"
    "To: ala@example.test\r\n"
    "Subject: =?UTF-8?Q?Za=C5=BC=C3=B3=C5=82=C4=87_g=C4=99=C5=9Bl=C4=85_ja=C5=BA=C5=84?=\r\n"
    "\r\n"
    "Cze\xC5\x9B\xC4\x87!\r\n";

/// A store with two accounts: "ala" has one Polish message, "olek" has none.
void seedSmallStore(mail::MailStore& store)
{
    mail::Account& ala = store.addAccount("ala", "ala123");
    store.addAccount("olek", "olek123");
    store.append(ala, ala.inbox(), mail::Message::fromBytes(kPolishSubjectRaw, 1'790'000'000));
}

/// The store's view in a window of its own.
void drawStore(const mail::MailStore& store)
{
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("server store", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    app::drawServerStore(store);
    ImGui::End();
}

bool contains(const std::string& text, std::string_view what)
{
    return text.find(what) != std::string::npos;
}

}  // namespace

TEST_SUITE("app.panels") {

TEST_CASE("the Server panel lists accounts, mailboxes and messages")
{
    test::ImGuiHeadless ui;
    mail::MailStore store;

    SUBCASE("a small store")
    {
        seedSmallStore(store);
        const std::string text = ui.captureText([&] { drawStore(store); });
        INFO("drawn text:\n" << text);
        CHECK(contains(text, "ala"));
        CHECK(contains(text, "olek"));
        CHECK(contains(text, "INBOX"));
        CHECK(contains(text, "Zofia Nowak"));
        CHECK(contains(text, "Zażółć gęślą jaźń"));
        CHECK(contains(text, "1 message, 1 unseen"));
        CHECK_FALSE(contains(text, "No messages on the server"));
    }
    SUBCASE("the demo store from assets/")
    {
        sim::seedDemoStore(store, MAILSCOPE_SOURCE_DIR "/assets", 1'790'000'000);
        const std::string text = ui.captureText([&] { drawStore(store); });
        INFO("drawn text:\n" << text);
        CHECK(contains(text, "alice"));
        CHECK(contains(text, "bob"));
        CHECK(contains(text, "Zażółć gęślą jaźń"));
        // Every message of the store is on screen at 1280x720 (clipped rows would be missing).
        for (const mail::Account* account : store.accounts())
            for (const mail::MailItem& item : account->inbox().items()) {
                INFO("subject " << item.message->summary().subject);
                CHECK(contains(text, item.message->summary().subject));
            }
    }
}

TEST_CASE("the Server panel shows an explicit empty state")
{
    test::ImGuiHeadless ui;
    mail::MailStore store;
    SUBCASE("no accounts")
    {
        const std::string text = ui.captureText([&] { drawStore(store); });
        CHECK(contains(text, "No accounts on the server"));
    }
    SUBCASE("accounts without messages")
    {
        store.addAccount("ala", "ala123");
        const std::string text = ui.captureText([&] { drawStore(store); });
        CHECK(contains(text, "No messages on the server"));
        CHECK(contains(text, "ala"));
        CHECK(contains(text, "empty"));
    }
}

TEST_CASE("the Server panel follows the store from one frame to the next")
{
    test::ImGuiHeadless ui;
    mail::MailStore store;
    mail::Account& ala = store.addAccount("ala", "ala123");
    const auto draw = [&] { drawStore(store); };
    CHECK(contains(ui.captureText(draw), "No messages on the server"));

    const std::uint32_t uid = store.append(ala, ala.inbox(), mail::Message::fromBytes(kPolishSubjectRaw, 0));
    std::string text = ui.captureText(draw, 0);
    CHECK(contains(text, "Zażółć gęślą jaźń"));
    CHECK_FALSE(contains(text, "No messages on the server"));

    REQUIRE(store.expunge(ala, ala.inbox(), uid));
    text = ui.captureText(draw, 0);
    CHECK_FALSE(contains(text, "Zażółć"));
    CHECK(contains(text, "No messages on the server"));
}

namespace {

/// Alice has two messages; `devices` are the [[devices]] tables.
sim::Scenario worldScenario(const std::string& devices)
{
    const std::string toml = R"(
title_en = "server column test"
title_pl = "test kolumny serwera"
start = 2026-11-27T09:00:00+01:00

[[accounts]]
user = "alice"
password = "alice123"

  [[accounts.inbox]]
  from = "Bob <bob@example.test>"
  to = "alice@example.test"
  subject = "Hello from Bob"
  body = "Hi Alice"

  [[accounts.inbox]]
  from = "Carol <carol@example.test>"
  to = "alice@example.test"
  subject = "Lunch on Friday"
  body = "Noon?"
)" + devices;
    return sim::parseScenario(toml, "test.toml", MAILSCOPE_SOURCE_DIR "/assets");
}

std::string device(const char* name, const char* protocol)
{
    return std::string("\n[[devices]]\nname = \"") + name + "\"\naccount = \"alice\"\nprotocol = \"" + protocol +
           "\"\n";
}

void userAction(app::Explorer& explorer, const char* name, sim::ActionKind kind, std::optional<std::uint32_t> uid = {})
{
    sim::Action a;
    a.device = name;
    a.kind = kind;
    a.origin = sim::ActionOrigin::User;
    if (uid)
        a.message = sim::MessageRef{*uid, {}};
    explorer.apply(app::DoAction{a});
}

void runToQuiet(app::Explorer& explorer)
{
    for (int i = 0; i < 5000 && explorer.world().next().kind != sim::NextStep::Kind::None; ++i)
        explorer.apply(app::StepLine{});
}

/// The last entry of a device's transcript that is not a note.
const sim::TranscriptEntry* lastLine(const app::Explorer& explorer, const char* name)
{
    const sim::Device* d = explorer.world().findDevice(name);
    if (!d)
        return nullptr;
    const auto& entries = d->transcript().entries();
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        if (it->kind != sim::EntryKind::Note)
            return &*it;
    return nullptr;
}

/// Steps until `done` holds (at most a few thousand steps); returns whether it did.
bool stepUntil(app::Explorer& explorer, const std::function<bool()>& done)
{
    for (int i = 0; i < 5000; ++i) {
        if (done())
            return true;
        if (explorer.world().next().kind == sim::NextStep::Kind::None)
            return done();
        explorer.apply(app::StepLine{});
    }
    return false;
}

void drawColumnWindow(app::Explorer& explorer)
{
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("server column", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    app::drawServerColumn(explorer, 0);
    ImGui::End();
}

}  // namespace

TEST_CASE("the server column: POP3 DELE marks a message, QUIT removes it with a fade")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    app::Explorer explorer(worldScenario(device("Phone", "pop3")));
    const auto draw = [&] { drawColumnWindow(explorer); };

    std::string text = ui.captureText(draw, 1);
    INFO("at the start:\n" << text);
    CHECK(contains(text, "Hello from Bob"));
    CHECK(contains(text, "Lunch on Friday"));
    CHECK(contains(text, "UID 1"));
    CHECK(contains(text, "No open sessions"));
    CHECK_FALSE(contains(text, "marked for deletion"));

    userAction(explorer, "Phone", sim::ActionKind::CheckMail);
    // Until the server has answered the first DELE.
    REQUIRE(stepUntil(explorer, [&] {
        const sim::Device* phone = explorer.world().findDevice("Phone");
        const auto& e = phone->transcript().entries();
        return e.size() >= 2 && e.back().direction == core::Direction::ServerToClient &&
               e[e.size() - 2].text.starts_with("DELE");
    }));
    text = ui.captureText(draw, 0);
    INFO("after DELE:\n" << text);
    CHECK(contains(text, "marked for deletion"));
    CHECK(contains(text, "Open sessions: Phone (POP3)"));
    CHECK(contains(text, "Hello from Bob"));

    SUBCASE("after Reset nothing of the earlier run is drawn, even mid-fade")
    {
        REQUIRE(stepUntil(explorer, [&] { return !explorer.world().findDevice("Phone")->connected(); }));
        text = ui.captureText(draw, 0);
        REQUIRE(contains(text, "removed"));
        explorer.apply(app::Reset{});
        text = ui.captureText(draw, 0);
        INFO("after Reset:\n" << text);
        CHECK_FALSE(contains(text, "removed"));
        CHECK_FALSE(contains(text, "marked for deletion"));
        CHECK(contains(text, "Hello from Bob"));
        CHECK(contains(text, "No open sessions"));
        CHECK(std::as_const(explorer).view().stream(0)->ghosts.empty());
    }
    SUBCASE("a dropped connection restores it")
    {
        userAction(explorer, "Phone", sim::ActionKind::GoOffline);
        explorer.apply(app::StepLine{});
        text = ui.captureText(draw, 0);
        INFO("after the connection dropped:\n" << text);
        CHECK_FALSE(contains(text, "marked for deletion"));
        CHECK_FALSE(contains(text, "removed"));
        CHECK(contains(text, "Hello from Bob"));
        CHECK(contains(text, "No open sessions"));
    }
    SUBCASE("QUIT removes the marked messages, which fade out")
    {
        REQUIRE(stepUntil(explorer, [&] { return !explorer.world().findDevice("Phone")->connected(); }));
        REQUIRE(explorer.world().store().findAccount("alice")->inbox().empty());
        const sim::TranscriptEntry* last = lastLine(explorer, "Phone");
        REQUIRE(last != nullptr);
        text = ui.captureText(draw, 0);
        INFO("just after QUIT:\n" << text);
        CHECK(contains(text, "No messages on the server"));
        CHECK(contains(text, "Hello from Bob"));  // still there, fading
        CHECK(contains(text, "removed"));
        // The fade runs on the window's clock: 70 frames of 1/60 s and it (1 s) is over.
        for (int i = 0; i < 70; ++i) {
            explorer.update(1.0 / 60.0);
            ui.frame(draw);
        }
        text = ui.captureText(draw, 0);
        INFO("a second later:\n" << text);
        CHECK_FALSE(contains(text, "Hello from Bob"));
        CHECK_FALSE(contains(text, "removed"));

        SUBCASE("the stream says what went: two messages by POP3 UPDATE, read once by the window")
        {
            const app::StreamMemory* memory = std::as_const(explorer).view().stream(0);
            REQUIRE(memory != nullptr);
            CHECK(memory->read == explorer.world().events().size());
            // No IMAP session is owed these removals, so the window keeps no card of them.
            CHECK(explorer.view().removed(0, "alice", "INBOX", 1) == nullptr);
            CHECK(explorer.view().removed(0, "alice", "INBOX", 2) == nullptr);
        }
        SUBCASE("rewinding brings them back without a fade")
        {
            explorer.apply(app::RewindTo{0});
            text = ui.captureText(draw, 0);
            CHECK(contains(text, "Hello from Bob"));
            CHECK_FALSE(contains(text, "removed"));
            CHECK_FALSE(contains(text, "marked for deletion"));
        }
    }
}

TEST_CASE("the server column: an IMAP flag change is in flight until the other session is told")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    app::Explorer explorer(worldScenario(device("Phone", "imap") + device("Laptop", "imap")));
    const auto draw = [&] { drawColumnWindow(explorer); };
    userAction(explorer, "Phone", sim::ActionKind::CheckMail);
    userAction(explorer, "Laptop", sim::ActionKind::CheckMail);
    runToQuiet(explorer);
    REQUIRE(explorer.world().findDevice("Laptop")->connected());
    std::string text = ui.captureText(draw, 1);
    INFO("both synced:\n" << text);
    CHECK_FALSE(contains(text, "in flight"));
    CHECK(contains(text, "Phone (IMAP)"));
    CHECK(contains(text, "Laptop (IMAP)"));

    userAction(explorer, "Phone", sim::ActionKind::Flag, 1);
    runToQuiet(explorer);
    REQUIRE(explorer.world().store().findAccount("alice")->inbox().findUid(1)->flags.has(mail::SystemFlag::Flagged));
    text = ui.captureText(draw, 0);
    INFO("flagged on the phone:\n" << text);
    CHECK(contains(text, "in flight"));

    userAction(explorer, "Laptop", sim::ActionKind::CheckMail);
    runToQuiet(explorer);
    text = ui.captureText(draw, 0);
    INFO("the laptop synced again:\n" << text);
    CHECK_FALSE(contains(text, "in flight"));
}
TEST_CASE("the window remembers a removed message while an IMAP session is owed it, and forgets it once told")
{
    // The laptop keeps its session open without IDLE: what the phone removes is owed to it
    // until the laptop checks mail again.
    const std::filesystem::path assets = std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "assets";
    sim::World world(sim::parseScenario(R"(title_en = "T"
title_pl = "T"
start = 2026-11-27T09:00:00Z
[[accounts]]
user = "alice"
password = "alice123"
  [[accounts.inbox]]
  file = "01-welcome.eml"
  [[accounts.inbox]]
  file = "02-zazolc.eml"
[[devices]]
name = "Phone"
account = "alice"
protocol = "imap"
[[devices]]
name = "Laptop"
account = "alice"
protocol = "imap"
[[actions]]
at = 10
device = "Laptop"
do = "check_mail"
[[actions]]
at = 20
device = "Phone"
do = "check_mail"
)",
                                        "t.toml", assets));
    world.runToEnd();
    sim::Action remove;
    remove.device = "Phone";
    remove.kind = sim::ActionKind::Delete;
    remove.message = sim::MessageRef{1u, {}};
    world.submit(remove);
    world.runToEnd();
    app::ViewState view;
    view.readStream(0, world, 0.0);
    const auto owed = world.owedChanges();
    REQUIRE_FALSE(owed.empty());
    CHECK(owed.front().session.name == "Laptop");
    CHECK(view.removed(0, "alice", "INBOX", 1) != nullptr);  // its card stays until the laptop hears of it

    sim::Action check;
    check.device = "Laptop";
    check.kind = sim::ActionKind::CheckMail;
    world.submit(check);
    world.runToEnd();
    view.readStream(0, world, 0.0);
    CHECK(world.owedChanges().empty());
    CHECK(view.removed(0, "alice", "INBOX", 1) == nullptr);  // every session knows: forgotten
}

}  // TEST_SUITE
