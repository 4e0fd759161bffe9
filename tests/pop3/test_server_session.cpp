// POP3 server session: every command's happy and unhappy paths (RFC 1939, 2449, 5034,
// 2595), byte-split independence, pipelining, UPDATE rules, locks, limits, STLS.
#include <doctest/doctest.h>

#include "protocols/pop3/wire.h"
#include "tests/pop3/pop3_test_support.h"

using namespace pop3test;

namespace {

std::string octets(const std::string& s) { return std::to_string(mail::Message::fromBytes(s, kNow)->size()); }

bool anyEventMentions(const Output& o, std::string_view text) { return str(o).find(text) != std::string::npos; }

}  // namespace

TEST_SUITE("pop3.server") {

TEST_CASE("greeting carries a deterministic APOP timestamp") {
    World w;
    auto a = makeSession(w, {}, 41);
    auto b = makeSession(w, {}, 41);
    auto c = makeSession(w, {}, 42);
    const Output out = a->start();
    CHECK(out.toPeer == "+OK mailscope POP3 server ready <41.1700000000@mailscope.test>\r\n");
    CHECK_FALSE(out.close);
    CHECK(a->apopTimestamp() == "<41.1700000000@mailscope.test>");
    CHECK(b->start().toPeer == out.toPeer);
    CHECK(c->apopTimestamp() != a->apopTimestamp());
    CHECK(a->state() == State::Authorization);
    CHECK(a->account() == nullptr);
}

TEST_CASE("USER and PASS") {
    World w;
    auto s = makeSession(w);
    s->start();

    SUBCASE("right password logs in, locks the maildrop and snapshots INBOX") {
        CHECK(s->receive("USER alice\r\n").toPeer == "+OK send PASS\r\n");
        const Output out = s->receive("PASS secret\r\n");
        CHECK(out.toPeer == "+OK logged in, 3 messages (" +
                                std::to_string(kDotty.size() + kNoFinalCrlf.size() + kPlain.size()) + " octets)\r\n");
        CHECK(s->state() == State::Transaction);
        REQUIRE(s->account() == w.alice);
        CHECK(w.alice->maildropLockHolder() == s->id());
        REQUIRE(s->messages().size() == 3);
        CHECK(s->messages()[0].uid == w.uids[0]);
        CHECK(s->messages()[1].message->bytes() == kNoFinalCrlf);
        const auto auth = eventsOf<Authenticated>(out);
        REQUIRE(auth.size() == 1);
        CHECK(auth[0].user == "alice");
        CHECK(auth[0].mechanism == "USER");
    }
    SUBCASE("wrong password and unknown user get the same [AUTH] answer") {
        s->receive("USER alice\r\n");
        const Output wrong = s->receive("PASS nope\r\n");
        s->receive("USER mallory\r\n");
        const Output unknown = s->receive("PASS secret\r\n");
        CHECK(wrong.toPeer == "-ERR [AUTH] authentication failed\r\n");
        CHECK(unknown.toPeer == wrong.toPeer);
        CHECK(s->state() == State::Authorization);
        CHECK(w.alice->maildropLockHolder() == 0);
        const auto failed = eventsOf<AuthFailed>(wrong);
        REQUIRE(failed.size() == 1);
        CHECK(failed[0].user == "alice");
        CHECK(failed[0].reason == AuthFailure::BadCredentials);
    }
    SUBCASE("PASS without USER, and USER is needed again after a failed PASS") {
        CHECK(s->receive("PASS secret\r\n").toPeer == "-ERR USER first\r\n");
        s->receive("USER alice\r\nPASS wrong\r\n");
        CHECK(s->receive("PASS secret\r\n").toPeer == "-ERR USER first\r\n");
        CHECK(s->state() == State::Authorization);
    }
    SUBCASE("a password may contain spaces (RFC 1939 §7)") {
        w.store.addAccount("carol", "open sesame ");
        s->receive("USER carol\r\n");
        s->receive("PASS open sesame \r\n");
        CHECK(s->state() == State::Transaction);
    }
    SUBCASE("missing and extra arguments") {
        CHECK(s->receive("USER\r\n").toPeer == "-ERR missing argument\r\n");
        CHECK(s->receive("USER a b\r\n").toPeer == "-ERR too many arguments\r\n");
        s->receive("USER alice\r\n");
        CHECK(s->receive("PASS\r\n").toPeer == "-ERR missing argument\r\n");
    }
    SUBCASE("passwords never appear in events") {
        Output all = s->receive("USER alice\r\nPASS wrong-secret\r\nUSER alice\r\nPASS secret\r\n");
        CHECK_FALSE(anyEventMentions(all, "wrong-secret"));
        CHECK_FALSE(anyEventMentions(all, "PASS secret"));
        const auto lines = eventsOf<CommandReceived>(all);
        REQUIRE(lines.size() == 4);
        CHECK(lines[0].line == "USER alice");
        CHECK(lines[1].line == "PASS ********");
        CHECK(lines[3].line == "PASS ********");
    }
    SUBCASE("unmasked events when the caller asks") {
        ServerConfig config;
        config.maskSecrets = false;
        auto open = makeSession(w, config);
        open->start();
        const Output out = open->receive("USER alice\r\nPASS secret\r\n");
        CHECK(eventsOf<CommandReceived>(out).at(1).line == "PASS secret");
    }
}

TEST_CASE("APOP") {
    World w;
    auto s = makeSession(w);
    s->start();

    SUBCASE("the digest of RFC 1939 §7's example") {
        CHECK(md5Hex("<1896.697170952@dbc.mtview.ca.us>tanstaaf") == "c4c9334bac560ecc979e58001b3e22fb");
    }
    SUBCASE("right digest, in either case") {
        std::string digest = md5Hex(s->apopTimestamp() + "secret");
        SUBCASE("lower") {}
        SUBCASE("upper") { digest = toUpperAscii(digest); }
        const Output out = s->receive("APOP alice " + digest + "\r\n");
        CHECK(out.toPeer.rfind("+OK logged in, 3 messages", 0) == 0);
        CHECK(s->state() == State::Transaction);
        CHECK(eventsOf<Authenticated>(out).at(0).mechanism == "APOP");
    }
    SUBCASE("wrong digest, digest of another timestamp, unknown user") {
        const std::string other = md5Hex("<1.1@elsewhere>secret");
        CHECK(s->receive("APOP alice " + other + "\r\n").toPeer == "-ERR [AUTH] authentication failed\r\n");
        CHECK(s->receive("APOP alice 0123\r\n").toPeer == "-ERR [AUTH] authentication failed\r\n");
        CHECK(s->receive("APOP alice\r\n").toPeer == "-ERR missing argument\r\n");
        CHECK(s->state() == State::Authorization);
        // The third failed login ends the session (core::limits::kMaxFailedLogins).
        CHECK(s->receive("APOP nobody " + md5Hex(s->apopTimestamp() + "secret") + "\r\n").toPeer ==
              "-ERR [AUTH] too many failed logins, closing connection\r\n");
        CHECK(s->state() == State::Closed);
    }
}

TEST_CASE("AUTH PLAIN (RFC 5034)") {
    World w;
    auto s = makeSession(w);
    s->start();
    const std::string good = base64Encode(std::string("\0alice\0secret", 13));

    SUBCASE("with initial response") {
        const Output out = s->receive("AUTH PLAIN " + good + "\r\n");
        CHECK(out.toPeer.rfind("+OK logged in", 0) == 0);
        CHECK(s->state() == State::Transaction);
        CHECK(eventsOf<Authenticated>(out).at(0).mechanism == "PLAIN");
        CHECK(eventsOf<CommandReceived>(out).at(0).line == "AUTH PLAIN ********");
        CHECK_FALSE(anyEventMentions(out, good));
    }
    SUBCASE("without initial response: empty challenge, then the response line") {
        CHECK(s->receive("auth plain\r\n").toPeer == "+ \r\n");
        const Output out = s->receive(good + "\r\n");
        CHECK(out.toPeer.rfind("+OK logged in", 0) == 0);
        CHECK(eventsOf<CommandReceived>(out).at(0).line == "********");
        CHECK(s->state() == State::Transaction);
    }
    SUBCASE("authzid equal to the user is accepted, another one is not") {
        SUBCASE("same") {
            s->receive("AUTH PLAIN " + base64Encode(std::string("alice\0alice\0secret", 18)) + "\r\n");
            CHECK(s->state() == State::Transaction);
        }
        SUBCASE("other") {
            const Output out = s->receive("AUTH PLAIN " + base64Encode(std::string("bob\0alice\0secret", 16)) + "\r\n");
            CHECK(out.toPeer == "-ERR [AUTH] authentication failed\r\n");
            CHECK(s->state() == State::Authorization);
        }
    }
    SUBCASE("\"*\" cancels with -ERR") {
        s->receive("AUTH PLAIN\r\n");
        const Output out = s->receive("*\r\n");
        CHECK(out.toPeer == "-ERR authentication cancelled\r\n");
        CHECK(eventsOf<AuthFailed>(out).at(0).reason == AuthFailure::Cancelled);
        CHECK(eventsOf<CommandReceived>(out).at(0).line == "*");
        // The exchange is over: the next line is a command again.
        CHECK(s->receive("NOOP\r\n").toPeer == "-ERR NOOP not valid in this state\r\n");
    }
    SUBCASE("bad base64, a response that is no PLAIN message, wrong password, \"=\"") {
        CHECK(s->receive("AUTH PLAIN not*base64\r\n").toPeer == "-ERR invalid SASL response\r\n");
        s->receive("AUTH PLAIN\r\n");
        CHECK(s->receive("@@@@\r\n").toPeer == "-ERR invalid SASL response\r\n");
        CHECK(s->receive("AUTH PLAIN " + base64Encode("alice secret") + "\r\n").toPeer ==
              "-ERR invalid SASL response\r\n");
        CHECK(s->receive("AUTH PLAIN " + base64Encode(std::string("\0alice\0nope", 11)) + "\r\n").toPeer ==
              "-ERR [AUTH] authentication failed\r\n");
        CHECK(s->receive("AUTH PLAIN =\r\n").toPeer == "-ERR invalid SASL response\r\n");
        CHECK(s->state() == State::Authorization);
    }
    SUBCASE("a SASL response longer than 8 KB is refused and never shown") {
        // ServerConfig::maxSaslLineLength: the credentials in it are as secret as in a short one.
        const std::string secret = std::string(9000, 'S');
        CHECK(s->receive("AUTH PLAIN\r\n").toPeer == "+ \r\n");
        SUBCASE("whole") {
            const Output out = s->receive(secret + "\r\n");
            CHECK(out.toPeer == "-ERR line too long\r\n");
            REQUIRE(eventsOf<CommandReceived>(out).size() == 1);
            CHECK(eventsOf<CommandReceived>(out).at(0).line == "********...");
            CHECK_FALSE(anyEventMentions(out, "SSSS"));
        }
        SUBCASE("bytewise") {
            const Output out = feedBytewise(*s, secret + "\r\n");
            CHECK(out.toPeer == "-ERR line too long\r\n");
            CHECK_FALSE(anyEventMentions(out, "SSSS"));
        }
        // The exchange is over: the next line is a command again.
        CHECK(s->state() == State::Authorization);
        const Output next = s->receive("USER alice\r\n");
        CHECK(next.toPeer == "+OK send PASS\r\n");
        CHECK(eventsOf<CommandReceived>(next).at(0).line == "USER alice");
    }
    SUBCASE("unsupported mechanism, and AUTH alone lists the mechanisms") {
        CHECK(s->receive("AUTH CRAM-MD5\r\n").toPeer == "-ERR unsupported authentication mechanism\r\n");
        CHECK(s->receive("AUTH\r\n").toPeer == "+OK\r\nPLAIN\r\n.\r\n");
    }
}

TEST_CASE("[IN-USE]: one maildrop, one session at a time (RFC 1939 §8, RFC 2449 §8.1.2)") {
    World w;
    auto first = loggedIn(w);
    auto second = makeSession(w);
    second->start();
    const Output refused = second->receive("USER alice\r\nPASS secret\r\n");
    CHECK(refused.toPeer == "+OK send PASS\r\n-ERR [IN-USE] maildrop is locked by another POP3 session\r\n");
    CHECK(second->state() == State::Authorization);
    CHECK(eventsOf<AuthFailed>(refused).at(0).reason == AuthFailure::MaildropInUse);
    CHECK(w.alice->maildropLockHolder() == first->id());

    SUBCASE("free again after QUIT") { first->receive("QUIT\r\n"); }
    SUBCASE("free again after a dropped connection") { first->disconnect(); }
    SUBCASE("free again when the session is destroyed") { first.reset(); }
    CHECK(w.alice->maildropLockHolder() == 0);
    second->receive("USER alice\r\nPASS secret\r\n");
    CHECK(second->state() == State::Transaction);
    CHECK(w.alice->maildropLockHolder() == second->id());
}

TEST_CASE("STAT, LIST and UIDL") {
    World w;
    auto s = loggedIn(w);
    const std::string s1 = octets(kDotty), s2 = octets(kNoFinalCrlf), s3 = octets(kPlain);
    const auto total = std::to_string(kDotty.size() + kNoFinalCrlf.size() + kPlain.size());

    CHECK(s->receive("STAT\r\n").toPeer == "+OK 3 " + total + "\r\n");
    CHECK(s->receive("LIST\r\n").toPeer ==
          "+OK 3 messages (" + total + " octets)\r\n1 " + s1 + "\r\n2 " + s2 + "\r\n3 " + s3 + "\r\n.\r\n");
    CHECK(s->receive("LIST 2\r\n").toPeer == "+OK 2 " + s2 + "\r\n");
    CHECK(s->receive("UIDL\r\n").toPeer == "+OK unique-id listing follows\r\n1 " + w.uidl(0) + "\r\n2 " + w.uidl(1) +
                                               "\r\n3 " + w.uidl(2) + "\r\n.\r\n");
    CHECK(s->receive("UIDL 3\r\n").toPeer == "+OK 3 " + w.uidl(2) + "\r\n");
    CHECK(s->receive("STAT 1\r\n").toPeer == "-ERR too many arguments\r\n");
    CHECK(s->receive("LIST 1 2\r\n").toPeer == "-ERR too many arguments\r\n");

    SUBCASE("an empty maildrop") {
        World empty;
        auto b = makeSession(empty);
        b->start();
        b->receive("USER bob\r\nPASS hunter2\r\n");
        REQUIRE(b->state() == State::Transaction);
        CHECK(b->receive("STAT\r\n").toPeer == "+OK 0 0\r\n");
        CHECK(b->receive("LIST\r\n").toPeer == "+OK 0 messages (0 octets)\r\n.\r\n");
        CHECK(b->receive("UIDL\r\n").toPeer == "+OK unique-id listing follows\r\n.\r\n");
        CHECK(b->receive("LIST 1\r\n").toPeer == "-ERR no such message\r\n");
    }
}

TEST_CASE("RETR sends the exact bytes, dot-stuffed, and changes no flags") {
    World w;
    auto s = loggedIn(w);

    SUBCASE("lines starting with a dot are stuffed") {
        const Output out = s->receive("RETR 1\r\n");
        CHECK(out.toPeer == "+OK " + octets(kDotty) +
                                " octets\r\n"
                                "From: Bob <bob@example.com>\r\n"
                                "To: alice@mailscope.test\r\n"
                                "Subject: Dots\r\n"
                                "\r\n"
                                "Hi Alice,\r\n"
                                "..this line starts with a dot\r\n"
                                "...and this with two\r\n"
                                "..\r\n"
                                "last line\r\n"
                                ".\r\n");
        const auto retrieved = eventsOf<MessageRetrieved>(out);
        REQUIRE(retrieved.size() == 1);
        CHECK(retrieved[0].msgno == 1);
        CHECK(retrieved[0].uid == w.uids[0]);
    }
    SUBCASE("a message without a final CRLF still gets CRLF before \".\"") {
        CHECK(s->receive("RETR 2\r\n").toPeer == "+OK " + octets(kNoFinalCrlf) + " octets\r\n" + kNoFinalCrlf +
                                                     "\r\n.\r\n");
    }
    SUBCASE("no flag changes (POP3 has no \\Seen)") {
        s->receive("RETR 1\r\nRETR 2\r\nRETR 3\r\n");
        for (const auto& item : std::as_const(*w.alice).inbox().items()) CHECK(item.flags == mail::Flags{});
    }
    SUBCASE("a message expunged over IMAP meanwhile can still be read (snapshot)") {
        REQUIRE(w.store.expunge(*w.alice, w.alice->inbox(), w.uids[2]));
        const Output out = s->receive("RETR 3\r\n");
        CHECK(out.toPeer == "+OK " + octets(kPlain) + " octets\r\n" + kPlain + ".\r\n");
    }
}

TEST_CASE("TOP") {
    World w;
    auto s = loggedIn(w);
    const std::string header = "From: Dave <dave@example.com>\r\nSubject: Three lines\r\n\r\n";

    CHECK(s->receive("TOP 3 0\r\n").toPeer == "+OK top of message follows\r\n" + header + ".\r\n");
    CHECK(s->receive("TOP 3 2\r\n").toPeer == "+OK top of message follows\r\n" + header + "line 1\r\nline 2\r\n.\r\n");
    CHECK(s->receive("TOP 3 99999999999999999999\r\n").toPeer == "+OK top of message follows\r\n" + kPlain + ".\r\n");
    CHECK(s->receive("TOP 2 5\r\n").toPeer == "+OK top of message follows\r\n" + kNoFinalCrlf + "\r\n.\r\n");
    CHECK(s->receive("TOP 1 3\r\n").toPeer ==
          "+OK top of message follows\r\nFrom: Bob <bob@example.com>\r\nTo: alice@mailscope.test\r\n"
          "Subject: Dots\r\n\r\nHi Alice,\r\n..this line starts with a dot\r\n...and this with two\r\n.\r\n");
    CHECK(s->receive("TOP 3\r\n").toPeer == "-ERR missing argument\r\n");
    CHECK(s->receive("TOP 3 -1\r\n").toPeer == "-ERR invalid number of lines\r\n");
    CHECK(s->receive("TOP 3 x\r\n").toPeer == "-ERR invalid number of lines\r\n");
    CHECK(s->receive("TOP 4 0\r\n").toPeer == "-ERR no such message\r\n");
    CHECK(eventsOf<MessageRetrieved>(s->receive("TOP 1 0\r\n")).empty());

    SUBCASE("a message that is all header gets the blank line") {
        World h;
        h.store.append(*h.bob, h.bob->inbox(), mail::Message::fromBytes("Subject: only\r\n", kNow));
        auto b = makeSession(h);
        b->start();
        b->receive("USER bob\r\nPASS hunter2\r\n");
        CHECK(b->receive("TOP 1 0\r\n").toPeer == "+OK top of message follows\r\nSubject: only\r\n\r\n.\r\n");
    }
}

TEST_CASE("DELE hides a message, RSET brings it back") {
    World w;
    auto s = loggedIn(w);
    const Output dele = s->receive("DELE 2\r\n");
    CHECK(dele.toPeer == "+OK message 2 deleted\r\n");
    const auto marked = eventsOf<MarkedDeleted>(dele);
    REQUIRE(marked.size() == 1);
    CHECK(marked[0].msgno == 2);
    CHECK(marked[0].uid == w.uids[1]);
    CHECK(s->messages()[1].deleted);

    for (const char* command : {"RETR 2", "LIST 2", "TOP 2 0", "UIDL 2", "DELE 2"})
        CHECK_MESSAGE(s->receive(std::string(command) + "\r\n").toPeer == "-ERR message 2 already deleted\r\n", command);
    const auto remaining = std::to_string(kDotty.size() + kPlain.size());
    CHECK(s->receive("STAT\r\n").toPeer == "+OK 2 " + remaining + "\r\n");
    CHECK(s->receive("LIST\r\n").toPeer == "+OK 2 messages (" + remaining + " octets)\r\n1 " + octets(kDotty) +
                                               "\r\n3 " + octets(kPlain) + "\r\n.\r\n");
    CHECK(s->receive("UIDL\r\n").toPeer ==
          "+OK unique-id listing follows\r\n1 " + w.uidl(0) + "\r\n3 " + w.uidl(2) + "\r\n.\r\n");
    CHECK(w.inboxSize() == 3);  // only marked

    const Output rset = s->receive("RSET\r\n");
    const auto total = std::to_string(kDotty.size() + kNoFinalCrlf.size() + kPlain.size());
    CHECK(rset.toPeer == "+OK maildrop has 3 messages (" + total + " octets)\r\n");
    CHECK(eventsOf<MarksReset>(rset).at(0).unmarked == 1);
    CHECK_FALSE(s->messages()[1].deleted);
    CHECK(s->receive("STAT\r\n").toPeer == "+OK 3 " + total + "\r\n");
}

TEST_CASE("message-number arguments") {
    World w;
    ServerConfig patient;
    patient.maxBadCommands = 100;
    auto s = loggedIn(w, patient);
    CHECK(s->receive("RETR 0\r\n").toPeer == "-ERR no such message\r\n");
    CHECK(s->receive("RETR 4\r\n").toPeer == "-ERR no such message\r\n");
    CHECK(s->receive("RETR 99999999999999999999999\r\n").toPeer == "-ERR no such message\r\n");
    CHECK(s->receive("RETR abc\r\n").toPeer == "-ERR invalid message number\r\n");
    CHECK(s->receive("RETR -1\r\n").toPeer == "-ERR invalid message number\r\n");
    CHECK(s->receive("DELE +1\r\n").toPeer == "-ERR invalid message number\r\n");
    CHECK(s->receive("RETR\r\n").toPeer == "-ERR missing argument\r\n");
    CHECK(s->receive("RETR 1 2\r\n").toPeer == "-ERR too many arguments\r\n");
    CHECK(s->receive("UIDL x\r\n").toPeer == "-ERR invalid message number\r\n");
    // The session goes on.
    CHECK(s->receive("NOOP\r\n").toPeer == "+OK\r\n");
    CHECK(s->state() == State::Transaction);
    const auto errors = eventsOf<ProtocolError>(s->receive("DELE 9\r\n"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].text == "no such message");
}

TEST_CASE("commands in the wrong state, unknown commands, empty lines, case") {
    World w;
    ServerConfig patient;
    patient.maxBadCommands = 100;
    auto s = makeSession(w, patient);
    s->start();
    for (const char* command : {"STAT", "LIST", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 0", "UIDL"}) {
        const std::string keyword = std::string(command).substr(0, std::string(command).find(' '));
        CHECK(s->receive(std::string(command) + "\r\n").toPeer == "-ERR " + keyword + " not valid in this state\r\n");
    }
    CHECK(s->receive("FOO\r\n").toPeer == "-ERR unknown command\r\n");
    CHECK(s->receive("\r\n").toPeer == "-ERR empty command\r\n");
    CHECK(s->receive("uSeR alice\r\npAsS secret\r\n").toPeer.find("+OK logged in") != std::string::npos);
    REQUIRE(s->state() == State::Transaction);
    for (const char* command : {"USER alice", "PASS secret", "APOP alice x", "AUTH PLAIN", "STLS"}) {
        const std::string keyword = std::string(command).substr(0, std::string(command).find(' '));
        CHECK(s->receive(std::string(command) + "\r\n").toPeer == "-ERR " + keyword + " not valid in this state\r\n");
    }
    CHECK(s->receive("stat\r\n").toPeer.rfind("+OK 3 ", 0) == 0);
    CHECK(s->receive("noop\r\n").toPeer == "+OK\r\n");
}

TEST_CASE("bare LF ends a line too") {
    World w;
    auto s = makeSession(w);
    s->start();
    const Output out = s->receive("USER alice\nPASS secret\nSTAT\n");
    CHECK(s->state() == State::Transaction);
    CHECK(out.toPeer.find("+OK 3 ") != std::string::npos);
}

TEST_CASE("pipelining: several commands in one chunk are answered in order") {
    World w;
    auto s = makeSession(w);
    s->start();
    const Output out = s->receive("USER alice\r\nPASS secret\r\nSTAT\r\nLIST 3\r\nDELE 1\r\nNOOP\r\nBOGUS\r\nUIDL 2\r\n");
    const auto total = std::to_string(kDotty.size() + kNoFinalCrlf.size() + kPlain.size());
    CHECK(out.toPeer == "+OK send PASS\r\n"
                        "+OK logged in, 3 messages (" + total + " octets)\r\n"
                        "+OK 3 " + total + "\r\n"
                        "+OK 3 " + octets(kPlain) + "\r\n"
                        "+OK message 1 deleted\r\n"
                        "+OK\r\n"
                        "-ERR unknown command\r\n"
                        "+OK 2 " + w.uidl(1) + "\r\n");
    CHECK(eventsOf<CommandReceived>(out).size() == 8);
}

TEST_CASE("one byte at a time, all at once, or split anywhere: the same output") {
    const std::string script =
        "CAPA\r\nUSER alice\r\nPASS wrong\r\nUSER alice\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL\r\nRETR 1\r\n"
        "TOP 2 1\r\nDELE 1\r\nRETR 1\r\nRSET\r\nDELE 3\r\n" + std::string(300, 'X') + "\r\nNOOP\r\n\r\nQUIT\r\nSTAT\r\n";
    World w1, w2, w3;
    auto whole = makeSession(w1, {}, 5);
    auto bytes = makeSession(w2, {}, 5);
    auto split = makeSession(w3, {}, 5);
    Output a = whole->start(), b = bytes->start(), c = split->start();
    merge(a, whole->receive(script));
    merge(b, feedBytewise(*bytes, script));
    // Chunks of 1, 2, 3, ... bytes.
    for (std::size_t pos = 0, n = 1; pos < script.size(); pos += n, ++n) merge(c, split->receive(script.substr(pos, n)));

    CHECK(str(a) == str(b));
    CHECK(str(a) == str(c));
    CHECK(a.close);
    CHECK(a.toPeer.find("-ERR line too long") != std::string::npos);
    CHECK(w1.inboxSize() == 2);
    CHECK(w2.inboxSize() == 2);
    CHECK(w3.inboxSize() == 2);
}

TEST_CASE("UPDATE state: only QUIT deletes") {
    World w;
    std::vector<mail::Change> changes;
    w.store.subscribe([&](const mail::Change& c) { changes.push_back(c); });
    auto s = loggedIn(w);
    s->receive("DELE 1\r\nDELE 3\r\n");

    SUBCASE("DELE then a dropped connection deletes nothing") {
        const Output out = s->disconnect();
        CHECK(out.close);
        CHECK(out.toPeer.empty());
        CHECK(eventsOf<SessionClosed>(out).at(0).reason == CloseReason::Dropped);
        CHECK(eventsOf<UpdateApplied>(out).empty());
        CHECK(w.inboxSize() == 3);
        CHECK(changes.empty());
        CHECK(w.alice->maildropLockHolder() == 0);
        CHECK(s->state() == State::Closed);
    }
    SUBCASE("DELE, RSET, QUIT deletes nothing") {
        s->receive("RSET\r\n");
        const Output out = s->receive("QUIT\r\n");
        CHECK(out.toPeer == "+OK mailscope POP3 server signing off (3 messages left)\r\n");
        CHECK(eventsOf<UpdateApplied>(out).at(0).expunged.empty());
        CHECK(w.inboxSize() == 3);
        CHECK(changes.empty());
    }
    SUBCASE("DELE, QUIT expunges, and observers see MessageExpunged") {
        const Output out = s->receive("QUIT\r\n");
        CHECK(out.toPeer == "+OK mailscope POP3 server signing off (1 message left)\r\n");
        CHECK(out.close);
        CHECK(s->state() == State::Closed);
        CHECK(eventsOf<UpdateApplied>(out).at(0).expunged == std::vector<std::uint32_t>{w.uids[0], w.uids[2]});
        CHECK(eventsOf<SessionClosed>(out).at(0).reason == CloseReason::Quit);
        REQUIRE(w.inboxSize() == 1);
        CHECK(std::as_const(*w.alice).inbox().items()[0].uid == w.uids[1]);
        REQUIRE(changes.size() == 2);
        for (std::size_t i = 0; i < 2; ++i) {
            CHECK(changes[i].kind == mail::ChangeKind::MessageExpunged);
            CHECK(changes[i].origin == s->id());
            CHECK(changes[i].account == w.alice);
            CHECK(changes[i].mailbox == "INBOX");
        }
        CHECK(changes[0].uid == w.uids[0]);
        CHECK(changes[1].uid == w.uids[2]);
        CHECK(w.alice->maildropLockHolder() == 0);
    }
    SUBCASE("a message expunged over IMAP meanwhile is skipped") {
        REQUIRE(w.store.expunge(*w.alice, w.alice->inbox(), w.uids[0]));
        changes.clear();
        const Output out = s->receive("QUIT\r\n");
        CHECK(eventsOf<UpdateApplied>(out).at(0).expunged == std::vector<std::uint32_t>{w.uids[2]});
        CHECK(w.inboxSize() == 1);
        CHECK(changes.size() == 1);
    }
    SUBCASE("autologout deletes nothing") {
        s->tick(kNow + 1);  // the DELEs above count as activity at kNow + 1
        CHECK(s->tick(kNow + 600).toPeer.empty());
        const Output out = s->tick(kNow + 601);
        CHECK(out.close);
        CHECK(w.inboxSize() == 3);
        CHECK(changes.empty());
    }
}

TEST_CASE("QUIT before login just closes") {
    World w;
    auto s = makeSession(w);
    s->start();
    const Output out = s->receive("QUIT\r\nUSER alice\r\n");
    CHECK(out.toPeer == "+OK mailscope POP3 server signing off\r\n");
    CHECK(out.close);
    CHECK(eventsOf<SessionClosed>(out).at(0).reason == CloseReason::Quit);
    CHECK(s->state() == State::Closed);
    // Nothing more is read.
    const Output after = s->receive("USER alice\r\n");
    CHECK(after.toPeer.empty());
    CHECK(after.events.empty());
    CHECK(s->disconnect().events.empty());
}

TEST_CASE("line too long (RFC 2449 §4: 255 octets with CRLF)") {
    World w;
    auto s = loggedIn(w);
    // "NOOP" and spaces: a valid command as long as it fits.
    const std::string fits = "NOOP" + std::string(249, ' ');  // 253 + CRLF = 255
    const std::string over = "NOOP" + std::string(250, ' ');  // 254 + CRLF = 256

    CHECK(s->receive(fits + "\r\n").toPeer == "+OK\r\n");
    SUBCASE("whole") {
        const Output out = s->receive(over + "\r\nNOOP\r\n");
        CHECK(out.toPeer == "-ERR line too long\r\n+OK\r\n");
    }
    SUBCASE("bytewise") { CHECK(feedBytewise(*s, over + "\r\nNOOP\r\n").toPeer == "-ERR line too long\r\n+OK\r\n"); }
    SUBCASE("a very long line is discarded to its end, the session goes on") {
        Output out = s->receive("RETR 1" + std::string(5000, '1'));
        CHECK(out.toPeer == "-ERR line too long\r\n");
        out = s->receive(std::string(5000, '2') + "\r\nSTAT\r\n");
        CHECK(out.toPeer.rfind("+OK 3 ", 0) == 0);
        CHECK(s->state() == State::Transaction);
    }
    SUBCASE("a too-long PASS line does not leak the password") {
        auto fresh = makeSession(w);
        fresh->start();
        const Output out = fresh->receive("USER bob\r\nPASS " + std::string(400, 'p') + "\r\n");
        CHECK(out.toPeer == "+OK send PASS\r\n-ERR line too long\r\n");
        CHECK_FALSE(anyEventMentions(out, "ppp"));
    }
}

TEST_CASE("too many errors close the session") {
    World w;
    ServerConfig config;
    config.maxBadCommands = 3;
    auto s = makeSession(w, config);
    s->start();
    CHECK(s->receive("FOO\r\n").toPeer == "-ERR unknown command\r\n");
    CHECK(s->receive("USER alice\r\nPASS wrong\r\n").toPeer == "+OK send PASS\r\n-ERR [AUTH] authentication failed\r\n");
    CHECK(s->badCommands() == 2);
    const Output out = s->receive("STAT\r\nNOOP\r\n");
    CHECK(out.toPeer == "-ERR too many errors, closing connection\r\n");
    CHECK(out.close);
    CHECK(eventsOf<SessionClosed>(out).at(0).reason == CloseReason::TooManyErrors);
    CHECK(eventsOf<ProtocolError>(out).at(0).text == "STAT not valid in this state");
    CHECK(s->state() == State::Closed);
    CHECK(s->receive("QUIT\r\n").toPeer.empty());

    SUBCASE("the default allows ten") {
        auto d = makeSession(w);
        d->start();
        for (int i = 0; i < 9; ++i) CHECK_FALSE(d->receive("FOO\r\n").close);
        CHECK(d->receive("FOO\r\n").close);
    }
}

TEST_CASE("autologout after autologoutSeconds idle") {
    World w;
    auto s = makeSession(w);
    s->start();
    CHECK(s->tick(kNow + 599).toPeer.empty());
    SUBCASE("idle") {
        const Output out = s->tick(kNow + 600);
        CHECK(out.toPeer == "-ERR autologout: idle for too long, closing connection\r\n");
        CHECK(out.close);
        CHECK(eventsOf<SessionClosed>(out).at(0).reason == CloseReason::Autologout);
        CHECK(s->state() == State::Closed);
    }
    SUBCASE("input counts from the next tick, never earlier") {
        s->receive("N");
        CHECK_FALSE(s->tick(kNow + 700).close);   // activity noted at +700
        CHECK_FALSE(s->tick(kNow + 1299).close);
        CHECK(s->tick(kNow + 1300).close);
    }
    SUBCASE("a logged-in session releases the lock") {
        auto t = loggedIn(w);
        CHECK(w.alice->maildropLockHolder() == t->id());
        t->tick(kNow + 1);  // notes the login as activity
        CHECK(t->tick(kNow + 10'000).close);
        CHECK(w.alice->maildropLockHolder() == 0);
    }
}

TEST_CASE("CAPA (RFC 2449)") {
    World w;
    const std::string common = "TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nLOGIN-DELAY 0\r\n";

    SUBCASE("before and after login") {
        auto s = makeSession(w);
        s->start();
        CHECK(s->receive("CAPA\r\n").toPeer ==
              "+OK Capability list follows\r\n" + common + "USER\r\nSASL PLAIN\r\nIMPLEMENTATION mailscope\r\n.\r\n");
        s->receive("USER alice\r\nPASS secret\r\n");
        CHECK(s->receive("capa\r\n").toPeer ==
              "+OK Capability list follows\r\n" + common + "IMPLEMENTATION mailscope\r\n.\r\n");
        CHECK(s->receive("CAPA x\r\n").toPeer == "-ERR too many arguments\r\n");
    }
    SUBCASE("STLS only while TLS is available and not yet active") {
        ServerConfig config;
        config.tlsAvailable = true;
        auto s = makeSession(w, config);
        s->start();
        CHECK(s->receive("CAPA\r\n").toPeer.find("\r\nSTLS\r\n") != std::string::npos);
        s->receive("STLS\r\n");
        s->tlsEstablished();
        CHECK(s->receive("CAPA\r\n").toPeer.find("STLS") == std::string::npos);
    }
}

TEST_CASE("STLS (RFC 2595)") {
    World w;
    ServerConfig config;
    config.tlsAvailable = true;
    auto s = makeSession(w, config);
    s->start();

    SUBCASE("commands pipelined after STLS are discarded (CVE-2011-0411)") {
        const Output out = s->receive("STLS\r\nUSER alice\r\nPASS secret\r\n");
        CHECK(out.toPeer == "+OK Begin TLS negotiation\r\n");
        CHECK(eventsOf<TlsRequested>(out).size() == 1);
        CHECK(eventsOf<CommandReceived>(out).size() == 1);
        CHECK(s->awaitingTls());
        // Anything before the handshake ends is dropped too.
        CHECK(s->receive("STAT\r\n").toPeer.empty());
        s->tlsEstablished();
        CHECK(s->tlsActive());
        CHECK_FALSE(s->awaitingTls());
        CHECK(s->state() == State::Authorization);
        // The injected USER did not survive: PASS alone is refused.
        CHECK(s->receive("PASS secret\r\n").toPeer == "-ERR USER first\r\n");
        s->receive("USER alice\r\nPASS secret\r\n");
        CHECK(s->state() == State::Transaction);
    }
    SUBCASE("the same, one byte at a time") {
        const Output out = feedBytewise(*s, "STLS\r\nUSER alice\r\nPASS secret\r\n");
        CHECK(out.toPeer == "+OK Begin TLS negotiation\r\n");
        s->tlsEstablished();
        CHECK(s->receive("PASS secret\r\n").toPeer == "-ERR USER first\r\n");
    }
    SUBCASE("a USER given before STLS is forgotten") {
        s->receive("USER alice\r\nSTLS\r\n");
        s->tlsEstablished();
        CHECK(s->receive("PASS secret\r\n").toPeer == "-ERR USER first\r\n");
    }
    SUBCASE("not twice, and not when TLS is not available") {
        s->receive("STLS\r\n");
        s->tlsEstablished();
        CHECK(s->receive("STLS\r\n").toPeer == "-ERR TLS is already active\r\n");
        auto plain = makeSession(w);
        plain->start();
        CHECK(plain->receive("STLS\r\n").toPeer == "-ERR TLS is not available\r\n");
        CHECK_FALSE(plain->awaitingTls());
    }
}

TEST_CASE("plaintext authentication refused until TLS is active") {
    World w;
    ServerConfig config;
    config.tlsAvailable = true;
    config.plaintextAuthAllowed = false;
    auto s = makeSession(w, config);
    s->start();
    const std::string refusal =
        "-ERR [AUTH] plaintext authentication disallowed on a non-secure connection, use STLS first\r\n";
    CHECK(s->receive("USER alice\r\n").toPeer == refusal);
    CHECK(s->receive("PASS secret\r\n").toPeer == refusal);
    CHECK(s->receive("AUTH PLAIN " + base64Encode(std::string("\0alice\0secret", 13)) + "\r\n").toPeer == refusal);
    CHECK(eventsOf<AuthFailed>(s->receive("USER alice\r\n")).at(0).reason == AuthFailure::PlaintextDisallowed);
    const std::string capa = s->receive("CAPA\r\n").toPeer;
    CHECK(capa.find("USER") == std::string::npos);
    CHECK(capa.find("SASL") == std::string::npos);
    CHECK(s->receive("AUTH\r\n").toPeer == "+OK\r\n.\r\n");
    CHECK(s->state() == State::Authorization);

    SUBCASE("APOP sends no password, so it is allowed") {
        s->receive("APOP alice " + md5Hex(s->apopTimestamp() + "secret") + "\r\n");
        CHECK(s->state() == State::Transaction);
    }
    SUBCASE("after STLS, USER/PASS work") {
        s->receive("STLS\r\n");
        s->tlsEstablished();
        CHECK(s->receive("CAPA\r\n").toPeer.find("USER\r\nSASL PLAIN\r\n") != std::string::npos);
        s->receive("USER alice\r\nPASS secret\r\n");
        CHECK(s->state() == State::Transaction);
    }
}

TEST_CASE("random input never breaks the session's invariants") {
    const std::vector<std::string> vocabulary{
        "USER alice", "PASS secret", "APOP alice 0", "AUTH PLAIN", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "*",
        "AGFsaWNlAHNlY3JldA==", "CAPA", "STLS", "STAT", "LIST", "LIST 2", "RETR 1", "RETR 2", "TOP 1 0", "TOP 3 1",
        "DELE 1", "DELE 3", "RSET", "NOOP", "UIDL", "UIDL 9", "QUIT", "", " ", "RETR 4294967296", "TOP 1 -0"};
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        CAPTURE(seed);
        World w;
        ServerConfig config;
        config.tlsAvailable = seed % 2 == 0;
        config.maxBadCommands = seed % 3 == 0 ? 10 : 0;
        auto s = makeSession(w, config);
        Lcg rng{seed};
        Output all = s->start();
        const std::string input = rng.noise(vocabulary, 200);
        core::Time now = kNow;
        for (std::size_t pos = 0; pos < input.size();) {
            const std::size_t n = 1 + rng.next(64);
            merge(all, s->receive(std::string_view(input).substr(pos, n)));
            pos += n;
            if (rng.next(8) == 0) merge(all, s->tick(now += rng.next(300)));
            if (s->awaitingTls() && rng.next(2) == 0) s->tlsEstablished();
        }
        // Every answer is whole lines; a closed session holds no lock; nothing but QUIT deletes.
        CHECK((all.toPeer.empty() || all.toPeer.substr(all.toPeer.size() - 2) == "\r\n"));
        const bool quitInUpdate = !eventsOf<UpdateApplied>(all).empty();
        if (!quitInUpdate) CHECK(w.inboxSize() == 3);
        if (s->state() == State::Closed) {
            CHECK(all.close);
            CHECK(w.alice->maildropLockHolder() == 0);
            CHECK(eventsOf<SessionClosed>(all).size() == 1);
        }
        merge(all, s->disconnect());
        CHECK(w.alice->maildropLockHolder() == 0);
    }
}

TEST_CASE("maskedCommandLine") {
    CHECK(maskedCommandLine("PASS hunter2") == "PASS ********");
    CHECK(maskedCommandLine("pass a b c") == "PASS ********");
    CHECK(maskedCommandLine("AUTH PLAIN AGFsaWNlAHNlY3JldA==") == "AUTH PLAIN ********");
    CHECK(maskedCommandLine("AUTH PLAIN") == "AUTH PLAIN");
    CHECK(maskedCommandLine("USER alice") == "USER alice");
    CHECK(maskedCommandLine("AGFsaWNlAHNlY3JldA==", true) == "********");
    CHECK(maskedCommandLine("*", true) == "*");
}

TEST_CASE("events print readably") {
    World w;
    auto s = makeSession(w);
    s->start();
    const Output out = s->receive("USER alice\r\nPASS secret\r\nDELE 1\r\nQUIT\r\n");
    const std::string text = str(out);
    CHECK(text.find("CommandReceived{\"PASS ********\"}") != std::string::npos);
    CHECK(text.find("Authenticated{alice via USER}") != std::string::npos);
    CHECK(text.find("MarkedDeleted{msg 1, uid " + std::to_string(w.uids[0]) + "}") != std::string::npos);
    CHECK(text.find("SessionClosed{quit}") != std::string::npos);
    CHECK(text.find("close: yes") != std::string::npos);
}

}  // TEST_SUITE
