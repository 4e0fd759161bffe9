// UI text in English and Polish: a table of {key, en, pl} and tr(key) for the current
// language. A missing Polish text falls back to English, an unknown key to the key itself.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocols/core/catalogue.h"

namespace mailscope::app {

/// The same language type as the protocol catalogues, so one setting picks both the UI
/// text and the explanations of transcript lines.
using Language = core::Language;

/// One UI string. All pointers are static UTF-8 literals.
struct Translation {
    const char* key;  ///< stable id, e.g. "menu.file"; also the ImGui id in trLabel()
    const char* en;   ///< English text (never empty)
    const char* pl;   ///< Polish text; "" or nullptr: fall back to English
};

/// Grammatical number for a count, as a language chooses the noun form.
enum class PluralForm {
    One,   ///< 1 (en "message", pl "wiadomość")
    Few,   ///< Polish 2-4, 22-24, ... but not 12-14 (pl "wiadomości", "konta"); English uses Many
    Many,  ///< everything else (en "messages", pl "wiadomości", "kont")
};

/// Which plural form `language` uses for `n`.
PluralForm pluralForm(Language language, std::uint64_t n);

/// A set of translations looked up by key. Lookups return pointers into the table (or
/// into storage kept for the table's lifetime), so the text can go straight to ImGui.
class StringTable {
public:
    explicit StringTable(std::span<const Translation> entries);

    /// The text for `key` in `language`; English when the Polish text is missing; the
    /// key itself when the key is unknown (visible in the UI, never a crash).
    const char* text(std::string_view key, Language language) const;
    /// text() + "###" + key: a label whose ImGui id stays the same in every language,
    /// so a window keeps its place and size when the language changes.
    const char* label(std::string_view key, Language language) const;
    /// Whether `key` is in the table.
    bool contains(std::string_view key) const;
    /// Keys whose Polish text is missing, in table order.
    std::vector<std::string_view> keysWithoutPolish() const;
    /// Keys that appear more than once (the first entry wins), in table order.
    std::vector<std::string_view> duplicateKeys() const;
    std::span<const Translation> entries() const { return m_entries; }

private:
    /// Stable storage for text made at run time (unknown keys, labels).
    const char* keep(std::string text) const;

    std::span<const Translation> m_entries;
    std::unordered_map<std::string_view, std::size_t> m_index;  ///< key -> first entry
    mutable std::mutex m_mutex;                                 ///< guards m_made and m_labels
    mutable std::set<std::string, std::less<>> m_made;          ///< node-based: c_str() stays valid
    mutable std::unordered_map<std::string, const char*> m_labels;  ///< "<lang>:<key>" -> label
};

/// The app's own table: every string the explorer shows.
const StringTable& uiStrings();

/// The language of the UI (English until setLanguage()).
void setLanguage(Language language);
Language currentLanguage();

/// uiStrings().text(key, currentLanguage()).
const char* tr(std::string_view key);
/// uiStrings().label(key, currentLanguage()): "Serwer###panel.server".
const char* trLabel(std::string_view key);
/// The noun for a count: `key` + ".one" / ".few" / ".many" by pluralForm(), e.g.
/// trCount("count.message", 5) -> "messages" / "wiadomości". Use as "%llu %s".
const char* trCount(std::string_view key, std::uint64_t n);

/// Keys of uiStrings() with no Polish text (a test asserts there are none).
std::vector<std::string_view> keysWithoutPolish();

/// "en", "pl": the code used in the settings file.
std::string_view languageCode(Language language);
/// The language for a code ("en", "pl", case-insensitive), or nullopt.
std::optional<Language> languageFromCode(std::string_view code);
/// The language's name in itself, for the Language menu: "English", "Polski".
const char* languageNativeName(Language language);
/// Every language, in menu order.
inline constexpr Language kLanguages[] = {Language::English, Language::Polish};

}  // namespace mailscope::app
