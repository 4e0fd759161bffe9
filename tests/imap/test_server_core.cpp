// IMAP server session core: greeting, capabilities, LOGIN, AUTHENTICATE, STARTTLS, state
// checks, pipelining, byte-at-a-time input, errors and autologout (RFC 3501 6.1, 6.2).
#include <doctest/doctest.h>

#include "protocols/core/sasl.h"
#include "server_test_support.h"

using namespace mailscope;
using namespace mailscope::imap;
using namespace mailscope::imap::testing;

TEST_SUITE("imap.server.any") {
    TEST_CASE("the greeting carries the capabilities") {
        World w;
        Client c(w);
        CHECK(c.greeting.starts_with("* OK [CAPABILITY IMAP4rev1 "));
        CHECK(c.greeting.find("AUTH=PLAIN") != std::string::npos);
        CHECK(c.greeting.find("STARTTLS") == std::string::npos);  // no TLS configured
        CHECK(c.greeting.ends_with("\r\n"));
    }

    TEST_CASE("a line too long is refused untagged, without echoing it, and the session goes on") {
        World w;
        Client c(w);
        // 81,920 bytes and no space: nothing in it is a tag.
        CHECK(c.raw(std::string(81920, 'a') + "\r\n") == "* BAD Line too long\r\n");
        // With a real tag first, the tag is echoed (and only the tag).
        const std::string tagged = c.raw("t1 NOOP " + std::string(81920, 'b') + "\r\n");
        CHECK(tagged == "t1 BAD Line too long\r\n");
        CHECK(c.send("t2 NOOP") == "t2 OK NOOP completed\r\n");
    }

    TEST_CASE("CAPABILITY, NOOP and LOGOUT work in any state") {
        World w;
        Client c(w);
        const std::string caps = c.send("a CAPABILITY");
        REQUIRE(lines(caps).size() == 2);
        CHECK(lines(caps)[0].starts_with("* CAPABILITY IMAP4rev1"));
        for (const char* cap : {"IDLE", "UIDPLUS", "MOVE", "UNSELECT", "NAMESPACE", "ID", "ENABLE", "LITERAL+", "CHILDREN",
                                "SPECIAL-USE", "SASL-IR"})
            CHECK_MESSAGE(caps.find(std::string(" ") + cap) != std::string::npos, cap);
        CHECK(lines(caps)[1] == "a OK CAPABILITY completed");
        CHECK(c.send("b NOOP") == "b OK NOOP completed\r\n");
        const std::string bye = c.send("c LOGOUT");
        CHECK(lines(bye)[0].starts_with("* BYE"));
        CHECK(lines(bye)[1] == "c OK LOGOUT completed");
        CHECK(c.last.close);
        CHECK(c.session.state() == State::Logout);
        CHECK(c.send("d NOOP").empty());  // nothing is read after LOGOUT
    }

    TEST_CASE("ID answers with the server's identification") {
        World w;
        Client c(w);
        const std::string r = c.send("i ID (\"name\" \"test\")");
        CHECK(r.starts_with("* ID (\"name\" \"mailscope\""));
        CHECK(hasLine(r, "i OK ID completed"));
    }
}

