// Headless tests of the explorer window: the layout's regions, clicking through the control
// bar, a device column and the menus, the language switch, the inspector and the error banner.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app/panels/inspector_panel.h"
#include "app/panels/lesson_panel.h"
#include "app/ui/explorer.h"
#include "app/ui/i18n.h"
#include "app/ui/panels.h"
#include "app/ui/settings.h"
#include "headless_ui.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "tests/support/skip.h"
#include "tests/support/temp_dir.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

sim::Scenario scenario(const char* name)
{
    return sim::loadScenario(kAssets / "scenarios" / (std::string(name) + ".toml"), kAssets);
}

bool contains(const std::string& text, std::string_view what)
{
    return text.find(what) != std::string::npos;
}

// [SECTION] finding text on screen

/// A run of text drawn in the last frame, read back from the draw lists: every glyph quad
/// is matched to its font glyph by its texture coordinates. Spaces draw nothing, so runs
/// hold the text without them.
struct DrawnText {
    std::string text;  ///< UTF-8, without spaces
    std::vector<std::pair<ImVec2, ImVec2>> boxes;  ///< one per character in `text` order
};

void appendUtf8(std::string& out, unsigned c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::vector<DrawnText> drawnTexts()
{
    std::map<std::pair<float, float>, unsigned> glyphs;  // (U0, V0) -> codepoint
    for (const ImFont* font : ImGui::GetIO().Fonts->Fonts)
        for (const ImFontGlyph& glyph : font->Glyphs)
            if (glyph.Visible)
                glyphs.emplace(std::pair{glyph.U0, glyph.V0}, glyph.Codepoint);
    std::vector<DrawnText> runs;
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data != nullptr);
    const float fontSize = ImGui::GetFontSize();
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* list = data->CmdLists[l];
        const auto& idx = list->IdxBuffer;
        const auto& vtx = list->VtxBuffer;
        std::optional<ImVec2> lastMax;
        for (int i = 0; i + 6 <= idx.Size;) {
            const ImDrawIdx a = idx[i];
            const bool quad = idx[i + 1] == a + 1 && idx[i + 2] == a + 2 && idx[i + 3] == a &&
                              idx[i + 4] == a + 2 && idx[i + 5] == a + 3;
            const auto found = quad ? glyphs.find({vtx[a].uv.x, vtx[a].uv.y}) : glyphs.end();
            if (found == glyphs.end()) {
                i += 3;  // every primitive is made of whole triangles
                continue;
            }
            const ImVec2 min = vtx[a].pos;
            const ImVec2 max = vtx[a + 2].pos;
            const bool sameRun = lastMax && min.x - lastMax->x < fontSize * 0.6f && min.x >= lastMax->x - fontSize * 0.3f &&
                                 min.y < lastMax->y && max.y > lastMax->y - fontSize;
            if (!sameRun)
                runs.emplace_back();
            appendUtf8(runs.back().text, found->second);
            // One box per byte, so a byte offset into `text` finds its box.
            const std::size_t bytes = runs.back().text.size() - runs.back().boxes.size();
            for (std::size_t b = 0; b < bytes; ++b)
                runs.back().boxes.emplace_back(min, max);
            lastMax = max;
            i += 6;
        }
    }
    return runs;
}

std::string withoutSpaces(std::string_view text)
{
    std::string out;
    for (const char c : text)
        if (c != ' ')
            out += c;
    return out;
}

/// The centres of every place `text` is drawn in the last frame, left to right.
std::vector<ImVec2> findText(std::string_view text)
{
    const std::string needle = withoutSpaces(text);
    std::vector<ImVec2> centres;
    for (const DrawnText& run : drawnTexts())
        for (std::size_t at = run.text.find(needle); at != std::string::npos; at = run.text.find(needle, at + 1)) {
            const ImVec2 first = run.boxes[at].first;
            const ImVec2 last = run.boxes[at + needle.size() - 1].second;
            centres.emplace_back((first.x + last.x) * 0.5f, (first.y + last.y) * 0.5f);
        }
    std::stable_sort(centres.begin(), centres.end(), [](ImVec2 a, ImVec2 b) { return a.x < b.x; });
    return centres;
}

bool hasRegion(const app::ExplorerUi& ui, std::string_view name)
{
    return std::find(ui.regions.begin(), ui.regions.end(), name) != ui.regions.end();
}

/// The explorer window on a scenario, drawn by a headless ImGui.
struct Window {
    explicit Window(const char* name) : explorer(scenario(name))
    {
        app::setLanguage(app::Language::English);
        explorer.setLessonProgressFile(home.path() / "lessons-progress.toml");
    }
    ~Window() { app::setLanguage(app::Language::English); }

    void frame() { ui.frame(draw()); }
    std::function<void()> draw()
    {
        return [this] { app::drawExplorer(explorer, settings, state); };
    }
    /// Clicks the text (the leftmost place it is drawn, or the `index`th from the left),
    /// then applies the intents as the window does after a frame.
    void clickText(std::string_view text, std::size_t index = 0)
    {
        frame();
        frame();  // the work area under the menu bar is known from the second frame on
        const std::vector<ImVec2> places = findText(text);
        INFO("clicking \"" << std::string(text) << "\"");
        REQUIRE(places.size() > index);
        clickAt(places[index]);
    }
    /// Clicks the lowest place `text` is drawn (a popup's buttons are at its bottom).
    void clickLowest(std::string_view text)
    {
        frame();
        frame();  // a popup opened in the last frame is drawn from its second frame on
        std::vector<ImVec2> places = findText(text);
        INFO("clicking the lowest \"" << std::string(text) << "\"");
        REQUIRE_FALSE(places.empty());
        clickAt(*std::max_element(places.begin(), places.end(), [](ImVec2 a, ImVec2 b) { return a.y < b.y; }));
    }
    void clickAt(ImVec2 place)
    {
        ui.click(place, draw());
        explorer.update(0.0);
        ImGui::GetIO().MousePos = ImVec2(-1.0f, -1.0f);  // away, so no tooltip covers the next click
    }

