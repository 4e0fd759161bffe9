// POP3 catalogue: every command, response and response code is explained in English
// and Polish with its RFC section; every line a real session produces finds an entry.
#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <set>
#include <string_view>

#include "protocols/pop3/catalogue.h"
#include "tests/pop3/pop3_test_support.h"

using namespace pop3test;
using core::Direction;

namespace {

std::string keyOf(std::string_view line, Direction dir) {
    const core::Explanation* e = explain(line, dir);
    return e == nullptr ? std::string("(none)") : std::string(e->key);
}

bool hasPolishLetter(std::string_view text) {
    for (std::string_view letter : {"ą", "ć", "ę", "ł", "ń", "ó", "ś", "ź", "ż", "Ł", "Ś", "Ż"})
        if (text.find(letter) != std::string_view::npos) return true;
    return false;
}

std::vector<std::string> lines(std::string_view bytes) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const std::size_t end = bytes.find("\r\n", pos);
        out.emplace_back(bytes.substr(pos, end - pos));
        pos = end + 2;
    }
    return out;
}

/// What each entry must say: its RFC section, and how its English and Polish explanations
/// begin, so an entry explaining the wrong key (or two swapped entries) fails.
struct Expected {
    std::string_view key;
    std::string_view rfc;
    std::string_view en;
    std::string_view pl;
};
constexpr Expected kExpected[] = {
    {"USER", "RFC 1939 §7", "Names the mailbox (the user)", "Podaje nazwę skrzynki (użytkownika)"},
    {"PASS", "RFC 1939 §7", "Sends the password for the", "Wysyła hasło użytkownika podanego"},
    {"APOP", "RFC 1939 §7", "Logs in without sending the", "Logowanie bez wysyłania hasła"},
    {"AUTH", "RFC 5034 §4", "Starts SASL authentication with the", "Rozpoczyna uwierzytelnianie SASL wskazanym"},
    {"STLS", "RFC 2595 §4", "Asks to switch the connection", "Prosi o przełączenie połączenia"},
    {"CAPA", "RFC 2449 §5", "Asks which extensions the server", "Pyta, jakie rozszerzenia obsługuje"},
    {"QUIT", "RFC 1939 §6", "Ends the session. After login", "Kończy sesję. Po zalogowaniu"},
    {"STAT", "RFC 1939 §5", "Asks how many messages are", "Pyta, ile wiadomości jest"},
    {"LIST", "RFC 1939 §5", "Lists the number and size", "Podaje numer i rozmiar"},
    {"RETR", "RFC 1939 §5", "Downloads a whole message. It", "Pobiera całą wiadomość. Przychodzi"},
    {"DELE", "RFC 1939 §5", "Marks a message for deletion", "Oznacza wiadomość do usunięcia"},
    {"NOOP", "RFC 1939 §5", "Does nothing; the server just", "Nic nie robi; serwer"},
    {"RSET", "RFC 1939 §5", "Takes the deletion mark off", "Zdejmuje oznaczenie do usunięcia"},
    {"TOP", "RFC 1939 §7", "Downloads the header of a", "Pobiera nagłówek wiadomości i"},
    {"UIDL", "RFC 1939 §7", "Lists a unique, permanent identifier", "Podaje unikalny, stały identyfikator"},
    {"SASL response", "RFC 5034 §4", "The client's answer to the", "Odpowiedź klienta na zachętę"},
    {"*", "RFC 5034 §4", "Cancels the authentication in progress", "Przerywa trwające uwierzytelnianie; serwer"},
    {"greeting", "RFC 1939 §4", "The server's first words, sent", "Pierwsza odpowiedź serwera, wysłana"},
    {"+OK", "RFC 1939 §3", "A positive answer: the command", "Odpowiedź pozytywna: polecenie się"},
    {"-ERR", "RFC 1939 §3", "A negative answer: the command", "Odpowiedź negatywna: polecenie się"},
    {".", "RFC 1939 §3", "The end of a multi-line", "Koniec odpowiedzi wielowierszowej (listy"},
    {"data", "RFC 1939 §3", "One line of a multi-line", "Jedna linia odpowiedzi wielowierszowej"},
    {"+", "RFC 5034 §4", "A continuation: the server waits", "Kontynuacja: serwer czeka na"},
    {"[IN-USE]", "RFC 2449 §8.1.2", "The credentials were right, but", "Dane logowania były poprawne"},
    {"[LOGIN-DELAY]", "RFC 2449 §8.1.1", "The user logged in too", "Użytkownik logował się zbyt"},
    {"[SYS/TEMP]", "RFC 3206 §4", "A temporary problem on the", "Chwilowy problem po stronie"},
    {"[SYS/PERM]", "RFC 3206 §4", "A lasting problem on the", "Trwały problem po stronie"},
    {"[AUTH]", "RFC 3206 §5", "The credentials were rejected, or", "Dane logowania zostały odrzucone"},
};

}  // namespace

TEST_SUITE("pop3.catalogue") {

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
    for (const auto& e : entries()) {
        CAPTURE(e.key);
        CHECK(keys.insert(std::string(e.key)).second);
        // Whole sentences: another entry's explanation or a stub would not end so.
        CHECK(e.en.ends_with('.'));
        CHECK(e.pl.ends_with('.'));
        CHECK(e.pl != e.en);
        CHECK(hasPolishLetter(e.pl));
        CHECK(e.rfc.rfind("RFC ", 0) == 0);
        CHECK(e.rfc.find("§") != std::string_view::npos);
        CHECK(e.text(core::Language::Polish) == e.pl);
        CHECK(e.text(core::Language::English) == e.en);
    }
    for (const char* key : {"USER", "PASS", "APOP", "AUTH", "STLS", "CAPA", "QUIT", "STAT", "LIST", "RETR", "DELE",
                            "NOOP", "RSET", "TOP", "UIDL", "+OK", "-ERR", ".", "+", "*", "greeting", "[IN-USE]",
                            "[AUTH]", "[LOGIN-DELAY]", "[SYS/TEMP]", "[SYS/PERM]"})
        CHECK_MESSAGE(keys.count(key) == 1, key);
}

