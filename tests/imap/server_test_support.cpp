// Test support for IMAP server sessions.
#include "server_test_support.h"

#include <doctest/doctest.h>

namespace mailscope::imap::testing {

World::World(int messages) {
    alice = &store.addAccount("alice", "secret");
    for (int i = 1; i <= messages; ++i) deliver("Message " + std::to_string(i));
}

std::uint32_t World::deliver(const std::string& subject) {
    const std::string bytes = "From: Bob <bob@example.com>\r\nTo: alice@example.com\r\nSubject: " + subject +
                              "\r\nDate: Fri, 27 Nov 2026 09:00:00 +0000\r\n\r\nHello from " + subject + "\r\n";
    return store.append(*alice, alice->inbox(), mail::Message::fromBytes(bytes, 1795770000));
}

Client::Client(World& w, ServerConfig config) : world(w), session(w.store, std::move(config), w.store.newSessionId(), 1795770000) {
    greeting = session.start().toPeer;
}

std::string Client::raw(std::string_view bytes) {
    last = session.receive(bytes);
    return last.toPeer;
}

void Client::login() {
    const std::string r = send("l1 LOGIN alice secret");
    REQUIRE(r.find("l1 OK") != std::string::npos);
}

void Client::select(std::string_view mailbox) {
    login();
    const std::string r = send("s1 SELECT " + std::string(mailbox));
    REQUIRE(r.find("s1 OK") != std::string::npos);
}

std::vector<std::string> lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find("\r\n", pos);
        if (end == std::string_view::npos) {
            out.emplace_back(text.substr(pos));
            break;
        }
        out.emplace_back(text.substr(pos, end - pos));
        pos = end + 2;
    }
    return out;
}

bool hasLine(std::string_view text, std::string_view line) {
    for (const auto& l : lines(text))
        if (l == line) return true;
    return false;
}

}  // namespace mailscope::imap::testing
