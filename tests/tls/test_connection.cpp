// TLS connections over memory BIOs (RFC 8446 / 5246): handshake, data both ways at any
// split, what an eavesdropper sees, server verification, garbage and cut-off handshakes.
#include <doctest/doctest.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <ctime>
#include <random>
#include <string>

#include "protocols/tls/tls.h"

using namespace mailscope;
using tls::Connection;
using tls::Context;
using tls::Role;

namespace {

std::int64_t realNow() { return static_cast<std::int64_t>(std::time(nullptr)); }

// One self-signed certificate for the whole suite: key generation is the slow part.
const tls::Certificate& serverCert() {
    static const tls::Certificate cert = tls::makeSelfSigned(realNow() - 60);
    return cert;
}

std::shared_ptr<Context> serverContext(const tls::Certificate& cert = serverCert()) {
    std::string error;
    auto ctx = Context::server(cert, error);
    REQUIRE_MESSAGE(ctx, error);
    return ctx;
}

std::string randomBytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng() & 0xFF);
    return s;
}

// Moves ciphertext between `from` and `to`, `chunk` bytes per feed, keeping what an
// eavesdropper on the wire would see.
void carry(Connection& from, Connection& to, std::string& wire, std::size_t chunk) {
    std::string bytes = from.takeCiphertext();
    wire += bytes;
    for (std::size_t i = 0; i < bytes.size(); i += chunk) to.feedCiphertext(std::string_view(bytes).substr(i, chunk));
}

// A server and a client joined by an in-memory wire.
struct Link {
    Connection server;
    Connection client;
    std::string clientToServer;  ///< all ciphertext the client sent
    std::string serverToClient;  ///< all ciphertext the server sent

    explicit Link(std::shared_ptr<Context> clientCtx = Context::client(),
                  std::shared_ptr<Context> serverCtx = serverContext())
        : server(std::move(serverCtx), Role::Server), client(std::move(clientCtx), Role::Client) {}

    // Carries ciphertext both ways until neither side has anything to send.
    void exchange(std::size_t chunk = std::string::npos) {
        for (int round = 0; round < 10000; ++round) {
            std::size_t before = clientToServer.size() + serverToClient.size();
            carry(client, server, clientToServer, chunk);
            carry(server, client, serverToClient, chunk);
            if (clientToServer.size() + serverToClient.size() == before) return;
        }
        FAIL("the link never went quiet");
    }
};

// A plain OpenSSL client with a chosen highest version, to check what the server accepts.
struct RawClient {
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL* ssl = nullptr;
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());

    explicit RawClient(int maxVersion) {
        SSL_CTX_set_min_proto_version(ctx, 0);
        SSL_CTX_set_max_proto_version(ctx, maxVersion);
        SSL_CTX_set_security_level(ctx, 0);  // lets this client offer TLS 1.0/1.1
        SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
        ssl = SSL_new(ctx);
        SSL_set_bio(ssl, in, out);
        SSL_set_connect_state(ssl);
    }
    ~RawClient() {
        SSL_free(ssl);
        SSL_CTX_free(ctx);
        ERR_clear_error();
    }
    bool handshake() { return SSL_do_handshake(ssl) == 1; }
    std::string take() {
        std::string s;
        char buf[4096];
        int n;
        while ((n = BIO_read(out, buf, sizeof buf)) > 0) s.append(buf, static_cast<std::size_t>(n));
        return s;
    }
    void feed(const std::string& s) { BIO_write(in, s.data(), static_cast<int>(s.size())); }
};

}  // namespace

