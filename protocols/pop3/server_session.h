// A POP3 server session, sans-I/O: RFC 1939 (AUTHORIZATION, TRANSACTION, UPDATE),
// RFC 2449 CAPA and response codes, RFC 5034 AUTH PLAIN, RFC 2595 STLS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/core/limits.h"
#include "protocols/core/time.h"
#include "protocols/mail/mail_store.h"
#include "protocols/pop3/events.h"
#include "protocols/pop3/wire.h"

namespace mailscope::pop3 {

struct ServerConfig {
    std::string hostname = "mailscope.test";   ///< in the greeting and the APOP timestamp
    std::string implementation = "mailscope";  ///< CAPA IMPLEMENTATION (RFC 2449 §6.9)
    std::size_t maxLineLength = core::limits::kPop3Line;  ///< RFC 2449 §4: 255 octets including CRLF
    std::size_t maxSaslLineLength = core::limits::kPop3SaslLine;  ///< a SASL response line after "+ " (not a command)
    int maxBadCommands = 10;                   ///< then "-ERR too many errors" and close; <= 0: no limit
    /// Failed logins (wrong user or password) after which "-ERR [AUTH] too many failed
    /// logins" closes the connection; <= 0: no limit.
    int maxFailedLogins = core::limits::kMaxFailedLogins;
    core::Time autologoutSeconds = 600;        ///< RFC 1939 §3: at least 10 minutes
    bool tlsAvailable = false;                 ///< advertise/accept STLS (RFC 2595); TLS is the host's job
    bool plaintextAuthAllowed = true;          ///< false: USER/PASS and AUTH PLAIN need TLS first
    bool maskSecrets = true;                   ///< mask passwords in CommandReceived events
};

/// The RFC 1939 session states (plus the end).
enum class State {
    Authorization,  ///< greeting sent; waiting for USER/PASS, APOP or AUTH
    Transaction,    ///< logged in, maildrop locked, working on the INBOX snapshot
    Update,         ///< QUIT received: deleting marked messages (only inside the QUIT call)
    Closed,         ///< the session is over; nothing more is read
};
std::ostream& operator<<(std::ostream& os, State state);

/// One message as this session sees it: numbered 1..n at login, for the whole session.
struct SessionMessage {
    std::uint32_t uid = 0;                          ///< the INBOX UID (for UPDATE and UIDL)
    std::shared_ptr<const mail::Message> message;   ///< kept alive even if expunged over IMAP
    bool deleted = false;                           ///< marked by DELE, cleared by RSET
};

/// The UIDL unique id (RFC 1939 7) of the INBOX message `uid`: "UIDVALIDITY.UID", never
/// reused in this maildrop since UIDVALIDITY changes whenever UIDs could be.
std::string uniqueIdFor(std::uint32_t uidValidity, std::uint32_t uid);

/// The masked form of a command line for transcripts: "PASS ********",
/// "AUTH PLAIN ********", and a SASL response line as "********" ("*" stays "*").
std::string maskedCommandLine(std::string_view line, bool saslResponse = false);

class ServerSession {
public:
    /// The store must outlive the session.
    ServerSession(mail::MailStore& store, ServerConfig config, mail::SessionId id, core::Time now);
    /// Releases the maildrop lock if held; deletes nothing.
    ~ServerSession();
    ServerSession(const ServerSession&) = delete;
    ServerSession& operator=(const ServerSession&) = delete;

    /// The greeting: "+OK <implementation> POP3 server ready <id.time@hostname>".
    Output start();
    /// Bytes from the client, split anywhere; several pipelined commands are answered in order.
    Output receive(std::string_view bytes);
    /// Autologout: idle for autologoutSeconds (RFC 1939 §3) closes without deleting.
    /// Activity seen by receive() counts from the first tick after it, so the session is
    /// never logged out early.
    Output tick(core::Time now);
    /// The connection dropped: no UPDATE, nothing deleted, lock released.
    Output disconnect();
    /// The host finished the TLS handshake that STLS asked for; reading resumes.
    void tlsEstablished();

    State state() const { return m_state; }

