// Headless tests of a device column: what it shows of the device (header, local mailbox,
// transcript) and the intents its buttons and message cards post.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/panels/device_panel.h"
#include "app/panels/transcript_view.h"
#include "app/ui/i18n.h"
#include "app/ui/note_text.h"
#include "headless_ui.h"
#include "sim/scenario.h"

using namespace mailscope;

namespace {

constexpr const char* kWindow = "column";

/// Alice has two messages; `devices` are the [[devices]] tables.
sim::Scenario scenarioWith(const std::string& devices)
{
    const std::string toml = R"(
title_en = "device column test"
title_pl = "test kolumny urządzenia"
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
  from = "Zofia Nowak <zofia@example.pl>"
  to = "alice@example.test"
  subject = "Zażółć gęślą jaźń"
  body = "Cześć"
)" + devices;
    return sim::parseScenario(toml, "test.toml", MAILSCOPE_SOURCE_DIR "/assets");
}

constexpr const char* kPop3Phone = R"(
[[devices]]
name = "Phone"
kind = "phone"
account = "alice"
protocol = "pop3"
)";

constexpr const char* kImapLaptop = R"(
[[devices]]
name = "Laptop"
kind = "laptop"
account = "alice"
protocol = "imap"
)";

/// Steps the world until nothing is left to do.
void runToQuiet(app::Explorer& explorer)
{
    for (int i = 0; i < 5000 && explorer.world().next().kind != sim::NextStep::Kind::None; ++i)
        explorer.apply(app::StepLine{});
}

/// Draws one device's column in a window over the whole display.
void drawColumn(app::Explorer& explorer, const std::string& device, const std::function<void()>& after = {})
{
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin(kWindow, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    if (const sim::Device* d = explorer.world().findDevice(device))
        app::drawDeviceColumn(explorer, 0, *d);
    if (after)
        after();
    ImGui::End();
}

/// The id of an item the column draws directly, e.g. "###intent.check_mail". Call
/// inside the column's window.
ImGuiID columnItemId(const std::string& device, const char* id)
{
    ImGui::PushID(device.c_str());
    const ImGuiID result = ImGui::GetID(id);
    ImGui::PopID();
    return result;
}

/// The id of a message card in the column's mailbox child. Call inside the column's window
/// after the column was drawn.
ImGuiID messageCardId(const std::string& device, std::uint32_t messageId)
{
    ImGui::PushID(device.c_str());
    const ImGuiID child = ImGui::GetID("mailbox");
    ImGui::PopID();
    char name[256];
    ImFormatString(name, sizeof name, "%s/%s_%08X", kWindow, "mailbox", child);
    ImGuiWindow* mailbox = ImGui::FindWindowByName(name);
    REQUIRE(mailbox != nullptr);
    ImGui::PushOverrideID(mailbox->ID);
    ImGui::PushID(static_cast<int>(messageId));
    const ImGuiID result = ImGui::GetID("##message");
    ImGui::PopID();
    ImGui::PopID();
    return result;
}

/// Activates (as a click would) the item whose id `find` computes inside the window.
void activate(test::ImGuiHeadless& ui, const std::function<void()>& draw, const std::function<ImGuiID()>& find)
{
    ImGuiID id = 0;
    ui.frame([&] {
        draw();
        ImGui::Begin(kWindow);  // back into the column's window, for its id stack
        id = find();
        ImGui::End();
    });
    REQUIRE(id != 0);
    ImGui::ActivateItem(id);
    ui.frame(draw);
}

bool contains(const std::string& text, std::string_view what)
{
    return text.find(what) != std::string::npos;
}

}  // namespace

