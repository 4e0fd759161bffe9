// UI text in English and Polish: the string table and its look-ups.
#include "app/ui/i18n.h"

#include <atomic>

namespace mailscope::app {

namespace {

// [SECTION] the string table
// Keys are "<area>.<name>". Plural nouns have ".one", ".few" and ".many" entries (see
// trCount). Printf placeholders must match between en and pl (a test checks).

constexpr Translation kUiStrings[] = {
    // Menus
    {"menu.file", "File", "Plik"},
    {"menu.view", "View", "Widok"},
    {"menu.language", "Language", "Język"},
    {"menu.theme", "Theme", "Motyw"},
    {"menu.zoom", "Zoom", "Powiększenie"},
    {"menu.zoom_in", "Zoom in", "Powiększ"},
    {"menu.zoom_out", "Zoom out", "Pomniejsz"},
    {"menu.zoom_reset", "Reset zoom", "Przywróć rozmiar"},
    {"menu.zoom_percent", "Zoom: %d%%", "Powiększenie: %d%%"},
    {"menu.quit", "Quit", "Zakończ"},
    {"menu.open_scenario", "Open scenario…", "Otwórz scenariusz…"},
    {"menu.help", "Help", "Pomoc"},
    {"menu.more_help", "More menus: those that do not fit the bar at this zoom",
     "Więcej menu: te, które nie mieszczą się na pasku przy tym powiększeniu"},
    {"menu.about", "About mailscope", "O programie mailscope"},
    {"help.welcome", "Welcome screen", "Ekran powitalny"},
    {"help.shortcuts", "Keyboard shortcuts", "Skróty klawiszowe"},
    {"help.reading", "How to read a transcript", "Jak czytać zapis rozmowy"},
    {"help.key_play", "Play / Pause", "Odtwórz / wstrzymaj"},
    {"help.reading_client", "What a device (the mail client) sends to the server: a command.",
     "To, co urządzenie (program pocztowy) wysyła do serwera: polecenie."},
    {"help.reading_server", "What the server answers. POP3 answers +OK or -ERR; IMAP tags its answer with the "
     "command's tag (a1 OK) and sends news first, marked *.",
     "Odpowiedź serwera. POP3 odpowiada +OK albo -ERR; IMAP oznacza odpowiedź etykietą polecenia (a1 OK), a "
     "wcześniej wysyła nowości oznaczone gwiazdką *."},
    {"help.reading_note", "Not on the wire: what happened around the lines (a connection opened, a person opened "
     "a message, new mail arrived).",
     "Nie idzie przez sieć: co działo się obok (otwarto połączenie, ktoś otworzył wiadomość, przyszła poczta)."},
    {"help.reading_cursor", "The line the world has just carried: Step line moves it one line on.",
     "Wiersz, który właśnie przeszedł: „Następny wiersz” przesuwa go o jeden dalej."},
    {"help.reading_next", "Greyed at the end: the line or action that comes next, before it happens.",
     "Wyszarzone na końcu: wiersz albo akcja, która nastąpi, zanim się wydarzy."},
    {"help.reading_inspector", "Click any line: the inspector below explains it in plain words, names its RFC "
     "section, and shows its bytes and what someone on the network sees of them.",
     "Kliknij dowolny wiersz: inspektor na dole wyjaśni go prostymi słowami, poda rozdział RFC i pokaże jego "
     "bajty oraz to, co widzi ktoś podsłuchujący sieć."},
    {"welcome.title", "Welcome to mailscope", "Witaj w mailscope"},
    {"welcome.what", "mailscope runs a real POP3 server and a real IMAP server with simulated phones, laptops and "
     "tablets, so you can watch every command and answer between them. Under POP3 a device downloads the mail and "
     "the server usually deletes it; under IMAP the mail stays on the server and every device sees the same mailbox.",
     "mailscope uruchamia prawdziwy serwer POP3 i prawdziwy serwer IMAP z symulowanymi telefonami, laptopami i "
     "tabletami, więc widać każde polecenie i każdą odpowiedź. Przy POP3 urządzenie pobiera pocztę, a serwer "
     "zwykle ją usuwa; przy IMAP poczta zostaje na serwerze i każde urządzenie widzi tę samą skrzynkę."},
    {"welcome.ways_in", "Three ways in:", "Od czego zacząć:"},
    {"welcome.start_lesson", "Start lesson %d", "Zacznij lekcję %d"},
    {"welcome.continue_lesson", "Continue with lesson %d", "Kontynuuj od lekcji %d"},
    {"welcome.lessons_help", "Ten short guided lessons: each is a small story you drive, and the lesson checks what "
     "really happened on the wire.",
     "Dziesięć krótkich lekcji z przewodnikiem: w każdej sam prowadzisz małą historię, a lekcja sprawdza, co "
     "naprawdę przeszło przez sieć."},
    {"welcome.all_lessons", "All lessons", "Wszystkie lekcje"},
    {"welcome.explore", "Explore freely", "Eksploruj samodzielnie"},
    {"welcome.explore_help", "Press Play, or step one line at a time with the right arrow.",
     "Naciśnij Odtwórz albo idź wiersz po wierszu strzałką w prawo."},
    {"welcome.compare", "Compare POP3 and IMAP", "Porównaj POP3 i IMAP"},
    {"welcome.compare_help", "The same story twice: every device on POP3 above, on IMAP below.",
     "Ta sama historia dwa razy: u góry wszystkie urządzenia na POP3, na dole na IMAP."},
    {"welcome.again", "Help > Welcome screen shows this again.", "Pomoc > Ekran powitalny pokaże to ponownie."},
    {"about.what", "Watch e-mail retrieval happen: real POP3 (RFC 1939) and IMAP (RFC 3501) servers and the "
     "devices that use them, line by line.",
     "Zobacz, jak działa odbieranie poczty: prawdziwe serwery POP3 (RFC 1939) i IMAP (RFC 3501) oraz urządzenia, "
     "które z nich korzystają, wiersz po wierszu."},
    {"about.libraries", "Built on these libraries (version, licence):", "Zbudowany z tych bibliotek (wersja, licencja):"},
    {"about.debian", "All of them come from Debian's packages.", "Wszystkie pochodzą z pakietów Debiana."},
    {"menu.listeners", "Let real mail clients connect", "Pozwól łączyć się prawdziwym programom pocztowym"},
    {"menu.listeners_help",
     "Opens the POP3 and IMAP ports (plain and TLS) so that Thunderbird, mutt or curl can work on the same "
     "mailboxes; each of their sessions appears as its own column.",
     "Otwiera porty POP3 i IMAP (zwykłe i TLS), aby Thunderbird, mutt czy curl mogły pracować na tych samych "
     "skrzynkach; każda ich sesja pojawia się we własnej kolumnie."},
    {"menu.all_panels_closed", "Every panel is closed. Open one from the View menu.",
     "Wszystkie panele są zamknięte. Otwórz któryś z menu Widok."},

    // Key names (shortcutText)
    {"key.space", "Space", "Spacja"},

    // Themes
    {"theme.dark", "Dark", "Ciemny"},
    {"theme.light", "Light", "Jasny"},

    // Panel titles
    {"panel.explorer", "Explorer", "Eksplorator"},
    {"panel.server", "Server", "Serwer"},
    {"panel.devices", "Devices", "Urządzenia"},
    {"panel.transcript", "Transcript", "Zapis rozmowy"},
    {"panel.inspector", "Inspector", "Inspektor"},
    {"panel.controls", "Controls", "Sterowanie"},

    // Control bar
    {"control.play", "Play", "Odtwórz"},
    {"control.pause", "Pause", "Wstrzymaj"},
    {"control.step_line", "Step line", "Następny wiersz"},
    {"control.step_action", "Step action", "Następna akcja"},
    {"control.step_back", "Step back", "Krok wstecz"},
    {"control.speed", "Speed", "Prędkość"},
    {"control.speed_format", "%.1f lines/s", "%.1f wiersza/s"},
    {"control.reset", "Reset", "Od nowa"},
    {"control.timeline", "Timeline", "Oś czasu"},
    {"control.line_of", "line %d of %d", "wiersz %d z %d"},
    {"control.action_of", "action %d of %d", "akcja %d z %d"},
    {"control.play_help", "Send protocol lines one after another at the chosen speed (Space).",
     "Wysyłaj kolejne wiersze protokołu z wybraną prędkością (spacja)."},
    {"control.step_line_help", "Send the next protocol line, and only that one (Right arrow).",
     "Wyślij następny wiersz protokołu i tylko ten jeden (strzałka w prawo)."},
    {"control.step_action_help", "Run until the current action is finished (Shift+Right or Down arrow).",
     "Wykonaj bieżącą akcję do końca (Shift+strzałka w prawo lub strzałka w dół)."},
    {"control.step_back_help", "Go back one line: the world is rebuilt and replayed up to there (Left arrow).",
     "Cofnij się o jeden wiersz: świat jest budowany od nowa i odtwarzany do tego miejsca (strzałka w lewo)."},
    {"control.reset_help", "Start the scenario again from the beginning (Ctrl+R).",
     "Zacznij scenariusz od początku (Ctrl+R)."},
    {"control.timeline_help", "Drag to rewind or replay: every action so far, in order.",
     "Przeciągnij, aby cofnąć lub odtworzyć: wszystkie dotychczasowe akcje po kolei."},
    {"control.zoom_help", "Ctrl + and Ctrl - change the size of everything; Ctrl 0 restores it.",
     "Ctrl + i Ctrl - zmieniają rozmiar wszystkiego; Ctrl 0 przywraca domyślny."},

    // Device intents and settings
    {"intent.check_mail", "Check mail", "Sprawdź pocztę"},
    {"intent.sync_now", "Sync now", "Synchronizuj teraz"},
    {"intent.open", "Open", "Otwórz"},
    {"intent.mark_unread", "Mark unread", "Oznacz jako nieprzeczytaną"},
    {"intent.flag", "Flag", "Dodaj flagę"},
    {"intent.unflag", "Unflag", "Usuń flagę"},
    {"intent.delete", "Delete", "Usuń"},
    {"intent.move_to_folder", "Move to folder", "Przenieś do folderu"},
    {"intent.new_folder", "New folder", "Nowy folder"},
    {"intent.rename_folder", "Rename folder", "Zmień nazwę folderu"},
    {"intent.delete_folder", "Delete folder", "Usuń folder"},
    {"intent.go_offline", "Go offline", "Rozłącz z siecią"},
    {"intent.go_online", "Go online", "Połącz z siecią"},
    {"intent.undo_deletes", "Undo deletions (RSET)", "Cofnij usuwanie (RSET)"},
    {"intent.undo_deletes_help", "While this POP3 session is open: send RSET before QUIT, so the server forgets the "
     "DELE marks and deletes nothing.",
     "Dopóki ta sesja POP3 jest otwarta: wyślij RSET przed QUIT – serwer zapomni oznaczenia DELE i niczego nie "
     "usunie."},
    {"intent.leave_copy", "Leave a copy on the server", "Zostawiaj kopię na serwerze"},
    {"intent.leave_copy_help",
     "POP3: after downloading a message the device does not delete it from the server, so other devices can "
     "download it too.",
     "POP3: po pobraniu wiadomości urządzenie nie usuwa jej z serwera, więc inne urządzenia też mogą ją pobrać."},
    {"intent.use_idle", "Use IDLE", "Używaj IDLE"},
    {"intent.use_idle_help",
     "IMAP: the device waits in IDLE and the server tells it about changes at once, instead of the device "
     "asking again and again (RFC 2177).",
     "IMAP: urządzenie czeka w trybie IDLE, a serwer od razu informuje je o zmianach, zamiast aby urządzenie "
     "wciąż pytało od nowa (RFC 2177)."},
    {"intent.quick_resync", "Quick resync", "Szybka synchronizacja"},
    {"intent.quick_resync_help",
     "IMAP: the device remembers how far each folder was synchronized (HIGHESTMODSEQ) and, when it connects "
     "again, asks only what changed since: SELECT ... (QRESYNC ...) answered with VANISHED (EARLIER) and FETCH "
     "... MODSEQ, then FETCH ... (CHANGEDSINCE n) while it stays connected (RFC 7162). Only if the server offers "
     "QRESYNC; from the next connection.",
     "IMAP: urządzenie pamięta, do którego miejsca zsynchronizowało każdy folder (HIGHESTMODSEQ), i po ponownym "
     "połączeniu pyta tylko o to, co się od tego czasu zmieniło: SELECT ... (QRESYNC ...), na co serwer odpowiada "
     "VANISHED (EARLIER) i FETCH ... MODSEQ, a potem, dopóki jest połączone, FETCH ... (CHANGEDSINCE n) "
     "(RFC 7162). Tylko jeśli serwer oferuje QRESYNC; od następnego połączenia."},
    {"intent.add_device", "Add device", "Dodaj urządzenie"},
    {"intent.remove_device", "Remove device", "Usuń urządzenie"},
    {"intent.protocol", "Protocol", "Protokół"},
    {"intent.protocol_help",
     "POP3 downloads the mail to this device; IMAP keeps it on the server and shows every device the same "
     "mailbox. Switching sets the account up again: the local copy starts empty.",
     "POP3 pobiera pocztę na to urządzenie; IMAP trzyma ją na serwerze i pokazuje wszystkim urządzeniom tę samą "
     "skrzynkę. Zmiana konfiguruje konto od nowa: kopia lokalna zaczyna się pusta."},
    {"intent.folder_name", "Folder name", "Nazwa folderu"},

    // Devices
    {"device.phone", "Phone", "Telefon"},
    {"device.laptop", "Laptop", "Laptop"},
    {"device.tablet", "Tablet", "Tablet"},
    {"device.other", "Device", "Urządzenie"},
    {"device.offline", "offline", "bez sieci"},
    {"device.real_client", "Real client", "Prawdziwy klient"},
    {"device.account", "Account", "Konto"},

    // Common buttons
    {"common.ok", "OK", "OK"},
    {"common.cancel", "Cancel", "Anuluj"},
    {"common.create", "Create", "Utwórz"},
    {"common.rename", "Rename", "Zmień nazwę"},
    {"common.close", "Close", "Zamknij"},
    {"common.copy", "Copy", "Kopiuj"},

    // Empty states
    {"empty.server_accounts", "No accounts on the server", "Brak kont na serwerze"},
    {"empty.server_messages", "No messages on the server", "Brak wiadomości na serwerze"},
    {"empty.device_messages", "No messages on this device", "Brak wiadomości na tym urządzeniu"},
    {"empty.devices", "No devices yet. Add one with “Add device”.",
     "Nie ma jeszcze urządzeń. Dodaj je przyciskiem „Dodaj urządzenie”."},
    {"empty.transcript", "Nothing sent yet", "Nic jeszcze nie wysłano"},
    {"empty.inspector", "Select a transcript line to see what it means.",
     "Wybierz wiersz zapisu rozmowy, aby zobaczyć, co znaczy."},

    // Transcript
    {"transcript.client", "client", "klient"},
    {"transcript.server", "server", "serwer"},
    {"transcript.note", "note", "uwaga"},
    {"transcript.next_pending", "next, not sent yet", "następny, jeszcze niewysłany"},
    {"transcript.copy_all", "Copy all", "Kopiuj wszystko"},
    {"transcript.export_text", "Export as text…", "Eksportuj jako tekst…"},
    {"transcript.export_markdown", "Export as Markdown…", "Eksportuj jako Markdown…"},
    {"transcript.exported", "Saved to %s", "Zapisano w %s"},

    // Message states
    {"state.marked_for_deletion", "marked for deletion", "oznaczona do usunięcia"},
    {"state.in_flight", "in flight", "w drodze"},
    {"state.in_flight_help", "Changed on the server; this device has not been told yet.",
     "Zmieniona na serwerze; to urządzenie jeszcze o tym nie wie."},

    // Inspector
    {"inspector.meaning", "Meaning", "Znaczenie"},
    {"inspector.rfc", "RFC", "RFC"},
    {"inspector.raw_bytes", "Raw bytes", "Surowe bajty"},
    {"inspector.eavesdropper", "What an eavesdropper sees", "Co widzi podsłuchujący"},
    {"inspector.plain_link", "This link is not encrypted: an eavesdropper sees exactly these bytes.",
     "To połączenie nie jest szyfrowane: podsłuchujący widzi dokładnie te bajty."},
    {"inspector.direction", "Direction", "Kierunek"},
    {"inspector.client_to_server", "client → server", "klient → serwer"},
    {"inspector.server_to_client", "server → client", "serwer → klient"},
    {"inspector.time", "Time", "Czas"},
    {"inspector.no_explanation", "No explanation for this line.", "Brak objaśnienia tego wiersza."},

    // Compare mode
    {"compare.mode", "Compare POP3 and IMAP", "Porównaj POP3 i IMAP"},
    {"compare.mode_help", "Two worlds side by side, driven by the same actions: one with POP3, one with IMAP.",
     "Dwa światy obok siebie, sterowane tymi samymi akcjami: jeden z POP3, drugi z IMAP."},
    {"compare.pop3_world", "POP3 world", "Świat POP3"},
    {"compare.imap_world", "IMAP world", "Świat IMAP"},
    {"compare.single_world", "One world", "Jeden świat"},
    // The summary strip over the two worlds (app/panels/compare_summary.cpp): "0 messages" is
    // a count and its noun (count.message), the device's name is as the scenario gives it.
    {"compare.summary_servers", "POP3 server: %s · IMAP server: %s", "Serwer POP3: %s · serwer IMAP: %s"},
    {"compare.summary_device", "%s has %llu of %llu under POP3, %llu of %llu under IMAP",
     "%s ma %llu z %llu przez POP3, a %llu z %llu przez IMAP"},
    {"compare.summary_help",
     "How many messages each server keeps, and how many of the messages delivered so far the device holds "
     "in each world (the device where the two differ most).",
     "Ile wiadomości trzyma każdy serwer i ile z dotąd dostarczonych wiadomości ma urządzenie w każdym "
     "ze światów (to, w którym różnica jest największa)."},

    // The flow animation (app/panels/flow_view.cpp)
    {"menu.animate_flow", "Animate mail flow", "Animuj przepływ poczty"},
    {"menu.animate_flow_help",
     "Envelopes carry downloaded messages from the server to the device; DELE, QUIT, RSET and IMAP changes "
     "move between the columns as they happen. Turn it off to step line by line without motion.",
     "Koperty niosą pobrane wiadomości z serwera do urządzenia; DELE, QUIT, RSET i zmiany IMAP przechodzą "
     "między kolumnami, gdy się dzieją. Wyłącz, aby przechodzić wiersz po wierszu bez ruchu."},

    // [explorer layout, control bar, inspector, menus: app/ui/panels.cpp, app/panels/control_bar.cpp,
    //  app/panels/inspector_panel.cpp]
    {"layout.every_device_pop3", "Every device on POP3", "Wszystkie urządzenia używają POP3"},
    {"layout.every_device_imap", "Every device on IMAP", "Wszystkie urządzenia używają IMAP"},
    {"layout.splitter_help", "Drag to resize; double-click to restore the default size.",
     "Przeciągnij, aby zmienić rozmiar; kliknij dwukrotnie, aby przywrócić domyślny."},
    {"layout.add_device_button", "+ Add device", "+ Dodaj urządzenie"},
    {"layout.add_device_help", "Add a phone, laptop or tablet that reads the same account.",
     "Dodaj telefon, laptop lub tablet, który czyta to samo konto."},
    {"menu.scenarios", "Scenarios", "Scenariusze"},
    {"menu.no_scenarios", "No scenarios in assets/scenarios", "Brak scenariuszy w assets/scenarios"},
    {"menu.playback", "Playback", "Odtwarzanie"},
    {"menu.export_transcript", "Export transcript…", "Eksportuj zapis rozmowy…"},
    {"menu.no_account", "The scenario has no account to set a device up for.",
     "Scenariusz nie ma konta, które można skonfigurować na urządzeniu."},
    {"menu.add_device_for", "A new device reading the account %s:", "Nowe urządzenie czytające konto %s:"},
    {"open.title", "Open scenario", "Otwórz scenariusz"},
    {"open.path", "Scenario file (.toml)", "Plik scenariusza (.toml)"},
    {"open.help",
     "A scenario is a TOML file: accounts, their messages, devices and actions at given times. A broken file "
     "is reported with its line and column; the current scenario stays open.",
     "Scenariusz to plik TOML: konta, ich wiadomości, urządzenia i akcje o określonych porach. Błąd w pliku jest "
     "zgłaszany z numerem wiersza i kolumny; bieżący scenariusz pozostaje otwarty."},
    {"open.from_assets", "Scenarios that come with mailscope:", "Scenariusze dołączone do mailscope:"},
    {"open.open", "Open", "Otwórz"},
    {"export.title", "Export transcript", "Eksport zapisu rozmowy"},
    {"export.path", "Save to file", "Zapisz do pliku"},
    {"export.help", "Every device's transcript and the server's notes, step by step, as plain text.",
     "Zapis rozmowy każdego urządzenia i notatki serwera, krok po kroku, jako zwykły tekst."},
    {"export.save", "Save", "Zapisz"},
    {"save_world.title", "Save world", "Zapisz świat"},
    {"save_world.help",
     "Saves the scenario with everything people did in it, each at the step it was done, as a scenario file. "
     "Opening the file shows the same transcripts, at the same step.",
     "Zapisuje scenariusz razem ze wszystkim, co w nim zrobiono – każdą czynność w kroku, w którym ją wykonano. "
     "Po otwarciu pliku zobaczysz te same zapisy rozmów, w tym samym kroku."},
    {"save_world.in_lesson", "A lesson's world is saved by the lesson's progress; leave the lesson to save a world.",
     "Świat lekcji zapisuje się razem z postępem lekcji; aby zapisać świat, wyjdź z lekcji."},
    {"save_world.comment", "Saved by mailscope (File > Save world). Open it with File > Open scenario.",
     "Zapisane przez mailscope (Plik > Zapisz świat). Otwórz przez Plik > Otwórz scenariusz."},
    {"compare.tabs_help",
     "The window is too low to show both worlds one above the other, so they take turns: the strip above says "
     "how they differ. A larger window or a smaller zoom shows them together.",
     "Okno jest za niskie, by pokazać oba światy jeden nad drugim, więc są na zmianę: pasek powyżej mówi, czym się "
     "różnią. Większe okno lub mniejsze powiększenie pokaże je razem."},
    {"menu.save_world", "Save world…", "Zapisz świat…"},
    {"save_world.file_name", "my-world.toml", "moj-swiat.toml"},
    {"export.file_name", "mailscope-transcript.txt", "mailscope-zapis-rozmowy.txt"},
    {"menu.save_world_help", "The scenario and everything done in it, as a file that reopens at this step.",
     "Scenariusz i wszystko, co w nim zrobiono, jako plik, który otworzy się w tym samym kroku."},
    {"files.places", "Places", "Miejsca"},
    {"files.place_scenarios", "mailscope scenarios", "Scenariusze mailscope"},
    {"files.place_home", "Home folder", "Folder domowy"},
    {"files.place_working", "Working folder", "Folder roboczy"},
    {"files.up", "The folder above", "Folder wyżej"},
    {"files.empty", "Nothing here that fits.", "Nie ma tu pasujących plików."},
    {"files.name", "File name", "Nazwa pliku"},
    {"files.hidden", "Hidden files", "Pliki ukryte"},
    {"files.showing", "Showing folders and %s files. Type a name or a path, or click a file.",
     "Widać foldery i pliki %s. Wpisz nazwę lub ścieżkę albo kliknij plik."},
    {"files.no_name", "Type a file name or click a file.", "Wpisz nazwę pliku albo kliknij plik."},
    {"files.is_folder", "That is a folder: press Enter to open it.", "To folder: naciśnij Enter, aby go otworzyć."},
    {"files.missing", "There is no file %s.", "Nie ma pliku %s."},
    {"files.no_folder", "The folder %s does not exist.", "Folder %s nie istnieje."},
    {"files.exists", "%s already exists. Replace it?", "%s już istnieje. Zastąpić go?"},
    {"files.replace", "Replace", "Zastąp"},
    {"transcript.export_title", "Export transcript", "Eksport zapisu rozmowy"},
    {"transcript.export_gone", "That device is no longer in the world.", "Tego urządzenia nie ma już w świecie."},
    {"transcript.browse", "Choose…", "Wybierz…"},
    {"transcript.browse_help", "Pick the folder and file in a file dialog.", "Wybierz folder i plik w oknie plików."},
    {"export.cannot_write", "cannot write this file", "nie można zapisać tego pliku"},
    {"error.scenario", "The scenario could not be opened:", "Nie udało się otworzyć scenariusza:"},
    {"error.scenario_kept", "The previous scenario stays open.", "Poprzedni scenariusz pozostaje otwarty."},
    {"error.lesson", "The lesson could not be opened:", "Nie udało się otworzyć lekcji:"},
    {"error.lesson_kept", "What was shown before stays open.", "To, co było widać wcześniej, pozostaje otwarte."},
    {"control.speed_help", "How many protocol lines are sent per second while playing.",
     "Ile wierszy protokołu jest wysyłanych na sekundę podczas odtwarzania."},
    {"control.timeline_format", "step %d", "krok %d"},
    {"control.clock_help", "The simulated clock: the scenario's actions happen at their times.",
     "Symulowany zegar: akcje scenariusza dzieją się o swoich porach."},
    {"control.step_of", "step %d of %d", "krok %d z %d"},
    {"control.next", "Next:", "Następnie:"},
    {"control.next_help", "What the next step will do, shown before it happens.",
     "Co zrobi następny krok, pokazane, zanim się wydarzy."},
    {"control.next_action", "at %s, action: %s", "o %s, akcja: %s"},
    {"control.nothing_left", "nothing left: the scenario is over and every device is quiet",
     "nic więcej: scenariusz się skończył, a urządzenia milczą"},
    {"inspector.step", "step %llu", "krok %llu"},
    {"inspector.note_meaning", "A note from mailscope about what happened around the conversation.",
     "Uwaga od mailscope o tym, co działo się wokół rozmowy."},
    {"inspector.note_not_sent", "Not sent over the network: notes only describe what happened.",
     "Nie jest wysyłana przez sieć: uwagi tylko opisują, co się stało."},
    {"inspector.byte_count", "(%llu %s)", "(%llu %s)"},
    {"inspector.more_bytes", "… and %llu more %s", "… i jeszcze %llu %s"},
    {"inspector.secret_on_wire",
     "The transcript masks the password, but these are the bytes that really crossed the wire: anyone on the "
     "network reads the password exactly like this.",
     "Zapis rozmowy ukrywa hasło, ale powyżej są bajty, które naprawdę poszły przez sieć: każdy, kto podsłuchuje, "
     "przeczyta hasło dokładnie tak."},
    {"count.byte.one", "byte", "bajt"},
    {"count.byte.few", "bytes", "bajty"},
    {"count.byte.many", "bytes", "bajtów"},
    // [end of the explorer layout block]

    // Server panel (app/panels/server_panel.cpp)
    {"server.col_flags", "Flags", "Flagi"},
    {"server.col_uid", "UID", "UID"},
    {"server.col_from", "From", "Od"},
    {"server.col_subject", "Subject", "Temat"},
    {"server.col_size", "Size", "Rozmiar"},
    {"server.no_flags", "no flags", "brak flag"},
    {"server.and_recent", " (and \\Recent)", " (oraz \\Recent)"},
    {"server.flags", "Flags", "Flagi"},
    {"server.credentials", "user %s, password %s", "użytkownik %s, hasło %s"},
    {"server.help",
     "The mail as the server stores it. POP3 and IMAP sessions read and change this store; every change shows "
     "here at once.",
     "Poczta w takiej postaci, w jakiej przechowuje ją serwer. Sesje POP3 i IMAP czytają i zmieniają ten "
     "magazyn; każda zmiana od razu pojawia się tutaj."},
    {"server.flag_legend",
     "N  \\Recent: new, no session has seen it yet\n"
     "S  \\Seen: read\n"
     "A  \\Answered: replied to\n"
     "F  \\Flagged: marked as important\n"
     "X  \\Deleted: marked for removal (EXPUNGE or POP3 QUIT removes it)\n"
     "D  \\Draft: not yet sent\n"
     "+  has keywords (e.g. $Forwarded)",
     "N  \\Recent: nowa, żadna sesja jeszcze jej nie widziała\n"
     "S  \\Seen: przeczytana\n"
     "A  \\Answered: z wysłaną odpowiedzią\n"
     "F  \\Flagged: oznaczona jako ważna\n"
     "X  \\Deleted: oznaczona do usunięcia (usuwa ją EXPUNGE lub QUIT w POP3)\n"
     "D  \\Draft: szkic, jeszcze niewysłana\n"
     "+  ma słowa kluczowe (np. $Forwarded)"},

    // Mail text (app/ui/mail_text.cpp)
    {"mail.no_sender", "(no sender)", "(brak nadawcy)"},
    {"mail.no_subject", "(no subject)", "(brak tematu)"},
    {"mail.empty_mailbox", "empty", "pusta"},

    // [device columns, transcripts, server cards, transcript export: app/panels/device_panel.cpp,
    //  app/panels/transcript_view.cpp, app/panels/server_panel.cpp, app/ui/transcript_export.cpp]
    {"device.online", "online", "w sieci"},
    {"device.connected", "connected", "połączone"},
    {"device.not_connected", "not connected", "niepołączone"},
    {"device.account_tooltip", "Reads the account %s", "Czyta konto %s"},
    {"device.check_help", "Connect, download new mail (RETR) and, unless a copy stays on the server, delete it there.",
     "Połącz się, pobierz nową pocztę (RETR) i, jeśli kopia nie ma zostać na serwerze, usuń ją tam."},
    {"device.sync_help", "Connect, select the mailbox and bring the local copy in line with the server.",
     "Połącz się, wybierz skrzynkę i uzgodnij kopię lokalną ze stanem na serwerze."},
    {"device.settings", "Settings", "Ustawienia"},
    {"device.settings_help", "Protocol, leave a copy on the server, IDLE; remove the device.",
     "Protokół, zostawianie kopii na serwerze, IDLE; usunięcie urządzenia."},
    {"device.compare_protocol", "In compare mode every device uses the protocol of its world.",
     "W trybie porównania każde urządzenie używa protokołu swojego świata."},
    {"device.remove_help", "Switch the device off and take it away; rewinding brings it back.",
     "Wyłącz urządzenie i zabierz je; cofnięcie czasu je przywraca."},
    {"device.folders", "Folders", "Foldery"},
    {"device.inbox_fixed", "INBOX cannot be renamed or deleted.",
     "Folderu INBOX nie można usunąć ani zmienić jego nazwy."},
    {"device.no_other_folder", "No other folder yet", "Nie ma jeszcze innego folderu"},
    {"device.empty_folder", "No messages in this folder", "Brak wiadomości w tym folderze"},
    {"device.header_only", "header only", "tylko nagłówek"},
    {"device.header_only_help", "Only the header is on this device; the body is still on the server.",
     "Na tym urządzeniu jest tylko nagłówek; treść jest wciąż na serwerze."},
    {"device.downloaded_help", "Downloaded: the whole message is on this device.",
     "Pobrana: cała wiadomość jest na tym urządzeniu."},
    {"device.pending_short", "pending", "oczekuje"},
    {"device.pending", "Pending: changed here, not yet on the server.",
     "Oczekuje: zmieniona tutaj, serwer jeszcze o tym nie wie."},
    {"device.message_help", "Click to select, double-click to open, right-click for more.",
     "Kliknij, aby zaznaczyć; kliknij dwukrotnie, aby otworzyć; prawy przycisk: więcej."},
    {"cards.flag_legend",
     "▴  \\Recent: new, no session has seen it yet\n"
     "●  unread (no \\Seen)\n"
     "↩  \\Answered: replied to\n"
     "◆  \\Flagged: marked as important\n"
     "×  \\Deleted: marked for removal\n"
     "◇  \\Draft: not yet sent\n"
     "+  has keywords (e.g. $Forwarded)",
     "▴  \\Recent: nowa, żadna sesja jeszcze jej nie widziała\n"
     "●  nieprzeczytana (bez \\Seen)\n"
     "↩  \\Answered: z wysłaną odpowiedzią\n"
     "◆  \\Flagged: oznaczona jako ważna\n"
     "×  \\Deleted: oznaczona do usunięcia\n"
     "◇  \\Draft: szkic, jeszcze niewysłana\n"
     "+  ma słowa kluczowe (np. $Forwarded)"},
    {"server.uid", "UID %u", "UID %u"},
    {"server.uid_size", "UID %u · %s", "UID %u · %s"},
    {"server.sessions", "Open sessions: %s", "Otwarte sesje: %s"},
    {"server.no_sessions", "No open sessions", "Brak otwartych sesji"},
    {"server.empty_mailboxes", "Empty: %s", "Puste: %s"},
    {"server.removed", "removed", "usunięta"},
    {"server.dele_note",
     "Marked for deletion by %s (DELE). QUIT removes it; RSET or a dropped connection keeps it.",
     "Oznaczona do usunięcia przez %s (DELE). QUIT ją usuwa; RSET lub zerwane połączenie ją zachowuje."},
    {"server.deleted_flag_note", "Has the \\Deleted flag: the next EXPUNGE removes it.",
     "Ma flagę \\Deleted: najbliższe EXPUNGE ją usunie."},
    {"server.flags_in_flight_note", "Its flags changed; not told yet: %s.",
     "Jej flagi się zmieniły; jeszcze nie wiedzą o tym: %s."},
    {"server.expunge_in_flight_note", "Removed from the server; not told yet: %s.",
     "Usunięta z serwera; jeszcze nie wiedzą o tym: %s."},
    {"server.behind_note", "Changes here that these sessions have not been told yet: %s",
     "Zmiany, o których te sesje jeszcze nie wiedzą: %s"},
    {"transcript.export", "Export…", "Eksportuj…"},
    {"transcript.format_text", "Text", "Tekst"},
    {"transcript.format_markdown", "Markdown", "Markdown"},
    {"transcript.export_path", "File", "Plik"},
    {"transcript.export_path_help",
     "A name alone saves in the current directory; give a full path to save elsewhere.",
     "Sama nazwa zapisuje w bieżącym katalogu; podaj pełną ścieżkę, aby zapisać gdzie indziej."},
    {"transcript.save", "Save", "Zapisz"},
    {"transcript.export_failed", "Not saved: %s", "Nie zapisano: %s"},
    {"transcript.copied", "Copied to the clipboard", "Skopiowano do schowka"},
    {"transcript.copy_help", "Copy the whole transcript as text, with the meaning of each line.",
     "Skopiuj cały zapis rozmowy jako tekst, ze znaczeniem każdego wiersza."},
    {"transcript.tooltip_head", "%s · %s · step %zu", "%s · %s · krok %zu"},
    {"transcript.click_help", "Click to see it in the inspector.", "Kliknij, aby zobaczyć go w inspektorze."},
    {"transcript.next_pending_help", "The next step sends this; it is not on the wire yet.",
     "Następny krok to wyśle; jeszcze nie jest w sieci."},
    {"transcript_export.title", "Transcript of %s", "Zapis rozmowy: %s"},
    {"transcript_export.col_time", "Time", "Czas"},
    {"transcript_export.col_line", "Line", "Wiersz"},
    {"transcript_export.col_meaning", "Meaning", "Znaczenie"},
    // [end of the device columns block]

    // [TLS on simulated links: app/panels/device_panel.cpp, app/panels/inspector_panel.cpp]
    {"tls.setting", "Secure connection (TLS)", "Bezpieczne połączenie (TLS)"},
    {"tls.setting_help",
     "How the device protects its connection. The conversation with the server stays the same; what someone "
     "on the network can read changes. Takes effect at the next connection.",
     "Jak urządzenie chroni swoje połączenie. Rozmowa z serwerem jest ta sama, zmienia się tylko to, co może "
     "odczytać ktoś w sieci. Działa od następnego połączenia."},
    {"tls.mode_off", "Plain", "Bez szyfrowania"},
    {"tls.mode_off_help",
     "Ports 110 (POP3) and 143 (IMAP) without encryption: anyone on the network reads the password and the mail.",
     "Porty 110 (POP3) i 143 (IMAP) bez szyfrowania: każdy w sieci przeczyta hasło i pocztę."},
    {"tls.mode_starttls", "STARTTLS", "STARTTLS"},
    {"tls.mode_starttls_help",
     "Starts in plain text on ports 110 and 143, then asks for encryption before logging in: STLS in POP3, "
     "STARTTLS in IMAP. The greeting and that request cross the network readable; everything after the "
     "handshake is ciphertext. If the server does not offer it, the device does not log in at all.",
     "Połączenie zaczyna się otwartym tekstem na portach 110 i 143, a przed logowaniem urządzenie prosi o "
     "szyfrowanie: w POP3 poleceniem STLS, w IMAP poleceniem STARTTLS. Powitanie i ta prośba są w sieci "
     "czytelne, wszystko po uzgodnieniu TLS to już szyfrogram. Jeśli serwer tego nie oferuje, urządzenie "
     "w ogóle się nie loguje."},
    {"tls.mode_implicit", "Implicit TLS", "TLS od początku"},
    {"tls.mode_implicit_help",
     "Encrypted from the first byte, as on ports 993 (IMAP) and 995 (POP3): the network sees only ciphertext.",
     "Szyfrowanie od pierwszego bajtu, jak na portach 993 (IMAP) i 995 (POP3): w sieci widać tylko szyfrogram."},
    {"tls.starttls_badge_tooltip",
     "STARTTLS: the connection starts in plain text and is encrypted before the login. The greeting and the "
     "STARTTLS (POP3: STLS) line are readable on the network.",
     "STARTTLS: połączenie zaczyna się otwartym tekstem i jest szyfrowane przed logowaniem. Powitanie i wiersz "
     "STARTTLS (w POP3: STLS) da się odczytać w sieci."},
    {"tls.badge", "TLS", "TLS"},
    {"tls.badge_tooltip", "Secure connection: everything this device sends and receives is encrypted on the network.",
     "Bezpieczne połączenie: wszystko, co to urządzenie wysyła i odbiera, jest w sieci zaszyfrowane."},
    {"tls.inspector_ciphertext",
     "On a TLS link someone on the network sees only this: encrypted bytes, without the command, the password "
     "or the mail.",
     "Przy połączeniu TLS ktoś w sieci widzi tylko to: zaszyfrowane bajty, bez polecenia, hasła ani treści "
     "poczty."},
    {"tls.inspector_plain_hint",
     "Anyone on the network between the device and the server reads them. With a secure connection (TLS, in "
     "the device's settings) they would see only ciphertext.",
     "Każdy w sieci między urządzeniem a serwerem je odczyta. Przy bezpiecznym połączeniu (TLS, w ustawieniach "
     "urządzenia) widziałby tylko szyfrogram."},
    {"tls.inspector_before_starttls",
     "This line crossed before STARTTLS (POP3: STLS) switched the connection to TLS, so anyone on the network "
     "reads it. From the handshake on they see only ciphertext: the login comes after it.",
     "Ten wiersz przeszedł, zanim STARTTLS (w POP3: STLS) przełączył połączenie na TLS, więc każdy w sieci go "
     "odczyta. Od uzgodnienia TLS widać już tylko szyfrogram, a logowanie jest dopiero potem."},
    // [end of the TLS block]

    // [real client columns and listeners: app/panels/session_panel.cpp, app/ui/panels.cpp]
    {"real.column_title", "Real client · %s · session %llu · %s", "Prawdziwy klient · %s · sesja %llu · %s"},
    {"real.plain", "plain", "bez szyfrowania"},
    {"real.closed", "closed", "zamknięta"},
    {"real.empty", "Nothing sent yet", "Nic jeszcze nie wysłano"},
    {"real.column_help",
     "A real mail client (Thunderbird, mutt, curl, Python…) connected over TCP. It works on the same server as "
     "the world shown here, so its changes reach the devices and theirs reach it. Its lines are not in the "
     "timeline: stepping back, rewinding, reset, compare mode or another scenario close its connection and "
     "forget what it changed.",
     "Prawdziwy program pocztowy (Thunderbird, mutt, curl, Python…) połączony przez TCP. Pracuje na tym samym "
     "serwerze co pokazany tu świat, więc jego zmiany docierają do urządzeń, a ich zmiany do niego. Jego "
     "wierszy nie ma na osi czasu: krok wstecz, przewijanie, reset, tryb porównania lub inny scenariusz "
     "zamykają jego połączenie i zapominają, co zmienił."},
    {"real.ports", "Real clients: %s", "Prawdziwe programy: %s"},
    {"real.ports_help",
     "Point a mail client at these ports (user and password from the scenario's accounts). Each connection "
     "appears as its own column here. Rewinding, stepping back or reset closes real connections; the client "
     "reconnects to the rebuilt server.",
     "Skieruj program pocztowy na te porty (użytkownik i hasło z kont scenariusza). Każde połączenie pojawia "
     "się tu we własnej kolumnie. Przewijanie, krok wstecz lub reset zamykają prawdziwe połączenia; program "
     "łączy się ponownie z odbudowanym serwerem."},
    {"real.compare_world", "Real clients join the IMAP world (it keeps mail on the server).",
     "Prawdziwe programy dołączają do świata IMAP (poczta zostaje na serwerze)."},
    {"real.error", "Real clients cannot connect: %s", "Prawdziwe programy nie mogą się połączyć: %s"},
    // [end of the real client block]

    // Counted nouns (trCount)
    {"count.account.one", "account", "konto"},
    {"count.account.few", "accounts", "konta"},
    {"count.account.many", "accounts", "kont"},
    {"count.message.one", "message", "wiadomość"},
    {"count.message.few", "messages", "wiadomości"},
    {"count.message.many", "messages", "wiadomości"},
    {"count.unseen.one", "unseen", "nieprzeczytana"},
    {"count.unseen.few", "unseen", "nieprzeczytane"},
    {"count.unseen.many", "unseen", "nieprzeczytanych"},
    {"count.device.one", "device", "urządzenie"},
    {"count.device.few", "devices", "urządzenia"},
    {"count.device.many", "devices", "urządzeń"},
    {"count.line.one", "line", "wiersz"},
    {"count.line.few", "lines", "wiersze"},
    {"count.line.many", "lines", "wierszy"},
    {"replace.title", "Replace the later steps?", "Zastąpić dalsze kroki?"},
    {"replace.text", "The world is rewound. Doing \"%s\" here starts a new story from this step: the %zu later "
     "steps are replaced.",
     "Świat jest cofnięty. Jeśli zrobisz tu „%s”, od tego kroku zacznie się nowa historia, a %zu dalszych "
     "kroków zostanie zastąpionych."},
    {"replace.once", "Asked once: after this, actions done while rewound replace the later steps at once.",
     "Pytamy tylko raz: potem akcje wykonane po cofnięciu od razu zastępują dalsze kroki."},
    {"replace.do", "Replace them", "Zastąp"},
    {"device.waiting_action", "● waiting: %s", "● czeka: %s"},
    {"device.waiting_action_help", "Asked for and not yet done: the next step (Play or Step line) does it.",
     "Zlecone, ale jeszcze niewykonane: zrobi to następny krok (Odtwórz albo Następny wiersz)."},
    {"real.dropped_lines", "%zu earlier lines are not kept (a real session keeps its latest lines only).",
     "%zu wcześniejszych wierszy nie zachowano (prawdziwa sesja przechowuje tylko najnowsze wiersze)."},
    // [SECTION] guided lessons
    {"menu.lessons", "Lessons", "Lekcje"},
    {"lesson.none", "No lessons found (lessons/content).", "Nie znaleziono lekcji (lessons/content)."},
    {"lesson.title", "Lesson %d: %s", "Lekcja %d: %s"},
    {"lesson.step_of", "Step %zu of %zu", "Krok %zu z %zu"},
    {"lesson.checks", "What the lesson checks:", "Co sprawdza lekcja:"},
    {"lesson.hint", "Hint", "Podpowiedź"},
    {"lesson.another_hint", "Another hint", "Jeszcze jedna podpowiedź"},
    {"lesson.show_solution", "Show solution", "Pokaż rozwiązanie"},
    {"lesson.hide_solution", "Hide solution", "Ukryj rozwiązanie"},
    {"lesson.solution", "The solution:", "Rozwiązanie:"},
    {"lesson.do_it", "Do it for me", "Zrób to za mnie"},
    {"lesson.do_it_help", "Plays the solution in the world, so you can watch what it does.",
     "Wykonuje rozwiązanie w symulacji – zobaczysz, co się dzieje."},
    {"lesson.back", "◀ Back", "◀ Wstecz"},
    {"lesson.back_help", "The step before, with the world exactly as it was there.",
     "Poprzedni krok, a świat dokładnie taki, jaki był w tamtej chwili."},
    {"lesson.skip", "Skip", "Pomiń"},
    {"lesson.skip_help", "Plays the solution and moves on; the step is not counted as done by you.",
     "Wykonuje rozwiązanie i przechodzi dalej; krok nie liczy się jako zrobiony przez ciebie."},
    {"lesson.next", "Next ▶", "Dalej ▶"},
    {"lesson.finish", "Finish ▶", "Zakończ ▶"},
    {"lesson.next_help", "Every check holds: on to the next step.", "Wszystko się zgadza: przejdź do następnego kroku."},
    {"lesson.next_locked", "Next unlocks when the task is done and every check is ticked.",
     "„Dalej” odblokuje się, gdy wykonasz zadanie i wszystkie punkty będą zaznaczone."},
    {"lesson.busy", "The world is carrying the lines of your action…", "Trwa wymiana wierszy, którą uruchomiła twoja akcja…"},
    {"lesson.finish_now", "Finish now", "Dokończ od razu"},
    {"lesson.finish_now_help", "Carries every line that is left at once, instead of one by one at the playback speed.",
     "Przesyła od razu wszystkie pozostałe wiersze zamiast jednego po drugim w tempie odtwarzania."},
    {"lesson.waiting", "Waiting for you to do the task.", "Czekam, aż wykonasz zadanie."},
    {"lesson.where_stopped", "When did it stop being true?", "Kiedy przestało się zgadzać?"},
    {"lesson.where_stopped_help", "Replays the world from the start and names the first line after which this was no "
     "longer true.",
     "Odtwarza świat od początku i wskazuje pierwszy wiersz, po którym przestało się to zgadzać."},
    {"lesson.show_line", "Show that line", "Pokaż ten wiersz"},
    {"lesson.real_client_solution", "A small built-in IMAP client connects over a real socket, logs in, selects the "
     "folder and sets the flag, as Thunderbird would.",
     "Mały wbudowany klient IMAP łączy się przez prawdziwe gniazdo sieciowe, loguje się, wybiera folder i ustawia "
     "flagę – tak jak zrobiłby to Thunderbird."},
    {"lesson.real_client_transcript", "What the built-in client said", "Co powiedział wbudowany klient"},
    {"lesson.never_held", "It was not true at any moment of this world so far.",
     "Nie zgadzało się w żadnej chwili tego świata."},
    {"lesson.stopped_at", "It stopped being true at step %zu: %s", "Przestało się zgadzać w kroku %zu: %s"},
    {"lesson.retry", "Try this step again", "Spróbuj jeszcze raz"},
    {"lesson.retry_help", "The world goes back to how it was when this step began.",
     "Świat wraca do stanu z początku tego kroku."},
    {"lesson.choose_one", "Choose one answer.", "Wybierz jedną odpowiedź."},
    {"lesson.choose_many", "Tick every answer you think is right.", "Zaznacz wszystkie odpowiedzi, które uważasz za dobre."},
    {"lesson.answer", "Answer", "Odpowiedz"},
    {"lesson.predict", "Predict, then run the other world", "Przewiduj, a potem uruchom drugi świat"},
    {"lesson.right", "Right!", "Dobrze!"},
    {"lesson.wrong", "Not quite:", "Nie do końca:"},
    {"lesson.prediction_right", "Your prediction matches what the other world shows.",
     "Twoje przewidywanie zgadza się z tym, co pokazuje drugi świat."},
    {"lesson.prediction_wrong", "The other world shows something else:", "Drugi świat pokazuje coś innego:"},
    {"lesson.complete", "Lesson complete", "Lekcja ukończona"},
    {"lesson.complete_text", "You finished every step. Go on with the next lesson, take this one again, or explore "
     "on your own.",
     "Wszystkie kroki zrobione. Przejdź do następnej lekcji, powtórz tę albo eksploruj samodzielnie."},
    {"lesson.next_lesson", "Next lesson ▶", "Następna lekcja ▶"},
    {"lesson.restart", "Start the lesson again", "Zacznij lekcję od nowa"},
    {"lesson.leave", "Leave the lesson", "Wyjdź z lekcji"},
    {"lesson.leave_help", "Back to exploring freely; your progress is kept.",
     "Powrót do swobodnego eksplorowania; postęp zostaje zapisany."},
    {"lesson.not_allowed", "This lesson does not use this button: follow the task in the lesson panel.",
     "W tej lekcji ten przycisk nie jest potrzebny – wykonaj zadanie z panelu lekcji."},
    {"lesson.reload_error", "The lesson file has a problem; the lesson goes on as it was:",
     "W pliku lekcji jest błąd; lekcja trwa dalej bez zmian:"},
    {"lesson.progress_error", "Progress could not be saved: %s", "Nie udało się zapisać postępu: %s"},
    {"lesson.fold", "Fold the lesson panel", "Zwiń panel lekcji"},
    {"lesson.unfold", "Show the lesson panel", "Pokaż panel lekcji"},
    {"lesson.in_lesson_rewind", "In a lesson, go back with the lesson's Back button: the world returns to the step "
     "before exactly as it was.",
     "W lekcji cofasz się przyciskiem „Wstecz” w panelu lekcji: świat wraca do poprzedniego kroku dokładnie "
     "w takim stanie, w jakim był."},
    {"action.deliver_mail", "New mail arrives", "Przychodzi nowa wiadomość"},
};

std::atomic<Language> g_language{Language::English};

bool missing(const char* text)
{
    return text == nullptr || *text == '\0';
}

}  // namespace

// [SECTION] plural forms

PluralForm pluralForm(Language language, std::uint64_t n)
{
    if (n == 1)
        return PluralForm::One;
    if (language == Language::Polish) {
        const std::uint64_t lastDigit = n % 10;
        const std::uint64_t lastTwo = n % 100;
        if (lastDigit >= 2 && lastDigit <= 4 && (lastTwo < 12 || lastTwo > 14))
            return PluralForm::Few;
    }
    return PluralForm::Many;
}

// [SECTION] StringTable

StringTable::StringTable(std::span<const Translation> entries) : m_entries(entries)
{
    m_index.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i)
        m_index.emplace(entries[i].key, i);  // keeps the first of duplicate keys
}

