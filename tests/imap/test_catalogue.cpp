// IMAP catalogue: every command, response and response code is explained in English and
// Polish with its RFC section; sample lines of every form find the right entry.
#include <doctest/doctest.h>

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
    "ENABLE"};

constexpr std::string_view kCodes[] = {
    "ALERT",         "BADCHARSET", "CAPABILITY",           "PARSE",
    "PERMANENTFLAGS", "READ-ONLY", "READ-WRITE",           "TRYCREATE",
    "UIDNEXT",       "UIDVALIDITY", "UNSEEN",              "APPENDUID",
    "COPYUID",       "UIDNOTSTICKY", "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED",
    "PRIVACYREQUIRED", "NONEXISTENT", "ALREADYEXISTS",     "CANNOT",
    "INUSE",         "EXPUNGEISSUED", "TOOBIG",            "CLIENTBUG",
    "SERVERBUG",     "LIMIT",      "OVERQUOTA",            "UNAVAILABLE",
    "CONTACTADMIN",  "NOPERM",     "CORRUPTION",           "EXPIRED",
    "HIGHESTMODSEQ", "MODIFIED",   "NOMODSEQ",             "CLOSED"};

}  // namespace

TEST_SUITE("imap.catalogue") {

TEST_CASE("every entry has English, Polish and an RFC section") {
    std::set<std::string> keys;
    bool anyPolishLetter = false;
    for (const auto& e : entries()) {
        CAPTURE(e.key);
        CHECK(keys.insert(std::string(e.key)).second);
        CHECK(e.en.size() > 20);
        CHECK(e.pl.size() > 20);
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
        CHECK(server("* 4 FETCH (UID 8 FLAGS (\\Seen) MODSEQ (12))") == "* n FETCH FLAGS");
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