    // [SECTION] read-only views for the app and the tests
    mail::SessionId id() const { return m_id; }
    const ServerConfig& config() const { return m_config; }
    /// The logged-in account, or nullptr before login.
    const mail::Account* account() const { return m_account; }
    /// The INBOX snapshot taken at login (index + 1 is the message number).
    const std::vector<SessionMessage>& messages() const { return m_messages; }
    /// The RFC 1939 §7 timestamp from the greeting, e.g. "<3.1700000000@mailscope.test>".
    const std::string& apopTimestamp() const { return m_timestamp; }
    bool tlsActive() const { return m_tlsActive; }
    /// STLS was accepted and the handshake has not finished; input is being discarded.
    bool awaitingTls() const { return m_awaitingTls; }
    /// The next line answers an AUTH challenge (a SASL response, RFC 5034 4).
    bool saslPending() const { return m_saslPending; }
    /// -ERR answers counted towards maxBadCommands.
    int badCommands() const { return m_badCommands; }

private:
    // One command handler; defined with the command table in commands.cpp.
    using Handler = void (ServerSession::*)(Output&, const std::vector<std::string_view>& args,
                                            std::string_view rest);
    struct CommandSpec;
    static const CommandSpec* findCommand(std::string_view keyword);

    void handleLine(Output& out, std::string_view line);
    void handleCommand(Output& out, std::string_view line);
    void handleSaslResponse(Output& out, std::string_view line);

    // [SECTION] handlers (commands.cpp), in RFC order
    void cmdUser(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdPass(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdApop(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdAuth(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdStls(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdCapa(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdQuit(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdStat(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdList(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdRetr(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdDele(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdNoop(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdRset(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdTop(Output&, const std::vector<std::string_view>&, std::string_view);
    void cmdUidl(Output&, const std::vector<std::string_view>&, std::string_view);

    // [SECTION] helpers shared by the handlers (commands.cpp)
    /// The one "no such message" helper: the index of a visible message, or -ERR sent.
    std::optional<std::size_t> findMessage(Output& out, std::string_view arg);
    void ok(Output& out, std::string_view text);
    /// Answers -ERR text, records a ProtocolError and counts a bad command.
    void fail(Output& out, std::string_view text);
    /// Answers -ERR [AUTH]/[IN-USE] ..., records AuthFailed and counts a bad command.
    void failLogin(Output& out, std::string_view user, AuthFailure reason);
    /// The shared end of fail/failLogin: records the event, counts the bad command, and
    /// answers "-ERR text", or closes with "-ERR too many errors" when that was the last one.
    void reject(Output& out, std::string_view text, Event event);
    /// The account if the password is right, else nullptr.
    mail::Account* checkPassword(std::string_view user, std::string_view password);
    /// Logs in `account` (null: bad credentials): takes the maildrop lock, snapshots INBOX.
    void login(Output& out, std::string_view user, std::string_view mechanism, mail::Account* account);
    /// RFC 5034 §4 / RFC 4616: checks a base64 PLAIN response and logs in or fails.
    void authenticatePlain(Output& out, std::string_view base64);
    bool plaintextBlocked() const { return !m_config.plaintextAuthAllowed && !m_tlsActive; }
    std::string uniqueId(const SessionMessage& m) const;
    void close(Output& out, CloseReason reason);
    void releaseLock();

    mail::MailStore& m_store;
    ServerConfig m_config;
    mail::SessionId m_id;
    State m_state = State::Authorization;
    std::string m_timestamp;
    LineReader m_reader;

    core::Time m_lastActivity;
    bool m_activitySinceTick = false;
    int m_badCommands = 0;
    int m_failedLogins = 0;

    std::string m_pendingUser;       // from USER, waiting for PASS
    bool m_haveUser = false;
    bool m_saslPending = false;      // "+ " sent for AUTH PLAIN, waiting for the response
    bool m_tlsActive = false;
    bool m_awaitingTls = false;      // STLS accepted, handshake not finished: discard input

    mail::Account* m_account = nullptr;
    bool m_locked = false;
    std::uint32_t m_uidValidity = 0;  // INBOX's, at login (part of UIDL unique ids)
    std::vector<SessionMessage> m_messages;
};

}  // namespace mailscope::pop3