TEST_SUITE("imap.server.login") {
    TEST_CASE("LOGIN with the right and wrong password") {
        World w;
        Client c(w);
        CHECK(c.send("a LOGIN alice wrong") == "a NO [AUTHENTICATIONFAILED] Authentication failed\r\n");
        CHECK(c.session.state() == State::NotAuthenticated);
        CHECK(c.send("b LOGIN nobody secret").starts_with("b NO [AUTHENTICATIONFAILED]"));
        const std::string ok = c.send("c LOGIN \"alice\" {6+}\r\nsecret");
        CHECK(ok.starts_with("c OK [CAPABILITY IMAP4rev1"));
        CHECK(ok.find("AUTH=PLAIN") == std::string::npos);  // not offered after login
        CHECK(c.session.state() == State::Authenticated);
        CHECK(c.send("d LOGIN alice secret").starts_with("d BAD Already logged in"));
    }

    TEST_CASE("a synchronizing literal gets a continuation first") {
        World w;
        Client c(w);
        CHECK(c.send("a LOGIN alice {6}") == "+ Ready for literal data\r\n");
        CHECK(c.raw("secret\r\n").starts_with("a OK"));
    }

    TEST_CASE("AUTHENTICATE PLAIN with and without an initial response") {
        World w;
        const std::string creds = core::encodeSaslPlain("alice", "secret");
        SUBCASE("SASL-IR") {
            Client c(w);
            CHECK(c.send("a AUTHENTICATE PLAIN " + creds).starts_with("a OK [CAPABILITY"));
            CHECK(c.session.state() == State::Authenticated);
        }
        SUBCASE("continuation") {
            Client c(w);
            CHECK(c.send("a AUTHENTICATE PLAIN") == "+ \r\n");
            CHECK(c.send(creds).starts_with("a OK"));
        }
        SUBCASE("cancelled with *") {
            Client c(w);
            c.send("a AUTHENTICATE PLAIN");
            CHECK(c.send("*") == "a BAD AUTHENTICATE cancelled\r\n");
            CHECK(c.session.state() == State::NotAuthenticated);
            CHECK(c.send("b NOOP") == "b OK NOOP completed\r\n");
        }
        SUBCASE("bad base64 and wrong password") {
            Client c(w);
            CHECK(c.send("a AUTHENTICATE PLAIN !!!!").starts_with("a BAD"));
            CHECK(c.send("b AUTHENTICATE PLAIN " + core::encodeSaslPlain("alice", "nope")).starts_with("b NO [AUTHENTICATIONFAILED]"));
            CHECK(c.send("c AUTHENTICATE PLAIN " + core::encodeSaslPlain("alice", "secret", "bob")).starts_with("c NO [AUTHORIZATIONFAILED]"));
        }
        SUBCASE("unknown mechanism") {
            Client c(w);
            CHECK(c.send("a AUTHENTICATE CRAM-MD5").starts_with("a NO"));
        }
    }

    TEST_CASE("LOGINDISABLED until TLS when plaintext is refused") {
        World w;
        ServerConfig config;
        config.tlsAvailable = true;
        config.plaintextLoginAllowed = false;
        Client c(w, config);
        CHECK(c.greeting.find("STARTTLS") != std::string::npos);
        CHECK(c.greeting.find("LOGINDISABLED") != std::string::npos);
        CHECK(c.greeting.find("AUTH=PLAIN") == std::string::npos);
        CHECK(c.send("a LOGIN alice secret").starts_with("a NO [PRIVACYREQUIRED]"));
        CHECK(c.send("b STARTTLS") == "b OK Begin TLS negotiation now\r\n");
        c.session.tlsEstablished();
        const std::string caps = c.send("c CAPABILITY");
        CHECK(caps.find("LOGINDISABLED") == std::string::npos);
        CHECK(caps.find("STARTTLS") == std::string::npos);
        CHECK(caps.find("AUTH=PLAIN") != std::string::npos);
        CHECK(c.send("d LOGIN alice secret").starts_with("d OK"));
    }

    TEST_CASE("commands pipelined after STARTTLS are discarded, not obeyed") {
        World w;
        ServerConfig config;
        config.tlsAvailable = true;
        Client c(w, config);
        const std::string r = c.raw("a STARTTLS\r\nb LOGIN alice secret\r\nc SELECT INBOX\r\n");
        CHECK(r == "a OK Begin TLS negotiation now\r\n");
        CHECK(c.session.awaitingTls());
        CHECK(c.raw("x LOGIN alice secret\r\n").empty());  // plaintext before the handshake
        c.session.tlsEstablished();
        CHECK(c.session.state() == State::NotAuthenticated);
        CHECK(c.send("d NOOP") == "d OK NOOP completed\r\n");
    }

    TEST_CASE("STARTTLS without TLS configured is refused") {
        World w;
        Client c(w);
        CHECK(c.send("a STARTTLS").starts_with("a BAD"));
    }
}

