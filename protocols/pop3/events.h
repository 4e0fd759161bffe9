// What a POP3 server session reports besides the bytes it sends: typed events for the
// transcript, the lessons and the app (RFC 1939 states, RFC 2595 STLS, RFC 5034 AUTH).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace mailscope::pop3 {

/// Why a login attempt did not lead to the TRANSACTION state.
enum class AuthFailure {
    BadCredentials,       ///< unknown user, wrong password, wrong APOP digest, bad PLAIN authzid
    MaildropInUse,        ///< credentials were right but another session holds the lock ([IN-USE])
    PlaintextDisallowed,  ///< USER/PASS or AUTH PLAIN before TLS while plaintext is not allowed
    Cancelled,            ///< the client answered a SASL challenge with "*" (RFC 5034 §4)
    MalformedResponse,    ///< the SASL response was not base64 or not a PLAIN message
};

/// Why the session ended.
enum class CloseReason {
    Quit,           ///< the client sent QUIT (after UPDATE, if it was in TRANSACTION)
    Autologout,     ///< idle longer than ServerConfig::autologoutSeconds (RFC 1939 §3)
    TooManyErrors,  ///< ServerConfig::maxBadCommands errors
    Dropped,        ///< the connection went away (disconnect()); nothing is deleted
};

/// A complete command line arrived; secrets (PASS, AUTH initial response, SASL
/// responses) are masked unless ServerConfig::maskSecrets is off.
struct CommandReceived {
    std::string line;
};
/// Login succeeded; the maildrop is locked and the session is in TRANSACTION.
struct Authenticated {
    std::string user;
    std::string mechanism;  ///< "USER", "APOP" or "PLAIN"
};
/// A login attempt failed.
struct AuthFailed {
    std::string user;  ///< as given (may be empty or unknown)
    AuthFailure reason = AuthFailure::BadCredentials;
};
/// RETR sent a whole message (TOP does not count: it is not a retrieval).
struct MessageRetrieved {
    std::size_t msgno = 0;
    std::uint32_t uid = 0;
};
/// DELE marked a message; it is removed only in the UPDATE state.
struct MarkedDeleted {
    std::size_t msgno = 0;
    std::uint32_t uid = 0;
};
/// RSET took the deletion mark off `unmarked` messages.
struct MarksReset {
    std::size_t unmarked = 0;
};
/// QUIT from TRANSACTION: the UPDATE state removed these UIDs from INBOX (UIDs that had
/// already gone, e.g. expunged over IMAP meanwhile, are not listed).
struct UpdateApplied {
    std::vector<std::uint32_t> expunged;
};
/// STLS accepted: the host must start the TLS handshake and then call tlsEstablished().
struct TlsRequested {};
/// The session ended; Output::close is set with it.
struct SessionClosed {
    CloseReason reason = CloseReason::Quit;
};
/// A client mistake answered with -ERR (unknown command, wrong state, bad argument,
/// no such message, line too long, ...). `text` is the -ERR text.
struct ProtocolError {
    std::string text;
};

/// The server answered: +OK or -ERR, with the RFC 2449 response code if any ("IN-USE").
/// The greeting is an answer too (to no command).
struct Replied {
    bool ok = true;
    std::string code;
};

using Event = std::variant<CommandReceived, Authenticated, AuthFailed, MessageRetrieved, MarkedDeleted, MarksReset,
                           UpdateApplied, TlsRequested, SessionClosed, ProtocolError, Replied>;

std::ostream& operator<<(std::ostream& os, AuthFailure reason);
std::ostream& operator<<(std::ostream& os, CloseReason reason);
std::ostream& operator<<(std::ostream& os, const Event& event);

/// What one call into a server session produced.
struct Output {
    std::string toPeer;         ///< bytes to send to the client, in order
    std::vector<Event> events;  ///< what happened, in order
    bool close = false;         ///< the host must close the connection after sending toPeer

    /// Appends an event. (Built in place: GCC 12 warns falsely about push_back of a
    /// temporary variant here, -Wmaybe-uninitialized.)
    template <class E>
    void emit(E event) {
        events.emplace_back(std::in_place_type<E>, std::move(event));
    }
};
std::ostream& operator<<(std::ostream& os, const Output& output);

}  // namespace mailscope::pop3
