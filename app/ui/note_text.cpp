// sim/'s notes, statuses and action descriptions in Polish, and their rendering in the UI's language.
#include "app/ui/note_text.h"

#include <unordered_map>

namespace mailscope::app {

namespace {

// [SECTION] the Polish templates
// Same keys and arguments as sim/notes.cpp. Plural choices are one, few, many
// ("1 wiadomość", "2 wiadomości", "5 wiadomości"); impersonal past for what happened
// ("pobrano", "usunięto"), quotes „…”.

constexpr NoteTranslation kPolish[] = {
    // How notes name a message and the message an action asks for.
    {"msg.subject", "„{0}”"},
    {"msg.number", "wiadomość {0}"},
    {"action.ref.none", ""},
    {"action.ref.uid", " {0}"},
    {"action.ref.subject", " „{0}”"},

    // Connections (the world).
    {"note.connected", "połączono z serwerem {0} (sesja {1})"},
    {"note.closed_by_device", "urządzenie zamknęło połączenie"},
    {"note.closed_by_server", "serwer zamknął połączenie"},
    {"note.not_connected_nothing_sent", "brak połączenia: nic nie wysłano"},
    {"note.tls.handshake", "uzgodniono połączenie {0}: {1}; serwer ma certyfikat z własnym podpisem (CN mailscope)"},
    {"note.tls.handshake_failed", "nie udało się uzgodnić połączenia TLS: {0}"},
    {"note.tls.error", "błąd TLS: {0}"},
    {"note.tls.no_context", "brak kontekstu TLS"},
    {"note.tls.unfinished", "uzgadnianie TLS nie dobiegło końca"},
    {"note.tls.damaged", "dane dotarły uszkodzone"},
    {"note.tls.starttls_not_offered", "serwer nie oferuje {0}, więc bez szyfrowania urządzenie się nie zaloguje"},
    {"note.tls.starttls_refused", "serwer odrzucił {0} ({1}), więc bez szyfrowania urządzenie się nie zaloguje"},
    {"note.switched_off", "urządzenie wyłączono"},
    {"note.compare_mode", "tryb porównania: wszystkie urządzenia zostają przy {0}"},
    {"note.account_reset", "konto skonfigurowano od nowa dla {0}"},
    {"note.now_using", "od teraz protokół {0}; kopia lokalna jest na razie pusta"},
    {"note.leave_copy_on", "zostawianie kopii na serwerze: włączone"},
    {"note.leave_copy_off", "zostawianie kopii na serwerze: wyłączone"},
    {"note.idle_on", "tryb IDLE: włączony"},
    {"note.idle_off", "tryb IDLE: wyłączony"},
    {"note.quick_resync_on", "szybka synchronizacja (QRESYNC): włączona"},
    {"note.quick_resync_off", "szybka synchronizacja (QRESYNC): wyłączona"},
    {"note.quick_resync_on_next", "szybka synchronizacja (QRESYNC): włączona od następnego połączenia"},
    {"note.quick_resync_off_next", "szybka synchronizacja (QRESYNC): wyłączona od następnego połączenia"},
    {"note.tls_on", "bezpieczne połączenie (TLS): włączone"},
    {"note.tls_off", "bezpieczne połączenie (TLS): wyłączone"},
    {"note.tls_on_next", "bezpieczne połączenie (TLS): włączone od następnego połączenia"},
    {"note.tls_off_next", "bezpieczne połączenie (TLS): wyłączone od następnego połączenia"},
    {"note.tls_starttls", "bezpieczne połączenie: STARTTLS (najpierw otwartym tekstem, szyfrowanie przed logowaniem)"},
    {"note.tls_starttls_next", "bezpieczne połączenie: STARTTLS od następnego połączenia"},
    {"note.offline", "brak sieci"},
    {"note.offline_dropped", "brak sieci: połączenie zostało zerwane"},
    {"note.online_again", "znów w sieci"},
    {"next.connection_closes", "(połączenie się zamyka)"},

    // The server log.
    {"log.session_opened", "otwarto sesję {0} dla urządzenia {1}"},
    {"log.session_ended", "zakończono sesję {0} urządzenia {1}"},
    {"log.device_name_taken", "nie można dodać urządzenia o nazwie „{0}”: nazwa jest pusta lub zajęta"},
    {"log.device_no_account", "nie można dodać urządzenia {0}: brak konta „{1}”"},
    {"log.deliver_no_account", "nie można dostarczyć poczty: brak konta „{0}”"},
    {"log.new_mail", "nowa poczta dla {0}: „{1}”"},
    {"log.no_device", "brak urządzenia o nazwie „{0}”: pominięto akcję „{1}”"},

    // Both clients.
    {"note.already_checking", "poczta jest już sprawdzana"},
    {"note.offline_no_server", "brak sieci: serwer jest nieosiągalny"},
    {"note.connect_failed", "nie udało się połączyć z serwerem"},
    {"note.login_failed", "logowanie nie powiodło się: {0}"},
    {"note.no_message_given", "nie wskazano wiadomości"},
    {"note.no_message_number", "na tym urządzeniu nie ma wiadomości {0}"},
    {"note.no_message_subject", "na tym urządzeniu nie ma wiadomości „{0}”"},
    {"note.not_a_flag", "„{0}” nie jest flagą, którą ten program umie ustawić"},
    {"note.no_target_folder", "nie podano folderu, do którego przenieść wiadomość"},
    {"note.already_in", "{0} jest już w folderze „{1}”"},
    {"note.no_folder_name", "nie podano nazwy folderu"},
    {"note.folder_exists", "folder „{0}” już istnieje"},
    {"note.rename_needs_names", "do zmiany nazwy potrzebny jest folder i nowa nazwa"},
    {"note.no_folder", "na tym urządzeniu nie ma folderu „{0}”"},
    {"note.rename_failed", "nie udało się zmienić nazwy „{0}”"},
    {"note.inbox_no_delete", "skrzynki odbiorczej (INBOX) nie można usunąć"},

    // The POP3 client.
    {"note.pop3.lost_before_quit_answer",
     "połączenie zerwane przed odpowiedzią na QUIT: serwer mógł nie usunąć oznaczonych wiadomości"},
    {"note.pop3.lost_nothing_deleted",
     "połączenie zerwane: serwer niczego nie usunął (bez QUIT nie ma stanu UPDATE)"},
    {"note.pop3.opened", "otwarto {0} i oznaczono jako przeczytaną (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.marked_unread", "oznaczono {0} jako nieprzeczytaną (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.greeting_refused", "serwer odrzucił połączenie: {0}"},
    {"note.pop3.quit_failed", "serwer nie zdołał usunąć wszystkich oznaczonych wiadomości: {0}"},
    {"note.pop3.undo_deletes", "oznaczenia do usunięcia zostaną cofnięte poleceniem RSET przed QUIT"},
    {"note.pop3.nothing_to_undo", "nie ma otwartej sesji POP3, więc nie ma czego cofać"},
    {"note.imap.undo_deletes", "cofanie usuwania przez RSET jest w POP3; IMAP usuwa flagą \\Deleted i poleceniem EXPUNGE"},
    {"note.pop3.refused_message", "serwer odrzucił {0} {1}: {2}"},
    {"note.pop3.refused_nothing_downloaded", "serwer odrzucił {0}: {1}; niczego nie pobrano"},
    {"note.pop3.no_new", "brak nowych wiadomości"},
    {"note.pop3.new", "{0} {0|nowa wiadomość|nowe wiadomości|nowych wiadomości}"},
    {"note.pop3.no_new_known",
     "brak nowych wiadomości; według UIDL już wcześniej pobrano {0} {0|wiadomość|wiadomości|wiadomości}"},
    {"note.pop3.new_known",
     "{0} {0|nowa wiadomość|nowe wiadomości|nowych wiadomości}; według UIDL już wcześniej pobrano {1} "
     "{1|wiadomość|wiadomości|wiadomości}"},
    {"note.pop3.saved", "pobrano {0} i zapisano jako wiadomość lokalną nr {1}"},
    {"note.pop3.unexpected", "serwer przysłał coś nieoczekiwanego: {0}"},
    {"note.pop3.flag_set", "{1}: ustawiono flagę {0} (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.flag_cleared", "{1}: zdjęto flagę {0} (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.deleted", "usunięto {0} z tego urządzenia (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.moved", "przeniesiono {0} do folderu „{1}” (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.moved_new_folder", "przeniesiono {0} do nowego folderu „{1}” (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.folder_created", "utworzono folder „{0}” (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.inbox_no_rename", "nazwy skrzynki odbiorczej (INBOX) nie można zmienić"},
    {"note.pop3.folder_renamed", "zmieniono nazwę folderu „{0}” na „{1}” (tylko lokalnie: serwer o tym nie wie)"},
    {"note.pop3.folder_deleted",
     "usunięto folder „{0}” razem z wiadomościami (tylko lokalnie: serwer o tym nie wie)"},

    // The IMAP client.
    {"note.imap.idle_next_check", "IDLE zacznie działać przy następnym sprawdzaniu poczty"},
    {"note.imap.offline_change", "brak sieci: zmieniono tutaj; serwer dowie się o tym, gdy urządzenie wróci do sieci"},
    {"note.imap.reconnecting", "ponowne łączenie"},
    {"note.imap.refused", "serwer odmówił: {0}"},
    {"note.imap.idle_refused", "serwer odmówił IDLE: {0}"},
    {"note.imap.no_quick_resync", "serwer nie oferuje {0}: pełna synchronizacja, z flagami każdej wiadomości"},
    {"note.imap.folder_new", "nowy folder na serwerze: „{0}”"},
    {"note.imap.folder_gone", "folderu „{0}” nie ma już na serwerze"},
    {"note.imap.uidvalidity", "folder „{0}” ma nowe UIDVALIDITY: jego kopię lokalną odrzucono"},
    {"note.imap.cannot_open", "nie można otworzyć „{0}”: {1}"},
    {"note.imap.removed_count", "{0}: na serwerze usunięto {1} {1|wiadomość|wiadomości|wiadomości}"},
    {"note.imap.lost_track", "wiadomości w „{0}” się nie zgadzają: ponowne łączenie"},
    {"note.imap.new_mail", "nowa poczta: {0} {0|wiadomość|wiadomości|wiadomości}"},
    {"note.imap.new_in_folder", "{0}: {1} {1|nowa wiadomość|nowe wiadomości|nowych wiadomości}"},
    {"note.imap.greeting_refused", "serwer nie przyjął połączenia: {0}"},
    {"note.imap.bye", "serwer zamyka połączenie"},
    {"note.imap.message_removed", "na serwerze usunięto {0}"},
    {"note.imap.protocol_error", "nie można zrozumieć odpowiedzi serwera: {0}"},
    {"note.imap.still_moving", "{0}: wiadomość jest jeszcze przenoszona; spróbuj ponownie, gdy serwer ją przyjmie"},
    {"note.imap.invalid_folder", "„{0}” nie jest poprawną nazwą folderu"},
    {"note.imap.inbox_no_rename", "tutaj nie można zmienić nazwy skrzynki odbiorczej (INBOX)"},
    {"note.imap.folder_gone_quoted", "„{0}”: tego folderu nie ma już na serwerze"},
    {"note.imap.message_gone", "{0}: tej wiadomości nie ma już na serwerze"},
    {"note.imap.back_in", "{0}: wiadomość wróciła do folderu „{1}”"},
    {"note.imap.opened_local", "otwarto {0} z kopii lokalnej"},
    {"note.imap.opened_local_marking", "otwarto {0} z kopii lokalnej; oznaczanie jako przeczytanej"},

    // A device's status.
    {"status.offline", "bez sieci"},
    {"status.idle", "bezczynny"},
    {"status.connecting", "łączenie"},
    {"status.logging_in", "logowanie"},
    {"status.asking_capabilities", "sprawdzanie, co oferuje serwer"},
    {"status.enabling_quick_resync", "włączanie szybkiej synchronizacji (QRESYNC)"},
    {"status.starting_tls", "przechodzenie na TLS"},
    {"status.no_starttls", "zatrzymany: serwer nie ma {0}, a otwartym tekstem się nie loguje"},
    {"status.logging_out", "wylogowywanie"},
    {"status.checking_mail", "sprawdzanie poczty"},
    {"status.downloading_n_of_m", "pobieranie {0} z {1}"},
    {"status.marking_for_deletion", "oznaczanie do usunięcia"},
    {"status.not_connected", "bez połączenia"},
    {"status.not_connected_waiting", "bez połączenia; {0} {0|zmiana czeka|zmiany czekają|zmian czeka} na wysłanie"},
    {"status.waiting_in_idle", "czeka w IDLE"},
    {"status.idle_connected", "bezczynny (połączony)"},
    {"status.ending_idle", "kończenie IDLE"},
    {"status.listing_folders", "pobieranie listy folderów"},
    {"status.checking_folder", "sprawdzanie folderu {0}"},
    {"status.syncing_folder", "synchronizacja folderu {0}"},
    {"status.opening_folder", "otwieranie folderu {0}"},
    {"status.fetching_new_headers", "pobieranie nowych nagłówków"},
    {"status.sending_a_change", "wysyłanie zmiany"},
    {"status.downloading_a_message", "pobieranie wiadomości"},

    // What an action does.
    {"action.by_device", "{0}: {1}"},
    {"action.check_mail", "sprawdź pocztę"},
    {"action.open_message", "otwórz wiadomość{0}"},
    {"action.mark_unread", "oznacz jako nieprzeczytaną wiadomość{0}"},
    {"action.flag", "oznacz flagą {1} wiadomość{0}"},
    {"action.unflag", "zdejmij flagę {1} z wiadomości{0}"},
    {"action.delete", "usuń wiadomość{0}"},
    {"action.move_to_folder", "przenieś wiadomość{0} do folderu {1}"},
    {"action.move_to_folder_from", "przenieś wiadomość{0} z folderu {1} do folderu {2}"},
    {"action.create_folder", "utwórz folder {0}"},
    {"action.rename_folder", "zmień nazwę folderu {0} na {1}"},
    {"action.delete_folder", "usuń folder {0}"},
    {"action.go_offline", "odłącz od sieci"},
    {"action.go_online", "połącz z siecią"},
    {"action.undo_deletes", "cofnij usuwanie (RSET)"},
    {"action.deliver_mail", "dostarcz pocztę do {0}"},
    {"action.deliver_mail_subject", "dostarcz pocztę do {0}: „{1}”"},
    {"action.add_device", "dodaj urządzenie"},
    {"action.add_device_named", "dodaj urządzenie {0} ({1})"},
    {"action.remove_device", "usuń urządzenie"},
    {"action.set_protocol", "przełącz na protokół {0}"},
    {"action.set_leave_copy_on", "włącz zostawianie kopii na serwerze"},
    {"action.set_leave_copy_off", "wyłącz zostawianie kopii na serwerze"},
    {"action.set_idle_on", "włącz IDLE"},
    {"action.set_idle_off", "wyłącz IDLE"},
    {"action.set_quick_resync_on", "włącz szybką synchronizację"},
    {"action.set_quick_resync_off", "wyłącz szybką synchronizację"},
    {"action.set_tls_on", "włącz TLS"},
    {"action.set_tls_off", "wyłącz TLS"},
    {"action.set_tls_starttls", "użyj STARTTLS"},
    {"action.unknown", "nieznana akcja"},
};

const std::unordered_map<std::string_view, std::string_view>& polishIndex()
{
    static const auto index = [] {
        std::unordered_map<std::string_view, std::string_view> m;
        for (const NoteTranslation& t : kPolish)
            m.emplace(t.key, t.pl);
        return m;
    }();
    return index;
}

/// Which of `choices` forms a count takes: one, few, many (two choices: one, other).
std::size_t pluralChoice(Language language, std::uint64_t n, std::size_t choices)
{
    const PluralForm form = pluralForm(language, n);
    if (form == PluralForm::One || choices < 2)
        return 0;
    if (form == PluralForm::Few && choices >= 3)
        return 1;
    return choices - 1;
}

}  // namespace

std::span<const NoteTranslation> polishNoteTemplates()
{
    return kPolish;
}

const sim::NoteLanguage& noteLanguage(Language language)
{
    static const sim::NoteLanguage polish{
        [](std::string_view key) {
            const auto& index = polishIndex();
            const auto found = index.find(key);
            return found == index.end() ? sim::englishTemplate(key) : found->second;
        },
        [](std::uint64_t n, std::size_t choices) { return pluralChoice(Language::Polish, n, choices); },
    };
    return language == Language::Polish ? polish : sim::englishNotes();
}

std::string noteIn(const sim::Note& note, Language language)
{
    return sim::renderNote(note, noteLanguage(language));
}

std::string trNote(const sim::Note& note)
{
    return noteIn(note, currentLanguage());
}

std::string entryText(const sim::TranscriptEntry& entry, Language language)
{
    if (entry.kind == sim::EntryKind::Note && (!entry.note.key.empty() || !entry.note.text.empty()))
        return noteIn(entry.note, language);
    return entry.text;
}

}  // namespace mailscope::app