const char* StringTable::keep(std::string text) const
{
    const std::lock_guard lock(m_mutex);
    return m_made.insert(std::move(text)).first->c_str();
}

const char* StringTable::text(std::string_view key, Language language) const
{
    const auto found = m_index.find(key);
    if (found == m_index.end()) {
        {
            const std::lock_guard lock(m_mutex);
            if (const auto made = m_made.find(key); made != m_made.end())
                return made->c_str();
        }
        return keep(std::string(key));
    }
    const Translation& entry = m_entries[found->second];
    if (language == Language::Polish && !missing(entry.pl))
        return entry.pl;
    return missing(entry.en) ? entry.key : entry.en;
}

const char* StringTable::label(std::string_view key, Language language) const
{
    std::string id = std::string(languageCode(language)) + ":";
    id += key;
    {
        const std::lock_guard lock(m_mutex);
        if (const auto found = m_labels.find(id); found != m_labels.end())
            return found->second;
    }
    std::string made = text(key, language);
    made += "###";
    made += key;
    const char* kept = keep(std::move(made));
    const std::lock_guard lock(m_mutex);
    m_labels.emplace(std::move(id), kept);
    return kept;
}

bool StringTable::contains(std::string_view key) const
{
    return m_index.contains(key);
}

std::vector<std::string_view> StringTable::keysWithoutPolish() const
{
    std::vector<std::string_view> keys;
    for (const Translation& entry : m_entries)
        if (missing(entry.pl))
            keys.emplace_back(entry.key);
    return keys;
}

