// Headless tests of TLS in the explorer: the device column's "Secure connection (TLS)"
// setting and badge, and the inspector's eavesdropper view of ciphertext.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <string>

#include <imgui.h>
#include <imgui_internal.h>

#include "app/panels/device_panel.h"
#include "app/panels/inspector_panel.h"
#include "app/ui/explorer.h"
#include "app/ui/i18n.h"
#include "headless_ui.h"
#include "sim/scenario.h"

using namespace mailscope;

namespace {

constexpr const char* kWindow = "tls";
const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

sim::Scenario eavesdropper()
{
    return sim::loadScenario(kAssets / "scenarios" / "eavesdropper.toml", kAssets);
}

bool contains(const std::string& text, std::string_view what)
{
    return text.find(what) != std::string::npos;
}

/// Draws `body` in a window over the whole display.
void inWindow(const std::function<void()>& body)
{
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin(kWindow, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    body();
    ImGui::End();
}

void drawColumn(app::Explorer& explorer, const std::string& device)
{
    inWindow([&] {
        if (const sim::Device* d = explorer.world().findDevice(device))
            app::drawDeviceColumn(explorer, 0, *d);
    });
}

/// Selects the first line of `device` whose text starts with `prefix`; returns it.
const sim::TranscriptEntry& select(app::Explorer& explorer, const std::string& device, std::string_view prefix)
{
    const auto& entries = explorer.world().findDevice(device)->transcript().entries();
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const sim::TranscriptEntry& e) {
        return e.kind == sim::EntryKind::Line && e.text.starts_with(prefix);
    });
    REQUIRE(it != entries.end());
    explorer.apply(app::SelectEntry{0, device, static_cast<std::size_t>(it - entries.begin())});
    REQUIRE(explorer.selectedEntry() == &*it);
    return *it;
}

}  // namespace

TEST_SUITE("app.tls") {

TEST_CASE("the device column: a TLS badge, and the setting posts SetTls")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    app::Explorer explorer(eavesdropper());
    explorer.view().column(0, "Phone").settingsOpen = true;
    explorer.view().column(0, "Café laptop").settingsOpen = true;

    const std::string phone = ui.captureText([&] { drawColumn(explorer, "Phone"); }, 2);
    INFO("phone column:\n" << phone);
    CHECK(contains(phone, "TLS"));
    CHECK(contains(phone, "Secure connection (TLS)"));
    const std::string laptop = ui.captureText([&] { drawColumn(explorer, "Café laptop"); }, 2);
    INFO("laptop column:\n" << laptop);
    for (std::string_view mode : {"Secure connection (TLS)", "Plain", "STARTTLS", "Implicit TLS"})
        CHECK(contains(laptop, mode));
    // Only the setting mentions TLS on the plain device: no badge.
    std::string withoutSetting = laptop;
    for (std::string_view label : {"Secure connection (TLS)", "STARTTLS", "Implicit TLS"})
        withoutSetting.erase(withoutSetting.find(label), label.size());
    CHECK_FALSE(contains(withoutSetting, "TLS"));

    /// Clicks the laptop's radio button `id` (a stable id, whatever the language) and
    /// applies the action it posts.
    const auto click = [&](const char* id) {
        const auto draw = [&] { drawColumn(explorer, "Café laptop"); };
        ImGuiID widget = 0;
        ui.frame([&] {
            draw();
            ImGui::Begin(kWindow);
            ImGui::PushID("Café laptop");
            widget = ImGui::GetID(id);
            ImGui::PopID();
            ImGui::End();
        });
        ImGui::ActivateItem(widget);
        ui.frame(draw);
        REQUIRE(explorer.queued() == 1);
        explorer.update(0.0);
        explorer.apply(app::StepLine{});  // the action is applied by the next step
    };
    SUBCASE("clicking Implicit TLS turns TLS on for the laptop")
    {
        click("###tls.mode_implicit");
        CHECK(explorer.world().findDevice("Café laptop")->settings().tls == sim::TlsMode::Implicit);
        CHECK(explorer.world().timeline().back().action.kind == sim::ActionKind::SetTls);
        CHECK(explorer.world().timeline().back().action.tls == sim::TlsMode::Implicit);
    }
    SUBCASE("clicking STARTTLS sets it up, and the header shows a STARTTLS badge")
    {
        click("###tls.mode_starttls");
        CHECK(explorer.world().findDevice("Café laptop")->settings().tls == sim::TlsMode::StartTls);
        CHECK(explorer.world().timeline().back().action.tls == sim::TlsMode::StartTls);
        explorer.view().column(0, "Café laptop").settingsOpen = false;
        const std::string header = ui.captureText([&] { drawColumn(explorer, "Café laptop"); }, 2);
        CHECK(contains(header, "STARTTLS"));
        explorer.view().column(0, "Café laptop").settingsOpen = true;
        click("###tls.mode_off");
        CHECK(explorer.world().findDevice("Café laptop")->settings().tls == sim::TlsMode::Off);
    }
    SUBCASE("in Polish")
    {
        app::setLanguage(app::Language::Polish);
        const std::string polish = ui.captureText([&] { drawColumn(explorer, "Phone"); }, 2);
        app::setLanguage(app::Language::English);
        CHECK(contains(polish, "Bezpieczne połączenie (TLS)"));
        CHECK(contains(polish, "Bez szyfrowania"));
        CHECK(contains(polish, "TLS od początku"));
    }
}

