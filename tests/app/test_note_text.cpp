// What sim/ says for people (transcript notes, the server log, device status, actions) in
// the UI's language: the Polish table matches sim's keys, and over every shipped scenario
// the Polish window shows no English sentence from sim/.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/ui/i18n.h"
#include "app/ui/note_text.h"
#include "sim/notes.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

/// Restores English whatever a test case does.
struct PolishUi {
    PolishUi() { app::setLanguage(app::Language::Polish); }
    ~PolishUi() { app::setLanguage(app::Language::English); }
};

const char* polishTemplate(std::string_view key)
{
    for (const app::NoteTranslation& t : app::polishNoteTemplates())
        if (key == t.key)
            return t.pl;
    return nullptr;
}

/// For each plural choice "{N|a|b|...}" in a template: N and the number of forms.
std::vector<std::pair<std::size_t, std::size_t>> pluralChoices(std::string_view tmpl)
{
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t open = tmpl.find('{'); open != std::string_view::npos; open = tmpl.find('{', open + 1)) {
        const std::size_t close = tmpl.find('}', open);
        const std::string_view inside = tmpl.substr(open + 1, close - open - 1);
        const std::size_t bar = inside.find('|');
        if (bar == std::string_view::npos)
            continue;
        out.emplace_back(std::stoul(std::string(inside.substr(0, bar))),
                         static_cast<std::size_t>(std::count(inside.begin(), inside.end(), '|')));
    }
    return out;
}

/// The English template's text between its placeholders that holds words (two or more, one
/// of three lower-case letters in a row): what must not show up in Polish. Single words are
/// left out: Polish shares some ("folder") or starts with them ("flagą").
std::vector<std::string> englishWords(std::string_view tmpl)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= tmpl.size()) {
        const std::size_t open = std::min(tmpl.find('{', pos), tmpl.size());
        std::string chunk(tmpl.substr(pos, open - pos));
        const auto first = chunk.find_first_not_of(" ;:,.()\"");
        const auto last = chunk.find_last_not_of(" ;:,.()\"");
        chunk = first == std::string::npos ? std::string() : chunk.substr(first, last - first + 1);
        int run = 0;
        bool word = false;
        for (const char c : chunk) {
            run = std::islower(static_cast<unsigned char>(c)) ? run + 1 : 0;
            word = word || run >= 3;
        }
        if (word && chunk.find(' ') != std::string::npos)
            out.push_back(chunk);
        if (open >= tmpl.size())
            break;
        pos = tmpl.find('}', open) + 1;
    }
    return out;
}

