// The IMAP catalogue: what each command, response and response code means, in English and
// Polish, with its RFC section (RFC 3501 §6-§7 and the extensions the server speaks).
#include "protocols/imap/catalogue.h"

#include <algorithm>
#include <string>
#include <vector>

#include "protocols/core/sasl.h"
#include "protocols/imap/command_table.h"

namespace mailscope::imap {

namespace {

// Every entry but the commands, whose meanings are in the command table.
constexpr core::Explanation kOtherEntries[] = {
    // [SECTION] commands, any state (RFC 3501 §6.1)
    // [SECTION] other client lines
    {"DONE",
     "Ends IDLE. It has no tag of its own: the server completes the IDLE command with OK and its tag, and the "
     "client can send commands again.",
     "Kończy IDLE. Nie ma własnego znacznika: serwer zamyka polecenie IDLE odpowiedzią OK z jego znacznikiem i "
     "klient może znów wysyłać polecenia.",
     "RFC 2177 §3"},
    // Commands with a CONDSTORE / QRESYNC parameter (RFC 7162): the client resyncs quickly.
    {"ENABLE QRESYNC",
     "Turns quick resynchronization on for this session (and CONDSTORE with it): from now on every change of "
     "flags carries a MODSEQ, removals come as VANISHED instead of EXPUNGE, and SELECT may name what the client "
     "already holds.",
     "Włącza w tej sesji szybką resynchronizację (a razem z nią CONDSTORE): odtąd każda zmiana flag niesie "
     "MODSEQ, usunięcia przychodzą jako VANISHED zamiast EXPUNGE, a SELECT może wskazać, co klient już ma.",
     "RFC 7162 §3.2.3"},
    {"SELECT (QRESYNC)",
     "Opens the mailbox and tells the server what the client's copy is: its UIDVALIDITY, the HIGHESTMODSEQ it "
     "was up to date with and the UIDs it holds. The server answers with VANISHED (EARLIER) for what was removed "
     "since and FETCH ... MODSEQ for what changed, so a device back online does not fetch every message's flags "
     "again.",
     "Otwiera skrzynkę i mówi serwerowi, jaką kopię ma klient: jej UIDVALIDITY, HIGHESTMODSEQ, do którego była "
     "aktualna, i UID-y wiadomości, które zna. Serwer odpowiada VANISHED (EARLIER) z tym, co od tamtej pory "
     "usunięto, i FETCH ... MODSEQ z tym, co się zmieniło, więc urządzenie wracające do sieci nie pobiera znów "
     "flag wszystkich wiadomości.",
     "RFC 7162 §3.2.5"},
    {"FETCH (CHANGEDSINCE)",
     "Asks only for messages whose mod-sequence is higher than the given one: what changed since the client "
     "last looked. Each answer carries its MODSEQ, and the highest one tells the client where to start next "
     "time.",
     "Prosi tylko o wiadomości, których sekwencja modyfikacji jest wyższa od podanej, czyli o to, co się "
     "zmieniło, odkąd klient ostatnio sprawdzał. Każda odpowiedź niesie swój MODSEQ, a najwyższy z nich mówi "
     "klientowi, od czego zacząć następnym razem.",
     "RFC 7162 §3.1.4.1"},
    // A search kept up to date (RFC 5267 4.3).
    {"SEARCH RETURN (UPDATE)",
     "A SEARCH or SORT that asks the server to remember it: besides the answer now, the server tells the client, "
     "as messages arrive, are removed or change their flags, which ones join the result (ADDTO) and which leave "
     "it (REMOVEFROM), until CANCELUPDATE or until the client leaves the mailbox. A virtual folder such as "
     "\"Unread\" stays right without searching again.",
     "SEARCH lub SORT, który prosi serwer o zapamiętanie wyszukiwania: oprócz bieżącej odpowiedzi serwer "
     "informuje klienta, w miarę jak wiadomości przychodzą, są usuwane lub zmieniają flagi, które dołączają do "
     "wyniku (ADDTO), a które z niego wypadają (REMOVEFROM), aż do CANCELUPDATE albo opuszczenia skrzynki. "
     "Wirtualny folder, np. „Nieprzeczytane”, jest aktualny bez ponownego wyszukiwania.",
     "RFC 5267 §4.3"},
    {"SASL response",
     "The client's answer to the server's \"+\" prompt during AUTHENTICATE: one line of base64, without a tag. "
     "For PLAIN it holds the user name and password, so it is as secret as the password.",
     "Odpowiedź klienta na zachętę „+” serwera podczas AUTHENTICATE: jedna linia w base64, bez znacznika. W "
     "mechanizmie PLAIN zawiera nazwę użytkownika i hasło, więc jest tak samo tajna jak hasło.",
     "RFC 3501 §6.2.2"},
    {"*",
     "Cancels the AUTHENTICATE in progress; the server completes it with BAD.",
     "Przerywa trwające AUTHENTICATE; serwer kończy je odpowiedzią BAD.",
     "RFC 3501 §6.2.2"},

    // [SECTION] continuations (RFC 3501 §7.5)
    {"+",
     "A continuation request: the server is ready for the literal the client announced with {n}, and the client "
     "now sends exactly n bytes (a message for APPEND, or a string with special characters).",
     "Prośba o kontynuację: serwer jest gotów przyjąć literał zapowiedziany przez klienta jako {n}, więc klient "
     "wysyła teraz dokładnie n bajtów (wiadomość przy APPEND albo napis ze znakami specjalnymi).",
     "RFC 3501 §7.5"},
    {"+ challenge",
     "A continuation during AUTHENTICATE: the server waits for the next step of the login. After \"+ \" comes a "
     "base64 challenge (empty for PLAIN); the client answers with one base64 line, or \"*\" to give up.",
     "Kontynuacja podczas AUTHENTICATE: serwer czeka na kolejny krok logowania. Po „+ ” jest wyzwanie w base64 "
     "(dla PLAIN puste); klient odpowiada jedną linią w base64 albo „*”, żeby zrezygnować.",
     "RFC 3501 §7.5"},
    {"+ idling",
     "The server accepted IDLE: from now on it reports changes in the mailbox the moment they happen, without "
     "being asked. The client only listens until it sends DONE.",
     "Serwer przyjął IDLE: od teraz zgłasza zmiany w skrzynce w chwili, gdy zachodzą, bez pytania. Klient tylko "
     "słucha, dopóki nie wyśle DONE.",
     "RFC 2177 §3"},

    // [SECTION] tagged status responses (RFC 3501 §7.1)
    {"OK",
     "The command with this tag has finished successfully. Tags let the client match answers to commands even "
     "when it sent several at once; any data came before, in untagged (*) lines.",
     "Polecenie z tym znacznikiem zakończyło się powodzeniem. Znaczniki pozwalają klientowi dopasować odpowiedzi "
     "do poleceń, nawet gdy wysłał kilka naraz; dane przyszły wcześniej, w liniach bez znacznika (*).",
     "RFC 3501 §7.1.1"},
    {"NO",
     "The command with this tag failed, for example the mailbox does not exist or the password was wrong. The "
     "session goes on; a code in square brackets tells the program why.",
     "Polecenie z tym znacznikiem się nie powiodło, np. skrzynka nie istnieje albo hasło było błędne. Sesja trwa "
     "dalej; kod w nawiasach kwadratowych podaje przyczynę w formie zrozumiałej dla programu.",
     "RFC 3501 §7.1.2"},
    {"BAD",
     "The server did not accept the command with this tag: unknown command, wrong arguments, or a command not "
     "allowed in this state (such as FETCH before SELECT). It points to a mistake in the client.",
     "Serwer nie przyjął polecenia z tym znacznikiem: nieznane polecenie, złe argumenty albo polecenie "
     "niedozwolone w tym stanie (np. FETCH przed SELECT). Wskazuje na błąd klienta.",
     "RFC 3501 §7.1.3"},

    // [SECTION] untagged status responses (RFC 3501 §7.1)
    {"* OK",
     "Information from the server that does not end any command. The first line of a session is such an "
     "untagged OK: the greeting, saying the server is ready and the client has to log in.",
     "Informacja od serwera, która nie kończy żadnego polecenia. Pierwsza linia sesji to właśnie takie OK bez "
     "znacznika: powitanie, czyli serwer jest gotowy, a klient musi się zalogować.",
     "RFC 3501 §7.1.1"},
    {"* NO",
     "A warning from the server that is not the answer to one command, for example that the mailbox is almost "
     "full. By itself it does not mean a command failed.",
     "Ostrzeżenie od serwera, które nie jest odpowiedzią na konkretne polecenie, np. że skrzynka jest prawie "
     "pełna. Samo w sobie nie oznacza, że jakieś polecenie się nie udało.",
     "RFC 3501 §7.1.2"},
    {"* BAD",
     "The server reports a protocol error it cannot tie to a command, for example a line so garbled that it "
     "could not even read the tag.",
     "Serwer zgłasza błąd protokołu, którego nie umie przypisać do polecenia, np. linię tak zniekształconą, że "
     "nie dało się odczytać nawet znacznika.",
     "RFC 3501 §7.1.3"},
    {"* PREAUTH",
     "A greeting saying the client is already logged in (for example over a trusted connection), so the session "
     "starts in the Authenticated state without LOGIN.",
     "Powitanie informujące, że klient jest już zalogowany (np. dzięki zaufanemu połączeniu), więc sesja zaczyna "
     "się od razu w stanie Authenticated, bez LOGIN.",
     "RFC 3501 §7.1.4"},
    {"* BYE",
     "The server is about to close the connection: as the answer to LOGOUT, after the client was idle too long "
     "(autologout), or because the server is shutting down.",
     "Serwer zaraz zamknie połączenie: w odpowiedzi na LOGOUT, po zbyt długiej bezczynności klienta "
     "(automatyczne wylogowanie) albo dlatego, że serwer jest wyłączany.",
     "RFC 3501 §7.1.5"},

    // [SECTION] untagged data (RFC 3501 §7.2-§7.4 and extensions)
    {"* CAPABILITY",
     "The list of what the server supports: IMAP4rev1, extensions such as IDLE, MOVE or UIDPLUS, and ways to log "
     "in (AUTH=PLAIN, STARTTLS, LOGINDISABLED).",
     "Lista możliwości serwera: IMAP4rev1, rozszerzenia takie jak IDLE, MOVE czy UIDPLUS oraz sposoby logowania "
     "(AUTH=PLAIN, STARTTLS, LOGINDISABLED).",
     "RFC 3501 §7.2.1"},
    {"* LIST",
     "One mailbox (folder) on the server: its attributes (such as \\HasChildren, \\Noselect or \\Sent), the "
     "hierarchy separator and its name.",
     "Jedna skrzynka (folder) na serwerze: jej atrybuty (np. \\HasChildren, \\Noselect czy \\Sent), znak "
     "oddzielający poziomy hierarchii i nazwa.",
     "RFC 3501 §7.2.2"},
    {"* LSUB",
     "One mailbox the user subscribes to, in the same form as a * LIST line.",
     "Jedna skrzynka, którą użytkownik subskrybuje, w tej samej postaci co linia * LIST.",
     "RFC 3501 §7.2.3"},
    {"* STATUS",
     "The state of a mailbox the client asked about with STATUS, such as MESSAGES 5 UNSEEN 2 UIDNEXT 9, without "
     "opening it.",
     "Stan skrzynki, o który klient zapytał poleceniem STATUS, np. MESSAGES 5 UNSEEN 2 UIDNEXT 9, bez jej "
     "otwierania.",
     "RFC 3501 §7.2.4"},
    {"* SEARCH",
     "The result of SEARCH: the sequence numbers of the matching messages (their UIDs after UID SEARCH). An "
     "empty list means nothing matched.",
     "Wynik SEARCH: numery kolejne pasujących wiadomości (po UID SEARCH – ich UID). Pusta lista oznacza, że nic "
     "nie pasowało.",
     "RFC 3501 §7.2.5"},
    {"* SORT",
     "The result of SORT: the sequence numbers of the matching messages (their UIDs after UID SORT) in the order "
     "asked for, not in mailbox order. The client can show its list straight away in this order.",
     "Wynik SORT: numery kolejne pasujących wiadomości (po UID SORT – ich UID) w żądanej kolejności, a nie w "
     "kolejności w skrzynce. Klient może od razu wyświetlić listę w tym porządku.",
     "RFC 5256 §4"},
    {"* THREAD",
     "The result of THREAD: conversations as nested parentheses. (1)(2 3) means message 1 stands alone and 3 is "
     "a reply to 2; (4 (5)(6)) means 5 and 6 both answer 4; ((7)(8)) means 7 and 8 answer a message that is not "
     "in the mailbox.",
     "Wynik THREAD: wątki zapisane jako zagnieżdżone nawiasy. (1)(2 3) oznacza, że wiadomość 1 tworzy osobny "
     "wątek, a 3 jest odpowiedzią na 2; (4 (5)(6)) – że 5 i 6 są odpowiedziami na 4; ((7)(8)) – że 7 i 8 "
     "odpowiadają na wiadomość, której nie ma w skrzynce.",
     "RFC 5256 §4"},
    {"* FLAGS",
     "The flags used in this mailbox: system flags such as \\Seen (read), \\Answered, \\Flagged, \\Deleted and "
     "\\Draft, and any keywords. Sent when a mailbox is opened.",
     "Flagi używane w tej skrzynce: systemowe, takie jak \\Seen (przeczytana), \\Answered, \\Flagged, \\Deleted "
     "i \\Draft, oraz słowa kluczowe. Serwer wysyła je przy otwarciu skrzynki.",
     "RFC 3501 §7.2.6"},
    {"* n EXISTS",
     "The mailbox now holds n messages. Sent when it is opened, and again whenever the number grows: new mail "
     "arrived or another device added a message. This is how every device learns about new mail.",
     "Skrzynka zawiera teraz n wiadomości. Wysyłane przy otwarciu skrzynki i ponownie za każdym razem, gdy ta "
     "liczba rośnie: przyszła nowa poczta albo inne urządzenie dodało wiadomość. Tak każde urządzenie dowiaduje "
     "się o nowej poczcie.",
     "RFC 3501 §7.3.1"},
    {"* n RECENT",
     "How many messages are recent: they arrived after any session last opened this mailbox. Only one session "
     "gets to see a message as recent.",
     "Ile wiadomości jest świeżych, czyli dotarło po ostatnim otwarciu tej skrzynki przez jakąkolwiek sesję. "
     "Daną wiadomość jako świeżą widzi tylko jedna sesja.",
     "RFC 3501 §7.3.2"},
    {"* n EXPUNGE",
     "Message number n was removed from the mailbox on the server, and so for every device. Every message after "
     "it moves down by one: the former number n+1 is now n.",
     "Wiadomość numer n została usunięta ze skrzynki na serwerze, a więc na wszystkich urządzeniach. Każda "
     "następna wiadomość przesuwa się o jeden w dół: dawny numer n+1 to teraz n.",
     "RFC 3501 §7.4.1"},
    {"* n FETCH",
     "Data about message number n: what the client asked for with FETCH (flags, UID, headers, body...). A FETCH "
     "nobody asked for, with just FLAGS, means the flags were changed elsewhere: in another session or on another "
     "device.",
     "Dane o wiadomości numer n: to, o co klient prosił w FETCH (flagi, UID, nagłówki, treść...). FETCH, o który "
     "nikt nie prosił, z samymi FLAGS, oznacza, że flagi zmieniono gdzie indziej: w innej sesji lub na innym "
     "urządzeniu.",
     "RFC 3501 §7.4.2"},
    {"* n FETCH FLAGS",
     "The current flags of message n. If the client did not just ask for them, another session or device changed "
     "them (say, the message was read on the phone) and the server passes it on, so this device shows the same. "
     "This is how IMAP keeps all devices in sync.",
     "Aktualne flagi wiadomości numer n. Jeśli klient przed chwilą o nie nie prosił, zmieniła je inna sesja lub "
     "inne urządzenie (np. wiadomość przeczytano na telefonie), a serwer przekazuje to dalej, żeby to urządzenie "
     "pokazywało to samo. Tak IMAP utrzymuje zgodność wszystkich urządzeń.",
     "RFC 3501 §7.4.2"},
    {"* NAMESPACE",
     "The answer to NAMESPACE: three lists, for the user's own mailboxes, other users' mailboxes and shared ones, "
     "each with its prefix and hierarchy separator (NIL when there are none).",
     "Odpowiedź na NAMESPACE: trzy listy – dla skrzynek użytkownika, skrzynek innych użytkowników i skrzynek "
     "współdzielonych – każda z prefiksem i separatorem hierarchii (NIL, gdy ich nie ma).",
     "RFC 2342 §5"},
    {"* ID",
     "The server introduces itself in answer to ID: its name, version and similar details.",
     "Serwer przedstawia się w odpowiedzi na ID: podaje swoją nazwę, wersję i podobne szczegóły.",
     "RFC 2971 §3.2"},
    {"* ENABLED",
     "The extensions ENABLE really turned on for this session; whatever the client asked for but is not listed "
     "stays off.",
     "Rozszerzenia, które ENABLE faktycznie włączyło w tej sesji; to, o co klient prosił, a czego nie ma na "
     "liście, pozostaje wyłączone.",
     "RFC 5161 §3.2"},
    {"* ESEARCH",
     "The answer to SEARCH RETURN (...): instead of listing every message number, the server sends only what "
     "the client asked for: the lowest (MIN), the highest (MAX), how many (COUNT) or all of them compactly as "
     "ranges (ALL, e.g. 1:500). TAG names the command it answers. SORT RETURN (...) (ESORT) answers the same "
     "way, with MIN, MAX and ALL in sort order.",
     "Odpowiedź na SEARCH RETURN (...): zamiast wymieniać numer każdej wiadomości, serwer wysyła tylko to, o co "
     "prosił klient: najniższy (MIN), najwyższy (MAX), ile ich jest (COUNT) albo wszystkie w zwięzłej postaci "
     "zakresów (ALL, np. 1:500). TAG wskazuje polecenie, na które odpowiada. Tak samo odpowiada SORT RETURN "
     "(...) (ESORT), z MIN, MAX i ALL w kolejności sortowania.",
     "RFC 4731 §3.1"},
    {"* ESEARCH ADDTO",
     "An update of a search kept with RETURN (UPDATE), sent unasked: these messages now match it (a new message "
     "arrived, or a flag changed on this or another device). TAG names the search. Each pair is a position and "
     "the messages to insert there: 0 for a SEARCH, whose result stays in mailbox order; for a SORT, the place "
     "in the sorted list.",
     "Aktualizacja wyszukiwania zapamiętanego przez RETURN (UPDATE), wysłana bez pytania: te wiadomości pasują "
     "teraz do kryteriów (przyszła nowa wiadomość albo zmieniła się flaga na tym lub innym urządzeniu). TAG "
     "wskazuje wyszukiwanie. Każda para to pozycja i wiadomości do wstawienia w tym miejscu: 0 dla SEARCH, "
     "którego wynik zachowuje kolejność skrzynki; dla SORT miejsce na posortowanej liście.",
     "RFC 5267 §4.3.3"},
    {"* ESEARCH REMOVEFROM",
     "An update of a search kept with RETURN (UPDATE): these messages no longer match it (a flag changed, or "
     "they are being removed from the mailbox; then this line comes before their EXPUNGE, while their numbers "
     "are still valid). Each pair is a position (0 for a SEARCH) and the messages to take out of the result.",
     "Aktualizacja wyszukiwania zapamiętanego przez RETURN (UPDATE): te wiadomości już nie pasują (zmieniła się "
     "flaga albo są usuwane ze skrzynki; wtedy ta linia przychodzi przed ich EXPUNGE, póki ich numery są "
     "aktualne). Każda para to pozycja (0 dla SEARCH) i wiadomości do usunięcia z wyniku.",
     "RFC 5267 §4.3.4"},
    {"* ESEARCH PARTIAL",
     "One page of a search's result, asked with RETURN (PARTIAL first:last): the messages at those positions of "
     "the result (in mailbox order for SEARCH, sort order for SORT), so a client showing 50 messages at a time "
     "need not receive thousands of numbers. NIL: the result has nothing at those positions.",
     "Jedna strona wyniku wyszukiwania, o którą klient poprosił przez RETURN (PARTIAL od:do): wiadomości z tych "
     "pozycji wyniku (w kolejności skrzynki dla SEARCH, w kolejności sortowania dla SORT), więc klient "
     "pokazujący po 50 wiadomości nie musi dostawać tysięcy numerów. NIL: na tych pozycjach nic nie ma.",
     "RFC 5267 §4.4"},
    {"* VANISHED",
     "These messages (by UID) are gone from the mailbox. A client that enabled QRESYNC hears of removals this way "
     "instead of one EXPUNGE per message; with (EARLIER) it is the list of what was removed while it was away, "
     "so a device coming back online learns it in one line.",
     "Tych wiadomości (wskazanych przez UID) nie ma już w skrzynce. Klient, który włączył QRESYNC, dowiaduje się "
     "o usunięciach w ten sposób zamiast jednego EXPUNGE na wiadomość; z (EARLIER) to lista tego, co usunięto, "
     "gdy go nie było, więc urządzenie wracające do sieci poznaje ją w jednej linii.",
     "RFC 7162 §3.2.10"},

    // [SECTION] response codes (RFC 3501 §7.1)
    {"[ALERT]",
     "A message the server wants shown to the user word for word, for example about planned maintenance; the "
     "client must display it.",
     "Komunikat, który serwer chce pokazać użytkownikowi dosłownie, np. o planowanej przerwie technicznej; klient "
     "musi go wyświetlić.",
     "RFC 3501 §7.1"},
    {"[BADCHARSET]",
     "SEARCH used a character set the server does not support; the brackets may list the ones it does.",
     "SEARCH użył zestawu znaków, którego serwer nie obsługuje; w nawiasie może być lista obsługiwanych.",
     "RFC 3501 §7.1"},
    {"[CAPABILITY]",
     "The capability list, sent inside the greeting or the OK after login so the client does not need a separate "
     "CAPABILITY command.",
     "Lista możliwości serwera wysłana w powitaniu albo w OK po zalogowaniu, żeby klient nie musiał osobno "
     "wysyłać polecenia CAPABILITY.",
     "RFC 3501 §7.1"},
    {"[PARSE]",
     "The server could not make sense of the header or MIME structure of a message, for example a broken header.",
     "Serwer nie potrafił odczytać nagłówka lub struktury MIME wiadomości, np. z powodu uszkodzonego nagłówka.",
     "RFC 3501 §7.1"},
    {"[PERMANENTFLAGS]",
     "The flags the client may change for good in this mailbox; \\* means it may also make up new keywords. An "
     "empty list means nothing can be changed.",
     "Flagi, które klient może trwale zmieniać w tej skrzynce; \\* oznacza, że wolno też tworzyć nowe słowa "
     "kluczowe. Pusta lista oznacza, że nic nie da się zmienić.",
     "RFC 3501 §7.1"},
    {"[READ-ONLY]",
     "The mailbox is open read-only (after EXAMINE, or without the right to write): flags and messages cannot be "
     "changed.",
     "Skrzynka jest otwarta tylko do odczytu (po EXAMINE albo bez prawa zapisu): nie można zmieniać flag ani "
     "wiadomości.",
     "RFC 3501 §7.1"},
    {"[READ-WRITE]",
     "The mailbox is open for reading and writing, the usual result of SELECT: the client may change flags and "
     "remove messages.",
     "Skrzynka jest otwarta do odczytu i zapisu, jak zwykle po SELECT: klient może zmieniać flagi i usuwać "
     "wiadomości.",
     "RFC 3501 §7.1"},
    {"[TRYCREATE]",
     "APPEND or COPY failed because the target mailbox does not exist; the client may create it with CREATE and "
     "try again.",
     "APPEND lub COPY się nie powiodło, bo docelowa skrzynka nie istnieje; klient może ją utworzyć poleceniem "
     "CREATE i spróbować ponownie.",
     "RFC 3501 §7.1"},
    {"[UIDNEXT]",
     "The UID the next new message in this mailbox will get. If it grew since the client last looked, new mail "
     "has arrived.",
     "UID, który dostanie następna nowa wiadomość w tej skrzynce. Jeśli wzrósł od ostatniego sprawdzenia, "
     "przyszła nowa poczta.",
     "RFC 3501 §7.1"},
    {"[UIDVALIDITY]",
     "A number that, together with the UIDs, identifies messages from one session to the next. If it ever "
     "changes, every UID the client remembers for this mailbox is void and it must fetch the list again.",
     "Liczba, która razem z UID identyfikuje wiadomości z sesji na sesję. Jeśli się zmieni, wszystkie "
     "zapamiętane przez klienta UID tej skrzynki tracą ważność i trzeba pobrać listę od nowa.",
     "RFC 3501 §7.1"},
    {"[UNSEEN]",
     "The sequence number of the first message without \\Seen, that is the first unread one (not the number of "
     "unread messages).",
     "Numer kolejny pierwszej wiadomości bez flagi \\Seen, czyli pierwszej nieprzeczytanej (a nie liczba "
     "nieprzeczytanych).",
     "RFC 3501 §7.1"},

    // [SECTION] response codes, UIDPLUS (RFC 4315 §3)
    {"[APPENDUID]",
     "APPEND worked: the brackets give the mailbox's UIDVALIDITY and the UID the new message got, so the client "
     "knows it without searching.",
     "APPEND się powiodło: w nawiasie jest UIDVALIDITY skrzynki i UID, który dostała nowa wiadomość, więc klient "
     "zna go bez szukania.",
     "RFC 4315 §3"},
    {"[COPYUID]",
     "COPY or MOVE worked: the brackets give the target mailbox's UIDVALIDITY, the UIDs of the originals and the "
     "UIDs of their copies in the target mailbox.",
     "COPY lub MOVE się powiodło: w nawiasie jest UIDVALIDITY docelowej skrzynki, UID oryginałów i UID ich kopii "
     "w docelowej skrzynce.",
     "RFC 4315 §3"},
    {"[UIDNOTSTICKY]",
     "This mailbox cannot keep UIDs for good: they may change between sessions, so the client must not rely on "
     "UIDs it remembers.",
     "Ta skrzynka nie potrafi trwale zachować UID: mogą się zmieniać między sesjami, więc klient nie może polegać "
     "na zapamiętanych UID.",
     "RFC 4315 §3"},

    // [SECTION] response codes (RFC 5530 §3, RFC 4469)
    {"[UNAVAILABLE]",
     "A temporary failure: some part of the server is not working right now. Trying again later may work.",
     "Chwilowa awaria: jakaś część serwera w tej chwili nie działa. Później warto spróbować ponownie.",
     "RFC 5530 §3"},
    {"[AUTHENTICATIONFAILED]",
     "Login failed: the user name or the password is wrong. The server does not say which, so as not to help an "
     "attacker guess.",
     "Logowanie nieudane: błędna nazwa użytkownika lub hasło. Serwer nie mówi, co dokładnie, żeby nie ułatwiać "
     "zgadywania atakującym.",
     "RFC 5530 §3"},
    {"[AUTHORIZATIONFAILED]",
     "The credentials were right, but this user may not act as the identity asked for (for example log in as "
     "someone else).",
     "Dane logowania były poprawne, ale ten użytkownik nie może działać jako wskazana tożsamość (np. zalogować "
     "się jako ktoś inny).",
     "RFC 5530 §3"},
    {"[EXPIRED]",
     "The credentials were right but have expired; for example the password has to be changed first.",
     "Dane logowania były poprawne, ale wygasły; na przykład najpierw trzeba zmienić hasło.",
     "RFC 5530 §3"},
    {"[PRIVACYREQUIRED]",
     "Refused because the connection is not encrypted: switch to TLS first (STARTTLS or a TLS port).",
     "Odmowa, bo połączenie nie jest szyfrowane: najpierw trzeba przejść na TLS (STARTTLS albo port z TLS).",
     "RFC 5530 §3"},
    {"[CONTACTADMIN]",
     "The user has to contact the administrator, for example because the account is locked.",
     "Użytkownik musi skontaktować się z administratorem, np. dlatego, że konto jest zablokowane.",
     "RFC 5530 §3"},
    {"[NOPERM]",
     "The user is not allowed to do this to this mailbox (access rights).",
     "Użytkownik nie ma uprawnień do tej operacji na tej skrzynce (prawa dostępu).",
     "RFC 5530 §3"},
    {"[INUSE]",
     "It cannot be done now because something else is using it, for example another session holds a lock on the "
     "mailbox. Try again later.",
     "Tego nie da się teraz zrobić, bo coś innego tego używa, np. inna sesja blokuje skrzynkę. Warto spróbować "
     "później.",
     "RFC 5530 §3"},
    {"[EXPUNGEISSUED]",
     "Some of the requested messages were removed by another session, so the server could not return them all. "
     "The matching EXPUNGE responses will follow.",
     "Część wskazanych wiadomości usunęła inna sesja, więc serwer nie mógł zwrócić wszystkich. Odpowiednie "
     "odpowiedzi EXPUNGE przyjdą wkrótce.",
     "RFC 5530 §3"},
    {"[CORRUPTION]",
     "The server found damaged data in the mailbox; the administrator has to look at it.",
     "Serwer wykrył uszkodzone dane w skrzynce; musi się tym zająć administrator.",
     "RFC 5530 §3"},
    {"[SERVERBUG]",
     "The server ran into an internal error, a bug of its own; the command may work later.",
     "Serwer natrafił na błąd wewnętrzny, czyli usterkę we własnym oprogramowaniu; polecenie może zadziałać "
     "później.",
     "RFC 5530 §3"},
    {"[CLIENTBUG]",
     "The server thinks the client did something wrong, for example asked about messages that do not exist; the "
     "command may still have worked.",
     "Serwer uważa, że klient zrobił coś niepoprawnie, np. pytał o nieistniejące wiadomości; polecenie mogło "
     "mimo to się wykonać.",
     "RFC 5530 §3"},
    {"[CANNOT]",
     "This can never work, for example a mailbox name the server cannot create. Trying again will not help.",
     "Tego nigdy nie da się wykonać, np. utworzyć skrzynki o nazwie, której serwer nie obsługuje. Ponawianie nic "
     "nie da.",
     "RFC 5530 §3"},
    {"[LIMIT]",
     "A server limit was reached, for example too many messages or mailboxes at once.",
     "Osiągnięto limit serwera, np. zbyt wiele wiadomości lub skrzynek naraz.",
     "RFC 5530 §3"},
    {"[OVERQUOTA]",
     "The user's storage quota is used up; something has to be deleted before more can be added.",
     "Wyczerpano przydział miejsca (quota) użytkownika; trzeba coś usunąć, zanim da się dodać więcej.",
     "RFC 5530 §3"},
    {"[ALREADYEXISTS]",
     "A mailbox with this name already exists, for example on CREATE or RENAME.",
     "Skrzynka o tej nazwie już istnieje, np. przy CREATE albo RENAME.",
     "RFC 5530 §3"},
    {"[NONEXISTENT]",
     "The command refers to something that does not exist, for example SELECT of a mailbox that is not there.",
     "Polecenie odwołuje się do czegoś, co nie istnieje, np. SELECT skrzynki, której nie ma.",
     "RFC 5530 §3"},
    {"[TOOBIG]",
     "The message or literal is bigger than the server accepts, so the command (usually APPEND) was refused.",
     "Wiadomość lub literał jest większy, niż serwer przyjmuje, więc polecenie (zwykle APPEND) zostało odrzucone.",
     "RFC 4469 §4.2"},

    // [SECTION] BINARY and CATENATE response codes (RFC 3516, RFC 4469)
    {"[UNKNOWN-CTE]",
     "FETCH BINARY asked the server to undo a part's Content-Transfer-Encoding (the base64 or quoted-printable "
     "that lets binary data travel as text), but the part uses an encoding the server does not know. The client "
     "can still fetch the part as it is with BODY[...] and decode it itself.",
     "FETCH BINARY prosił serwer o odwrócenie kodowania transportowego części (base64 albo quoted-printable, "
     "dzięki którym dane binarne mogą podróżować jako tekst), ale ta część używa kodowania, którego serwer nie "
     "zna. Klient może nadal pobrać część w postaci oryginalnej przez BODY[...] i sam ją zdekodować.",
     "RFC 3516 §4.2"},
    {"[BADURL]",
     "APPEND with CATENATE named, with an IMAP URL, a message or part the server cannot use: no such mailbox or "
     "UID, UIDVALIDITY has changed, or the URL points to another server or user. Nothing was appended; the URL "
     "in the brackets is the one that failed.",
     "APPEND z CATENATE wskazał adresem URL IMAP wiadomość lub część, której serwer nie może użyć: nie ma takiej "
     "skrzynki lub UID, zmieniło się UIDVALIDITY albo adres wskazuje inny serwer lub innego użytkownika. Nic nie "
     "zostało dodane; w nawiasach jest adres, który zawiódł.",
     "RFC 4469 §4.1"},

    // [SECTION] search context response codes (RFC 5267)
    {"[NOUPDATE]",
     "The server answers this search but will not keep it up to date (it keeps only so many searches per "
     "session): no ADDTO or REMOVEFROM will come for the tag named. The client may CANCELUPDATE an older "
     "search and ask again.",
     "Serwer odpowiada na to wyszukiwanie, ale nie będzie go aktualizować (w jednej sesji pamięta tylko "
     "ograniczoną liczbę wyszukiwań): dla podanego znacznika nie przyjdą ADDTO ani REMOVEFROM. Klient może "
     "wycofać starsze wyszukiwanie poleceniem CANCELUPDATE i zapytać ponownie.",
     "RFC 5267 §4.3.1"},

    // [SECTION] CONDSTORE response codes (RFC 7162)
    {"[HIGHESTMODSEQ]",
     "The highest mod-sequence of the mailbox: a counter that grows with every change to a message (new, "
     "flags changed, removed). A client that remembers it can later ask only for what changed since then "
     "(FETCH ... (CHANGEDSINCE n)) instead of fetching the flags of every message again.",
     "Najwyższa sekwencja modyfikacji (mod-sequence) skrzynki: licznik rosnący przy każdej zmianie wiadomości "
     "(nowa, zmienione flagi, usunięta). Klient, który go zapamięta, może potem poprosić tylko o to, co się od "
     "tej pory zmieniło (FETCH ... (CHANGEDSINCE n)), zamiast znów pobierać flagi wszystkich wiadomości.",
     "RFC 7162 §3.1.2.1"},
    {"[MODIFIED]",
     "A conditional STORE (UNCHANGEDSINCE) left these messages alone: another device changed them after the "
     "mod-sequence the client gave, so the change would have overwritten someone else's. The others were "
     "changed.",
     "Warunkowy STORE (UNCHANGEDSINCE) nie zmienił tych wiadomości: inne urządzenie zmieniło je po podanej "
     "sekwencji modyfikacji, więc zmiana nadpisałaby cudzą. Pozostałe wiadomości zostały zmienione.",
     "RFC 7162 §3.1.3"},
    {"[CLOSED]",
     "The mailbox that was selected is now closed: every response after this line is about the newly selected "
     "one. Sent to clients that enabled QRESYNC, so they never mix up the two mailboxes.",
     "Wybrana wcześniej skrzynka jest już zamknięta: wszystkie odpowiedzi po tej linii dotyczą nowo wybranej. "
     "Wysyłane klientom, które włączyły QRESYNC, żeby nigdy nie pomyliły obu skrzynek.",
     "RFC 7162 §3.2.11"},
    {"[NOMODSEQ]",
     "This mailbox keeps no mod-sequences, so CONDSTORE cannot be used in it.",
     "Ta skrzynka nie przechowuje sekwencji modyfikacji, więc nie da się w niej używać CONDSTORE.",
     "RFC 7162 §3.1.2.2"},
};

// The commands (from the command table), then every other entry.
struct AllEntries {
    std::vector<core::Explanation> list;
    std::size_t commandCount = 0;
    AllEntries() {
        for (const CommandDef& c : commandTable()) list.push_back(c.explanation());
        commandCount = list.size();
        list.insert(list.end(), std::begin(kOtherEntries), std::end(kOtherEntries));
    }
};

const AllEntries& all() {
    static const AllEntries entries;
    return entries;
}

const core::Explanation* findIn(std::span<const core::Explanation> list, std::string_view key) {
    for (const auto& e : list)
        if (core::equalsIgnoreCase(e.key, key)) return &e;
    return nullptr;
}

const core::Explanation* find(std::string_view key) { return findIn(all().list, key); }

// [SECTION] reading a line

// Takes the next space-separated word off the front of `rest`.
std::string_view nextWord(std::string_view& rest) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    const std::size_t end = std::min(rest.find(' '), rest.size());
    const std::string_view word = rest.substr(0, end);
    rest.remove_prefix(end);
    return word;
}

bool isNumber(std::string_view word) {
    if (word.empty()) return false;
    for (char c : word)
        if (c < '0' || c > '9') return false;
    return true;
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && core::equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

// The end of the value (quoted string, parenthesized list or atom, BODY[...] sections
// included) that starts at text[i]; npos when it is not closed on this line.
std::size_t skipValue(std::string_view text, std::size_t i, int depth = 0) {
    if (i >= text.size() || depth > 32) return std::string_view::npos;
    if (text[i] == '"') {
        for (++i; i < text.size(); ++i) {
            if (text[i] == '\\') ++i;
            else if (text[i] == '"') return i + 1;
        }
        return std::string_view::npos;
    }
    if (text[i] == '(') {
        for (++i;;) {
            while (i < text.size() && text[i] == ' ') ++i;
            if (i >= text.size()) return std::string_view::npos;
            if (text[i] == ')') return i + 1;
            i = skipValue(text, i, depth + 1);
            if (i == std::string_view::npos) return i;
        }
    }
    int brackets = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '[') ++brackets;
        else if (c == ']') --brackets;
        else if (brackets <= 0 && (c == ' ' || c == '(' || c == ')')) break;
    }
    return i;
}

