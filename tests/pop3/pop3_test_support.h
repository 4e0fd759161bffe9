// Shared helpers for the POP3 suites: a small MailStore with known messages, and ways
// to drive a ServerSession (whole chunks or one byte at a time) and a ClientEngine.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/mail/mail_store.h"
#include "protocols/pop3/client_engine.h"
#include "protocols/pop3/server_session.h"

namespace pop3test {

using namespace mailscope;
using namespace mailscope::pop3;

inline constexpr core::Time kNow = 1'700'000'000;

// Lines starting with "." (a lone "." too) exercise dot-stuffing.
inline const std::string kDotty =
    "From: Bob <bob@example.com>\r\n"
    "To: alice@mailscope.test\r\n"
    "Subject: Dots\r\n"
    "\r\n"
    "Hi Alice,\r\n"
    ".this line starts with a dot\r\n"
    "..and this with two\r\n"
    ".\r\n"
    "last line\r\n";
// No CRLF at the very end.
inline const std::string kNoFinalCrlf =
    "From: Carol <carol@example.com>\r\n"
    "Subject: Unterminated\r\n"
    "\r\n"
    "first\r\n"
    "second, without line end";
inline const std::string kPlain =
    "From: Dave <dave@example.com>\r\n"
    "Subject: Three lines\r\n"
    "\r\n"
    "line 1\r\n"
    "line 2\r\n"
    "line 3\r\n";

/// A store with alice (password "secret", three messages) and bob ("hunter2", none).
struct World {
    mail::MailStore store{7};
    mail::Account* alice = nullptr;
    mail::Account* bob = nullptr;
    std::vector<std::uint32_t> uids;

    World() {
        alice = &store.addAccount("alice", "secret");
        bob = &store.addAccount("bob", "hunter2");
        for (const auto* text : {&kDotty, &kNoFinalCrlf, &kPlain})
            uids.push_back(store.append(*alice, alice->inbox(), mail::Message::fromBytes(*text, kNow)));
    }

    std::size_t inboxSize() const { return std::as_const(*alice).inbox().size(); }
    std::string uidl(std::size_t index) const {
        return std::to_string(std::as_const(*alice).inbox().uidValidity()) + "." + std::to_string(uids.at(index));
    }
};

inline std::unique_ptr<ServerSession> makeSession(World& w, ServerConfig config = {}, mail::SessionId id = 0) {
    if (id == 0) id = w.store.newSessionId();
    return std::make_unique<ServerSession>(w.store, std::move(config), id, kNow);
}

/// Appends b to a (bytes, events, close) so that outputs of several calls compare as one.
inline void merge(Output& a, Output b) {
    a.toPeer += b.toPeer;
    for (auto& e : b.events) a.events.push_back(std::move(e));
    a.close = a.close || b.close;
}

/// Feeds the bytes one at a time.
inline Output feedBytewise(ServerSession& s, std::string_view bytes) {
    Output all;
    for (char c : bytes) merge(all, s.receive(std::string_view(&c, 1)));
    return all;
}

inline std::string str(const Output& o) {
    std::ostringstream os;
    os << o;
    return os.str();
}

template <class E>
std::vector<E> eventsOf(const Output& o) {
    std::vector<E> out;
    for (const auto& e : o.events)
        if (const auto* p = std::get_if<E>(&e)) out.push_back(*p);
    return out;
}

template <class E>
std::vector<E> eventsOf(const std::vector<ClientEvent>& events) {
    std::vector<E> out;
    for (const auto& e : events)
        if (const auto* p = std::get_if<E>(&e)) out.push_back(*p);
    return out;
}

/// A started session logged in as alice with USER/PASS.
inline std::unique_ptr<ServerSession> loggedIn(World& w, ServerConfig config = {}) {
    auto s = makeSession(w, std::move(config));
    s->start();
    const Output out = s->receive("USER alice\r\nPASS secret\r\n");
    REQUIRE_MESSAGE(s->state() == State::Transaction, str(out));
    return s;
}

/// A client engine wired to a server session in memory.
struct Link {
    World& world;
    std::unique_ptr<ServerSession> server;
    ClientEngine client;
    std::vector<ClientEvent> greeting;

    explicit Link(World& w, ServerConfig config = {}) : world(w), server(makeSession(w, std::move(config))) {
        greeting = client.receive(server->start().toPeer);
    }
    /// Sends one command and returns the client's events for the server's answer.
    std::vector<ClientEvent> run(const Command& command) { return client.receive(server->receive(client.send(command)).toPeer); }
};

/// A small deterministic generator for the "random input never crashes" tests.
struct Lcg {
    std::uint64_t state;
    std::uint32_t next(std::uint32_t bound) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>((state >> 33) % bound);
    }
    /// Vocabulary lines, line ends and raw bytes (NUL, CR, LF, 8-bit) mixed.
    std::string noise(const std::vector<std::string>& vocabulary, std::size_t pieces) {
        std::string out;
        for (std::size_t i = 0; i < pieces; ++i) {
            switch (next(4)) {
                case 0:
                    for (std::uint32_t n = next(400); n > 0; --n) out += static_cast<char>(next(256));
                    break;
                case 1: out += next(2) ? "\r\n" : "\n"; break;
                default: out += vocabulary[next(static_cast<std::uint32_t>(vocabulary.size()))] + "\r\n"; break;
            }
        }
        return out;
    }
};

inline std::string str(const std::vector<ClientEvent>& events) {
    std::ostringstream os;
    for (const auto& e : events) os << e << '\n';
    return os.str();
}

}  // namespace pop3test