std::vector<std::string_view> StringTable::duplicateKeys() const
{
    std::vector<std::string_view> keys;
    for (std::size_t i = 0; i < m_entries.size(); ++i)
        if (m_index.at(m_entries[i].key) != i)
            keys.emplace_back(m_entries[i].key);
    return keys;
}

// [SECTION] the current language

const StringTable& uiStrings()
{
    static const StringTable table(kUiStrings);
    return table;
}

void setLanguage(Language language)
{
    g_language = language;
}

Language currentLanguage()
{
    return g_language;
}

const char* tr(std::string_view key)
{
    return uiStrings().text(key, currentLanguage());
}

const char* trLabel(std::string_view key)
{
    return uiStrings().label(key, currentLanguage());
}

const char* trCount(std::string_view key, std::uint64_t n)
{
    const Language language = currentLanguage();
    std::string full(key);
    switch (pluralForm(language, n)) {
    case PluralForm::One: full += ".one"; break;
    case PluralForm::Few: full += ".few"; break;
    case PluralForm::Many: full += ".many"; break;
    }
    return uiStrings().text(full, language);
}

std::vector<std::string_view> keysWithoutPolish()
{
    return uiStrings().keysWithoutPolish();
}

// [SECTION] language names

std::string_view languageCode(Language language)
{
    switch (language) {
    case Language::English: return "en";
    case Language::Polish: return "pl";
    }
    return "en";
}

std::optional<Language> languageFromCode(std::string_view code)
{
    for (const Language language : kLanguages)
        if (core::equalsIgnoreCase(code, languageCode(language)))
            return language;
    return std::nullopt;
}

const char* languageNativeName(Language language)
{
    switch (language) {
    case Language::English: return "English";
    case Language::Polish: return "Polski";
    }
    return "English";
}

}  // namespace mailscope::app