// True when a FETCH response's item list, "(FLAGS (...) UID n)", is complete on this line
// and holds FLAGS and nothing else but UID or MODSEQ: the shape of a flag update.
bool isFlagUpdate(std::string_view items) {
    while (!items.empty() && items.front() == ' ') items.remove_prefix(1);
    if (items.empty() || items.front() != '(') return false;
    bool flags = false;
    std::size_t count = 0;
    for (std::size_t i = 1;; ++count) {
        while (i < items.size() && items[i] == ' ') ++i;
        if (i >= items.size()) return false;
        if (items[i] == ')') break;
        const std::size_t end = skipValue(items, i);
        if (end == std::string_view::npos || end == i) return false;
        if (count % 2 == 0) {
            const std::string_view name = items.substr(i, end - i);
            if (core::equalsIgnoreCase(name, "FLAGS")) flags = true;
            else if (!core::equalsIgnoreCase(name, "UID") && !core::equalsIgnoreCase(name, "MODSEQ")) return false;
        }
        i = end;
    }
    return flags && count % 2 == 0;
}

// [SECTION] client lines

// A line that is a single word: DONE, or a step of AUTHENTICATE.
const core::Explanation* explainBareLine(std::string_view line) {
    if (core::equalsIgnoreCase(line, "DONE")) return find("DONE");
    if (line == "*") return find("*");
    // A masked SASL response ("********") or a real one.
    if (line.find_first_not_of('*') == std::string_view::npos || core::base64Decode(line))
        return find("SASL response");
    return nullptr;
}