TEST_SUITE("tls") {
    TEST_CASE("handshake completes and plaintext goes both ways intact") {
        Link link;
        REQUIRE_FALSE(link.client.failed());
        link.exchange();
        REQUIRE_MESSAGE(link.client.handshakeDone(), link.client.error());
        REQUIRE_MESSAGE(link.server.handshakeDone(), link.server.error());
        CHECK(link.client.description().rfind("TLSv1.3 TLS_", 0) == 0);
        CHECK(link.server.description() == link.client.description());

        SUBCASE("short lines") {
            link.client.writePlaintext("a1 CAPABILITY\r\n");
            link.exchange();
            CHECK(link.server.readPlaintext() == "a1 CAPABILITY\r\n");
            CHECK(link.server.readPlaintext() == "");  // reading empties the buffer
            link.server.writePlaintext("* CAPABILITY IMAP4rev1\r\na1 OK done\r\n");
            link.exchange();
            CHECK(link.client.readPlaintext() == "* CAPABILITY IMAP4rev1\r\na1 OK done\r\n");
        }
        SUBCASE("1 MB each way") {
            const std::string up = randomBytes(1 << 20, 1);
            const std::string down = randomBytes(1 << 20, 2);
            link.client.writePlaintext(up);
            link.server.writePlaintext(down);
            link.exchange();
            CHECK(link.server.readPlaintext() == up);
            CHECK(link.client.readPlaintext() == down);
            CHECK_FALSE(link.client.failed());
            CHECK_FALSE(link.server.failed());
        }
        SUBCASE("ciphertext fed one byte at a time") {
            link.client.writePlaintext("+OK split me\r\n");
            link.server.writePlaintext(std::string(5000, 'x'));
            link.exchange(1);
            CHECK(link.server.readPlaintext() == "+OK split me\r\n");
            CHECK(link.client.readPlaintext() == std::string(5000, 'x'));
        }
    }

    TEST_CASE("a handshake fed one byte at a time completes") {
        Link link;
        link.client.writePlaintext("USER alice\r\n");  // held until the handshake is done
        link.exchange(1);
        REQUIRE(link.client.handshakeDone());
        REQUIRE(link.server.handshakeDone());
        CHECK(link.server.readPlaintext() == "USER alice\r\n");
    }

    TEST_CASE("the eavesdropper sees no plaintext on the wire") {
        const std::string secret = "a1 LOGIN alice correct-horse-battery-staple\r\n";
        const std::string reply = "* 1 FETCH (BODY[] {21}\r\nSubject: top secret\r\n)\r\n";
        Link link;
        link.client.writePlaintext(secret);
        link.exchange();
        link.server.writePlaintext(reply);
        link.exchange();
        REQUIRE(link.server.readPlaintext() == secret);
        REQUIRE(link.client.readPlaintext() == reply);
        CHECK_FALSE(link.clientToServer.empty());
        CHECK(link.clientToServer.find("correct-horse") == std::string::npos);
        CHECK(link.clientToServer.find("LOGIN") == std::string::npos);
        CHECK(link.serverToClient.find("top secret") == std::string::npos);
        CHECK(link.serverToClient.find("FETCH") == std::string::npos);
    }

    TEST_CASE("a client verifies the server against a trusted certificate") {
        SUBCASE("the server's own certificate: accepted") {
            Link link(Context::client(serverCert().certPem));
            link.exchange();
            CHECK_MESSAGE(link.client.handshakeDone(), link.client.error());
            CHECK(link.server.handshakeDone());
            CHECK_FALSE(link.client.failed());
        }
        SUBCASE("another certificate: rejected") {
            const tls::Certificate other = tls::makeSelfSigned(realNow() - 60);
            Link link(Context::client(other.certPem));
            link.exchange();
            CHECK(link.client.failed());
            CHECK_FALSE(link.client.handshakeDone());
            CHECK(link.client.error().find("certificate verify failed") != std::string::npos);
            CHECK_FALSE(link.server.handshakeDone());
            CHECK(link.server.failed());  // the client's alert ends the server side too
        }
        SUBCASE("a certificate not valid yet: rejected") {
            const tls::Certificate future = tls::makeSelfSigned(realNow() + 10 * 86400);
            Link link(Context::client(future.certPem), serverContext(future));
            link.exchange();
            CHECK(link.client.failed());
            CHECK(link.client.error().find("not yet valid") != std::string::npos);
        }
        SUBCASE("an unreadable trusted PEM trusts nothing") {
            Link link(Context::client(std::string("not a certificate")));
            link.exchange();
            CHECK(link.client.failed());
            CHECK_FALSE(link.client.handshakeDone());
        }
    }

    TEST_CASE("close_notify reaches the peer") {
        Link link;
        link.exchange();
        REQUIRE(link.client.handshakeDone());
        link.client.writePlaintext("QUIT\r\n");
        link.client.close();
        link.client.writePlaintext("dropped after close\r\n");
        link.exchange();
        CHECK_FALSE(link.client.failed());
        CHECK(link.server.readPlaintext() == "QUIT\r\n");
        CHECK(link.server.peerClosed());
        CHECK_FALSE(link.client.peerClosed());
        CHECK_FALSE(link.server.failed());
    }

    TEST_CASE("close before the handshake is done: the written data, then close_notify") {
        Link link;
        link.client.writePlaintext("a1 LOGOUT\r\n");
        link.client.close();
        link.client.writePlaintext("dropped\r\n");
        link.exchange();
        CHECK(link.client.handshakeDone());
        CHECK_FALSE(link.client.failed());
        CHECK(link.server.readPlaintext() == "a1 LOGOUT\r\n");
        CHECK(link.server.peerClosed());
        // The other direction stays open until the server closes too.
        link.server.writePlaintext("* BYE\r\n");
        link.server.close();
        link.exchange();
        CHECK(link.client.readPlaintext() == "* BYE\r\n");
        CHECK(link.client.peerClosed());
        CHECK_FALSE(link.server.failed());
    }

    TEST_CASE("the server speaks TLS 1.2 but nothing older") {
        auto server = serverContext();
        CHECK(SSL_CTX_get_min_proto_version(static_cast<SSL_CTX*>(server->native())) == TLS1_2_VERSION);
        CHECK(SSL_CTX_get_min_proto_version(static_cast<SSL_CTX*>(Context::client()->native())) == TLS1_2_VERSION);

        SUBCASE("TLS 1.2 client") {
            RawClient raw(TLS1_2_VERSION);
            Connection conn(server, Role::Server);
            for (int i = 0; i < 10 && !raw.handshake(); ++i) {
                conn.feedCiphertext(raw.take());
                raw.feed(conn.takeCiphertext());
            }
            conn.feedCiphertext(raw.take());
            CHECK(conn.handshakeDone());
            CHECK(conn.description().rfind("TLSv1.2 ", 0) == 0);
            CHECK(SSL_write(raw.ssl, "LIST\r\n", 6) == 6);
            conn.feedCiphertext(raw.take());
            CHECK(conn.readPlaintext() == "LIST\r\n");
        }
        SUBCASE("TLS 1.1 client") {
            RawClient raw(TLS1_1_VERSION);
            Connection conn(server, Role::Server);
            CHECK_FALSE(raw.handshake());
            std::string hello = raw.take();
            REQUIRE_FALSE(hello.empty());
            conn.feedCiphertext(hello);
            CHECK(conn.failed());
            CHECK_FALSE(conn.handshakeDone());
            CHECK(conn.error().find("unsupported protocol") != std::string::npos);
        }
    }

    TEST_CASE("garbage into a server fails cleanly") {
        auto ctx = serverContext();
        SUBCASE("random bytes, whole and in pieces") {
            for (unsigned seed = 1; seed <= 20; ++seed) {
                CAPTURE(seed);
                const std::string junk = randomBytes(70000, seed);
                Connection whole(ctx, Role::Server);
                whole.feedCiphertext(junk);
                CHECK(whole.failed());
                CHECK_FALSE(whole.error().empty());
                CHECK_FALSE(whole.handshakeDone());

                Connection pieces(ctx, Role::Server);
                std::mt19937 rng(seed);
                for (std::size_t i = 0; i < junk.size();) {
                    std::size_t n = 1 + rng() % 700;
                    pieces.feedCiphertext(std::string_view(junk).substr(i, n));
                    i += n;
                }
                CHECK(pieces.failed());
                // A failed connection takes more input and calls without harm.
                pieces.feedCiphertext(junk);
                pieces.writePlaintext("hello");
                pieces.close();
                CHECK(pieces.readPlaintext().empty());
                (void)pieces.takeCiphertext();
            }
        }
        SUBCASE("a plain-text client on the TLS port") {
            Connection conn(ctx, Role::Server);
            conn.feedCiphertext("a1 CAPABILITY\r\n");
            CHECK(conn.failed());
            CHECK(conn.error().find("error:") == 0);  // OpenSSL's error string
        }
        SUBCASE("a handshake record header over garbage") {
            Connection conn(ctx, Role::Server);
            conn.feedCiphertext(std::string("\x16\x03\x01\x00\x08", 5) + "garbage!");
            CHECK(conn.failed());
        }
    }

    TEST_CASE("garbage after the handshake fails the connection") {
        Link link;
        link.exchange();
        REQUIRE(link.server.handshakeDone());
        SUBCASE("into the server") {
            link.server.feedCiphertext(randomBytes(70000, 7));
            CHECK(link.server.failed());
            CHECK(link.server.readPlaintext().empty());
        }
        SUBCASE("into the client") {
            // A well-formed application-data record header with random content.
            link.client.feedCiphertext(std::string("\x17\x03\x03\x00\x40", 5) + randomBytes(64, 8));
            CHECK(link.client.failed());
            CHECK(link.client.error().find("error:") == 0);
        }
    }

    TEST_CASE("a flipped byte anywhere in the handshake makes a side fail") {
        // Every handshake byte is covered by a record header check, a parse or the
        // transcript hash in Finished, so a tampered flight never completes quietly;
        // except a record header's version, which RFC 8446 5.1 says "MUST be ignored for
        // all purposes". Records vary in length (ECDSA signatures do), so find them.
        auto isRecordVersionByte = [](const std::string& b, std::size_t at) {
            std::size_t pos = 0;
            while (pos + 5 <= b.size()) {
                if (at == pos + 1 || at == pos + 2) return true;
                pos += 5 + ((static_cast<std::size_t>(static_cast<unsigned char>(b[pos + 3])) << 8) |
                            static_cast<unsigned char>(b[pos + 4]));
            }
            return false;
        };
        auto ctx = serverContext();
        for (int flight = 0; flight < 2; ++flight) {
            Link probe(Context::client(), ctx);
            std::string hello = probe.client.takeCiphertext();
            probe.server.feedCiphertext(hello);
            const std::size_t size = flight == 0 ? hello.size() : probe.server.takeCiphertext().size();
            for (std::size_t at = 0; at < size; at += 5) {
                CAPTURE(flight);
                CAPTURE(at);
                Link link(Context::client(), ctx);
                std::string bytes = link.client.takeCiphertext();
                if (flight == 1) {
                    link.server.feedCiphertext(bytes);
                    bytes = link.server.takeCiphertext();
                }
                // The probe's flight may be a byte or two longer than this one (ECDSA
                // signatures vary in length): past this flight's end there is nothing to flip.
                if (at >= bytes.size()) continue;
                if (isRecordVersionByte(bytes, at)) continue;
                bytes[at] = static_cast<char>(bytes[at] ^ 0x5A);
                (flight == 0 ? link.server : link.client).feedCiphertext(bytes);
                link.exchange();
                CHECK_FALSE((link.client.handshakeDone() && link.server.handshakeDone() &&
                             !link.client.failed() && !link.server.failed()));
            }
        }
    }

    TEST_CASE("a handshake cut off in the middle waits without failing") {
        Link link;
        const std::string hello = link.client.takeCiphertext();
        REQUIRE(hello.size() > 10);
        SUBCASE("half a ClientHello") {
            link.server.feedCiphertext(hello.substr(0, hello.size() / 2));
            CHECK_FALSE(link.server.handshakeDone());
            CHECK_FALSE(link.server.failed());
            CHECK(link.server.takeCiphertext().empty());
        }
        SUBCASE("half the server's answer") {
            link.server.feedCiphertext(hello);
            const std::string answer = link.server.takeCiphertext();
            REQUIRE(answer.size() > 10);
            link.client.feedCiphertext(answer.substr(0, answer.size() / 2));
            CHECK_FALSE(link.client.handshakeDone());
            CHECK_FALSE(link.client.failed());
            CHECK_FALSE(link.server.handshakeDone());
            link.client.writePlaintext("held");
            CHECK(link.client.readPlaintext().empty());
        }
    }

    TEST_CASE("a connection without a context reports it") {
        Connection conn(nullptr, Role::Client);
        CHECK(conn.failed());
        conn.feedCiphertext("x");
        CHECK(conn.takeCiphertext().empty());
    }
}
