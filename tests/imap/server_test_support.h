// Test support for IMAP server sessions: a store with an account and a few messages,
// and a session wrapper that sends lines and returns what the server answered.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/imap/server_session.h"

namespace mailscope::imap::testing {

/// A store with alice / secret and `messages` small messages in INBOX.
struct World {
    explicit World(int messages = 3);
    mail::MailStore store;
    mail::Account* alice = nullptr;
    /// Delivers one more message to INBOX (as new mail arriving); returns its UID.
    std::uint32_t deliver(const std::string& subject);
};

/// One client connection to a server session.
struct Client {
    Client(World& world, ServerConfig config = {});
    /// Sends bytes exactly as given; returns everything the server wrote.
    std::string raw(std::string_view bytes);
    /// Sends "line\r\n".
    std::string send(std::string_view line) { return raw(std::string(line) + "\r\n"); }
    /// LOGIN alice secret; REQUIREs success.
    void login();
    /// login() then SELECT INBOX; REQUIREs success.
    void select(std::string_view mailbox = "INBOX");

    World& world;
    ServerSession session;
    std::string greeting;
    Output last;  ///< the last Output, events included
};

/// The lines of a response, CRLF removed.
std::vector<std::string> lines(std::string_view text);
/// True if text contains the line exactly.
bool hasLine(std::string_view text, std::string_view line);

}  // namespace mailscope::imap::testing