const core::Explanation* explainCommand(std::string_view line) {
    if (line.empty()) return nullptr;
    if (line.find(' ') == std::string_view::npos) return explainBareLine(line);
    std::string_view rest = line;
    nextWord(rest);  // the tag
    const std::string_view name = nextWord(rest);
    const auto commands = std::span(all().list).first(all().commandCount);
    std::string command(name);
    if (core::equalsIgnoreCase(name, "UID")) {
        const std::string_view sub = nextWord(rest);
        if (sub.empty()) return nullptr;
        command = "UID " + std::string(sub);
    }
    const core::Explanation* found = findIn(commands, command);
    // A CONDSTORE / QRESYNC parameter changes what the command is for (RFC 7162).
    const auto has = [&](std::string_view word) {
        for (std::size_t i = 0; i + word.size() <= rest.size(); ++i)
            if (core::equalsIgnoreCase(rest.substr(i, word.size()), word)) return true;
        return false;
    };
    if (found && (found->key == "SELECT" || found->key == "EXAMINE") && has("(QRESYNC")) return find("SELECT (QRESYNC)");
    if (found && (found->key == "FETCH" || found->key == "UID FETCH") && has("(CHANGEDSINCE")) return find("FETCH (CHANGEDSINCE)");
    if (found && found->key == "ENABLE" && has("QRESYNC")) return find("ENABLE QRESYNC");
    // RETURN (... UPDATE ...): the search is kept up to date (RFC 5267 4.3).
    if (found && (found->key.ends_with("SEARCH") || found->key.ends_with("SORT"))) {
        std::string_view options = rest;
        if (core::equalsIgnoreCase(nextWord(options), "RETURN")) {
            std::string_view list = options.substr(0, options.find(')'));
            for (std::string_view word = nextWord(list); !word.empty(); word = nextWord(list)) {
                if (word.front() == '(') word.remove_prefix(1);
                if (core::equalsIgnoreCase(word, "UPDATE")) return find("SEARCH RETURN (UPDATE)");
            }
        }
    }
    return found;
}

