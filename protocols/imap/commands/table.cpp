// The IMAP command table: every command the server knows, one row each (name, argument
// parser, handler, states, flags, meaning). RFC 3501 6.1-6.4 and the extensions.
#include "protocols/imap/command_table.h"

#include <algorithm>

namespace mailscope::imap {

using namespace args;

// A friend of ServerSession, so the rows can name its private handlers.
std::span<const CommandDef> commandTable() {
    static constexpr CommandDef kCommands[] = {
        // [SECTION] any state (RFC 3501 6.1, RFC 2971 ID)
        {"CAPABILITY", parseNoArgs<Capability>, &ServerSession::cmdCapability, kAny, Flag::None,
         {"Asks what the server supports: the IMAP version, extensions such as IDLE or MOVE, and the ways to log in. "
          "The answer comes in an untagged * CAPABILITY line; the list may change after STARTTLS or login.",
          "Pyta, co potrafi serwer: którą wersję IMAP obsługuje, jakie ma rozszerzenia (np. IDLE czy MOVE) i jakie "
          "sposoby logowania. Odpowiedź przychodzi w linii * CAPABILITY bez znacznika; lista może się zmienić po "
          "STARTTLS lub po zalogowaniu.",
          "RFC 3501 §6.1.1"}},
        {"NOOP", parseNoArgs<Noop>, &ServerSession::cmdNoop, kAny, Flag::None,
         {"Does nothing by itself, but gives the server a chance to report what changed meanwhile: new messages "
          "(EXISTS), removed ones (EXPUNGE) and flags changed on other devices (FETCH). Clients send it regularly to "
          "stay in sync.",
          "Sam w sobie nic nie robi, ale daje serwerowi okazję, by zgłosić, co się w międzyczasie zmieniło: nowe "
          "wiadomości (EXISTS), usunięte (EXPUNGE) i flagi zmienione na innych urządzeniach (FETCH). Klienci wysyłają "
          "go regularnie, żeby być na bieżąco.",
          "RFC 3501 §6.1.2"}},
        {"LOGOUT", parseNoArgs<Logout>, &ServerSession::cmdLogout, kAny, Flag::None,
         {"Ends the session: the server says * BYE, completes the command with OK and closes the connection. Unlike "
          "QUIT in POP3, logging out deletes nothing: the messages stay on the server.",
          "Kończy sesję: serwer odpowiada * BYE, zamyka polecenie odpowiedzią OK i rozłącza się. Inaczej niż QUIT w "
          "POP3 wylogowanie niczego nie usuwa: wiadomości zostają na serwerze.",
          "RFC 3501 §6.1.3"}},
        {"ID", parseId, &ServerSession::cmdId, kAny, Flag::None,
         {"The client introduces itself (name, version) and asks the server to do the same. It is only for "
          "information and troubleshooting; it changes nothing.",
          "Klient przedstawia się (nazwa, wersja) i prosi serwer o to samo. Służy tylko do informacji i szukania "
          "przyczyn problemów; niczego nie zmienia.",
          "RFC 2971 §3.1"}},
        // [SECTION] not authenticated (RFC 3501 6.2)
        {"STARTTLS", parseNoArgs<StartTls>, &ServerSession::cmdStartTls, kNotAuthenticated, Flag::None,
         {"Asks to switch the connection to TLS before logging in. After the OK both sides perform the TLS handshake; "
          "from then on everything, the password too, is encrypted. The client should then ask for CAPABILITY again.",
          "Prosi o przełączenie połączenia na TLS przed zalogowaniem. Po OK obie strony wykonują uzgadnianie TLS i od "
          "tej chwili wszystko, także hasło, jest szyfrowane. Potem klient powinien ponownie zapytać o CAPABILITY.",
          "RFC 3501 §6.2.1"}},
        {"AUTHENTICATE", parseAuthenticate, &ServerSession::cmdAuthenticate, kNotAuthenticated, Flag::None,
         {"Logs in with a SASL mechanism such as PLAIN. The credentials follow after the server's \"+ \" prompt, or "
          "on the same line when the server supports SASL-IR (RFC 4959). PLAIN is base64, an encoding, not "
          "encryption: without TLS anyone listening can read the password.",
          "Logowanie mechanizmem SASL, np. PLAIN. Dane logowania klient wysyła po zachęcie serwera „+ ” albo w tej "
          "samej linii, jeśli serwer obsługuje SASL-IR (RFC 4959). PLAIN to base64 – kodowanie, nie szyfrowanie: bez "
          "TLS każdy podsłuchujący odczyta hasło.",
          "RFC 3501 §6.2.2"}},
        {"LOGIN", parseLogin, &ServerSession::cmdLogin, kNotAuthenticated, Flag::None,
         {"Logs in with a user name and a password sent as plain text. If they are right, the session enters the "
          "Authenticated state and the client can open mailboxes. Without TLS anyone on the network can read the "
          "password, so a server may refuse it (LOGINDISABLED).",
          "Logowanie nazwą użytkownika i hasłem wysłanymi otwartym tekstem. Jeśli są poprawne, sesja przechodzi do "
          "stanu Authenticated i klient może otwierać skrzynki. Bez TLS hasło może przeczytać każdy w sieci, dlatego "
          "serwer może odmówić (LOGINDISABLED).",
          "RFC 3501 §6.2.3"}},
        // [SECTION] authenticated, also valid when selected (RFC 3501 6.3, RFC 2342, 5161, 2177)
        {"SELECT", parseSelect<false>, &ServerSession::cmdSelect, kAuthenticated, Flag::None,
         {"Opens a mailbox (folder) on the server to work with its messages. The messages stay on the server; "
          "unlike POP3, nothing is taken away. The server reports how many messages there are (EXISTS), the flags, "
          "UIDVALIDITY and UIDNEXT, and the following commands act on this mailbox.",
          "Otwiera skrzynkę (folder) na serwerze, żeby pracować z jej wiadomościami. Wiadomości zostają na serwerze; "
          "inaczej niż w POP3 nic nie jest zabierane. Serwer podaje liczbę wiadomości (EXISTS), flagi, UIDVALIDITY i "
          "UIDNEXT, a kolejne polecenia dotyczą tej skrzynki.",
          "RFC 3501 §6.3.1"}},
        {"EXAMINE", parseSelect<true>, &ServerSession::cmdSelect, kAuthenticated, Flag::None,
         {"Opens a mailbox read-only: like SELECT, but nothing can be changed and reading a message does not mark it "
          "\\Seen. Useful for looking without leaving traces that other devices would notice.",
          "Otwiera skrzynkę tylko do odczytu: jak SELECT, ale niczego nie można zmienić, a czytanie nie oznacza "
          "wiadomości jako \\Seen. Przydaje się, by zajrzeć bez zostawiania śladów widocznych na innych urządzeniach.",
          "RFC 3501 §6.3.2"}},
        {"CREATE", parseMailboxOnly<Create>, &ServerSession::cmdCreate, kAuthenticated, Flag::None,
         {"Creates a new mailbox (folder) on the server. Folders live on the server, so every device sees the new one.",
          "Tworzy na serwerze nową skrzynkę (folder). Foldery są przechowywane na serwerze, więc nowy folder widzą "
          "wszystkie urządzenia.",
          "RFC 3501 §6.3.3"}},
        {"DELETE", parseMailboxOnly<Delete>, &ServerSession::cmdDelete, kAuthenticated, Flag::None,
         {"Deletes a mailbox on the server together with its messages, for every device. INBOX cannot be deleted.",
          "Usuwa skrzynkę z serwera razem z jej wiadomościami – dla wszystkich urządzeń. Skrzynki INBOX nie da się "
          "usunąć.",
          "RFC 3501 §6.3.4"}},
        {"RENAME", parseRename, &ServerSession::cmdRename, kAuthenticated, Flag::None,
         {"Renames a mailbox on the server, for every device. Renaming INBOX is special: its messages move to the new "
          "mailbox and an empty INBOX stays.",
          "Zmienia nazwę skrzynki na serwerze, dla wszystkich urządzeń. Zmiana nazwy INBOX jest wyjątkowa: wiadomości "
          "przenoszą się do nowej skrzynki, a INBOX zostaje pusta.",
          "RFC 3501 §6.3.5"}},
        {"SUBSCRIBE", parseMailboxOnly<Subscribe>, &ServerSession::cmdSubscribe, kAuthenticated, Flag::None,
         {"Adds a mailbox to the user's subscription list: the folders the user wants to see in the mail program. "
          "LSUB lists them.",
          "Dodaje skrzynkę do listy subskrypcji użytkownika, czyli folderów, które chce widzieć w programie pocztowym. "
          "Pokazuje je polecenie LSUB.",
          "RFC 3501 §6.3.6"}},
        {"UNSUBSCRIBE", parseMailboxOnly<Unsubscribe>, &ServerSession::cmdUnsubscribe, kAuthenticated, Flag::None,
         {"Removes a mailbox from the subscription list. The mailbox and its messages are not deleted, they only stop "
          "showing up in LSUB.",
          "Usuwa skrzynkę z listy subskrypcji. Sama skrzynka i jej wiadomości nie są kasowane, tylko przestają się "
          "pojawiać w wyniku LSUB.",
          "RFC 3501 §6.3.7"}},
        {"LIST", parseList, &ServerSession::cmdList, kAuthenticated, Flag::None,
         {"Asks for the mailboxes (folders) on the server whose names match a pattern: * matches everything, % one "
          "level of the hierarchy. Each one comes in a * LIST line with its attributes and hierarchy separator.",
          "Pyta o skrzynki (foldery) na serwerze, których nazwy pasują do wzorca: * pasuje do wszystkiego, % do "
          "jednego poziomu hierarchii. Każda przychodzi w linii * LIST z atrybutami i separatorem hierarchii.",
          "RFC 3501 §6.3.8"}},
        {"LSUB", parseLsub, &ServerSession::cmdLsub, kAuthenticated, Flag::None,
         {"Like LIST, but only the mailboxes the user has subscribed to with SUBSCRIBE.",
          "Jak LIST, ale podaje tylko skrzynki, które użytkownik zasubskrybował poleceniem SUBSCRIBE.",
          "RFC 3501 §6.3.9"}},
        {"STATUS", parseStatus, &ServerSession::cmdStatus, kAuthenticated, Flag::None,
         {"Asks about a mailbox without opening it: how many messages, how many unseen, the next UID and so on. "
          "Clients use it to show the unread counts of other folders.",
          "Pyta o stan skrzynki bez jej otwierania: ile ma wiadomości, ile nieprzeczytanych, jaki będzie następny UID "
          "itd. Klienci używają go, by pokazać liczbę nieprzeczytanych w innych folderach.",
          "RFC 3501 §6.3.10"}},
        {"APPEND", parseAppend, &ServerSession::cmdAppend, kAuthenticated, Flag::None,
         {"Uploads a whole message into a mailbox on the server, for example a copy of a sent message into Sent or a "
          "draft into Drafts. The message follows as a literal: {size}, then exactly that many bytes.",
          "Wysyła całą wiadomość do skrzynki na serwerze, np. kopię wysłanej wiadomości do folderu Sent albo szkic do "
          "Drafts. Wiadomość idzie jako literał: {rozmiar}, a potem dokładnie tyle bajtów.",
          "RFC 3501 §6.3.11"}},
        {"NAMESPACE", parseNoArgs<Namespace>, &ServerSession::cmdNamespace, kAuthenticated, Flag::None,
         {"Asks how mailbox names are organised: the prefix and hierarchy separator of the user's own folders, and "
          "where other users' and shared folders live.",
          "Pyta, jak są zorganizowane nazwy skrzynek: jaki prefiks i separator hierarchii mają foldery użytkownika "
          "oraz gdzie są foldery innych użytkowników i współdzielone.",
          "RFC 2342 §5"}},
        {"ENABLE", parseEnable, &ServerSession::cmdEnable, kAuthenticated, Flag::None,
         {"Turns on extensions that change how the server talks to this client (for example UTF8=ACCEPT or "
          "CONDSTORE). The server confirms what it really enabled in * ENABLED.",
          "Włącza rozszerzenia, które zmieniają sposób, w jaki serwer rozmawia z tym klientem (np. UTF8=ACCEPT albo "
          "CONDSTORE). Serwer potwierdza w linii * ENABLED, co faktycznie włączył.",
          "RFC 5161 §3.1"}},
        {"IDLE", parseNoArgs<Idle>, &ServerSession::cmdIdle, kAuthenticated, Flag::None,
         {"Tells the server: I am waiting, tell me the moment something changes. The server answers \"+ idling\" and "
          "then pushes new mail (EXISTS), removals (EXPUNGE) and flag changes (FETCH) as they happen, until the client "
          "sends DONE. This is how a phone gets mail instantly without asking again and again.",
          "Mówi serwerowi: czekam, powiadom mnie od razu, gdy coś się zmieni. Serwer odpowiada „+ idling” i potem na "
          "bieżąco przesyła nowe wiadomości (EXISTS), usunięcia (EXPUNGE) i zmiany flag (FETCH), aż klient wyśle DONE. "
          "Dzięki temu telefon dostaje pocztę natychmiast, bez ciągłego odpytywania.",
          "RFC 2177 §3"}},
        // [SECTION] selected (RFC 3501 6.4, RFC 3691, 4315, 6851)
        {"CHECK", parseNoArgs<Check>, &ServerSession::cmdCheck, kSelected, Flag::None,
         {"Asks the server to do any housekeeping for the selected mailbox, such as saving it to disk. Most servers "
          "treat it like NOOP.",
          "Prosi serwer o prace porządkowe dla wybranej skrzynki, np. zapis na dysk. Większość serwerów traktuje je "
          "jak NOOP.",
          "RFC 3501 §6.4.1"}},
        {"CLOSE", parseNoArgs<Close>, &ServerSession::cmdClose, kSelected, Flag::None,
         {"Closes the selected mailbox and quietly removes from the server all its messages marked \\Deleted, without "
          "EXPUNGE responses (unless the mailbox was opened read-only). The session goes back to the Authenticated "
          "state.",
          "Zamyka wybraną skrzynkę i po cichu usuwa z serwera wszystkie jej wiadomości oznaczone \\Deleted, bez "
          "odpowiedzi EXPUNGE (chyba że skrzynkę otwarto tylko do odczytu). Sesja wraca do stanu Authenticated.",
          "RFC 3501 §6.4.2"}},
        {"UNSELECT", parseNoArgs<Unselect>, &ServerSession::cmdUnselect, kSelected, Flag::None,
         {"Closes the selected mailbox like CLOSE, but without removing the messages marked \\Deleted.",
          "Zamyka wybraną skrzynkę jak CLOSE, ale nie usuwa wiadomości oznaczonych \\Deleted.",
          "RFC 3691 §2"}},
        {"EXPUNGE", parseNoArgs<Expunge>, &ServerSession::cmdExpunge, kSelected, Flag::None,
         {"Permanently removes from the server every message in the selected mailbox marked \\Deleted: they disappear "
          "for every device. Each removal is reported as * n EXPUNGE. In POP3 the same happens to DELE-marked "
          "messages only at QUIT.",
          "Trwale usuwa z serwera wszystkie wiadomości w wybranej skrzynce oznaczone flagą \\Deleted – znikają na "
          "wszystkich urządzeniach. Każde usunięcie serwer zgłasza linią * n EXPUNGE. W POP3 wiadomości oznaczone "
          "przez DELE znikają dopiero przy QUIT.",
          "RFC 3501 §6.4.3"}},
        {"UID EXPUNGE", parseUidExpunge, &ServerSession::cmdExpunge, kSelected, Flag::Uid,
         {"Removes only the \\Deleted messages with the given UIDs, not every \\Deleted message in the mailbox. That "
          "spares messages another device marked \\Deleted but did not mean to remove yet.",
          "Usuwa tylko te wiadomości z flagą \\Deleted, które mają podane UID, a nie wszystkie oznaczone w skrzynce. "
          "Oszczędza to wiadomości, które inne urządzenie oznaczyło \\Deleted, ale jeszcze nie chciało usuwać.",
          "RFC 4315 §2.1"}},
        {"SEARCH", parseSearch<false>, &ServerSession::cmdSearch, kSelected, Flag::UsesSequenceNumbers,
         {"Asks the server to find messages matching criteria (UNSEEN, FROM \"ann\", SINCE a date, ...). The search "
          "runs on the server, so nothing is downloaded; the answer is a * SEARCH line with message sequence numbers.",
          "Prosi serwer o znalezienie wiadomości spełniających kryteria (UNSEEN, FROM \"ann\", SINCE z datą...). "
          "Wyszukiwanie odbywa się na serwerze, więc nic nie jest pobierane; odpowiedź to linia * SEARCH z numerami "
          "kolejnymi wiadomości.",
          "RFC 3501 §6.4.4"}},
        {"UID SEARCH", parseSearch<true>, &ServerSession::cmdSearch, kSelected, Flag::Uid,
         {"SEARCH that answers with UIDs, the permanent identifiers, instead of sequence numbers; the criteria are "
          "the same.",
          "SEARCH, który w odpowiedzi podaje UID, czyli stałe identyfikatory, zamiast numerów kolejnych; kryteria "
          "wyszukiwania są takie same.",
          "RFC 3501 §6.4.8"}},
        // [SECTION] SORT and THREAD (RFC 5256, RFC 5957 SORT=DISPLAY, RFC 5267 ESORT)
        {"SORT", parseSort<false>, &ServerSession::cmdSort, kSelected, Flag::UsesSequenceNumbers,
         {"Asks the server to find messages and put them in order: by sent date, arrival time, sender, recipient, "
          "subject (without \"Re:\" and \"Fwd:\") or size, each key perhaps REVERSE. The server sorts, so a phone "
          "need not download every header to show a sorted list; the answer is a * SORT line with sequence numbers "
          "in that order.",
          "Prosi serwer o znalezienie wiadomości i ułożenie ich w kolejności: według daty wysłania, czasu nadejścia, "
          "nadawcy, adresata, tematu (bez „Re:” i „Fwd:”) albo rozmiaru; przy każdym kluczu można odwrócić "
          "kolejność (REVERSE). Sortuje serwer, więc telefon nie musi pobierać wszystkich nagłówków, żeby pokazać "
          "posortowaną listę; odpowiedź to linia * SORT z numerami kolejnymi ułożonymi w tym porządku.",
          "RFC 5256 §3"}},
        {"UID SORT", parseSort<true>, &ServerSession::cmdSort, kSelected, Flag::Uid,
         {"SORT that answers with UIDs, the permanent identifiers, instead of sequence numbers; the sort keys and "
          "search criteria are the same.",
          "SORT, który w odpowiedzi podaje UID, czyli stałe identyfikatory, zamiast numerów kolejnych; klucze "
          "sortowania i kryteria wyszukiwania są takie same.",
          "RFC 5256 §3"}},
        {"THREAD", parseThread<false>, &ServerSession::cmdThread, kSelected, Flag::UsesSequenceNumbers,
         {"Asks the server to group the matching messages into conversations. REFERENCES follows the Message-ID, "
          "References and In-Reply-To headers, so a reply lands under the message it answers; ORDEREDSUBJECT only "
          "groups messages with the same subject. The answer is a * THREAD line of nested parentheses.",
          "Prosi serwer o pogrupowanie pasujących wiadomości w wątki (rozmowy). REFERENCES kieruje się nagłówkami "
          "Message-ID, References i In-Reply-To, więc odpowiedź trafia pod wiadomość, na którą odpowiada; "
          "ORDEREDSUBJECT łączy jedynie wiadomości o tym samym temacie. Odpowiedź to linia * THREAD z zagnieżdżonymi "
          "nawiasami.",
          "RFC 5256 §3"}},
        {"UID THREAD", parseThread<true>, &ServerSession::cmdThread, kSelected, Flag::Uid,
         {"THREAD that names the messages in its answer by UID instead of by sequence number; the threads are the "
          "same.",
          "THREAD, który w odpowiedzi wskazuje wiadomości przez UID zamiast numerów kolejnych; wątki są te same.",
          "RFC 5256 §3"}},
        // [SECTION] search contexts (RFC 5267 4: CONTEXT=SEARCH, CONTEXT=SORT)
        {"CANCELUPDATE", parseCancelUpdate, &ServerSession::cmdCancelUpdate, kSelected, Flag::None,
         {"Stops the updates of searches made with RETURN (UPDATE): the server forgets the searches whose tags are "
          "given (in quotes) and sends no more ADDTO or REMOVEFROM for them. Leaving the mailbox stops them all.",
          "Zatrzymuje aktualizacje wyszukiwań wykonanych z RETURN (UPDATE): serwer zapomina wyszukiwania o podanych "
          "(w cudzysłowie) znacznikach i nie wysyła już dla nich ADDTO ani REMOVEFROM. Opuszczenie skrzynki "
          "zatrzymuje wszystkie.",
          "RFC 5267 §4.3.5"}},
        {"FETCH", parseFetch<false>, &ServerSession::cmdFetch, kSelected, Flag::UsesSequenceNumbers,
         {"Downloads chosen parts of messages: flags, size, envelope, headers, the body or a single attachment. Unlike "
          "RETR in POP3, the client takes only what it needs and the message stays on the server. Reading the body "
          "with BODY[] (not BODY.PEEK[]) sets \\Seen.",
          "Pobiera wybrane części wiadomości: flagi, rozmiar, kopertę, nagłówki, treść albo pojedynczy załącznik. "
          "Inaczej niż RETR w POP3 klient bierze tylko to, czego potrzebuje, a wiadomość zostaje na serwerze. Odczyt "
          "treści przez BODY[] (a nie BODY.PEEK[]) ustawia flagę \\Seen.",
          "RFC 3501 §6.4.5"}},
        {"UID FETCH", parseFetch<true>, &ServerSession::cmdFetch, kSelected, Flag::Uid,
         {"FETCH that names messages by UID, their permanent identifier, instead of by sequence number, which shifts "
          "when messages are removed. The answers carry the UID too, so a client keeping a local copy knows exactly "
          "which messages it already has.",
          "FETCH, który wskazuje wiadomości przez UID – ich stały identyfikator – zamiast numeru kolejnego, który "
          "przesuwa się po usunięciu wiadomości. Odpowiedzi też zawierają UID, więc klient z lokalną kopią wie "
          "dokładnie, które wiadomości już ma.",
          "RFC 3501 §6.4.8"}},
        {"STORE", parseStore<false>, &ServerSession::cmdStore, kSelected, Flag::UsesSequenceNumbers,
         {"Changes message flags on the server: +FLAGS adds, -FLAGS removes, FLAGS replaces. \\Seen marks a message "
          "read, \\Deleted marks it for removal. Every other device with this mailbox open is told about the change.",
          "Zmienia flagi wiadomości na serwerze: +FLAGS dodaje, -FLAGS usuwa, FLAGS zastępuje. \\Seen oznacza "
          "wiadomość jako przeczytaną, \\Deleted jako przeznaczoną do usunięcia. Każde inne urządzenie z otwartą tą "
          "skrzynką dowiaduje się o zmianie.",
          "RFC 3501 §6.4.6"}},
        {"UID STORE", parseStore<true>, &ServerSession::cmdStore, kSelected, Flag::Uid,
         {"STORE that names messages by UID instead of sequence number, so the flags change on exactly the messages "
          "the client means, even if others were removed meanwhile.",
          "STORE, który wskazuje wiadomości przez UID zamiast numeru kolejnego, więc flagi zmieniają się dokładnie w "
          "tych wiadomościach, o które chodzi klientowi, nawet jeśli w międzyczasie usunięto inne.",
          "RFC 3501 §6.4.8"}},
        {"COPY", parseTransfer<Copy, false>, &ServerSession::cmdCopy, kSelected, Flag::UsesSequenceNumbers,
         {"Copies messages from the selected mailbox into another mailbox on the server, flags included. Nothing is "
          "downloaded: the copy is made on the server.",
          "Kopiuje wiadomości z wybranej skrzynki do innej skrzynki na serwerze, razem z flagami. Nic nie jest "
          "pobierane: kopia powstaje na serwerze.",
          "RFC 3501 §6.4.7"}},
        {"UID COPY", parseTransfer<Copy, true>, &ServerSession::cmdCopy, kSelected, Flag::Uid,
         {"COPY that names messages by UID. With UIDPLUS the server answers [COPYUID ...] with the UIDs the copies "
          "got in the target mailbox.",
          "COPY, który wskazuje wiadomości przez UID. Z rozszerzeniem UIDPLUS serwer odpowiada kodem [COPYUID ...], "
          "podając UID, jakie kopie dostały w docelowej skrzynce.",
          "RFC 3501 §6.4.8"}},
        // MOVE sends its own EXPUNGE responses (RFC 6851 3.3), so it has no such restriction.
        {"MOVE", parseTransfer<Move, false>, &ServerSession::cmdMove, kSelected, Flag::None,
         {"Moves messages from the selected mailbox to another mailbox on the server in one step, instead of COPY, "
          "STORE \\Deleted and EXPUNGE. They leave this mailbox with * n EXPUNGE and appear in the target on every "
          "device.",
          "Przenosi wiadomości z wybranej skrzynki do innej skrzynki na serwerze w jednym kroku, zamiast COPY, STORE "
          "\\Deleted i EXPUNGE. Znikają z tej skrzynki z odpowiedzią * n EXPUNGE i pojawiają się w docelowej na "
          "wszystkich urządzeniach.",
          "RFC 6851 §3.1"}},
        {"UID MOVE", parseTransfer<Move, true>, &ServerSession::cmdMove, kSelected, Flag::Uid,
         {"MOVE that names messages by UID: moves them to another mailbox on the server in one step, for every "
          "device.",
          "MOVE, który wskazuje wiadomości przez UID: przenosi je w jednym kroku do innej skrzynki na serwerze, dla "
          "wszystkich urządzeń.",
          "RFC 6851 §3.1"}},
    };
    return kCommands;
}

const CommandDef* findCommandDef(std::string_view name) {
    const auto table = commandTable();
    const auto it = std::find_if(table.begin(), table.end(),
                                 [name](const CommandDef& c) { return core::equalsIgnoreCase(c.name, name); });
    return it == table.end() ? nullptr : &*it;
}

}  // namespace mailscope::imap
