// Tests for the UI string table: complete Polish, fallbacks, switching, plural forms.
#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <string_view>

#include "app/ui/i18n.h"

using namespace mailscope;
using app::Language;

namespace {

/// Restores English when a test case ends, so cases do not depend on each other's order.
struct EnglishAfterwards {
    ~EnglishAfterwards() { app::setLanguage(Language::English); }
};

/// The printf conversions of a format string, in order ("%zu %s, %d%%" -> "zu s d %").
std::string conversions(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%')
            continue;
        std::size_t j = i + 1;
        while (j < text.size() && std::strchr("-+ #0123456789.*lhzjt", text[j]) != nullptr)
            ++j;
        if (j < text.size()) {
            out += std::string(text.substr(i + 1, j - i)) + " ";
            i = j;
        }
    }
    return out;
}

/// Whether `text` is valid UTF-8 (the table is typed by hand).
bool validUtf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size())
            return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2)
                return false;
        i += length;
    }
    return true;
}

}  // namespace

TEST_SUITE("app.i18n") {

TEST_CASE("every UI string has Polish text")
{
    const auto missing = app::keysWithoutPolish();
    std::string keys;
    for (const std::string_view key : missing)
        keys += std::string(key) + " ";
    CHECK_MESSAGE(missing.empty(), "no Polish text for: " << keys);
    CHECK(app::uiStrings().entries().size() > 100);
}

TEST_CASE("the UI string table is well formed")
{
    const app::StringTable& table = app::uiStrings();
    CHECK(table.duplicateKeys().empty());
    for (const app::Translation& entry : table.entries()) {
        INFO("key " << entry.key);
        REQUIRE(entry.en != nullptr);
        REQUIRE(entry.pl != nullptr);
        CHECK(*entry.en != '\0');
        CHECK(validUtf8(entry.en));
        CHECK(validUtf8(entry.pl));
        CHECK(std::string_view(entry.key).find("###") == std::string_view::npos);
        // A translation with other placeholders than the English would misread its arguments.
        CHECK(conversions(entry.en) == conversions(entry.pl));
    }
    CHECK(conversions("%zu %s, %d%% %.1f") == "zu s d % .1f ");
}

TEST_CASE("the strings the explorer needs are there")
{
    const app::StringTable& table = app::uiStrings();
    for (const char* key :
         {"menu.file", "menu.view", "menu.language", "menu.theme", "menu.zoom_in", "menu.zoom_out", "menu.zoom_reset",
          "menu.quit", "control.play", "control.pause", "control.step_line", "control.step_action",
          "control.step_back", "control.speed", "control.reset", "control.timeline", "intent.check_mail",
          "intent.sync_now", "intent.open", "intent.mark_unread", "intent.flag", "intent.unflag", "intent.delete",
          "intent.move_to_folder", "intent.new_folder", "intent.rename_folder", "intent.delete_folder",
          "intent.go_offline", "intent.go_online", "intent.leave_copy", "intent.use_idle", "intent.add_device",
          "intent.remove_device", "intent.protocol", "panel.server", "panel.inspector", "panel.transcript",
          "panel.devices", "panel.explorer", "empty.server_messages", "empty.device_messages", "inspector.meaning",
          "inspector.rfc", "inspector.raw_bytes", "inspector.eavesdropper", "compare.mode", "compare.pop3_world",
          "compare.imap_world", "server.col_from", "server.col_subject", "server.help", "server.flag_legend",
          "state.marked_for_deletion", "state.in_flight", "key.space", "theme.dark", "theme.light"}) {
        INFO("key " << key);
        CHECK(table.contains(key));
    }
}

TEST_CASE("switching the language changes tr()")
{
    const EnglishAfterwards restore;
    app::setLanguage(Language::English);
    CHECK(app::currentLanguage() == Language::English);
    CHECK(std::string(app::tr("menu.file")) == "File");
    CHECK(std::string(app::tr("empty.server_messages")) == "No messages on the server");
    CHECK(std::string(app::tr("intent.check_mail")) == "Check mail");

    app::setLanguage(Language::Polish);
    CHECK(app::currentLanguage() == Language::Polish);
    CHECK(std::string(app::tr("menu.file")) == "Plik");
    CHECK(std::string(app::tr("empty.server_messages")) == "Brak wiadomości na serwerze");
    CHECK(std::string(app::tr("intent.check_mail")) == "Sprawdź pocztę");
    CHECK(std::string(app::tr("menu.language")) == "Język");

    app::setLanguage(Language::English);
    CHECK(std::string(app::tr("menu.file")) == "File");
}

TEST_CASE("missing text falls back to English, an unknown key to the key")
{
    const EnglishAfterwards restore;
    static constexpr app::Translation kTable[] = {
        {"both", "Both", "Oba"},
        {"english.only", "Only English", ""},
        {"null.polish", "No Polish", nullptr},
        {"both", "Duplicate", "Duplikat"},
    };
    const app::StringTable table(kTable);

    SUBCASE("Polish text when there is one")
    {
        CHECK(std::string(table.text("both", Language::Polish)) == "Oba");
        CHECK(std::string(table.text("both", Language::English)) == "Both");
    }
    SUBCASE("English when the Polish text is empty or absent")
    {
        CHECK(std::string(table.text("english.only", Language::Polish)) == "Only English");
        CHECK(std::string(table.text("null.polish", Language::Polish)) == "No Polish");
        const auto missing = table.keysWithoutPolish();
        REQUIRE(missing.size() == 2);
        CHECK(missing[0] == "english.only");
        CHECK(missing[1] == "null.polish");
    }
    SUBCASE("the key itself when the key is unknown, with a stable pointer")
    {
        const std::string key = "no.such.key";
        const char* first = table.text(std::string_view(key), Language::Polish);
        CHECK(std::string(first) == "no.such.key");
        CHECK(table.text("no.such.key", Language::English) == first);
        CHECK(!table.contains("no.such.key"));
        // A view into a longer buffer: the result is still terminated at the key's end.
        const std::string_view part = std::string_view("abc.defXYZ").substr(0, 7);
        CHECK(std::string(table.text(part, Language::English)) == "abc.def");
    }
    SUBCASE("the first of duplicate keys wins and is reported")
    {
        CHECK(std::string(table.text("both", Language::English)) == "Both");
        const auto duplicates = table.duplicateKeys();
        REQUIRE(duplicates.size() == 1);
        CHECK(duplicates[0] == "both");
    }
    SUBCASE("through tr() on the app's table")
    {
        app::setLanguage(Language::Polish);
        CHECK(std::string(app::tr("menu.nonexistent")) == "menu.nonexistent");
    }
}

TEST_CASE("labels keep one ImGui id across languages")
{
    const EnglishAfterwards restore;
    app::setLanguage(Language::English);
    const char* english = app::trLabel("panel.server");
    CHECK(std::string(english) == "Server###panel.server");
    CHECK(app::trLabel("panel.server") == english);  // cached: no new string each frame
    app::setLanguage(Language::Polish);
    CHECK(std::string(app::trLabel("panel.server")) == "Serwer###panel.server");
    CHECK(std::string(app::trLabel("no.such")) == "no.such###no.such");
}

TEST_CASE("plural forms")
{
    const EnglishAfterwards restore;
    using app::PluralForm;
    CHECK(app::pluralForm(Language::English, 0) == PluralForm::Many);
    CHECK(app::pluralForm(Language::English, 1) == PluralForm::One);
    CHECK(app::pluralForm(Language::English, 2) == PluralForm::Many);
    CHECK(app::pluralForm(Language::Polish, 0) == PluralForm::Many);
    CHECK(app::pluralForm(Language::Polish, 1) == PluralForm::One);
    for (const std::uint64_t n : {2, 3, 4, 22, 23, 24, 102, 1004})
        CHECK(app::pluralForm(Language::Polish, n) == PluralForm::Few);
    for (const std::uint64_t n : {5, 11, 12, 13, 14, 21, 25, 111, 112, 1000})
        CHECK(app::pluralForm(Language::Polish, n) == PluralForm::Many);

    app::setLanguage(Language::Polish);
    CHECK(std::string(app::trCount("count.message", 1)) == "wiadomość");
    CHECK(std::string(app::trCount("count.account", 1)) == "konto");
    CHECK(std::string(app::trCount("count.account", 3)) == "konta");
    CHECK(std::string(app::trCount("count.account", 5)) == "kont");
    CHECK(std::string(app::trCount("count.account", 12)) == "kont");
    app::setLanguage(Language::English);
    CHECK(std::string(app::trCount("count.message", 1)) == "message");
    CHECK(std::string(app::trCount("count.message", 3)) == "messages");
    CHECK(std::string(app::trCount("count.message", 0)) == "messages");

    // Every counted noun has all three forms.
    for (const app::Translation& entry : app::uiStrings().entries()) {
        const std::string_view key = entry.key;
        if (!key.starts_with("count.") || !key.ends_with(".one"))
            continue;
        const std::string stem(key.substr(0, key.size() - 4));
        INFO("counted noun " << stem);
        CHECK(app::uiStrings().contains(stem + ".few"));
        CHECK(app::uiStrings().contains(stem + ".many"));
    }
}

TEST_CASE("language codes and names")
{
    CHECK(app::languageCode(Language::English) == "en");
    CHECK(app::languageCode(Language::Polish) == "pl");
    CHECK(app::languageFromCode("pl") == Language::Polish);
    CHECK(app::languageFromCode("EN") == Language::English);
    CHECK_FALSE(app::languageFromCode("de").has_value());
    CHECK_FALSE(app::languageFromCode("").has_value());
    CHECK(std::string(app::languageNativeName(Language::Polish)) == "Polski");
    CHECK(std::string(app::languageNativeName(Language::English)) == "English");
}

}  // TEST_SUITE