TEST_SUITE("app.device_panel") {

TEST_CASE("a device column shows the device, its local mailbox and its transcript")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    app::Explorer explorer(scenarioWith(kPop3Phone));
    explorer.view().column(0, "Phone") = {};
    const auto draw = [&] { drawColumn(explorer, "Phone"); };

    std::string text = ui.captureText(draw, 2);
    INFO("before checking mail:\n" << text);
    CHECK(contains(text, "Phone"));
    CHECK(contains(text, "POP3"));
    CHECK(contains(text, "Check mail"));
    CHECK(contains(text, "online"));
    CHECK(contains(text, "No messages on this device"));
    CHECK(contains(text, "Nothing sent yet"));

    sim::Action check;
    check.device = "Phone";
    check.kind = sim::ActionKind::CheckMail;
    check.origin = sim::ActionOrigin::User;
    explorer.apply(app::DoAction{check});
    explorer.apply(app::StepLine{});  // the action itself

    SUBCASE("the next line is shown before it is sent")
    {
        const sim::NextStep next = explorer.world().next();
        REQUIRE(next.kind == sim::NextStep::Kind::Line);
        REQUIRE(next.device == "Phone");
        text = ui.captureText(draw, 2);
        INFO("with a pending line:\n" << text);
        CHECK(contains(text, "next, not sent yet"));
        CHECK(contains(text, next.text.substr(0, 10)));
    }
    SUBCASE("after the check: messages and the conversation")
    {
        runToQuiet(explorer);
        const sim::Device* phone = explorer.world().findDevice("Phone");
        REQUIRE(phone != nullptr);
        REQUIRE(phone->local().messageCount() == 2);
        text = ui.captureText(draw, 3);
        INFO("after checking mail:\n" << text);
        CHECK(contains(text, "Hello from Bob"));
        CHECK(contains(text, "Zażółć gęślą jaźń"));
        CHECK(contains(text, "Zofia Nowak"));
        CHECK_FALSE(contains(text, "No messages on this device"));
        // The transcript follows the newest lines: the end of the POP3 session is visible.
        CHECK(contains(text, "C: QUIT"));
        CHECK(contains(text, std::to_string(phone->transcript().size()) + " lines"));
        CHECK_FALSE(contains(text, "next, not sent yet"));
    }
    SUBCASE("labels follow the language")
    {
        app::setLanguage(app::Language::Polish);
        text = ui.captureText(draw, 2);
        app::setLanguage(app::Language::English);
        CHECK(contains(text, "Sprawdź pocztę"));
        CHECK(contains(text, "w sieci"));
        CHECK_FALSE(contains(text, "Check mail"));
    }
}

TEST_CASE("Check mail posts a CheckMail action for the device")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    app::Explorer explorer(scenarioWith(kPop3Phone));
    const auto draw = [&] { drawColumn(explorer, "Phone"); };
    ui.frame(draw);
    REQUIRE(explorer.queued() == 0);

    activate(ui, draw, [] { return columnItemId("Phone", "###intent.check_mail"); });
    CHECK(explorer.queued() == 1);
    explorer.update(0.0);
    CHECK(explorer.queued() == 0);
    const std::size_t before = explorer.world().findDevice("Phone")->transcript().size();
    explorer.apply(app::StepLine{});
    const auto& timeline = explorer.world().timeline();
    REQUIRE_FALSE(timeline.empty());
    CHECK(timeline.back().action.kind == sim::ActionKind::CheckMail);
    CHECK(timeline.back().action.device == "Phone");
    CHECK(timeline.back().action.origin == sim::ActionOrigin::User);
    runToQuiet(explorer);
    CHECK(explorer.world().findDevice("Phone")->transcript().size() > before + 4);

    SUBCASE("Go offline, then Go online")
    {
        activate(ui, draw, [] { return columnItemId("Phone", "###intent.go_offline"); });
        explorer.update(0.0);
        explorer.apply(app::StepLine{});
        CHECK_FALSE(explorer.world().findDevice("Phone")->online());
        activate(ui, draw, [] { return columnItemId("Phone", "###intent.go_online"); });
        explorer.update(0.0);
        explorer.apply(app::StepLine{});
        CHECK(explorer.world().findDevice("Phone")->online());
    }
}

