// POP3 catalogue: every command, response and response code is explained in English
// and Polish with its RFC section; every line a real session produces finds an entry.
#include <doctest/doctest.h>

#include <set>

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

}  // namespace

TEST_SUITE("pop3.catalogue") {

TEST_CASE("every entry has English, Polish and an RFC section") {
    std::set<std::string> keys;
    for (const auto& e : entries()) {
        CAPTURE(e.key);
        CHECK(keys.insert(std::string(e.key)).second);
        CHECK(e.en.size() > 20);
        CHECK(e.pl.size() > 20);
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