    /// Clicks the widget marked with the stable id `id` (targets.h) in the last frame.
    void clickTarget(const std::string& id)
    {
        frame();
        frame();
        const auto& targets = explorer.targets();
        const auto found = targets.find(id);
        INFO("clicking the widget " << id);
        INFO("marked: " << [&] {
            std::string all;
            for (const auto& [name, rect] : targets)
                all += name + " ";
            return all;
        }());
        REQUIRE(found != targets.end());
        const auto& r = found->second;
        clickAt(ImVec2((r[0] + r[2]) * 0.5f, (r[1] + r[3]) * 0.5f));
    }

    test::TempDir home;
    test::ImGuiHeadless ui;
    app::Explorer explorer;
    app::Settings settings;
    app::ExplorerUi state;
};

}  // namespace

TEST_SUITE("app.explorer_ui") {

TEST_CASE("the first screen: what mailscope shows and three ways in, and Compare starts compare mode")
{
    Window window("where-messages-are-stored");
    window.state.welcomeOpen = true;
    window.frame();
    window.frame();
    std::string text = window.ui.captureText(window.draw(), 1);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "Three ways in"));
    CHECK(contains(text, "Start lesson 1"));
    CHECK(contains(text, "Explore freely"));
    REQUIRE(contains(text, "Compare POP3 and IMAP"));
    CHECK(std::find(window.state.regions.begin(), window.state.regions.end(), "Welcome") !=
          window.state.regions.end());
    REQUIRE_FALSE(window.explorer.compare());
    window.clickLowest("ComparePOP3andIMAP");
    CHECK(window.explorer.compare());
    CHECK(window.settings.welcomeSeen);
    CHECK(window.settings.compare);
    text = window.ui.captureText(window.draw(), 1);
    CHECK_FALSE(contains(text, "Three ways in"));

    SUBCASE("in Polish")
    {
        window.settings.language = app::Language::Polish;
        window.state.welcomeOpen = true;
        window.frame();
        text = window.ui.captureText(window.draw(), 1);
        CHECK(contains(text, "Witaj w mailscope"));
        CHECK(contains(text, "Porównaj POP3 i IMAP"));
    }
}

TEST_CASE("Help: the keyboard shortcuts, how to read a transcript, and About")
{
    Window window("where-messages-are-stored");
    window.state.shortcutsOpen = true;
    window.frame();
    std::string text = window.ui.captureText(window.draw(), 1);
    INFO("shortcuts:\n" << text);
    CHECK(contains(text, "Keyboard shortcuts"));
    CHECK(contains(text, "Ctrl+R"));
    CHECK(contains(text, "Shift+→"));
    CHECK(contains(text, "Play / Pause"));
    window.clickLowest("Close");
    window.state.readingOpen = true;
    window.frame();
    text = window.ui.captureText(window.draw(), 1);
    CHECK(contains(text, "How to read a transcript"));
    CHECK(contains(text, "What the server answers"));
    window.clickLowest("Close");
    window.state.aboutOpen = true;
    window.frame();
    text = window.ui.captureText(window.draw(), 1);
    CHECK(contains(text, "mailscope 0.1.0"));
    CHECK(contains(text, "Dear ImGui"));
    CHECK(contains(text, "OpenSSL"));
}

TEST_CASE("the layout: menu bar, control bar, server, one column per device, inspector")
{
    Window window("where-messages-are-stored");
    window.frame();
    window.frame();
    const app::ExplorerUi& ui = window.state;
    CHECK(hasRegion(ui, "Menu bar"));
    CHECK(hasRegion(ui, "Control bar"));
    CHECK(hasRegion(ui, "Server"));
    CHECK(hasRegion(ui, "Device: Phone"));
    CHECK(hasRegion(ui, "Device: Laptop"));
    CHECK(hasRegion(ui, "Inspector"));

    // Readable at 1280x720: the playback buttons, both device names and the inspector's empty state.
    for (const char* text : {"▶ Play", "Step line", "Step action", "Step back", "Reset", "Phone", "Laptop",
                             "Select a transcript line"}) {
        INFO(text);
        CHECK_FALSE(findText(text).empty());
    }

    SUBCASE("panels hidden from the View menu's flags are not drawn")
    {
        window.settings.panels.inspector = false;
        window.settings.panels.server = false;
        window.frame();
        CHECK_FALSE(hasRegion(ui, "Inspector"));
        CHECK_FALSE(hasRegion(ui, "Server"));
        CHECK(hasRegion(ui, "Device: Phone"));
    }
    SUBCASE("compare mode shows both worlds, each labelled")
    {
        window.explorer.apply(app::SetCompare{true});
        window.frame();
        window.frame();
        CHECK(hasRegion(ui, "Server (POP3)"));
        CHECK(hasRegion(ui, "Server (IMAP)"));
        CHECK(hasRegion(ui, "Device: Phone (POP3)"));
        CHECK(hasRegion(ui, "Device: Phone (IMAP)"));
        CHECK_FALSE(findText("Every device on POP3").empty());
        CHECK_FALSE(findText("Every device on IMAP").empty());
    }
}

