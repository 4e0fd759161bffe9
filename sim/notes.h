// Notes for people: what sim/ says in transcripts, the server log and a device's status is
// a key plus arguments, rendered in the language of whoever shows it. English lives here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope::sim {

/// A sentence with its data kept apart: "note.connected" with {"IMAP", "3"}. An argument is
/// data (a subject, a folder, a number, a server's text) or a phrase of its own (a Note with
/// a key, e.g. "message 3"), rendered in the same language. Templates name arguments {0},
/// {1}, ... and pick a plural form by a number argument: "{0|message|messages}" in English,
/// "{0|wiadomość|wiadomości|wiadomości}" (one, few, many) in Polish.
struct Note {
    std::string key;         ///< "note.connected"; empty: data, shown as `text`
    std::string text;        ///< data (when `key` is empty)
    std::vector<Note> args;  ///< the template's {0}, {1}, ...
    friend bool operator==(const Note&, const Note&) = default;
};

/// Data as an argument: a subject, a folder name, a number, a response text.
Note noteData(std::string text);
Note noteData(std::uint64_t number);
/// A note with this key and these arguments (data or phrases).
Note makeNote(std::string key, std::vector<Note> args = {});

/// One English template.
struct NoteTemplate {
    std::string_view key;
    std::string_view en;
};
/// Every note key sim/ uses, with its English template.
std::span<const NoteTemplate> noteTemplates();
/// The English template for `key`, or empty when the key is unknown.
std::string_view englishTemplate(std::string_view key);

/// How a language renders notes: its template for a key (empty: unknown) and which of
/// `choices` plural forms a number takes.
struct NoteLanguage {
    std::function<std::string_view(std::string_view key)> templateFor;
    std::function<std::size_t(std::uint64_t n, std::size_t choices)> pluralChoice;
};
/// English: the templates above, "one" for 1 and the last form otherwise.
const NoteLanguage& englishNotes();

/// The note in a language. An unknown key renders as the key, so it shows and never crashes.
std::string renderNote(const Note& note, const NoteLanguage& language);
/// The note in English: what transcripts, reports and goldens hold.
std::string noteText(const Note& note);

/// The argument numbers a template uses ({0}, {1|a|b}), sorted, without repeats.
std::vector<std::size_t> templateArguments(std::string_view tmpl);

std::ostream& operator<<(std::ostream& os, const Note& note);

}  // namespace mailscope::sim