TEST_CASE("client lines") {
    CHECK(keyOf("RETR 1", Direction::ClientToServer) == "RETR");
    CHECK(keyOf("retr 1", Direction::ClientToServer) == "RETR");
    CHECK(keyOf("TOP 1 0\r\n", Direction::ClientToServer) == "TOP");
    CHECK(keyOf("PASS ********", Direction::ClientToServer) == "PASS");
    CHECK(keyOf("CAPA", Direction::ClientToServer) == "CAPA");
    CHECK(keyOf("*", Direction::ClientToServer) == "*");
    CHECK(keyOf("AGFsaWNlAHNlY3JldA==", Direction::ClientToServer) == "SASL response");
    CHECK(keyOf("FOO bar", Direction::ClientToServer) == "(none)");
    CHECK(keyOf("", Direction::ClientToServer) == "(none)");
    // Response words are not commands.
    CHECK(keyOf("DATA", Direction::ClientToServer) != "data");
    CHECK(keyOf("greeting please", Direction::ClientToServer) == "(none)");
}

TEST_CASE("server lines") {
    CHECK(keyOf("+OK mailscope POP3 server ready <1.1700000000@mailscope.test>", Direction::ServerToClient) ==
          "greeting");
    CHECK(keyOf("+OK 2 320", Direction::ServerToClient) == "+OK");
    CHECK(keyOf("+OK", Direction::ServerToClient) == "+OK");
    CHECK(keyOf("-ERR no such message", Direction::ServerToClient) == "-ERR");
    CHECK(keyOf("-ERR [IN-USE] maildrop is locked", Direction::ServerToClient) == "[IN-USE]");
    CHECK(keyOf("-ERR [AUTH] authentication failed", Direction::ServerToClient) == "[AUTH]");
    CHECK(keyOf("-ERR [SYS/TEMP] later", Direction::ServerToClient) == "[SYS/TEMP]");
    CHECK(keyOf("-ERR [SYS/PERM] never", Direction::ServerToClient) == "[SYS/PERM]");
    CHECK(keyOf("-ERR [LOGIN-DELAY] wait", Direction::ServerToClient) == "[LOGIN-DELAY]");
    CHECK(keyOf("-ERR [X-UNKNOWN] hm", Direction::ServerToClient) == "-ERR");
    CHECK(keyOf(".", Direction::ServerToClient) == ".");
    CHECK(keyOf(".\r\n", Direction::ServerToClient) == ".");
    CHECK(keyOf("..stuffed", Direction::ServerToClient) == "data");
    CHECK(keyOf("+ ", Direction::ServerToClient) == "+");
    CHECK(keyOf("+", Direction::ServerToClient) == "+");
    CHECK(keyOf("1 120", Direction::ServerToClient) == "data");
}

TEST_CASE("RFC sections") {
    auto rfc = [](std::string_view line, Direction dir) { return std::string(explain(line, dir)->rfc); };
    CHECK(rfc("STAT", Direction::ClientToServer) == "RFC 1939 §5");
    CHECK(rfc("QUIT", Direction::ClientToServer) == "RFC 1939 §6");
    CHECK(rfc("UIDL", Direction::ClientToServer) == "RFC 1939 §7");
    CHECK(rfc("CAPA", Direction::ClientToServer) == "RFC 2449 §5");
    CHECK(rfc("AUTH PLAIN", Direction::ClientToServer) == "RFC 5034 §4");
    CHECK(rfc("STLS", Direction::ClientToServer) == "RFC 2595 §4");
    CHECK(rfc("-ERR [IN-USE] x", Direction::ServerToClient) == "RFC 2449 §8.1.2");
    CHECK(rfc("-ERR [AUTH] x", Direction::ServerToClient) == "RFC 3206 §5");
    CHECK(rfc(".", Direction::ServerToClient) == "RFC 1939 §3");
}

TEST_CASE("every line of a real session is explained") {
    World w;
    ServerConfig config;
    config.tlsAvailable = true;
    auto s = makeSession(w, config);
    const std::string clientBytes =
        "CAPA\r\nAUTH\r\nAUTH PLAIN\r\n*\r\nUSER alice\r\nPASS wrong\r\nAPOP alice " +
        md5Hex(s->apopTimestamp() + "secret") +
        "\r\nSTAT\r\nLIST\r\nLIST 1\r\nUIDL\r\nUIDL 1\r\nTOP 1 1\r\nRETR 1\r\nDELE 1\r\nRETR 1\r\nNOOP\r\nRSET\r\nQUIT\r\n";
    std::string serverBytes = s->start().toPeer;
    serverBytes += s->receive(clientBytes).toPeer;
    REQUIRE(s->state() == State::Closed);

    for (const auto& line : lines(clientBytes)) {
        CAPTURE(line);
        CHECK(explain(line, Direction::ClientToServer) != nullptr);
    }
    for (const auto& line : lines(serverBytes)) {
        CAPTURE(line);
        CHECK(explain(line, Direction::ServerToClient) != nullptr);
    }
    CHECK(keyOf(lines(serverBytes).front(), Direction::ServerToClient) == "greeting");
}

}  // TEST_SUITE