TEST_CASE("the Step line and Step back buttons move the step count")
{
    Window window("where-messages-are-stored");
    REQUIRE(window.explorer.world().stepCount() == 0);
    window.clickText("Step line");
    CHECK(window.explorer.world().stepCount() == 1);
    window.clickText("Step line");
    CHECK(window.explorer.world().stepCount() == 2);
    window.clickText("Step back");
    CHECK(window.explorer.world().stepCount() == 1);
    window.clickText("Step action");
    CHECK(window.explorer.world().stepCount() > 2);
    CHECK(window.explorer.world().quiet());

    SUBCASE("Play, then Pause")
    {
        window.clickText("▶ Play");
        CHECK(window.explorer.playing());
        window.clickText("■ Pause");
        CHECK_FALSE(window.explorer.playing());
    }
    SUBCASE("Reset")
    {
        window.clickText("Reset");
        CHECK(window.explorer.world().stepCount() == 0);
    }
}

TEST_CASE("Check mail in a device column adds the action to the timeline and its transcript grows")
{
    Window window("where-messages-are-stored");
    const sim::Device* laptop = window.explorer.world().findDevice("Laptop");
    REQUIRE(laptop != nullptr);
    const std::size_t before = laptop->transcript().size();

    // Found by its stable id: the laptop's Check mail button.
    window.clickTarget("device:Laptop:check_mail");
    REQUIRE(window.explorer.queued() == 0);
    window.explorer.apply(app::StepAction{});
    const auto& timeline = window.explorer.world().timeline();
    REQUIRE_FALSE(timeline.empty());
    CHECK(timeline.front().action.device == "Laptop");
    CHECK(timeline.front().action.kind == sim::ActionKind::CheckMail);
    CHECK(timeline.front().action.origin == sim::ActionOrigin::User);
    CHECK(laptop->transcript().size() > before);
}

TEST_CASE("clicking while rewound says once that the later steps will be replaced, before doing it")
{
    Window window("where-messages-are-stored");
    window.explorer.setAskBeforeReplacing(true);
    for (int i = 0; i < 30; ++i)
        window.explorer.apply(app::StepLine{});
    window.explorer.apply(app::RewindTo{5});
    REQUIRE(window.explorer.laterSteps() == 25);

    // Cancel: nothing happens, the later steps stay.
    window.clickTarget("device:Laptop:check_mail");
    REQUIRE(window.explorer.heldAction().has_value());
    std::string text = window.ui.captureText(window.draw(), 2);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "Replace the later steps?"));
    CHECK(contains(text, "Doing \"Laptop: Check mail\" here starts a new story from this step: the 25 later steps are replaced."));
    window.clickLowest("Cancel");
    CHECK_FALSE(window.explorer.heldAction().has_value());
    CHECK(window.explorer.laterSteps() == 25);
    CHECK(window.explorer.world().stepCount() == 5);

    // Replace: the action is done and the later steps are gone.
    window.clickTarget("device:Laptop:check_mail");
    REQUIRE(window.explorer.heldAction().has_value());
    window.clickLowest("Replace them");
    CHECK_FALSE(window.explorer.heldAction().has_value());
    window.explorer.apply(app::StepLine{});
    CHECK(window.explorer.laterSteps() == 0);
    const auto& timeline = window.explorer.world().timeline();
    CHECK(std::any_of(timeline.begin(), timeline.end(), [](const sim::TimelineEntry& e) {
        return e.action.device == "Laptop" && e.action.origin == sim::ActionOrigin::User;
    }));

    // Asked once: rewound again, a click acts at once.
    for (int i = 0; i < 10; ++i)
        window.explorer.apply(app::StepLine{});
    window.explorer.apply(app::RewindTo{3});
    window.clickTarget("device:Phone:check_mail");
    CHECK_FALSE(window.explorer.heldAction().has_value());
    CHECK(window.explorer.laterSteps() == 0);
}

TEST_CASE("an action clicked shows at once on its device as waiting, until a step applies it")
{
    Window window("where-messages-are-stored");
    window.clickTarget("device:Laptop:check_mail");
    REQUIRE(window.explorer.world().waitingActions().size() == 1);
    std::string text = window.ui.captureText(window.draw(), 1);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "● waiting: Laptop: Check mail"));
    window.explorer.apply(app::StepLine{});
    CHECK(window.explorer.world().waitingActions().empty());
    text = window.ui.captureText(window.draw(), 1);
    CHECK_FALSE(contains(text, "waiting: Laptop"));
}

TEST_CASE("switching the language from the menu changes the labels")
{
    Window window("where-messages-are-stored");
    const auto draw = window.draw();
    std::string text = window.ui.captureText(draw);
    REQUIRE(contains(text, "Step line"));

    window.clickText("Language");
    window.clickText("Polski");
    CHECK(window.settings.language == app::Language::Polish);
    text = window.ui.captureText(draw);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "Następny wiersz"));
    CHECK(contains(text, "Krok wstecz"));
    CHECK_FALSE(contains(text, "Step line"));
    CHECK_FALSE(findText("Plik").empty());  // the menu bar too

    window.clickText("Język");
    window.clickText("English");
    CHECK(contains(window.ui.captureText(draw), "Step line"));
}