TEST_CASE("a selected message's Flag posts Flag with its MessageRef")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    app::Explorer explorer(scenarioWith(kImapLaptop));
    explorer.view().column(0, "Laptop") = {};
    sim::Action sync;
    sync.device = "Laptop";
    sync.kind = sim::ActionKind::CheckMail;
    sync.origin = sim::ActionOrigin::User;
    explorer.apply(app::DoAction{sync});
    runToQuiet(explorer);
    const sim::Device* laptop = explorer.world().findDevice("Laptop");
    REQUIRE(laptop != nullptr);
    const sim::LocalFolder* inbox = laptop->local().find("INBOX");
    REQUIRE(inbox != nullptr);
    REQUIRE(inbox->messages.size() == 2);
    const std::uint32_t uid = inbox->messages[1].id;

    const auto draw = [&] { drawColumn(explorer, "Laptop"); };
    ui.frame(draw);
    ui.frame(draw);
    CHECK_FALSE(explorer.view().column(0, "Laptop").message.has_value());

    activate(ui, draw, [&] { return messageCardId("Laptop", uid); });
    REQUIRE(explorer.view().column(0, "Laptop").message == uid);
    REQUIRE(explorer.queued() == 0);

    activate(ui, draw, [] { return columnItemId("Laptop", "###intent.flag"); });
    REQUIRE(explorer.queued() == 1);
    explorer.update(0.0);
    explorer.apply(app::StepLine{});
    const sim::Action& flag = explorer.world().timeline().back().action;
    CHECK(flag.kind == sim::ActionKind::Flag);
    CHECK(flag.device == "Laptop");
    REQUIRE(flag.message.has_value());
    CHECK(flag.message->uid == uid);
    CHECK(flag.folder == "INBOX");

    SUBCASE("the flag reaches the server and the card shows it")
    {
        runToQuiet(explorer);
        const mail::Account* alice = explorer.world().store().findAccount("alice");
        REQUIRE(alice != nullptr);
        const mail::MailItem* item = alice->inbox().findUid(uid);
        REQUIRE(item != nullptr);
        CHECK(item->flags.has(mail::SystemFlag::Flagged));
        const std::string text = ui.captureText(draw, 2);
        INFO(text);
        CHECK(contains(text, "◆"));
        CHECK(contains(text, "Unflag"));  // the selected message is flagged now
    }
    SUBCASE("Move to folder offers the other folders and moves the message there")
    {
        REQUIRE(laptop->local().find("Archive") != nullptr);
        activate(ui, draw, [] { return columnItemId("Laptop", "###intent.move_to_folder"); });
        ImGuiID popupId = 0;
        ui.frame([&] {
            draw();
            ImGui::Begin(kWindow);
            popupId = columnItemId("Laptop", "move");
            ImGui::End();
        });
        REQUIRE(ImGui::IsPopupOpen(popupId, ImGuiPopupFlags_None));
        char name[32];
        ImFormatString(name, sizeof name, "##Popup_%08x", popupId);
        ImGuiWindow* popup = ImGui::FindWindowByName(name);
        REQUIRE(popup != nullptr);
        ImGui::ActivateItem(ImHashStr("Archive", 0, popup->ID));
        ui.frame(draw);
        REQUIRE(explorer.queued() == 1);
        explorer.update(0.0);
        explorer.apply(app::StepLine{});
        const sim::Action& move = explorer.world().timeline().back().action;
        CHECK(move.kind == sim::ActionKind::MoveToFolder);
        CHECK(move.folder == "Archive");
        REQUIRE(move.message.has_value());
        CHECK(move.message->uid == uid);
    }
}

TEST_CASE("transcript lines: errors are recognised")
{
    sim::TranscriptEntry e;
    e.kind = sim::EntryKind::Line;
    e.direction = core::Direction::ServerToClient;
    e.protocol = sim::Protocol::Pop3;
    e.text = "-ERR no such message";
    CHECK(app::isErrorLine(e));
    e.text = "+OK";
    CHECK_FALSE(app::isErrorLine(e));
    e.protocol = sim::Protocol::Imap;
    e.text = "a3 NO [NONEXISTENT] no such mailbox";
    CHECK(app::isErrorLine(e));
    e.text = "* BAD line too long";
    CHECK(app::isErrorLine(e));
    e.text = "a3 OK done";
    CHECK_FALSE(app::isErrorLine(e));
    e.text = "* 2 EXISTS";
    CHECK_FALSE(app::isErrorLine(e));
    e.direction = core::Direction::ClientToServer;
    e.text = "a4 NO";  // a client line is never an error response
    CHECK_FALSE(app::isErrorLine(e));
}

TEST_CASE("device status is shown in the UI's language")
{
    using sim::makeNote;
    using sim::noteData;
    app::setLanguage(core::Language::Polish);
    CHECK(app::trNote(makeNote("status.waiting_in_idle")) == "czeka w IDLE");
    CHECK(app::trNote(makeNote("status.idle_connected")) == "bezczynny (połączony)");
    CHECK(app::trNote(makeNote("status.syncing_folder", {noteData("INBOX")})) == "synchronizacja folderu INBOX");
    CHECK(app::trNote(makeNote("status.downloading_n_of_m", {noteData(2), noteData(3)})) == "pobieranie 2 z 3");
    CHECK(app::trNote(makeNote("status.not_connected_waiting", {noteData(1)})) ==
          "bez połączenia; 1 zmiana czeka na wysłanie");
    CHECK(app::trNote(makeNote("status.not_connected_waiting", {noteData(3)})) ==
          "bez połączenia; 3 zmiany czekają na wysłanie");
    CHECK(app::trNote(makeNote("status.not_connected_waiting", {noteData(5)})) ==
          "bez połączenia; 5 zmian czeka na wysłanie");
    app::setLanguage(core::Language::English);
    CHECK(app::trNote(makeNote("status.waiting_in_idle")) == "waiting in IDLE");
    CHECK(app::trNote(makeNote("status.downloading_n_of_m", {noteData(2), noteData(3)})) == "downloading 2 of 3");
    CHECK(app::trNote(makeNote("status.not_connected_waiting", {noteData(1)})) == "not connected; 1 change waiting");
}

}  // TEST_SUITE