TEST_SUITE("imap.server.core") {
    TEST_CASE("commands in the wrong state get BAD and the session goes on") {
        World w;
        Client c(w);
        CHECK(c.send("a SELECT INBOX").starts_with("a BAD Log in first"));
        CHECK(c.send("b FETCH 1 FLAGS").starts_with("b BAD"));
        c.login();
        CHECK(c.send("c FETCH 1 FLAGS").starts_with("c BAD No mailbox selected"));
        CHECK(c.send("d NOOP") == "d OK NOOP completed\r\n");
    }

    TEST_CASE("syntax errors and unknown commands get BAD with the tag") {
        World w;
        Client c(w);
        CHECK(c.send("a FROBNICATE").starts_with("a BAD"));
        CHECK(c.send("b LOGIN onlyuser").starts_with("b BAD"));
        CHECK(c.send("").starts_with("* BAD"));
        CHECK(c.send("c NOOP") == "c OK NOOP completed\r\n");
    }

    TEST_CASE("pipelined commands are answered in order, and one byte at a time gives the same") {
        const std::string input = "a CAPABILITY\r\nb LOGIN alice secret\r\nc NOOP\r\nd LOGOUT\r\n";
        World w1, w2;
        Client all(w1), bytes(w2);
        const std::string together = all.raw(input);
        std::string oneByOne;
        for (char ch : input) oneByOne += bytes.raw(std::string_view(&ch, 1));
        CHECK(together == oneByOne);
        const auto l = lines(together);
        REQUIRE(l.size() == 6);
        CHECK(l[1] == "a OK CAPABILITY completed");
        CHECK(l[2].starts_with("b OK"));
        CHECK(l[3] == "c OK NOOP completed");
        CHECK(l[5] == "d OK LOGOUT completed");
    }

    TEST_CASE("an oversized synchronizing literal is refused at once") {
        World w;
        Client c(w);
        const std::string r = c.send("a LOGIN alice {4294967295}");
        CHECK(r.starts_with("a NO [TOOBIG]"));
        CHECK(c.send("b NOOP") == "b OK NOOP completed\r\n");
    }

    TEST_CASE("an oversized non-synchronizing literal closes the connection") {
        World w;
        Client c(w);
        const std::string r = c.send("a LOGIN alice {4294967295+}");
        CHECK(r.find("* BYE") != std::string::npos);
        CHECK(c.last.close);
    }

    TEST_CASE("too many bad commands close the session") {
        World w;
        ServerConfig config;
        config.maxBadCommands = 3;
        Client c(w, config);
        c.send("a BOGUS");
        c.send("b BOGUS");
        const std::string r = c.send("c BOGUS");
        CHECK(r.find("* BYE Too many invalid commands") != std::string::npos);
        CHECK(c.last.close);
    }

    TEST_CASE("autologout after the idle time, not before") {
        World w;
        Client c(w);
        c.login();
        CHECK(c.session.tick(1795770000 + 60).toPeer.empty());
        CHECK(c.session.tick(1795770000 + 29 * 60).toPeer.empty());
        const Output o = c.session.tick(1795770000 + 31 * 60);
        CHECK(o.toPeer.starts_with("* BYE Autologout"));
        CHECK(o.close);
    }

    TEST_CASE("a dropped connection ends the session quietly") {
        World w;
        Client c(w);
        c.login();
        const Output o = c.session.disconnect();
        CHECK(o.toPeer.empty());
        CHECK(o.close);
        CHECK(c.session.state() == State::Logout);
    }
}

TEST_SUITE("imap.server.robustness") {
    TEST_CASE("random input never breaks the session: every reply is whole lines, and a fresh client still works") {
        // Fragments of real commands mixed with junk, split at random places.
        const std::vector<std::string> pieces = {
            "a LOGIN alice secret\r\n", "b SELECT INBOX\r\n", "c FETCH 1:* (FLAGS BODY.PEEK[HEADER])\r\n",
            "d STORE 1 +FLAGS (\\Seen)\r\n", "e SEARCH OR SEEN (NOT DELETED) TEXT x\r\n", "f APPEND INBOX {5}\r\n",
            "hello", "g IDLE\r\n", "DONE\r\n", "h UID MOVE 1:* Trash\r\n", "i EXPUNGE\r\n", "{99999999999}\r\n",
            "((((((((((", "\"unterminated", "\x01\x02\xff\xfe", "\r\n", "* OK fake\r\n", "j LIST \"\" *\r\n",
            "k AUTHENTICATE PLAIN\r\n", "*\r\n", "l CREATE a/b/c\r\n", "m RENAME a x/y\r\n", "n LOGOUT\r\n"};
        std::uint32_t seed = 12345;
        auto next = [&seed] {
            seed = seed * 1103515245u + 12345u;
            return (seed >> 16) & 0x7fff;
        };
        for (int run = 0; run < 200; ++run) {
            World w(4);
            Client c(w);
            std::string input;
            for (int i = 0; i < 12; ++i) input += pieces[next() % pieces.size()];
            std::string output;
            std::size_t pos = 0;
            while (pos < input.size()) {
                const std::size_t n = 1 + next() % 17;
                output += c.raw(std::string_view(input).substr(pos, n));
                pos += n;
            }
            CAPTURE(input);
            CHECK((output.empty() || output.ends_with("\r\n")));
            // The store is still consistent: UIDs ascend in every mailbox.
            for (const mail::Mailbox* box : w.alice->mailboxes())
                for (std::size_t i = 1; i < box->items().size(); ++i) CHECK(box->items()[i - 1].uid < box->items()[i].uid);
            Client fresh(w);
            CHECK(fresh.send("z LOGIN alice secret").starts_with("z OK"));
        }
    }
}
