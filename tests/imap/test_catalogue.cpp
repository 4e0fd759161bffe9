// IMAP catalogue: every command, response and response code is explained in English and
// Polish with its RFC section; sample lines of every form find the right entry.
#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

#include "protocols/imap/catalogue.h"

namespace core = mailscope::core;
using core::Direction;
using mailscope::imap::entries;
using mailscope::imap::explain;

namespace {

std::string keyOf(std::string_view line, Direction dir) {
    const core::Explanation* e = explain(line, dir);
    return e == nullptr ? std::string("(none)") : std::string(e->key);
}
std::string client(std::string_view line) { return keyOf(line, Direction::ClientToServer); }
std::string server(std::string_view line) { return keyOf(line, Direction::ServerToClient); }

bool hasPolishLetter(std::string_view text) {
    for (std::string_view letter : {"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż", "Ł", "Ś", "Ż"})
        if (text.find(letter) != std::string_view::npos) return true;
    return false;
}

constexpr std::string_view kCommands[] = {
    "CAPABILITY", "NOOP",      "LOGOUT",    "STARTTLS",    "AUTHENTICATE", "LOGIN",      "SELECT",
    "EXAMINE",    "CREATE",    "DELETE",    "RENAME",      "SUBSCRIBE",    "UNSUBSCRIBE", "LIST",
    "LSUB",       "STATUS",    "APPEND",    "CHECK",       "CLOSE",        "EXPUNGE",    "SEARCH",
    "FETCH",      "STORE",     "COPY",      "UID FETCH",   "UID STORE",    "UID SEARCH", "UID COPY",
    "UID MOVE",   "UID EXPUNGE", "IDLE",    "MOVE",        "UNSELECT",     "NAMESPACE",  "ID",
    "ENABLE",     "SORT",      "UID SORT",  "THREAD",      "UID THREAD", "CANCELUPDATE"};

constexpr std::string_view kCodes[] = {
    "ALERT",         "BADCHARSET", "CAPABILITY",           "PARSE",
    "PERMANENTFLAGS", "READ-ONLY", "READ-WRITE",           "TRYCREATE",
    "UIDNEXT",       "UIDVALIDITY", "UNSEEN",              "APPENDUID",
    "COPYUID",       "UIDNOTSTICKY", "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED",
    "PRIVACYREQUIRED", "NONEXISTENT", "ALREADYEXISTS",     "CANNOT",
    "INUSE",         "EXPUNGEISSUED", "TOOBIG",            "CLIENTBUG",
    "SERVERBUG",     "LIMIT",      "OVERQUOTA",            "UNAVAILABLE",
    "CONTACTADMIN",  "NOPERM",     "CORRUPTION",           "EXPIRED",
    "HIGHESTMODSEQ", "MODIFIED",   "NOMODSEQ",             "CLOSED",
    "UNKNOWN-CTE",   "BADURL",     "NOUPDATE"};

/// What each entry must say: its RFC section, and how its English and Polish explanations
/// begin, so an entry explaining the wrong key (or two swapped entries) fails.
struct Expected {
    std::string_view key;
    std::string_view rfc;
    std::string_view en;
    std::string_view pl;
};
constexpr Expected kExpected[] = {
    {"CAPABILITY", "RFC 3501 §6.1.1", "Asks what the server supports", "Pyta, co potrafi serwer"},
    {"NOOP", "RFC 3501 §6.1.2", "Does nothing by itself, but", "Sam w sobie nic"},
    {"LOGOUT", "RFC 3501 §6.1.3", "Ends the session: the server", "Kończy sesję: serwer odpowiada"},
    {"STARTTLS", "RFC 3501 §6.2.1", "Asks to switch the connection", "Prosi o przełączenie połączenia"},
    {"AUTHENTICATE", "RFC 3501 §6.2.2", "Logs in with a SASL", "Logowanie mechanizmem SASL, np"},
    {"LOGIN", "RFC 3501 §6.2.3", "Logs in with a user", "Logowanie nazwą użytkownika i"},
    {"SELECT", "RFC 3501 §6.3.1", "Opens a mailbox (folder) on", "Otwiera skrzynkę (folder) na"},
    {"EXAMINE", "RFC 3501 §6.3.2", "Opens a mailbox read-only: like", "Otwiera skrzynkę tylko do"},
    {"CREATE", "RFC 3501 §6.3.3", "Creates a new mailbox (folder)", "Tworzy na serwerze nową"},
    {"DELETE", "RFC 3501 §6.3.4", "Deletes a mailbox on the", "Usuwa skrzynkę z serwera"},
    {"RENAME", "RFC 3501 §6.3.5", "Renames a mailbox on the", "Zmienia nazwę skrzynki na"},
    {"SUBSCRIBE", "RFC 3501 §6.3.6", "Adds a mailbox to the", "Dodaje skrzynkę do listy"},
    {"UNSUBSCRIBE", "RFC 3501 §6.3.7", "Removes a mailbox from the", "Usuwa skrzynkę z listy"},
    {"LIST", "RFC 3501 §6.3.8", "Asks for the mailboxes (folders)", "Pyta o skrzynki (foldery)"},
    {"LSUB", "RFC 3501 §6.3.9", "Like LIST, but only the", "Jak LIST, ale podaje"},
    {"STATUS", "RFC 3501 §6.3.10", "Asks about a mailbox without", "Pyta o stan skrzynki"},
    {"APPEND", "RFC 3501 §6.3.11", "Uploads a whole message into", "Wysyła całą wiadomość do"},
    {"CHECK", "RFC 3501 §6.4.1", "Asks the server to do", "Prosi serwer o prace"},
    {"CLOSE", "RFC 3501 §6.4.2", "Closes the selected mailbox and", "Zamyka wybraną skrzynkę i"},
    {"EXPUNGE", "RFC 3501 §6.4.3", "Permanently removes from the server", "Trwale usuwa z serwera"},
    {"SEARCH", "RFC 3501 §6.4.4", "Asks the server to find", "Prosi serwer o znalezienie"},
    {"FETCH", "RFC 3501 §6.4.5", "Downloads chosen parts of messages", "Pobiera wybrane części wiadomości"},
    {"STORE", "RFC 3501 §6.4.6", "Changes message flags on the", "Zmienia flagi wiadomości na"},
    {"COPY", "RFC 3501 §6.4.7", "Copies messages from the selected", "Kopiuje wiadomości z wybranej"},
    {"UID FETCH", "RFC 3501 §6.4.8", "FETCH that names messages by", "FETCH, który wskazuje wiadomości"},
    {"UID STORE", "RFC 3501 §6.4.8", "STORE that names messages by", "STORE, który wskazuje wiadomości"},
    {"UID SEARCH", "RFC 3501 §6.4.8", "SEARCH that answers with UIDs", "SEARCH, który w odpowiedzi"},
    {"UID COPY", "RFC 3501 §6.4.8", "COPY that names messages by", "COPY, który wskazuje wiadomości"},
    {"UID MOVE", "RFC 6851 §3.1", "MOVE that names messages by", "MOVE, który wskazuje wiadomości"},
    {"UID EXPUNGE", "RFC 4315 §2.1", "Removes only the \\Deleted messages", "Usuwa tylko te wiadomości"},
    {"IDLE", "RFC 2177 §3", "Tells the server: I am", "Mówi serwerowi: czekam, powiadom"},
    {"MOVE", "RFC 6851 §3.1", "Moves messages from the selected", "Przenosi wiadomości z wybranej"},
    {"UNSELECT", "RFC 3691 §2", "Closes the selected mailbox like", "Zamyka wybraną skrzynkę jak"},
    {"NAMESPACE", "RFC 2342 §5", "Asks how mailbox names are", "Pyta, jak są zorganizowane"},
    {"ID", "RFC 2971 §3.1", "The client introduces itself (name", "Klient przedstawia się (nazwa"},
    {"ENABLE", "RFC 5161 §3.1", "Turns on extensions that change", "Włącza rozszerzenia, które zmieniają"},
    {"DONE", "RFC 2177 §3", "Ends IDLE. It has no", "Kończy IDLE. Nie ma"},
    {"ENABLE QRESYNC", "RFC 7162 §3.2.3", "Turns quick resynchronization on", "Włącza w tej sesji szybką"},
    {"SELECT (QRESYNC)", "RFC 7162 §3.2.5", "Opens the mailbox and tells the server", "Otwiera skrzynkę i mówi"},
    {"FETCH (CHANGEDSINCE)", "RFC 7162 §3.1.4.1", "Asks only for messages whose mod-sequence", "Prosi tylko o wiadomości"},
    {"SASL response", "RFC 3501 §6.2.2", "The client's answer to the", "Odpowiedź klienta na zachętę"},
    {"*", "RFC 3501 §6.2.2", "Cancels the AUTHENTICATE in progress", "Przerywa trwające AUTHENTICATE; serwer"},
    {"+", "RFC 3501 §7.5", "A continuation request: the server", "Prośba o kontynuację: serwer"},
    {"+ challenge", "RFC 3501 §7.5", "A continuation during AUTHENTICATE: the", "Kontynuacja podczas AUTHENTICATE: serwer"},
    {"+ idling", "RFC 2177 §3", "The server accepted IDLE: from", "Serwer przyjął IDLE: od"},
    {"OK", "RFC 3501 §7.1.1", "The command with this tag", "Polecenie z tym znacznikiem"},
    {"NO", "RFC 3501 §7.1.2", "The command with this tag", "Polecenie z tym znacznikiem"},
    {"BAD", "RFC 3501 §7.1.3", "The server did not accept", "Serwer nie przyjął polecenia"},
    {"* OK", "RFC 3501 §7.1.1", "Information from the server that", "Informacja od serwera, która"},
    {"* NO", "RFC 3501 §7.1.2", "A warning from the server", "Ostrzeżenie od serwera, które"},
    {"* BAD", "RFC 3501 §7.1.3", "The server reports a protocol", "Serwer zgłasza błąd protokołu"},
    {"* PREAUTH", "RFC 3501 §7.1.4", "A greeting saying the client", "Powitanie informujące, że klient"},
    {"* BYE", "RFC 3501 §7.1.5", "The server is about to", "Serwer zaraz zamknie połączenie"},
    {"* CAPABILITY", "RFC 3501 §7.2.1", "The list of what the", "Lista możliwości serwera: IMAP4rev1"},
    {"* LIST", "RFC 3501 §7.2.2", "One mailbox (folder) on the", "Jedna skrzynka (folder) na"},
    {"* LSUB", "RFC 3501 §7.2.3", "One mailbox the user subscribes", "Jedna skrzynka, którą użytkownik"},
    {"* STATUS", "RFC 3501 §7.2.4", "The state of a mailbox", "Stan skrzynki, o który"},
    {"* SEARCH", "RFC 3501 §7.2.5", "The result of SEARCH: the", "Wynik SEARCH: numery kolejne"},
    {"* FLAGS", "RFC 3501 §7.2.6", "The flags used in this", "Flagi używane w tej"},
    {"* n EXISTS", "RFC 3501 §7.3.1", "The mailbox now holds n", "Skrzynka zawiera teraz n"},
    {"* n RECENT", "RFC 3501 §7.3.2", "How many messages are recent", "Ile wiadomości jest świeżych"},
    {"* n EXPUNGE", "RFC 3501 §7.4.1", "Message number n was removed", "Wiadomość numer n została"},
    {"* n FETCH", "RFC 3501 §7.4.2", "Data about message number n", "Dane o wiadomości numer"},
    {"* n FETCH FLAGS", "RFC 3501 §7.4.2", "The current flags of message", "Aktualne flagi wiadomości numer"},
    {"* NAMESPACE", "RFC 2342 §5", "The answer to NAMESPACE: three", "Odpowiedź na NAMESPACE: trzy"},
    {"* ID", "RFC 2971 §3.2", "The server introduces itself in", "Serwer przedstawia się w"},
    {"* ENABLED", "RFC 5161 §3.2", "The extensions ENABLE really turned", "Rozszerzenia, które ENABLE faktycznie"},
    {"[ALERT]", "RFC 3501 §7.1", "A message the server wants", "Komunikat, który serwer chce"},
    {"[BADCHARSET]", "RFC 3501 §7.1", "SEARCH used a character set", "SEARCH użył zestawu znaków"},
    {"[CAPABILITY]", "RFC 3501 §7.1", "The capability list, sent inside", "Lista możliwości serwera wysłana"},
    {"[PARSE]", "RFC 3501 §7.1", "The server could not make", "Serwer nie potrafił odczytać"},
    {"[PERMANENTFLAGS]", "RFC 3501 §7.1", "The flags the client may", "Flagi, które klient może"},
    {"[READ-ONLY]", "RFC 3501 §7.1", "The mailbox is open read-only", "Skrzynka jest otwarta tylko"},
    {"[READ-WRITE]", "RFC 3501 §7.1", "The mailbox is open for", "Skrzynka jest otwarta do"},
    {"[TRYCREATE]", "RFC 3501 §7.1", "APPEND or COPY failed because", "APPEND lub COPY się"},
    {"[UIDNEXT]", "RFC 3501 §7.1", "The UID the next new", "UID, który dostanie następna"},
    {"[UIDVALIDITY]", "RFC 3501 §7.1", "A number that, together with", "Liczba, która razem z"},
    {"[UNSEEN]", "RFC 3501 §7.1", "The sequence number of the", "Numer kolejny pierwszej wiadomości"},
    {"[APPENDUID]", "RFC 4315 §3", "APPEND worked: the brackets give", "APPEND się powiodło: w"},
    {"[COPYUID]", "RFC 4315 §3", "COPY or MOVE worked: the", "COPY lub MOVE się"},
    {"[UIDNOTSTICKY]", "RFC 4315 §3", "This mailbox cannot keep UIDs", "Ta skrzynka nie potrafi"},
    {"[UNAVAILABLE]", "RFC 5530 §3", "A temporary failure: some part", "Chwilowa awaria: jakaś część"},
    {"[AUTHENTICATIONFAILED]", "RFC 5530 §3", "Login failed: the user name", "Logowanie nieudane: błędna nazwa"},
    {"[AUTHORIZATIONFAILED]", "RFC 5530 §3", "The credentials were right, but", "Dane logowania były poprawne"},
    {"[EXPIRED]", "RFC 5530 §3", "The credentials were right but", "Dane logowania były poprawne"},
    {"[PRIVACYREQUIRED]", "RFC 5530 §3", "Refused because the connection is", "Odmowa, bo połączenie nie"},
    {"[CONTACTADMIN]", "RFC 5530 §3", "The user has to contact", "Użytkownik musi skontaktować się"},
    {"[NOPERM]", "RFC 5530 §3", "The user is not allowed", "Użytkownik nie ma uprawnień"},
    {"[INUSE]", "RFC 5530 §3", "It cannot be done now", "Tego nie da się"},
    {"[EXPUNGEISSUED]", "RFC 5530 §3", "Some of the requested messages", "Część wskazanych wiadomości usunęła"},
    {"[CORRUPTION]", "RFC 5530 §3", "The server found damaged data", "Serwer wykrył uszkodzone dane"},
    {"[SERVERBUG]", "RFC 5530 §3", "The server ran into an", "Serwer natrafił na błąd"},
    {"[CLIENTBUG]", "RFC 5530 §3", "The server thinks the client", "Serwer uważa, że klient"},
    {"[CANNOT]", "RFC 5530 §3", "This can never work, for", "Tego nigdy nie da"},
    {"[LIMIT]", "RFC 5530 §3", "A server limit was reached", "Osiągnięto limit serwera, np"},
    {"[OVERQUOTA]", "RFC 5530 §3", "The user's storage quota is", "Wyczerpano przydział miejsca (quota)"},
    {"[ALREADYEXISTS]", "RFC 5530 §3", "A mailbox with this name", "Skrzynka o tej nazwie"},
    {"[NONEXISTENT]", "RFC 5530 §3", "The command refers to something", "Polecenie odwołuje się do"},
    {"[TOOBIG]", "RFC 4469 §4.2", "The message or literal is", "Wiadomość lub literał jest"},
    {"[UNKNOWN-CTE]", "RFC 3516 §4.2", "FETCH BINARY asked the server", "FETCH BINARY prosił serwer o"},
    {"[BADURL]", "RFC 4469 §4.1", "APPEND with CATENATE named, with", "APPEND z CATENATE wskazał adresem"},
    {"* ESEARCH", "RFC 4731 §3.1", "The answer to SEARCH RETURN", "Odpowiedź na SEARCH RETURN"},
    {"* VANISHED", "RFC 7162 §3.2.10", "These messages (by UID) are", "Tych wiadomości (wskazanych przez"},
    {"[HIGHESTMODSEQ]", "RFC 7162 §3.1.2.1", "The highest mod-sequence of the", "Najwyższa sekwencja modyfikacji"},
    {"[MODIFIED]", "RFC 7162 §3.1.3", "A conditional STORE (UNCHANGEDSINCE) left", "Warunkowy STORE (UNCHANGEDSINCE) nie"},
    {"[CLOSED]", "RFC 7162 §3.2.11", "The mailbox that was selected", "Wybrana wcześniej skrzynka jest"},
    {"[NOMODSEQ]", "RFC 7162 §3.1.2.2", "This mailbox keeps no mod-sequences", "Ta skrzynka nie przechowuje"},
    {"SORT", "RFC 5256 §3", "Asks the server to find messages and put", "Prosi serwer o znalezienie wiadomości i ułożenie"},
    {"UID SORT", "RFC 5256 §3", "SORT that answers with UIDs", "SORT, który w odpowiedzi"},
    {"CANCELUPDATE", "RFC 5267 §4.3.5", "Stops the updates of searches", "Zatrzymuje aktualizacje wyszukiwań"},
    {"SEARCH RETURN (UPDATE)", "RFC 5267 §4.3", "A SEARCH or SORT that asks the server to remember it",
     "SEARCH lub SORT, który prosi serwer"},
    {"* ESEARCH ADDTO", "RFC 5267 §4.3.3", "An update of a search kept with RETURN (UPDATE), sent unasked",
     "Aktualizacja wyszukiwania zapamiętanego przez RETURN (UPDATE), wysłana"},
    {"* ESEARCH REMOVEFROM", "RFC 5267 §4.3.4", "An update of a search kept with RETURN (UPDATE): these messages no",
     "Aktualizacja wyszukiwania zapamiętanego przez RETURN (UPDATE): te wiadomości już"},
    {"* ESEARCH PARTIAL", "RFC 5267 §4.4", "One page of a search's result", "Jedna strona wyniku wyszukiwania"},
    {"[NOUPDATE]", "RFC 5267 §4.3.1", "The server answers this search but will not keep it up to date",
     "Serwer odpowiada na to wyszukiwanie, ale nie będzie"},
    {"THREAD", "RFC 5256 §3", "Asks the server to group the", "Prosi serwer o pogrupowanie pasujących"},
    {"UID THREAD", "RFC 5256 §3", "THREAD that names the messages", "THREAD, który w odpowiedzi"},
    {"* SORT", "RFC 5256 §4", "The result of SORT: the", "Wynik SORT: numery kolejne"},
    {"* THREAD", "RFC 5256 §4", "The result of THREAD: conversations as", "Wynik THREAD: wątki zapisane"},
};

}  // namespace

