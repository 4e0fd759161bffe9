// Notes are a key plus arguments: the template table, the renderer, and every note the
// shipped scenarios write has a known key whose English rendering is the transcript's text.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "sim/notes.h"
#include "sim/scenario.h"
#include "sim/world.h"

using namespace mailscope;
using sim::makeNote;
using sim::noteData;

namespace {

const std::filesystem::path kAssets = MAILSCOPE_SOURCE_DIR "/assets";

/// Every key in the note is in the table and gets every argument its template names.
void checkNote(const sim::Note& note) {
    if (note.key.empty()) return;
    INFO("key " << note.key);
    bool known = false;
    for (const sim::NoteTemplate& t : sim::noteTemplates()) known = known || t.key == note.key;
    CHECK(known);
    const auto used = sim::templateArguments(sim::englishTemplate(note.key));
    CHECK(note.args.size() == (used.empty() ? 0 : used.back() + 1));
    for (const sim::Note& arg : note.args) checkNote(arg);
}

void checkEntries(const sim::Transcript& transcript) {
    for (const sim::TranscriptEntry& e : transcript.entries()) {
        if (e.kind != sim::EntryKind::Note) {
            CHECK(e.note == sim::Note{});
            continue;
        }
        REQUIRE_FALSE(e.note.key.empty());
        CHECK(sim::noteText(e.note) == e.text);
        checkNote(e.note);
    }
}

void checkWorld(const sim::World& world) {
    for (const sim::Device* device : world.devices()) {
        checkEntries(device->transcript());
        checkNote(device->statusNote());
        CHECK(sim::noteText(device->statusNote()) == device->status());
    }
    checkEntries(world.serverLog());
}

}  // namespace

TEST_SUITE("sim.notes") {

TEST_CASE("the template table: unique keys, arguments numbered from 0 without gaps") {
    std::set<std::string_view> keys;
    for (const sim::NoteTemplate& t : sim::noteTemplates()) {
        INFO("key " << t.key);
        CHECK(keys.insert(t.key).second);
        const auto used = sim::templateArguments(t.en);
        for (std::size_t i = 0; i < used.size(); ++i) CHECK(used[i] == i);
        CHECK(sim::englishTemplate(t.key) == t.en);
    }
    CHECK(sim::englishTemplate("no.such.key").empty());
}

TEST_CASE("rendering: data, phrases, plural choices and unknown keys") {
    CHECK(sim::noteText(noteData("as it is {0}")) == "as it is {0}");
    CHECK(sim::noteText(makeNote("note.connected", {noteData("POP3"), noteData(4)})) ==
          "connected to the POP3 server (session 4)");
    CHECK(sim::noteText(makeNote("note.imap.new_in_folder", {noteData("Archive"), noteData(1)})) ==
          "Archive: 1 new message");
    CHECK(sim::noteText(makeNote("note.imap.new_in_folder", {noteData("Archive"), noteData(2)})) ==
          "Archive: 2 new messages");
    CHECK(sim::noteText(makeNote("note.imap.message_removed", {makeNote("msg.number", {noteData(7)})})) ==
          "message 7 was removed on the server");
    CHECK(sim::noteText(makeNote("no.such.key", {noteData("x")})) == "no.such.key");
    CHECK(sim::noteText(makeNote("action.open_message", {makeNote("action.ref.none")})) == "open message");

    // Another language: its own templates and plural rule.
    const sim::NoteLanguage shouting{
        [](std::string_view key) -> std::string_view {
            return key == "note.imap.new_mail" ? "MAIL {0} {0|A|B|C}" : sim::englishTemplate(key);
        },
        [](std::uint64_t n, std::size_t) -> std::size_t { return n % 3; },
    };
    CHECK(sim::renderNote(makeNote("note.imap.new_mail", {noteData(4)}), shouting) == "MAIL 4 B");
    CHECK(sim::renderNote(makeNote("note.imap.new_mail", {noteData("many")}), shouting) == "MAIL many C");
    CHECK(sim::templateArguments("{1|a|b} and {0} and {1}") == std::vector<std::size_t>{0, 1});
}

TEST_CASE("an action's description is a note: its English is describeAction()") {
    sim::Action move;
    move.device = "Laptop";
    move.kind = sim::ActionKind::MoveToFolder;
    move.message = sim::MessageRef{{}, "Welcome"};
    move.sourceFolder = "INBOX";
    move.folder = "Archive";
    CHECK(sim::describeAction(move) == "Laptop: move to folder \"Welcome\" from INBOX to Archive");
    checkNote(sim::actionNote(move));
    sim::Action tls;
    tls.device = "Phone";
    tls.kind = sim::ActionKind::SetTls;
    tls.tls = sim::TlsMode::Implicit;
    CHECK(sim::describeAction(tls) == "Phone: set tls on");
}

TEST_CASE("every note of every shipped scenario has a known key and renders as its text") {
    for (const auto& file : std::filesystem::directory_iterator(kAssets / "scenarios")) {
        if (file.path().extension() != ".toml") continue;
        CAPTURE(file.path().filename().string());
        const sim::Scenario scenario = sim::loadScenario(file.path(), kAssets);
        sim::World world(scenario);
        for (std::size_t steps = 0; !world.finished() && steps < 20'000; ++steps) {
            world.step();
            for (const sim::Device* device : world.devices()) checkNote(device->statusNote());
            checkNote(world.next().note);
        }
        checkWorld(world);
        sim::Comparison compare(scenario);
        compare.runToEnd();
        checkWorld(compare.pop3());
        checkWorld(compare.imap());
    }
}

}  // TEST_SUITE