// [SECTION] server lines

// The response code at the start of resp-text, "[UIDVALIDITY 3] ...", if the catalogue has it.
const core::Explanation* explainCode(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (text.empty() || text.front() != '[') return nullptr;
    const std::size_t end = text.find_first_of(" ]");
    if (end == std::string_view::npos) return nullptr;
    return find("[" + std::string(text.substr(1, end - 1)) + "]");
}

const core::Explanation* explainContinuation(std::string_view text) {
    if (startsWithIgnoreCase(text, "idling")) return find("+ idling");
    // A SASL challenge is base64 (empty for PLAIN); a literal's go-ahead is resp-text.
    if (text.empty() || core::base64Decode(text)) return find("+ challenge");
    return find("+");
}

const core::Explanation* explainResponse(std::string_view line) {
    if (line == "+" || line.substr(0, 2) == "+ ") return explainContinuation(line.substr(line.size() > 1 ? 2 : 1));
    std::string_view rest = line;
    const std::string_view tag = nextWord(rest);
    const std::string_view word = nextWord(rest);
    if (tag.empty() || word.empty()) return nullptr;

    if (tag != "*") {  // tagged: only a status completes a command
        for (std::string_view status : {"OK", "NO", "BAD"})
            if (core::equalsIgnoreCase(word, status)) {
                const auto* code = explainCode(rest);
                return code != nullptr ? code : find(status);
            }
        return nullptr;
    }
    if (isNumber(word)) {  // "* 3 EXISTS", "* 1 FETCH (...)"
        const std::string_view kind = nextWord(rest);
        if (core::equalsIgnoreCase(kind, "FETCH") && isFlagUpdate(rest)) return find("* n FETCH FLAGS");
        return kind.empty() ? nullptr : find("* n " + std::string(kind));
    }
    for (std::string_view status : {"OK", "NO", "BAD", "PREAUTH", "BYE"})
        if (core::equalsIgnoreCase(word, status))
            if (const auto* code = explainCode(rest)) return code;
    if (core::equalsIgnoreCase(word, "ESEARCH")) {
        // The first of ADDTO, REMOVEFROM, PARTIAL after the (TAG "...") correlator (RFC 5267 4).
        std::string_view items = rest;
        while (!items.empty() && items.front() == ' ') items.remove_prefix(1);
        if (!items.empty() && items.front() == '(') {
            const std::size_t end = skipValue(items, 0);
            items.remove_prefix(end == std::string_view::npos ? items.size() : end);
        }
        for (std::string_view item = nextWord(items); !item.empty(); item = nextWord(items))
            for (std::string_view name : {"ADDTO", "REMOVEFROM", "PARTIAL"})
                if (core::equalsIgnoreCase(item, name)) return find("* ESEARCH " + std::string(name));
    }
    return find("* " + std::string(word));
}

}  // namespace

const core::Explanation* explain(std::string_view line, core::Direction dir) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return dir == core::Direction::ClientToServer ? explainCommand(line) : explainResponse(line);
}

std::span<const core::Explanation> entries() { return all().list; }

}  // namespace mailscope::imap