TEST_SUITE("imap.catalogue") {

TEST_CASE("each entry explains its own key, with its RFC section, in English and Polish") {
    REQUIRE(entries().size() == std::size(kExpected));
    std::set<std::string_view> english;
    std::set<std::string_view> polish;
    for (const Expected& x : kExpected) {
        CAPTURE(x.key);
        const auto it = std::find_if(entries().begin(), entries().end(), [&](const auto& e) { return e.key == x.key; });
        REQUIRE(it != entries().end());
        CHECK(it->rfc == x.rfc);
        CHECK(it->en.starts_with(x.en));
        CHECK(it->pl.starts_with(x.pl));
        CHECK(english.insert(it->en).second);  // no two keys share an explanation
        CHECK(polish.insert(it->pl).second);
    }
}

TEST_CASE("every entry has English, Polish and an RFC section") {
    std::set<std::string> keys;
    bool anyPolishLetter = false;
    for (const auto& e : entries()) {
        CAPTURE(e.key);
        CHECK(keys.insert(std::string(e.key)).second);
        // Whole sentences: another entry's explanation or a stub would not end so.
        CHECK(e.en.ends_with('.'));
        CHECK(e.pl.ends_with('.'));
        CHECK(e.pl != e.en);
        CHECK(hasPolishLetter(e.pl));
        anyPolishLetter = anyPolishLetter || hasPolishLetter(e.pl);
        CHECK(e.rfc.rfind("RFC ", 0) == 0);
        CHECK(e.rfc.find("§") != std::string_view::npos);
        CHECK(e.text(core::Language::Polish) == e.pl);
        CHECK(e.text(core::Language::English) == e.en);
    }
    CHECK(anyPolishLetter);
}

TEST_CASE("every command and response code has its own entry") {
    SUBCASE("commands, found from a tagged command line") {
        for (std::string_view name : kCommands) {
            CAPTURE(name);
            const core::Explanation* e = explain("a1 " + std::string(name) + " 1:* x", Direction::ClientToServer);
            REQUIRE(e != nullptr);
            CHECK(e->key == name);
            CHECK_FALSE(e->en.empty());
            CHECK_FALSE(e->pl.empty());
            CHECK_FALSE(e->rfc.empty());
        }
    }
    SUBCASE("response codes, found from a tagged and an untagged response") {
        for (std::string_view code : kCodes) {
            CAPTURE(code);
            const std::string key = "[" + std::string(code) + "]";
            const core::Explanation* tagged = explain("a7 NO " + key + " text", Direction::ServerToClient);
            REQUIRE(tagged != nullptr);
            CHECK(tagged->key == key);
            CHECK_FALSE(tagged->en.empty());
            CHECK_FALSE(tagged->pl.empty());
            CHECK_FALSE(tagged->rfc.empty());
            CHECK(explain("* OK " + key + " text", Direction::ServerToClient) == tagged);
        }
    }
    SUBCASE("no two commands share an entry") {
        std::set<const core::Explanation*> seen;
        for (std::string_view name : kCommands)
            CHECK(seen.insert(explain("t " + std::string(name), Direction::ClientToServer)).second);
    }
}

TEST_CASE("client lines") {
    SUBCASE("commands by name, in any case, with or without CRLF") {
        CHECK(client("a1 LOGIN alice ********") == "LOGIN");
        CHECK(client("a2 select INBOX") == "SELECT");
        CHECK(client("A3 Fetch 1:* (FLAGS)\r\n") == "FETCH");
        CHECK(client("a4 NOOP") == "NOOP");
        CHECK(client("a5 APPEND Sent (\\Seen) {310}") == "APPEND");
        CHECK(client("a6 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==") == "AUTHENTICATE");
        CHECK(client("a7 IDLE") == "IDLE");
    }
    SUBCASE("UID commands are their own entries") {
        CHECK(client("a1 UID FETCH 1:* (FLAGS)") == "UID FETCH");
        CHECK(client("a1 uid fetch 1:* (FLAGS)") == "UID FETCH");
        CHECK(client("a1 UID fetch 4") != client("a1 FETCH 4"));
        CHECK(client("a2 UID STORE 4 +FLAGS (\\Seen)") == "UID STORE");
        CHECK(client("a3 UID SEARCH UNSEEN") == "UID SEARCH");
        CHECK(client("a4 UID COPY 4 Archive") == "UID COPY");
        CHECK(client("a5 UID MOVE 4 Archive") == "UID MOVE");
        CHECK(client("a6 UID EXPUNGE 4") == "UID EXPUNGE");
        CHECK(client("a7 UID SELECT INBOX") == "(none)");
        CHECK(client("a8 UID") == "(none)");
    }
    SUBCASE("the client's side of CONDSTORE and QRESYNC (RFC 7162)") {
        CHECK(client("a2 ENABLE QRESYNC") == "ENABLE QRESYNC");
        CHECK(client("a2 enable condstore qresync") == "ENABLE QRESYNC");
        CHECK(client("a2 ENABLE CONDSTORE") == "ENABLE");
        CHECK(client("a9 SELECT \"INBOX\" (QRESYNC (1000 12 1:5))") == "SELECT (QRESYNC)");
        CHECK(client("a9 EXAMINE INBOX (qresync (1000 12))") == "SELECT (QRESYNC)");
        CHECK(client("a9 SELECT INBOX") == "SELECT");
        CHECK(client("a16 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12)") == "FETCH (CHANGEDSINCE)");
        CHECK(client("a16 FETCH 1:* (FLAGS) (CHANGEDSINCE 12)") == "FETCH (CHANGEDSINCE)");
        CHECK(client("a16 UID FETCH 1:* (FLAGS)") == "UID FETCH");
    }
    SUBCASE("DONE and the lines of AUTHENTICATE") {
        CHECK(client("DONE") == "DONE");
        CHECK(client("done\r\n") == "DONE");
        CHECK(client("AGFsaWNlAHNlY3JldA==") == "SASL response");
        CHECK(client("********") == "SASL response");
        CHECK(client("*") == "*");
    }
    SUBCASE("unknown commands, response words and literal data have no entry") {
        CHECK(client("a1 FOO bar") == "(none)");
        CHECK(client("a1 XLIST \"\" *") == "(none)");
        CHECK(client("a1 OK done") == "(none)");
        CHECK(client("* OK hello") == "(none)");
        CHECK(client("a1 EXISTS") == "(none)");
        CHECK(client("") == "(none)");
        CHECK(client("Subject: hello there") == "(none)");
        CHECK(client("Hello") == "(none)");
    }
}

TEST_CASE("server lines") {
    SUBCASE("CONDSTORE, QRESYNC and ESEARCH lines (RFC 7162, RFC 4731)") {
        CHECK(server("* OK [HIGHESTMODSEQ 715194045007] Highest") == "[HIGHESTMODSEQ]");
        CHECK(server("a OK [MODIFIED 7,9] Conditional STORE failed") == "[MODIFIED]");
        CHECK(server("* OK [CLOSED] Previous mailbox closed") == "[CLOSED]");
        CHECK(server("* VANISHED (EARLIER) 41,43:116") == "* VANISHED");
        CHECK(server("* VANISHED 405,407") == "* VANISHED");
        CHECK(server("* ESEARCH (TAG \"A282\") MIN 2 COUNT 3") == "* ESEARCH");
    }
    SUBCASE("SORT, THREAD and ESORT lines (RFC 5256, RFC 5267)") {
        CHECK(server("* SORT 2 3 6") == "* SORT");
        CHECK(server("* SORT") == "* SORT");
        CHECK(server("* THREAD (2)(3 6 (4 23)(44 7 96))") == "* THREAD");
        CHECK(server("* THREAD") == "* THREAD");
        CHECK(server("* ESEARCH (TAG \"a\") UID MIN 7 MAX 3 ALL 7,5,3") == "* ESEARCH");
        CHECK(client("a1 UID SORT (REVERSE DATE) UTF-8 ALL") == "UID SORT");
        CHECK(client("a2 sort RETURN (MIN) (SUBJECT) UTF-8 ALL") == "SORT");
        CHECK(client("a3 THREAD REFERENCES UTF-8 ALL") == "THREAD");
        CHECK(client("a4 UID THREAD ORDEREDSUBJECT US-ASCII SINCE 1-Feb-1994") == "UID THREAD");
        CHECK(server("* 4 FETCH (UID 8 FLAGS (\\Seen) MODSEQ (12))") == "* n FETCH FLAGS");
    }
    SUBCASE("search contexts and partial results (RFC 5267 4)") {
        CHECK(server("* ESEARCH (TAG \"B01\") UID ADDTO (0 32768:32769)") == "* ESEARCH ADDTO");
        CHECK(server("* ESEARCH (TAG \"B01\") UID REMOVEFROM (0 32768)") == "* ESEARCH REMOVEFROM");
        CHECK(server("* ESEARCH (TAG \"C01\") UID REMOVEFROM (2 7) ADDTO (1 2733)") == "* ESEARCH REMOVEFROM");
        CHECK(server("* ESEARCH (TAG \"A04\") UID PARTIAL (24000:24500 NIL)") == "* ESEARCH PARTIAL");
        CHECK(server("* ESEARCH (TAG \"ADDTO\") COUNT 3") == "* ESEARCH");  // a tag is not a data item
        CHECK(server("* NO [NOUPDATE \"B02\"] Too many contexts") == "[NOUPDATE]");
        CHECK(client("B01 UID SEARCH RETURN (UPDATE COUNT) DELETED") == "SEARCH RETURN (UPDATE)");
        CHECK(client("B02 sort return (count update) (DATE) UTF-8 ALL") == "SEARCH RETURN (UPDATE)");
        CHECK(client("B03 SEARCH RETURN (COUNT) UPDATE") == "SEARCH");  // outside the RETURN list
        CHECK(client("B04 CANCELUPDATE \"B01\"") == "CANCELUPDATE");
    }
    SUBCASE("tagged status: by response code first, else by status") {
        CHECK(server("a1 OK [READ-WRITE] SELECT completed") == "[READ-WRITE]");
        CHECK(server("a2 NO [TRYCREATE] Mailbox does not exist: Archive") == "[TRYCREATE]");
        CHECK(server("a3 OK [COPYUID 1700000000 4 12] Done") == "[COPYUID]");
        CHECK(server("a4 OK [APPENDUID 1700000000 13] Done") == "[APPENDUID]");
        CHECK(server("a5 NO [AUTHENTICATIONFAILED] Authentication failed") == "[AUTHENTICATIONFAILED]");
        CHECK(server("a6 OK [CAPABILITY IMAP4rev1 IDLE] Logged in") == "[CAPABILITY]");
        CHECK(server("a7 OK FETCH completed") == "OK");
        CHECK(server("a8 NO no such message") == "NO");
        CHECK(server("a9 BAD Unknown command FOO\r\n") == "BAD");
        CHECK(server("a10 ok done") == "OK");
        CHECK(server("a11 NO [X-UNKNOWN-CODE] hm") == "NO");
        CHECK(server("a12 OK [] odd") == "OK");
        CHECK(server("a13 OK [UNCLOSED") == "OK");
    }
    SUBCASE("untagged status: by response code first, else by status") {
        CHECK(server("* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN] mailscope IMAP4rev1 server ready") ==
              "[CAPABILITY]");
        CHECK(server("* OK [UIDVALIDITY 1700000000] UIDs valid") == "[UIDVALIDITY]");
        CHECK(server("* OK [UIDNEXT 9] Predicted next UID") == "[UIDNEXT]");
        CHECK(server("* OK [UNSEEN 3] First unseen") == "[UNSEEN]");
        CHECK(server("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Flags permitted") == "[PERMANENTFLAGS]");
        CHECK(server("* OK [ALERT] System going down at noon") == "[ALERT]");
        CHECK(server("* NO [TOOBIG] Literal too big") == "[TOOBIG]");
        CHECK(server("a NO [UNKNOWN-CTE] A part's Content-Transfer-Encoding cannot be decoded") == "[UNKNOWN-CTE]");
        CHECK(server("a NO [BADURL /INBOX;UIDVALIDITY=1/;UID=9] CATENATE failed") == "[BADURL]");
        CHECK(server("* BYE [UNAVAILABLE] Shutting down") == "[UNAVAILABLE]");
        CHECK(server("* OK Still here") == "* OK");
        CHECK(server("* NO Disk almost full") == "* NO");
        CHECK(server("* BAD Syntax error") == "* BAD");
        CHECK(server("* PREAUTH Welcome back") == "* PREAUTH");
        CHECK(server("* BYE Autologout; idle for too long") == "* BYE");
    }
    SUBCASE("untagged data") {
        CHECK(server("* CAPABILITY IMAP4rev1 LITERAL+ IDLE MOVE") == "* CAPABILITY");
        CHECK(server("* LIST (\\HasNoChildren) \"/\" INBOX") == "* LIST");
        CHECK(server("* LSUB () \"/\" Archive") == "* LSUB");
        CHECK(server("* STATUS INBOX (MESSAGES 5 UNSEEN 2)") == "* STATUS");
        CHECK(server("* SEARCH 2 3 5") == "* SEARCH");
        CHECK(server("* SEARCH") == "* SEARCH");
        CHECK(server("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)") == "* FLAGS");
        CHECK(server("* NAMESPACE ((\"\" \"/\")) NIL NIL") == "* NAMESPACE");
        CHECK(server("* ID (\"name\" \"mailscope\")") == "* ID");
        CHECK(server("* ENABLED") == "* ENABLED");
        CHECK(server("* capability IMAP4rev1") == "* CAPABILITY");
    }
    SUBCASE("untagged data with a number") {
        CHECK(server("* 5 EXISTS") == "* n EXISTS");
        CHECK(server("* 0 RECENT") == "* n RECENT");
        CHECK(server("* 3 EXPUNGE") == "* n EXPUNGE");
        CHECK(server("* 12 exists\r\n") == "* n EXISTS");
    }
    SUBCASE("a FETCH with only flags is a flag update; other FETCHes are not") {
        CHECK(server("* 1 FETCH (FLAGS (\\Seen))") == "* n FETCH FLAGS");
        CHECK(server("* 1 FETCH (FLAGS (\\Seen \\Flagged) UID 4)") == "* n FETCH FLAGS");
        CHECK(server("* 1 FETCH (UID 4 FLAGS ())") == "* n FETCH FLAGS");
        CHECK(server("* 2 FETCH (UID 4 FLAGS (\\Seen) MODSEQ (12))") == "* n FETCH FLAGS");
        CHECK(server("* 1 FETCH (UID 4)") == "* n FETCH");
        CHECK(server("* 1 FETCH (FLAGS (\\Seen) UID 4 RFC822.SIZE 320)") == "* n FETCH");
        CHECK(server("* 1 FETCH (UID 4 BODY[HEADER.FIELDS (FLAGS)] {42}") == "* n FETCH");
        CHECK(server("* 1 FETCH (FLAGS (\\Seen) BODY[] {320}") == "* n FETCH");
        CHECK(server("* 1 FETCH (ENVELOPE (\"Mon, 1 Jan 2024\" \"a (b) \\\"c\" NIL) FLAGS ())") == "* n FETCH");
        CHECK(server("* 1 FETCH (FLAGS (\\Seen)") == "* n FETCH");
        CHECK(server("* 1 FETCH (FLAGS)") == "* n FETCH");
        CHECK(server("* 1 FETCH") == "* n FETCH");
    }
    SUBCASE("continuations: literal, SASL challenge, IDLE") {
        CHECK(server("+ Ready for literal data") == "+");
        CHECK(server("+ ") == "+ challenge");
        CHECK(server("+") == "+ challenge");
        CHECK(server("+ VXNlcm5hbWU6") == "+ challenge");
        CHECK(server("+ idling\r\n") == "+ idling");
    }
    SUBCASE("unknown responses and literal data have no entry") {
        CHECK(server("* 3 FOO") == "(none)");
        CHECK(server("* 3") == "(none)");
        CHECK(server("* XYZZY 1") == "(none)");
        CHECK(server("*") == "(none)");
        CHECK(server("a1 FETCH 1") == "(none)");
        CHECK(server("From: alice@example.org") == "(none)");
        CHECK(server(")") == "(none)");
        CHECK(server("") == "(none)");
    }
    SUBCASE("bad input never crashes") {
        const std::string deep = "* 1 FETCH " + std::string(10000, '(');
        CHECK(server(deep) == "* n FETCH");
        CHECK(server("* 1 FETCH (FLAGS \"unterminated") == "* n FETCH");
        CHECK(server("* 1 FETCH (BODY[unclosed (x) FLAGS ())") == "* n FETCH");
        CHECK(server("a1 OK [") == "OK");
        CHECK(client(std::string(5, ' ')) == "(none)");
        CHECK(server(std::string(5, ' ')) == "(none)");
    }
}

TEST_CASE("explanations teach the sync model") {
    auto en = [](std::string_view line, Direction dir) { return std::string(explain(line, dir)->en); };
    CHECK(en("* 1 FETCH (FLAGS (\\Seen))", Direction::ServerToClient).find("another") != std::string::npos);
    CHECK(en("* 1 FETCH (UID 4 BODY[] {3}", Direction::ServerToClient).find("elsewhere") != std::string::npos);
    CHECK(en("* 4 EXISTS", Direction::ServerToClient).find("new mail") != std::string::npos);
    CHECK(en("* 2 EXPUNGE", Direction::ServerToClient).find("down by one") != std::string::npos);
    CHECK(en("* OK [UIDVALIDITY 7] x", Direction::ServerToClient).find("void") != std::string::npos);
    CHECK(en("a1 EXPUNGE", Direction::ClientToServer).find("every device") != std::string::npos);
    CHECK(en("a1 SELECT INBOX", Direction::ClientToServer).find("on the server") != std::string::npos);
}

TEST_CASE("RFC sections") {
    auto rfc = [](std::string_view line, Direction dir) { return std::string(explain(line, dir)->rfc); };
    CHECK(rfc("a1 CAPABILITY", Direction::ClientToServer) == "RFC 3501 §6.1.1");
    CHECK(rfc("a1 LOGIN a b", Direction::ClientToServer) == "RFC 3501 §6.2.3");
    CHECK(rfc("a1 SELECT INBOX", Direction::ClientToServer) == "RFC 3501 §6.3.1");
    CHECK(rfc("a1 APPEND INBOX {3}", Direction::ClientToServer) == "RFC 3501 §6.3.11");
    CHECK(rfc("a1 FETCH 1 FLAGS", Direction::ClientToServer) == "RFC 3501 §6.4.5");
    CHECK(rfc("a1 UID FETCH 1 FLAGS", Direction::ClientToServer) == "RFC 3501 §6.4.8");
    CHECK(rfc("a1 UID EXPUNGE 4", Direction::ClientToServer) == "RFC 4315 §2.1");
    CHECK(rfc("a1 MOVE 1 Archive", Direction::ClientToServer) == "RFC 6851 §3.1");
    CHECK(rfc("a1 UNSELECT", Direction::ClientToServer) == "RFC 3691 §2");
    CHECK(rfc("a1 NAMESPACE", Direction::ClientToServer) == "RFC 2342 §5");
    CHECK(rfc("a1 ID NIL", Direction::ClientToServer) == "RFC 2971 §3.1");
    CHECK(rfc("a1 ENABLE UTF8=ACCEPT", Direction::ClientToServer) == "RFC 5161 §3.1");
    CHECK(rfc("a1 IDLE", Direction::ClientToServer) == "RFC 2177 §3");
    CHECK(rfc("DONE", Direction::ClientToServer) == "RFC 2177 §3");
    CHECK(rfc("* 3 EXISTS", Direction::ServerToClient) == "RFC 3501 §7.3.1");
    CHECK(rfc("* 3 EXPUNGE", Direction::ServerToClient) == "RFC 3501 §7.4.1");
    CHECK(rfc("* 3 FETCH (FLAGS ())", Direction::ServerToClient) == "RFC 3501 §7.4.2");
    CHECK(rfc("+ Ready", Direction::ServerToClient) == "RFC 3501 §7.5");
    CHECK(rfc("* ENABLED", Direction::ServerToClient) == "RFC 5161 §3.2");
    CHECK(rfc("a1 OK [UIDVALIDITY 1] x", Direction::ServerToClient) == "RFC 3501 §7.1");
    CHECK(rfc("a1 OK [COPYUID 1 2 3] x", Direction::ServerToClient) == "RFC 4315 §3");
    CHECK(rfc("a1 NO [NOPERM] x", Direction::ServerToClient) == "RFC 5530 §3");
    CHECK(rfc("a1 BAD x", Direction::ServerToClient) == "RFC 3501 §7.1.3");
}

TEST_CASE("Polish explanations use Polish letters") {
    std::size_t withLetters = 0;
    for (const auto& e : entries())
        if (hasPolishLetter(e.pl)) ++withLetters;
    CHECK(withLetters > 0);
    const core::Explanation* select = explain("a1 SELECT INBOX", Direction::ClientToServer);
    REQUIRE(select != nullptr);
    CHECK(select->text(core::Language::Polish).find("skrzynkę") != std::string_view::npos);
}

}  // TEST_SUITE