/// The note with every piece of data that is not a number replaced by "§", so the words of
/// a subject or a server's reply never count as the app's English.
sim::Note withoutData(const sim::Note& note)
{
    sim::Note out = note;
    if (out.key.empty()) {
        const bool number = !out.text.empty() && std::all_of(out.text.begin(), out.text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
        if (!number)
            out.text = "§";
        return out;
    }
    for (sim::Note& arg : out.args)
        arg = withoutData(arg);
    return out;
}

/// Whether a note says nothing but its data ("{0}: {1}" around data, or data itself).
bool onlyData(const sim::Note& note)
{
    if (note.key.empty())
        return true;
    if (!englishWords(sim::englishTemplate(note.key)).empty())
        return false;
    return std::all_of(note.args.begin(), note.args.end(), onlyData);
}

/// Every key in a note and its phrases.
void collectKeys(const sim::Note& note, std::set<std::string>& keys)
{
    if (note.key.empty())
        return;
    keys.insert(note.key);
    for (const sim::Note& arg : note.args)
        collectKeys(arg, keys);
}

/// Checks one note as the Polish window renders it: every key has Polish, and no English
/// word of any of its templates shows.
void checkPolish(const sim::Note& note, std::set<std::string>& seen)
{
    if (note.key.empty())
        return;  // data only
    std::set<std::string> keys;
    collectKeys(note, keys);
    const std::string polish = app::trNote(withoutData(note));
    const std::string english = sim::noteText(withoutData(note));
    INFO("note " << note.key << ": \"" << sim::noteText(note) << "\" in Polish \"" << app::trNote(note) << "\"");
    for (const std::string& key : keys) {
        CHECK_MESSAGE(polishTemplate(key) != nullptr, "no Polish for " << key);
        for (const std::string& word : englishWords(sim::englishTemplate(key)))
            CHECK_MESSAGE(polish.find(word) == std::string::npos, "English \"" << word << "\" in Polish");
    }
    if (!onlyData(note)) {
        CHECK(polish != english);
        CHECK(polish.find(english) == std::string::npos);
    }
    seen.insert(keys.begin(), keys.end());
}

/// Checks what the window shows of a world now: each device's status and transcript
/// notes, the server log and the next step.
void checkWorld(const sim::World& world, std::set<std::string>& seen)
{
    for (const sim::Device* device : world.devices()) {
        checkPolish(device->statusNote(), seen);
        for (const sim::TranscriptEntry& e : device->transcript().entries()) {
            if (e.kind != sim::EntryKind::Note)
                continue;
            CHECK(sim::noteText(e.note) == e.text);  // the English rendering is what the transcript holds
            REQUIRE_FALSE(e.note.key.empty());
            CHECK(app::entryText(e, app::Language::Polish) == app::trNote(e.note));
            checkPolish(e.note, seen);
        }
    }
    for (const sim::TranscriptEntry& e : world.serverLog().entries())
        checkPolish(e.note, seen);
    if (world.next().kind == sim::NextStep::Kind::Action)
        checkPolish(world.next().note, seen);
}

/// Runs a world until it is finished (devices that poll would go on for ever), checking
/// statuses at every step and every note at the end.
void runChecked(sim::World& world, std::set<std::string>& seen)
{
    for (std::size_t steps = 0; !world.finished() && steps < 20'000; ++steps) {
        world.step();
        for (const sim::Device* device : world.devices())
            checkPolish(device->statusNote(), seen);
    }
    REQUIRE(world.finished());
    checkWorld(world, seen);
}

sim::Action personAction(std::string device, sim::ActionKind kind)
{
    sim::Action a;
    a.device = std::move(device);
    a.kind = kind;
    a.origin = sim::ActionOrigin::User;
    return a;
}

/// What a person might do on every device after the scenario, one action at a time, so
/// that the notes of local changes, errors, going offline and switching settings show too.
void playAround(sim::World& world, std::set<std::string>& seen)
{
    std::vector<std::string> names;
    for (const sim::Device* device : world.devices())
        names.push_back(device->name());
    for (const std::string& name : names) {
        std::vector<sim::Action> actions;
        const auto add = [&](sim::ActionKind kind, const std::function<void(sim::Action&)>& set = {}) {
            sim::Action a = personAction(name, kind);
            if (set)
                set(a);
            actions.push_back(std::move(a));
        };
        using K = sim::ActionKind;
        add(K::OpenMessage, [](sim::Action& a) { a.message = sim::MessageRef{1, {}}; });
        add(K::MarkUnread, [](sim::Action& a) { a.message = sim::MessageRef{1, {}}; });
        add(K::Flag, [](sim::Action& a) { a.message = sim::MessageRef{1, {}}; });
        add(K::Unflag, [](sim::Action& a) { a.message = sim::MessageRef{1, {}}; });
        add(K::Flag, [](sim::Action& a) {
            a.message = sim::MessageRef{1, {}};
            a.flag = "no such flag";
        });
        add(K::OpenMessage, [](sim::Action& a) { a.message = sim::MessageRef{99, {}}; });
        add(K::OpenMessage, [](sim::Action& a) { a.message = sim::MessageRef{{}, "nothing like this"}; });
        add(K::CreateFolder, [](sim::Action& a) { a.folder = "Projekty"; });
        add(K::CreateFolder, [](sim::Action& a) { a.folder = "Projekty"; });
        add(K::MoveToFolder, [](sim::Action& a) {
            a.message = sim::MessageRef{2, {}};
            a.folder = "Projekty";
        });
        add(K::MoveToFolder, [](sim::Action& a) {
            a.message = sim::MessageRef{3, {}};
            a.folder = "Archiwum";
        });
        add(K::RenameFolder, [](sim::Action& a) {
            a.folder = "Projekty";
            a.newName = "Projekty 2026";
        });
        add(K::RenameFolder, [](sim::Action& a) {
            a.folder = "INBOX";
            a.newName = "Skrzynka";
        });
        add(K::DeleteFolder, [](sim::Action& a) { a.folder = "Projekty 2026"; });
        add(K::DeleteFolder, [](sim::Action& a) { a.folder = "INBOX"; });
        add(K::Delete, [](sim::Action& a) { a.message = sim::MessageRef{1, {}}; });
        add(K::GoOffline);
        add(K::CheckMail);
        add(K::CreateFolder, [](sim::Action& a) { a.folder = "Offline"; });
        add(K::GoOnline);
        add(K::SetIdle, [](sim::Action& a) { a.on = false; });
        add(K::SetIdle, [](sim::Action& a) { a.on = true; });
        add(K::SetLeaveCopy, [](sim::Action& a) { a.on = true; });
        add(K::SetTls, [](sim::Action& a) { a.tls = sim::TlsMode::Implicit; });
        add(K::SetTls, [](sim::Action& a) { a.tls = sim::TlsMode::StartTls; });
        add(K::UndoDeletes);
        add(K::SetQuickResync, [](sim::Action& a) { a.on = true; });
        add(K::SetQuickResync, [](sim::Action& a) { a.on = false; });
        add(K::CheckMail);
        add(K::SetProtocol, [&](sim::Action& a) {
            const sim::Device* device = world.findDevice(name);
            a.protocol = device && device->protocol() == sim::Protocol::Pop3 ? sim::Protocol::Imap
                                                                               : sim::Protocol::Pop3;
        });
        add(K::CheckMail);
        for (sim::Action& a : actions) {
            world.submit(std::move(a));
            runChecked(world, seen);
        }
    }
    sim::Action nobody = personAction("Nobody", sim::ActionKind::CheckMail);
    world.submit(nobody);
    runChecked(world, seen);
    world.submit(personAction(names.front(), sim::ActionKind::RemoveDevice));
    runChecked(world, seen);
}

}  // namespace