TEST_CASE("a device's transcript shows sim's notes in Polish when the UI is Polish")
{
    Window window("where-messages-are-stored");
    window.explorer.apply(app::StepAction{});  // the phone's whole check: connected, 3 new messages, saved ...
    const sim::Device* phone = window.explorer.world().findDevice("Phone");
    REQUIRE(phone != nullptr);
    const auto& entries = phone->transcript().entries();
    const auto connected = std::find_if(entries.begin(), entries.end(), [](const sim::TranscriptEntry& e) {
        return e.kind == sim::EntryKind::Note && e.note.key == "note.connected";
    });
    REQUIRE(connected != entries.end());
    REQUIRE(contains(connected->text, "connected to the POP3 server (session"));

    std::string text = window.ui.captureText(window.draw(), 2);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, connected->text));

    window.settings.language = app::Language::Polish;
    text = window.ui.captureText(window.draw(), 2);
    INFO("drawn text in Polish:\n" << text);
    CHECK(contains(text, "połączono z serwerem POP3 (sesja"));
    CHECK(contains(text, "nowe wiadomości"));  // "3 nowe wiadomości", the UIDL count
    CHECK_FALSE(contains(text, "connected to the POP3 server"));
    CHECK_FALSE(contains(text, "new messages"));

    SUBCASE("the device's status in its column header too")
    {
        window.explorer.apply(app::StepLine{});
        CHECK(contains(window.ui.captureText(window.draw(), 1), "bezczynny"));
    }
}

TEST_CASE("the Add device button adds a device to the world")
{
    Window window("where-messages-are-stored");
    REQUIRE(window.explorer.world().findDevice("Tablet") == nullptr);
    window.clickText("+ Add device");
    window.clickText("Tablet (Tablet)");  // the first one: POP3
    window.explorer.apply(app::StepLine{});
    const sim::Device* tablet = window.explorer.world().findDevice("Tablet");
    REQUIRE(tablet != nullptr);
    CHECK(tablet->protocol() == sim::Protocol::Pop3);
    CHECK(tablet->settings().account == "alice");
    window.frame();
    window.frame();
    CHECK(hasRegion(window.state, "Device: Tablet"));
}

TEST_CASE("the inspector explains the selected line: meaning, RFC, bytes, eavesdropper")
{
    Window window("where-messages-are-stored");
    window.explorer.apply(app::StepAction{});  // the phone's whole check
    const sim::Device* phone = window.explorer.world().findDevice("Phone");
    REQUIRE(phone != nullptr);
    const auto& entries = phone->transcript().entries();
    const auto retr = std::find_if(entries.begin(), entries.end(), [](const sim::TranscriptEntry& e) {
        return e.kind == sim::EntryKind::Line && e.text.starts_with("RETR ");
    });
    REQUIRE(retr != entries.end());
    REQUIRE(retr->explanation != nullptr);
    window.explorer.apply(app::SelectEntry{0, "Phone", static_cast<std::size_t>(retr - entries.begin())});
    window.state.layout.inspectorHeight = 24.0f;  // tall enough that nothing in it is clipped

    const std::string text = window.ui.captureText(window.draw(), 2);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "client → server"));
    CHECK(contains(text, retr->text));
    CHECK(contains(text, std::string(retr->explanation->en)));
    CHECK(contains(text, std::string(retr->explanation->rfc)));
    CHECK(contains(text, retr->text + "\\r\\n"));  // escaped bytes
    CHECK(contains(text, "0d 0a"));                 // hex
    CHECK(contains(text, "eavesdropper"));
    CHECK_FALSE(contains(text, "Select a transcript line"));

    SUBCASE("in Polish, the meaning in Polish")
    {
        REQUIRE_FALSE(retr->explanation->pl.empty());
        window.settings.language = app::Language::Polish;
        const std::string polish = window.ui.captureText(window.draw(), 1);
        CHECK(contains(polish, std::string(retr->explanation->pl)));
        CHECK(contains(polish, "Co widzi podsłuchujący"));
    }
    SUBCASE("a masked password: the raw bytes show what really crossed the plain link")
    {
        const auto pass = std::find_if(entries.begin(), entries.end(), [](const sim::TranscriptEntry& e) {
            return e.text.starts_with("PASS ");
        });
        REQUIRE(pass != entries.end());
        window.explorer.apply(app::SelectEntry{0, "Phone", static_cast<std::size_t>(pass - entries.begin())});
        const std::string text = window.ui.captureText(window.draw(), 1);
        INFO("drawn text:\n" << text);
        CHECK(contains(text, "PASS ********"));          // the transcript line, in the header
        CHECK(contains(text, "PASS alice123"));          // the raw bytes
        CHECK(contains(text, "reads the password exactly like this"));
        CHECK(app::wireBytes(*pass) == "PASS alice123\r\n");
    }
}

TEST_CASE("a broken scenario is shown with file:line, and the world stays")
{
    Window window("where-messages-are-stored");
    const test::TempDir dir("ui-broken");
    const std::filesystem::path file = dir / "mailscope-ui-broken.toml";
    std::ofstream(file) << "title_en = \"Broken\"\n\nstart = yesterday\n";
    window.explorer.apply(app::LoadScenario{file.string()});
    REQUIRE_FALSE(window.explorer.error().empty());

    std::string text = window.ui.captureText(window.draw());
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "mailscope-ui-broken.toml:3"));
    CHECK(contains(text, "The previous scenario stays open."));
    CHECK(hasRegion(window.state, "Device: Phone"));

    window.clickText("Close");
    text = window.ui.captureText(window.draw());
    CHECK_FALSE(contains(text, "mailscope-ui-broken.toml"));
}

