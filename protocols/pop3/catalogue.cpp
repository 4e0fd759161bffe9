// The POP3 catalogue: what each command and response means, in English and Polish,
// with its RFC section (RFC 1939, RFC 2449, RFC 3206, RFC 5034, RFC 2595).
#include "protocols/pop3/catalogue.h"

#include <array>

#include "protocols/pop3/wire.h"

namespace mailscope::pop3 {

namespace {

constexpr std::array<core::Explanation, 28> kEntries{{
    // [SECTION] commands
    {"USER",
     "Names the mailbox (the user) to log in to. The server usually answers +OK whatever the name, so that it "
     "does not reveal which accounts exist; the password follows in PASS.",
     "Podaje nazwę skrzynki (użytkownika), do której klient chce się zalogować. Serwer zwykle odpowiada +OK bez "
     "względu na nazwę, żeby nie zdradzać, jakie konta istnieją; hasło przychodzi w następnym poleceniu PASS.",
     "RFC 1939 §7"},
    {"PASS",
     "Sends the password for the user named in USER. Without TLS it travels as plain text that anyone listening "
     "on the network can read. If it is right, the server locks the maildrop and the session enters the "
     "TRANSACTION state.",
     "Wysyła hasło użytkownika podanego w USER. Bez TLS hasło idzie otwartym tekstem i może je przeczytać każdy, "
     "kto podsłuchuje sieć. Jeśli jest poprawne, serwer blokuje skrzynkę, a sesja przechodzi do stanu TRANSACTION.",
     "RFC 1939 §7"},
    {"APOP",
     "Logs in without sending the password: the client sends its name and an MD5 digest of the greeting's "
     "timestamp followed by the password. The server computes the same digest and compares. Every greeting has a "
     "new timestamp, so a captured digest cannot be used again.",
     "Logowanie bez wysyłania hasła: klient podaje nazwę i skrót MD5 ze znacznika czasu z powitania serwera "
     "połączonego z hasłem. Serwer liczy ten sam skrót i porównuje wyniki. Każde powitanie ma nowy znacznik, więc "
     "podsłuchanego skrótu nie da się użyć ponownie.",
     "RFC 1939 §7"},
    {"AUTH",
     "Starts SASL authentication with the named mechanism. PLAIN carries the user name and password in base64, "
     "which is an encoding, not encryption. The credentials come on the same line (initial response) or after the "
     "server's \"+ \" prompt. \"AUTH\" alone asks for the list of mechanisms.",
     "Rozpoczyna uwierzytelnianie SASL wskazanym mechanizmem. PLAIN przesyła nazwę użytkownika i hasło w base64 – "
     "to tylko kodowanie, nie szyfrowanie. Dane logowania są w tej samej linii (odpowiedź początkowa) albo po "
     "zachęcie serwera „+ ”. Samo „AUTH” prosi o listę obsługiwanych mechanizmów.",
     "RFC 5034 §4"},
    {"STLS",
     "Asks to switch the connection to TLS before logging in. After +OK both sides perform the TLS handshake and "
     "from then on everything is encrypted. Whatever was sent before the handshake ended is thrown away, so nobody "
     "can slip in extra commands.",
     "Prosi o przełączenie połączenia na TLS przed zalogowaniem. Po +OK obie strony wykonują uzgadnianie TLS i od "
     "tej chwili wszystko jest szyfrowane. To, co przyszło przed końcem uzgadniania, jest odrzucane, żeby nikt nie "
     "mógł wstrzyknąć dodatkowych poleceń.",
     "RFC 2595 §4"},
    {"CAPA",
     "Asks which extensions the server supports (TOP, UIDL, SASL, STLS, PIPELINING and so on). The answer is a "
     "list, one capability per line, ended by a line with a single dot. It works before and after login.",
     "Pyta, jakie rozszerzenia obsługuje serwer (TOP, UIDL, SASL, STLS, PIPELINING itd.). Odpowiedź to lista, jedna "
     "możliwość w linii, zakończona linią z samą kropką. Działa przed zalogowaniem i po nim.",
     "RFC 2449 §5"},
    {"QUIT",
     "Ends the session. After login the server first enters the UPDATE state and only then really removes the "
     "messages marked with DELE. Before login QUIT simply closes the connection.",
     "Kończy sesję. Po zalogowaniu serwer najpierw przechodzi do stanu UPDATE i dopiero wtedy naprawdę usuwa "
     "wiadomości oznaczone przez DELE. Przed zalogowaniem QUIT po prostu zamyka połączenie.",
     "RFC 1939 §6"},
    {"STAT",
     "Asks how many messages are in the maildrop and how big they are together, in octets (bytes). Messages "
     "marked for deletion are not counted.",
     "Pyta, ile wiadomości jest w skrzynce i ile razem zajmują, w oktetach (bajtach). Wiadomości oznaczone do "
     "usunięcia nie są liczone.",
     "RFC 1939 §5"},
    {"LIST",
     "Lists the number and size of every message, or of one message when given its number. The numbers stay fixed "
     "for the whole session: 1 is the oldest message at login.",
     "Podaje numer i rozmiar każdej wiadomości albo jednej, jeśli podano jej numer. Numery nie zmieniają się do "
     "końca sesji: 1 to najstarsza wiadomość w chwili zalogowania.",
     "RFC 1939 §5"},
    {"RETR",
     "Downloads a whole message. It comes as a multi-line response: a line that starts with a dot gets one more "
     "dot, and a line with a single dot ends the message. POP3 does not mark the message as read on the server.",
     "Pobiera całą wiadomość. Przychodzi jako odpowiedź wielowierszowa: linia zaczynająca się od kropki dostaje "
     "dodatkową kropkę, a linia z samą kropką kończy wiadomość. POP3 nie oznacza wiadomości na serwerze jako "
     "przeczytanej.",
     "RFC 1939 §5"},
    {"DELE",
     "Marks a message for deletion. Nothing is removed yet: the message disappears from the server only when the "
     "session ends with QUIT. RSET or a broken connection cancels the mark.",
     "Oznacza wiadomość do usunięcia. Na razie nic nie znika: wiadomość zostanie usunięta z serwera dopiero, gdy "
     "sesja zakończy się poleceniem QUIT. RSET albo zerwane połączenie anulują to oznaczenie.",
     "RFC 1939 §5"},
    {"NOOP",
     "Does nothing; the server just answers +OK. Clients use it to check that the connection still works.",
     "Nic nie robi; serwer tylko odpowiada +OK. Klienci używają go, żeby sprawdzić, czy połączenie wciąż działa.",
     "RFC 1939 §5"},
    {"RSET",
     "Takes the deletion mark off every message marked with DELE in this session.",
     "Zdejmuje oznaczenie do usunięcia ze wszystkich wiadomości oznaczonych przez DELE w tej sesji.",
     "RFC 1939 §5"},
    {"TOP",
     "Downloads the header of a message and the first n lines of its body (TOP 1 0 gives only the header). Clients "
     "use it to preview messages without downloading them whole.",
     "Pobiera nagłówek wiadomości i pierwsze n linii jej treści (TOP 1 0 daje sam nagłówek). Klienci używają go do "
     "podglądu wiadomości bez pobierania całości.",
     "RFC 1939 §7"},
    {"UIDL",
     "Lists a unique, permanent identifier for each message. Unlike message numbers it stays the same from session "
     "to session, so a client that leaves mail on the server knows what it has already downloaded.",
     "Podaje unikalny, stały identyfikator każdej wiadomości. W odróżnieniu od numeru nie zmienia się między "
     "sesjami, dzięki czemu klient zostawiający pocztę na serwerze wie, co już pobrał.",
     "RFC 1939 §7"},
    {"SASL response",
     "The client's answer to the server's \"+\" prompt during AUTH: one line of base64. For PLAIN it holds the user "
     "name and password, so it is as secret as the password itself.",
     "Odpowiedź klienta na zachętę „+” serwera podczas AUTH: jedna linia w base64. W mechanizmie PLAIN zawiera "
     "nazwę użytkownika i hasło, więc jest tak samo tajna jak hasło.",
     "RFC 5034 §4"},
    {"*",
     "Cancels the authentication in progress; the server must answer -ERR.",
     "Przerywa trwające uwierzytelnianie; serwer musi odpowiedzieć -ERR.",
     "RFC 5034 §4"},

    // [SECTION] responses
    {"greeting",
     "The server's first words, sent as soon as the connection opens: the session is now in the AUTHORIZATION "
     "state. The part in angle brackets is the timestamp that APOP mixes with the password.",
     "Pierwsza odpowiedź serwera, wysłana zaraz po nawiązaniu połączenia: sesja jest teraz w stanie AUTHORIZATION. "
     "Fragment w nawiasach ostrych to znacznik czasu, który APOP łączy z hasłem.",
     "RFC 1939 §4"},
    {"+OK",
     "A positive answer: the command worked. The text after it is mostly for people; for STAT, LIST n and UIDL n "
     "it has a fixed format that programs read.",
     "Odpowiedź pozytywna: polecenie się udało. Tekst po niej jest głównie dla ludzi; przy STAT, LIST n i UIDL n "
     "ma ustalony format, który czytają programy.",
     "RFC 1939 §3"},
    {"-ERR",
     "A negative answer: the command failed, but the session usually goes on. The text says why; a code in square "
     "brackets tells the program why.",
     "Odpowiedź negatywna: polecenie się nie udało, ale sesja zwykle trwa dalej. Tekst wyjaśnia przyczynę, a kod w "
     "nawiasach kwadratowych podaje ją w formie zrozumiałej dla programu.",
     "RFC 1939 §3"},
    {".",
     "The end of a multi-line response (a list or a message). A data line that really starts with a dot is sent "
     "with one extra dot, so it cannot be mistaken for this end.",
     "Koniec odpowiedzi wielowierszowej (listy albo wiadomości). Linia danych, która naprawdę zaczyna się od kropki, "
     "jest wysyłana z dodatkową kropką, więc nie da się jej pomylić z tym zakończeniem.",
     "RFC 1939 §3"},
    {"data",
     "One line of a multi-line response: part of a list or of a message being downloaded.",
     "Jedna linia odpowiedzi wielowierszowej: fragment listy albo pobieranej wiadomości.",
     "RFC 1939 §3"},
    {"+",
     "A continuation: the server waits for the next step of authentication. After \"+ \" comes a base64 "
     "challenge (empty for PLAIN). The client answers with one base64 line, or \"*\" to give up.",
     "Kontynuacja: serwer czeka na kolejny krok uwierzytelniania. Po „+ ” jest wyzwanie w base64 (dla PLAIN "
     "puste). Klient odpowiada jedną linią w base64 albo „*”, żeby zrezygnować.",
     "RFC 5034 §4"},

    // [SECTION] response codes
    {"[IN-USE]",
     "The credentials were right, but the maildrop is locked: another POP3 session for the same account (maybe "
     "another device) is still open. Try again when it ends.",
     "Dane logowania były poprawne, ale skrzynka jest zablokowana: trwa inna sesja POP3 tego samego konta (może z "
     "innego urządzenia). Spróbuj ponownie, gdy się zakończy.",
     "RFC 2449 §8.1.2"},
    {"[LOGIN-DELAY]",
     "The user logged in too recently; the server asks to wait before logging in again (the LOGIN-DELAY capability "
     "says for how long).",
     "Użytkownik logował się zbyt niedawno; serwer prosi, by odczekać przed kolejnym logowaniem (możliwość "
     "LOGIN-DELAY podaje, jak długo).",
     "RFC 2449 §8.1.1"},
    {"[SYS/TEMP]",
     "A temporary problem on the server, not caused by the user; trying again later may work.",
     "Chwilowy problem po stronie serwera, niezawiniony przez użytkownika; później warto spróbować ponownie.",
     "RFC 3206 §4"},
    {"[SYS/PERM]",
     "A lasting problem on the server; trying again will not help, the administrator has to fix it.",
     "Trwały problem po stronie serwera; ponawianie nic nie da, musi go naprawić administrator.",
     "RFC 3206 §4"},
    {"[AUTH]",
     "The credentials were rejected, or this way of logging in is not allowed now (for example a password without "
     "TLS). The client should ask the user rather than just try again.",
     "Dane logowania zostały odrzucone albo ten sposób logowania jest teraz niedozwolony (na przykład hasło bez "
     "TLS). Klient powinien zapytać użytkownika, a nie po prostu ponawiać próbę.",
     "RFC 3206 §5"},
}};

// The first entries are the commands, USER to UIDL.
constexpr std::size_t kCommandCount = 15;

const core::Explanation* findIn(std::span<const core::Explanation> list, std::string_view key) {
    for (const auto& e : list)
        if (core::equalsIgnoreCase(e.key, key)) return &e;
    return nullptr;
}

const core::Explanation* find(std::string_view key) { return findIn(kEntries, key); }

// "+OK" / "-ERR" followed by the end of the line or a space.
bool isStatus(std::string_view line, std::string_view status) {
    return line.size() >= status.size() && core::equalsIgnoreCase(line.substr(0, status.size()), status) &&
           (line.size() == status.size() || line[status.size()] == ' ');
}

const core::Explanation* explainCommand(std::string_view line) {
    const std::string_view keyword = line.substr(0, line.find(' '));
    if (const auto* e = findIn(std::span(kEntries).first(kCommandCount), keyword)) return e;
    if (line == "*") return find("*");
    if (!line.empty() && (line == "=" || base64Decode(line))) return find("SASL response");
    return nullptr;
}

const core::Explanation* explainResponse(std::string_view line) {
    if (line == ".") return find(".");
    if (line == "+" || line.substr(0, 2) == "+ ") return find("+");
    const bool ok = isStatus(line, "+OK");
    if (!ok && !isStatus(line, "-ERR")) return find("data");

    std::string_view text = line.substr(ok ? 3 : 4);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close != std::string_view::npos)
            if (const auto* e = find(text.substr(0, close + 1))) return e;
    }
    if (ok) {
        // The greeting carries the APOP timestamp "<...@...>" (RFC 1939 §4, §7).
        const std::size_t open = text.find('<');
        if (open != std::string_view::npos && text.find('@', open) != std::string_view::npos &&
            text.find('>', open) != std::string_view::npos)
            return find("greeting");
    }
    return find(ok ? "+OK" : "-ERR");
}

}  // namespace

const core::Explanation* explain(std::string_view line, core::Direction dir) {
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    return dir == core::Direction::ClientToServer ? explainCommand(line) : explainResponse(line);
}

std::span<const core::Explanation> entries() { return kEntries; }

}  // namespace mailscope::pop3
