// What sim/ says for people (transcript notes, device status, what an action does) in the
// UI's language: sim/notes.h holds the English templates, this file the Polish ones.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "app/ui/i18n.h"
#include "sim/notes.h"
#include "sim/transcript.h"

namespace mailscope::app {

/// One Polish note template: the key of a sim::noteTemplates() entry and its Polish text,
/// with the same arguments ({0}, {1}) and plural choices as one, few, many ({0|a|b|c}).
struct NoteTranslation {
    const char* key;
    const char* pl;
};

/// Every Polish note template, in table order.
std::span<const NoteTranslation> polishNoteTemplates();

/// How `language` renders notes: its templates (English where one is missing) and plural forms.
const sim::NoteLanguage& noteLanguage(Language language);

/// The note in `language`.
std::string noteIn(const sim::Note& note, Language language);
/// The note in the UI's language.
std::string trNote(const sim::Note& note);

/// What an entry says: a note in `language`, a protocol line or literal as it is.
std::string entryText(const sim::TranscriptEntry& entry, Language language);

}  // namespace mailscope::app