TEST_CASE("View > Animate mail flow switches the flow animation off and on")
{
    Window window("where-messages-are-stored");
    REQUIRE(window.settings.animateFlow);
    window.clickText("View");
    window.clickText("Animate mail flow");
    CHECK_FALSE(window.settings.animateFlow);
    window.clickText("View");
    window.clickText("Animate mail flow");
    CHECK(window.settings.animateFlow);
}

TEST_CASE("the scenarios menu lists assets/scenarios and opens one")
{
    Window window("where-messages-are-stored");
    window.clickText("Scenarios");
    window.clickText("Access from several devices");
    CHECK(window.explorer.error().empty());
    CHECK(window.explorer.scenario().title_en == "Access from several devices");
    CHECK(window.state.requestedScenario.ends_with("several-devices.toml"));
}

TEST_CASE("File > Open scenario: the file dialog lists mailscope's scenarios by title and by file")
{
    Window window("where-messages-are-stored");
    window.clickText("File");
    window.clickText("Open scenario…");
    window.frame();
    window.frame();  // a popup is drawn from its second frame on
    CHECK(hasRegion(window.state, "File dialog"));
    CHECK_FALSE(findText("mailscope scenarios").empty());
    CHECK(window.state.files.browser.directory() == (kAssets / "scenarios").lexically_normal());
    // By its title in the places...
    window.clickTarget("file:scenario:several-devices");
    CHECK(window.state.files.browser.fileName == "several-devices.toml");
    window.clickTarget("file:accept");
    CHECK(window.explorer.error().empty());
    CHECK(window.explorer.scenario().title_en == "Access from several devices");
    window.frame();
    CHECK_FALSE(hasRegion(window.state, "File dialog"));  // closed
    // ...or by its file in the listing; a double click is not needed, Open is enough.
    window.clickText("File");
    window.clickText("Open scenario…");
    window.clickTarget("file:entry:managing-mail.toml");
    window.clickTarget("file:accept");
    CHECK(window.explorer.scenario().title_en == sim::loadScenario(kAssets / "scenarios" / "managing-mail.toml", kAssets).title_en);
    CHECK(window.state.requestedScenario.ends_with("managing-mail.toml"));
}

TEST_CASE("the file dialog goes into folders and up, and Open stays off until a file is chosen")
{
    Window window("where-messages-are-stored");
    const test::TempDir dir("ui-open");
    std::filesystem::create_directory(dir / "class");
    std::filesystem::copy_file(kAssets / "scenarios" / "managing-mail.toml", dir / "class" / "monday.toml");
    window.state.files.lastFolder[app::FilePurpose::OpenScenario] = dir.path();
    window.clickText("File");
    window.clickText("Open scenario…");
    window.frame();
    window.frame();
    REQUIRE(hasRegion(window.state, "File dialog"));
    window.clickTarget("file:accept");  // disabled: nothing chosen
    window.frame();
    CHECK(hasRegion(window.state, "File dialog"));
    CHECK(window.explorer.scenario().title_en == "Where messages are stored");
    window.clickTarget("file:entry:class");
    CHECK(window.state.files.browser.directory() == (dir / "class").lexically_normal());
    window.clickTarget("file:up");
    CHECK(window.state.files.browser.directory() == dir.path().lexically_normal());
    window.clickTarget("file:entry:class");
    window.clickTarget("file:entry:monday.toml");
    window.clickTarget("file:accept");
    CHECK(window.explorer.error().empty());
    CHECK(window.explorer.scenario().title_en == "Managing mail: folders, moves, deletes");
    // The next Open starts where this one ended.
    CHECK(window.state.files.lastFolder[app::FilePurpose::OpenScenario] == (dir / "class").lexically_normal());
}

TEST_CASE("File > Export transcript writes the file named in the dialog and says so")
{
    Window window("where-messages-are-stored");
    window.explorer.apply(app::StepAction{});
    const test::TempDir dir("ui-export");
    window.state.files.lastFolder[app::FilePurpose::ExportTranscript] = dir.path();
    window.clickText("File");
    window.clickText("Export transcript…");
    window.frame();
    CHECK(window.state.files.browser.fileName == "mailscope-transcript.txt");
    window.clickTarget("file:accept");
    const std::filesystem::path file = dir / "mailscope-transcript.txt";
    CHECK(std::filesystem::exists(file));
    CHECK_FALSE(window.state.noticeFailed);
    CHECK(contains(window.state.notice, file.string()));
    window.frame();
    CHECK_FALSE(findText("Saved to").empty());
    // Again: the file exists, so the dialog asks before replacing it.
    window.clickText("File");
    window.clickText("Export transcript…");
    window.frame();
    window.frame();
    CHECK_FALSE(findText("alreadyexists").empty());
    CHECK_FALSE(findText("Replace").empty());
    window.clickTarget("file:accept");  // Replace
    window.frame();
    CHECK_FALSE(hasRegion(window.state, "File dialog"));
}

