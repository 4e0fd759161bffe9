// Headless tests of the Server panel and the panel list: which window exists, where it
// is, and the text it draws for a given MailStore.
#include <doctest/doctest.h>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/panels/server_panel.h"
#include "app/ui/panels.h"
#include "headless_ui.h"
#include "sim/seed.h"

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
        const std::string text = ui.captureText([&] { app::drawServerPanel(store, nullptr); });
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
        const std::string text = ui.captureText([&] { app::drawServerPanel(store, nullptr); });
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
        const std::string text = ui.captureText([&] { app::drawServerPanel(store, nullptr); });
        CHECK(contains(text, "No accounts on the server"));
    }
    SUBCASE("accounts without messages")
    {
        store.addAccount("ala", "ala123");
        const std::string text = ui.captureText([&] { app::drawServerPanel(store, nullptr); });
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
    const auto draw = [&] { app::drawServerPanel(store, nullptr); };
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

TEST_CASE("drawPanels: the Server panel fills the window under the menu bar and can be closed")
{
    test::ImGuiHeadless ui(ImVec2(1024.0f, 640.0f));
    mail::MailStore store;
    seedSmallStore(store);
    app::PanelVisibility visible;
    const auto draw = [&] { app::drawPanels(visible, store); };
    ui.frame(draw);
    ui.frame(draw);  // the work area under the menu bar is known from the second frame on

    ImGuiWindow* server = ImGui::FindWindowByName(app::kServerPanelName);
    REQUIRE(server != nullptr);
    CHECK(server->Active);
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    CHECK(viewport->WorkPos.y > 0.0f);  // the menu bar takes the top line
    CHECK(server->Pos.x == doctest::Approx(viewport->WorkPos.x));
    CHECK(server->Pos.y == doctest::Approx(viewport->WorkPos.y));
    CHECK(server->Size.x == doctest::Approx(viewport->WorkSize.x));
    CHECK(server->Size.y == doctest::Approx(viewport->WorkSize.y));

    SUBCASE("the close button hides it")
    {
        const ImRect title = server->TitleBarRect();
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImVec2 closeButton(title.Max.x - style.FramePadding.x - ImGui::GetFontSize() * 0.5f,
                                 title.GetCenter().y);
        ui.click(closeButton, draw);
        CHECK_FALSE(visible.server);
        ui.frame(draw);
        CHECK_FALSE(server->Active);
    }
    SUBCASE("the visibility flag hides it")
    {
        visible.server = false;
        ui.frame(draw);
        CHECK_FALSE(server->Active);
    }
}

}  // TEST_SUITE