TEST_SUITE("app.notes") {

TEST_CASE("every note key has Polish text with the same arguments and plural choices")
{
    std::set<std::string_view> simKeys;
    for (const sim::NoteTemplate& t : sim::noteTemplates()) {
        INFO("key " << t.key);
        CHECK_MESSAGE(simKeys.insert(t.key).second, "duplicate key");
        const char* pl = polishTemplate(t.key);
        REQUIRE_MESSAGE(pl != nullptr, "no Polish template");
        CHECK(sim::templateArguments(t.en) == sim::templateArguments(pl));
        // Every count English declines, Polish declines too (Polish may decline more).
        std::set<std::size_t> polishCounts;
        for (const auto& [arg, forms] : pluralChoices(pl)) {
            CHECK(forms == 3);  // one, few, many
            polishCounts.insert(arg);
        }
        for (const auto& [arg, forms] : pluralChoices(t.en)) {
            CHECK(forms == 2);  // one, other
            CHECK(polishCounts.contains(arg));
        }
        const bool words =
            std::any_of(t.en.begin(), t.en.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
        if (words)
            CHECK(std::string_view(pl) != t.en);  // a sentence is translated, not copied
    }
    std::set<std::string_view> polishKeys;
    for (const app::NoteTranslation& t : app::polishNoteTemplates()) {
        INFO("Polish key " << t.key);
        CHECK_MESSAGE(polishKeys.insert(t.key).second, "duplicate key");
        CHECK_MESSAGE(simKeys.contains(t.key), "not a key sim/ uses");
    }
}

TEST_CASE("notes render their arguments, phrases and plural forms in each language")
{
    using sim::makeNote;
    using sim::noteData;
    const auto newMail = [](std::uint64_t n) { return makeNote("note.imap.new_mail", {noteData(n)}); };
    CHECK(sim::noteText(newMail(1)) == "new mail: 1 message");
    CHECK(sim::noteText(newMail(3)) == "new mail: 3 messages");
    CHECK(app::noteIn(newMail(1), app::Language::Polish) == "nowa poczta: 1 wiadomość");
    CHECK(app::noteIn(newMail(3), app::Language::Polish) == "nowa poczta: 3 wiadomości");
    CHECK(app::noteIn(newMail(5), app::Language::Polish) == "nowa poczta: 5 wiadomości");

    const auto found = [](std::uint64_t n) { return makeNote("note.pop3.new", {noteData(n)}); };
    CHECK(app::noteIn(found(1), app::Language::Polish) == "1 nowa wiadomość");
    CHECK(app::noteIn(found(22), app::Language::Polish) == "22 nowe wiadomości");
    CHECK(app::noteIn(found(12), app::Language::Polish) == "12 nowych wiadomości");

    const sim::Note connected = makeNote("note.connected", {noteData("IMAP"), noteData(3)});
    CHECK(sim::noteText(connected) == "connected to the IMAP server (session 3)");
    CHECK(app::noteIn(connected, app::Language::Polish) == "połączono z serwerem IMAP (sesja 3)");

    const sim::Note saved =
        makeNote("note.pop3.saved", {makeNote("msg.subject", {noteData("Welcome")}), noteData(2)});
    CHECK(sim::noteText(saved) == "saved \"Welcome\" as local message 2");
    CHECK(app::noteIn(saved, app::Language::Polish) == "pobrano „Welcome” i zapisano jako wiadomość lokalną nr 2");

    sim::Action open;
    open.device = "Phone";
    open.kind = sim::ActionKind::OpenMessage;
    open.message = sim::MessageRef{3, {}};
    CHECK(sim::describeAction(open) == "Phone: open message 3");
    CHECK(app::noteIn(sim::actionNote(open), app::Language::Polish) == "Phone: otwórz wiadomość 3");

    SUBCASE("the UI's language picks the rendering")
    {
        const PolishUi polish;
        CHECK(app::trNote(connected) == "połączono z serwerem IMAP (sesja 3)");
    }
    CHECK(app::trNote(connected) == "connected to the IMAP server (session 3)");
    CHECK(app::trNote(makeNote("no.such.key")) == "no.such.key");
    CHECK(app::trNote(sim::noteData("a subject")) == "a subject");
}

TEST_CASE("the Polish UI shows no English note or status from sim over every shipped scenario")
{
    const PolishUi polish;
    std::set<std::string> seen;
    std::size_t scenarios = 0;
    for (const auto& file : std::filesystem::directory_iterator(kAssets / "scenarios")) {
        if (file.path().extension() != ".toml")
            continue;
        ++scenarios;
        CAPTURE(file.path().filename().string());
        const sim::Scenario scenario = sim::loadScenario(file.path(), kAssets);
        {
            sim::World world(scenario);
            checkWorld(world, seen);
            runChecked(world, seen);
            playAround(world, seen);
        }
        sim::Comparison compare(scenario);
        for (sim::World* world : {&compare.pop3(), &compare.imap()}) {
            runChecked(*world, seen);
            playAround(*world, seen);
        }
    }
    CHECK(scenarios >= 4);
    // The runs reach most of the table: the connection, a mail check in each protocol,
    // local changes, refusals, going offline and switching settings.
    MESSAGE(seen.size() << " of " << sim::noteTemplates().size() << " note keys shown");
    for (const char* key : {"note.connected", "note.pop3.saved", "note.imap.new_mail", "note.pop3.flag_set",
                            "note.imap.folder_new", "note.offline_dropped", "note.compare_mode",
                            "status.waiting_in_idle", "action.by_device", "log.session_opened"})
        CHECK_MESSAGE(seen.contains(key), key << " never shown");
}

}  // TEST_SUITE