TEST_CASE("File > Save world writes a scenario that File > Open scenario reopens to the same transcripts")
{
    Window window("several-devices");
    window.explorer.apply(app::StepAction{});
    window.explorer.apply(app::StepLine{});
    window.explorer.apply(app::StepLine{});
    window.clickTarget("device:Laptop:check_mail");  // a click while the world is mid-way
    for (int i = 0; i < 12; ++i)
        window.explorer.apply(app::StepLine{});
    const std::string before = sim::formatPlain(window.explorer.world());
    const std::size_t step = window.explorer.world().stepCount();

    const test::TempDir dir("ui-save");
    window.state.files.lastFolder[app::FilePurpose::SaveWorld] = dir.path();
    window.state.files.lastFolder[app::FilePurpose::OpenScenario] = dir.path();
    window.clickText("File");
    window.clickText("Save world…");
    window.frame();
    CHECK(window.state.files.browser.fileName == "my-world.toml");
    window.clickTarget("file:accept");
    const std::filesystem::path file = dir / "my-world.toml";
    REQUIRE(std::filesystem::exists(file));
    CHECK_FALSE(window.state.noticeFailed);

    window.explorer.apply(app::Reset{});  // somewhere else entirely
    window.explorer.apply(app::LoadScenario{(kAssets / "scenarios" / "eavesdropper.toml").string()});
    window.clickText("File");
    window.clickText("Open scenario…");
    window.clickTarget("file:entry:my-world.toml");
    window.clickTarget("file:accept");
    REQUIRE(window.explorer.error().empty());
    CHECK(window.explorer.world().stepCount() == step);
    CHECK(sim::formatPlain(window.explorer.world()) == before);
}

TEST_CASE("File > Save world is off during a lesson, and says why")
{
    Window window("where-messages-are-stored");
    window.explorer.apply(app::StartLesson{(std::filesystem::path(MAILSCOPE_SOURCE_DIR) / "lessons" / "content" /
                                            "02-pop3-downloads-then-deletes.toml")
                                               .string()});
    REQUIRE(window.explorer.lesson() != nullptr);
    CHECK_FALSE(window.explorer.savedScenario().has_value());
    window.clickText("File");
    window.clickText("Save world…");
    window.frame();
    CHECK_FALSE(hasRegion(window.state, "File dialog"));
}

TEST_CASE("a device's Export… can choose the file in the file dialog")
{
    Window window("where-messages-are-stored");
    window.explorer.apply(app::StepAction{});
    const test::TempDir dir("ui-device-export");
    window.state.files.lastFolder[app::FilePurpose::DeviceExport] = dir.path();
    window.frame();  // the window exists before a dialog opens over it
    window.explorer.view().requestExportBrowse(0, "Laptop");
    window.frame();
    window.frame();
    CHECK(hasRegion(window.state, "File dialog"));
    CHECK(window.state.files.browser.fileName == "mailscope-Laptop-transcript.txt");
    window.clickTarget("file:accept");
    const std::filesystem::path file = dir / "mailscope-Laptop-transcript.txt";
    REQUIRE(std::filesystem::exists(file));
    const app::ExportState& state = window.explorer.view().exportState(0, "Laptop");
    CHECK_FALSE(state.failed);
    CHECK(contains(state.message, file.string()));
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(contains(text, "Transcript of Laptop"));
}

TEST_CASE("exportTranscripts writes every device's lines")
{
    app::Explorer explorer(scenario("where-messages-are-stored"));
    explorer.apply(app::StepAction{});
    const test::TempDir dir("export");
    const std::filesystem::path file = dir / "transcripts.txt";
    std::string error;
    REQUIRE(app::exportTranscripts(explorer, file.string(), error));
    std::ifstream in(file);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(contains(text, explorer.scenario().title_en));
    CHECK(contains(text, "Phone"));
    CHECK(contains(text, "USER alice"));

    CHECK_FALSE(app::exportTranscripts(explorer, "/nonexistent/dir/x.txt", error));
    CHECK(contains(error, "/nonexistent/dir/x.txt"));
}

}  // TEST_SUITE

TEST_SUITE("app.inspector") {

TEST_CASE("wireBytes: a line with its CRLF, a literal as it is, nothing for a note")
{
    sim::TranscriptEntry entry;
    entry.text = "RETR 1";
    CHECK(app::wireBytes(entry) == "RETR 1\r\n");
    entry.kind = sim::EntryKind::Literal;
    entry.text = "Subject: Hi\r\n\r\nBody\r\n";
    CHECK(app::wireBytes(entry) == entry.text);
    entry.kind = sim::EntryKind::Note;
    CHECK(app::wireBytes(entry).empty());
}

TEST_CASE("escapeBytes shows every byte readably")
{
    CHECK(app::escapeBytes("RETR 1\r\n") == "RETR 1\\r\\n");
    CHECK(app::escapeBytes("a\r\nb\r\n") == "a\\r\\n\nb\\r\\n");  // a line break after each \n but the last
    CHECK(app::escapeBytes("tab\there \\ x") == "tab\\there \\\\ x");
    CHECK(app::escapeBytes("\x01\x7f") == "\\x01\\x7f");
    CHECK(app::escapeBytes("ł") == "\\xc5\\x82");  // UTF-8 shown as its bytes
    CHECK(app::escapeBytes("abcdef", 3) == "abc…");
    CHECK(app::escapeBytes("").empty());
}

TEST_CASE("hexRows and hexDump: 16 bytes a row with offset and ASCII")
{
    const std::vector<app::HexRow> rows = app::hexRows("RETR 1\r\n");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].offset == "0000");
    CHECK(rows[0].hex == "52 45 54 52 20 31 0d 0a");
    CHECK(rows[0].ascii == "RETR 1..");

    const std::string seventeen(17, 'A');
    const std::vector<app::HexRow> two = app::hexRows(seventeen);
    REQUIRE(two.size() == 2);
    CHECK(two[1].offset == "0010");
    CHECK(two[1].hex == "41");
    CHECK(app::hexRows(std::string(100, 'x'), 32).size() == 2);  // at most maxBytes
    CHECK(app::hexRows("").empty());

    const std::string dump = app::hexDump(seventeen);
    CHECK(dump.starts_with("0000  41 41"));
    CHECK(contains(dump, "\n0010  41"));
}

}  // TEST_SUITE

