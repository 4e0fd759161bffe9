// What an IMAP server session reports besides the bytes it sends: typed events for the
// transcript, the lessons and the app (RFC 3501 states, RFC 2177 IDLE, STARTTLS).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

namespace mailscope::imap {

/// Why a login attempt failed.
enum class AuthFailure {
    BadCredentials,       ///< unknown user or wrong password ([AUTHENTICATIONFAILED], RFC 5530)
    PlaintextDisallowed,  ///< LOGIN / AUTHENTICATE PLAIN before TLS while plaintext is refused
    Cancelled,            ///< the client answered the SASL challenge with "*"
    MalformedResponse,    ///< the SASL response was not base64 or not a PLAIN message
    UnsupportedMechanism, ///< AUTHENTICATE with a mechanism other than PLAIN
};

/// Why the session ended.
enum class CloseReason {
    Logout,          ///< the client sent LOGOUT
    Autologout,      ///< idle longer than ServerConfig::autologoutSeconds (RFC 3501 5.4)
    TooManyErrors,   ///< ServerConfig::maxBadCommands BAD responses
    Dropped,         ///< the connection went away (disconnect())
    Fatal,           ///< the input could no longer be followed (e.g. an oversized {n+} literal)
    MailboxDeleted,  ///< the selected mailbox was deleted by another session
};

/// A complete command arrived: its tag and name (no arguments, so no secrets). How the
/// line is shown, secrets masked, is the host's one rule (sim HostedSession::shownClientText).
struct CommandReceived {
    std::string tag;
    std::string name;  ///< canonical, e.g. "UID FETCH"
};
/// Login succeeded; the session is in the authenticated state.
struct Authenticated {
    std::string user;
    std::string mechanism;  ///< "LOGIN" or "PLAIN"
};
struct AuthFailed {
    std::string user;  ///< as given (may be empty)
    AuthFailure reason = AuthFailure::BadCredentials;
};
/// SELECT or EXAMINE succeeded.
struct MailboxSelected {
    std::string mailbox;  ///< UTF-8 name
    bool readOnly = false;
};
/// The selected mailbox was left (CLOSE, UNSELECT, a failed SELECT).
struct MailboxDeselected {};
/// IDLE began: updates are now pushed as they happen (RFC 2177).
struct IdleStarted {};
/// DONE ended IDLE.
struct IdleEnded {};
/// STARTTLS accepted: the host must start the TLS handshake, then call tlsEstablished().
struct TlsRequested {};
/// The session ended; Output::close is set with it.
struct SessionClosed {
    CloseReason reason = CloseReason::Logout;
};
/// The tagged response to a command was sent.
struct CommandCompleted {
    std::string tag;
    std::string status;  ///< "OK", "NO" or "BAD"
    std::string code;    ///< the response code without brackets, or ""
};

/// What a session tells its client of a change another session made (RFC 3501 5.2, 7.4.1).
enum class UpdateKind {
    Exists,   ///< a new message ("* n EXISTS")
    Expunge,  ///< a removed message ("* n EXPUNGE")
    Flags,    ///< changed flags ("* n FETCH (FLAGS ...)")
};
struct Update {
    UpdateKind kind = UpdateKind::Flags;
    std::uint32_t uid = 0;
    friend bool operator==(const Update&, const Update&) = default;
};
/// Untagged updates were sent to the client (at a command's end or pushed in IDLE).
struct UpdatesSent {
    std::string mailbox;           ///< UTF-8 name of the selected mailbox
    std::vector<Update> updates;   ///< in the order sent
};

/// A client mistake answered with BAD or NO (bad syntax, wrong state, no such mailbox...).
struct ProtocolError {
    std::string text;  ///< the response line without CRLF
};

using Event = std::variant<CommandReceived, Authenticated, AuthFailed, MailboxSelected, MailboxDeselected, IdleStarted,
                           IdleEnded, TlsRequested, SessionClosed, ProtocolError, CommandCompleted, UpdatesSent>;

std::ostream& operator<<(std::ostream& os, AuthFailure reason);
std::ostream& operator<<(std::ostream& os, CloseReason reason);
std::ostream& operator<<(std::ostream& os, const Event& event);

/// What one call into a server session produced.
struct Output {
    std::string toPeer;         ///< bytes to send to the client, in order
    std::vector<Event> events;  ///< what happened, in order
    bool close = false;         ///< the host must close the connection after sending toPeer
};
std::ostream& operator<<(std::ostream& os, const Output& output);

}  // namespace mailscope::imap