TEST_CASE("the inspector shows the ciphertext of a TLS line and the bytes of a plain one")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    app::Explorer explorer(eavesdropper());
    for (int i = 0; i < 3; ++i)
        explorer.apply(app::StepAction{});  // both devices' checks, the laptop opens the PIN
    const auto draw = [&] { inWindow([&] { app::drawInspector(explorer); }); };

    SUBCASE("TLS: only ciphertext, in hex")
    {
        const sim::TranscriptEntry& login = select(explorer, "Phone", "a1 LOGIN");
        REQUIRE_FALSE(login.wire.empty());
        const std::string text = ui.captureText(draw, 2);
        INFO("inspector:\n" << text);
        CHECK(contains(text, "What an eavesdropper sees"));
        CHECK(contains(text, "On a TLS link someone on the network sees only this"));
        CHECK(contains(text, app::hexRows(login.wire, 16).front().hex));  // the first row of the ciphertext
        CHECK(contains(text, "17 03 03"));                                // a TLS application-data record
        CHECK(login.secret.empty());  // inside TLS the password is not on the wire
        CHECK_FALSE(contains(text, "sees exactly these bytes"));
        CHECK_FALSE(contains(text, "not simulated"));
    }
    SUBCASE("plain: the bytes as they are")
    {
        const sim::TranscriptEntry& login = select(explorer, "Café laptop", "a1 LOGIN");
        REQUIRE(login.wire.empty());
        const std::string text = ui.captureText(draw, 2);
        INFO("inspector:\n" << text);
        CHECK(contains(text, "an eavesdropper sees exactly these bytes"));
        CHECK(contains(text, "With a secure connection"));
        CHECK(contains(text, "reads the password exactly like this"));
        CHECK(contains(text, "alice123"));  // the raw bytes of the plain link
        CHECK(login.secret == "a1 LOGIN \"alice\" \"alice123\"");
        CHECK_FALSE(contains(text, "sees only this"));
        CHECK_FALSE(contains(text, "not simulated"));
    }
    SUBCASE("in Polish")
    {
        select(explorer, "Phone", "a1 LOGIN");
        app::setLanguage(app::Language::Polish);
        const std::string text = ui.captureText(draw, 2);
        app::setLanguage(app::Language::English);
        CHECK(contains(text, "Przy połączeniu TLS ktoś w sieci widzi tylko to"));
    }
}

TEST_CASE("the inspector: a line before STARTTLS is readable, and says the upgrade came after it")
{
    app::setLanguage(app::Language::English);
    test::ImGuiHeadless ui;
    sim::Scenario scenario = eavesdropper();
    scenario.server.starttls = true;
    scenario.devices[0].tls = sim::TlsMode::StartTls;  // the café laptop upgrades on port 143
    app::Explorer explorer(scenario);
    explorer.apply(app::StepAction{});  // the laptop's check
    const auto draw = [&] { inWindow([&] { app::drawInspector(explorer); }); };

    SUBCASE("the STARTTLS line: plain bytes, crossed before the upgrade")
    {
        const sim::TranscriptEntry& starttls = select(explorer, "Café laptop", "a1 STARTTLS");
        REQUIRE(starttls.wire.empty());
        const std::string text = ui.captureText(draw, 2);
        INFO("inspector:\n" << text);
        CHECK(contains(text, "an eavesdropper sees exactly these bytes"));
        CHECK(contains(text, "crossed before STARTTLS"));
        CHECK_FALSE(contains(text, "With a secure connection"));
    }
    SUBCASE("the LOGIN after it: ciphertext")
    {
        const sim::TranscriptEntry& login = select(explorer, "Café laptop", "a3 LOGIN");
        REQUIRE_FALSE(login.wire.empty());
        const std::string text = ui.captureText(draw, 2);
        INFO("inspector:\n" << text);
        CHECK(contains(text, "On a TLS link someone on the network sees only this"));
        CHECK_FALSE(contains(text, "alice123"));
    }
    SUBCASE("in Polish")
    {
        select(explorer, "Café laptop", "a1 STARTTLS");
        app::setLanguage(app::Language::Polish);
        const std::string text = ui.captureText(draw, 2);
        app::setLanguage(app::Language::English);
        CHECK(contains(text, "przeszedł, zanim STARTTLS"));
    }
}

}  // TEST_SUITE