// [SECTION] guided lessons in the window

namespace {

const std::filesystem::path kLessons = MAILSCOPE_SOURCE_DIR "/lessons/content";

std::size_t serverCount(const app::Explorer& explorer)
{
    const auto accounts = explorer.world().store().accounts();
    const mail::Mailbox* inbox = accounts.empty() ? nullptr : accounts.front()->findMailbox("INBOX");
    return inbox ? inbox->size() : 0;
}

std::size_t deviceCount(const app::Explorer& explorer, const std::string& device)
{
    const sim::Device* d = explorer.world().findDevice(device);
    return d ? d->local().messageCount() : 0;
}

/// Clicks "Finish now" while the world is still carrying what the last click started.
void finishWorld(Window& window)
{
    window.frame();
    if (window.explorer.lesson()->runner().busy())
        window.clickTarget("lesson:finish-now");
    REQUIRE_FALSE(window.explorer.lesson()->runner().busy());
}

}  // namespace

TEST_SUITE("app.lesson_ui") {

TEST_CASE("a student completes lesson 2 by clicking, and a wrong click gets the step's feedback")
{
    Window window("where-messages-are-stored");
    // From the Lessons menu, as a student would.
    window.clickText("Lessons");
    window.clickText("POP3 downloads, then deletes");
    REQUIRE(window.explorer.lesson() != nullptr);
    const lessons::Runner& runner = window.explorer.lesson()->runner();
    CHECK(window.explorer.lesson()->lesson().id == "pop3-downloads-then-deletes");
    window.frame();
    CHECK(hasRegion(window.state, "Lesson"));
    CHECK(app::lessonHighlight(window.explorer) == "device:Laptop:check_mail");
    CHECK(serverCount(window.explorer) == 3);

    // The wrong device: the phone takes the mail. The check the step names fails, with its text.
    window.clickTarget("device:Phone:check_mail");
    finishWorld(window);
    CHECK(deviceCount(window.explorer, "Phone") == 3);
    std::string text = window.ui.captureText(window.draw(), 1);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "The laptop should hold the three messages it downloaded with RETR."));
    CHECK_FALSE(runner.complete());
    window.clickTarget("lesson:next");  // disabled: nothing happens
    CHECK(runner.index() == 0);
    window.clickTarget("lesson:where:laptop-downloaded-all");
    text = window.ui.captureText(window.draw(), 1);
    CHECK(contains(text, "It was not true at any moment of this world so far."));
    CHECK(deviceCount(window.explorer, "Phone") == 3);  // finding out replays the world and leaves it as it was

    // Try again: the world as the step began, then the right button.
    window.clickTarget("lesson:retry");
    CHECK(serverCount(window.explorer) == 3);
    CHECK(deviceCount(window.explorer, "Phone") == 0);
    window.clickTarget("device:Laptop:check_mail");
    finishWorld(window);
    CHECK(deviceCount(window.explorer, "Laptop") == 3);
    CHECK(serverCount(window.explorer) == 0);
    REQUIRE(runner.complete());
    text = window.ui.captureText(window.draw(), 1);
    CHECK_FALSE(contains(text, "The laptop should hold"));
    window.clickTarget("lesson:next");
    REQUIRE(runner.index() == 1);

    // A button the lesson does not use is disabled, with the reason.
    sim::Action flag;
    flag.device = "Laptop";
    flag.kind = sim::ActionKind::Flag;
    CHECK(window.explorer.refusal(flag) == std::optional<std::string>(app::tr("lesson.not_allowed")));

    // The phone finds nothing.
    CHECK(app::lessonHighlight(window.explorer) == "device:Phone:check_mail");
    window.clickTarget("device:Phone:check_mail");
    finishWorld(window);
    REQUIRE(runner.complete());
    window.clickTarget("lesson:next");
    REQUIRE(runner.index() == 2);

    // New mail (the lesson delivers it), and the phone takes it.
    finishWorld(window);
    CHECK(serverCount(window.explorer) == 1);
    window.clickTarget("device:Phone:check_mail");
    finishWorld(window);
    REQUIRE(runner.complete());
    window.clickTarget("lesson:next");
    REQUIRE(runner.index() == 3);

    // The quiz: a wrong answer gets its feedback, the right one the praise.
    window.clickTarget("lesson:choice:all");
    window.clickTarget("lesson:answer");
    text = window.ui.captureText(window.draw(), 1);
    CHECK(contains(text, "The server is empty: POP3 deleted every message it handed out."));
    CHECK_FALSE(runner.complete());
    window.clickTarget("lesson:choice:only-lunch");
    window.clickTarget("lesson:answer");
    text = window.ui.captureText(window.draw(), 1);
    CHECK(contains(text, "Right!"));
    REQUIRE(runner.complete());
    window.clickTarget("lesson:next");
    CHECK(runner.finished());

    // The progress survives: the file says the lesson is finished.
    std::ifstream in(window.home.path() / "lessons-progress.toml");
    const std::string saved((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(contains(saved, "pop3-downloads-then-deletes"));
    const std::vector<app::LessonEntry> list =
        app::listLessons(kLessons, kAssets, window.home.path() / "lessons-progress.toml");
    const auto entry = std::find_if(list.begin(), list.end(), [](const app::LessonEntry& e) {
        return e.id == "pop3-downloads-then-deletes";
    });
    REQUIRE(entry != list.end());
    CHECK(entry->finished);
    CHECK(entry->finishedSteps == 4);
}

TEST_CASE("switching to Polish mid-lesson keeps the highlight on the same widget")
{
    Window window("where-messages-are-stored");
    window.explorer.apply(app::StartLesson{(kLessons / "02-pop3-downloads-then-deletes.toml").string()});
    REQUIRE(window.explorer.lesson() != nullptr);
    window.frame();
    const std::string english = app::lessonHighlight(window.explorer);
    CHECK(english == "device:Laptop:check_mail");
    REQUIRE(window.explorer.targets().count(english) == 1);

    window.settings.language = app::Language::Polish;
    window.frame();
    std::string text = window.ui.captureText(window.draw(), 1);
    INFO("drawn text:\n" << text);
    CHECK(contains(text, "Kliknij"));
    CHECK(contains(text, "Sprawdź pocztę"));
    CHECK(app::lessonHighlight(window.explorer) == english);
    REQUIRE(window.explorer.targets().count(english) == 1);
    // The highlighted widget is still the laptop's Check mail: clicking it downloads the mail.
    window.clickTarget(english);
    finishWorld(window);
    CHECK(deviceCount(window.explorer, "Laptop") == 3);
    CHECK(window.explorer.lesson()->runner().complete());
}

TEST_CASE("a broken lesson file is reported with its line and the window goes on")
{
    Window window("where-messages-are-stored");
    const std::filesystem::path file = window.home.path() / "broken.toml";
    std::ofstream(file) << "id = \"x\"\norder = 1\ntitle_en = \"X\"\n[[steps]\n";
    window.explorer.apply(app::StartLesson{file.string()});
    CHECK(window.explorer.lesson() == nullptr);
    CHECK(contains(window.explorer.error(), "broken.toml:4:"));
    window.frame();
    CHECK(hasRegion(window.state, "Server"));
}

TEST_CASE("a lesson file edited on disk is read again at the same step, and a broken edit keeps the lesson")
{
    Window window("where-messages-are-stored");
    const std::filesystem::path file = window.home.path() / "02-copy.toml";
    std::filesystem::copy_file(kLessons / "02-pop3-downloads-then-deletes.toml", file);
    window.explorer.apply(app::StartLesson{file.string()});
    REQUIRE(window.explorer.lesson() != nullptr);
    window.explorer.apply(app::LessonIntent{app::LessonMove::Skip});
    REQUIRE(window.explorer.lesson()->runner().index() == 1);
    CHECK(window.explorer.lesson()->runner().step().title.en == "The phone finds nothing");

    const auto rewrite = [&](const std::string& from, const std::string& to) {
        std::ifstream in(file);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        in.close();
        const std::size_t at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        std::ofstream(file) << text;
        // A later modification time, whatever the file system's resolution.
        std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) + std::chrono::seconds(2));
    };
    rewrite("title_en = \"The phone finds nothing\"", "title_en = \"The phone finds an empty mailbox\"");
    window.explorer.update(1.1);  // the window looks at the file about once a second
    REQUIRE(window.explorer.lesson() != nullptr);
    CHECK(window.explorer.lesson()->reloadError().empty());
    CHECK(window.explorer.lesson()->runner().index() == 1);
    CHECK(window.explorer.lesson()->runner().step().title.en == "The phone finds an empty mailbox");
    CHECK(serverCount(window.explorer) == 0);  // the first step's solution was played again

    rewrite("[[steps]]\nid = \"new-mail-to-one-device\"", "[[steps]\nid = \"new-mail-to-one-device\"");
    window.explorer.update(1.1);
    REQUIRE(window.explorer.lesson() != nullptr);
    CHECK(contains(window.explorer.lesson()->reloadError(), "02-copy.toml:"));
    CHECK(window.explorer.lesson()->runner().step().title.en == "The phone finds an empty mailbox");
    window.frame();
    const std::string text = window.ui.captureText(window.draw(), 1);
    CHECK(contains(text, "The lesson file has a problem"));
}

TEST_CASE("a real-client step: the built-in IMAP client flags the message over a socket and the laptop is told")
{
    Window window("where-messages-are-stored");
    window.explorer.apply(app::StartLesson{(kLessons / "04-imap-keeps-mail-on-the-server.toml").string()});
    REQUIRE(window.explorer.lesson() != nullptr);
    window.explorer.apply(app::LessonIntent{app::LessonMove::SkipTo, {}, "real-client"});
    const lessons::Runner& runner = window.explorer.lesson()->runner();
    REQUIRE(runner.step().id == "real-client");
    CHECK_FALSE(runner.complete());
    window.clickTarget("lesson:solution");
    window.clickTarget("lesson:do-it");
    REQUIRE(runner.realClientRun().has_value());
    if (!runner.realClientRun()->ok && runner.realClientRun()->error.starts_with("no loopback port")) {
        test::skip(runner.realClientRun()->error);
        return;
    }
    INFO(runner.realClientRun()->transcript << runner.realClientRun()->error);
    CHECK(runner.realClientRun()->ok);
    CHECK(contains(runner.realClientRun()->transcript, "C: a3 UID STORE 2 +FLAGS (\\Flagged)"));
    finishWorld(window);
    CHECK(runner.complete());
    for (const lessons::CheckResult& r : runner.results())
        CHECK_MESSAGE(r.holds, r.check->id);
}

}  // TEST_SUITE
